"""``python -m app``: serve on 127.0.0.1:$PORT (default 5000) for one user at a desk.

Threads, no reloader: the embedded engine may be opened for writing by one process only.
"""

import os

from werkzeug.serving import WSGIRequestHandler

from app import create_app
from app.services.search import start_building


class RequestLogWithoutQuery(WSGIRequestHandler):
    """The access log line without the query string: search terms are personal data and must not be logged."""

    def log_request(self, code="-", size="-"):
        path = self.path.split("?", 1)[0]
        self.log("info", '"%s %s" %s', self.command, path, code)


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    app = create_app()
    start_building(app.extensions["graph_store"])  # the search index, in the background: searches need not wait
    app.run(host="127.0.0.1", port=port, threaded=True, use_reloader=False, request_handler=RequestLogWithoutQuery)
