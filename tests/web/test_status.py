import pytest

from app import create_app
from graph import open_store
from tests.fixtures.contract_graph import load_contract_graph


@pytest.fixture
def client(tmp_path):
    store = open_store(f"embedded:{tmp_path}", apply_schema=True)
    load_contract_graph(store)
    app = create_app({"GRAPH_STORE": store, "TESTING": True})
    yield app.test_client()
    store.close()


def test_health_check(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "engine": "ladybug"}


def test_status_page_reports_engine_counts_and_freshness(client):
    html = client.get("/status").get_data(as_text=True)
    assert "embedded LadybugDB" in html
    assert "<td>Person</td><td>7</td>" in html
    assert "Children&#39;s social care: correct as of 2026-11-01" in html
