"""Orchestration: simulate every family, render the extracts at ``as_of``, write files."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .config import MAX_AS_OF, MESSINESS, MIN_AS_OF
from .context import Context
from .involvement import simulate_services
from .layouts import SOURCES
from .population import simulate_family
from .sources import MODULES, schools, staff
from .truth import Truth
from .writers import Sink, clean_dir, write_extracts


@dataclass
class Result:
    extract_rows: dict[str, int]
    truth_rows: dict[str, int]
    seconds: float


def generate(
    families: int, seed: int, out: str | Path, as_of: str | date = "2026-11-01", messiness: str = "default"
) -> Result:
    """Generate ``families`` families from ``seed`` and write ``out``/extracts and ``out``/ground_truth."""
    # Millions of small row lists make the cyclic GC rescan everything repeatedly; the
    # generator creates no reference cycles worth collecting, so pause it while running.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(families, seed, out, as_of, messiness)
    finally:
        if was_enabled:
            gc.enable()


def _generate(families: int, seed: int, out: str | Path, as_of: str | date, messiness: str) -> Result:
    t0 = time.perf_counter()
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    if not MIN_AS_OF <= as_of <= MAX_AS_OF:
        raise ValueError(f"--as-of must be between {MIN_AS_OF} and {MAX_AS_OF}")
    if families < 1:
        raise ValueError("--families must be at least 1")
    mess = MESSINESS[messiness]
    out = Path(out)
    as_of_ord = as_of.toordinal()
    ctx = Context(seed, families, mess)
    sink = Sink()
    truth = Truth(as_of_ord)
    source_files = {s.name: [f.key for f in s.files] for s in SOURCES}
    for idx in range(families):
        fam, rng = simulate_family(idx, ctx)
        simulate_services(fam, rng, ctx)
        built = [(m, m.build(fam, rng, ctx)) for m in MODULES]
        before = {k: len(v) for k, v in sink.rows.items()}
        for m, b in built:
            if b is not None:
                m.render(b, as_of_ord, sink)
        known = [s for s, keys in source_files.items() if any(len(sink.rows[k]) > before[k] for k in keys)]
        truth.add_family(fam, known)
    schools.render_schools(ctx, sink)
    staff.render(ctx, sink)
    clean_dir(out)
    records, invalid, counts = write_extracts(sink, out, seed, mess.invalid_rate, as_of.isoformat())
    truth_counts = truth.write(out, records, invalid, ctx)
    return Result(counts, truth_counts, time.perf_counter() - t0)
