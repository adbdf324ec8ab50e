// Answers: every service, with the source system whose service it counts under on the insight page (each school is
//   a Service of its own, counted under its source's Schools).
// Params: none
// Mode: read
MATCH (s:Service)
RETURN s.code AS code, s.name AS name, s.category AS category, coalesce(s.system, s.code) AS service
ORDER BY code
