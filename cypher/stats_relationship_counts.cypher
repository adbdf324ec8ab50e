// Answers: how many relationships of each type the graph holds.
// Params: none
// Mode: read
MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type
