// Answers: what changed for one person since a date (moves, household joins and leaves, episodes, relationships).
// Params: person_id (string), since (date)
// Mode: read
// One person per query (callers use store.read_each): see GraphStore.read_each for why.
MATCH (c:Change)-[:ABOUT]->(p:Person {person_id: $person_id})
WHERE c.at >= $since
RETURN c.change_id AS change_id, c.kind AS kind, c.at AS at, c.summary AS summary, p.person_id AS person_id,
       c.load_id AS load_id
ORDER BY at DESC, change_id
