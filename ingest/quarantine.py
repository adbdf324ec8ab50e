"""The quarantine report: one CSV line per problem (source, file, row, field, value, reason).

Row 0 means the whole file (missing, empty, not UTF-8, a missing column). Values are written as found, so the
report holds personal data: it lives under data/ (git-ignored) with the extracts' own protection.

``reason_counts`` is what goes into the graph (the Load node's counts): problems per source and "FIELD: reason",
with every reason generalised by ``general_reason`` so that no row's value travels with it. It counts problems,
not rows: one quarantined row with two bad cells counts under two reasons, and a whole-file problem counts once.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

HEADER = ["source", "file", "row", "field", "value", "reason"]
WHOLE_FILE = "(whole file)"  # the field of a whole-file problem in reason_counts

# Reasons (ingest/validate.py, ingest/reader.py, ingest/extract.py) that quote something of the row, and what is
# kept of them: a date may be somebody's date of birth, a row number points at one person's row, a path names the
# server. A code is kept when it looks like a code (the source can then fix its code list); anything longer might
# be a name typed into the wrong column.
_CODE = r"[A-Za-z0-9?_]{1,6}"
_GENERAL = [
    (re.compile(r"date \S+ is in the future \(after \S+\)"), "date is in the future"),
    (re.compile(r"date \S+ is before (\d{4}-\d{2}-\d{2})"), r"date is before \1"),  # the limit is the mapping's
    (re.compile(r"duplicate of row \d+ \((same \S+)\)"), r"duplicate of an earlier row (\1)"),
    (re.compile(rf"code '({_CODE})' is not in the code list"), r"code '\1' is not in the code list"),
    (re.compile(r"code .* is not in the code list", re.S), "code is not in the code list"),
    (re.compile(rf"unknown flag\(s\) ({_CODE}(?:, {_CODE})*)"), r"unknown flag(s) \1"),
    (re.compile(r"unknown flag\(s\) .*", re.S), "unknown flag(s)"),
    (re.compile(r"file (\S+) is missing from .*", re.S), r"file \1 is missing"),
    (re.compile(r"file (\S+) is not UTF-8 \(byte \d+\); (.*)", re.S), r"file \1 is not UTF-8; \2"),
    (re.compile(r"source folder .* is missing", re.S), "source folder is missing"),
]
# Whatever other reason quotes a value (in quotes), a date or a long number loses it.
_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{5,}")


def general_reason(reason: str) -> str:
    """The reason as it may be stored in the graph: the kind of problem, without the row's values."""
    for pattern, replacement in _GENERAL:
        if pattern.fullmatch(reason):
            return pattern.sub(replacement, reason)
    return _VALUES.sub("…", reason)


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

    def reason_counts(self) -> dict[str, dict[str, int]]:
        """{source: {"FIELD: reason": problems}}, reasons generalised (see general_reason), most frequent first."""
        counts = Counter((line[0], f"{line[3] or WHOLE_FILE}: {general_reason(line[5])}") for line in self.lines)
        by_source: dict[str, dict[str, int]] = {}
        for (source, key), n in sorted(counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1])):
            by_source.setdefault(source, {})[key] = n
        return by_source

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(self.lines)
