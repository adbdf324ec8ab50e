// Answers: the most recent ingest run that completed (none on a fresh graph).
// Params: none
// Mode: read
MATCH (l:Load) WHERE l.status = 'complete'
RETURN l.load_id AS load_id, l.finished_at AS finished_at
ORDER BY finished_at DESC
LIMIT 1
