"""Pensia et al.'s Theorem 1 (``pensia2020.width``), judged from figure ``tickets_width``: the width's growth in d.

The evaluator takes the figures' results and returns ``(verdicts, facts)`` (:mod:`verify.claims.model`).
"""

from __future__ import annotations

from bounds import get
from verify.claims.model import fact
from verify.compare import Measurement, bound_value, judge
from verify.tickets.montecarlo import implied_width_constant


def pensia_width(data):
    """Out-of-sample test of the width's growth in d: the constant implied at the smallest d (the catalog's solve_for
    on the smallest width certified to reach 1 - delta) is attached as an empirical constant, and the required-width
    brackets at larger d are judged against pensia2020.width with it."""
    figure = data["tickets_width"]["data"]
    eps, delta = figure["eps"], figure["delta"]
    curves = [c for c in figure["curves"] if len(c["dims"]) == 2 and c["dims"][0] == c["dims"][1]]
    facts = {"constant": fact(None, "empirical C of pensia2020.width at the smallest d"),
             "test_points": fact(0, "widths d judged out of sample")}
    if not curves or not curves[0]["required"]["widths_sufficient"]:
        return [], facts
    first = curves[0]
    d0 = first["dims"][0]
    constant = implied_width_constant(d0, d0, 1, first["required"]["widths_sufficient"][0], eps, delta)
    bound = get("pensia2020.width").with_empirical(
        C=constant, evidence=f"slth figures tickets_width: smallest width certified to reach 1 - delta at d = {d0}")
    verdicts = []
    for curve in curves[1:]:
        d, r = curve["dims"][0], curve["required"]
        low = r["widths_insufficient"][0] if r["widths_insufficient"] else None
        high = r["widths_sufficient"][0] if r["widths_sufficient"] else None
        measurement = Measurement(quantity=f"hidden width reaching 1 - delta = {1 - delta:g} [d = {d}]", low=low,
                                  high=high, confidence=0.95,
                                  method="grid bracket of one-sided Clopper-Pearson bounds",
                                  details={"trials": figure["trials"]})
        verdicts.append(judge("pensia2020.width growth in d", measurement,
                              bound_value(bound, at={"d_in": d, "d_out": d, "l": 1, "eps": eps, "delta": delta})))
    facts["constant"] = fact(constant, f"empirical C of pensia2020.width implied at d = {d0}")
    facts["test_points"] = fact(len(verdicts), "widths d judged out of sample")
    return verdicts, facts
