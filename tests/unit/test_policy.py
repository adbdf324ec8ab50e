"""The access policy: reading and checking policy/access.yaml, and each rule it applies (role x page, full /
reduced / hidden per data category, age gating, per-source minimisation, restricted records)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask_login import LoginManager, UserMixin
from jinja2 import DictLoader

from app import policy as access
from app.policy import PolicyError, enforce_page_policy, load_policy, policy_from_mapping
from app.users import ROLES

ROOT = Path(__file__).resolve().parents[2]
AS_AT = dt.date(2026, 11, 1)
D = dt.date

# A small policy of its own, so that each rule is tested apart from the council's choices in the shipped file.
BASE = {
    "roles": {"worker": "Case worker", "helper": "Family helper", "steward": "Data steward"},
    "pages": {"pages.person": ["worker", "helper"], "status.status_page": "all", "pages.linkage_queue": []},
    "categories": {
        "social care": {
            "service_categories": ["Children's Social Care"],
            "sensitive": False,
            "access": {"worker": "full", "helper": "reduced", "steward": "reduced"},
        },
        "housing": {"sensitive": False, "access": {"worker": "full", "helper": "full", "steward": "reduced"}},
        "police": {"sensitive": True, "access": {"worker": "full", "helper": "reduced", "steward": "hidden"}},
        "adult mental health": {
            "sensitive": True,
            "min_age": 18,
            "access": {"worker": "reduced", "helper": "reduced", "steward": "hidden"},
        },
        "other": {"sensitive": False, "access": {"worker": "full", "helper": "full", "steward": "reduced"}},
        "other sensitive": {
            "sensitive": True,
            "access": {"worker": "reduced", "helper": "hidden", "steward": "hidden"},
        },
    },
    "unlisted_categories": {"not_sensitive": "other", "sensitive": "other sensitive"},
    "age_unknown": "hidden",
    "sources": {
        "csc": {"category": "social care"},
        "housing": {"category": "housing", "at_most": "reduced", "exempt_roles": ["steward"]},
        "police": {
            "category": "police",
            "keep": {"most_recent": 3, "within_months": 12, "episode_types": ["Child concern", "domestic abuse"]},
        },
        "amh": {"category": "adult mental health"},
    },
    "restricted_records": {"roles": ["steward"], "label": "Restricted record"},
}


def make(**changes) -> access.Policy:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return policy_from_mapping(data, "test policy")


@pytest.fixture
def policy():
    return make()


def involvement(system="csc", category="social care", sensitive=False, **extra):
    row = {
        "person_id": "P1",
        "episode_id": f"{system}:E1",
        "episode_type": "child in need",
        "start_date": D(2026, 3, 1),
        "end_date": None,
        "status": "open",
        "reason": "N1 abuse or neglect",
        "last_involvement": D(2026, 10, 20),
        "system": system,
        "extracted_at": D(2026, 11, 1),
        "service_code": system,
        "service": "Children's social care",
        "agency": "Exampleton Council",
        "category": category,
        "sensitive": sensitive,
        "lead_id": "csc:W1",
        "lead_name": "Sam Worker",
        "lead_role": "Social worker",
        "lead_team": "Assessment Team 2",
        "lead_organisation": "Exampleton Council",
        "lead_phone": "0113 496 0123",
        "lead_email": "sam.worker@example.org",
    }
    row.update(extra)
    return row


def amh(**extra):
    return involvement(
        "amh",
        "adult mental health",
        True,
        service="Adult mental health",
        episode_type="community mental health",
        **extra,
    )


def notification(day: dt.date, person="P1", kind="child concern", n=None):
    return involvement(
        "police",
        "police",
        True,
        person_id=person,
        episode_id=f"police:{n or day.isoformat()}:{person}",
        episode_type=kind,
        start_date=day,
        end_date=day,
        status="closed",
        service="Police safeguarding notifications",
    )


# -- the shipped file ----------------------------------------------------------------------------------------------
def test_the_shipped_policy_loads_and_has_exactly_the_apps_roles():
    shipped = load_policy()
    shipped.require_roles(ROLES)
    assert list(shipped.roles) == list(ROLES)


def test_every_source_the_ingest_maps_has_a_source_entry_and_a_listed_category():
    """A new source mapping needs a decision in the policy: its category listed (not left to the fallback) and
    its own entry under `sources`."""
    shipped = load_policy()
    for path in sorted((ROOT / "ingest" / "mappings").glob("*.yaml")):
        mapping = yaml.safe_load(path.read_text())
        declared = [mapping["category"], (mapping.get("service") or {}).get("category") or mapping["category"]]
        for category in declared:
            assert category.lower() in shipped.category_of_service, f"{path.name}: category {category!r} not listed"
        assert mapping["source"] in shipped.sources, f"{path.name}: no entry for {mapping['source']} under sources"
        assert shipped.sources[mapping["source"]].category == shipped.category_of({"category": mapping["category"]})


def test_the_shipped_policy_makes_the_issues_choices():
    shipped = load_policy()
    level = {name: c.access for name, c in shipped.categories.items()}
    assert level["adult mental health"]["early_help"] == "reduced"
    assert level["police"]["front_door"] == "full"
    sensitive = [name for name, c in shipped.categories.items() if c.sensitive]
    assert {"police", "adult mental health", "substance misuse", "sexual health", "youth justice"} <= set(sensitive)
    # analysts do not search for people; they reach a person page from a cohort's results (with a reason), and see
    # no sensitive detail anywhere; service leaders see aggregate figures only
    assert shipped.allowed("analyst", "pages.person") and not shipped.allowed("analyst", "pages.search")
    assert all(level[name]["analyst"] == "hidden" for name in sensitive)
    assert not shipped.allowed("leader", "pages.person") and not shipped.allowed("leader", "api.involvements")
    assert not shipped.allowed("leader", "pages.console_page") and shipped.allowed("leader", "pages.insight")
    assert all(level[name]["leader"] == "hidden" for name in level)
    assert shipped.sources["housing"].at_most == "reduced"
    assert shipped.sources["police"].keep_most_recent and shipped.sources["police"].keep_within_months
    assert shipped.categories["adult mental health"].min_age == 18 == shipped.categories["substance misuse"].min_age
    assert shipped.restricted_roles == {"admin"}


# -- checking the file: a wrong policy names the key to fix ---------------------------------------------------------
def without(*keys: str) -> dict:
    data = copy.deepcopy(BASE)
    *parents, last = keys
    target = data
    for name in parents:
        target = target[name]
    del target[last]
    return data


def changed(*keys_and_value) -> dict:
    *keys, value = keys_and_value
    data = copy.deepcopy(BASE)
    *parents, last = keys
    target = data
    for name in parents:
        target = target[name]
    target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        (without("sources"), "sources", "is missing"),
        (changed("pages", "pages.person", ["worker", "nurse"]), "pages.pages.person[1]", "unknown role 'nurse'"),
        (changed("pages", "pages.person", "everyone"), "pages.pages.person", "must be a list"),
        (
            changed("categories", "police", "access", "helper", "some"),
            "categories.police.access.helper",
            "hidden, reduced, full",
        ),
        (without("categories", "police", "access", "steward"), "categories.police.access.steward", "is missing"),
        (changed("categories", "police", "min_ages", 18), "categories.police.min_ages", "unknown key"),
        (changed("categories", "police", "min_age", -1), "categories.police.min_age", "whole number"),
        (changed("categories", "police", "sensitive", "yes"), "categories.police.sensitive", "true or false"),
        (
            changed("categories", "other", "service_categories", ["police"]),
            "categories.other.service_categories",
            "police",
        ),
        (changed("unlisted_categories", "sensitive", "secret"), "unlisted_categories.sensitive", "must be one of"),
        (changed("sources", "police", "category", "crime"), "sources.police.category", "must be one of"),
        (changed("sources", "police", "keep", "most_recent", 0), "sources.police.keep.most_recent", "at least 1"),
        (changed("sources", "housing", "at_most", "full"), "sources.housing.at_most", "reduced, hidden"),
        (changed("sources", "housing", "exempt_roles", ["boss"]), "sources.housing.exempt_roles[0]", "unknown role"),
        (changed("age_unknown", "maybe"), "age_unknown", "hidden, shown"),
        (changed("restricted_records", "roles", ["nobody"]), "restricted_records.roles[0]", "unknown role"),
        (changed("restricted_records", "label", ""), "restricted_records.label", "non-empty text"),
        (changed("surprise", 1), "surprise", "unknown key"),
        ([1, 2], "", "must be a mapping"),
    ],
)
def test_a_wrong_policy_is_refused_naming_the_key(data, key, words):
    with pytest.raises(PolicyError) as refused:
        policy_from_mapping(data, "access.yaml")
    assert refused.value.key == key
    assert str(refused.value).startswith(f"access.yaml: {key}: " if key else "access.yaml: ")
    assert words in str(refused.value)


def test_a_file_that_is_not_yaml_or_missing_is_refused_with_its_path(tmp_path):
    broken = tmp_path / "access.yaml"
    broken.write_text("roles: [unclosed\n")
    with pytest.raises(PolicyError, match=rf"^{broken}: not valid YAML"):
        load_policy(broken)
    with pytest.raises(PolicyError, match="cannot read the policy file"):
        load_policy(tmp_path / "missing.yaml")


def test_roles_that_differ_from_the_apps_stop_start_up():
    with pytest.raises(PolicyError, match=r"roles: must list exactly the app's roles; missing: admin"):
        make().require_roles(["worker", "helper", "steward", "admin"])


def test_a_bad_policy_file_stops_the_app_from_starting(tmp_path):
    bad = tmp_path / "access.yaml"
    bad.write_text(
        (ROOT / "policy" / "access.yaml")
        .read_text()
        .replace("police:\n    sensitive: true", "police:\n    sensitive: maybe")
    )
    app = Flask(__name__)
    app.config["ACCESS_POLICY_FILE"] = str(bad)
    with pytest.raises(PolicyError, match=r"categories\.police\.sensitive: must be true or false"):
        enforce_page_policy(app)


# -- role x page ----------------------------------------------------------------------------------------------------
def test_a_page_is_open_to_the_roles_listed_and_all_means_every_role(policy):
    assert policy.allowed("worker", "pages.person") and policy.allowed("helper", "pages.person")
    assert not policy.allowed("steward", "pages.person")
    assert all(policy.allowed(role, "status.status_page") for role in BASE["roles"])
    assert not any(policy.allowed(role, "pages.linkage_queue") for role in BASE["roles"])


def test_pages_and_roles_the_policy_does_not_name_are_refused(policy):
    assert not policy.allowed("worker", "pages.new_report")
    assert not policy.allowed("visitor", "status.status_page")
    assert not policy.allowed(None, "status.status_page") and not policy.allowed("worker", None)


# -- role x data category -------------------------------------------------------------------------------------------
def test_full_access_shows_the_involvement_unchanged(policy):
    row = involvement()
    assert policy.view_involvement("worker", row, 10, AS_AT) is row


def test_reduced_access_keeps_only_service_status_and_lead_contact(policy):
    row = involvement()
    seen = policy.view_involvement("helper", row, 10, AS_AT)
    assert seen["reduced"] is True and seen["status"] == "open"
    assert (seen["service"], seen["agency"], seen["lead_name"], seen["lead_phone"], seen["lead_email"]) == (
        "Children's social care",
        "Exampleton Council",
        "Sam Worker",
        "0113 496 0123",
        "sam.worker@example.org",
    )
    for gone in ("episode_type", "reason", "start_date", "end_date", "last_involvement"):
        assert seen[gone] is None, gone
    assert row["episode_type"] == "child in need" and "reduced" not in row  # the caller's row is not changed


def test_a_reduced_involvement_says_open_or_closed_on_the_date_viewed(policy):
    ended = involvement(start_date=D(2025, 1, 1), end_date=D(2026, 6, 30), status="closed")
    assert policy.view_involvement("helper", ended, 10, AS_AT)["status"] == "closed"
    assert policy.view_involvement("helper", ended, 10, D(2026, 1, 1))["status"] == "open"
    closed_without_end = involvement(status="closed")
    assert policy.view_involvement("helper", closed_without_end, 10, AS_AT)["status"] == "closed"
    # not begun on the date viewed: a reduced row has no dates to place it by, so it is left out
    assert policy.view_involvement("helper", involvement(start_date=D(2026, 12, 1)), 10, AS_AT) is None


def test_hidden_access_leaves_the_involvement_out(policy):
    assert policy.view_involvement("steward", notification(D(2026, 10, 1)), 30, AS_AT) is None
    assert policy.view_involvement("helper", notification(D(2026, 10, 1)), 30, AS_AT)["reduced"]
    assert policy.view_involvement("worker", notification(D(2026, 10, 1)), 30, AS_AT)["episode_type"] == "child concern"


def test_categories_match_service_categories_case_insensitively_then_sources_then_the_fallbacks(policy):
    assert policy.category_of({"category": "children's SOCIAL care"}) == "social care"
    assert policy.category_of({"category": None, "system": "amh"}) == "adult mental health"
    assert policy.category_of({"category": "sexual health", "sensitive": True}) == "other sensitive"
    assert policy.category_of({"category": "leisure", "sensitive": False}) == "other"
    assert policy.category_of({}) == "other"


def test_a_service_its_source_marks_sensitive_is_capped_at_other_sensitive(policy):
    clinic = involvement(category="social care", sensitive=True)
    assert policy.level("worker", clinic) == "reduced"
    assert policy.view_involvement("helper", clinic, 10, AS_AT) is None  # other sensitive is hidden to helpers


def test_source_at_most_caps_every_role_but_the_exempt(policy):
    tenancy = involvement("housing", "housing", service="Housing", episode_type="secure tenancy")
    assert policy.view_involvement("worker", tenancy, 40, AS_AT)["reduced"]
    assert policy.view_involvement("helper", tenancy, 40, AS_AT)["episode_type"] is None
    assert policy.level("steward", tenancy) == "reduced"  # exempt from the cap, but reduced by its own access


# -- age gating -----------------------------------------------------------------------------------------------------
def test_an_adult_service_is_hidden_for_a_child_and_shown_for_an_adult(policy):
    assert policy.view_involvement("worker", amh(), 17, AS_AT) is None
    assert policy.view_involvement("worker", amh(), 18, AS_AT)["service"] == "Adult mental health"
    assert policy.view_involvement("worker", involvement(), 3, AS_AT) is not None  # not gated


def test_an_age_gated_involvement_of_someone_of_unknown_age_follows_age_unknown(policy):
    assert policy.view_involvement("worker", amh(), None, AS_AT) is None
    assert make(age_unknown="shown").view_involvement("worker", amh(), None, AS_AT)["reduced"]


# -- minimisation per source ----------------------------------------------------------------------------------------
def test_police_keeps_the_most_recent_relevant_notifications_per_person_within_the_window(policy):
    recent = [notification(D(2026, month, 1)) for month in range(4, 10)]  # six within twelve months
    old = notification(D(2025, 10, 31))  # a day more than twelve months before 1 November 2026
    irrelevant = notification(D(2026, 10, 15), kind="missing from home")
    future = notification(D(2026, 11, 2))
    other_person = notification(D(2024, 1, 1), person="P2"), notification(D(2026, 2, 1), person="P2")
    social_care = involvement()
    rows = [social_care, *recent, old, irrelevant, future, *other_person]
    kept = policy.minimise("worker", rows, AS_AT)
    assert kept == [social_care, *recent[-3:], other_person[1]]  # input order kept; other sources untouched


def test_the_window_counts_whole_months_back_from_the_date_viewed(policy):
    edge = notification(D(2025, 11, 1))
    assert policy.minimise("worker", [edge], AS_AT) == [edge]
    assert policy.minimise("worker", [notification(D(2024, 2, 29))], D(2025, 2, 28)) != []


def test_exempt_roles_and_unlimited_sources_pass_unchanged():
    exempt = make(
        sources={**BASE["sources"], "police": {**BASE["sources"]["police"], "exempt_roles": ["worker"]}}
    ).minimise("worker", rows := [notification(D(2020, 1, 1))], AS_AT)
    assert exempt == rows


def test_minimise_without_a_date_uses_today():
    today = dt.date.today()
    rows = [notification(today - dt.timedelta(days=d)) for d in (1, 2, 3, 4, 5)]
    assert make().minimise("worker", rows) == rows[:3]


# -- restricted records ---------------------------------------------------------------------------------------------
GRACE = {
    "person_id": "P7",
    "forename": "Grace",
    "surname": "Smith",
    "dob": D(1960, 1, 1),
    "sex": "F",
    "deceased": False,
    "restricted": True,
    "restriction_reason": "adoption",
}


def test_a_restricted_person_is_shown_to_the_named_roles_only(policy):
    assert policy.may_see_person("steward", GRACE) and policy.visible_person("steward", GRACE) is GRACE
    assert not policy.may_see_person("worker", GRACE)
    stand_in = policy.visible_person("worker", GRACE)
    assert stand_in["person_id"] == "P7" and stand_in["surname"] == "Restricted record"
    assert stand_in["restricted"] is True and stand_in["restricted_record"] is True
    assert not {"Grace", D(1960, 1, 1), "F", "adoption"} & set(stand_in.values())


def test_a_person_who_is_not_restricted_is_shown_to_everyone(policy):
    anna = {**GRACE, "forename": "Anna", "restricted": False}
    assert all(policy.visible_person(role, anna) is anna for role in BASE["roles"])
    assert policy.visible_person("worker", {**anna, "restricted": None})["forename"] == "Anna"


# -- one family's involvements --------------------------------------------------------------------------------------
def test_involvements_for_applies_every_rule_to_a_family(policy):
    people = {
        "P1": {"person_id": "P1", "dob": D(1990, 3, 4)},
        "P3": {"person_id": "P3", "dob": D(2015, 5, 6)},
        "P7": GRACE,
    }
    rows = [
        involvement(person_id="P3"),
        amh(person_id="P1", episode_id="amh:E1"),
        amh(person_id="P1", episode_id="amh:E2"),  # same service, status and lead: shown once when reduced
        amh(person_id="P3", episode_id="amh:E3"),  # a child's adult-services record: never shown
        involvement(person_id="P7", episode_id="csc:E7"),  # a restricted person's: only to the named roles
        *[notification(D(2026, m, 1), person="P3") for m in (6, 7, 8, 9)],
    ]
    worker = policy.involvements_for("worker", rows, people, AS_AT)
    assert [r["episode_id"] for r in worker] == ["csc:E1", "amh:E1", *[f"police:2026-0{m}-01:P3" for m in (7, 8, 9)]]
    assert worker[1]["reduced"] and worker[1]["episode_type"] is None
    helper = policy.involvements_for("helper", rows, people, AS_AT)
    assert [(r["episode_id"], r.get("reduced")) for r in helper] == [
        ("csc:E1", True),
        ("amh:E1", True),
        ("police:2026-07-01:P3", True),  # three notifications: "known to the police, contact ..." once
    ]
    steward = policy.involvements_for("steward", rows, people, AS_AT)
    assert [r["episode_id"] for r in steward] == ["csc:E1", "csc:E7"]


# -- sources searched and what changed ------------------------------------------------------------------------------
def test_a_source_whose_category_is_hidden_is_not_listed(policy):
    assert policy.source_visible("helper", "amh") and not policy.source_visible("steward", "amh")
    assert not policy.source_visible("steward", "mh_trust", category="adult mental health")
    assert policy.source_visible("steward", "unknown_source")
    assert not policy.source_visible("helper", "unknown_source", sensitive=True)


def test_changes_about_a_service_follow_its_category(policy):
    opened = {"kind": "episode_opened", "summary": "community mental health (amh) opened"}
    known = {"kind": "known_to_service", "summary": "Newly known to amh"}
    moved = {"kind": "moved", "summary": "Moved to 7 Oak Street"}
    assert policy.visible_change("worker", opened) is None  # reduced: the type and date of the episode stay out
    assert policy.visible_change("worker", known) is known
    assert policy.visible_change("steward", known) is None
    assert policy.visible_change("steward", moved) is moved
    school = {"kind": "episode_opened", "summary": "enrolment (school:100001) opened"}
    by_code = {"school:100001": "education"}  # not listed in this policy: `other`, full to workers
    assert policy.visible_change("worker", school, by_code) is school
    assert policy.visible_change("worker", school) is None  # a service nobody can place counts as sensitive
    unknown = {"kind": "episode_closed", "summary": "something (mystery) closed"}
    assert policy.visible_change("worker", unknown) is None and policy.visible_change("helper", unknown) is None


# -- the functions the views call use the shipped policy ------------------------------------------------------------
def test_module_functions_apply_the_shipped_policy_outside_a_request():
    shipped = load_policy()
    row = amh(person_id="P2")
    for role in ROLES:
        assert access.allowed(role, "pages.person") == shipped.allowed(role, "pages.person")
        assert access.view_involvement(role, row, 37, AS_AT) == shipped.view_involvement(role, row, 37, AS_AT)
    assert access.view_involvement("early_help", row, 37, AS_AT)["reduced"]
    assert access.visible_person("social_worker", GRACE)["surname"] == "Restricted record"
    assert access.visible_person("admin", GRACE) is GRACE


# -- the request hook -------------------------------------------------------------------------------------------------
class SignedInAs(UserMixin):
    def __init__(self, role: str):
        self.id, self.role = role, role


@pytest.fixture
def guarded_app():
    """A bare Flask app with two pages, an API endpoint and the policy's hook; users sign in by a header here."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "test"
    app.jinja_loader = DictLoader({"error.html": "<h1>{{ title }}</h1><p>{{ message }}</p>"})
    login = LoginManager(app)
    login.request_loader(lambda request: SignedInAs(request.headers["X-Role"]) if "X-Role" in request.headers else None)
    app.add_url_rule("/status", "status.status_page", lambda: "status")
    app.add_url_rule("/people/<person_id>", "pages.person", lambda person_id: f"person {person_id}")
    app.add_url_rule("/api/people/<person_id>/involvements", "api.involvements", lambda person_id: {"ok": True})
    app.add_url_rule("/unlisted", "pages.unlisted", lambda: "unlisted")
    enforce_page_policy(app)
    return app


def test_the_hook_refuses_what_the_policy_refuses_as_a_page_or_as_json(guarded_app):
    client = guarded_app.test_client()
    page = client.get("/people/P3", headers={"X-Role": "leader"})
    assert page.status_code == 403
    assert "You cannot use this page" in page.get_data(as_text=True) and "(Service leader)" in page.get_data(
        as_text=True
    )
    api = client.get("/api/people/P3/involvements", headers={"X-Role": "leader"})
    assert api.status_code == 403 and api.get_json()["error"] == "forbidden"
    assert client.get("/people/P3", headers={"X-Role": "social_worker"}).get_data(as_text=True) == "person P3"
    assert client.get("/status", headers={"X-Role": "analyst"}).status_code == 200
    assert client.get("/unlisted", headers={"X-Role": "admin"}).status_code == 403  # not in the policy: nobody


def test_the_hook_leaves_signed_out_requests_and_unknown_urls_alone(guarded_app):
    client = guarded_app.test_client()
    assert client.get("/people/P3").status_code == 200  # the sign-in check, not the policy, turns these away
    assert client.get("/no-such-page", headers={"X-Role": "analyst"}).status_code == 404


def test_templates_can_ask_whether_the_user_may_open_a_page(guarded_app):
    may_open = guarded_app.jinja_env.globals["may_open"]
    with guarded_app.test_request_context(headers={"X-Role": "analyst"}):
        assert may_open("pages.linkage_queue") and not may_open("pages.search")
    with guarded_app.test_request_context():
        assert not may_open("status.status_page")


def test_inside_the_app_the_functions_use_the_apps_policy(guarded_app, tmp_path):
    narrow = tmp_path / "access.yaml"
    narrow.write_text(
        (ROOT / "policy" / "access.yaml")
        .read_text()
        .replace("  status.status_page: all", "  status.status_page: [admin]")
    )
    guarded_app.extensions["access_policy"] = load_policy(narrow)
    with guarded_app.app_context():
        assert not access.allowed("analyst", "status.status_page") and access.allowed("admin", "status.status_page")
    assert guarded_app.test_client().get("/status", headers={"X-Role": "analyst"}).status_code == 403
    assert access.allowed("analyst", "status.status_page")  # outside the app: the shipped file


def test_a_test_app_can_open_its_own_endpoints_without_touching_the_file(policy):
    wider = policy.with_pages({"probe.page": "all", "probe.admin": ["steward"]})
    assert all(wider.allowed(role, "probe.page") for role in BASE["roles"])
    assert wider.allowed("steward", "probe.admin") and not wider.allowed("worker", "probe.admin")
    assert not policy.allowed("steward", "probe.page") and wider.allowed("worker", "pages.person")
    with pytest.raises(PolicyError, match=r"pages\.probe\.admin\[0\]: unknown role 'boss'"):
        policy.with_pages({"probe.admin": ["boss"]})
