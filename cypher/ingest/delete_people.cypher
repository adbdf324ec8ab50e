// Answers: nothing; deletes people that no source record describes any more (their records were re-linked).
// Params: rows: list of {person_id}
// Mode: write
UNWIND $rows AS r
MATCH (p:Person) WHERE p.person_id = r.person_id
DETACH DELETE p
