// Title: Children in care living apart from a brother or sister
// Description: A child looked after (a children's social care "looked after" episode open on the as-at date)
//  under 18, and each brother or sister under 18 who does not share a household with them on that date.
//  Brothers and sisters are SIBLING_OF links: those the sources record, and those the load derives for every
//  two children with a recorded parent in common. "Not sharing a household" means no household has both as
//  members on the date, and at least one of the two has a household then (a child in care whose placement
//  address is not held has none; if neither has one, where they live cannot be told and the pair is left out).
//  One row per looked-after child and sibling; when both are looked after the pair appears from each side.
// Params: as_at (date, default today: the date the cohort is drawn for)
// Derived: children_born_after = as_at - 18 years
// Columns: person_id, forename, surname, dob, household_id, sibling_id, sibling_forename, sibling_surname,
//  sibling_dob, sibling_household_id, sibling_looked_after
// Roles: front_door, analyst, admin
// Mode: read
// Answers: looked-after children and each brother or sister under 18 who does not live in the same household
MATCH (s:Service)<-[:PROVIDED_BY]-(e:Episode)<-[:SUBJECT_OF]-(c:Person)-[:SIBLING_OF]-(b:Person)
WHERE s.category = 'social care' AND e.episode_type = 'looked after'
  AND e.start_date <= $as_at AND (e.end_date IS NULL OR e.end_date >= $as_at)
  AND c.dob > $children_born_after AND c.dob <= $as_at
  AND b.dob > $children_born_after AND b.dob <= $as_at AND b <> c
WITH DISTINCT c, b
OPTIONAL MATCH (c)-[mc:MEMBER_OF]->(shared:Household)<-[mb:MEMBER_OF]-(b)
WHERE mc.valid_from <= $as_at AND (mc.valid_to IS NULL OR mc.valid_to >= $as_at)
  AND mb.valid_from <= $as_at AND (mb.valid_to IS NULL OR mb.valid_to >= $as_at)
WITH c, b, count(shared) AS together
WHERE together = 0
OPTIONAL MATCH (c)-[mc:MEMBER_OF]->(hc:Household)
WHERE mc.valid_from <= $as_at AND (mc.valid_to IS NULL OR mc.valid_to >= $as_at)
WITH c, b, min(hc.household_id) AS household_id
OPTIONAL MATCH (b)-[mb:MEMBER_OF]->(hb:Household)
WHERE mb.valid_from <= $as_at AND (mb.valid_to IS NULL OR mb.valid_to >= $as_at)
WITH c, b, household_id, min(hb.household_id) AS sibling_household_id
WHERE household_id IS NOT NULL OR sibling_household_id IS NOT NULL
OPTIONAL MATCH (b)-[:SUBJECT_OF]->(be:Episode)-[:PROVIDED_BY]->(bs:Service)
WHERE bs.category = 'social care' AND be.episode_type = 'looked after'
  AND be.start_date <= $as_at AND (be.end_date IS NULL OR be.end_date >= $as_at)
RETURN c.person_id AS person_id, c.forename AS forename, c.surname AS surname, c.dob AS dob, household_id,
       b.person_id AS sibling_id, b.forename AS sibling_forename, b.surname AS sibling_surname,
       b.dob AS sibling_dob, sibling_household_id, count(be) > 0 AS sibling_looked_after
ORDER BY person_id, sibling_id
