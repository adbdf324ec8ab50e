def test_health_check_needs_no_sign_in(anonymous):
    assert anonymous.get("/healthz").get_json() == {"status": "ok", "engine": "ladybug"}


def test_status_page_reports_engine_counts_and_freshness(client):
    html = client.get("/status").get_data(as_text=True)
    assert "embedded LadybugDB" in html
    assert "Person</td>" in html and ">7</td>" in html
    assert "Children&#39;s social care</td>" in html and "1 November 2026" in html
