// Answers: nothing; records one ingest run and its counts (counts as JSON text).
// Params: load_id, started_at (datetime), finished_at (datetime|null), source_dir, status, counts
// Mode: write
MERGE (n:Load {load_id: $load_id})
SET n.started_at = $started_at, n.finished_at = $finished_at, n.source_dir = $source_dir, n.status = $status,
    n.counts = $counts
