// Answers: nothing; the person an episode is about.
// Params: rows: list of {src, dst, role}
// Mode: write
// Bulk: SUBJECT_OF
UNWIND $rows AS r
MATCH (a:Person) WHERE a.person_id = r.src
WITH r, a
MATCH (b:Episode) WHERE b.episode_id = r.dst
MERGE (a)-[e:SUBJECT_OF]->(b)
SET e.role = r.role
