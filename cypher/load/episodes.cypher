// Answers: nothing; creates or updates Episode nodes (one involvement of a service with a person).
// Params: rows: list of {episode_id, system, record_id, episode_type, start_date (date), end_date (date|null),
//   reason, status, last_involvement (date|null), details, extracted_at (date)}
// Mode: write
// Bulk: Episode
UNWIND $rows AS r
WITH r, r.episode_id AS k
MERGE (n:Episode {episode_id: k})
SET n.system = r.system, n.record_id = r.record_id, n.episode_type = r.episode_type,
    n.start_date = date(r.start_date), n.end_date = date(r.end_date), n.reason = r.reason, n.status = r.status,
    n.last_involvement = date(r.last_involvement), n.details = r.details, n.extracted_at = date(r.extracted_at)
