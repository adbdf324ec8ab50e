"""Reading the family map the page drew: `window.cy` (Cytoscape.js) and the accessible tables beside it."""

from __future__ import annotations

import datetime as dt

from tests.browser.harness import wait_for_map

MAP_KINDS = ("person", "household", "involvement")


def node_data(page, node_id: str) -> dict | None:
    return page.evaluate("id => { const n = window.cy.$id(id); return n.nonempty() ? n.data() : null; }", node_id)


def compound_children(page, box_id: str) -> set[str]:
    return set(page.evaluate("id => window.cy.$id(id).children().map(n => n.id())", box_id))


def parent_of(page, node_id: str) -> str | None:
    return page.evaluate(
        "id => { const p = window.cy.$id(id).parent(); return p.nonempty() ? p.id() : null; }", node_id
    )


def node_ids(page) -> list[str]:
    return page.evaluate("() => window.cy.nodes().map(n => n.id())")


def map_nodes_by_kind(page) -> dict[str, set[str]]:
    found = page.evaluate("() => window.cy.nodes().map(n => [n.data('kind'), n.id()])")
    return {kind: {node for k, node in found if k == kind} for kind in MAP_KINDS}


def table_rows_by_kind(page) -> dict[str, set[str]]:
    """The node ids the accessible tables list (each row names the map node it stands for)."""
    tables = {
        "person": "#family-map-people",
        "household": "#family-map-households",
        "involvement": "#family-map-involvements",
    }
    return {
        kind: set(
            page.locator(f"{table} tbody tr[data-node-id]").evaluate_all("rows => rows.map(r => r.dataset.nodeId)")
        )
        for kind, table in tables.items()
    }


def tap(page, node_id: str) -> None:
    """Select a node as a click would. The function returns nothing on purpose: handing the Cytoscape collection
    `emit` returns back to Python would make Playwright walk the whole graph of the map (seconds)."""
    page.evaluate("id => { window.cy.$id(id).emit('tap'); }", node_id)


def redraw_as_at(page, day: dt.date) -> None:
    """Set the as-at control, press Redraw and wait until the map is drawn again (in place or by a new page)."""
    page.get_by_label("Show the family as at").fill(day.isoformat())
    # Mark the current drawing stale first, so the wait below cannot be satisfied by the drawing before the redraw.
    page.evaluate("() => { document.body.dataset.mapReady = 'false'; }")
    page.get_by_role("button", name="Redraw").click()
    wait_for_map(page)
