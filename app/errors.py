"""Error pages: GOV.UK-styled HTML for pages, JSON for the API; never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

TITLES = {
    400: "There is a problem with the request",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That action is not allowed here",
    429: "Too many requests",
    500: "Sorry, there is a problem with the service",
}


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        return jsonify(error=error.name.lower().replace(" ", "_"), message=error.description), error.code
    title = TITLES.get(error.code, error.name)
    return render_template("error.html", title=title, message=error.description, code=error.code), error.code


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    # The operators get the exception's type and where it happened, not its message: a message can quote the
    # data (a name, a search term), and no personal data goes into the logs. The user sees a plain message.
    import traceback

    from flask import current_app

    frames = "".join(traceback.format_tb(error.__traceback__))
    current_app.logger.error("unhandled %s on %s\n%s", type(error).__name__, request.endpoint, frames)
    return _http_error(InternalServerError("Try again later. If it keeps happening, tell the service desk."))
