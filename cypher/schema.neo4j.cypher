// Schema for Neo4j 5: uniqueness constraints on our own keys (they also index them) and lookup indexes for
// search. Why a separate file: Neo4j is schema-optional, so only constraints and indexes are declared; the
// embedded engine's typed tables are in schema.ladybug.cypher. Every statement is idempotent (IF NOT EXISTS).
// The key of each label here must match the PRIMARY KEY in schema.ladybug.cypher.

CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.person_id IS UNIQUE;
CREATE CONSTRAINT source_record_key IF NOT EXISTS FOR (n:SourceRecord) REQUIRE n.record_key IS UNIQUE;
CREATE CONSTRAINT household_key IF NOT EXISTS FOR (n:Household) REQUIRE n.household_id IS UNIQUE;
CREATE CONSTRAINT address_key IF NOT EXISTS FOR (n:Address) REQUIRE n.address_key IS UNIQUE;
CREATE CONSTRAINT professional_key IF NOT EXISTS FOR (n:Professional) REQUIRE n.professional_id IS UNIQUE;
CREATE CONSTRAINT service_key IF NOT EXISTS FOR (n:Service) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT episode_key IF NOT EXISTS FOR (n:Episode) REQUIRE n.episode_id IS UNIQUE;
CREATE CONSTRAINT source_key IF NOT EXISTS FOR (n:Source) REQUIRE n.system IS UNIQUE;
CREATE CONSTRAINT change_key IF NOT EXISTS FOR (n:Change) REQUIRE n.change_id IS UNIQUE;
CREATE CONSTRAINT load_key IF NOT EXISTS FOR (n:Load) REQUIRE n.load_id IS UNIQUE;
CREATE INDEX person_surname IF NOT EXISTS FOR (n:Person) ON (n.surname);
CREATE INDEX person_dob IF NOT EXISTS FOR (n:Person) ON (n.dob);
CREATE INDEX source_record_surname IF NOT EXISTS FOR (n:SourceRecord) ON (n.surname);
CREATE INDEX source_record_nhs IF NOT EXISTS FOR (n:SourceRecord) ON (n.nhs_number);
CREATE INDEX source_record_upn IF NOT EXISTS FOR (n:SourceRecord) ON (n.upn);
CREATE INDEX source_record_id IF NOT EXISTS FOR (n:SourceRecord) ON (n.record_id);
CREATE INDEX address_postcode IF NOT EXISTS FOR (n:Address) ON (n.postcode);
CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at);
CREATE CONSTRAINT candidate_link_key IF NOT EXISTS FOR (n:CandidateLink) REQUIRE n.pair_key IS UNIQUE;
CREATE CONSTRAINT link_decision_key IF NOT EXISTS FOR (n:LinkDecision) REQUIRE n.decision_id IS UNIQUE;
CREATE INDEX candidate_link_status IF NOT EXISTS FOR (n:CandidateLink) ON (n.status);
