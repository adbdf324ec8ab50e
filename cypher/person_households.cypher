// Answers: every household a person has belonged to, with its address and dates (address history), newest first.
// Params: person_id (string)
// Mode: read
MATCH (p:Person {person_id: $person_id})-[m:MEMBER_OF]->(h:Household)-[a:AT]->(ad:Address)
RETURN h.household_id AS household_id, m.valid_from AS valid_from, m.valid_to AS valid_to,
       ad.address_key AS address_key, ad.line1 AS line1, ad.line2 AS line2, ad.town AS town,
       ad.postcode AS postcode, ad.uprn AS uprn
ORDER BY valid_from DESC, household_id
