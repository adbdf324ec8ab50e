"""The family page in a real browser, checked against the sample's ground truth: the household box, the lead
practitioner and their phone, the as-at date, the accessible tables, and the PNG and offline HTML exports."""

from __future__ import annotations

import datetime as dt
import re
import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.family_map import (
    compound_children,
    map_nodes_by_kind,
    node_data,
    node_ids,
    parent_of,
    redraw_as_at,
    table_rows_by_kind,
    tap,
)
from tests.browser.harness import open_family_page, wait_for_map

pytestmark = pytest.mark.browser
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def family_page(signed_in_page, base_url, family_case):
    page = signed_in_page()
    open_family_page(page, f"{base_url}/people/{family_case.person_id}")
    return page


def people(ids) -> set[str]:
    return {f"person:{p}" for p in ids}


def test_household_box_holds_exactly_the_current_members_from_the_ground_truth(family_page, family_case):
    box = f"household:{family_case.household_id}"
    assert node_data(family_page, box)["kind"] == "household"
    assert compound_children(family_page, box) == people(family_case.members_now)
    assert parent_of(family_page, f"person:{family_case.person_id}") == box
    assert node_data(family_page, f"person:{family_case.person_id}")["focus"] is True


def test_lead_practitioner_of_an_open_involvement_is_shown_with_a_phone(family_page, family_case):
    lead = family_case.lead
    # In the services table: the child's open involvement names the lead and gives a phone number to ring.
    rows = family_page.locator("#services table.fg-services tbody tr").filter(has_text="this person")
    rows = rows.filter(has_text=lead.name).filter(has_text="Open")
    expect(rows.first).to_contain_text(lead.phone)
    expect(rows.first.get_by_role("link", name=lead.phone)).to_have_attribute(
        "href", f"tel:{lead.phone.replace(' ', '')}"
    )

    # On the map: the practitioner is joined to the open involvement; selecting them shows the phone in the panel.
    practitioner = f"practitioner:{lead.episode_id}"
    involvement = f"involvement:{lead.episode_id}"
    assert node_data(family_page, involvement)["status"] == "open"
    assert node_data(family_page, practitioner)["phone"] == lead.phone
    child = f"person:{family_case.person_id}"
    for a, b in ((practitioner, involvement), (child, involvement)):
        joined = family_page.evaluate("([a, b]) => window.cy.$id(a).edgesWith(window.cy.$id(b)).length", [a, b])
        assert joined == 1, f"{a} is not joined to {b}"
    tap(family_page, practitioner)
    details = family_page.locator("#family-map-details")
    expect(details).to_contain_text(lead.name)
    expect(details).to_contain_text(lead.phone)


def test_as_at_date_before_the_move_changes_the_household(family_page, family_case):
    redraw_as_at(family_page, family_case.before)
    old_box = f"household:{family_case.household_before}"
    assert compound_children(family_page, old_box) == people(family_case.members_before)
    assert parent_of(family_page, f"person:{family_case.person_id}") == old_box
    assert f"household:{family_case.household_id}" not in node_ids(family_page)
    assert_tables_match_the_map(family_page)

    redraw_as_at(family_page, dt.date.today())
    assert compound_children(family_page, f"household:{family_case.household_id}") == people(family_case.members_now)
    assert parent_of(family_page, f"person:{family_case.person_id}") == f"household:{family_case.household_id}"


def assert_tables_match_the_map(page) -> None:
    drawn, listed = map_nodes_by_kind(page), table_rows_by_kind(page)
    for kind in drawn:
        assert listed[kind] == drawn[kind], f"the {kind} table and the map differ"
    # Each person's row names the household box the map draws them in.
    for node_id in drawn["person"]:
        parent = parent_of(page, node_id)
        where = page.locator(f'#family-map-people tr[data-node-id="{node_id}"] td').nth(2)
        expect(where).to_have_text(node_data(page, parent)["label"] if parent else "None drawn")
    # Each lead practitioner on the map is named in the involvements table, on their involvement's row.
    leads = page.evaluate(
        "() => window.cy.nodes('[kind = \"practitioner\"]').map(n => [n.data('episode_id'), n.data('name')])"
    )
    for episode_id, name in leads:
        expect(page.locator(f'#family-map-involvements tr[data-node-id="involvement:{episode_id}"]')).to_contain_text(
            name
        )


def test_accessible_tables_list_the_same_people_households_and_involvements_as_the_map(family_page):
    assert map_nodes_by_kind(family_page)["person"]  # something was drawn
    assert_tables_match_the_map(family_page)


def test_show_on_map_from_the_keyboard_selects_the_person(family_page, family_case):
    member = sorted(family_case.members_now - {family_case.person_id})[0]
    button = family_page.locator(f'#family-map-people tr[data-node-id="person:{member}"] button[data-show]')
    button.focus()
    family_page.keyboard.press("Enter")
    expect(family_page.locator("#family-map-panel-heading")).to_have_text(
        node_data(family_page, f"person:{member}")["name"]
    )
    assert family_page.evaluate("id => window.cy.$id(id).selected()", f"person:{member}")


def test_relative_is_expanded_from_the_keyboard_into_their_services(signed_in_page, base_url, expandable_relative):
    focus, relative = expandable_relative
    page = signed_in_page()
    open_family_page(page, f"{base_url}/people/{focus}")
    assert not node_data(page, f"person:{relative}")["services_shown"]
    expand = page.locator(f'#family-map-people tr[data-node-id="person:{relative}"] a[data-expand]')
    expand.focus()
    page.evaluate("() => { document.body.dataset.mapReady = 'false'; }")
    page.keyboard.press("Enter")
    wait_for_map(page)

    assert node_data(page, f"person:{relative}")["expanded"] is True
    services = page.evaluate(
        "id => window.cy.nodes('[kind = \"involvement\"]').filter(n => n.data('person_id') === id).length", relative
    )
    assert services > 0
    assert_tables_match_the_map(page)
    # Focus lands on the control that undoes it, and the address keeps the state for a reload or a shared link.
    expect(page.locator(f'#family-map-people tr[data-node-id="person:{relative}"] a[data-collapse]')).to_be_focused()
    assert f"expand={relative}" in page.url


def test_export_png_downloads_a_non_empty_png(family_page):
    button = family_page.get_by_role("button", name="Download PNG")
    expect(button).to_be_enabled()
    with family_page.expect_download() as info:
        button.click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    assert width > 100 and height > 100
    assert download.suggested_filename.endswith(".png")


def test_offline_html_holds_the_map_and_loads_nothing_from_the_network(family_page, new_context, tmp_path):
    button = family_page.get_by_role("button", name="Download offline HTML")
    expect(button).to_be_enabled()
    with family_page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".html")
    html = Path(download.path()).read_text(encoding="utf-8")
    for node_id in node_ids(family_page):
        assert node_id in html, f"{node_id} is missing from the offline file"
    assert not re.search(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", html, re.IGNORECASE)
    assert not re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?(https?:)?//", html, re.IGNORECASE)
    assert not re.search(r"@import\s+(url\()?\s*[\"']?(https?:)?//", html, re.IGNORECASE)

    # Opened from disk with the network off, it still draws the map.
    saved = tmp_path / "family.html"
    saved.write_text(html, encoding="utf-8")
    offline = new_context(offline=True).new_page()
    failed = []
    offline.on("requestfailed", lambda request: failed.append(request.url))
    offline.goto(saved.as_uri())
    offline.wait_for_function("() => window.cy && window.cy.nodes().length > 0")
    assert sorted(node_ids(offline)) == sorted(node_ids(family_page))
    assert not failed, f"the offline file tried to load {failed}"
