"""The access policy enforced on the running app, generated from policy/access.yaml.

Every (role, endpoint) cell of the policy is requested as that role: refused (403) when the policy denies it,
anything but 403 when it allows it; every endpoint of the app must have a policy entry, so a new page without a
decision in the policy fails here. Then, on the fixture family (with a few additions made below), what each role
may see of Ben Jones's adult mental health involvement, police notifications (capped per source), a child's
adult-services record (age gating) and a restricted grandmother, in the HTML pages and in the JSON API alike.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import url_for

from app.auth import OPEN_ENDPOINTS
from app.policy import load_policy
from app.users import ROLES as ROLE_NAMES
from tests.fixtures.contract_graph import CANDIDATES, EPISODES, PEOPLE, SERVICES

POLICY = load_policy()
ROLES = list(POLICY.roles)
TODAY = dt.date.today()

# Values for the endpoints' path parameters (from the fixture family), and query strings some endpoints need.
EXAMPLE_PATH_VALUES = {
    "person_id": "P3",
    "pair_key": CANDIDATES[1]["pair_key"],
    "filename": "favicon.svg",
    "cohort": "open_csc_without_lead_practitioner",
    "chart": "co_involvement",
    "table": "freshness",
}
EXAMPLE_QUERIES = {"pages.search": {"q": "Smith"}, "api.search_api": {"q": "Smith"}}
ENDS_THE_SESSION = "auth.sign_out"  # requested last, since it signs the user out


def endpoints_of(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def request_for(app, endpoint: str) -> tuple[str, str]:
    """(method, url) to request `endpoint` with example values: GET when it answers GET, else its one method."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]
    assert rules, f"policy/access.yaml names {endpoint}, which is not an endpoint of the app"
    rule = rules[0]
    missing = sorted(set(rule.arguments) - set(EXAMPLE_PATH_VALUES))
    assert not missing, f"{endpoint}: add an example value for {', '.join(missing)} to EXAMPLE_PATH_VALUES"
    with app.test_request_context():
        values = {name: EXAMPLE_PATH_VALUES[name] for name in rule.arguments}
        url = url_for(endpoint, **values, **EXAMPLE_QUERIES.get(endpoint, {}))
    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    return ("GET" if "GET" in methods else methods[0]), url


def csrf_token(client) -> str:
    for page in ("/status", "/sign-in"):
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).get_data(as_text=True))
        if found:
            return found.group(1)
    raise AssertionError("no page with a CSRF token to post with")


def send(client, method: str, url: str, token: str):
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={"csrf_token": token})


def give_reasons(client, *person_ids: str) -> None:
    """Answer the reason-for-access question for these people in this session, where the app asks it (the first
    reason offered; the reason page itself is covered by the audit tests)."""
    token = csrf_token(client)
    for person_id in person_ids:
        form = client.get(f"/people/{person_id}/reason")
        if form.status_code != 200:
            continue  # no such page, or the role may not open it: then the person's pages refuse anyway
        inputs = re.findall(r"<input[^>]*>", form.get_data(as_text=True))
        codes = [re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs if 'name="reason"' in tag]
        client.post(f"/people/{person_id}/reason", data={"reason": codes[0], "detail": "test", "csrf_token": token})


def signed_in(client_as, role: str, *person_ids: str):
    client = client_as(role)
    give_reasons(client, *person_ids)
    return client


def signed_out(response) -> bool:
    return response.status_code == 401 or (
        response.status_code == 302 and "/sign-in?next=" in response.headers.get("Location", "")
    )


# -- every endpoint has a policy entry, and every entry is an endpoint ---------------------------------------------
def test_every_endpoint_of_the_app_has_a_policy_entry(app):
    missing = sorted(endpoints_of(app) - set(POLICY.pages))
    assert not missing, f"add these endpoints to `pages` in policy/access.yaml: {', '.join(missing)}"


def test_every_policy_entry_is_an_endpoint_of_the_app(app):
    stale = sorted(set(POLICY.pages) - endpoints_of(app))
    assert not stale, f"policy/access.yaml lists endpoints the app does not have: {', '.join(stale)}"


# -- role x page: every cell -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_pages_the_policy_gives_it(app, client_as, role):
    client = signed_in(client_as, role, EXAMPLE_PATH_VALUES["person_id"])
    token = csrf_token(client)
    problems = []
    for endpoint in sorted(POLICY.pages, key=lambda e: (e == ENDS_THE_SESSION, e)):
        method, url = request_for(app, endpoint)
        response = send(client, method, url, token)
        cell = f"{role} × {endpoint} ({method} {url}): {response.status_code}"
        if POLICY.allowed(role, endpoint):
            if response.status_code == 403:
                why = (response.get_json(silent=True) or {}).get("message", "")
                problems.append(f"{cell}, but the policy allows it {why}".rstrip())
            elif signed_out(response):
                problems.append(f"{cell}: sent to sign in, so the cell was not tested")
            elif response.status_code >= 500:
                problems.append(f"{cell}: a server error")
        elif response.status_code != 403:
            problems.append(f"{cell}, but the policy refuses it (expected 403)")
        elif url.startswith("/api/") and (response.get_json() or {}).get("error") != "forbidden":
            problems.append(f"{cell}: the API's refusal is not JSON with error 'forbidden'")
    assert not problems, "\n".join(problems)


def test_signed_out_requests_are_left_to_the_sign_in_check(app, anonymous):
    token = csrf_token(anonymous)
    for endpoint in sorted(POLICY.pages):
        method, url = request_for(app, endpoint)
        response = send(anonymous, method, url, token)
        assert response.status_code != 403, endpoint
        if endpoint not in OPEN_ENDPOINTS:
            assert response.status_code in (302, 401), endpoint


# For a page and an API endpoint: the first role the policy refuses them to.
REFUSED = [
    (next(role for role in ROLES if not POLICY.allowed(role, endpoint)), endpoint)
    for endpoint in ("pages.person", "api.involvements")
    if not all(POLICY.allowed(role, endpoint) for role in ROLES)
]


@pytest.mark.parametrize(("role", "endpoint"), REFUSED)
def test_a_refusal_says_why_as_a_page_or_as_json(app, client_as, role, endpoint):
    method, url = request_for(app, endpoint)
    response = client_as(role).get(url)
    assert response.status_code == 403
    if url.startswith("/api/"):
        body = response.get_json()
        assert body["error"] == "forbidden" and f"({ROLE_NAMES[role]})" in body["message"]
    else:
        page = response.get_data(as_text=True)
        assert "You cannot use this page" in page and "govuk-heading-l" in page
        assert f"Your role ({ROLE_NAMES[role]}) does not give access to this page" in page


# -- the fixture family, with additions for the data rules ----------------------------------------------------------
AMH_SERVICE = next(s for s in SERVICES if s["category"] == "adult mental health")
AMH_EPISODE = next(e for e in EPISODES if e["system"] == AMH_SERVICE["system"])  # Ben Jones's, open since 2025
AMH_LEAD = {
    "professional_id": "amh:C1",
    "name": "Kit Carer",
    "role": "Care coordinator",
    "team": "East locality team",
    "organisation": AMH_SERVICE["agency"],
    "phone": "0113 496 0789",
    "email": "kit.carer@example.org",
    "system": AMH_SERVICE["system"],
}
CHILD_AMH = {**AMH_EPISODE, "episode_id": "amh:E9", "record_id": "E9", "episode_type": "adult community team"}
POLICE_RULE = POLICY.sources["police"]
POLICE_TYPE = sorted(POLICE_RULE.keep_types or {"child concern"})[0]
POLICE_SERVICE = {
    "code": "police",
    "name": "Police safeguarding notifications",
    "agency": "Exampleton Police",
    "category": "police",
    "system": "police",
    "sensitive": True,
    "local_offer": False,
    "description": None,
}
# Seven notifications about Chloe (P3) within the policy's window, newest first, and one long before it.
WINDOW_DAYS = (POLICE_RULE.keep_within_months or 12) * 28
NOTIFIED = [TODAY - dt.timedelta(days=k * WINDOW_DAYS // 9) for k in range(1, 8)]
NOTIFICATIONS = [
    {
        **AMH_EPISODE,
        "episode_id": f"police:N{k}",
        "system": "police",
        "record_id": f"N{k}",
        "episode_type": POLICE_TYPE,
        "start_date": day,
        "end_date": day,
        "status": "closed",
        "last_involvement": day,
    }
    for k, day in enumerate([*NOTIFIED, TODAY - dt.timedelta(days=WINDOW_DAYS * 2)], start=1)
]


@pytest.fixture(scope="module", autouse=True)
def data_rules_family(web_store):
    """Ben's care coordinator; an adult-services episode recorded against Dan (7); police notifications about
    Chloe; and Grace Smith (Anna's mother) marked restricted."""
    web_store.write("load/professionals", [AMH_LEAD])
    web_store.write(
        "load/lead_practitioner_for",
        [{"src": AMH_LEAD["professional_id"], "dst": AMH_EPISODE["episode_id"], "valid_from": None, "valid_to": None}],
    )
    web_store.write("load/services", [POLICE_SERVICE])
    web_store.write("load/episodes", [CHILD_AMH, *NOTIFICATIONS])
    web_store.write(
        "load/subject_of",
        [{"src": "P4", "dst": "amh:E9", "role": "subject"}]
        + [{"src": "P3", "dst": n["episode_id"], "role": "subject"} for n in NOTIFICATIONS],
    )
    web_store.write(
        "load/provided_by",
        [{"src": "amh:E9", "dst": AMH_SERVICE["code"]}]
        + [{"src": n["episode_id"], "dst": "police"} for n in NOTIFICATIONS],
    )
    grace = next(p for p in PEOPLE if p["person_id"] == "P7")
    web_store.write("load/people", [{**grace, "restricted": True, "restriction_reason": "adoption"}])


def age_on(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def level_of(role: str, episode: dict, service: dict, person_id: str) -> str:
    """What the policy file says `role` sees of this involvement today: full, reduced or hidden."""
    row = {**episode, "category": service["category"], "sensitive": service["sensitive"], "service": service["name"]}
    dob = next(p["dob"] for p in PEOPLE if p["person_id"] == person_id)
    seen = POLICY.view_involvement(role, row, age_on(dob, TODAY), TODAY)
    return "hidden" if seen is None else ("reduced" if seen.get("reduced") else "full")


PERSON_ROLES = [
    role for role in ROLES if all(POLICY.allowed(role, e) for e in ("pages.person", "api.person", "api.involvements"))
]
BEN_VIEWS = ["/people/P2", *(f"/api/people/P2{tail}" for tail in ("", "/involvements", "/chronology", "/family-graph"))]


def texts(client, urls) -> dict[str, str]:
    answers = {url: client.get(url) for url in urls}
    assert all(a.status_code == 200 for a in answers.values()), {u: a.status_code for u, a in answers.items()}
    return {url: a.get_data(as_text=True) for url, a in answers.items()}


def amh_row(client) -> dict | None:
    rows = client.get("/api/people/P2/involvements").get_json()["involvements"]
    return next((r for r in rows if r["episode_id"] == AMH_EPISODE["episode_id"]), None)


# -- sensitive categories: absent, reduced or in full, as the policy says -----------------------------------------
@pytest.mark.parametrize("role", PERSON_ROLES)
def test_adult_mental_health_is_shown_only_as_far_as_the_role_may_see_it(client_as, role):
    client = signed_in(client_as, role, "P2")
    pages = {url: text.lower() for url, text in texts(client, BEN_VIEWS).items()}
    level = level_of(role, AMH_EPISODE, AMH_SERVICE, "P2")
    if level == "hidden":
        for url, text in pages.items():
            for words in ("adult mental health", "community mental health", "kit carer", "0113 496 0789"):
                assert words not in text, f"{role} sees {words!r} on {url}"
        person = client.get("/api/people/P2").get_json()
        assert AMH_SERVICE["system"] not in {r["system"] for r in person["records"]}, "the record's source shows"
        assert amh_row(client) is None
    elif level == "reduced":
        for url, text in pages.items():
            assert "community mental health" not in text, f"{role} sees the episode type on {url}"
        assert "adult mental health" in pages["/people/P2"] and "kit carer" in pages["/people/P2"]
        row = amh_row(client)
        assert (row["service"], row["lead_name"], row["lead_phone"]) == (
            "Adult mental health",
            "Kit Carer",
            AMH_LEAD["phone"],
        )
        assert row["status_on_date"] == "open" and row.get("reduced") is True
        assert row["episode_type"] is None and row["start_date"] is None and row["last_involvement"] is None
        assert AMH_EPISODE["start_date"].isoformat() not in pages["/api/people/P2/involvements"]
        assert AMH_EPISODE["start_date"].isoformat() not in pages["/api/people/P2/family-graph"]
    else:
        row = amh_row(client)
        assert row["episode_type"] == "community mental health" and row["lead_name"] == "Kit Carer"
        assert "community mental health" in pages["/people/P2"]


@pytest.mark.parametrize("role", PERSON_ROLES)
def test_a_childs_adult_services_record_is_hidden_from_every_role(client_as, role):
    client = signed_in(client_as, role, "P3", "P4")
    for url in (
        "/api/people/P4/involvements",
        "/api/people/P4/family-graph",
        "/api/people/P3/chronology",
        "/people/P3",
    ):
        text = client.get(url).get_data(as_text=True)
        assert "amh:E9" not in text and "adult community team" not in text, url


@pytest.mark.parametrize("role", PERSON_ROLES)
def test_police_notifications_are_capped_to_the_most_recent_relevant_ones(client_as, role):
    client = signed_in(client_as, role, "P3")
    rows = [r for r in client.get("/api/people/P3/involvements").get_json()["involvements"] if r["system"] == "police"]
    graph = client.get("/api/people/P3/family-graph").get_json()["elements"]["nodes"]
    drawn = {n["data"]["episode_id"] for n in graph if n["data"].get("kind") == "involvement"}
    level = level_of(role, NOTIFICATIONS[0], POLICE_SERVICE, "P3")
    if level == "full":
        newest = [n["episode_id"] for n in NOTIFICATIONS[: min(POLICE_RULE.keep_most_recent, len(NOTIFIED))]]
        assert sorted(r["episode_id"] for r in rows) == sorted(newest)
        assert {n["episode_id"] for n in NOTIFICATIONS if n["episode_id"].startswith("police:")} & drawn == set(newest)
    elif level == "reduced":
        # "known to the police" once: neither the number of notifications nor their dates or types
        assert len(rows) == 1 and rows[0]["episode_type"] is None and rows[0]["start_date"] is None
        assert len({e for e in drawn if e.startswith("police:")}) == 1
    else:
        assert rows == [] and not any(e.startswith("police:") for e in drawn)
        assert "police safeguarding" not in client.get("/people/P3").get_data(as_text=True).lower()


# -- restricted records -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", PERSON_ROLES)
def test_a_restricted_person_is_a_restricted_record_except_to_the_named_roles(client_as, role):
    named = role in POLICY.restricted_roles
    client = signed_in(client_as, role, "P3", *(["P7"] if named else []))
    page = client.get("/people/P3").get_data(as_text=True)
    graph = client.get("/api/people/P3/family-graph").get_data(as_text=True)
    if named:
        assert "Grace" in page and "Grace" in graph and client.get("/people/P7").status_code == 200
        return
    for text in (page, graph):
        assert "Grace" not in text and "1960" not in text and "adoption" not in text
    assert POLICY.restricted_label in page and POLICY.restricted_label in graph
    # nor her own pages, nor the reason-for-access question, which would name her
    for url in ("/people/P7", "/people/P7/reason", "/api/people/P7", "/api/people/P7/involvements"):
        answer = client.get(url)
        assert answer.status_code in (403, 404) and "Grace" not in answer.get_data(as_text=True), url
