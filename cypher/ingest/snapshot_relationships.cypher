// Answers: the parent and partner relationships in the graph (the "before" picture for change detection).
// Params: none
// Mode: read
MATCH (a:Person)-[r:PARENT_OF|PARTNER_OF]->(b:Person)
RETURN a.person_id AS src, b.person_id AS dst, r
ORDER BY src, dst
