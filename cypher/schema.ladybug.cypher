// Schema for the embedded engine (LadybugDB).
// Why a separate file: LadybugDB declares its schema up front (typed node and relationship tables, one label
// per node, a PRIMARY KEY per node table) where Neo4j is schema-optional with constraints. The key named in each
// PRIMARY KEY is also the key graph/ uses to give every node a stable id of our own ("Label:key").
// Applied idempotently at start-up; columns added here later are added to existing databases by ALTER TABLE.
// Property names avoid start/end/from/to, which are keywords here (see DESIGN.md, portable Cypher).

CREATE NODE TABLE IF NOT EXISTS Person(
  person_id STRING, forename STRING, middle_names STRING, surname STRING, other_names STRING,
  dob DATE, dob_estimated BOOLEAN, sex STRING, deceased BOOLEAN, date_of_death DATE,
  name_source STRING, dob_source STRING, restricted BOOLEAN, restriction_reason STRING,
  PRIMARY KEY(person_id));

CREATE NODE TABLE IF NOT EXISTS SourceRecord(
  record_key STRING, system STRING, record_id STRING, file STRING,
  forename STRING, middle_names STRING, surname STRING, former_surname STRING, preferred_surname STRING,
  preferred_forename STRING, dob DATE, dob_estimated BOOLEAN, sex STRING, nhs_number STRING, upn STRING,
  postcode STRING, uprn STRING, address_key STRING, fields STRING, extracted_at DATE,
  PRIMARY KEY(record_key));

CREATE NODE TABLE IF NOT EXISTS Household(
  household_id STRING, address_key STRING, valid_from DATE, valid_to DATE,
  PRIMARY KEY(household_id));

CREATE NODE TABLE IF NOT EXISTS Address(
  address_key STRING, uprn STRING, line1 STRING, line2 STRING, town STRING, postcode STRING,
  PRIMARY KEY(address_key));

CREATE NODE TABLE IF NOT EXISTS Professional(
  professional_id STRING, name STRING, role STRING, team STRING, organisation STRING, phone STRING,
  email STRING, system STRING,
  PRIMARY KEY(professional_id));

CREATE NODE TABLE IF NOT EXISTS Service(
  code STRING, name STRING, agency STRING, category STRING, system STRING, sensitive BOOLEAN,
  local_offer BOOLEAN, description STRING,
  PRIMARY KEY(code));

CREATE NODE TABLE IF NOT EXISTS Episode(
  episode_id STRING, system STRING, record_id STRING, episode_type STRING, start_date DATE, end_date DATE,
  reason STRING, status STRING, last_involvement DATE, details STRING, extracted_at DATE,
  PRIMARY KEY(episode_id));

CREATE NODE TABLE IF NOT EXISTS Source(
  system STRING, name STRING, agency STRING, extracted_at DATE, loaded_at TIMESTAMP, last_load_id STRING,
  PRIMARY KEY(system));

CREATE NODE TABLE IF NOT EXISTS Change(
  change_id STRING, kind STRING, at DATE, summary STRING, detected_at TIMESTAMP, load_id STRING,
  PRIMARY KEY(change_id));

CREATE NODE TABLE IF NOT EXISTS Load(
  load_id STRING, started_at TIMESTAMP, finished_at TIMESTAMP, source_dir STRING, status STRING,
  counts STRING,
  PRIMARY KEY(load_id));

CREATE REL TABLE IF NOT EXISTS RECORD_OF(FROM SourceRecord TO Person, match_probability DOUBLE, method STRING);
CREATE REL TABLE IF NOT EXISTS MEMBER_OF(FROM Person TO Household, valid_from DATE, valid_to DATE, source STRING);
CREATE REL TABLE IF NOT EXISTS AT(FROM Household TO Address, valid_from DATE, valid_to DATE);
CREATE REL TABLE IF NOT EXISTS RESIDED_AT(FROM Person TO Address, valid_from DATE, valid_to DATE, source STRING);
CREATE REL TABLE IF NOT EXISTS PARENT_OF(FROM Person TO Person, kind STRING, source STRING);
CREATE REL TABLE IF NOT EXISTS PARTNER_OF(FROM Person TO Person, valid_from DATE, valid_to DATE, source STRING);
CREATE REL TABLE IF NOT EXISTS SIBLING_OF(FROM Person TO Person, kind STRING, source STRING);
CREATE REL TABLE IF NOT EXISTS RELATED_TO(FROM Person TO Person, type STRING, source STRING);
CREATE REL TABLE IF NOT EXISTS SUBJECT_OF(FROM Person TO Episode, role STRING);
CREATE REL TABLE IF NOT EXISTS PROVIDED_BY(FROM Episode TO Service);
CREATE REL TABLE IF NOT EXISTS LEAD_PRACTITIONER_FOR(FROM Professional TO Episode, valid_from DATE, valid_to DATE);
CREATE REL TABLE IF NOT EXISTS ABOUT(FROM Change TO Person);
CREATE REL TABLE IF NOT EXISTS FOUND_BY(FROM Change TO Load);

// Record linkage (ingest/linkage): a pair of source records in the uncertain band, waiting for a data steward
// (rewritten by every full run), and the stewards' decisions (written by the app, never deleted by ingest).
CREATE NODE TABLE IF NOT EXISTS CandidateLink(
  pair_key STRING, record_a STRING, record_b STRING, probability DOUBLE, match_weight DOUBLE, evidence STRING,
  reason STRING, status STRING, load_id STRING,
  PRIMARY KEY(pair_key));

CREATE NODE TABLE IF NOT EXISTS LinkDecision(
  decision_id STRING, kind STRING, record_a STRING, record_b STRING, person_id STRING, groups STRING,
  decided_by STRING, decided_at TIMESTAMP, note STRING,
  PRIMARY KEY(decision_id));
