// Why: LadybugDB has no type(r); a relationship's table name is label(r).
MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS count ORDER BY type
