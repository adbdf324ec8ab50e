// Answers: one person, by our id.
// Params: person_id (string)
// Mode: read
MATCH (p:Person {person_id: $person_id}) RETURN p
