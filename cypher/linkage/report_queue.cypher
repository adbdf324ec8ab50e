// Answers: linkage report: the review queue by status and reason, with the probability range of each.
// Params: none
// Mode: read
MATCH (c:CandidateLink)
RETURN c.status AS status, c.reason AS reason, count(c) AS pairs, min(c.probability) AS lowest_probability,
       max(c.probability) AS highest_probability
ORDER BY status, reason
