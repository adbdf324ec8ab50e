"""The service insight page in a real browser, on the sample data: the three charts load as images and are drawn in
colour (the SVG's styles apply), the page has no accessibility violation and no Content-Security-Policy violation,
and a chart opened on its own (as "open image in new tab" does) keeps its styles under its own policy."""

from __future__ import annotations

import pytest

from tests.browser.accessibility import assert_no_violations, report

pytestmark = pytest.mark.browser
CSP = "Content Security Policy"
SAMPLE_AS_AT = "2026-11-01"  # the sample extracts' date

# How many different colours an image is drawn with: a heat map whose styles were refused is black shapes on white.
COLOURS_OF_IMAGE = """(selector) => {
  const image = document.querySelector(selector);
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  for (let i = 0; i < pixels.length; i += 4) colours.add(pixels.slice(i, i + 3).join(','));
  return colours.size;
}"""


def test_the_insight_page_draws_its_three_charts_accessibly(signed_in_page, base_url):
    page = signed_in_page("leader")
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if CSP in message.text else None)
    page.goto(f"{base_url}/insight?as_at={SAMPLE_AS_AT}")
    page.wait_for_function("() => [...document.images].every((image) => image.complete)")

    images = page.locator("figure img")
    assert images.count() == 3
    for k in range(3):
        image = images.nth(k)
        assert image.evaluate("(image) => image.naturalWidth") > 0, image.get_attribute("src")
        assert len(image.get_attribute("alt")) > 40
    assert page.evaluate(COLOURS_OF_IMAGE, "#co-involvement img") > 50, "the heat map is drawn in colour"
    for table in ("co-involvement-table", "services-per-family-table", "open-by-month-table"):
        assert page.locator(f"#{table} tbody tr").count() > 0, table
    assert_no_violations(report(page, "the service insight page"))

    # A chart opened on its own is an SVG document: its own policy lets matplotlib's inline styles apply.
    chart = page.context.new_page()
    chart.on("console", lambda message: violations.append(message.text) if CSP in message.text else None)
    chart.goto(f"{base_url}/insight/co_involvement.svg?as_at={SAMPLE_AS_AT}")
    filled = chart.evaluate("() => getComputedStyle(document.querySelector('path[style*=\"fill\"]')).fill")
    assert filled != "rgb(0, 0, 0)", "the chart's styles were refused"
    chart.wait_for_timeout(300)  # console messages arrive asynchronously
    assert violations == []
