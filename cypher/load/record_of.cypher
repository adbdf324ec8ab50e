// Answers: nothing; links a source record to the person it describes, with how the link was made.
// Params: rows: list of {src, dst, match_probability (float), method}
// Mode: write
// Bulk: RECORD_OF
UNWIND $rows AS r
MATCH (a:SourceRecord) WHERE a.record_key = r.src
WITH r, a
MATCH (b:Person) WHERE b.person_id = r.dst
MERGE (a)-[e:RECORD_OF]->(b)
SET e.match_probability = r.match_probability, e.method = r.method
