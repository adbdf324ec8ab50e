// Answers: the NHS numbers and UPNs the source records hold, with the person each belongs to: part of the search's
//   in-memory index (kept there as packed integers), read once per completed load.
// Params: none
// Mode: read
MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person)
WHERE s.nhs_number IS NOT NULL OR s.upn IS NOT NULL
RETURN p.person_id AS person_id, s.nhs_number AS nhs_number, s.upn AS upn
ORDER BY person_id, nhs_number, upn
