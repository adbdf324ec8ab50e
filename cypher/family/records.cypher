// Answers: which source systems hold a record of one person, under which id, as of when.
// Params: person_id (string)
// Mode: read
// One person per query (callers use store.read_each): see GraphStore.read_each for why.
MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person {person_id: $person_id})
RETURN p.person_id AS person_id, s.system AS system, s.record_id AS record_id, s.extracted_at AS extracted_at
ORDER BY system, record_id
