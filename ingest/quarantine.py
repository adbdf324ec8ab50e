"""The quarantine report: one CSV line per problem (source, file, row, field, value, reason).

Row 0 means the whole file (missing, empty, not UTF-8, a missing column). Values are written as found, so the
report holds personal data: it lives under data/ (git-ignored) with the extracts' own protection.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

HEADER = ["source", "file", "row", "field", "value", "reason"]


class Quarantine:
    def __init__(self):
        self.lines: list[list] = []
        self.rows_by_source: Counter = Counter()

    def add_row(self, source: str, file: str, row: int, problems) -> None:
        self.rows_by_source[source] += 1
        for problem in problems:
            self.lines.append([source, file, row, problem.field, problem.value, problem.reason])

    def add_file(self, source: str, file: str, reason: str) -> None:
        self.lines.append([source, file, 0, "", "", reason])

    def reasons(self) -> Counter:
        return Counter((line[0], line[5]) for line in self.lines)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(self.lines)
