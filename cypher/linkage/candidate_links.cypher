// Answers: nothing; writes the review queue: one CandidateLink per pair of source records in the uncertain band
//   (or held back by a linkage rule), with the evidence per field as JSON text. Ingest rewrites these every full
//   run; a steward's decision lives on a LinkDecision node, not here.
// Params: rows: list of {pair_key, record_a, record_b, probability (float), match_weight (float), evidence (JSON
//   text), reason, status ('pending', or a decision already taken), load_id}
// Mode: write
UNWIND $rows AS r
WITH r, r.pair_key AS k
MERGE (c:CandidateLink {pair_key: k})
SET c.record_a = r.record_a, c.record_b = r.record_b, c.probability = r.probability,
    c.match_weight = r.match_weight, c.evidence = r.evidence, c.reason = r.reason, c.status = r.status,
    c.load_id = r.load_id
