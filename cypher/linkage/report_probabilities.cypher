// Answers: linkage report: the match-probability histogram of the records linked by probability (RECORD_OF,
//   method 'probabilistic'), by band (band_from inclusive, up to the next band's).
// Params: none
// Mode: read
MATCH (:SourceRecord)-[l:RECORD_OF]->(:Person)
WHERE l.method = 'probabilistic'
WITH CASE
       WHEN l.match_probability >= 0.999 THEN 0.999
       WHEN l.match_probability >= 0.99 THEN 0.99
       WHEN l.match_probability >= 0.95 THEN 0.95
       WHEN l.match_probability >= 0.9 THEN 0.9
       WHEN l.match_probability >= 0.8 THEN 0.8
       WHEN l.match_probability >= 0.5 THEN 0.5
       ELSE 0.0
     END AS band_from
RETURN band_from, count(*) AS records
ORDER BY band_from
