"""Signing in and out in a real browser; every page needs a signed-in user."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import PASSWORD

pytestmark = pytest.mark.browser


def test_signed_out_visit_redirects_to_sign_in_then_back_to_the_page(anonymous_page, base_url, family_case):
    page = anonymous_page
    page.goto(f"{base_url}/people/{family_case.person_id}")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert family_case.surname not in page.content()  # nothing of the family leaks to a signed-out visitor

    page.get_by_label("Username").fill("social_worker")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/people/{family_case.person_id}$"))
    expect(page.get_by_text("Signed in as Test Social worker (Social worker)")).to_be_visible()


def test_wrong_password_is_refused_with_an_error_summary(anonymous_page, base_url):
    page = anonymous_page
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Username").fill("social_worker")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The username or password is not right")
    expect(page).to_have_url(re.compile(r"/sign-in"))


def test_sign_out_ends_the_session(signed_in_page, base_url):
    page = signed_in_page("analyst")
    page.goto(f"{base_url}/status")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"{base_url}/status")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
