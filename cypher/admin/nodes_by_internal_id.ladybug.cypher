// Why: LadybugDB's internal ids are (table, offset) pairs, rebuilt with internal_id(); its lists are 1-based.
UNWIND $ids AS i
MATCH (n) WHERE id(n) = internal_id(i[1], i[2])
RETURN i AS internal, n
