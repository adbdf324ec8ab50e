// Answers: nothing; a parent (src) of a child (dst).
// Params: rows: list of {src, dst, kind (birth/step/adoptive/unknown), source}
// Mode: write
// Bulk: PARENT_OF
UNWIND $rows AS r
MATCH (a:Person) WHERE a.person_id = r.src
WITH r, a
MATCH (b:Person) WHERE b.person_id = r.dst
MERGE (a)-[e:PARENT_OF]->(b)
SET e.kind = r.kind, e.source = r.source
