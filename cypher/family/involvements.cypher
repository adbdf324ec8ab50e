// Answers: every service involvement (open or closed) of one person, with its lead practitioner.
// Params: person_id (string)
// Mode: read
// One person per query (callers use store.read_each): see GraphStore.read_each for why.
MATCH (p:Person {person_id: $person_id})-[:SUBJECT_OF]->(e:Episode)-[:PROVIDED_BY]->(s:Service)
OPTIONAL MATCH (pro:Professional)-[:LEAD_PRACTITIONER_FOR]->(e)
RETURN p.person_id AS person_id, e.episode_id AS episode_id, e.episode_type AS episode_type,
       e.start_date AS start_date, e.end_date AS end_date, e.status AS status, e.reason AS reason,
       e.last_involvement AS last_involvement, e.system AS system, e.extracted_at AS extracted_at,
       s.code AS service_code, s.name AS service, s.agency AS agency, s.category AS category,
       s.sensitive AS sensitive, pro.professional_id AS lead_id, pro.name AS lead_name, pro.role AS lead_role,
       pro.team AS lead_team, pro.organisation AS lead_organisation, pro.phone AS lead_phone,
       pro.email AS lead_email
ORDER BY start_date DESC, episode_id
