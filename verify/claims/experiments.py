"""Pensia et al.'s Experiments 1 and 2, decided from the result tables ``experiment1`` and ``pensia_exp2``.

Each evaluator takes (results, rule) and returns ``(verdicts, facts)`` (:mod:`verify.claims.model`).

``experiment1`` holds, per seed k (an independently trained target and its coefficient draws, the unit of
replication) and coefficient law L: ``s*.<L>.outside`` (weights outside ε), ``s*.<L>.expected_misses``
([misses, pairs] of the Monte Carlo of :mod:`verify.tickets.misses`), and per test example (shared by every seed)
``s*.target_correct``, ``s*.<L>.approx_correct`` and ``s*.<L>.agree`` (bool).

Experiment 2 (:func:`pensia_exp2`) reads the table ``pensia_exp2`` (``figures/fig24_pensia_exp2.py``): one row per
run — ``dataset``, ``target``, ``structure``, ``sparsity``, ``epochs``, ``seed``, ``test_accuracy``,
``validation_accuracy`` and ``test_correct`` (runs × test examples, boolean).  The unit of replication is the training
seed; the test set is shared by every seed, so each comparison is a mean over seeds *and* test examples whose
variance adds both (:func:`verify.stats.crossed_mean`), and one seed is a point value that decides nothing.
"""

from __future__ import annotations

import numpy as np

from verify.claims.model import expects, fact
from verify.compare import (
    BoundValue,
    Measurement,
    counterexample_measurement,
    judge,
    mean_measurement,
)
from verify.stats import crossed_mean
from verify.tickets.misses import ExpectedMisses
from verify.validate import format_confidence

EXPERIMENT1 = "experiment1"


def _seeds(table) -> list[int]:
    return list(range(len(table.meta["seeds"])))


@expects("outside", "weights", "expected_misses", "expected_low", "expected_high", "seeds")
def experiment1_within(results, rule):
    """Every weight within ε, per independently trained target and coefficient draw (a seed): a counterexample
    search over seeds — a seed with a weight outside ε refutes "every weight within ε" — beside the misses the
    coefficient law makes expected (Monte Carlo, :mod:`verify.tickets.misses`)."""
    table = results.table(EXPERIMENT1)
    law = rule.parameters["law"]
    seeds = _seeds(table)
    outside = [int(table[f"s{k}.{law}.outside"]) for k in seeds]
    measurement = counterexample_measurement(f"seeds with a weight outside eps [{law} law]",
                                             sum(o > 0 for o in outside), len(seeds))
    bound = BoundValue(id="pensia2020.experiment1", kind="upper", value=0.0, confidence_tag="code",
                       description="every weight within eps")
    misses = np.array([table[f"s{k}.{law}.expected_misses"] for k in seeds])   # (seeds, [misses, pairs])
    pooled = ExpectedMisses(int(misses[:, 0].sum()), int(misses[:, 1].sum()), int(table.meta["weights"]))
    low, high = pooled.count_interval(rule.confidence)
    source = (EXPERIMENT1, f"s*.{law}.outside")
    return [judge("Experiment 1: every weight within eps", measurement, bound, level=rule.level)], {
        "outside": fact(int(sum(outside)), f"weights outside eps over all seeds ({law})", source),
        "weights": fact(int(table.meta["weights"]) * len(seeds), "weights approximated over all seeds", source),
        "expected_misses": fact(pooled.count(), f"misses expected per network under the {law} law",
                                (EXPERIMENT1, f"s*.{law}.expected_misses")),
        "expected_low": fact(low, "lower end of its 95 % interval", (EXPERIMENT1, f"s*.{law}.expected_misses")),
        "expected_high": fact(high, "upper end of its 95 % interval", (EXPERIMENT1, f"s*.{law}.expected_misses")),
        "seeds": fact(len(seeds), "independently trained targets and coefficient draws", source),
    }


@expects("change", "change_low", "change_high", "agreement", "agreement_low", "agreement_high")
def experiment1_accuracy(results, rule):
    """The approximated network itself against its target, on the same test examples (paired; seeds × shared test
    examples crossed, :func:`verify.stats.crossed_mean`): (1) accuracy change ≥ −margin (non-inferiority), (2) the
    fraction of test examples where both predict the same class ≥ the registered agreement."""
    table = results.table(EXPERIMENT1)
    p = rule.parameters
    law = p["law"]
    seeds = _seeds(table)
    if len(seeds) < 2:
        return [], {}
    target = np.stack([table[f"s{k}.target_correct"] for k in seeds]).astype(np.float64)
    approx = np.stack([table[f"s{k}.{law}.approx_correct"] for k in seeds]).astype(np.float64)
    agree = np.stack([table[f"s{k}.{law}.agree"] for k in seeds]).astype(np.float64)
    change = crossed_mean(approx - target)
    agreement = crossed_mean(agree)
    verdicts = [
        judge("Experiment 1: the approximated network is as accurate as the target",
              mean_measurement(f"approximated − target test accuracy [{law} law] (paired per example)", change,
                               rule.confidence),
              BoundValue(id="pensia2020.experiment1_accuracy", kind="lower", value=0.0, margin=rule.margin,
                         confidence_tag="code", description="the approximated network keeps the target's accuracy"),
              level=rule.level),
        judge("Experiment 1: the approximated network computes the target's classifier",
              mean_measurement(f"fraction of test examples with the target's prediction [{law} law]", agreement,
                               rule.confidence),
              BoundValue(id="pensia2020.experiment1_agreement", kind="lower", value=1.0 - float(p["disagreement"]),
                         confidence_tag="code", description="the approximated network predicts what the target "
                                                            "predicts"),
              level=rule.level),
    ]
    c_low, c_high = change.interval(rule.confidence)
    a_low, a_high = agreement.interval(rule.confidence)
    source = (EXPERIMENT1, f"s*.{law}.approx_correct")
    return verdicts, {
        "change": fact(change.estimate, f"approximated minus target test accuracy, mean over seeds ({law})", source),
        "change_low": fact(c_low, "lower end of its 95 % interval", source),
        "change_high": fact(c_high, "upper end of its 95 % interval", source),
        "agreement": fact(agreement.estimate, f"fraction of test examples where both predict alike ({law})",
                          (EXPERIMENT1, f"s*.{law}.agree")),
        "agreement_low": fact(a_low, "lower end of its 95 % interval", (EXPERIMENT1, f"s*.{law}.agree")),
        "agreement_high": fact(a_high, "upper end of its 95 % interval", (EXPERIMENT1, f"s*.{law}.agree")),
    }


# -- Experiment 2 ------------------------------------------------------------------------------------------------
EXP2 = "pensia_exp2"
EXP2_STRUCTURES = ("ours-linear", "ours-relu", "wide")
SELECTIONS = {"test": "test_accuracy", "validation": "validation_accuracy"}
_SPARSITY_TOLERANCE = 1e-9


def exp2_selected(table, rows, selection: str) -> int:
    """The run of ``rows`` (one structure, sparsity and seed; several epoch counts) a selection keeps: the best test
    accuracy (``"test"``, the paper's) or the best validation accuracy (``"validation"``), the shortest run on ties."""
    rows = np.asarray(rows)
    rows = rows[np.argsort(table["epochs"][rows], kind="stable")]
    return int(rows[int(np.argmax(table[SELECTIONS[selection]][rows]))])


def exp2_differences(table, group, first: str, second: str, sparsity: float, selection: str):
    """(seeds, D): D[s, n] = correct(first) − correct(second) on test example n for training seed s, each structure's
    run selected per seed (:func:`exp2_selected`); only seeds that have both structures at ``sparsity``."""
    at = group & (np.abs(table["sparsity"] - sparsity) <= _SPARSITY_TOLERANCE)
    seeds = sorted(set(int(s) for s in table["seed"][at & (table["structure"] == first)])
                   & set(int(s) for s in table["seed"][at & (table["structure"] == second)]))
    correct = table["test_correct"]
    rows = []
    for seed in seeds:
        pair = [exp2_selected(table, np.flatnonzero(at & (table["structure"] == s) & (table["seed"] == seed)),
                              selection) for s in (first, second)]
        rows.append(correct[pair[0]].astype(np.float64) - correct[pair[1]].astype(np.float64))
    return seeds, (np.stack(rows) if rows else np.zeros((0, correct.shape[1])))


def _seed_measurement(quantity: str, differences: np.ndarray, confidence: float, details: dict) -> Measurement:
    """The mean difference over training seeds and the shared test examples (:func:`verify.stats.crossed_mean`,
    units: seeds); one seed is a point value, none an absent comparison."""
    if differences.shape[0] >= 2:
        return mean_measurement(quantity, crossed_mean(differences), confidence, details)
    if differences.shape[0] == 1:
        value = float(differences.mean())
        return Measurement(quantity=quantity, low=value, high=value, confidence=confidence,
                           method="one training seed: a point value", point=value,
                           details={**details, "point_value": True}, units=1)
    return Measurement(quantity=quantity, low=None, high=None, confidence=confidence,
                       method="not measured in this campaign", details={**details, "absent": True}, units=0)


@expects(*(f"{prefix}{key}.{selection}.{part}" for prefix in ("", "digits.fc4.")
           for key in ("gap_at_top", "relu_gap_near_dense", "linear_gap_sparse")
           for selection in SELECTIONS for part in ("mean", "low", "high")),
         "seeds", "top_sparsity", "max_selection_gain", "mean_selection_gain")
def pensia_exp2(results, rule):
    """Experiment 2 per dataset and target of the rule (``groups``: FC2 and FC4 on digits), under both selections of
    the epoch count (the paper's on the test set, and on the validation set), each comparison a mean over training
    seeds of per-example differences on the shared test set (:func:`verify.stats.crossed_mean`):

    * at the highest sparsity ``top``, wide − ours-linear ≥ ``clear_gap`` (the wide network wins clearly);
    * at every sparsity of ``relu_below``, ours-linear − ours-relu ≥ 0 (the ReLU variant is below);
    * at every sparsity of ``relu_above``, ours-relu − ours-linear ≥ 0 (near dense it is above).

    Each test is one-sided, so "≥ 0 holds" means the difference is established to be positive."""
    p = rule.parameters
    table = results.table(EXP2)
    verdicts, facts = [], {}
    comparisons = [("gap_at_top", "wide", "ours-linear", float(p["top"]), float(p["clear_gap"]),
                    "the wide network wins clearly at the highest sparsity")]
    comparisons += [(f"linear_gap.{s:g}", "ours-linear", "ours-relu", float(s), 0.0,
                     "the ReLU variant is below the linear one") for s in p["relu_below"]]
    comparisons += [(f"relu_gap.{s:g}", "ours-relu", "ours-linear", float(s), 0.0,
                     "near dense the ReLU variant is above the linear one") for s in p["relu_above"]]
    all_seeds: set = set()
    level = format_confidence(rule.confidence)
    for dataset, target in p["groups"]:
        group = (table["dataset"] == dataset) & (table["target"] == target)
        prefix = "" if [dataset, target] == list(p["groups"][0]) else f"{dataset}.{target}."
        for selection in p["selections"]:
            for key, first, second, sparsity, value, description in comparisons:
                seeds, differences = exp2_differences(table, group, first, second, sparsity, selection)
                all_seeds |= set(seeds)
                quantity = (f"{first} − {second} test accuracy at sparsity {sparsity:g} [{dataset}, {target}; "
                            f"epochs selected on the {selection} set], mean over seeds")
                measurement = _seed_measurement(quantity, differences, rule.confidence,
                                                {"seeds": seeds, "selection": selection})
                bound = BoundValue(id="pensia2020.exp2", kind="lower", value=value, confidence_tag="code",
                                   description=description, parameters={"sparsity": sparsity})
                verdicts.append(judge("pensia2020.exp2", measurement, bound, level=rule.level))
                if measurement.low is not None:
                    source = (EXP2, "test_correct")
                    facts[f"{prefix}{key}.{selection}.mean"] = fact(float(differences.mean()), quantity, source)
                    facts[f"{prefix}{key}.{selection}.low"] = fact(measurement.low, "lower end of its "
                                                                   + level + " interval", source)
                    facts[f"{prefix}{key}.{selection}.high"] = fact(measurement.high, "upper end of its "
                                                                    + level + " interval", source)
    _exp2_summary(table, p, facts)
    facts["seeds"] = fact(len(all_seeds), "training seeds behind the comparisons", (EXP2, "seed"))
    facts["top_sparsity"] = fact(float(p["top"]), "highest sparsity of the claim")
    facts["sparse_point"] = fact(float(max(p["relu_below"])), "sparsest point where the ReLU variant should be below")
    facts["dense_point"] = fact(float(min(p["relu_above"])), "the point near dense where the ReLU variant should be "
                                                             "above")
    return verdicts, facts


def _exp2_summary(table, p, facts: dict) -> None:
    """Facts for the prose: per group (unprefixed for the first, ``<dataset>.<target>.`` for the others) the ReLU
    gap nearest dense and the linear gap at the sparsest of ``relu_below``, and (first group) the gain of selecting
    on the test set (test-selected minus validation-selected test accuracy, per structure, sparsity and seed)."""
    for index, (dataset, target) in enumerate(p["groups"]):
        prefix = "" if index == 0 else f"{dataset}.{target}."
        for alias, name in (("relu_gap_near_dense", f"relu_gap.{float(min(p['relu_above'])):g}"),
                            ("linear_gap_sparse", f"linear_gap.{float(max(p['relu_below'])):g}")):
            for selection in p["selections"]:
                for part in ("mean", "low", "high"):
                    if f"{prefix}{name}.{selection}.{part}" in facts:
                        facts[f"{prefix}{alias}.{selection}.{part}"] = facts[f"{prefix}{name}.{selection}.{part}"]
    dataset, target = p["groups"][0]
    group = (table["dataset"] == dataset) & (table["target"] == target)
    gains = []
    for structure in EXP2_STRUCTURES:
        mine = group & (table["structure"] == structure)
        for sparsity in np.unique(table["sparsity"][mine]):
            for seed in np.unique(table["seed"][mine]):
                rows = np.flatnonzero(mine & (table["sparsity"] == sparsity) & (table["seed"] == seed))
                by_test, by_validation = exp2_selected(table, rows, "test"), exp2_selected(table, rows, "validation")
                gains.append(float(table["test_accuracy"][by_test] - table["test_accuracy"][by_validation]))
    if gains:
        source = (EXP2, "test_accuracy")
        facts["max_selection_gain"] = fact(max(gains), "largest test-accuracy gain from selecting the epoch count on "
                                                       "the test set (one structure, sparsity and seed)", source)
        facts["mean_selection_gain"] = fact(float(np.mean(gains)), "mean test-accuracy gain from selecting on the test "
                                                                   "set", source)


EVALUATORS = {"experiment1_within": experiment1_within, "experiment1_accuracy": experiment1_accuracy,
              "pensia_exp2": pensia_exp2}
