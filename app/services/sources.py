"""Which source systems were searched for a family, and how fresh each is.

Users read "no record" as "no involvement" (a lesson from the earlier tool), so every panel distinguishes three
cases: a source that holds a record of this family, a connected source that was searched and holds none, and a
kind of source the council has not connected (so nobody searched it).
"""

from __future__ import annotations

from graph import GraphStore

# The kinds of source a council connects (the product ships a mapping for each); their codes match Source.system.
EXPECTED_SOURCES = {
    "csc": "Children's social care",
    "early_help": "Early help",
    "schools": "Schools",
    "health": "Health visiting and school nursing",
    "police": "Police safeguarding notifications",
    "housing": "Housing",
    "adult_mental_health": "Adult mental health",
    "substance_misuse": "Substance misuse treatment",
    "youth_justice": "Youth justice",
}


def source_coverage(store: GraphStore, systems_with_records: set[str]) -> list[dict]:
    """One row per source: name, agency, state ('record', 'no record', 'not connected'), correct as of."""
    connected = {row["system"]: row for row in store.read("source_freshness")}
    rows = []
    for system in dict.fromkeys([*connected, *EXPECTED_SOURCES]):
        source = connected.get(system)
        if source is None:
            state = "not connected"
        else:
            state = "record" if system in systems_with_records else "no record"
        rows.append(
            {
                "system": system,
                "name": (source or {}).get("name") or EXPECTED_SOURCES.get(system, system),
                "agency": (source or {}).get("agency"),
                "state": state,
                "extracted_at": (source or {}).get("extracted_at"),
            }
        )
    order = {"record": 0, "no record": 1, "not connected": 2}
    return sorted(rows, key=lambda r: (order[r["state"]], r["name"]))


def freshness_by_system(store: GraphStore) -> dict[str, dict]:
    return {row["system"]: row for row in store.read("source_freshness")}
