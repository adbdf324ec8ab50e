// Answers: nothing; deletes derived households that a full run no longer derives (with their relationships).
// Params: rows: list of {household_id}
// Mode: write
UNWIND $rows AS r
MATCH (h:Household) WHERE h.household_id = r.household_id
DETACH DELETE h
