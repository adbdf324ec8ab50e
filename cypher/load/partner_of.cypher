// Answers: nothing; partners over a period.
// Params: rows: list of {src, dst, valid_from (date|null), valid_to (date|null), source}
// Mode: write
// Bulk: PARTNER_OF by src, dst, valid_from
UNWIND $rows AS r
MATCH (a:Person) WHERE a.person_id = r.src
WITH r, a
MATCH (b:Person) WHERE b.person_id = r.dst
MERGE (a)-[e:PARTNER_OF {valid_from: date(r.valid_from)}]->(b)
SET e.valid_to = date(r.valid_to), e.source = r.source
