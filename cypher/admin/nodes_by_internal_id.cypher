// Answers: the nodes with these engine-internal ids, to name the ends of relationships returned without them.
// Params: ids (list of Neo4j element ids)
// Mode: read
// Internal ids never leave graph/: the result converter turns them into our own keys.
UNWIND $ids AS i
MATCH (n) WHERE elementId(n) = i
RETURN i AS internal, n
