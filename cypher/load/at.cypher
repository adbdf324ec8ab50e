// Answers: nothing; a household's address over its period.
// Params: rows: list of {src, dst, valid_from (date|null), valid_to (date|null)}
// Mode: write
// Bulk: AT by src, dst, valid_from
UNWIND $rows AS r
MATCH (a:Household) WHERE a.household_id = r.src
WITH r, a
MATCH (b:Address) WHERE b.address_key = r.dst
MERGE (a)-[e:AT {valid_from: date(r.valid_from)}]->(b)
SET e.valid_to = date(r.valid_to)
