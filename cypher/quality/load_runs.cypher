// Answers: data quality: the newest ingest runs (Load nodes), newest first, each with its counts: JSON text that
//   ingest writes (rows read, loaded and quarantined per source; quarantine reasons per source in newer runs).
// Params: limit (int)
// Mode: read
MATCH (l:Load)
RETURN l.load_id AS load_id, l.started_at AS started_at, l.finished_at AS finished_at, l.status AS status,
       l.counts AS counts
ORDER BY started_at DESC, load_id DESC
LIMIT $limit
