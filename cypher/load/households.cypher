// Answers: nothing; creates or updates Household nodes (people at one address over one period).
// Params: rows: list of {household_id, address_key, valid_from (date|null), valid_to (date|null)}
// Mode: write
// Bulk: Household
UNWIND $rows AS r
WITH r, r.household_id AS k
MERGE (n:Household {household_id: k})
SET n.address_key = r.address_key, n.valid_from = date(r.valid_from), n.valid_to = date(r.valid_to)
