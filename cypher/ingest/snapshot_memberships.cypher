// Answers: every household membership in the graph (the "before" picture for change detection).
// Params: none
// Mode: read
MATCH (p:Person)-[m:MEMBER_OF]->(h:Household)
RETURN p.person_id AS person_id, h.household_id AS household_id, h.address_key AS address_key,
       m.valid_from AS valid_from, m.valid_to AS valid_to
ORDER BY person_id, household_id, valid_from
