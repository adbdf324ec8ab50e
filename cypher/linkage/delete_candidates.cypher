// Answers: nothing; removes candidate links that the latest full run no longer finds (linked since, or no longer
//   uncertain). Decisions are separate nodes and are never removed by ingest.
// Params: rows: list of {pair_key}
// Mode: write
UNWIND $rows AS r
MATCH (c:CandidateLink) WHERE c.pair_key = r.pair_key
DELETE c
