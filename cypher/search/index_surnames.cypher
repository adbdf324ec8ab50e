// Answers: which people each source holds under each surname, former surname and preferred surname, grouped by
//   source and names: part of the search's in-memory index, read once per completed load.
// Params: none
// Mode: read
MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person)
RETURN s.system AS system, s.surname AS surname, s.former_surname AS former_surname,
       s.preferred_surname AS preferred_surname, collect(p.person_id) AS people
ORDER BY system, surname, former_surname, preferred_surname
