from pathlib import Path

import pytest

from graph import GraphConfigError, config_from_env, parse_graph_url


def test_unset_graph_url_means_the_embedded_engine_under_data():
    config = config_from_env({})
    assert config.engine == "ladybug"
    assert config.path == Path("data/graph/familygraph.lbdb")


def test_embedded_with_a_folder():
    assert parse_graph_url("embedded:/tmp/x").path == Path("/tmp/x/familygraph.lbdb")


@pytest.mark.parametrize("url", ["bolt://db:7687", "neo4j://db", "neo4j+s://db.example.org", "bolt+ssc://db"])
def test_neo4j_schemes(url):
    config = config_from_env({"GRAPH_URL": url, "NEO4J_USER": "u", "NEO4J_PASSWORD": "s3cret-pw"})
    assert (config.engine, config.user, config.password) == ("neo4j", "u", "s3cret-pw")
    assert "s3cret-pw" not in config.describe()


@pytest.mark.parametrize(
    "url, message",
    [
        ("postgres://db", "not understood"),
        ("neo4j://", "no host"),
        ("bolt://user:secret@db", "must not carry a user name or password"),
    ],
)
def test_wrong_graph_url_is_one_clear_error(url, message):
    with pytest.raises(GraphConfigError, match=message):
        parse_graph_url(url)
