"""docker-compose.yml is valid, and refuses to run without secrets (no default passwords)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def compose_command():
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if os.environ.get("CI") == "true":
        pytest.fail("docker compose is not installed (.ci/run installs it)")
    pytest.skip("docker compose is not installed")


def config(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"NEO4J_PASSWORD", "SECRET_KEY", "POSTGRES_PASSWORD"}}
    env.update(env_extra)
    return subprocess.run([*compose_command(), "config"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_compose_file_is_valid():
    secrets = {"NEO4J_PASSWORD": "test-only-password", "SECRET_KEY": "test-only-key", "POSTGRES_PASSWORD": "test-pg"}
    result = config(secrets)
    assert result.returncode == 0, result.stderr
    for expected in ["neo4j:5.26", "GRAPH_URL: bolt://neo4j:7687", "gunicorn", "ingest", "healthcheck", "neo4j-data"]:
        assert expected in result.stdout
    for expected in ["postgres:16", "postgres-data", "DATABASE_URL: postgresql+psycopg://familygraph@postgres:5432"]:
        assert expected in result.stdout


def test_compose_refuses_to_start_without_a_database_password():
    result = config({"NEO4J_PASSWORD": "test-only-password", "SECRET_KEY": "test-only-key"})
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_compose_refuses_to_start_without_a_password():
    result = config({})
    assert result.returncode != 0
    assert "NEO4J_PASSWORD" in result.stderr
