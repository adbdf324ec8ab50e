// Answers: data quality: per source system, how many source records it has and how many of them lack each
//   identifier (NHS number, UPN, date of birth, postcode, UPRN).
// Params: none
// Mode: read
MATCH (s:SourceRecord)
RETURN s.system AS system, count(s) AS records,
       count(s) - count(s.nhs_number) AS without_nhs_number,
       count(s) - count(s.upn) AS without_upn,
       count(s) - count(s.dob) AS without_dob,
       count(s) - count(s.postcode) AS without_postcode,
       count(s) - count(s.uprn) AS without_uprn
ORDER BY system
