"""The strict Content-Security-Policy (app/security.py) in a real browser: the person page with the family map drawn,
a node selected and the map exported reports no CSP violation in Chromium's console, and the policy is enforced
(an inline script injected into the page is refused and reported, so the watch would see a violation)."""

from __future__ import annotations

import pytest

from tests.browser.family_map import tap
from tests.browser.harness import open_family_page

pytestmark = pytest.mark.browser
CSP = "Content Security Policy"


def watch_for_csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if CSP in message.text else None)
    return violations


def test_the_person_page_with_the_map_reports_no_csp_violation(signed_in_page, base_url, family_case):
    # Front door: the role that sees every category in full, so the map has the most to draw.
    page = signed_in_page("front_door")
    violations = watch_for_csp_violations(page)
    response = page.goto(f"{base_url}/people/{family_case.person_id}", wait_until="commit")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    open_family_page(page, f"{base_url}/people/{family_case.person_id}")
    tap(page, f"person:{family_case.person_id}")
    assert page.evaluate("() => getComputedStyle(window.cy.container()).position") == "relative"
    with page.expect_download():
        page.get_by_role("button", name="Download PNG").click()
    with page.expect_download():
        page.get_by_role("button", name="Download offline HTML").click()
    page.wait_for_timeout(300)  # console messages arrive asynchronously
    assert violations == []

    # The policy is live: an injected inline script does not run, and Chromium reports it.
    ran = page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injectedScriptRan = true';
            document.body.appendChild(script);
            return window.injectedScriptRan === true;
        }"""
    )
    page.wait_for_timeout(300)
    assert ran is False
    assert any("inline script" in text for text in violations), violations
