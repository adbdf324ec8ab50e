// Answers: nothing; deletes up to 10,000 nodes with their relationships (tests and full rebuilds).
//   GraphStore.wipe() repeats it until the graph is empty, so no transaction grows past the server's memory limit.
// Params: none
// Mode: write
MATCH (n) WITH n LIMIT 10000 DETACH DELETE n
