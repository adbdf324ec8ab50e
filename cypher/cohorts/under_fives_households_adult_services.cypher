// Title: Households with three or more children under five and an adult open to mental health or substance misuse services
// Description: Children under five (on the as-at date) living in a household where at least min_children
//  children under five live and at least one adult member (18 or over) has an episode with an adult mental
//  health or substance misuse service (Service.category "adult mental health" or "substance misuse") that is
//  open on that date (started on or before it, not ended before it). Household membership is as at the date.
//  One row per child under five in each such household; the last two columns say which of the two kinds of
//  service an adult in the household is open to.
// Params: as_at (date, default today: the date the cohort is drawn for),
//  min_children (integer, default 3, min 1, max 20: how many children under five the household must have)
// Derived: under_fives_born_after = as_at - 5 years, adults_born_by = as_at - 18 years
// Columns: person_id, forename, surname, dob, household_id, under_fives, adult_mental_health, substance_misuse
// Roles: analyst, admin
// Mode: read
// Answers: children under five in households with several under-fives and an adult open to adult mental health or substance misuse services
MATCH (s:Service)<-[:PROVIDED_BY]-(e:Episode)<-[:SUBJECT_OF]-(a:Person)-[ma:MEMBER_OF]->(h:Household)<-[mc:MEMBER_OF]-(c:Person)
WHERE s.category IN ['adult mental health', 'substance misuse']
  AND e.start_date <= $as_at AND (e.end_date IS NULL OR e.end_date >= $as_at)
  AND a.dob <= $adults_born_by
  AND ma.valid_from <= $as_at AND (ma.valid_to IS NULL OR ma.valid_to >= $as_at)
  AND mc.valid_from <= $as_at AND (mc.valid_to IS NULL OR mc.valid_to >= $as_at)
  AND c.dob > $under_fives_born_after AND c.dob <= $as_at
WITH h, collect(DISTINCT c) AS children,
     max(CASE WHEN s.category = 'adult mental health' THEN 1 ELSE 0 END) AS mental_health,
     max(CASE WHEN s.category = 'substance misuse' THEN 1 ELSE 0 END) AS substances
WHERE size(children) >= $min_children
UNWIND children AS c
RETURN c.person_id AS person_id, c.forename AS forename, c.surname AS surname, c.dob AS dob,
       h.household_id AS household_id, size(children) AS under_fives, mental_health = 1 AS adult_mental_health,
       substances = 1 AS substance_misuse
ORDER BY household_id, dob, person_id
