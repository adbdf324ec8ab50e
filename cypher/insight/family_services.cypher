// Answers: for each set of services, how many current households it is exactly the set of services involved with:
//   a household counts if a member on as_at had an episode of the service open at any time from `since` to as_at.
// Params: as_at (date), since (date)
// Mode: read
// Grouping by the collected list keeps the answer to a few hundred rows, with no household id leaving the engine;
// the list's order is the engine's, so callers compare the lists as sets. One MATCH chain (fast on both engines).
MATCH (h:Household)<-[m:MEMBER_OF]-(p:Person)-[:SUBJECT_OF]->(e:Episode)-[:PROVIDED_BY]->(s:Service)
WHERE m.valid_from <= date($as_at) AND (m.valid_to IS NULL OR m.valid_to >= date($as_at))
  AND e.start_date <= date($as_at) AND (e.end_date IS NULL OR e.end_date >= date($since))
WITH h, collect(DISTINCT coalesce(s.system, s.code)) AS services
RETURN services, count(*) AS families
ORDER BY families DESC
