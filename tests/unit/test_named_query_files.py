"""Every query the product runs is a documented file in cypher/; overrides say why they exist."""

import re

import pytest

from graph.named_queries import CYPHER_DIR, load_library, parse_header
from graph.schema import declared_tables, node_keys

LIBRARY = load_library()


def test_library_is_not_empty():
    assert {"person", "services_involved", "load/people", "admin/wipe"} <= set(LIBRARY)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_each_query_has_a_header(name):
    query = LIBRARY[name]
    assert query.answers, f"{name}: add an '// Answers:' line"
    assert "params" in query.header, f"{name}: add a '// Params:' line"
    assert query.mode in {"read", "write"}, f"{name}: '// Mode:' must be read or write"


@pytest.mark.parametrize("name, engine", sorted((n, e) for n, q in LIBRARY.items() for e in q.overrides))
def test_each_override_says_why(name, engine):
    assert parse_header(LIBRARY[name].overrides[engine]).get("why"), f"{name}.{engine}.cypher needs '// Why:'"


@pytest.mark.parametrize("name", sorted(n for n, q in LIBRARY.items() if not q.overrides))
def test_portable_queries_avoid_what_the_embedded_engine_lacks(name):
    """DESIGN.md's portable subset: no map projections, no EXISTS {}, no duration(), no SET +=."""
    text = LIBRARY[name].text
    for pattern in [
        r"\w\{\s*\.",
        r"EXISTS\s*\{",
        r"duration\s*\(",
        r"SET\s+\w+\s*\+=",
        r"\btoInteger\(",
        r"substring\(",
    ]:
        assert not re.search(pattern, text, re.I), f"{name} uses {pattern}, which is not portable"


def test_every_label_has_a_key_and_a_neo4j_constraint():
    constraints = (CYPHER_DIR / "schema.neo4j.cypher").read_text()
    for label, key in node_keys().items():
        assert re.search(rf"FOR \(n:{label}\) REQUIRE n\.{key} IS UNIQUE", constraints), label


def test_relationship_tables_are_declared():
    rels = {name for name, t in declared_tables().items() if t.kind == "REL"}
    assert {
        "RECORD_OF",
        "MEMBER_OF",
        "AT",
        "PARENT_OF",
        "PARTNER_OF",
        "SIBLING_OF",
        "RELATED_TO",
        "SUBJECT_OF",
        "PROVIDED_BY",
        "LEAD_PRACTITIONER_FOR",
    } <= rels
