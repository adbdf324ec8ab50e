// Why: LadybugDB names a node's single label with label(n); it has no list indexing on labels(n).
MATCH (n) RETURN label(n) AS label, count(*) AS count ORDER BY label
