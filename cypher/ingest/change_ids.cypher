// Answers: the ids of the changes already recorded (so a re-run links only new ones to its Load).
// Params: none
// Mode: read
MATCH (c:Change) RETURN c.change_id AS change_id ORDER BY change_id
