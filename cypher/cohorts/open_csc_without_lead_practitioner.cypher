// Title: Children open to social care with no lead practitioner
// Description: Children under 18 with a children's social care episode (Service.category "social care")
//  open on the as-at date that has no lead practitioner on that date: no LEAD_PRACTITIONER_FOR at all, or
//  only ones whose valid_to is before the date (or whose valid_from is after it). One row per child, with how
//  many of their open episodes lack a lead and when the earliest of those started.
// Params: as_at (date, default today: the date the cohort is drawn for)
// Derived: children_born_after = as_at - 18 years
// Columns: person_id, forename, surname, dob, household_id, episodes_without_lead, earliest_start_date
// Roles: front_door, analyst, admin
// Mode: read
// Answers: children with an open children's social care episode and no current lead practitioner
MATCH (s:Service)<-[:PROVIDED_BY]-(e:Episode)<-[:SUBJECT_OF]-(c:Person)
WHERE s.category = 'social care'
  AND e.start_date <= $as_at AND (e.end_date IS NULL OR e.end_date >= $as_at)
  AND c.dob > $children_born_after AND c.dob <= $as_at
OPTIONAL MATCH (pro:Professional)-[l:LEAD_PRACTITIONER_FOR]->(e)
WHERE (l.valid_from IS NULL OR l.valid_from <= $as_at) AND (l.valid_to IS NULL OR l.valid_to >= $as_at)
WITH c, e, count(pro) AS leads
WHERE leads = 0
OPTIONAL MATCH (c)-[m:MEMBER_OF]->(h:Household)
WHERE m.valid_from <= $as_at AND (m.valid_to IS NULL OR m.valid_to >= $as_at)
RETURN c.person_id AS person_id, c.forename AS forename, c.surname AS surname, c.dob AS dob,
       min(h.household_id) AS household_id, count(DISTINCT e.episode_id) AS episodes_without_lead,
       min(e.start_date) AS earliest_start_date
ORDER BY earliest_start_date, household_id, person_id
