"""The random-subset-sum claims, decided from the ``rss`` result table: the counting floor, Lueker's and Pensia et
al.'s O(log 1/ε) forms, and Pensia et al.'s rule of thumb n = 3·round(log2(1/ε)).

The table holds, per law, the first covering prefix n*_t(ε) of every sample path t (the unit of replication: paths
are independent) at every accuracy ε of the campaign grid (n_max + 1 where a path is not covered within n_max):

* ``eps`` (E,), and per law ``<law>.n_star`` (T, E) int and ``<law>.n_max`` () int.

Everything follows from n*: P_n(ε) = #{t : n*_t ≤ n}/T (binomial in T independent paths), and the required count
n_δ(ε) = min{n : P_n(ε) ≥ 1 − δ}, the ⌈(1 − δ)T⌉-th smallest n*_t.  Evaluators take (results, rule) and return
(verdicts, facts) (:mod:`verify.claims.model`).
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from verify.claims.model import expects, fact
from verify.compare import BoundValue, bootstrap_measurement, counterexample_measurement, judge, probability_measurement
from verify.evidence import Bootstrap
from verify.streams import PURPOSE_STATISTICS, stream

TABLE = "rss"


def rule_of_thumb(eps: float) -> int:
    """n = 3·round(log2(1/ε)), the coefficient count of Pensia et al.'s Experiment 1 code [code]."""
    return 3 * round(math.log2(1 / eps))


def _law_columns(results, law: str):
    table = results.table(TABLE)
    return table, np.asarray(table["eps"], dtype=np.float64), table[f"{law}.n_star"], int(table[f"{law}.n_max"])


def _laws(results) -> list[str]:
    return list(results.table(TABLE).meta["laws"])


def counting_floor(results, rule):
    """Deterministic: no sample of any law is ε-good on [−1, 1] with fewer than log2(1/ε) samples (2^n sums each
    cover at most 2ε).  Every path of every law and accuracy is checked: a path with n* < log2(1/ε) refutes it."""
    verdicts = []
    bound = BoundValue(id="counting.rss_samples", kind="upper", value=0.0, confidence_tag="derived",
                       description="no path covered below log2(1/eps) samples")
    found_total = searched_total = 0
    for law in _laws(results):
        _, eps, n_star, _ = _law_columns(results, law)
        for j, e in enumerate(eps):
            floor = math.log2(1.0 / e)
            found = int(np.count_nonzero(n_star[:, j] < floor))
            found_total += found
            searched_total += n_star.shape[0]
            measurement = counterexample_measurement(f"paths covered below log2(1/eps) = {floor:.3g} samples "
                                                     f"[{law}, eps = {e:.0e}]", found, n_star.shape[0])
            verdicts.append(judge("counting floor", measurement, bound))
    return verdicts, {"comparisons": fact(len(verdicts), "law and accuracy pairs checked"),
                      "counterexamples": fact(found_total, "paths covered below the counting floor",
                                              (TABLE, "*.n_star")),
                      "paths": fact(searched_total, "paths checked over all laws and accuracies")}


def _required(n_star: np.ndarray, delta: float) -> np.ndarray:
    """n_δ(ε) per column: the ⌈(1 − δ)T⌉-th smallest n* (along axis −2: paths)."""
    rank = math.ceil((1.0 - delta) * n_star.shape[-2]) - 1
    return np.partition(n_star, rank, axis=-2).take(rank, axis=-2)


def _slope(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of y (…, k) against x (k,)."""
    xc = x - x.mean()
    return (y - y.mean(axis=-1, keepdims=True)) @ xc / float(xc @ xc)


def _generator(label: str):
    return stream(0, PURPOSE_STATISTICS, zlib.crc32(label.encode()))


@expects("slope", "slope_low", "slope_high", "coarse_slope", "fine_slope", "acceleration", "acceleration_low",
         "acceleration_high", "paths")
def log_form(results, rule):
    """n_δ(ε) = O(log 1/ε): over the registered accuracies (where the lemma bounds n_δ: ε ≤ δ), the least-squares
    slope of n_δ(ε) against log2(1/ε) on the finer accuracies exceeds the slope on the coarser ones by at most the
    margin (samples per halving of ε).  Accelerating growth — log² or worse — breaks it; any linear growth passes.
    Paired bootstrap over sample paths (the same resampled paths at every accuracy)."""
    p = rule.parameters
    law, delta = p["law"], float(p["delta"])
    table, eps, n_star, n_max = _law_columns(results, law)
    coarse = np.isin(np.round(np.log10(eps), 6), np.round(np.log10(p["coarse"]), 6))
    fine = np.isin(np.round(np.log10(eps), 6), np.round(np.log10(p["fine"]), 6))
    scope = coarse | fine
    x = np.log2(1.0 / eps)
    point = _required(n_star, delta)
    quantity = (f"slope of n_{delta:g}(eps) against log2(1/eps), finer minus coarser accuracies [{law}] "
                f"(samples per halving of eps)")
    if coarse.sum() < 2 or fine.sum() < 2:
        return [], {"accuracies": fact(int(scope.sum()), f"registered accuracies this campaign measured ({law})")}
    if np.any(point[scope] > n_max):
        return [], {"censored": fact(True, f"n_{delta:g} lies beyond n_max = {n_max} at some accuracy ({law})")}
    generator = _generator(f"log_form|{law}")
    replicates = int(p["bootstrap"])
    paths = n_star.shape[0]
    accelerations, slopes = np.empty(replicates), np.empty(replicates)
    for b in range(replicates):
        sample = n_star[generator.integers(0, paths, paths)]
        required = _required(sample, delta).astype(np.float64)
        accelerations[b] = _slope(x[fine], required[fine]) - _slope(x[coarse], required[coarse])
        slopes[b] = _slope(x[scope], required[scope])
    observed = point.astype(np.float64)
    acceleration = float(_slope(x[fine], observed[fine]) - _slope(x[coarse], observed[coarse]))
    evidence = Bootstrap(acceleration, accelerations, units=paths, method=f"bootstrap over sample paths, "
                                                                           f"{replicates} replicates, percentile")
    bound = BoundValue(id=p["bound"], kind="upper", value=0.0, margin=rule.margin, confidence_tag="restated",
                       description="no acceleration of n_delta(eps) in log2(1/eps)")
    verdict = judge(p["bound"], bootstrap_measurement(quantity, evidence, rule.confidence), bound,
                    level=rule.level)
    slope_low, slope_high = np.quantile(slopes, [rule.level, 1.0 - rule.level])
    acc_low, acc_high = evidence.interval(rule.confidence)
    source = (TABLE, f"{law}.n_star")
    return [verdict], {
        "slope": fact(float(_slope(x[scope], observed[scope])), f"slope of n_delta(eps) over the scope ({law})",
                      source),
        "slope_low": fact(float(slope_low), f"lower end of the 95 % bootstrap interval of that slope ({law})",
                          source),
        "slope_high": fact(float(slope_high), f"upper end of the 95 % bootstrap interval of that slope ({law})",
                           source),
        "coarse_slope": fact(float(_slope(x[coarse], observed[coarse])), f"slope on the coarser accuracies ({law})",
                             source),
        "fine_slope": fact(float(_slope(x[fine], observed[fine])), f"slope on the finer accuracies ({law})", source),
        "acceleration": fact(acceleration, f"finer minus coarser slope ({law})", source),
        "acceleration_low": fact(acc_low, f"lower end of its 95 % interval ({law})", source),
        "acceleration_high": fact(acc_high, f"upper end of its 95 % interval ({law})", source),
        "paths": fact(paths, f"sample paths ({law})", source),
    }


@expects(*[f"{e:.0e}.{key}" for e in (0.1, 0.01) for key in ("p_cover", "rule")])
def pensia_rule(results, rule):
    """At every accuracy of the registered scope, n = 3·round(log2(1/ε)) samples of U[−1, 1] cover [−1, 1] with
    probability at least 1 − δ: an exact binomial test of P_n(ε) at the rule's n against 1 − δ, per accuracy."""
    p = rule.parameters
    law, delta = p["law"], float(p["delta"])
    _, eps, n_star, n_max = _law_columns(results, law)
    verdicts, facts = [], {}
    scope = [e for e in eps if e <= float(p["eps_max"]) * (1 + 1e-9)]
    for e in scope:
        j = int(np.flatnonzero(np.isclose(eps, e))[0])
        n = rule_of_thumb(e)
        covered = int(np.count_nonzero(n_star[:, j] <= n))
        measurement = probability_measurement(f"P_n(eps) at the rule's n = {n} [{law}, eps = {e:.0e}]", covered,
                                              n_star.shape[0], rule.confidence)
        bound = BoundValue(id="pensia2020.rule_of_thumb", kind="lower", value=1.0 - delta, confidence_tag="code",
                           description="3 round(log2(1/eps)) samples cover with probability >= 1 - delta",
                           parameters={"eps": float(e), "n": n})
        verdicts.append(judge("Pensia's rule of thumb", measurement, bound, level=rule.level))
        facts[f"{e:.0e}.p_cover"] = fact(covered / n_star.shape[0], f"P_n(eps) at n = {n}, eps = {e:.0e}",
                                         (TABLE, f"{law}.n_star"))
        facts[f"{e:.0e}.rule"] = fact(n, f"the rule's n at eps = {e:.0e}")
    facts["judged"] = fact(len(verdicts), "accuracies judged")
    return verdicts, facts


EVALUATORS = {"counting_floor": counting_floor, "log_form": log_form, "pensia_rule": pensia_rule}
