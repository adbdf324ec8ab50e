// Answers: the review queue: candidate pairs with the given status ('pending' for the queue itself), strongest
//   first, each with both source records side by side, the people they belong to now, the probability and the
//   evidence per field (JSON text: {comparison: {level, weight}}).
// Params: status (string), limit (int)
// Mode: read
MATCH (c:CandidateLink) WHERE c.status = $status
WITH c
MATCH (a:SourceRecord)-[:RECORD_OF]->(pa:Person) WHERE a.record_key = c.record_a
WITH c, a, pa
MATCH (b:SourceRecord)-[:RECORD_OF]->(pb:Person) WHERE b.record_key = c.record_b
RETURN c.pair_key AS pair_key, c.probability AS probability, c.match_weight AS match_weight, c.reason AS reason,
       c.status AS status, c.evidence AS evidence,
       a.record_key AS a_record_key, a.system AS a_system, a.record_id AS a_record_id, a.forename AS a_forename,
       a.middle_names AS a_middle_names, a.surname AS a_surname, a.former_surname AS a_former_surname,
       a.dob AS a_dob, a.sex AS a_sex, a.postcode AS a_postcode, a.nhs_number AS a_nhs_number, a.upn AS a_upn,
       a.extracted_at AS a_extracted_at, pa.person_id AS a_person_id,
       b.record_key AS b_record_key, b.system AS b_system, b.record_id AS b_record_id, b.forename AS b_forename,
       b.middle_names AS b_middle_names, b.surname AS b_surname, b.former_surname AS b_former_surname,
       b.dob AS b_dob, b.sex AS b_sex, b.postcode AS b_postcode, b.nhs_number AS b_nhs_number, b.upn AS b_upn,
       b.extracted_at AS b_extracted_at, pb.person_id AS b_person_id
ORDER BY probability DESC, pair_key
LIMIT $limit
