"""Linkage configuration: thresholds and the model, from ``linkage.yaml`` (see the comments there)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

DEFAULT_CONFIG = Path(__file__).resolve().parent / "linkage.yaml"
TRAIN_MODES = ("auto", "always", "never")
CONTRADICTION_FIELDS = ("forename", "dob", "sex", "nhs_number")


class LinkageConfigError(ValueError):
    pass


@dataclass(frozen=True)
class LinkageConfig:
    probabilistic: bool = True
    match_threshold: float = 0.9
    review_threshold: float = 0.5
    ambiguity_margin: float = 4.0
    rounds: int = 2
    model_path: Path | None = None
    train: str = "auto"
    min_records: int = 5000
    save_to: Path | None = None
    u_sample_pairs: int = 2_000_000
    contradictions: tuple[str, ...] = ("forename", "dob", "sex", "nhs_number")
    no_dob_needs_household: bool = True

    def with_(self, **changes) -> LinkageConfig:
        return replace(self, **changes)


def _path(value, base: Path) -> Path | None:
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else base / path


def load_config(path: Path | None = None) -> LinkageConfig:
    path = Path(path or DEFAULT_CONFIG)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise LinkageConfigError(f"{path}: {error}") from None
    model = data.get("model") or {}
    config = LinkageConfig(
        probabilistic=bool(data.get("probabilistic", True)),
        match_threshold=float(data.get("match_threshold", 0.9)),
        review_threshold=float(data.get("review_threshold", 0.5)),
        ambiguity_margin=float(data.get("ambiguity_margin", 4.0)),
        rounds=int(data.get("rounds", 2)),
        model_path=_path(model.get("path"), path.parent),
        train=str(model.get("train", "auto")),
        min_records=int(model.get("min_records", 5000)),
        save_to=_path(model.get("save_to"), path.parent),
        u_sample_pairs=int(model.get("u_sample_pairs", 2_000_000)),
        contradictions=tuple(data.get("contradictions", LinkageConfig.contradictions)),
        no_dob_needs_household=bool(data.get("no_dob_needs_household", True)),
    )
    unknown = set(config.contradictions) - set(CONTRADICTION_FIELDS)
    if unknown:
        raise LinkageConfigError(f"{path}: contradictions may name only {CONTRADICTION_FIELDS}, not {sorted(unknown)}")
    if not 0 < config.review_threshold <= config.match_threshold < 1:
        raise LinkageConfigError(f"{path}: need 0 < review_threshold <= match_threshold < 1")
    if config.train not in TRAIN_MODES:
        raise LinkageConfigError(f"{path}: model.train must be one of {TRAIN_MODES}")
    if config.rounds not in (1, 2):
        raise LinkageConfigError(f"{path}: rounds must be 1 or 2")
    return config
