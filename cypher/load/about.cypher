// Answers: nothing; a change concerns a person.
// Params: rows: list of {src, dst}
// Mode: write
UNWIND $rows AS r
MATCH (a:Change) WHERE a.change_id = r.src
WITH r, a
MATCH (b:Person) WHERE b.person_id = r.dst
MERGE (a)-[e:ABOUT]->(b)
