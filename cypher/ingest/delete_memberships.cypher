// Answers: nothing; deletes household memberships that a full run no longer derives.
// Params: rows: list of {person_id, household_id, valid_from (date)}
// Mode: write
UNWIND $rows AS r
MATCH (p:Person)-[m:MEMBER_OF]->(h:Household)
WHERE p.person_id = r.person_id AND h.household_id = r.household_id AND m.valid_from = date(r.valid_from)
DELETE m
