// Answers: the postcodes of these people's current households (membership still open), and of every address a
//   source says they lived at, with dates: the search shows the current one (a household first, else the latest
//   residence).
// Params: person_ids (list of strings)
// Mode: read
// Shape: as search/people, one hop per OPTIONAL MATCH (a two-hop OPTIONAL MATCH is a whole-table join there).
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})
OPTIONAL MATCH (p)-[m:MEMBER_OF]->(h:Household)
WHERE m.valid_to IS NULL
OPTIONAL MATCH (h)-[:AT]->(ha:Address)
OPTIONAL MATCH (p)-[r:RESIDED_AT]->(ra:Address)
RETURN p.person_id AS person_id, ha.postcode AS household_postcode, m.valid_from AS household_from,
       ra.postcode AS residence_postcode, r.valid_from AS residence_from, r.valid_to AS residence_to
ORDER BY person_id, household_from, household_postcode, residence_from, residence_postcode
