// Answers: every steward decision on record linkage, oldest first (ingest reads them at the start of every run;
//   the latest decision about a pair wins).
// Params: none
// Mode: read
MATCH (d:LinkDecision)
RETURN d.decision_id AS decision_id, d.kind AS kind, d.record_a AS record_a, d.record_b AS record_b,
       d.person_id AS person_id, d.groups AS groups, d.decided_by AS decided_by, d.decided_at AS decided_at,
       d.note AS note
ORDER BY decided_at, decision_id
