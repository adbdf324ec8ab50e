"""Screenshots of the main pages, on the sample data, for docs/screenshots/ (1280 px wide PNGs).

    .venv/bin/python tools/screenshots.py [--out docs/screenshots]

Starts the app exactly as the browser tests do (tests/browser/harness.py: the sample extracts loaded with the real
ingest command into a temporary embedded graph, the app on a free local port, the system Chromium headless) and
follows the same child the tests follow, so the pictures show what the tests check.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.family_map import tap  # noqa: E402
from tests.browser.ground_truth import choose_family_case  # noqa: E402
from tests.browser.harness import (  # noqa: E402
    PAGE_OPTIONS,
    give_reason,
    launch_chromium,
    sample_app,
    sign_in,
    wait_for_map,
)

WIDTH = PAGE_OPTIONS["viewport"]["width"]
MAX_HEIGHT = 1600  # a section taller than this is cut, so that the pictures stay readable in a README


def shoot(page, path: Path, selector: str | None = None) -> None:
    """The whole width of the page: from the top of `selector`'s element (or of the page) down to its end."""
    if selector is None:
        page.screenshot(path=path, full_page=True, clip=_clip(0, page.evaluate("document.body.scrollHeight")))
        return
    box = page.locator(selector).bounding_box()
    top = max(0, box["y"] + page.evaluate("window.scrollY") - 16)
    page.screenshot(path=path, full_page=True, clip=_clip(top, box["height"] + 32))


def _clip(top: float, height: float) -> dict:
    return {"x": 0, "y": top, "width": WIDTH, "height": min(height, MAX_HEIGHT)}


def take(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with tempfile.TemporaryDirectory(prefix="familygraph-screenshots-") as work:
        with sample_app(Path(work)) as running, sync_playwright() as playwright:
            case = choose_family_case(running.store)
            browser = launch_chromium(playwright)
            page = browser.new_page(**PAGE_OPTIONS)
            sign_in(page, running.base_url, "social_worker")

            page.goto(f"{running.base_url}/?q={case.misspelt_surname}")
            taken.append(out / "search-results.png")
            shoot(page, taken[-1])

            page.goto(f"{running.base_url}/people/{case.person_id}")
            taken.append(out / "reason-for-access.png")
            shoot(page, taken[-1])
            give_reason(page)
            wait_for_map(page)
            tap(page, f"practitioner:{case.lead.episode_id}")
            for name, selector in (
                ("person-family-map.png", "#family-map"),
                ("person-household.png", "#household"),
                ("person-services.png", "#services"),
                ("person-chronology.png", "#chronology"),
            ):
                taken.append(out / name)
                shoot(page, taken[-1], selector)

            steward = browser.new_page(**PAGE_OPTIONS)
            sign_in(steward, running.base_url, "data_steward")
            steward.goto(f"{running.base_url}/linkage/review")
            taken.append(out / "linkage-review-queue.png")
            shoot(steward, taken[-1])
            steward.locator("table.fg-linkage-queue tbody a.govuk-link").first.click()
            steward.get_by_role("heading", level=1).wait_for()
            taken.append(out / "linkage-review-pair.png")
            shoot(steward, taken[-1])
            taken += analyst_pages(browser, running.base_url, out)
            browser.close()
    return taken


def analyst_pages(browser, base_url: str, out: Path) -> list[Path]:
    """A saved cohort's results, the Cypher console with a graph answer, service insight and data quality."""
    taken = []
    analyst = browser.new_page(**PAGE_OPTIONS)
    sign_in(analyst, base_url, "analyst")
    analyst.goto(f"{base_url}/cohorts/families_known_to_many_services")
    analyst.get_by_role("button", name="Run cohort").click()
    analyst.locator("#cohort-results").wait_for()
    taken.append(out / "cohort-results.png")
    shoot(analyst, taken[-1])

    analyst.goto(f"{base_url}/console")
    analyst.wait_for_function("() => document.body.dataset.consoleReady === 'true'")
    analyst.get_by_role("textbox", name="Query").click()
    analyst.keyboard.press("Control+A")
    analyst.keyboard.type(CONSOLE_EXAMPLE)
    analyst.wait_for_selector("#param-surname")
    analyst.fill("#param-surname", "Kelly")
    with analyst.expect_navigation():
        analyst.get_by_role("button", name="Run query").click()
    analyst.wait_for_function("() => document.body.dataset.consoleReady === 'true'")
    analyst.wait_for_timeout(1500)  # let the layout settle before the picture
    taken.append(out / "cypher-console.png")
    shoot(analyst, taken[-1])

    for path, name in (("/insight", "service-insight.png"), ("/data-quality", "data-quality.png")):
        analyst.goto(f"{base_url}{path}")
        analyst.get_by_role("heading", level=1).wait_for()
        taken.append(out / name)
        shoot(analyst, taken[-1])
    return taken


CONSOLE_EXAMPLE = (
    "MATCH (p:Person)-[m:MEMBER_OF]->(h:Household)\nWHERE p.surname = $surname AND m.valid_to IS NULL\nRETURN p, m, h"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNG files")
    args = parser.parse_args(argv)
    for path in take(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
