"""Seeded synthetic data generator for familygraph.

``python -m ingest.synth --families N --seed S --out DIR [--as-of YYYY-MM-DD]
[--messiness low|default|high]`` writes one folder per source system under
``DIR/extracts`` (each in its own layout, see LAYOUTS.md) and the answers under
``DIR/ground_truth``. A seed fixes one simulated history (2019-2028); the
as-of date only cuts it.
"""

from .generate import Result, generate

__all__ = ["Result", "generate"]
