// Answers: the family relationships that start at one person, with the type in a column.
// Params: person_id (string)
// Mode: read
// One person per query (callers use store.read_each): see GraphStore.read_each for why.
MATCH (a:Person {person_id: $person_id})-[r:PARENT_OF|PARTNER_OF|SIBLING_OF|RELATED_TO]->(b:Person)
RETURN a.person_id AS src, b.person_id AS dst, type(r) AS type, r.kind AS kind, r.type AS related_as,
       r.valid_from AS valid_from, r.valid_to AS valid_to, r.source AS source
ORDER BY dst, type
