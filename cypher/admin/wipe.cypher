// Answers: nothing; deletes every node and relationship (tests and full rebuilds only).
// Params: none
// Mode: write
MATCH (n) DETACH DELETE n
