// Answers: nothing; the lead practitioner of an episode.
// Params: rows: list of {src, dst, valid_from (date|null), valid_to (date|null)}
// Mode: write
// Bulk: LEAD_PRACTITIONER_FOR
UNWIND $rows AS r
MATCH (a:Professional) WHERE a.professional_id = r.src
WITH r, a
MATCH (b:Episode) WHERE b.episode_id = r.dst
MERGE (a)-[e:LEAD_PRACTITIONER_FOR]->(b)
SET e.valid_from = date(r.valid_from), e.valid_to = date(r.valid_to)
