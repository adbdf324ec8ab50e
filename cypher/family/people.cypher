// Answers: the displayed facts about a set of people (for the family page and its map).
// Params: person_ids (list of string)
// Mode: read
// UNWIND then a key match: a lookup per id on the primary key, where `IN $list` scanned every Person.
UNWIND $person_ids AS pid
MATCH (p:Person {person_id: pid})
RETURN p.person_id AS person_id, p.forename AS forename, p.middle_names AS middle_names, p.surname AS surname,
       p.other_names AS other_names, p.dob AS dob, p.dob_estimated AS dob_estimated, p.sex AS sex,
       p.deceased AS deceased, p.date_of_death AS date_of_death, p.restricted AS restricted
ORDER BY person_id
