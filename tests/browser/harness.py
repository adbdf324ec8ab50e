"""The real app on the sample data, served on a free local port, and the system Chromium that drives it.

Shared by the browser tests (tests/browser/conftest.py), the screenshots (tools/screenshots.py) and the map
benchmark (bench/browser_map.py), so all three start the app the same way.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_EXTRACTS = ROOT / "sample_data" / "extracts"
SAMPLE_PREVIOUS = ROOT / "sample_data" / "previous" / "extracts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "correct horse battery staple"
REASON = "Allocated case work"  # the reason for access the tests give before a person's record opens
# What every page is opened with: a desktop window and a British locale (date controls show day/month/year).
PAGE_OPTIONS = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)


def build_sample_graph(folder: Path) -> Path:
    """Load the sample extracts (after the previous month's, so changes exist) into an embedded graph in `folder`
    with the same command users run. The working directory is `folder`, so quarantine reports land there."""
    folder.mkdir(parents=True, exist_ok=True)
    graph = folder / "graph"
    env = dict(os.environ, GRAPH_URL=f"embedded:{graph}", PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "ingest", "run", str(SAMPLE_EXTRACTS), "--first", str(SAMPLE_PREVIOUS)]
    command += ["--quarantine", str(folder / "quarantine.csv")]
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"ingest of the sample data failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return graph


def make_app(store, users_db: Path, secret_key: str = "browser-tests-only"):
    """The real app on `store`, with one user per role (username = role, password PASSWORD)."""
    from app import create_app
    from app.users import ROLES

    app = create_app(
        {
            "GRAPH_STORE": store,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{users_db}",
            "SECRET_KEY": secret_key,
            "PSEUDONYM_KEY": "browser-tests-only-pseudonym-key-0123456789",  # not the demo key file under data/
        }
    )
    for role in ROLES:
        add_user(app, role, username=role)
    return app


def add_user(app, role: str, username: str) -> str:
    """Another user with `role` (a user holds one session at a time: a test that signs in anew needs its own)."""
    from app.users import ROLES, create_user

    with app.app_context():
        create_user(username, f"Test {ROLES[role]}", role, PASSWORD)
    return username


class _QuietRequestHandler(WSGIRequestHandler):
    """Logs errors but not every request line, which would drown a failing test's output."""

    def log_request(self, code="-", size="-"):
        if str(code).startswith("5"):
            super().log_request(code, size)


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve `app` from a background thread on a free port of 127.0.0.1; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@dataclass
class SampleApp:
    """A running app on a freshly built sample graph (for the tools; the tests use fixtures instead)."""

    base_url: str
    store: object


@contextmanager
def sample_app(workdir: Path) -> Iterator[SampleApp]:
    from graph import open_store

    store = open_store(f"embedded:{build_sample_graph(workdir)}", apply_schema=True)
    try:
        with serve(make_app(store, workdir / "users.db")) as base_url:
            yield SampleApp(base_url, store)
    finally:
        store.close()


def sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a user would."""
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^(?!.*/sign-in).*$"))


def wait_for_map(page, timeout_ms: float = 20_000) -> None:
    """The family map lays out synchronously, which blocks the load event: wait for its own ready flag.
    (A function, not an expression: Playwright evaluates a bare expression with eval, which the CSP forbids.)"""
    page.wait_for_function("() => document.body.dataset.mapReady === 'true'", timeout=timeout_ms)


def open_heavy_page(page, url: str, timeout_ms: float = 20_000) -> None:
    page.goto(url, wait_until="commit")
    wait_for_map(page, timeout_ms)


def on_reason_page(page) -> bool:
    return urlsplit(page.url).path.endswith("/reason")


def give_reason(page, reason: str = REASON) -> None:
    """Answer the reason-for-access question a person's record asks first (once per person per session)."""
    page.get_by_label(reason, exact=True).check()
    page.get_by_role("button", name="Continue to the record").click()
    page.wait_for_url(lambda url: not urlsplit(url).path.endswith("/reason"), wait_until="commit")


def open_family_page(page, url: str, reason: str = REASON, timeout_ms: float = 20_000) -> None:
    """Open a person's page as a user does: give a reason for access when asked, then wait for the map."""
    page.goto(url, wait_until="commit")
    if on_reason_page(page):
        give_reason(page, reason)
    wait_for_map(page, timeout_ms)
