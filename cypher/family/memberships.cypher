// Answers: every household membership (any date) of one person, with the household's address.
// Params: person_id (string)
// Mode: read
// One person per query (callers use store.read_each): see GraphStore.read_each for why.
MATCH (p:Person {person_id: $person_id})-[m:MEMBER_OF]->(h:Household)-[:AT]->(a:Address)
RETURN p.person_id AS person_id, h.household_id AS household_id, m.valid_from AS valid_from,
       m.valid_to AS valid_to, a.address_key AS address_key, a.line1 AS line1, a.line2 AS line2, a.town AS town,
       a.postcode AS postcode, a.uprn AS uprn
ORDER BY valid_from, household_id
