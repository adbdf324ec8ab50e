// Title: Babies and toddlers in households with a recent domestic abuse notification
// Description: Children under two (on the as-at date) living in a household where a police notification of
//  type "domestic abuse incident" or "domestic abuse crime", dated in the chosen number of months up to the as-at
//  date (both ends included), names someone who lives in the household on that date (victim, suspect, a
//  child present or anyone else the notification is about, the child included). Household membership is as
//  at the date. One row per child under two, with how many such notifications and the latest one's date.
// Params: as_at (date, default today: the date the cohort is drawn for),
//  months (integer, default 12, min 1, max 120: how far back a notification counts, in months)
// Derived: notified_since = as_at - months months, under_twos_born_after = as_at - 2 years
// Columns: person_id, forename, surname, dob, household_id, notifications, latest_notification_date
// Roles: front_door, analyst, admin
// Mode: read
// Answers: children under two living in a household where a member was named in a police domestic abuse notification in the last N months
MATCH (s:Service)<-[:PROVIDED_BY]-(e:Episode)<-[:SUBJECT_OF]-(a:Person)-[ma:MEMBER_OF]->(h:Household)
WHERE s.category = 'police' AND e.episode_type IN ['domestic abuse incident', 'domestic abuse crime']
  AND e.start_date >= $notified_since AND e.start_date <= $as_at
  AND ma.valid_from <= $as_at AND (ma.valid_to IS NULL OR ma.valid_to >= $as_at)
WITH h, count(DISTINCT e.episode_id) AS notifications, max(e.start_date) AS latest_notification_date
// A second MATCH, not one longer chain: within one MATCH Neo4j never uses a relationship twice, so a
// notification naming only the child (ma and mc the same membership) would count on one engine and not the other.
MATCH (h)<-[mc:MEMBER_OF]-(c:Person)
WHERE mc.valid_from <= $as_at AND (mc.valid_to IS NULL OR mc.valid_to >= $as_at)
  AND c.dob > $under_twos_born_after AND c.dob <= $as_at
RETURN c.person_id AS person_id, c.forename AS forename, c.surname AS surname, c.dob AS dob,
       h.household_id AS household_id, notifications, latest_notification_date
ORDER BY latest_notification_date DESC, household_id, person_id
