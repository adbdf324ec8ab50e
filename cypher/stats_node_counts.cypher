// Answers: how many nodes of each label the graph holds.
// Params: none
// Mode: read
MATCH (n) RETURN labels(n)[0] AS label, count(*) AS count ORDER BY label
