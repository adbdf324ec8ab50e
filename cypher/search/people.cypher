// Answers: what a search result shows of each of these people: names, date of birth, sex, and every source record
//   (system and id) linked to them; one row per record (one row with no record for a person without any).
// Params: person_ids (list of strings)
// Mode: read
// Shape: UNWIND and a primary-key MATCH, then one-hop OPTIONAL MATCHes: the embedded engine looks each person up
//   by key; `WHERE p.person_id IN $ids`, or a MATCH chain, makes it scan or hash-join whole tables (100x slower).
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})
OPTIONAL MATCH (s:SourceRecord)-[:RECORD_OF]->(p)
RETURN p.person_id AS person_id, p.forename AS forename, p.surname AS surname, p.other_names AS other_names,
       p.dob AS dob, p.dob_estimated AS dob_estimated, p.sex AS sex, p.deceased AS deceased,
       p.date_of_death AS date_of_death, p.restricted AS restricted, s.system AS system, s.record_id AS record_id
ORDER BY person_id, system, record_id
