"""Signing in and out in a real browser; every page needs a signed-in user."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import PASSWORD, give_reason

pytestmark = pytest.mark.browser


def test_signed_out_visit_redirects_to_sign_in_then_back_to_the_page(anonymous_page, base_url, family_case, new_user):
    page = anonymous_page
    page.goto(f"{base_url}/people/{family_case.person_id}")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert family_case.surname not in page.content()  # nothing of the family leaks to a signed-out visitor

    page.get_by_label("Username").fill(new_user("social_worker"))
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Back to the record asked for, which first asks why the user needs it.
    expect(page).to_have_url(
        re.compile(rf"/people/{family_case.person_id}/reason\?next=/people/{family_case.person_id}$")
    )
    expect(page.get_by_text("Signed in as Test Social worker (Social worker)")).to_be_visible()
    give_reason(page)
    expect(page).to_have_url(re.compile(rf"/people/{family_case.person_id}$"))


def test_wrong_password_is_refused_with_an_error_summary(anonymous_page, base_url, new_user):
    page = anonymous_page
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Username").fill(new_user("social_worker"))
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The username or password is not right")
    expect(page).to_have_url(re.compile(r"/sign-in"))


def test_sign_out_ends_the_session_even_for_a_copied_cookie(signed_in_page, new_context, base_url):
    page = signed_in_page("analyst", fresh=True)
    page.goto(f"{base_url}/status")
    signed_in_state = page.context.storage_state()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"{base_url}/status")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))

    replayed = new_context(storage_state=signed_in_state).new_page()
    replayed.goto(f"{base_url}/status")
    expect(replayed).to_have_url(re.compile(r"/sign-in"))
