// Answers: the review queue's candidate pairs with the given status ('pending' for the queue itself), strongest
//   first, with the probability, the evidence per field (JSON text) and the keys of their two records. The app
//   reads the records pair by pair with linkage/pair_records (by key): on the embedded engine, joining them here
//   as linkage/review_queue does scans every source record (4 s at 50,000 families, even with an empty queue).
// Params: status (string), limit (int)
// Mode: read
MATCH (c:CandidateLink) WHERE c.status = $status
RETURN c.pair_key AS pair_key, c.record_a AS record_a, c.record_b AS record_b, c.probability AS probability,
       c.match_weight AS match_weight, c.reason AS reason, c.status AS status, c.evidence AS evidence
ORDER BY probability DESC, pair_key
LIMIT $limit
