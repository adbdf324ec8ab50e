// Answers: linkage report: how many people have 1, 2, 3, ... source records (their sum is the number of people).
// Params: none
// Mode: read
MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person)
WITH p, count(s) AS n
RETURN n AS records, count(p) AS people
ORDER BY records
