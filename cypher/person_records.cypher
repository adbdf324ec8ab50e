// Answers: which source systems know this person, under which ids, and how each record was linked.
// Params: person_id (string)
// Mode: read
MATCH (s:SourceRecord)-[l:RECORD_OF]->(p:Person {person_id: $person_id})
RETURN s.system AS system, s.record_id AS record_id, s.forename AS forename, s.surname AS surname, s.dob AS dob,
       s.nhs_number AS nhs_number, s.upn AS upn, s.extracted_at AS extracted_at,
       l.match_probability AS match_probability, l.method AS method
ORDER BY system, record_id
