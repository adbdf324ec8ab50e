"""Read a table out of a page as its users see it: header cells and body rows as text (stdlib HTML parser)."""

from __future__ import annotations

from html.parser import HTMLParser


class _TableReader(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__(convert_charrefs=True)
        self.table_id = table_id
        self.depth = 0  # >0 inside the wanted table
        self.section = None
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            if self.depth or dict(attrs).get("id") == self.table_id:
                self.depth += 1
            return
        if not self.depth:
            return
        if tag in {"thead", "tbody", "tfoot"}:
            self.section = tag
        elif tag == "tr" and self.section == "tbody":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag in {"td", "th"} and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            if self.section == "thead":
                self.header.append(text)
            elif self.section == "tbody" and self.rows:
                self.rows[-1].append(text)
            self.cell = None

    def handle_data(self, data):
        if self.depth and self.cell is not None:
            self.cell.append(data)


def read_table(page: str, table_id: str) -> tuple[list[str], list[list[str]]]:
    """(header cells, body rows) of the table with this id; AssertionError when the page has no such table."""
    reader = _TableReader(table_id)
    reader.feed(page)
    assert reader.header or reader.rows, f"no table with id {table_id!r} on the page"
    return reader.header, reader.rows
