// Answers: nothing; creates or updates Professional nodes (lead practitioners and their contact details).
// Params: rows: list of {professional_id, name, role, team, organisation, phone, email, system}
// Mode: write
// Bulk: Professional
UNWIND $rows AS r
WITH r, r.professional_id AS k
MERGE (n:Professional {professional_id: k})
SET n.name = r.name, n.role = r.role, n.team = r.team, n.organisation = r.organisation, n.phone = r.phone,
    n.email = r.email, n.system = r.system
