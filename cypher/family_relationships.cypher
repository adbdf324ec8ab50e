// Answers: the family relationships among a set of people (for drawing the family map).
// Params: person_ids (list of string)
// Mode: read
MATCH (a:Person)-[r:PARENT_OF|PARTNER_OF|SIBLING_OF|RELATED_TO]->(b:Person)
WHERE a.person_id IN $person_ids AND b.person_id IN $person_ids
RETURN a.person_id AS src, b.person_id AS dst, r
ORDER BY src, dst
