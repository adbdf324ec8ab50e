// Answers: who was a member of a household on a date, and since when.
// Params: household_id (string), as_at (date)
// Mode: read
MATCH (p:Person)-[m:MEMBER_OF]->(h:Household {household_id: $household_id})
WHERE m.valid_from <= $as_at AND (m.valid_to IS NULL OR m.valid_to >= $as_at)
RETURN p.person_id AS person_id, p.forename AS forename, p.surname AS surname, p.dob AS dob,
       m.valid_from AS valid_from, m.valid_to AS valid_to
ORDER BY dob, person_id
