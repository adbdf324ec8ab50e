// Answers: every episode with its dates and subjects (the "before" picture for change detection).
// Params: none
// Mode: read
MATCH (p:Person)-[:SUBJECT_OF]->(e:Episode)
RETURN e.episode_id AS episode_id, e.start_date AS start_date, e.end_date AS end_date, p.person_id AS person_id
ORDER BY episode_id, person_id
