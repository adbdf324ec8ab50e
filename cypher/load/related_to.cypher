// Answers: nothing; another family relationship (grandparent, aunt, kinship carer ...).
// Params: rows: list of {src, dst, type, source}
// Mode: write
// Bulk: RELATED_TO by src, dst, type
UNWIND $rows AS r
MATCH (a:Person) WHERE a.person_id = r.src
WITH r, a
MATCH (b:Person) WHERE b.person_id = r.dst
MERGE (a)-[e:RELATED_TO {type: r.type}]->(b)
SET e.source = r.source
