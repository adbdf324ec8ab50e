"""The Cypher console in a real browser, as an analyst uses it: the query typed into the CodeMirror editor and run
with Ctrl+Enter, the parameter rows following the $parameters of the query as it is typed, nodes and relationships
of the results drawn as a graph, no accessibility violation, and no Content-Security-Policy violation throughout
(the editor's styles, generated at run time, must not need an inline <style>)."""

from __future__ import annotations

import pytest

from graph.result_text import result_rows_text
from tests.browser.accessibility import assert_no_violations, report

pytestmark = pytest.mark.browser
CSP = "Content Security Policy"
SURNAME = "Kelly"  # one of the commonest surnames of the sample: several people, several households


@pytest.fixture
def console(signed_in_page, base_url):
    """The console page of the demo analyst, with the editor ready, and the CSP violations its console reports."""
    page = signed_in_page("analyst")
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if CSP in message.text else None)
    page.goto(f"{base_url}/console", wait_until="commit")
    wait_until_ready(page)
    return page, violations


def wait_until_ready(page) -> None:
    # A function, not an expression: Playwright evaluates a bare expression with eval, which the CSP forbids.
    page.wait_for_function("() => document.body.dataset.consoleReady === 'true'")


def editor(page):
    return page.get_by_role("textbox", name="Query")


def replace_query(page, text: str) -> None:
    """Select the query and type `text` over it, key by key, as a user does. (Typing over a selection is where
    Chrome's own editing would add an inline style attribute, refused by the CSP, were the editor to let it.)"""
    editor(page).click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def run_with_ctrl_enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    wait_until_ready(page)


def table_rows(page) -> list[list[str]]:
    return page.locator("#console-results tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.textContent.trim()))"
    )


def expected_rows(store, text: str, params: dict | None = None) -> list[list[str]]:
    result = store.run_read_only(text, params or {}, timeout_s=30, row_limit=5_000)
    return [[str(cell) for cell in row] for row in result_rows_text(result)]


def param_names(page) -> list[str]:
    return page.locator("#console-params .fg-param-row").evaluate_all("rows => rows.map(r => r.dataset.param)")


def assert_no_csp_violation(page, violations: list[str]) -> None:
    page.wait_for_timeout(300)  # console messages arrive asynchronously
    assert violations == []


def test_the_editor_replaces_the_textarea_styled_and_labelled(console):
    page, violations = console
    assert page.locator("#query").is_hidden()
    box = editor(page)
    assert box.is_visible()
    assert "MATCH" in box.inner_text()  # the server's example query, now in the editor
    # CodeMirror's own styles are in force (its base theme lays the editor out as a flex box; ours colours the
    # gutter of line numbers), which they would not be had the CSP refused them.
    assert page.locator(".cm-editor").evaluate("e => getComputedStyle(e).display") == "flex"
    assert page.locator(".cm-gutters").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(243, 242, 241)"
    assert page.locator(".cm-lineNumbers .cm-gutterElement").filter(has_text="1").count() >= 1
    # Keywords are highlighted: MATCH sits in a token span of its own.
    assert page.locator(".cm-line span", has_text="MATCH").count() >= 1
    # The label still leads to the query: clicking it puts the cursor in the editor.
    page.locator("label[for='query']").click()
    assert page.evaluate("() => document.activeElement.shadowRoot?.activeElement?.classList.contains('cm-content')")
    assert_no_csp_violation(page, violations)


def test_ctrl_enter_runs_the_typed_query_and_shows_the_results_table(console, sample_store):
    page, violations = console
    query = "MATCH (p:Person) RETURN p.surname AS surname, count(*) AS people ORDER BY people DESC, surname LIMIT 3"
    replace_query(page, query)
    assert page.locator("#query").input_value() == query  # the hidden textarea the form posts follows the editor
    run_with_ctrl_enter(page)
    assert page.locator("#console-results thead th").all_inner_texts() == ["surname", "people"]
    assert table_rows(page) == expected_rows(sample_store, query)
    assert len(table_rows(page)) == 3
    assert "MATCH (p:Person)" in editor(page).inner_text()  # the query stays in the editor after the run
    assert_no_csp_violation(page, violations)


def test_parameter_rows_follow_the_query_and_keep_what_was_typed(console, sample_store):
    page, violations = console
    assert param_names(page) == ["min_people"]  # the example query's parameter
    replace_query(
        page,
        "// $ignored: not a parameter in a comment\n"
        "MATCH (p:Person) WHERE p.surname = $surname AND p.forename <> '$not_a_parameter'\n"
        "RETURN p.forename AS forename ORDER BY forename",
    )
    page.locator("[data-param='surname']").wait_for()
    assert param_names(page) == ["surname"]
    assert page.locator("#console-params-none").is_hidden()
    page.get_by_label("$surname", exact=True).fill(SURNAME)

    # A second parameter: a new row after the first, with its type guessed from its name; the first keeps its value.
    editor(page).press("Control+End")
    page.keyboard.type(" LIMIT $row_limit")
    page.locator("[data-param='row_limit']").wait_for()
    assert param_names(page) == ["surname", "row_limit"]
    assert page.get_by_label("$surname", exact=True).input_value() == SURNAME
    assert page.get_by_label("Type of $row_limit").input_value() == "integer"
    assert page.get_by_role("status").filter(has_text="$row_limit").count() == 1  # told to screen reader users
    page.get_by_label("$row_limit", exact=True).fill("2")

    editor(page).click()
    run_with_ctrl_enter(page)
    query = page.locator("#query").input_value()
    assert table_rows(page) == expected_rows(sample_store, query, {"surname": SURNAME, "row_limit": 2})
    assert len(table_rows(page)) == 2
    assert page.get_by_label("$surname", exact=True).input_value() == SURNAME  # the server kept the values

    # Deleting the query leaves no parameter rows, and says so.
    replace_query(page, "RETURN 1 AS one")
    page.locator("#console-params-none").wait_for()
    assert param_names(page) == []
    assert_no_csp_violation(page, violations)


def test_an_empty_query_is_refused_and_the_error_leads_back_to_the_editor(console):
    page, violations = console
    editor(page).click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    run_with_ctrl_enter(page)
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Enter a Cypher query").click()
    # The link points at the hidden textarea; the reader lands in the editor that stands for it.
    assert page.evaluate("() => document.activeElement.shadowRoot?.activeElement?.classList.contains('cm-content')")
    assert_no_violations(report(page, "the console refusing an empty query"))
    assert_no_csp_violation(page, violations)


def test_nodes_and_relationships_in_the_results_are_drawn(console, sample_store):
    page, violations = console
    query = "MATCH (p:Person)-[m:MEMBER_OF]->(h:Household) WHERE p.surname = $surname RETURN p, m, h"
    replace_query(page, query)
    page.get_by_label("$surname", exact=True).fill(SURNAME)
    editor(page).click()
    run_with_ctrl_enter(page)

    rows = sample_store.run_read_only(query, {"surname": SURNAME}, timeout_s=30, row_limit=5_000).rows
    people = {row["p"]["id"]: row["p"]["properties"] for row in rows}
    households = {row["h"]["id"] for row in rows}
    memberships = {row["m"]["id"] for row in rows}
    assert len(people) > 1 and len(households) > 1  # the sample has several Kellys in several households
    drawn = page.evaluate(
        """() => ({
            nodes: window.consoleCy.nodes().length,
            edges: window.consoleCy.edges().length,
            labels: window.consoleCy.nodes().map(n => n.data('label')),
            width: window.consoleCy.nodes().boundingBox().w,
        })"""
    )
    assert drawn["nodes"] == len(people) + len(households)
    assert drawn["edges"] == len(memberships)
    person = next(iter(people.values()))
    assert f"{person['forename']} {person['surname']}" in drawn["labels"]
    assert drawn["width"] > 100  # laid out, not piled on one point
    assert page.locator("#console-graph canvas").count() > 0
    assert len(table_rows(page)) == len(rows)  # the table, the graph's accessible equivalent, has every row

    assert_no_violations(report(page, "the console with a query run and its results drawn as a graph"))
    assert_no_csp_violation(page, violations)
