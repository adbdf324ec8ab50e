// Answers: how many relationships the graph holds (to know when the first half of a wipe is done).
// Params: none
// Mode: read
MATCH ()-[r]->() RETURN count(r) AS count
