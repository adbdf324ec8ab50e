// Answers: linkage report: how many source records each source system has in the graph.
// Params: none
// Mode: read
MATCH (s:SourceRecord)
RETURN s.system AS system, count(s) AS records
ORDER BY system
