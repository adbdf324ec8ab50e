// Answers: nothing; records detected changes (moved, joined/left household, episode opened/closed, ...).
//   A change found again by a later run keeps the run and time that first found it.
// Params: rows: list of {change_id, kind, at (date), summary, detected_at (datetime), load_id}
// Mode: write
UNWIND $rows AS r
WITH r, r.change_id AS k
MERGE (n:Change {change_id: k})
ON CREATE SET n.kind = r.kind, n.at = date(r.at), n.summary = r.summary, n.detected_at = r.detected_at,
    n.load_id = r.load_id
