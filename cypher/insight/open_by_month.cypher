// Answers: how many episodes of each service were open at some time in each month: started on or before the month's
//   last day and not ended before its first day. Months with no open episode of a service have no row.
// Params: months (list of {first_day (date), last_day (date)})
// Mode: read
UNWIND $months AS m
MATCH (e:Episode)-[:PROVIDED_BY]->(s:Service)
WHERE e.start_date <= m.last_day AND (e.end_date IS NULL OR e.end_date >= m.first_day)
RETURN m.first_day AS month, coalesce(s.system, s.code) AS service, count(*) AS episodes
ORDER BY month, service
