"""Pensia et al.'s Experiments 1 and 2, decided from the result tables ``experiment1`` and ``pensia_exp2``.

``experiment1`` holds, per seed k (an independently trained target and its coefficient draws, the unit of
replication) and coefficient law L: ``s*.<L>.outside`` (weights outside ε), ``s*.<L>.expected_misses``
([misses, pairs] of the Monte Carlo of :mod:`verify.tickets.misses`), and per test example (shared by every seed)
``s*.target_correct``, ``s*.<L>.approx_correct`` and ``s*.<L>.agree`` (bool).  Evaluators take
(results, rule) and return (verdicts, facts) (:mod:`verify.claims.model`).
"""

from __future__ import annotations

import numpy as np

from verify import stats
from verify.claims.model import expects, fact
from verify.compare import (
    BoundValue,
    Measurement,
    counterexample_measurement,
    judge,
    mean_measurement,
)
from verify.tickets.misses import ExpectedMisses

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
    change = stats.crossed_mean(approx - target)
    agreement = stats.crossed_mean(agree)
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
@expects("gap_at_top.test_selected_accuracy", "gap_at_top.validation_selected_accuracy",
          "relu_worse_at.test_selected_accuracy")
def pensia_exp2(data):
    """Experiment 2 (one training seed: point values): the wide network wins at the highest sparsity; the ReLU
    variant is worse than the linear one at every sparsity > 0."""
    selected = data["pensia_exp2"]["data"]["selected"]
    table = {(s["structure"], s["sparsity"]): s for s in selected}
    verdicts, facts = [], {}
    top = max(s["sparsity"] for s in selected)
    for key, label in (("test_selected_accuracy", "paper's selection"),
                       ("validation_selected_accuracy", "validation selection")):
        wide, linear = table.get(("wide", top)), table.get(("ours-linear", top))
        if wide and linear:
            gap = wide[key] - linear[key]
            measurement = Measurement(quantity=f"wide − ours-linear accuracy at sparsity {top:g} ({label})",
                                      low=gap, high=gap, confidence=1.0, method="one training seed",
                                      details={"point_value": True})
            verdicts.append(judge("pensia2020.exp2", measurement, BoundValue(
                id="pensia2020.exp2.sparse", kind="lower", value=0.0, confidence_tag="code",
                description="the wide network wins at the highest sparsity")))
            facts[f"gap_at_top.{key}"] = fact(gap, f"wide minus ours-linear at sparsity {top:g}, {label}")
        # Sparsity 0 keeps every weight: edge-popup has nothing to choose, both are random networks (~10 %).
        worse = [table[("ours-linear", p)][key] - table[("ours-relu", p)][key]
                 for (structure, p) in table if structure == "ours-linear" and ("ours-relu", p) in table and p > 0]
        if worse:
            lowest = min(worse)
            at = min((p for (structure, p) in table if structure == "ours-linear" and ("ours-relu", p) in table
                      and p > 0), key=lambda p: table[("ours-linear", p)][key] - table[("ours-relu", p)][key])
            facts[f"relu_worse_at.{key}"] = fact(at, f"sparsity of the smallest ours-linear − ours-relu ({label})")
            measurement = Measurement(quantity=f"min over sparsities > 0 of ours-linear − ours-relu ({label}; "
                                               f"at sparsity {at:g})",
                                      low=lowest, high=lowest, confidence=1.0, method="one training seed",
                                      details={"point_value": True, "sparsity": at})
            verdicts.append(judge("pensia2020.exp2", measurement, BoundValue(
                id="pensia2020.exp2.relu_worse", kind="lower", value=0.0, confidence_tag="code",
                description="the ReLU variant is worse throughout")))
    facts["top_sparsity"] = fact(top, "highest sparsity of the grid")
    facts["max_selection_gain"] = fact(max(s["selection_gain"] for s in selected),
                                        "largest test-accuracy gain from selecting runs on the test set")
    return verdicts, facts


EVALUATORS = {"experiment1_within": experiment1_within, "experiment1_accuracy": experiment1_accuracy}
