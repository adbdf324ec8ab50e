// Answers: nothing; the ingest run that detected a change.
// Params: rows: list of {src, dst}
// Mode: write
UNWIND $rows AS r
MATCH (a:Change) WHERE a.change_id = r.src
WITH r, a
MATCH (b:Load) WHERE b.load_id = r.dst
MERGE (a)-[e:FOUND_BY]->(b)
