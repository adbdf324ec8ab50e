// Answers: how many households have at least one member on the date (the families of the insight page).
// Params: as_at (date)
// Mode: read
MATCH (p:Person)-[m:MEMBER_OF]->(h:Household)
WHERE m.valid_from <= date($as_at) AND (m.valid_to IS NULL OR m.valid_to >= date($as_at))
RETURN count(DISTINCT h.household_id) AS families
