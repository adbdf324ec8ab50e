// Answers: linkage report: how many people (Person nodes) the graph holds.
// Params: none
// Mode: read
MATCH (p:Person)
RETURN count(p) AS people
