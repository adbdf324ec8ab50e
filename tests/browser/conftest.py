"""Browser test set-up: once per session, the sample data loaded into an embedded graph with the real ingest
command, the real app serving it on a free local port, and one headless system Chromium.

Each test gets fresh browser contexts (cheap); users sign in through the real form once per role and later
contexts start from that signed-in state, so the suite stays quick on a small machine.
"""

from __future__ import annotations

import pytest

from tests.browser.ground_truth import choose_family_case
from tests.browser.harness import (
    PAGE_OPTIONS,
    add_user,
    build_sample_graph,
    launch_chromium,
    make_app,
    serve,
    sign_in,
)

DEFAULT_TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def sample_graph(tmp_path_factory):
    return build_sample_graph(tmp_path_factory.mktemp("browser-sample"))


@pytest.fixture(scope="session")
def sample_store(sample_graph):
    from graph import open_store

    store = open_store(f"embedded:{sample_graph}", apply_schema=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def family_case(sample_store):
    """The child the explorer tests follow (see ground_truth.choose_family_case)."""
    return choose_family_case(sample_store)


@pytest.fixture(scope="session")
def expandable_relative(sample_store) -> tuple[str, str]:
    """(focus, relative): the first page (in person id order) whose map shows a relative whose own services are
    not drawn until the user expands them."""
    from app.services.family import load_family
    from app.services.family_map import family_elements

    rows = sample_store.run_read_only("MATCH (p:Person) RETURN p.person_id AS pid ORDER BY pid", row_limit=100_000)
    for row in rows.rows:
        for node in family_elements(load_family(sample_store, row["pid"], role="social_worker"))["elements"]["nodes"]:
            d = node["data"]
            if d["kind"] == "person" and not d["focus"] and not d["services_shown"] and d["involvements_not_drawn"]:
                return row["pid"], d["person_id"]
    raise LookupError("no page of the sample has a relative to expand")


@pytest.fixture(scope="session")
def app(sample_store, tmp_path_factory):
    return make_app(sample_store, tmp_path_factory.mktemp("browser-users") / "users.db")


@pytest.fixture(scope="session")
def base_url(app):
    with serve(app) as url:
        yield url


@pytest.fixture
def new_user(app, request):
    """``new_user("social_worker")``: the username of a user of that role nobody has signed in as yet."""
    made = []

    def make(role: str = "social_worker") -> str:
        made.append(add_user(app, role, f"{role}.{request.node.name[:40]}.{len(made)}"))
        return made[-1]

    return make


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """Make browser contexts for this test (closed after it): ``new_context(java_script_enabled=False)``."""
    made = []

    def make(**options):
        context = browser.new_context(**{**PAGE_OPTIONS, **options})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def anonymous_page(new_context):
    return new_context().new_page()


@pytest.fixture(scope="session")
def _signed_in_states(browser, base_url):
    """role -> the browser storage state (session cookie) after signing in through the form, once per role."""
    states = {}

    def state_for(role: str) -> dict:
        if role not in states:
            context = browser.new_context(**PAGE_OPTIONS)
            context.set_default_timeout(DEFAULT_TIMEOUT_MS)
            page = context.new_page()
            sign_in(page, base_url, role)
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return state_for


@pytest.fixture
def signed_in_page(new_context, _signed_in_states, base_url, new_user):
    """``signed_in_page("data_steward")``: a new page of a user with that role (username = role), signed in.

    Pages of one role share one signed-in session, so a reason for access given in one test holds in the next.
    ``fresh=True`` signs a new user of the role in through the form: a session of its own, for a test that signs
    out or must be asked for a reason (signing the shared user in again would end the shared session)."""

    def make(role: str = "social_worker", fresh: bool = False, **options):
        if fresh:
            page = new_context(**options).new_page()
            sign_in(page, base_url, new_user(role))
            return page
        return new_context(storage_state=_signed_in_states(role), **options).new_page()

    return make
