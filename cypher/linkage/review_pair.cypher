// Answers: one candidate pair of the review queue by its key, whatever its status: the probability, the evidence
//   per field (JSON text) and the keys of its two records (read them with linkage/pair_records).
// Params: pair_key (string, "record_a|record_b")
// Mode: read
MATCH (c:CandidateLink {pair_key: $pair_key})
RETURN c.pair_key AS pair_key, c.record_a AS record_a, c.record_b AS record_b, c.probability AS probability,
       c.match_weight AS match_weight, c.reason AS reason, c.status AS status, c.evidence AS evidence
