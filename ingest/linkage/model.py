"""The Splink model (DuckDB backend, in process, offline): comparisons, blocking, training and scoring.

Every comparison is written out level by level (SQL on the columns of ``features.py``), so what counts as
"the same", "a variant" or "different" is visible here rather than hidden in a library default:

| comparison | levels, most specific first |
|---|---|
| forename | exact (term-frequency adjusted) · nickname/variant (``nicknames.txt``) · Jaro-Winkler ≥ 0.9 · one keying error · one record's forename is another's preferred or middle name · forename and surname swapped · one record's forename or surname is the other's other name · Jaro-Winkler ≥ 0.75 · different |
| surname | exact (term-frequency adjusted) · Jaro-Winkler ≥ 0.92 · a shared surname or part (hyphenated, former, preferred) · Jaro-Winkler ≥ 0.8 · swapped with the forename (weight 0: the forename comparison counts it) · different |
| date of birth | either estimated and the years within one · exact · day and month swapped · a year out · one character different · within a year of a date keyed as an estimate (1 January, 1 July) · within 31 days · estimated, the years within 4 a side (an estimate from an approximate age) · different |
| sex | same · different |
| address | a shared address (UPRN or line and postcode, over all the residences a source gives) · same postcode and a similar first line with the same house numbers · same town and such a line · a shared postcode (a police incident's counts) · same postcode district · same town · different |
| NHS number, UPN | same · different (a disagreeing strong identifier counts heavily against) |
| household context | the records' sources put them beside one person, or beside two people of the same names (family, tenancy, notification, address) · one name in common · not |

Blocking (which pairs are scored at all): the same date of birth up to a day/month swap; the same forename (or
its formal name) and surname; surname, year of birth and initial; forename, year and month of birth; the same
postcode and forename initial; the same birthday and the first two letters of the surname; a shared surname part
with the same forename; forename and surname swapped; the same formal forename and surname sound (Soundex: Clark,
Clarke); the same forename sound and surname; a shared address; the same house number and postcode or street
name, and the same surname and postcode or street name (an address line keyed differently); a shared household
person or name with the same initial.

Parameters: the chance that two random records match is estimated from pairs agreeing on name and date of birth,
u probabilities by random sampling, m probabilities by expectation maximisation on two blocking passes (date of
birth; forename and surname). A trained model is saved as Splink JSON and can be reused (``linkage.yaml``).
"""

from __future__ import annotations

import copy
import json
import logging
import math
from pathlib import Path

LIST_COLUMNS = ("fng", "fna", "sna", "addr", "pc", "pcd", "ctxp", "ctxn")
# Two records share a household when their sources put them beside one person (as linked so far), or beside two
# people of the same names; one name in common is weaker (a common name is in many families).
SHARED_HOUSEHOLD_SQL = "list_has_any(ctxp_l, ctxp_r) OR len(list_intersect(ctxn_l, ctxn_r)) >= 2"


def _null(col: str) -> dict:
    return {"sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL", "label_for_charts": "null", "is_null_level": True}


def _level(sql: str, label: str, **extra) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


ELSE = {"sql_condition": "ELSE", "label_for_charts": "different"}


def comparisons() -> list[dict]:
    jw = "jaro_winkler_similarity"
    return [
        {
            "output_column_name": "forename",
            "comparison_levels": [
                _null("fn"),
                _level("fn_l = fn_r", "exact", tf_adjustment_column="fn", tf_adjustment_weight=1.0),
                _level("list_has_any(fng_l, fng_r)", "nickname or variant"),
                _level(f"{jw}(fn_l, fn_r) >= 0.9", "similar (JW >= 0.9)"),
                _level("damerau_levenshtein(fn_l, fn_r) <= 1", "one keying error"),
                _level("list_has_any(fna_l, fna_r)", "preferred or middle name"),
                _level(f"{jw}(fn_l, sn_r) >= 0.9 AND {jw}(sn_l, fn_r) >= 0.9", "swapped with surname"),
                _level(f"{jw}(fn_l, sn_r) >= 0.9 OR {jw}(sn_l, fn_r) >= 0.9", "keyed as the other's surname"),
                _level(f"{jw}(fn_l, fn_r) >= 0.75", "alike (JW >= 0.75)"),
                ELSE,
            ],
        },
        {
            "output_column_name": "surname",
            "comparison_levels": [
                _null("sn"),
                _level("sn_l = sn_r", "exact", tf_adjustment_column="sn", tf_adjustment_weight=1.0),
                _level(f"{jw}(sn_l, sn_r) >= 0.92", "similar (JW >= 0.92)"),
                _level("list_has_any(sna_l, sna_r)", "shared surname or part"),
                _level(f"{jw}(sn_l, sn_r) >= 0.8", "alike (JW >= 0.8)"),
                # Counted once, by the forename comparison: the same evidence twice made a swap of two common
                # names (Nguyen Lachlan) outweigh a different date of birth.
                _level(
                    f"{jw}(fn_l, sn_r) >= 0.9 AND {jw}(sn_l, fn_r) >= 0.9",
                    "swapped with forename",
                    m_probability=0.001,
                    u_probability=0.001,
                    fix_m_probability=True,
                    fix_u_probability=True,
                ),
                ELSE,
            ],
        },
        {
            "output_column_name": "dob",
            "comparison_levels": [
                _null("dob"),
                _level("(dob_est_l OR dob_est_r) AND abs(dob_y_l - dob_y_r) <= 1", "estimated, year within 1"),
                _level("dob_l = dob_r", "exact"),
                _level("dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r", "day and month swapped"),
                _level("dob_m_l = dob_m_r AND dob_d_l = dob_d_r AND abs(dob_y_l - dob_y_r) = 1", "a year out"),
                _level("damerau_levenshtein(dob_l, dob_r) <= 1", "one character different"),
                _level(
                    "abs(dob_y_l - dob_y_r) <= 1"
                    " AND (dob_d_l = 1 AND dob_m_l IN (1, 7) OR dob_d_r = 1 AND dob_m_r IN (1, 7))",
                    "year within 1 of a date keyed as an estimate (1 January or 1 July)",
                ),
                _level("abs(datediff('day', CAST(dob_l AS DATE), CAST(dob_r AS DATE))) <= 31", "within 31 days"),
                _level(
                    "(dob_est_l OR dob_est_r)"
                    " AND abs(dob_y_l - dob_y_r) <= 4 * (CAST(dob_est_l AS INTEGER) + CAST(dob_est_r AS INTEGER))",
                    "estimated, years within 4 (8 for two estimates)",
                ),
                ELSE,
            ],
        },
        {
            "output_column_name": "sex",
            "comparison_levels": [_null("sex"), _level("sex_l = sex_r", "same"), ELSE],
        },
        {
            "output_column_name": "address",
            "comparison_levels": [
                {
                    "sql_condition": "(addr_l IS NULL AND pc_l IS NULL) OR (addr_r IS NULL AND pc_r IS NULL)",
                    "label_for_charts": "null",
                    "is_null_level": True,
                },
                _level("list_has_any(addr_l, addr_r)", "same address"),
                _level(
                    f"pc1_l = pc1_r AND {jw}(line_l, line_r) >= 0.85"
                    " AND (line_no_l IS NULL OR line_no_r IS NULL OR line_no_l = line_no_r)",
                    "same postcode, similar line",
                ),
                _level(
                    f"{jw}(town_l, town_r) >= 0.9 AND {jw}(line_l, line_r) >= 0.85"
                    " AND (line_no_l IS NULL OR line_no_r IS NULL OR line_no_l = line_no_r)",
                    "same town, similar line",
                ),
                _level("list_has_any(pc_l, pc_r)", "shared postcode"),
                _level("list_has_any(pcd_l, pcd_r)", "same district"),
                _level("town_l = town_r", "same town"),
                ELSE,
            ],
        },
        {
            "output_column_name": "nhs_number",
            "comparison_levels": [
                _null("nhs"),
                _level("nhs_l = nhs_r", "same", m_probability=0.99, fix_m_probability=True),
                {**ELSE, "m_probability": 0.01, "fix_m_probability": True},
            ],
        },
        {
            "output_column_name": "upn",
            "comparison_levels": [_null("upn"), _level("upn_l = upn_r", "same"), ELSE],
        },
        {
            "output_column_name": "context",
            "comparison_levels": [
                {
                    "sql_condition": "(ctxp_l IS NULL AND ctxn_l IS NULL) OR (ctxp_r IS NULL AND ctxn_r IS NULL)",
                    "label_for_charts": "null",
                    "is_null_level": True,
                },
                _level(SHARED_HOUSEHOLD_SQL, "shared household context"),
                _level("list_has_any(ctxn_l, ctxn_r)", "one name in common in the household"),
                ELSE,
            ],
        },
    ]


def blocking_rules() -> list[dict]:
    return [
        {"blocking_rule": "l.dob_key = r.dob_key"},
        {"blocking_rule": "l.fn_canon = r.fn_canon AND l.sn = r.sn"},
        {"blocking_rule": "l.sn = r.sn AND l.dob_y = r.dob_y AND l.fn_i = r.fn_i"},
        {"blocking_rule": "l.fn_canon = r.fn_canon AND l.dob_y = r.dob_y AND l.dob_m = r.dob_m"},
        {"blocking_rule": "l.pc1 = r.pc1 AND l.fn_i = r.fn_i"},
        {"blocking_rule": "l.dob_m = r.dob_m AND l.dob_d = r.dob_d AND l.sn2 = r.sn2"},
        {"blocking_rule": "l.sna = r.sna AND l.fn_canon = r.fn_canon", "arrays_to_explode": ["sna"]},
        {"blocking_rule": "l.fn = r.sn AND l.sn = r.fn"},
        {"blocking_rule": "l.fn_canon = r.fn_canon AND l.sn_sx = r.sn_sx"},
        {"blocking_rule": "l.fn_sx = r.fn_sx AND l.sn = r.sn"},
        {"blocking_rule": "l.addr = r.addr", "arrays_to_explode": ["addr"]},
        {"blocking_rule": "l.pc1 = r.pc1 AND l.line_no = r.line_no"},
        {"blocking_rule": "l.street = r.street AND l.line_no = r.line_no"},
        {"blocking_rule": "l.sn = r.sn AND l.pc1 = r.pc1"},
        {"blocking_rule": "l.sn = r.sn AND l.street = r.street"},
        {"blocking_rule": "l.ctxp = r.ctxp AND l.fn_i = r.fn_i", "arrays_to_explode": ["ctxp"]},
        {"blocking_rule": "l.ctxn = r.ctxn AND l.fn_i = r.fn_i", "arrays_to_explode": ["ctxn"]},
    ]


def settings() -> dict:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": blocking_rules(),
        "retain_matching_columns": True,  # the comparison levels (gamma_*) come with them
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": [],
        "probability_two_random_records_match": 0.0001,
        "em_convergence": 0.001,
        "max_iterations": 20,
    }


_STRINGS = (
    "unique_id", "system", "fn", "fn_i", "fn_canon", "fn_sx", "sn", "sn2", "sn_sx", "dob", "dob_key", "sex", "nhs",
    "upn", "pc1", "line", "line_no", "street", "town",
)  # fmt: skip
_INTEGERS = ("dob_y", "dob_m", "dob_d")


def _schema():
    import pyarrow as pa

    fields = [(c, pa.string()) for c in _STRINGS] + [(c, pa.int32()) for c in _INTEGERS] + [("dob_est", pa.bool_())]
    return pa.schema(fields + [(c, pa.list_(pa.string())) for c in LIST_COLUMNS])


def _table(rows: list[dict]):
    """The records as an Arrow table with declared types: a column that is empty in every row (no UPNs in this
    run, no household context) must still be a list of text, not whatever a null guesses."""
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=_schema())


M_FLOOR, U_FLOOR = 1e-4, 1e-7
TF_MIN_RECORDS = 1000


def _bounded(model: dict) -> dict:
    """No level may make a match impossible: m and u probabilities are kept above a floor (a level seldom seen
    in training can otherwise get m ≈ 0, i.e. a weight of -70 bits)."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
                value = level.get(key)
                level[key] = max(float(value), floor) if isinstance(value, (int, float)) else floor
    return model


def _without_term_frequencies(model: dict) -> dict:
    model = copy.deepcopy(model)
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return model


def _linker(rows: list[dict], model: dict):
    from splink import DuckDBAPI, Linker

    if len(rows) < TF_MIN_RECORDS:  # a name's frequency in a handful of records says nothing about the name
        model = _without_term_frequencies(model)
    db_api = DuckDBAPI()
    table = db_api.register(_table(rows), dataset_display_name="records")
    return Linker(table, model, log_level=None)


def train(rows: list[dict], u_sample_pairs: int = 2_000_000, seed: int = 1) -> dict:
    """Estimate the model's parameters from these records; returns the trained model (Splink settings)."""
    from splink import block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    linker = _linker(rows, settings())
    training = linker.training
    training.estimate_probability_two_random_records_match(
        ["l.fn = r.fn AND l.sn = r.sn AND l.dob = r.dob"], recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=u_sample_pairs, seed=seed)
    # EM twice; a pass cannot estimate the comparisons its blocking rule uses, so each estimates the other's.
    training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    training.estimate_parameters_using_expectation_maximisation(block_on("fn", "sn"))
    return _bounded(linker.misc.save_model_to_json())


def load(path: Path) -> dict:
    """A saved model's parameters on this code's comparisons and blocking rules: m and u probabilities are taken
    level by level where the comparison and the level's label match (so a model saved before a level was added
    still loads; the new level counts for nothing, m = u, until the model is estimated again)."""
    saved = json.loads(Path(path).read_text(encoding="utf-8"))
    model = settings()
    model["probability_two_random_records_match"] = saved.get("probability_two_random_records_match")
    known = {
        (c["output_column_name"], level.get("label_for_charts")): level
        for c in saved.get("comparisons", [])
        for level in c["comparison_levels"]
    }
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            old = known.get((comparison["output_column_name"], level.get("label_for_charts")))
            if old is None:
                old = {"m_probability": 0.01, "u_probability": 0.01}  # neutral, not the floors' +10 bits
            for key in ("m_probability", "u_probability"):
                if key in old:
                    level[key] = old[key]
    return _bounded(model)


def save(model: dict, path: Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(model, indent=2), encoding="utf-8")


def predict(
    rows: list[dict], model: dict, threshold_weight: float, comparisons: tuple[str, ...], keep: str | None = None
) -> list[tuple]:
    """Every blocked pair with a match weight of at least ``threshold_weight`` (and, if given, meeting the SQL
    condition ``keep``), as tuples: the two record keys, the match weight, then for each comparison its level
    (comparison vector value) and its weight (term frequency adjustment included)."""
    logging.getLogger("splink").setLevel(logging.ERROR)
    linker = _linker(rows, model)
    result = linker.inference.predict(threshold_match_weight=threshold_weight, warning_mode="never")
    relation = result.as_duckdbpyrelation()
    if keep:
        relation = relation.filter(keep)
    columns = set(relation.columns)
    select = ["unique_id_l", "unique_id_r", "match_weight"]
    for name in comparisons:
        tf = f" + coalesce(mw_tf_adj_{name}, 0)" if f"mw_tf_adj_{name}" in columns else ""
        select += [f"gamma_{name}", f"coalesce(mw_{name}, 0){tf}"]
    pairs = relation.project(", ".join(select)).fetchall()
    result.drop_table_from_database_and_remove_from_cache()
    return pairs


def level_weights(model: dict, name: str) -> dict[int, float]:
    """A comparison's weight (log2 m/u) at each level, by comparison vector value (null: 0)."""
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] == name:
            levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
            weights = {-1: 0.0}
            for i, level in enumerate(levels):
                weights[len(levels) - 1 - i] = math.log2(level["m_probability"] / level["u_probability"])
            return weights
    raise KeyError(name)


def level_labels(model: dict) -> dict[str, dict[int, str]]:
    """Comparison → comparison vector value → the level's label (-1 is null, 0 the last level)."""
    labels = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        names = {-1: "missing on one side"}
        for i, level in enumerate(levels):
            names[len(levels) - 1 - i] = level.get("label_for_charts", "")
        labels[comparison["output_column_name"]] = names
    return labels


def weight_to_probability(weight: float) -> float:
    return 1.0 / (1.0 + math.pow(2.0, -weight))
