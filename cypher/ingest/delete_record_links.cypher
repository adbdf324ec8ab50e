// Answers: nothing; removes a source record's link to a person it no longer belongs to (re-linked elsewhere).
// Params: rows: list of {record_key, person_id}
// Mode: write
UNWIND $rows AS r
MATCH (s:SourceRecord)-[l:RECORD_OF]->(p:Person)
WHERE s.record_key = r.record_key AND p.person_id = r.person_id
DELETE l
