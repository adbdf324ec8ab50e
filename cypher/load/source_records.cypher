// Answers: nothing; creates or updates SourceRecord nodes (one per person-describing row of a source).
// Params: rows: list of {record_key, system, record_id, file, forename, middle_names, surname, former_surname,
//   preferred_surname, preferred_forename, dob (date|null), dob_estimated (bool), sex, nhs_number, upn, postcode,
//   uprn, address_key, fields (JSON text), extracted_at (date)}
// Mode: write
// Bulk: SourceRecord
UNWIND $rows AS r
WITH r, r.record_key AS k
MERGE (n:SourceRecord {record_key: k})
SET n.system = r.system, n.record_id = r.record_id, n.file = r.file, n.forename = r.forename,
    n.middle_names = r.middle_names, n.surname = r.surname, n.former_surname = r.former_surname,
    n.preferred_surname = r.preferred_surname, n.preferred_forename = r.preferred_forename, n.dob = date(r.dob),
    n.dob_estimated = r.dob_estimated, n.sex = r.sex, n.nhs_number = r.nhs_number, n.upn = r.upn,
    n.postcode = r.postcode, n.uprn = r.uprn, n.address_key = r.address_key, n.fields = r.fields,
    n.extracted_at = date(r.extracted_at)
