// Answers: which person each source record is linked to (the "before" picture for change detection).
// Params: none
// Mode: read
MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person)
RETURN s.record_key AS record_key, s.system AS system, p.person_id AS person_id
ORDER BY record_key
