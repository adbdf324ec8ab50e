// Answers: nothing; a person's residence at an address over a period, as a source recorded it.
// Params: rows: list of {src, dst, valid_from (date|null), valid_to (date|null), source}
// Mode: write
// Bulk: RESIDED_AT by src, dst, valid_from
UNWIND $rows AS r
MATCH (a:Person) WHERE a.person_id = r.src
WITH r, a
MATCH (b:Address) WHERE b.address_key = r.dst
MERGE (a)-[e:RESIDED_AT {valid_from: date(r.valid_from)}]->(b)
SET e.valid_to = date(r.valid_to), e.source = r.source
