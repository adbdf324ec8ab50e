"""Search in a real browser: a child is found by a misspelt surname, and an empty search says where it looked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import give_reason

pytestmark = pytest.mark.browser


def search_for(page, base_url: str, text: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Name or identifier").fill(text)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"\?q="))


def test_child_is_found_by_a_misspelt_surname_and_their_family_page_opens(signed_in_page, base_url, family_case):
    page = signed_in_page(fresh=True)  # a session of its own, so that the record asks for a reason
    search_for(page, base_url, f"{family_case.misspelt_surname}, {family_case.forename}")
    result = page.locator("#search-results").get_by_role("link", name=f"{family_case.surname}, {family_case.forename}")
    expect(result).to_have_attribute("href", f"/people/{family_case.person_id}")
    expect(page.locator("#search-results")).to_contain_text(family_case.dob.strftime("%-d %B %Y"))

    result.click()
    # The record asks why the user needs it, naming the person so that they can check it is the right one.
    expect(page.get_by_role("group", name=re.compile("Why do you need to open the record of"))).to_contain_text(
        family_case.forename
    )
    give_reason(page)
    expect(page).to_have_url(re.compile(rf"/people/{family_case.person_id}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{family_case.forename} {family_case.surname}")


def test_misspelt_surname_alone_lists_the_child_among_the_results(signed_in_page, base_url, family_case):
    page = signed_in_page()
    search_for(page, base_url, family_case.misspelt_surname)
    links = page.locator("#search-results tbody th a")
    expect(links.first).to_be_visible()
    assert f"/people/{family_case.person_id}" in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_search_with_no_match_names_every_source_searched(signed_in_page, base_url):
    page = signed_in_page()
    search_for(page, base_url, "Zqxwv Plorkin")
    expect(page.locator("#search-results")).to_have_count(0)
    message = page.locator("#no-match")
    expect(message).to_contain_text("No match in:")
    expect(message).to_contain_text("Children's social care")
    expect(page.get_by_text("Sources searched (")).to_be_visible()
