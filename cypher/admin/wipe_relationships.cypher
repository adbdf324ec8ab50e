// Answers: nothing; deletes up to 50,000 relationships (the first half of a wipe: a node such as a Service can
//   hold a million relationships, too many to delete with it in one transaction).
// Params: none
// Mode: write
MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r
