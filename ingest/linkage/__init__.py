"""Linking people: deterministic identifiers, then probabilistic matching with Splink, then constrained clustering.

``link_people`` is the ingest stage between standardisation and loading (``Assembler.assemble``):

1. Steward decisions (``decisions.py``) and strong identifiers (``ingest/linking.py``: NHS number, UPN, a source's
   own person reference, with the plausibility guard) give the first links.
2. Every record becomes a row of comparison features (``features.py``); Splink (``model.py``, DuckDB in process)
   scores the blocked pairs with parameters estimated from this run's data or loaded from a saved model. With
   ``rounds: 2`` the household context comparison is scored again with the people the first round found.
3. A link needs the personal fields not to contradict: a pair whose forenames, dates of birth, recorded sex or
   NHS numbers disagree outright is never linked automatically, however much its family-level fields (surname,
   address, household) agree; nor is a pair with no date of birth to compare (or only an estimate: an age the
   police guessed) unless its names agree well and its sources put both records in one household or at one
   address or postcode, and nobody else of that name lives there (a father and the son named after him; an
   estimate plainly not the namesake's tells them apart). A record whose links point at two people who are
   plainly different is ambiguous unless one link is far stronger.
4. Constrained clustering (``ingest.linking.cluster``) turns links into people; pairs in the uncertain band, and
   links held back by step 3, become candidate links for review.
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ingest.linkage.config import LinkageConfig, load_config
from ingest.linkage.decisions import Decisions, pair_key
from ingest.linkage.features import (
    Nicknames,
    context_tokens,
    feature_rows,
    gather_context,
    name_tokens,
    namesakes,
    shared_household,
)
from ingest.linking import (
    IDENTIFIER,
    PROBABILISTIC,
    STEWARD,
    Identity,
    Link,
    cluster,
    dates_explained,
    hard_conflict,
    identifier_links,
)

__all__ = ["LinkageConfig", "LinkageResult", "link_people", "load_config"]

COMPARISONS = ("forename", "surname", "dob", "sex", "address", "nhs_number", "upn", "context")
FORENAME, SURNAME, DOB, SEX, ADDRESS, NHS, UPN, CONTEXT = range(len(COMPARISONS))
# Levels (by label, see model.py) at which a pair contradicts itself as one person.
CONTRADICTIONS = {
    "forename": {"different", "alike (JW >= 0.75)"},
    "dob": {"different"},
    "sex": {"different"},
    "nhs_number": {"different"},
}
# Without a date of birth (or an identifier) on both sides, a link needs a good name match and a shared place.
GOOD_FORENAME = {"exact", "nickname or variant", "similar (JW >= 0.9)", "one keying error", "swapped with surname"}
GOOD_SURNAME = {"exact", "similar (JW >= 0.92)", "shared surname or part", "swapped with forename"}
CLOSE_SURNAME = {"alike (JW >= 0.8)"}  # good enough with a shared household
SHARED_PLACE = {"same address", "same postcode, similar line", "shared postcode"}
# Dates of birth that agree only as estimates (an age the police guessed): they tell a father from his son, but
# not one child from another of the same name and age, so such a pair is treated as one without a date of birth.
ESTIMATED_DOB = {"estimated, year within 1", "estimated, years within 4 (8 for two estimates)"}
# The second round re-scores household context for pairs within this many bits of the review band (a pair further
# below needs more than a shared household to be worth a steward's time).
MAX_RISE = 8.0


@dataclass
class LinkageResult:
    person_of: dict[str, str]
    methods: dict[str, str]
    probabilities: dict[str, float]
    candidates: list[dict] = field(default_factory=list)  # rows for load/candidate_links
    summary: dict = field(default_factory=dict)


@dataclass
class _Scored:
    a: str
    b: str
    weight: float
    levels: list[int]  # comparison vector value per comparison (COMPARISONS order; -1: missing on a side)
    weights: list[float]  # match weight per comparison

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.pow(2.0, -self.weight)) if self.weight > -1000 else 0.0


class _Levels:
    """Level labels of the trained model, and the level sets the rules above name, as comparison vector values."""

    def __init__(self, model: dict, contradictions: tuple[str, ...] = tuple(CONTRADICTIONS), household: bool = True):
        from ingest.linkage import model as splink_model

        self.labels = splink_model.level_labels(model)
        self.context_weights = splink_model.level_weights(model, "context")

        def values(name: str, labels: set[str]) -> frozenset[int]:
            return frozenset(v for v, label in self.labels[name].items() if label in labels)

        self.contradictions = [
            (COMPARISONS.index(n), values(n, labels)) for n, labels in CONTRADICTIONS.items() if n in contradictions
        ]
        self.good_forename = values("forename", GOOD_FORENAME)
        self.good_surname = values("surname", GOOD_SURNAME)
        self.close_surname = values("surname", CLOSE_SURNAME)
        self.shared_place = values("address", SHARED_PLACE)
        self.same = {NHS: values("nhs_number", {"same"}), UPN: values("upn", {"same"})}
        self.household = values("context", {"shared household context"})
        self.estimated = values("dob", ESTIMATED_DOB)
        self.no_dob_needs_household = household

    def evidence(self, s: _Scored) -> str:
        return json.dumps(
            {
                name: {"level": self.labels[name].get(s.levels[i], str(s.levels[i])), "weight": round(s.weights[i], 2)}
                for i, name in enumerate(COMPARISONS)
            }
        )

    def strict(self, s: _Scored) -> bool:
        """A link that compared no dates of birth, or only estimates (names alone): it may join two records, but
        never bring together two people who are plainly different by any rule, whatever the configuration lets
        through."""
        return self.no_dob(s)

    def no_dob(self, s: _Scored) -> bool:
        """No date of birth to compare, or only estimates."""
        return s.levels[DOB] == -1 or s.levels[DOB] in self.estimated

    def held_reason(self, s: _Scored) -> str | None:
        """Why a pair may not be linked automatically, whatever its probability (None: it may)."""
        found = [COMPARISONS[i] for i, bad in self.contradictions if s.levels[i] in bad]
        if found:
            return "contradicts: " + ", ".join(found)
        lv = s.levels
        if (
            self.no_dob_needs_household
            and self.no_dob(s)
            and lv[NHS] not in self.same[NHS]
            and lv[UPN] not in self.same[UPN]
        ):
            household = lv[CONTEXT] in self.household
            place = household or lv[ADDRESS] in self.shared_place
            surname = lv[SURNAME] in self.good_surname or (household and lv[SURNAME] in self.close_surname)
            if not (lv[FORENAME] in self.good_forename and surname and place):
                return "uncertain: no date of birth, no shared household"
        return None


def _model(rows: list[dict], config: LinkageConfig, summary: dict) -> dict:
    from ingest.linkage import model as splink_model

    have_saved = config.model_path is not None and config.model_path.exists()
    train = config.train == "always" or (config.train == "auto" and (len(rows) >= config.min_records or not have_saved))
    if train:
        trained = splink_model.train(rows, u_sample_pairs=config.u_sample_pairs)
        summary["model"] = f"estimated from {len(rows)} records"
        if config.save_to:
            splink_model.save(trained, config.save_to)
            summary["model"] += f", saved to {config.save_to}"
        return trained
    if not have_saved:
        raise FileNotFoundError(f"linkage model {config.model_path} not found (model.train is 'never')")
    summary["model"] = f"loaded from {config.model_path}"
    return splink_model.load(config.model_path)


def _score(rows, model: dict, threshold_weight: float, keep: str | None = None) -> list[_Scored]:
    from ingest.linkage import model as splink_model

    scored = []
    for row in splink_model.predict(rows, model, threshold_weight, COMPARISONS, keep):
        a, b = sorted((row[0], row[1]))
        scored.append(_Scored(a, b, float(row[2]), [int(v) for v in row[3::2]], [float(v) for v in row[4::2]]))
    return sorted(scored, key=lambda s: (s.a, s.b))  # the engine returns pairs in no set order


def _rescore_context(scored: list[_Scored], tokens: dict[str, tuple], weights: dict[int, float]) -> None:
    """Household context again, from the people found so far (the other comparisons do not change)."""
    for s in scored:
        level = shared_household(tokens[s.a], tokens[s.b])
        if level != s.levels[CONTEXT]:
            s.weight += weights[level] - s.weights[CONTEXT]
            s.levels[CONTEXT], s.weights[CONTEXT] = level, weights[level]


def _sort_out(
    scored: list[_Scored], levels: _Levels, config: LinkageConfig, conflict, namesake_of
) -> tuple[list[Link], dict[tuple[str, str], tuple[_Scored, str]]]:
    """Links to make, and pairs held back for review with the reason."""
    held: dict[tuple[str, str], tuple[_Scored, str]] = {}
    strong: dict[str, list[_Scored]] = defaultdict(list)
    for s in scored:
        if s.probability < config.review_threshold:
            continue
        if levels.no_dob_needs_household and levels.no_dob(s) and namesake_of(s.a, s.b, s.levels[DOB] == -1):
            reason = "ambiguous: a namesake in the household"
        else:
            reason = levels.held_reason(s)
        if reason:
            held[(s.a, s.b)] = (s, reason)
        elif s.probability >= config.match_threshold:
            strong[s.a].append(s)
            strong[s.b].append(s)
        else:
            held[(s.a, s.b)] = (s, "uncertain")
    # Ambiguity: a record whose strong links reach two records that are plainly different people.
    for key, links in strong.items():
        if len(links) < 2:
            continue
        links.sort(key=lambda s: (-s.weight, s.a, s.b))
        best = links[0]
        top = best.b if best.a == key else best.a
        for s in links[1:]:
            other = s.b if s.a == key else s.a
            if conflict(top, other):
                held[(s.a, s.b)] = (s, "ambiguous")
                if best.weight - s.weight < config.ambiguity_margin:
                    held[(best.a, best.b)] = (best, "ambiguous")
    links = [
        Link(s.a, s.b, s.probability, PROBABILISTIC, strict=levels.strict(s))
        for key, ss in strong.items()
        for s in ss
        if s.a == key and (s.a, s.b) not in held
    ]
    return links, held


def _weight(probability: float) -> float:
    return math.log2(probability / (1.0 - probability))


def link_people(
    records: dict[str, dict],
    extracts=(),
    groups: dict | None = None,
    addresses: dict | None = None,
    config: LinkageConfig | None = None,
    decisions: Decisions | None = None,
    probabilistic: bool = True,
) -> LinkageResult:
    """Link the Assembler's standardised records into people (see the module docstring)."""
    config = config or load_config()
    decisions = decisions or Decisions()
    summary: dict = {"records": len(records), "timings": {}}
    clock = time.perf_counter()
    conflicts: list = []
    fixed = [Link(a, b, 1.0, IDENTIFIER) for a, b, _ in identifier_links(records, conflicts)]
    fixed += [Link(a, b, 1.0, STEWARD) for a, b in decisions.must_link if a in records and b in records]
    cannot = [(a, b) for a, b in decisions.cannot_link if a in records and b in records]
    summary["identifier_conflicts"] = len(conflicts)
    base = cluster(records, fixed, cannot)
    if not (probabilistic and config.probabilistic) or len(records) < 2:
        summary["timings"]["link"] = time.perf_counter() - clock
        return LinkageResult(base.person_of, base.methods, base.probabilities, [], summary)

    # An identifier shared by records that cannot be one person (a parent's NHS number on a child's record) is
    # not trusted on either record: neither its agreement nor its disagreement counts.
    disputed = {"nhs": "nhs_number", "upn": "upn"}
    doubtful: dict[str, set[str]] = defaultdict(set)
    for kind, a, b in conflicts:
        if kind in disputed:
            doubtful[a].add(disputed[kind])
            doubtful[b].add(disputed[kind])
    scoring = {k: ({**r, **dict.fromkeys(doubtful[k])} if k in doubtful else r) for k, r in records.items()}
    nicknames = Nicknames.for_records(records)
    identities = {k: Identity.of(r, nicknames.variants) for k, r in scoring.items()}

    def conflict(x: str, y: str) -> bool:
        return hard_conflict(identities[x], identities[y], config.contradictions)

    def any_conflict(x: str, y: str) -> bool:  # for a strict link (see _Levels.strict)
        return hard_conflict(identities[x], identities[y])

    context = gather_context(extracts, records, groups or {}, addresses or {})
    rows = feature_rows(scoring, context, addresses or {}, nicknames)
    names = name_tokens(rows)
    same_name_apart = namesakes(context, names, records, dates_explained)
    cannot += same_name_apart
    with_namesake: set[str] = {k for pair in same_name_apart for k in pair}

    def namesake_of(x: str, y: str, no_dob: bool = True) -> bool:
        """Is there someone else of x's name in y's household, or of y's in x's (a father and a son)? Then a
        record without a date of birth cannot say which of them it is (one with an estimate can, when the
        namesake's date of birth is plainly not the estimate)."""
        if no_dob and (x in with_namesake or y in with_namesake):
            return True
        for one, other in ((x, y), (y, x)):
            for z in context.co_members.get(other, ()):
                if z != one and names.get(z) == names.get(one) and conflict(other, z) and not conflict(one, z):
                    return True
        return False

    tokens = context_tokens(context, base.person_of, names)
    for row in rows:
        row["ctxp"], row["ctxn"] = tokens[row["unique_id"]]
    summary["timings"]["features"] = time.perf_counter() - clock
    clock = time.perf_counter()
    model = _model(rows, config, summary)
    levels = _Levels(model, config.contradictions, config.no_dob_needs_household)
    summary["timings"]["model"] = time.perf_counter() - clock
    clock = time.perf_counter()
    # With a second round, keep also the pairs that a household context found then could lift into the review
    # band: both records have a household (without one, the level cannot change), not yet shared.
    review = _weight(config.review_threshold)
    if config.rounds == 2:
        best = max(levels.context_weights.values())
        rises = {lv: min(best - w, MAX_RISE) for lv, w in levels.context_weights.items() if lv != -1 and w < best}
        lift = " OR ".join(f"(gamma_context = {lv} AND match_weight >= {review - r:.6f})" for lv, r in rises.items())
        keep = f"match_weight >= {review:.6f}" + (f" OR {lift}" if lift else "")
        scored = _score(rows, model, review - max(rises.values(), default=0.0), keep)
    else:
        scored = _score(rows, model, review)
    summary["timings"]["score"] = time.perf_counter() - clock
    clock = time.perf_counter()
    links, held = _sort_out(scored, levels, config, conflict, namesake_of)
    result = cluster(records, fixed + links, cannot, conflict, any_conflict)
    if config.rounds == 2:
        _rescore_context(scored, context_tokens(context, result.person_of, names), levels.context_weights)
        links, held = _sort_out(scored, levels, config, conflict, namesake_of)
        result = cluster(records, fixed + links, cannot, conflict, any_conflict)
    summary["timings"]["cluster"] = time.perf_counter() - clock
    by_pair = {(s.a, s.b): s for s in scored}
    for link in result.blocked:
        if link.method == PROBABILISTIC and (link.a, link.b) not in held and (link.a, link.b) in by_pair:
            held[(link.a, link.b)] = (by_pair[(link.a, link.b)], "conflict")
    candidates = _candidates(held, result.person_of, decisions, config, levels)
    summary.update(
        pairs_scored=sum(1 for s in scored if s.probability >= config.review_threshold),
        links={m: sum(1 for v in result.methods.values() if v == m) for m in sorted(set(result.methods.values()))},
        people=len(set(result.person_of.values())),
        candidates=len(candidates),
    )
    # Rounded: the engine's parallel sums differ in the last bits from run to run, and a re-run must change nothing.
    probabilities = {k: round(p, 6) for k, p in result.probabilities.items()}
    return LinkageResult(result.person_of, result.methods, probabilities, candidates, summary)


def _candidates(held, person_of, decisions: Decisions, config: LinkageConfig, levels: _Levels) -> list[dict]:
    """The review queue: for each two people, the strongest held-back pair between them, when it scores at least
    the review threshold; people a steward has already kept apart (a rejected pair between them), and pairs that
    contradict each other on two personal fields or more, are left out."""
    rejected_people = {
        tuple(sorted((person_of[a], person_of[b])))
        for a, b in decisions.cannot_link
        if a in person_of and b in person_of
    }
    best: dict[tuple[str, str], tuple[_Scored, str]] = {}
    for (a, b), (s, reason) in held.items():
        if reason.startswith("contradicts:") and "," in reason:
            continue  # two personal fields disagree (siblings sharing a home): not a question for a steward
        people = tuple(sorted((person_of[a], person_of[b])))
        if people[0] == people[1] or people in rejected_people or s.probability < config.review_threshold:
            continue
        if people not in best or (s.weight, s.a, s.b) > (best[people][0].weight, best[people][0].a, best[people][0].b):
            best[people] = (s, reason)
    rows = [
        {
            "pair_key": pair_key(s.a, s.b),
            "record_a": s.a,
            "record_b": s.b,
            "probability": round(s.probability, 6),
            "match_weight": round(s.weight, 3),
            "evidence": levels.evidence(s),
            "reason": reason,
            "status": decisions.status(s.a, s.b) or "pending",
        }
        for s, reason in best.values()
    ]
    return sorted(rows, key=lambda r: r["pair_key"])
