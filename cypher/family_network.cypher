// Answers: the people within three family steps (parent, partner, sibling, other relative) of a person.
// Params: person_id (string)
// Mode: read
MATCH (c:Person {person_id: $person_id})-[:PARENT_OF|PARTNER_OF|SIBLING_OF|RELATED_TO*1..3]-(x:Person)
WHERE x <> c
RETURN DISTINCT x.person_id AS person_id
ORDER BY person_id
