// Answers: linkage report (data quality): people whose source records disagree: more than one date of birth,
//   NHS number or recorded sex (M/F) among their records, with the earliest and latest of each.
// Params: limit (int)
// Mode: read
MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person)
WITH p, count(DISTINCT s.dob) AS dobs, min(s.dob) AS earliest_dob, max(s.dob) AS latest_dob,
     count(DISTINCT s.nhs_number) AS nhs_numbers, min(s.nhs_number) AS first_nhs_number,
     max(s.nhs_number) AS last_nhs_number,
     count(DISTINCT CASE WHEN s.sex = 'M' OR s.sex = 'F' THEN s.sex END) AS sexes, count(s) AS records
WHERE dobs > 1 OR nhs_numbers > 1 OR sexes > 1
RETURN p.person_id AS person_id, p.forename AS forename, p.surname AS surname, p.dob AS dob, records,
       dobs, earliest_dob, latest_dob, nhs_numbers, first_nhs_number, last_nhs_number, sexes
ORDER BY person_id
LIMIT $limit
