"""The library of named queries: every query the product runs is a ``.cypher`` file under ``cypher/``.

A file starts with a header of ``// Key: value`` comment lines, then the query::

    // Answers: who lived in a household on a date
    // Params: household_id (string), as_at (date)
    // Mode: read

``Mode`` is ``read`` (run in a read transaction) or ``write``. A query is named by its path under ``cypher/``
without the extension (``household_members``, ``cohorts/siblings_apart``). Where an engine needs different text,
an override sits beside it as ``NAME.ladybug.cypher`` or ``NAME.neo4j.cypher`` with a ``// Why:`` line.
``schema.*.cypher`` files are not named queries; see graph.schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.errors import UnknownQuery

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
ENGINES = ("ladybug", "neo4j")
HEADER_KEYS = ("answers", "params", "mode", "why", "title", "description", "roles", "bulk", "derived", "columns")
_HEADER_LINE = re.compile(r"^//\s*(" + "|".join(HEADER_KEYS) + r"):\s*(.*)$", re.I)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    header: dict[str, str]
    overrides: dict[str, str] = field(default_factory=dict)  # engine → text

    @property
    def mode(self) -> str:
        return self.header.get("mode", "read").strip().lower()

    @property
    def answers(self) -> str:
        return self.header.get("answers", "")

    def text_for(self, engine: str) -> str:
        return self.overrides.get(engine, self.text)


def parse_header(text: str) -> dict[str, str]:
    """Read the leading ``// Key: value`` lines (keys in HEADER_KEYS). A comment line indented by two or more
    spaces after ``//`` continues the previous value; any other comment line is a free comment."""
    header: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        match = _HEADER_LINE.match(stripped)
        if match:
            last = match.group(1).strip().lower()
            header[last] = match.group(2).strip()
        elif last and stripped.startswith("//  "):
            header[last] = (header[last] + " " + stripped.lstrip("/").strip()).strip()
        else:
            last = None
    return header


def split_statements(text: str) -> list[str]:
    """Split a file of several statements on ``;`` at line ends, dropping comment lines."""
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip()]


def _query_name(path: Path, root: Path) -> tuple[str, str | None]:
    rel = path.relative_to(root).with_suffix("")
    stem = rel.name
    for engine in ENGINES:
        if stem.endswith("." + engine):
            return str(rel.with_name(stem.removesuffix("." + engine))), engine
    return str(rel), None


@lru_cache(maxsize=4)
def load_library(root: Path = CYPHER_DIR) -> dict[str, NamedQuery]:
    base: dict[str, tuple[str, dict]] = {}
    overrides: dict[str, dict[str, str]] = {}
    for path in sorted(root.rglob("*.cypher")):
        name, engine = _query_name(path, root)
        if name == "schema":
            continue
        text = path.read_text(encoding="utf-8")
        if engine:
            overrides.setdefault(name, {})[engine] = text
        else:
            base[name] = (text, parse_header(text))
    orphans = set(overrides) - set(base)
    if orphans:
        raise UnknownQuery(f"engine overrides without a portable query: {sorted(orphans)}")
    return {name: NamedQuery(name, text, header, overrides.get(name, {})) for name, (text, header) in base.items()}


def get_query(name: str) -> NamedQuery:
    library = load_library()
    try:
        return library[name]
    except KeyError:
        raise UnknownQuery(f"no named query {name!r} in {CYPHER_DIR}") from None


def schema_statements(engine: str, root: Path = CYPHER_DIR) -> list[str]:
    return split_statements((root / f"schema.{engine}.cypher").read_text(encoding="utf-8"))
