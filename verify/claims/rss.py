"""The random-subset-sum claims, judged from figure ``rss_required_samples``: the counting floor, Lueker's and
Pensia et al.'s O(log 1/ε) forms, and Pensia et al.'s rule of thumb n = 3·round(log2(1/ε)).

Each evaluator takes the figures' results (``{figure: {"data", "facts"}}``) and returns ``(verdicts, facts)``
(:mod:`verify.claims.model`).  The required count n_δ(ε) is measured as its simultaneous Clopper–Pearson bracket
(:func:`verify.stats.required_count_bracket`), a 95 % interval over the n grid.
"""

from __future__ import annotations

import math

from bounds import get
from verify.claims.model import fact
from verify.compare import BoundValue, Measurement, bound_value, implied_constant, judge


def bracket_measurement(law: dict, point: dict, delta: float) -> Measurement:
    return Measurement(quantity=f"n_{delta:g}(eps={point['eps']:.0e}) [{law['law']}]", low=point["lo"],
                       high=point["hi"], confidence=0.95,
                       method="simultaneous Clopper-Pearson bracket", details={"trials": law["trials"]})


def counting_floor(data):
    """The counting floor n ≥ log2(L/(2ε)) against every bracket of every law and accuracy."""
    figure = data["rss_required_samples"]["data"]
    verdicts = []
    for law in figure["laws"]:
        for point in law["points"]:
            bound = bound_value("counting.rss_samples", at={"eps": point["eps"], "L": 2.0})
            verdicts.append(judge("counting floor", bracket_measurement(law, point, figure["delta"]), bound))
    return verdicts, {}


def log_form(law_name: str, bound_id: str):
    """Out-of-sample test of n_δ(ε) ≤ C·ln(2/ε) (the catalog's bound).  The lemma promises coverage with probability
    1 − ε, so it bounds n_δ(ε) only where ε ≤ δ: C is the smallest value consistent with the brackets at
    1e-3 ≤ ε ≤ δ (the largest constant the catalog's ``solve_for`` implies from their upper ends), attached to the
    bound as an empirical constant; the brackets at smaller ε are then judged against it.  The fact ``per_bit``
    (C·ln 2, samples per halving of ε the fitted bound allows) says how much room the test leaves."""
    def evaluate(data):
        figure = data["rss_required_samples"]["data"]
        delta = figure["delta"]
        law = next(item for item in figure["laws"] if item["law"] == law_name)
        train = [p for p in law["points"] if 1e-3 * (1 - 1e-9) <= p["eps"] <= delta * (1 + 1e-9)]
        test = [p for p in law["points"] if p["eps"] < 1e-3 * (1 - 1e-9)]
        if not train or any(p["hi"] is None for p in train):
            return [], {"constant": fact(None, f"empirical C for {bound_id} (not determined: a bracket at "
                                                f"1e-3 <= eps <= delta is open or missing)"),
                        "per_bit": fact(None, "C ln 2 (not determined)"),
                        "test_points": fact(0, f"accuracies eps < 1e-3 judged out of sample ({law_name})")}
        constant = max(implied_constant(bound_id, "C", p["hi"], at={"eps": p["eps"]}) for p in train)
        bound = get(bound_id).with_empirical(
            C=constant, evidence=f"slth figures rss_required_samples: largest C implied by the upper ends of the "
                                 f"n_{delta:g} brackets at 1e-3 <= eps <= {delta:g}, {law_name} law")
        verdicts = [judge(f"{bound_id} log form", bracket_measurement(law, point, delta),
                          bound_value(bound, at={"eps": point["eps"]}))
                    for point in test]
        return verdicts, {
            "constant": fact(constant, f"empirical C of {bound_id}, fitted on 1e-3 <= eps <= delta ({law_name})"),
            "per_bit": fact(constant * math.log(2), f"C ln 2: samples per halving of eps the fitted bound allows "
                                                     f"({law_name})"),
            "test_points": fact(len(test), f"accuracies eps < 1e-3 judged out of sample ({law_name})"),
        }

    return evaluate


def pensia_rule(data):
    """The rule against n_δ(ε) at the accuracies where the code used it or finer (ε ≤ 0.01: the code ran at 0.01);
    coarser accuracies are reported as facts, not judged."""
    figure = data["rss_required_samples"]["data"]
    law = next(item for item in figure["laws"] if item["law"] == "uniform")
    verdicts = []
    for point in law["points"]:
        if point["eps"] > RULE_EPS_MAX * (1 + 1e-9):
            continue
        bound = BoundValue(id="pensia2020.rule_of_thumb", kind="upper", value=point["rule"], confidence_tag="code",
                           description="3 round(log2(1/eps))", parameters={"eps": point["eps"]})
        verdicts.append(judge("Pensia's rule of thumb", bracket_measurement(law, point, figure["delta"]), bound))
    failing = [v.measurement.quantity for v in verdicts if v.outcome == "violated"]
    coarse = [p for p in law["points"] if p["eps"] > RULE_EPS_MAX * (1 + 1e-9)]
    return verdicts, {"violations": fact(len(failing), "accuracies eps <= 0.01 at which the rule is too small"),
                      "judged": fact(len(verdicts), "accuracies eps <= 0.01 judged"),
                      "coarse_too_small": fact(sum(p["lo"] is not None and p["lo"] > p["rule"] for p in coarse),
                                                "coarser accuracies (not judged) where the bracket lies above the "
                                                "rule")}


RULE_EPS_MAX = 0.01  # the accuracy Pensia et al.'s Experiment 1 code used the rule at (spec pensia2020.md)
