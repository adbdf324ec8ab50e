// Answers: what changed for these people since a date (moves, household joins and leaves, episodes, relationships).
// Params: person_ids (list of string), since (date)
// Mode: read
MATCH (c:Change)-[:ABOUT]->(p:Person)
WHERE p.person_id IN $person_ids AND c.at >= $since
RETURN c.change_id AS change_id, c.kind AS kind, c.at AS at, c.summary AS summary, p.person_id AS person_id,
       c.load_id AS load_id
ORDER BY at DESC, change_id, person_id
