"""Errors the graph store raises. Each carries one clear line for a person to read (no stack trace needed)."""


class GraphError(Exception):
    """Base class: anything that went wrong talking to the graph store."""


class GraphConfigError(GraphError):
    """GRAPH_URL (or a related setting) is malformed or names an unknown engine."""


class GraphUnavailable(GraphError):
    """The store cannot be reached or opened (server down, database locked by another process)."""


class GraphAuthError(GraphError):
    """The server refused our credentials."""


class ReadOnlyViolation(GraphError):
    """A read-only query tried to write, load files or call a procedure that is not allowed."""


class QueryTimeout(GraphError):
    """A query ran past its time limit and was stopped."""


class QueryError(GraphError):
    """The engine rejected a query (syntax, unknown function, type error). The message is the engine's own."""


class UnknownQuery(GraphError):
    """A named query was asked for that has no file in cypher/."""
