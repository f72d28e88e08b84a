"""Pensia et al.'s Experiments 1 and 2, judged from figures ``experiment1`` and ``pensia_exp2``.

Each evaluator takes the figures' results and returns ``(verdicts, facts)`` (:mod:`verify.claims.model`).
"""

from __future__ import annotations

from verify.claims.model import expects, fact
from verify.compare import BoundValue, Measurement, judge, probability_measurement


def experiment1_within(data):
    """Every weight of the per-row runs within ε (an exact count)."""
    figure = data["experiment1"]["data"]
    verdicts = []
    for run in (r for r in figure["runs"] if r["law"] == "per-row"):
        fraction = run["within_eps"] / run["weights"]
        measurement = Measurement(quantity=f"fraction of weights within eps [per-row, seed {run['seed']}]",
                                  low=fraction, high=fraction, confidence=1.0, method="exact count of all weights",
                                  point=fraction, details={"within": run["within_eps"], "weights": run["weights"]})
        bound = BoundValue(id="pensia2020.experiment1", kind="lower", value=1.0, confidence_tag="code",
                           description="all weights within eps")
        verdicts.append(judge("Experiment 1: every weight within eps", measurement, bound))
    return verdicts, {}


def experiment1_agreement(data):
    """Agreement of the approximated network's predictions with the target's over every digit image (labels are not
    needed), as an exact one-sided Clopper-Pearson lower bound, against 0.99."""
    figure = data["experiment1"]["data"]
    verdicts = []
    for run in (r for r in figure["runs"] if r["law"] == "per-row"):
        measurement = probability_measurement(f"prediction agreement with the target [per-row, seed {run['seed']}]",
                                              run["agreement"], run["images"], 0.95, one_sided="lower")
        bound = BoundValue(id="agreement >= 0.99", kind="lower", value=0.99, confidence_tag="code",
                           description="the approximated network computes the target's classifier")
        verdicts.append(judge("Experiment 1: the approximated network keeps the target's predictions", measurement,
                              bound))
    return verdicts, {}


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
