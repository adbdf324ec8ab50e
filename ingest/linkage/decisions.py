"""Steward decisions: read from the graph (``LinkDecision`` nodes, which ingest never deletes) at the start of a
run and turned into constraints for clustering.

* ``accepted`` (a pair): the two records are one person, always.
* ``rejected`` (a pair): the two records are never in one person.
* ``unlinked`` (a person split into groups of records): no record of one group is ever in one person with a
  record of another group.

The app writes decisions through the named queries ``linkage/record_decision`` and ``linkage/record_unlink``.
When decisions say different things about one pair, the latest (``decided_at``) wins: an accept after a reject
links the pair again, and an unlink after an accept splits it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

ACCEPTED, REJECTED, UNLINKED = "accepted", "rejected", "unlinked"


def pair_key(a: str, b: str) -> str:
    a, b = sorted((a, b))
    return f"{a}|{b}"


@dataclass
class Decisions:
    """The pair-level outcome of all decisions: pair → (accepted or rejected, decision id)."""

    pairs: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    @property
    def must_link(self) -> list[tuple[str, str]]:
        return sorted(p for p, (kind, _) in self.pairs.items() if kind == ACCEPTED)

    @property
    def cannot_link(self) -> list[tuple[str, str]]:
        return sorted(p for p, (kind, _) in self.pairs.items() if kind == REJECTED)

    def status(self, a: str, b: str) -> str | None:
        decided = self.pairs.get(tuple(sorted((a, b))))
        return decided[0] if decided else None

    def __len__(self) -> int:
        return len(self.pairs)


def _groups(text) -> list[list[str]]:
    try:
        groups = json.loads(text or "[]")
    except ValueError:
        return []
    if not isinstance(groups, list):
        return []
    return [[str(k) for k in g] for g in groups if isinstance(g, list)]


def _when(row) -> dt.datetime:
    value = row.get("decided_at")
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return dt.datetime.min


def from_rows(rows: list[dict]) -> Decisions:
    """``rows`` as the named query ``linkage/decisions`` gives them."""
    decisions = Decisions()
    for row in sorted(rows, key=lambda r: (_when(r), r.get("decision_id") or "")):
        kind = row.get("kind")
        if kind in (ACCEPTED, REJECTED) and row.get("record_a") and row.get("record_b"):
            if row["record_a"] != row["record_b"]:
                decisions.pairs[tuple(sorted((row["record_a"], row["record_b"])))] = (kind, row["decision_id"])
        elif kind == UNLINKED:
            groups = _groups(row.get("groups"))
            for i, group in enumerate(groups):
                for other in groups[i + 1 :]:
                    for a in group:
                        for b in other:
                            if a != b:
                                decisions.pairs[tuple(sorted((a, b)))] = (REJECTED, row["decision_id"])
    return decisions
