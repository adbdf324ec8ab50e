"""Files the pages offer for download: one way to answer with an attachment, and one guard against a cell that a
spreadsheet would run as a formula."""

from __future__ import annotations

from flask import Response

# A cell starting with one of these is read as a formula when the file opens in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """The text, with a leading quote when a spreadsheet would otherwise read it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def attachment(body, filename: str, mimetype: str = "text/csv") -> Response:
    """A download named `filename`; `body` may be text or an iterable of chunks (a streamed export)."""
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
