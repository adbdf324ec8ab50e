"""The cohort library in a real browser on the sample data, as an analyst uses it: choose a cohort, run it, follow a
result to the person page (through the reason-for-access question), with no accessibility or CSP violation."""

from __future__ import annotations

import pytest

from graph.cohorts import load_cohorts
from tests.browser.accessibility import assert_no_violations, report
from tests.browser.harness import give_reason, on_reason_page

pytestmark = pytest.mark.browser
CSP = "Content Security Policy"


def first_cohort_with_people(store) -> str:
    for name, cohort in load_cohorts().items():
        if "analyst" in cohort.roles and store.read(cohort.query_name, **cohort.arguments({})):
            return name
    raise AssertionError("no saved cohort finds anyone in the sample data")


def test_an_analyst_runs_a_cohort_and_opens_a_childs_page(signed_in_page, base_url, sample_store):
    name = first_cohort_with_people(sample_store)
    cohort = load_cohorts()[name]
    expected = [r["person_id"] for r in sample_store.read(cohort.query_name, **cohort.arguments({}))]
    page = signed_in_page("analyst")
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if CSP in message.text else None)

    page.goto(f"{base_url}/cohorts")
    listed = report(page, "the saved cohorts")
    page.get_by_role("link", name=cohort.title).click()
    page.get_by_role("button", name="Run cohort").click()
    page.locator("#cohort-results").wait_for()
    results = report(page, "a cohort's results")
    shown = page.locator("#cohort-results tbody tr td:first-child").all_inner_texts()
    assert [s.strip() for s in shown] == expected

    page.locator("#cohort-results tbody a").first.click()
    if on_reason_page(page):
        give_reason(page)
    page.get_by_role("heading", level=1).wait_for()
    assert f"/people/{expected[0]}" in page.url
    assert_no_violations(listed, results)
    assert not violations, violations
