"""``python -m graph`` as a person runs it: one clear line and a non-zero exit for every failure."""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NEO4J_URI

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, env_extra=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in {"GRAPH_URL", "NEO4J_USER", "NEO4J_PASSWORD"}}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def embedded(tmp_path):
    env = {"GRAPH_URL": f"embedded:{tmp_path}"}
    assert run_cli("init", env_extra=env).returncode == 0
    return env


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_engine(request, tmp_path):
    if request.param == "neo4j":
        return {"GRAPH_URL": NEO4J_URI}
    env = {"GRAPH_URL": f"embedded:{tmp_path}"}
    assert run_cli("init", env_extra=env).returncode == 0
    return env


@pytest.mark.parametrize(
    "text",
    [
        "CREATE (p:Person {person_id: 'cli'})",
        "MERGE (p:Person {person_id: 'cli'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (p:Person) SET p.surname = 'x'",
        "MATCH (p:Person) SET p.surname = NULL",
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    ],
)
def test_query_refuses_writes(any_engine, text):
    result = run_cli("query", text, env_extra=any_engine)
    assert result.returncode == 3
    assert result.stderr.startswith("familygraph: refused:")
    assert "Traceback" not in result.stderr


def test_query_formats(any_engine):
    query = "UNWIND [1, 2] AS i RETURN i, $d AS d"
    as_json = run_cli("query", query, "--param", "d=2024-02-29", "--format", "json", env_extra=any_engine)
    assert json.loads(as_json.stdout) == [{"i": 1, "d": "2024-02-29"}, {"i": 2, "d": "2024-02-29"}]
    as_csv = run_cli("query", query, "-p", "d=2024-02-29", "-f", "csv", env_extra=any_engine)
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["i", "d"], ["1", "2024-02-29"], ["2", "2024-02-29"]]
    table = run_cli("query", query, "-p", "d=2024-02-29", env_extra=any_engine)
    assert "(2 rows)" in table.stdout


def test_stats_and_init(embedded):
    result = run_cli("stats", env_extra=embedded)
    assert result.returncode == 0
    assert "embedded LadybugDB" in result.stdout


def test_query_reports_a_syntax_error_in_one_line(embedded):
    result = run_cli("query", "MATCH (n RETURN n", env_extra=embedded)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "url, message",
    [
        ("postgres://db/x", "is not understood"),
        ("bolt://127.0.0.1:1", "cannot reach Neo4j at bolt://127.0.0.1:1"),
    ],
)
def test_wrong_url_or_unreachable_server(url, message):
    result = run_cli("stats", env_extra={"GRAPH_URL": url})
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_missing_embedded_database_is_reported(tmp_path):
    result = run_cli("query", "RETURN 1", env_extra={"GRAPH_URL": f"embedded:{tmp_path / 'none'}"})
    assert result.returncode == 2
    assert "no embedded database" in result.stderr


@pytest.fixture(scope="module")
def neo4j_with_auth(tmp_path_factory):
    """A second test Neo4j, with auth on, so that wrong credentials can be refused by a real server."""
    jar_dir = ROOT / "tools" / "neo4j" / "target"
    password = secrets.token_urlsafe(16)
    folder = tmp_path_factory.mktemp("neo4j-auth")
    proc = subprocess.Popen(
        [
            "java",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-cp",
            f"{jar_dir / 'test-neo4j-1.0.jar'}:{jar_dir / 'lib'}/*",
            "familygraph.TestNeo4j",
            "0",
            str(folder / "db"),
            password,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in proc.stdout:
            if line.startswith("NEO4J READY"):
                yield line.split()[2].rstrip("/"), password
                break
        else:
            pytest.fail("the auth-enabled test Neo4j did not start")
    finally:
        proc.terminate()
        proc.wait(timeout=60)


@pytest.mark.neo4j
def test_bad_credentials(neo4j_with_auth):
    uri, password = neo4j_with_auth
    bad = run_cli("stats", env_extra={"GRAPH_URL": uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "wrong-password"})
    assert bad.returncode == 2
    assert "refused the credentials" in bad.stderr and "Traceback" not in bad.stderr
    good = run_cli("stats", env_extra={"GRAPH_URL": uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": password})
    assert good.returncode == 0, good.stderr
