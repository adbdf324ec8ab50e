// Answers: nothing; records each source system and how fresh its last extract is ("correct as of").
// Params: rows: list of {system, name, agency, extracted_at (date), loaded_at (datetime), last_load_id}
// Mode: write
UNWIND $rows AS r
WITH r, r.system AS k
MERGE (n:Source {system: k})
SET n.name = r.name, n.agency = r.agency, n.extracted_at = date(r.extracted_at), n.loaded_at = r.loaded_at,
    n.last_load_id = r.last_load_id
