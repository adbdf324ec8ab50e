// Answers: which people each source holds under each forename and preferred forename, grouped by source and names:
//   part of the search's in-memory index (nicknames come from here), read once per completed load.
// Params: none
// Mode: read
MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person)
RETURN s.system AS system, s.forename AS forename, s.preferred_forename AS preferred_forename,
       collect(p.person_id) AS people
ORDER BY system, forename, preferred_forename
