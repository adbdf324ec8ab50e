// Answers: every involvement (open or closed) of a service with any of these people, with its lead practitioner.
// Params: person_ids (list of string)
// Mode: read
// One MATCH chain, then one OPTIONAL MATCH: several MATCH clauses were ten times slower on the embedded engine.
MATCH (p:Person)-[:SUBJECT_OF]->(e:Episode)-[:PROVIDED_BY]->(s:Service)
WHERE p.person_id IN $person_ids
OPTIONAL MATCH (pro:Professional)-[:LEAD_PRACTITIONER_FOR]->(e)
RETURN p.person_id AS person_id, e.episode_id AS episode_id, e.episode_type AS episode_type,
       e.start_date AS start_date, e.end_date AS end_date, e.status AS status,
       e.last_involvement AS last_involvement, e.system AS system, e.extracted_at AS extracted_at,
       s.code AS service_code, s.name AS service, s.agency AS agency, s.category AS category,
       pro.name AS lead_name, pro.role AS lead_role, pro.team AS lead_team, pro.phone AS lead_phone,
       pro.email AS lead_email
ORDER BY start_date DESC, episode_id
