// Answers: which candidate links the graph holds (so that a full run can remove those it no longer finds).
// Params: none
// Mode: read
MATCH (c:CandidateLink)
RETURN c.pair_key AS pair_key
ORDER BY pair_key
