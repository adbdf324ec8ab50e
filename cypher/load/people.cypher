// Answers: nothing; creates or updates Person nodes (one per linked real person).
// Params: rows: list of {person_id, forename, middle_names, surname, other_names, dob (date|null),
//   dob_estimated (bool), sex, deceased (bool), date_of_death (date|null), name_source, dob_source,
//   restricted (bool), restriction_reason}
// Mode: write
// Bulk: Person
UNWIND $rows AS r
WITH r, r.person_id AS k
MERGE (n:Person {person_id: k})
SET n.forename = r.forename, n.middle_names = r.middle_names, n.surname = r.surname,
    n.other_names = r.other_names, n.dob = date(r.dob), n.dob_estimated = r.dob_estimated, n.sex = r.sex,
    n.deceased = r.deceased, n.date_of_death = date(r.date_of_death), n.name_source = r.name_source,
    n.dob_source = r.dob_source, n.restricted = r.restricted, n.restriction_reason = r.restriction_reason
