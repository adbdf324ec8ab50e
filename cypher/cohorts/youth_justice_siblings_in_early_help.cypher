// Title: Young people known to youth justice whose brothers or sisters are open to early help
// Description: People with a youth justice episode (Service.category "youth justice") open on the as-at date
//  who have at least one brother or sister (SIBLING_OF: recorded by a source, or derived by the load for
//  children with a recorded parent in common) with an early help episode (Service.category "early help")
//  open on that date. Early help works with whole families, so the young person may be open to it too.
//  One row per young person, with how many of their siblings are open to early help.
// Params: as_at (date, default today: the date the cohort is drawn for)
// Columns: person_id, forename, surname, dob, household_id, siblings_in_early_help
// Roles: analyst, admin
// Mode: read
// Answers: young people open to youth justice who have a brother or sister open to early help
MATCH (s:Service)<-[:PROVIDED_BY]-(e:Episode)<-[:SUBJECT_OF]-(y:Person)-[:SIBLING_OF]-(b:Person)-[:SUBJECT_OF]->(be:Episode)-[:PROVIDED_BY]->(bs:Service)
WHERE s.category = 'youth justice' AND bs.category = 'early help' AND b <> y
  AND e.start_date <= $as_at AND (e.end_date IS NULL OR e.end_date >= $as_at)
  AND be.start_date <= $as_at AND (be.end_date IS NULL OR be.end_date >= $as_at)
WITH y, count(DISTINCT b.person_id) AS siblings_in_early_help
OPTIONAL MATCH (y)-[m:MEMBER_OF]->(h:Household)
WHERE m.valid_from <= $as_at AND (m.valid_to IS NULL OR m.valid_to >= $as_at)
RETURN y.person_id AS person_id, y.forename AS forename, y.surname AS surname, y.dob AS dob,
       min(h.household_id) AS household_id, siblings_in_early_help
ORDER BY household_id, dob, person_id
