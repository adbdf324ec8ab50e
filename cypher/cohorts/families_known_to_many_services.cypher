// Title: Families known to many services
// Description: Children under 18 living in a household (as at the date) whose current members, taken
//  together, are known to at least min_services different kinds of service. "Known to" a service means an
//  episode with it (about any member living in the household on the as-at date) that was open at some time
//  in the chosen number of months up to the as-at date: started on or before as_at, and not ended before
//  as_at - months. Kinds of service are Service.category values (social care, early help, education, health,
//  housing, police, youth justice, adult mental health, substance misuse, ...), so two schools count once
//  as education. Households with no child under 18 are not families here. One row per child.
// Params: as_at (date, default today: the date the cohort is drawn for),
//  min_services (integer, default 4, min 1, max 20: how many kinds of service must know the family),
//  months (integer, default 12, min 1, max 120: how far back an episode counts, in months)
// Derived: open_since = as_at - months months, children_born_after = as_at - 18 years
// Columns: person_id, forename, surname, dob, household_id, services
// Roles: analyst, admin
// Mode: read
// Answers: children in households known to N or more kinds of service in the last M months
MATCH (s:Service)<-[:PROVIDED_BY]-(e:Episode)<-[:SUBJECT_OF]-(p:Person)-[m:MEMBER_OF]->(h:Household)
WHERE e.start_date <= $as_at AND (e.end_date IS NULL OR e.end_date >= $open_since)
  AND m.valid_from <= $as_at AND (m.valid_to IS NULL OR m.valid_to >= $as_at)
WITH h, count(DISTINCT s.category) AS services
WHERE services >= $min_services
MATCH (h)<-[mc:MEMBER_OF]-(c:Person)
WHERE mc.valid_from <= $as_at AND (mc.valid_to IS NULL OR mc.valid_to >= $as_at)
  AND c.dob > $children_born_after AND c.dob <= $as_at
RETURN c.person_id AS person_id, c.forename AS forename, c.surname AS surname, c.dob AS dob,
       h.household_id AS household_id, services
ORDER BY services DESC, household_id, dob, person_id
