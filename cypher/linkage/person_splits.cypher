// Answers: the steward splits (unlink decisions) recorded against one person, latest first, with the groups of
//   record keys as JSON text.
// Params: person_id (string)
// Mode: read
MATCH (d:LinkDecision)
WHERE d.kind = 'unlinked' AND d.person_id = $person_id
RETURN d.decision_id AS decision_id, d.groups AS groups, d.decided_by AS decided_by, d.decided_at AS decided_at,
       d.note AS note
ORDER BY decided_at DESC, decision_id DESC
