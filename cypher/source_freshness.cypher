// Answers: which source systems are connected and how fresh each one's data is ("correct as of").
// Params: none
// Mode: read
MATCH (s:Source)
RETURN s.system AS system, s.name AS name, s.agency AS agency, s.extracted_at AS extracted_at,
       s.loaded_at AS loaded_at
ORDER BY system
