// Answers: everyone who has ever shared a household with a person (lodgers and other unrelated adults included).
// Params: person_id (string)
// Mode: read
MATCH (p:Person {person_id: $person_id})-[:MEMBER_OF]->(:Household)<-[:MEMBER_OF]-(x:Person)
WHERE x.person_id <> $person_id
RETURN DISTINCT x.person_id AS person_id
ORDER BY person_id
