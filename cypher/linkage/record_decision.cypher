// Answers: nothing; records a steward's decision on a candidate pair, and marks the pair in the queue.
//   'accepted': the two records are one person from the next ingest run on, always; 'rejected': never.
//   Call it with the pair as the review queue gives it (record_a < record_b).
// Params: decision_id (string, new and unique: e.g. a UUID), decision ('accepted' or 'rejected'), record_a,
//   record_b (record keys "system:record_id"), decided_by (user name), decided_at (datetime), note (string or null)
// Mode: write
MERGE (d:LinkDecision {decision_id: $decision_id})
SET d.kind = $decision, d.record_a = $record_a, d.record_b = $record_b, d.decided_by = $decided_by,
    d.decided_at = $decided_at, d.note = $note
WITH d
MATCH (c:CandidateLink) WHERE c.record_a = d.record_a AND c.record_b = d.record_b
SET c.status = d.kind
