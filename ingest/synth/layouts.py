"""The extract layouts: every file, column, format and code list, per source.

This module is the single description of the extracts: the renderers write
columns in the order given here, ``docs.py`` turns it into LAYOUTS.md and the
tests validate extracts against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Col:
    name: str
    desc: str
    kind: str = "text"  # text, id, date, nhs, upn, code, int
    required: bool = False
    codes: dict[str, str] | None = None


@dataclass(frozen=True)
class FileSpec:
    source: str
    name: str  # file name inside extracts/<source>/
    desc: str
    record_id: str  # column holding the record id
    person_file: bool  # rows describe a person: listed in ground_truth/records.csv
    cols: tuple[Col, ...]
    # invalid-row options: "COLUMN:reason" or "END_COL:end_before_start:START_COL"
    invalid: tuple[str, ...] = ()
    ties: str = ""

    @property
    def key(self) -> str:
        return f"{self.source}/{self.name}"

    @cached_property
    def columns(self) -> list[str]:
        return [c.name for c in self.cols]

    def col(self, name: str) -> Col:
        for c in self.cols:
            if c.name == name:
                return c
        raise KeyError(name)


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str
    date_format: str
    desc: str
    files: tuple[FileSpec, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- code lists
CSC_GENDER = {"1": "male", "2": "female", "0": "not known", "9": "not stated"}
DFE_ETHNICITY = {
    "WBRI": "White - British",
    "WIRI": "White - Irish",
    "WOTH": "Any other White background",
    "WROM": "Gypsy / Roma",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AIND": "Indian",
    "BAFR": "Black - African",
    "BCRB": "Black Caribbean",
    "MWBA": "White and Black African",
    "MWBC": "White and Black Caribbean",
    "MWAS": "White and Asian",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
CSC_PERSON_TYPE = {"CLI": "child / young person who is (or was) a client", "REL": "related adult"}
CSC_REL = {
    "MOT": "mother (birth)",
    "FAT": "father (birth)",
    "SMO": "step-mother (father's partner)",
    "SFA": "step-father (mother's partner)",
    "CHD": "child (birth)",
    "SCH": "step-child (partner's child)",
    "PTN": "partner (END_DATE set when the partnership ended)",
    "SIB": "full sibling",
    "HSB": "half sibling",
    "GMO": "grandmother",
    "GFA": "grandfather",
    "GCH": "grandchild",
}
CSC_ADDRESS_TYPE = {"HOME": "home address", "PLAC": "care placement address"}
CSC_EPISODE_TYPE = {
    "CONT": "contact (front door; usually starts and ends the same day)",
    "REFR": "referral and assessment",
    "CIN": "child in need episode",
    "CPP": "child protection plan",
    "LAC": "looked-after (child in care) episode",
}
REFERRAL_SOURCE = {
    "1A": "individual - family member/relative/carer",
    "1C": "individual - self",
    "2A": "schools",
    "3A": "health - GP",
    "3B": "health - health visitor",
    "3C": "health - school nurse",
    "3F": "health - other (incl. mental health)",
    "4": "housing",
    "5D": "early help",
    "6": "police",
    "9": "anonymous",
}
CIN_NEED = {
    "N1": "abuse or neglect",
    "N2": "child's disability",
    "N3": "parental disability or illness",
    "N4": "family in acute stress",
    "N5": "family dysfunction",
    "N6": "socially unacceptable behaviour",
    "N7": "low income",
    "N8": "absent parenting",
}
CP_CATEGORY = {
    "NEG": "neglect",
    "PHY": "physical abuse",
    "EMO": "emotional abuse",
    "SAB": "sexual abuse",
    "MUL": "multiple categories",
}
LAC_LEGAL = {
    "C1": "interim care order",
    "C2": "full care order",
    "V2": "single period of accommodation under s20",
    "L1": "under police protection",
    "E1": "placement order granted",
}
CSC_REASON = {**REFERRAL_SOURCE, **CIN_NEED, **CP_CATEGORY, **LAC_LEGAL}
CSC_OUTCOME = {
    "NFA": "no further action",
    "INF": "information and advice given",
    "EH": "stepped across / down to early help",
    "REF": "progressed to referral (contacts)",
    "CIN": "progressed to child in need (referrals)",
    "S47": "strategy discussion and s47 enquiry (referrals)",
    "CLO": "closed: needs met",
    "ESC": "escalated (child protection plan / looked after)",
    "CPE": "child protection plan ended",
    "LAC": "plan ended because child became looked after",
    "E4A": "returned home to live with parents or relatives",
    "E41": "child arrangements order (lives with other parent)",
    "E47": "special guardianship order to relative or friend",
    "E8": "ceased for any other reason",
}
PLACEMENT_TYPE = {
    "U1": "foster placement with relative or friend - long term",
    "U4": "foster placement with relative or friend - not long term",
    "U3": "placement with other foster carer - long term",
    "U6": "placement with other foster carer - not long term",
    "K2": "children's home",
    "P1": "placed with own parents",
}
EH_GENDER = {"Male": "male", "Female": "female", "Unknown": "not known"}
EH_ROLE = {
    "Parent/Carer": "parent or main carer",
    "Partner": "partner of the parent/carer",
    "Child": "child of the family",
    "Grandparent": "grandparent",
    "Other Adult": "other adult in the household",
}
EH_EPISODE = {
    "EHA": "early help assessment",
    "TAF": "team around the family (family support plan)",
    "FSW": "family support work",
}
EH_CLOSURE = {
    "OUT": "outcomes achieved",
    "STU": "stepped up to children's social care",
    "DIS": "family disengaged",
    "NFA": "no further action needed",
}
SCHOOL_SEX = {"M": "male", "F": "female"}
ENROL_STATUS = {
    "C": "current (single registration)",
    "M": "main (dual registration)",
    "S": "subsidiary (dual registration)",
}
SCHOOL_PHASE = {"PRI": "primary", "SEC": "secondary", "SPE": "special", "PRU": "pupil referral unit"}
YES_NO = {"Y": "yes", "N": "no"}
YES_NO_U = {"Y": "yes", "N": "no", "U": "unknown"}
NHS_STATUS = {
    "01": "number present and verified",
    "02": "number present but not traced",
    "03": "trace required",
    "04": "trace attempted - no match or multiple match found",
}
NHS_GENDER = {"1": "male", "2": "female", "9": "indeterminate", "X": "not known"}
HEALTH_PATIENT_TYPE = {"C": "child on a 0-19 caseload", "A": "adult (main carer / FNP client)"}
HEALTH_SERVICE = {"HV": "health visiting", "SN": "school nursing", "FNP": "family nurse partnership"}
CASELOAD_LEVEL = {
    "UNI": "universal",
    "UPL": "universal plus",
    "UPP": "universal partnership plus",
}
POLICE_TYPE = {
    "DA": "domestic abuse incident",
    "DAC": "domestic abuse crime",
    "CC": "child concern",
    "MFH": "missing from home",
}
POLICE_RISK = {"S": "standard", "M": "medium", "H": "high"}
POLICE_ROLE = {
    "VIC": "victim",
    "PERP": "perpetrator / suspect",
    "CHP": "child present",
    "SUBJ": "subject of the concern",
    "OTH": "other person present",
}
POLICE_GENDER = {"M": "male", "F": "female", "U": "unknown"}
POLICE_RANK = {"PC": "police constable", "DC": "detective constable", "DS": "detective sergeant"}
TENANCY_TYPE = {
    "SEC": "secure tenancy",
    "INT": "introductory tenancy",
    "FLX": "flexible (fixed term) tenancy",
    "TA": "temporary accommodation (homelessness duty)",
}
HOUSING_FLAGS = {
    "RENT_ARREARS": "rent arrears",
    "ASB": "antisocial behaviour",
    "OVERCROWDING": "overcrowding",
    "DISREPAIR": "disrepair reported",
    "DOMESTIC_ABUSE": "domestic abuse disclosed",
    "VULNERABLE": "vulnerable household",
}
HOUSING_REL = {
    "LEAD": "lead tenant",
    "JOINT": "joint tenant",
    "PARTNER": "partner of lead tenant",
    "SON": "son",
    "DAUGHTER": "daughter",
    "STEPSON": "stepson",
    "STEPDAUGHTER": "stepdaughter",
    "GRANDSON": "grandson",
    "GRANDDAUGHTER": "granddaughter",
    "PARENT": "parent of lead tenant",
    "OTHER": "other household member",
}
TITLES = {"Mr": "", "Mrs": "", "Miss": "", "Ms": "", "Mx": ""}
AMH_SEX = {"Male": "male", "Female": "female", "Not known": "not known"}
AMH_TEAM = {
    "CMHTN": "community mental health team - north",
    "CMHTS": "community mental health team - south",
    "EIP": "early intervention in psychosis",
    "PMH": "perinatal mental health",
    "CRHT": "crisis resolution and home treatment",
}
AMH_PROFESSION = {
    "CPN": "community psychiatric nurse",
    "OT": "occupational therapist",
    "SW": "social worker",
    "PSY": "psychologist",
}
SM_GENDER = {"M": "male", "F": "female", "O": "other", "U": "unknown"}
SM_SUBSTANCE = {
    "OPI": "opiates",
    "CRK": "crack cocaine",
    "COC": "powder cocaine",
    "ALC": "alcohol",
    "CAN": "cannabis",
    "BZD": "benzodiazepines",
    "AMP": "amphetamines",
}
SM_DISCHARGE = {
    "TC": "treatment completed - drug/alcohol free",
    "TCO": "treatment completed - occasional user",
    "DO": "dropped out / left",
    "TRF": "transferred",
    "PRI": "transferred to prison",
    "DIED": "died",
}
YJ_SEX = {"M": "male", "F": "female"}
YJ_TYPE = {
    "PREV": "prevention / turnaround programme",
    "CR": "community resolution",
    "YC": "youth caution",
    "YCC": "youth conditional caution",
    "RO": "referral order",
    "YRO": "youth rehabilitation order",
    "DTO": "detention and training order",
}

# ------------------------------------------------------------------- sources
CSC = SourceSpec(
    "csc",
    "Children's social care case management",
    "dd/mm/yyyy",
    "Person-centred system. Every person (children and the adults around them) has a PERSON_ID "
    "which ties rows across persons, relationships, addresses and episodes. The same real person "
    "may have been registered twice (duplicate PERSON_IDs).",
    (
        FileSpec(
            "csc",
            "persons.csv",
            "One row per registered person.",
            "PERSON_ID",
            True,
            (
                Col("PERSON_ID", "CSC person id, 'CSC' + 7 digits", "id", True),
                Col("FORENAME", "Forename as registered (may be a nickname or misspelt)", "text", True),
                Col("MIDDLE_NAMES", "Middle names, space separated"),
                Col("SURNAME", "Current surname as known to CSC", "text", True),
                Col("KNOWN_AS", "Preferred name / alias forename"),
                Col("DOB", "Date of birth", "date", True),
                Col(
                    "DOB_ESTIMATED",
                    "Y if the date of birth is estimated (then usually 01/01 or 01/07)",
                    "code",
                    True,
                    YES_NO,
                ),
                Col("GENDER", "Gender", "code", True, CSC_GENDER),
                Col("ETHNICITY", "DfE ethnicity code", "code", False, DFE_ETHNICITY),
                Col("NHS_NUMBER", "NHS number written 'nnn nnn nnnn'; blank if not known", "nhs"),
                Col("UPN", "Unique pupil number (13 chars); blank if not known", "upn"),
                Col("DATE_OF_DEATH", "Date of death if deceased", "date"),
                Col("PERSON_TYPE", "Type of record", "code", True, CSC_PERSON_TYPE),
                Col("RECORD_CREATED", "Date the record was created", "date", True),
            ),
            (
                "DOB:dob_in_future",
                "DOB:unparseable_date",
                "NHS_NUMBER:invalid_nhs_check_digit",
                "UPN:invalid_upn_check_letter",
                "GENDER:unknown_code",
                "SURNAME:missing_required_field",
            ),
            "PERSON_ID is the key used by all other csc files.",
        ),
        FileSpec(
            "csc",
            "relationships.csv",
            "Relationships between registered persons, stored in both directions. Read a row as "
            "'RELATED_PERSON_ID is the <REL_CODE> of PERSON_ID' (e.g. PERSON_ID=child, REL_CODE=MOT, "
            "RELATED_PERSON_ID=mother; and the reverse row with REL_CODE=CHD).",
            "REL_ID",
            False,
            (
                Col("REL_ID", "Relationship row id, 'R' + 8 digits", "id", True),
                Col("PERSON_ID", "CSC person id", "id", True),
                Col("RELATED_PERSON_ID", "CSC person id of the related person", "id", True),
                Col("REL_CODE", "What the related person is to PERSON_ID", "code", True, CSC_REL),
                Col(
                    "START_DATE",
                    "Start (partners: start of relationship; step relations: when the step-parent's partnership started; blank otherwise)",
                    "date",
                ),
                Col("END_DATE", "End (partners and step relations when the partnership ended)", "date"),
            ),
            ("REL_CODE:unknown_code", "END_DATE:end_before_start:START_DATE"),
        ),
        FileSpec(
            "csc",
            "addresses.csv",
            "Address history of registered persons (from when known to CSC).",
            "ADDRESS_ID",
            False,
            (
                Col("ADDRESS_ID", "Address row id, 'A' + 8 digits", "id", True),
                Col("PERSON_ID", "CSC person id", "id", True),
                Col("ADDRESS_TYPE", "Type", "code", True, CSC_ADDRESS_TYPE),
                Col("ADDRESS_LINE_1", "House number and street, or 'Flat n, Block'", "text", True),
                Col("ADDRESS_LINE_2", "Locality or street"),
                Col("TOWN", "Town"),
                Col("POSTCODE", "Postcode", "text", True),
                Col("UPRN", "UPRN (12 digits) when the address was matched to the gazetteer"),
                Col("START_DATE", "Date the person started living there", "date", True),
                Col("END_DATE", "Date they left (blank = current)", "date"),
            ),
            ("START_DATE:unparseable_date", "END_DATE:end_before_start:START_DATE"),
        ),
        FileSpec(
            "csc",
            "episodes.csv",
            "Involvement episodes about a child.",
            "EPISODE_ID",
            False,
            (
                Col("EPISODE_ID", "Episode id, 'E' + 8 digits", "id", True),
                Col("PERSON_ID", "CSC person id of the child", "id", True),
                Col("EPISODE_TYPE", "Type of episode", "code", True, CSC_EPISODE_TYPE),
                Col("START_DATE", "Start date", "date", True),
                Col("END_DATE", "End date (blank = open)", "date"),
                Col(
                    "REASON_CODE",
                    "CONT/REFR: referral source; CIN: primary need (N1-N8); CPP: initial category; LAC: legal status",
                    "code",
                    True,
                    CSC_REASON,
                ),
                Col("OUTCOME_CODE", "Outcome / reason for closure (blank while open)", "code", False, CSC_OUTCOME),
                Col("WORKER_ID", "Allocated worker (workers.csv)", "id", True),
                Col("PLACEMENT_TYPE", "LAC only: placement type", "code", False, PLACEMENT_TYPE),
                Col("PLACEMENT_POSTCODE", "LAC only: postcode of the placement"),
            ),
            (
                "EPISODE_TYPE:unknown_code",
                "START_DATE:unparseable_date",
                "END_DATE:end_before_start:START_DATE",
                "PERSON_ID:missing_required_field",
            ),
        ),
        FileSpec(
            "csc",
            "workers.csv",
            "Social care workers.",
            "WORKER_ID",
            False,
            (
                Col("WORKER_ID", "Worker id, 'SW' + 5 digits", "id", True),
                Col("WORKER_NAME", "Forename Surname", "text", True),
                Col("JOB_TITLE", "Job title"),
                Col("TEAM", "Team"),
                Col("ORGANISATION", "Employer"),
                Col("PHONE", "Phone number"),
                Col("EMAIL", "E-mail address"),
            ),
        ),
    ),
)

EARLY_HELP = SourceSpec(
    "early_help",
    "Early help (family-based case management)",
    "yyyy-mm-dd 00:00:00",
    "Family-centred system: a family (FamilyRef) has members and episodes. There is no person-level "
    "id across families: a person who appears in two families (e.g. a father after separation, or a "
    "family registered twice) has two unrelated MemberIDs. Lead practitioner details are typed into "
    "each episode (no practitioner id).",
    (
        FileSpec(
            "early_help",
            "families.csv",
            "One row per family member.",
            "MemberID",
            True,
            (
                Col("FamilyRef", "Family id, 'EHF' + 6 digits", "id", True),
                Col("MemberID", "Member id, 'EHM' + 7 digits (unique per family membership)", "id", True),
                Col("FullName", "Name as 'SURNAME, Forename' (surname usually upper case)", "text", True),
                Col("DateOfBirth", "Date of birth (may be blank)", "date"),
                Col("Gender", "Gender", "code", True, EH_GENDER),
                Col("RoleInFamily", "Role in the family", "code", True, EH_ROLE),
                Col("Address", "Address at registration, one line: 'line 1, line 2, town'"),
                Col("Postcode", "Postcode at registration"),
                Col("DateAdded", "Date the member was added to the family", "date", True),
            ),
            (
                "DateOfBirth:dob_in_future",
                "DateOfBirth:unparseable_date",
                "Gender:unknown_code",
                "FullName:missing_required_field",
            ),
            "FamilyRef groups members; MemberID is per membership.",
        ),
        FileSpec(
            "early_help",
            "episodes.csv",
            "Early help episodes for a family.",
            "EpisodeRef",
            False,
            (
                Col("EpisodeRef", "Episode id, 'EHE' + 6 digits", "id", True),
                Col("FamilyRef", "Family id", "id", True),
                Col("EpisodeType", "Type", "code", True, EH_EPISODE),
                Col("StartDate", "Start date", "date", True),
                Col("EndDate", "End date (blank = open)", "date"),
                Col("ClosureReason", "Closure reason (blank while open)", "code", False, EH_CLOSURE),
                Col("LeadPractitionerName", "Lead practitioner 'Forename Surname'", "text", True),
                Col("LeadPractitionerRole", "Lead practitioner role"),
                Col("LeadPractitionerOrg", "Lead practitioner organisation (council, school or health trust)"),
                Col("LeadPractitionerPhone", "Lead practitioner phone"),
                Col("LeadPractitionerEmail", "Lead practitioner e-mail"),
            ),
            ("EpisodeType:unknown_code", "EndDate:end_before_start:StartDate", "StartDate:unparseable_date"),
        ),
    ),
)

SCHOOLS = SourceSpec(
    "schools",
    "Schools (school census style)",
    "yyyy-mm-dd",
    "Pupil-centred. PupilRef ties a pupil's rows (pupils.csv, enrolments.csv). A child may have two "
    "PupilRefs (re-registered, e.g. first with a temporary UPN). UPN is the national pupil id "
    "(13 chars with check letter; a temporary UPN ends in a letter).",
    (
        FileSpec(
            "schools",
            "pupils.csv",
            "One row per pupil record; names and address as at the extract date (as at leaving for pupils who have left).",
            "PupilRef",
            True,
            (
                Col("PupilRef", "Pupil record id, 'PR' + 7 digits", "id", True),
                Col("UPN", "Unique pupil number", "upn"),
                Col("FormerUPN", "Previous UPN (e.g. a temporary UPN), if recorded", "upn"),
                Col("LegalSurname", "Legal surname", "text", True),
                Col("PreferredSurname", "Preferred surname (blank = same as legal)"),
                Col("FormerSurname", "Former legal surname, if changed"),
                Col("Forename", "Legal forename", "text", True),
                Col("PreferredForename", "Preferred forename (blank = same as legal)"),
                Col("MiddleNames", "Middle names"),
                Col("DOB", "Date of birth", "date", True),
                Col("Sex", "Sex", "code", True, SCHOOL_SEX),
                Col("Ethnicity", "DfE ethnicity code", "code", False, DFE_ETHNICITY),
                Col("AddressLine1", "House number and street / flat"),
                Col("AddressLine2", "Locality or street"),
                Col("Town", "Town"),
                Col("Postcode", "Postcode"),
                Col("UPRN", "UPRN (12 digits), when matched"),
                Col("FSMEligible", "Eligible for free school meals", "code", False, YES_NO),
            ),
            (
                "DOB:dob_in_future",
                "DOB:unparseable_date",
                "UPN:invalid_upn_check_letter",
                "Sex:unknown_code",
                "LegalSurname:missing_required_field",
            ),
            "PupilRef is the key used by enrolments.csv.",
        ),
        FileSpec(
            "schools",
            "enrolments.csv",
            "School enrolments (the school is the service).",
            "EnrolmentID",
            False,
            (
                Col("EnrolmentID", "Enrolment id, 'EN' + 8 digits", "id", True),
                Col("PupilRef", "Pupil record id", "id", True),
                Col("URN", "School URN (schools.csv)", "id", True),
                Col("EntryDate", "Date of entry", "date", True),
                Col("LeavingDate", "Date of leaving (blank = on roll)", "date"),
                Col("EnrolStatus", "Enrolment status", "code", True, ENROL_STATUS),
            ),
            ("EntryDate:unparseable_date", "LeavingDate:end_before_start:EntryDate", "EnrolStatus:unknown_code"),
        ),
        FileSpec(
            "schools",
            "schools.csv",
            "Schools and their designated safeguarding lead.",
            "URN",
            False,
            (
                Col("URN", "School unique reference number (6 digits)", "id", True),
                Col("LAEstab", "LA number / establishment number, e.g. 899/2001"),
                Col("SchoolName", "School name", "text", True),
                Col("Phase", "Phase", "code", True, SCHOOL_PHASE),
                Col("AddressLine1", "Address"),
                Col("Town", "Town"),
                Col("Postcode", "Postcode"),
                Col("SchoolPhone", "School phone"),
                Col("DSLName", "Designated safeguarding lead, 'Forename Surname'"),
                Col("DSLRole", "DSL job title"),
                Col("DSLPhone", "DSL phone"),
                Col("DSLEmail", "DSL e-mail"),
            ),
        ),
    ),
)

HEALTH = SourceSpec(
    "health",
    "Health visiting and school nursing (0-19 service)",
    "yyyymmdd",
    "Patient-centred. PatientID ties a patient's caseload rows; children point to their main carer "
    "via MainCarerPatientID. NHSNumber is the national id. Duplicate PatientIDs for the same person occur.",
    (
        FileSpec(
            "health",
            "patients.csv",
            "One row per patient (children and their main carers).",
            "PatientID",
            True,
            (
                Col("PatientID", "Local patient id, 'RW' + 7 digits", "id", True),
                Col("NHSNumber", "NHS number, 10 digits without spaces; blank if not known", "nhs"),
                Col("NHSNumberStatus", "NHS number status indicator", "code", True, NHS_STATUS),
                Col("Surname", "Surname", "text", True),
                Col("Forename", "Forename", "text", True),
                Col("OtherForenames", "Middle names"),
                Col("DOB", "Date of birth", "date", True),
                Col("Gender", "Stated gender", "code", True, NHS_GENDER),
                Col("AddressLine1", "Current address: house number and street / flat"),
                Col("AddressLine2", "Locality or street"),
                Col("AddressLine3", "Town"),
                Col("Postcode", "Postcode"),
                Col("PatientType", "Child or adult", "code", True, HEALTH_PATIENT_TYPE),
                Col("MainCarerPatientID", "Children: PatientID of the main carer (blank if not recorded)", "id"),
                Col("DateOfDeath", "Date of death", "date"),
            ),
            (
                "DOB:dob_in_future",
                "DOB:unparseable_date",
                "NHSNumber:invalid_nhs_check_digit",
                "Gender:unknown_code",
                "Surname:missing_required_field",
            ),
            "PatientID is the key used by caseload.csv and MainCarerPatientID.",
        ),
        FileSpec(
            "health",
            "caseload.csv",
            "Caseload episodes.",
            "CaseloadID",
            False,
            (
                Col("CaseloadID", "Episode id, 'CL' + 8 digits", "id", True),
                Col("PatientID", "Patient id", "id", True),
                Col("Service", "Service", "code", True, HEALTH_SERVICE),
                Col("StartDate", "Start date", "date", True),
                Col("EndDate", "End date (blank = open)", "date"),
                Col("CaseloadLevel", "Level of service", "code", True, CASELOAD_LEVEL),
                Col("StaffID", "Named health visitor / school nurse / family nurse (staff.csv)", "id", True),
            ),
            ("Service:unknown_code", "EndDate:end_before_start:StartDate", "StartDate:unparseable_date"),
        ),
        FileSpec(
            "health",
            "staff.csv",
            "Named practitioners.",
            "StaffID",
            False,
            (
                Col("StaffID", "Staff id, 'HS' + 4 digits", "id", True),
                Col("StaffName", "Forename Surname", "text", True),
                Col("Role", "Health Visitor, School Nurse or Family Nurse"),
                Col("Team", "Team"),
                Col("Organisation", "Employer"),
                Col("Phone", "Phone"),
                Col("Email", "E-mail"),
            ),
        ),
    ),
)

POLICE = SourceSpec(
    "police",
    "Police safeguarding notifications",
    "dd-MMM-yyyy",
    "Incident-centred. A notification has subjects. PersonRef is the police nominal reference: it "
    "repeats across notifications for the same person but is often missing, and a person can hold "
    "two PersonRefs. Dates of birth are often missing (AgeApprox may be given) or approximate.",
    (
        FileSpec(
            "police",
            "notifications.csv",
            "One row per notification shared with the council.",
            "NotificationRef",
            False,
            (
                Col("NotificationRef", "Notification reference 'PPN/yy/nnnnnn' (yy: year of the incident)", "id", True),
                Col("NotificationDate", "Date of the incident", "date", True),
                Col("TypeCode", "Notification type", "code", True, POLICE_TYPE),
                Col("RiskLevel", "DASH risk level (domestic abuse only)", "code", False, POLICE_RISK),
                Col("Location", "Address of the incident, one upper-case line"),
                Col("Postcode", "Postcode of the incident", "text", True),
                Col("OfficerInCharge", "Collar number of the officer in charge (officers.csv)", "id", True),
            ),
            ("NotificationDate:unparseable_date", "TypeCode:unknown_code", "Postcode:missing_required_field"),
        ),
        FileSpec(
            "police",
            "subjects.csv",
            "People involved in a notification.",
            "SubjectID",
            True,
            (
                Col("SubjectID", "Subject row id, 'S' + 8 digits", "id", True),
                Col("NotificationRef", "Notification reference", "id", True),
                Col("PersonRef", "Police nominal reference 'NOM' + 6 digits (often blank)", "id"),
                Col("Role", "Role in the notification", "code", True, POLICE_ROLE),
                Col("Surname", "Surname (upper case)", "text", True),
                Col("Forenames", "Forename(s)"),
                Col("DOB", "Date of birth (often blank)", "date"),
                Col("AgeApprox", "Approximate age in years when DOB is not known", "int"),
                Col("Gender", "Gender", "code", True, POLICE_GENDER),
            ),
            ("DOB:dob_in_future", "DOB:unparseable_date", "Role:unknown_code", "Surname:missing_required_field"),
            "No person id: PersonRef (when present) links the same nominal across notifications.",
        ),
        FileSpec(
            "police",
            "officers.csv",
            "Officers.",
            "CollarNo",
            False,
            (
                Col("CollarNo", "Collar number (4 digits)", "id", True),
                Col("Name", "Forename Surname", "text", True),
                Col("Rank", "Rank", "code", True, POLICE_RANK),
                Col("Team", "Team"),
                Col("Force", "Force"),
                Col("Phone", "Phone"),
                Col("Email", "E-mail"),
            ),
        ),
    ),
)

HOUSING = SourceSpec(
    "housing",
    "Housing (council tenancies and temporary accommodation)",
    "d/m/yyyy",
    "Tenancy-centred. Household members are listed per tenancy without a person id: the same person "
    "in two tenancies has two unrelated MemberRowIDs. UPRN identifies the property.",
    (
        FileSpec(
            "housing",
            "tenancies.csv",
            "One row per tenancy.",
            "TenancyRef",
            False,
            (
                Col("TenancyRef", "Tenancy reference 'TEN' + 6 digits", "id", True),
                Col("UPRN", "UPRN of the property (12 digits)", "text", True),
                Col("PropertyAddress1", "House number and street / flat", "text", True),
                Col("PropertyAddress2", "Locality or street"),
                Col("PropertyTown", "Town"),
                Col("PropertyPostcode", "Postcode", "text", True),
                Col("TenancyType", "Tenancy type", "code", True, TENANCY_TYPE),
                Col("StartDate", "Tenancy start", "date", True),
                Col("EndDate", "Tenancy end (blank = current)", "date"),
                Col("Flags", "Semicolon-separated flags (may be blank)", "flags", False, HOUSING_FLAGS),
                Col("OfficerCode", "Housing officer (officers.csv)", "id", True),
            ),
            ("StartDate:unparseable_date", "EndDate:end_before_start:StartDate", "TenancyType:unknown_code"),
        ),
        FileSpec(
            "housing",
            "members.csv",
            "Household members of a tenancy.",
            "MemberRowID",
            True,
            (
                Col("MemberRowID", "Member row id, 'HM' + 7 digits", "id", True),
                Col("TenancyRef", "Tenancy reference", "id", True),
                Col("Title", "Title (adults)", "code", False, TITLES),
                Col("Forename", "Forename", "text", True),
                Col("Surname", "Surname", "text", True),
                Col("DateOfBirth", "Date of birth", "date"),
                Col("RelationshipToLead", "Relationship to the lead tenant", "code", True, HOUSING_REL),
                Col("DateJoined", "Date joined the household", "date", True),
                Col("DateLeft", "Date left (blank = still there)", "date"),
            ),
            (
                "DateOfBirth:dob_in_future",
                "DateOfBirth:unparseable_date",
                "RelationshipToLead:unknown_code",
                "Surname:missing_required_field",
                "DateLeft:end_before_start:DateJoined",
            ),
        ),
        FileSpec(
            "housing",
            "officers.csv",
            "Housing officers.",
            "OfficerCode",
            False,
            (
                Col("OfficerCode", "Officer code 'HO' + 3 digits", "id", True),
                Col("Name", "Forename Surname", "text", True),
                Col("JobTitle", "Job title"),
                Col("Patch", "Team / patch"),
                Col("Organisation", "Employer"),
                Col("Phone", "Phone"),
                Col("Email", "E-mail"),
            ),
        ),
    ),
)

AMH = SourceSpec(
    "adult_mental_health",
    "Adult mental health (secondary care)",
    "dd Mmm yyyy",
    "Client-centred; adults (18+) only. ClientID ties clients.csv and episodes.csv. NHS number mostly "
    "present (written 'nnn-nnn-nnnn').",
    (
        FileSpec(
            "adult_mental_health",
            "clients.csv",
            "One row per client.",
            "ClientID",
            True,
            (
                Col("ClientID", "Client id, 'AMH' + 6 digits", "id", True),
                Col("NHSNumber", "NHS number 'nnn-nnn-nnnn' (blank if not known)", "nhs"),
                Col("Title", "Title", "code", False, TITLES),
                Col("GivenName", "Given name", "text", True),
                Col("FamilyName", "Family name", "text", True),
                Col("DateOfBirth", "Date of birth", "date", True),
                Col("Sex", "Sex", "code", True, AMH_SEX),
                Col("AddressLine", "Current address, one line: 'line 1, line 2, town'"),
                Col("Postcode", "Current postcode"),
                Col("HasDependentChildren", "Client has dependent children", "code", True, YES_NO_U),
            ),
            (
                "DateOfBirth:dob_in_future",
                "DateOfBirth:unparseable_date",
                "NHSNumber:invalid_nhs_check_digit",
                "Sex:unknown_code",
                "FamilyName:missing_required_field",
            ),
            "ClientID is the key used by episodes.csv.",
        ),
        FileSpec(
            "adult_mental_health",
            "episodes.csv",
            "Episodes of care.",
            "EpisodeID",
            False,
            (
                Col("EpisodeID", "Episode id, 'MHE' + 7 digits", "id", True),
                Col("ClientID", "Client id", "id", True),
                Col("ReferralDate", "Referral / start date", "date", True),
                Col("DischargeDate", "Discharge date (blank = open)", "date"),
                Col("Team", "Team", "code", True, AMH_TEAM),
                Col("CareCoordinatorID", "Care coordinator (staff.csv)", "id", True),
            ),
            ("ReferralDate:unparseable_date", "DischargeDate:end_before_start:ReferralDate", "Team:unknown_code"),
        ),
        FileSpec(
            "adult_mental_health",
            "staff.csv",
            "Care coordinators.",
            "StaffID",
            False,
            (
                Col("StaffID", "Staff id, 'MHS' + 4 digits", "id", True),
                Col("Name", "Forename Surname", "text", True),
                Col("Profession", "Profession", "code", True, AMH_PROFESSION),
                Col("Team", "Team code (as in episodes.csv)"),
                Col("Organisation", "Employer"),
                Col("Phone", "Phone"),
                Col("Email", "E-mail"),
            ),
        ),
    ),
)

SUBSTANCE = SourceSpec(
    "substance_misuse",
    "Substance misuse treatment (adults)",
    "dd-mm-yyyy",
    "One flat file of referrals; client details are repeated on every row as they stood at the "
    "referral. ClientRef ties the referrals of one client (a client occasionally has two ClientRefs).",
    (
        FileSpec(
            "substance_misuse",
            "referrals.csv",
            "One row per referral.",
            "ReferralID",
            True,
            (
                Col("ReferralID", "Referral id, 'SMR' + 6 digits", "id", True),
                Col("ClientRef", "Client reference 'SMC' + 5 digits", "id", True),
                Col("Surname", "Surname", "text", True),
                Col("Forename", "Forename", "text", True),
                Col("DOB", "Date of birth", "date", True),
                Col("Gender", "Gender", "code", True, SM_GENDER),
                Col("Postcode", "Postcode at referral"),
                Col("NHSNumber", "NHS number, 10 digits (often blank)", "nhs"),
                Col("ReferralDate", "Referral date", "date", True),
                Col("DischargeDate", "Discharge date (blank = in treatment)", "date"),
                Col("DischargeReason", "Discharge reason (blank while open)", "code", False, SM_DISCHARGE),
                Col("PrimarySubstance", "Primary substance", "code", True, SM_SUBSTANCE),
                Col("LivesWithChildren", "Client lives with children under 18", "code", True, YES_NO_U),
                Col("KeyWorkerName", "Key worker 'Forename Surname'"),
                Col("KeyWorkerTeam", "Key worker team"),
                Col("KeyWorkerPhone", "Key worker phone"),
                Col("KeyWorkerEmail", "Key worker e-mail"),
            ),
            (
                "DOB:dob_in_future",
                "DOB:unparseable_date",
                "NHSNumber:invalid_nhs_check_digit",
                "PrimarySubstance:unknown_code",
                "DischargeDate:end_before_start:ReferralDate",
                "Surname:missing_required_field",
            ),
            "ClientRef ties referrals of the same client.",
        ),
    ),
)

YOUTH_JUSTICE = SourceSpec(
    "youth_justice",
    "Youth justice service",
    "dd/mm/yyyy",
    "Young people aged 10-17 at the start of their first intervention. YPID ties young_people.csv "
    "and interventions.csv.",
    (
        FileSpec(
            "youth_justice",
            "young_people.csv",
            "One row per young person.",
            "YPID",
            True,
            (
                Col("YPID", "Young person id, 'YJ' + 5 digits", "id", True),
                Col("Forename", "Forename", "text", True),
                Col("Surname", "Surname", "text", True),
                Col("Alias", "Known alias / other name"),
                Col("DOB", "Date of birth", "date", True),
                Col("Sex", "Sex", "code", True, YJ_SEX),
                Col("UPN", "Unique pupil number, when known", "upn"),
                Col("Address", "Current address, one line: 'line 1, line 2, town'"),
                Col("Postcode", "Current postcode"),
                Col("Ethnicity", "DfE ethnicity code", "code", False, DFE_ETHNICITY),
            ),
            (
                "DOB:dob_in_future",
                "DOB:unparseable_date",
                "UPN:invalid_upn_check_letter",
                "Sex:unknown_code",
                "Surname:missing_required_field",
            ),
            "YPID is the key used by interventions.csv.",
        ),
        FileSpec(
            "youth_justice",
            "interventions.csv",
            "Interventions and court orders.",
            "InterventionID",
            False,
            (
                Col("InterventionID", "Intervention id, 'YJI' + 6 digits", "id", True),
                Col("YPID", "Young person id", "id", True),
                Col("Type", "Intervention / order type", "code", True, YJ_TYPE),
                Col("StartDate", "Start date", "date", True),
                Col("EndDate", "End date (blank = open)", "date"),
                Col("CaseManagerID", "Case manager (case_managers.csv)", "id", True),
            ),
            ("Type:unknown_code", "EndDate:end_before_start:StartDate", "StartDate:unparseable_date"),
        ),
        FileSpec(
            "youth_justice",
            "case_managers.csv",
            "Case managers.",
            "CaseManagerID",
            False,
            (
                Col("CaseManagerID", "Case manager id, 'YCM' + 3 digits", "id", True),
                Col("Name", "Forename Surname", "text", True),
                Col("Role", "Job title"),
                Col("Team", "Team"),
                Col("Organisation", "Employer"),
                Col("Phone", "Phone"),
                Col("Email", "E-mail"),
            ),
        ),
    ),
)

SOURCES: tuple[SourceSpec, ...] = (CSC, EARLY_HELP, SCHOOLS, HEALTH, POLICE, HOUSING, AMH, SUBSTANCE, YOUTH_JUSTICE)
SOURCE_BY_NAME = {s.name: s for s in SOURCES}
FILES: dict[str, FileSpec] = {f.key: f for s in SOURCES for f in s.files}
ADULT_ONLY = ("adult_mental_health", "substance_misuse")


def date_format(source: str) -> str:
    return SOURCE_BY_NAME[source].date_format
