// Answers: nothing; creates or updates Address nodes.
// Params: rows: list of {address_key, uprn, line1, line2, town, postcode}
// Mode: write
// Bulk: Address
UNWIND $rows AS r
WITH r, r.address_key AS k
MERGE (n:Address {address_key: k})
SET n.uprn = r.uprn, n.line1 = r.line1, n.line2 = r.line2, n.town = r.town, n.postcode = r.postcode
