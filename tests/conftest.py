"""Shared test set-up: the two graph engines, and the rule that CI never silently skips the real Neo4j.

The test Neo4j is started once per run by tools/neo4j/with-neo4j.sh (``make test`` does this) and reaches
pytest as NEO4J_URI. Without it, Neo4j-marked tests are skipped locally with a loud notice, and fail in CI.
The same rule holds for the browser tests and the system Chromium (``apt-get install chromium``).
"""

from __future__ import annotations

import os

import pytest

from graph import open_store, parse_graph_url
from tests.browser.harness import CHROMIUM, chromium_available

IN_CI = os.environ.get("CI", "").lower() == "true"
NEO4J_URI = os.environ.get("NEO4J_URI", "")
ENGINES = [
    pytest.param("ladybug", id="ladybug"),
    pytest.param("neo4j", id="neo4j", marks=pytest.mark.neo4j),
]
_skipped_for_neo4j = []
_skipped_for_chromium = []


def pytest_configure(config):
    if IN_CI and not NEO4J_URI:
        raise pytest.UsageError("CI=true but NEO4J_URI is not set: the test Neo4j did not start, so the run fails")
    if IN_CI and not chromium_available():
        raise pytest.UsageError(f"CI=true but there is no Chromium at {CHROMIUM}: the browser tests cannot run")


def pytest_collection_modifyitems(config, items):
    if not chromium_available():
        skip_browser = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip_browser)
                _skipped_for_chromium.append(item.nodeid)
    if NEO4J_URI:
        return
    skip = pytest.mark.skip(reason="no test Neo4j (NEO4J_URI unset): run `make test` with Java 17 and Maven")
    for item in items:
        if "neo4j" in item.keywords:
            item.add_marker(skip)
            _skipped_for_neo4j.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_chromium:
        bar = "!" * 100
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(
            f"NOTICE: {len(_skipped_for_chromium)} browser tests were SKIPPED because there is no Chromium at "
            f"{CHROMIUM}.",
            red=True,
            bold=True,
        )
        terminalreporter.write_line("Install it (apt-get install chromium) or set CHROMIUM_PATH.", red=True)
        terminalreporter.write_line(bar, red=True, bold=True)
    if _skipped_for_neo4j:
        bar = "!" * 100
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(
            f"NOTICE: {len(_skipped_for_neo4j)} Neo4j tests were SKIPPED because no test Neo4j was running.",
            red=True,
            bold=True,
        )
        terminalreporter.write_line(
            "Install Java 17 and Maven (apt-get install openjdk-17-jdk-headless maven) and run `make test`,",
            red=True,
        )
        terminalreporter.write_line("or start one with tools/neo4j/with-neo4j.sh and set NEO4J_URI.", red=True)
        terminalreporter.write_line(bar, red=True, bold=True)


def open_test_store(engine: str, tmp_path_factory):
    """A fresh, empty store with the schema applied, on the named engine."""
    if engine == "neo4j":
        store = open_store(parse_graph_url(NEO4J_URI), apply_schema=True)
        store.wipe()
        return store
    folder = tmp_path_factory.mktemp("ladybug")
    return open_store(f"embedded:{folder}", apply_schema=True)


@pytest.fixture(params=ENGINES)
def empty_store(request, tmp_path_factory):
    store = open_test_store(request.param, tmp_path_factory)
    yield store
    store.close()
