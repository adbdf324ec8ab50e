"""Command line: ``python -m ingest.synth --families N --seed S --out DIR``."""

from __future__ import annotations

import argparse
import sys

from .config import DEFAULT_AS_OF, MESSINESS
from .generate import generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.synth", description=__doc__)
    ap.add_argument("--families", type=int, required=True, help="number of families to simulate")
    ap.add_argument("--seed", type=int, required=True, help="random seed")
    ap.add_argument("--out", required=True, help="output directory (extracts/ and ground_truth/)")
    ap.add_argument("--as-of", default=DEFAULT_AS_OF, help=f"extract date YYYY-MM-DD (default {DEFAULT_AS_OF})")
    ap.add_argument("--messiness", choices=sorted(MESSINESS), default="default")
    ap.add_argument("--quiet", action="store_true", help="do not print row counts")
    args = ap.parse_args(argv)
    try:
        res = generate(args.families, args.seed, args.out, args.as_of, args.messiness)
    except ValueError as exc:
        ap.error(str(exc))
    if not args.quiet:
        for key, n in res.extract_rows.items():
            print(f"extracts/{key}: {n}")
        for key, n in res.truth_rows.items():
            print(f"ground_truth/{key}: {n}")
        print(f"done in {res.seconds:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
