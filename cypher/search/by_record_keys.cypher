// Answers: the people these source records (by record key, system:record_id) belong to: the search's lookup of a
//   typed source id, tried in every source system, by primary key.
// Params: record_keys (list of strings)
// Mode: read
UNWIND $record_keys AS record_key
MATCH (s:SourceRecord {record_key: record_key})
OPTIONAL MATCH (s)-[:RECORD_OF]->(p:Person)
RETURN p.person_id AS person_id, s.system AS system, s.record_id AS record_id
ORDER BY person_id, system, record_id
