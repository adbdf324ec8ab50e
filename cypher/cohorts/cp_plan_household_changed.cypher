// Title: Children on a child protection plan whose household changed recently
// Description: Children under 18 with a children's social care "child protection plan" episode open on the
//  as-at date whose household changed in the chosen number of days up to that date (both ends included):
//  the child joined or left a household (moved), or someone else joined or left a household while the child
//  was living there. Changes are read from household memberships (MEMBER_OF valid_from and valid_to), which
//  every load derives from the sources' address histories; Change nodes are not used, because they only
//  record what differed between two loads (nothing for a first load, nothing older than the previous load).
//  A child's membership starting on their date of birth is their birth, not a move; a baby born into the
//  household is someone joining it. Leaving is dated by the last day at the address.
// Params: as_at (date, default today: the date the cohort is drawn for),
//  days (integer, default 90, min 1, max 3660: how many days back a change counts)
// Derived: changed_since = as_at - days days, children_born_after = as_at - 18 years
// Columns: person_id, forename, surname, dob, household_id, changed_on, change_dates
// Roles: front_door, analyst, admin
// Mode: read
// Answers: children on a child protection plan whose household changed (someone joined or left, or the child moved) in the last N days
MATCH (s:Service)<-[:PROVIDED_BY]-(e:Episode)<-[:SUBJECT_OF]-(c:Person)-[mc:MEMBER_OF]->(h:Household)
WHERE s.category = 'social care' AND e.episode_type = 'child protection plan'
  AND e.start_date <= $as_at AND (e.end_date IS NULL OR e.end_date >= $as_at)
  AND c.dob > $children_born_after AND c.dob <= $as_at
  AND mc.valid_from <= $as_at AND (mc.valid_to IS NULL OR mc.valid_to >= $changed_since)
// The child's period in the household without nulls: in the embedded engine's OPTIONAL MATCH ... WHERE, a null
// carried from an earlier clause fails every test, IS NULL included, so an open end is carried as as_at.
WITH DISTINCT c, h, mc.valid_from AS joined, mc.valid_to AS left_on, coalesce(mc.valid_to, $as_at) AS until
OPTIONAL MATCH (h)<-[mo:MEMBER_OF]-(o:Person)
WHERE o <> c AND (
      (mo.valid_from >= $changed_since AND mo.valid_from <= $as_at AND mo.valid_from >= joined AND mo.valid_from <= until)
   OR (mo.valid_to >= $changed_since AND mo.valid_to <= $as_at AND mo.valid_to >= joined AND mo.valid_to <= until))
WITH c, CASE WHEN left_on IS NULL OR left_on >= $as_at THEN h.household_id END AS current_household,
     [CASE WHEN joined >= $changed_since AND joined <> c.dob THEN joined END,
      CASE WHEN left_on <= $as_at THEN left_on END,
      CASE WHEN mo.valid_from >= $changed_since AND mo.valid_from <= $as_at AND mo.valid_from >= joined
           AND mo.valid_from <= until THEN mo.valid_from END,
      CASE WHEN mo.valid_to >= $changed_since AND mo.valid_to <= $as_at AND mo.valid_to >= joined
           AND mo.valid_to <= until THEN mo.valid_to END] AS dates
UNWIND dates AS changed
WITH c, min(current_household) AS household_id, max(changed) AS changed_on, count(DISTINCT changed) AS change_dates
WHERE changed_on IS NOT NULL
RETURN c.person_id AS person_id, c.forename AS forename, c.surname AS surname, c.dob AS dob,
       household_id, changed_on, change_dates
ORDER BY changed_on DESC, household_id, person_id
