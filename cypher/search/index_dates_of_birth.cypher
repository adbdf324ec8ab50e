// Answers: every person, grouped by date of birth (people with none recorded in one group with a null date):
//   part of the search's in-memory index, read once per completed load.
// Params: none
// Mode: read
MATCH (p:Person)
RETURN p.dob AS dob, collect(p.person_id) AS people
ORDER BY dob
