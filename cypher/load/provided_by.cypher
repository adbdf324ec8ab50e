// Answers: nothing; the service an episode is with.
// Params: rows: list of {src, dst}
// Mode: write
// Bulk: PROVIDED_BY
UNWIND $rows AS r
MATCH (a:Episode) WHERE a.episode_id = r.src
WITH r, a
MATCH (b:Service) WHERE b.code = r.dst
MERGE (a)-[e:PROVIDED_BY]->(b)
