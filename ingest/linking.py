"""Deterministic linking: source records that share a strong identifier are the same person.

Strong identifiers: a valid NHS number, a valid UPN, and a source's own reference for one person across its
files or rows (``same_person``). Records are joined with union-find; each cluster becomes one Person. The
probabilistic stage (Splink) will add links between clusters; this module stays its deterministic core.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link_records(records: dict[str, dict]) -> tuple[dict[str, str], dict[str, str]]:
    """Returns (record_key → person_id, record_key → method). person_id is stable for a stable cluster:
    derived from the cluster's smallest record key."""
    uf = UnionFind()
    methods: dict[str, str] = {}
    by_identifier: dict[tuple, list[str]] = defaultdict(list)
    for key, record in records.items():
        uf.find(key)
        if record.get("nhs_number"):
            by_identifier[("nhs", record["nhs_number"])].append(key)
        if record.get("upn"):
            by_identifier[("upn", record["upn"])].append(key)
        if record.get("same_person"):
            by_identifier[("ref", record["system"], record["same_person"])].append(key)
    for ident, keys in by_identifier.items():
        for other in keys[1:]:
            uf.union(keys[0], other)
        if len(keys) > 1:
            for key in keys:
                methods.setdefault(key, {"nhs": "nhs_number", "upn": "upn", "ref": "source_reference"}[ident[0]])
    clusters: dict[str, list[str]] = defaultdict(list)
    for key in records:
        clusters[uf.find(key)].append(key)
    person_of = {}
    for members in clusters.values():
        person_id = "P" + hashlib.sha1(min(members).encode()).hexdigest()[:12].upper()
        for key in members:
            person_of[key] = person_id
            methods.setdefault(key, "single_record")
    return person_of, methods
