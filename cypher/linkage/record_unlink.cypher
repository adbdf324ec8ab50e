// Answers: nothing; records a steward's split of a wrongly merged person into groups of its source records. From
//   the next ingest run on, no record of one group is ever in one person with a record of another group.
// Params: decision_id (string, new and unique), person_id (the person split), groups (JSON text: a list of lists
//   of record keys, e.g. [["csc:1", "health:9"], ["police:S4"]]), decided_by, decided_at (datetime), note
// Mode: write
MERGE (d:LinkDecision {decision_id: $decision_id})
SET d.kind = 'unlinked', d.person_id = $person_id, d.groups = $groups, d.decided_by = $decided_by,
    d.decided_at = $decided_at, d.note = $note
