// Answers: two source records side by side (a pair of the review queue), each with the person it belongs to now,
//   with the columns linkage/review_queue gives them. Looked up by key, not through the CandidateLink: a join from
//   the candidate's properties scans every source record on the embedded engine (70 ms against 1 ms at 5,000
//   families).
// Params: record_a (string), record_b (string): record keys "system:record_id"
// Mode: read
MATCH (a:SourceRecord {record_key: $record_a})-[:RECORD_OF]->(pa:Person)
WITH a, pa
MATCH (b:SourceRecord {record_key: $record_b})-[:RECORD_OF]->(pb:Person)
RETURN a.record_key AS a_record_key, a.system AS a_system, a.record_id AS a_record_id, a.forename AS a_forename,
       a.middle_names AS a_middle_names, a.surname AS a_surname, a.former_surname AS a_former_surname,
       a.dob AS a_dob, a.sex AS a_sex, a.postcode AS a_postcode, a.nhs_number AS a_nhs_number, a.upn AS a_upn,
       a.extracted_at AS a_extracted_at, pa.person_id AS a_person_id,
       b.record_key AS b_record_key, b.system AS b_system, b.record_id AS b_record_id, b.forename AS b_forename,
       b.middle_names AS b_middle_names, b.surname AS b_surname, b.former_surname AS b_former_surname,
       b.dob AS b_dob, b.sex AS b_sex, b.postcode AS b_postcode, b.nhs_number AS b_nhs_number, b.upn AS b_upn,
       b.extracted_at AS b_extracted_at, pb.person_id AS b_person_id
