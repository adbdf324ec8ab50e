"""Accessibility checks with axe-core (axe-playwright-python), failing with a readable list of what is wrong."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
# Every rule axe runs by default (WCAG 2.x A and AA, and its best practices): "no violations" means all of them.
OPTIONS = {"resultTypes": ["violations"]}


def violations(page) -> list[dict]:
    return _axe.run(page, options=OPTIONS).response["violations"]


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['failureSummary']}".replace("\n", " "))
            lines.append(f"       {node['html'][:200]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more elements")
    return "\n".join(lines)


def report(page, what: str) -> str:
    """'' when axe finds nothing wrong, else a readable account of what it found."""
    found = violations(page)
    return (
        f"axe found {len(found)} accessibility violations on {what} ({page.url}):\n{describe(found)}" if found else ""
    )


def assert_no_violations(*reports: str) -> None:
    """Fail with every report that found something (pass `report(page, what)` for each page checked)."""
    found = [r for r in reports if r]
    if found:
        pytest.fail("\n".join(found), pytrace=False)
