// Answers: the family relationships that start at one person, with the type in a column.
// Params: person_id (string)
// Mode: read
// Why: the embedded engine names a relationship's type with label(r); Neo4j with type(r).
MATCH (a:Person {person_id: $person_id})-[r:PARENT_OF|PARTNER_OF|SIBLING_OF|RELATED_TO]->(b:Person)
RETURN a.person_id AS src, b.person_id AS dst, label(r) AS type, r.kind AS kind, r.type AS related_as,
       r.valid_from AS valid_from, r.valid_to AS valid_to, r.source AS source
ORDER BY dst, type
