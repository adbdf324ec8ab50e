// Answers: linkage report: how each source record joined its person (identifier, probabilistic, steward, or
//   single_record for a person with one record), and the lowest and mean match probability of each method.
// Params: none
// Mode: read
MATCH (:SourceRecord)-[l:RECORD_OF]->(:Person)
RETURN l.method AS method, count(l) AS records, min(l.match_probability) AS lowest_probability,
       avg(l.match_probability) AS mean_probability
ORDER BY method
