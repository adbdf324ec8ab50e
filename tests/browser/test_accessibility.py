"""axe-core finds no accessibility violations on any page, in the state a user sees it (the map drawn)."""

from __future__ import annotations

import pytest

from tests.browser.accessibility import assert_no_violations, report
from tests.browser.family_map import tap
from tests.browser.harness import open_family_page

pytestmark = pytest.mark.browser


def test_sign_in_page(anonymous_page, base_url):
    anonymous_page.goto(f"{base_url}/sign-in")
    assert_no_violations(report(anonymous_page, "the sign-in page"))


def test_sign_in_page_with_an_error(anonymous_page, base_url):
    page = anonymous_page
    page.goto(f"{base_url}/sign-in")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("There is a problem").wait_for()
    assert_no_violations(report(page, "the sign-in page showing errors"))


def test_search_page_with_results(signed_in_page, base_url, family_case):
    page = signed_in_page()
    page.goto(f"{base_url}/?q={family_case.misspelt_surname}")
    page.locator("#search-results").wait_for()
    assert_no_violations(report(page, "search results"))


def test_search_page_with_no_result(signed_in_page, base_url):
    page = signed_in_page()
    page.goto(f"{base_url}/?q=Zqxwv+Plorkin")
    page.locator("#no-match").wait_for()
    assert_no_violations(report(page, "a search with no result"))


def test_reason_for_access_page_and_its_error(signed_in_page, base_url, family_case):
    page = signed_in_page(fresh=True)
    page.goto(f"{base_url}/people/{family_case.person_id}")
    asked = report(page, "the reason-for-access page")
    page.get_by_role("button", name="Continue to the record").click()
    page.get_by_text("There is a problem").wait_for()
    assert_no_violations(asked, report(page, "the reason-for-access page showing an error"))


def test_person_page_with_the_map_drawn_and_a_node_selected(signed_in_page, base_url, family_case):
    page = signed_in_page()
    open_family_page(page, f"{base_url}/people/{family_case.person_id}")
    drawn = report(page, "the person page")
    tap(page, f"practitioner:{family_case.lead.episode_id}")
    page.locator("#family-map-details").get_by_text(family_case.lead.phone).wait_for()
    assert_no_violations(drawn, report(page, "the person page with the details panel filled"))


def test_person_page_as_at_an_earlier_date(signed_in_page, base_url, family_case):
    page = signed_in_page()
    open_family_page(page, f"{base_url}/people/{family_case.person_id}?as_at={family_case.before.isoformat()}")
    assert_no_violations(report(page, "the person page as at an earlier date"))


def test_status_page(signed_in_page, base_url):
    page = signed_in_page()
    page.goto(f"{base_url}/status")
    assert_no_violations(report(page, "the status page"))


def test_linkage_pages_for_a_data_steward(signed_in_page, base_url, family_case):
    page = signed_in_page("data_steward")
    problems = []
    page.goto(f"{base_url}/linkage/review")
    problems.append(report(page, "the linkage review queue"))

    page.locator("table.fg-linkage-queue tbody a.govuk-link").first.click()
    page.get_by_role("heading", level=1).wait_for()
    problems.append(report(page, "a linkage review pair"))

    page.goto(f"{base_url}/linkage/report")
    problems.append(report(page, "the linkage report"))

    page.goto(f"{base_url}/linkage/people/{family_case.person_id}/split")
    problems.append(report(page, "the split-a-person page"))
    assert_no_violations(*problems)


def test_page_a_role_may_not_use(signed_in_page, base_url):
    page = signed_in_page("social_worker")
    page.goto(f"{base_url}/linkage/review")
    assert_no_violations(report(page, "the linkage page refused to a social worker"))
