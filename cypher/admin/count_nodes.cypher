// Answers: how many nodes the graph holds (to know when a wipe is done).
// Params: none
// Mode: read
MATCH (n) RETURN count(n) AS count
