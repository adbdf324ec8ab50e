"""The pages work with JavaScript switched off: sign in, search, and read who lives with the child."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import give_reason, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_search_and_household_table_without_javascript(new_context, base_url, family_case, new_user):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, base_url, new_user("social_worker"))

    page.get_by_label("Name or identifier").fill(f"{family_case.misspelt_surname}, {family_case.forename}")
    page.get_by_role("button", name="Search").click()
    page.locator("#search-results").get_by_role("link", name=f"{family_case.surname}, {family_case.forename}").click()
    give_reason(page)
    expect(page).to_have_url(re.compile(rf"/people/{family_case.person_id}$"))

    household = page.locator("#household table")
    expect(household).to_have_count(1)
    # Everyone else in the household links to their own page; the child is the row that is not a link.
    linked = household.locator("tbody th a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    members = {href.rsplit("/", 1)[-1] for href in linked} | {family_case.person_id}
    assert members == set(family_case.members_now)
    assert household.locator("tbody tr").count() == len(family_case.members_now)

    # The map's accessible tables are there too, and say the diagram needs JavaScript.
    expect(page.get_by_text("The diagram needs JavaScript")).to_be_visible()
    people_rows = page.locator("#family-map-people tbody tr").evaluate_all("rows => rows.map(r => r.dataset.nodeId)")
    assert {f"person:{p}" for p in family_case.members_now} <= set(people_rows)


def test_as_at_form_redraws_the_household_without_javascript(new_context, base_url, family_case, new_user):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, base_url, new_user("social_worker"))
    page.goto(f"{base_url}/people/{family_case.person_id}")
    give_reason(page)
    page.get_by_label("Show the family as at").fill(family_case.before.isoformat())
    page.get_by_role("button", name="Redraw").click()
    expect(page).to_have_url(re.compile(rf"as_at={family_case.before.isoformat()}"))
    linked = page.locator("#household table tbody th a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {href.rsplit("/", 1)[-1] for href in linked} | {family_case.person_id} == set(family_case.members_before)
