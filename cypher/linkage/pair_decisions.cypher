// Answers: the steward decisions taken on one pair of source records (accepted or rejected), latest first: the
//   first row is the one ingest honours.
// Params: record_a (string), record_b (string): record keys as the review queue gives the pair (record_a < record_b)
// Mode: read
MATCH (d:LinkDecision)
WHERE d.record_a = $record_a AND d.record_b = $record_b
RETURN d.decision_id AS decision_id, d.kind AS kind, d.decided_by AS decided_by, d.decided_at AS decided_at,
       d.note AS note
ORDER BY decided_at DESC, decision_id DESC
