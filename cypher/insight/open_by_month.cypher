// Answers: how many episodes of each service were open at some time in each month: started on or before the month's
//   last day and not ended before its first day. Months with no open episode of a service have no row.
// Params: months (list of {first_day (date), last_day (date)}), first_day (date: the first month's), last_day (date:
//   the last month's)
// Mode: read
// One pass over the episodes open in the whole window, then each against the months in memory: with the months
// unwound first, Neo4j scanned every episode once per month (12.5 s → 1.9 s for 24 months at 50,000 families; the
// embedded engine 0.6 s → 0.9 s).
MATCH (e:Episode)-[:PROVIDED_BY]->(s:Service)
WHERE e.start_date <= date($last_day) AND (e.end_date IS NULL OR e.end_date >= date($first_day))
WITH e.start_date AS started, e.end_date AS ended, coalesce(s.system, s.code) AS service
UNWIND $months AS m
WITH m, service, started, ended
WHERE started <= m.last_day AND (ended IS NULL OR ended >= m.first_day)
RETURN m.first_day AS month, service, count(*) AS episodes
ORDER BY month, service
