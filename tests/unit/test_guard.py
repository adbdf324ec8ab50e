import pytest

from graph.errors import ReadOnlyViolation
from graph.guard import check_read_only_text


@pytest.mark.parametrize(
    "text",
    [
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
        "load csv with headers from 'https://example.org/x.csv' AS l RETURN l",
        "LOAD FROM '/etc/passwd' (file_format='csv') RETURN *",
        "COPY Person FROM '/tmp/p.csv'",
        "COPY (MATCH (n) RETURN n) TO '/tmp/out.csv'",
        "INSTALL httpfs",
        "LOAD EXTENSION httpfs",
        "ATTACH '/tmp/other.lbdb' AS other (dbtype lbug)",
        "EXPORT DATABASE '/tmp/dump'",
        "IMPORT DATABASE '/tmp/dump'",
        "USE system SHOW USERS",
        "SHOW USERS",
        "SHOW DATABASES",
        "GRANT ROLE admin TO bob",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "STOP DATABASE neo4j",
        "CALL dbms.killQuery('q')",
        "CALL apoc.load.json('https://example.org')",
        "CALL db.createLabel('X')",
        "CALL read_csv('/etc/passwd')",
        "MATCH (n) RETURN n; MATCH (m) RETURN m",
        "",
        "RETURN 1 " + "+ 1 " * 10_000,
        "RETURN " + "(" * 65 + "1" + ")" * 65,
        "RETURN " + "[" * 100 + "]" * 100,
    ],
)
def test_refused(text):
    with pytest.raises(ReadOnlyViolation):
        check_read_only_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (p:Person) WHERE p.surname = 'LOAD CSV FROM x' RETURN p",
        "MATCH (p:Person) // COPY this later\nRETURN p.person_id",
        "CALL db.labels()",
        "CALL show_tables() RETURN name",
        "CALL { MATCH (n) RETURN n LIMIT 1 } RETURN n",
        "SHOW INDEXES",
        "MATCH (u:Use) RETURN u.use",
        "MATCH (n) RETURN n;",
        "RETURN " + "(" * 64 + "1" + ")" * 64,
        "RETURN '" + "(" * 500 + "' AS brackets_in_a_string",
    ],
)
def test_allowed(text):
    check_read_only_text(text)
