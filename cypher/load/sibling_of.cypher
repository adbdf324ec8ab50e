// Answers: nothing; siblings (derived from shared parents, or recorded by a source).
// Params: rows: list of {src, dst, kind (full/half/recorded), source}
// Mode: write
// Bulk: SIBLING_OF
UNWIND $rows AS r
MATCH (a:Person) WHERE a.person_id = r.src
WITH r, a
MATCH (b:Person) WHERE b.person_id = r.dst
MERGE (a)-[e:SIBLING_OF]->(b)
SET e.kind = r.kind, e.source = r.source
