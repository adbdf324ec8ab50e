from tests.web.conftest import sign_in


def test_pages_redirect_to_sign_in_and_api_says_401(anonymous):
    page = anonymous.get("/status")
    assert page.status_code == 302 and "/sign-in" in page.headers["Location"]
    api = anonymous.get("/api/openapi.json")
    assert api.status_code == 401 and api.get_json()["error"] == "unauthorised"


def test_sign_in_with_the_right_password_then_sign_out(anonymous):
    response = sign_in(anonymous, "analyst")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = anonymous.get("/", follow_redirects=True)
    assert "Signed in as Test Analyst (Analyst)" in home.get_data(as_text=True)
    assert home.request.path == "/cohorts"  # analysts do not search: they start from the saved cohorts
    page = anonymous.get("/", follow_redirects=True).get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert anonymous.post("/sign-out", data={"csrf_token": token}).status_code == 302
    assert anonymous.get("/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(anonymous):
    response = sign_in(anonymous, "analyst", "wrong")
    assert response.status_code == 401
    assert "The username or password is not right" in response.get_data(as_text=True)
    assert sign_in(anonymous, "nobody", "wrong").status_code == 401


def test_sign_in_without_csrf_token_is_refused(anonymous):
    response = anonymous.post("/sign-in", data={"username": "analyst", "password": "x"})
    assert response.status_code in (400, 401)
    assert anonymous.get("/").status_code == 302


def test_next_parameter_only_redirects_within_the_site(anonymous):
    page = anonymous.get("/sign-in").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {"username": "analyst", "password": "correct horse battery staple", "csrf_token": token}
    response = anonymous.post("/sign-in?next=//evil.example/", data=data)
    assert response.headers["Location"] == "/"


def test_openapi_lists_the_endpoints(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "familygraph API"
