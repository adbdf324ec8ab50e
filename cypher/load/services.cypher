// Answers: nothing; creates or updates Service nodes (a service a source system records involvement with).
// Params: rows: list of {code, name, agency, category, system, sensitive (bool), local_offer (bool), description}
// Mode: write
// Bulk: Service
UNWIND $rows AS r
WITH r, r.code AS k
MERGE (n:Service {code: k})
SET n.name = r.name, n.agency = r.agency, n.category = r.category, n.system = r.system,
    n.sensitive = r.sensitive, n.local_offer = r.local_offer, n.description = r.description
