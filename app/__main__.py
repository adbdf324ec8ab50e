"""``python -m app``: serve on 127.0.0.1:$PORT (default 5000) for one user at a desk.

Threads, no reloader: the embedded engine may be opened for writing by one process only.
"""

import os

from app import create_app

if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    create_app().run(host="127.0.0.1", port=port, threaded=True, use_reloader=False)
