"""Pensia et al.'s Theorem 1 (``pensia2020.width``), decided from the ``tickets`` result table: how the required
width grows with the target.

The table holds, for every target shape (square, depth l = 1, 2, 3; d = d_0 = … = d_l), each trial's first
succeeding hidden units per input coordinate m* on nested random networks (:mod:`verify.tickets.montecarlo`; a trial
is one random network draw, the unit of replication, shared by the family of targets it must serve):

* ``units`` (K,), and per shape ``c<i>.m_star`` (T,) int (m_K + 1 where no width of the grid succeeds);
* meta ``configs`` [{"dims", "layers"}], ``eps``, ``delta``, ``family``, ``trials``, ``seed``;
* the searched family (every draw serves the worst of several targets): ``h<i>.m_star`` with meta
  ``hard_configs``, ``hard_family``, ``hard_trials``.

The required units m_δ(d) is the ⌈(1 − δ)T⌉-th smallest m*.  Theorem 1's width C·d_{i−1}·log(d_{i−1} d_i l /
min(ε, δ)) [recalled] gives m ∝ log(d² l / min(ε, δ)); a width linear in d gives m constant.  Writing
m_δ(d) ∝ log(d² l / min(ε, δ))^β, the theorem says β ≤ 1 (the required width grows no faster than its bound), a
linear width says β = 0: the fitted β with its interval tells the two apart, and a β well above 1 refutes the
theorem's growth in d.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from verify.claims.model import expects, fact
from verify.claims.width_fit import required_width, slope
from verify.compare import BoundValue, bootstrap_measurement, judge
from verify.evidence import Bootstrap
from verify.streams import PURPOSE_STATISTICS, stream
from verify.tickets.montecarlo import implied_width_constant

TABLE = "tickets"


def log_term(dims, eps: float, delta: float) -> float:
    """log(d_0 d_1 l / min(ε, δ)): the logarithm of Theorem 1's width for a square target of depth l."""
    return math.log(dims[0] * dims[1] * (len(dims) - 1) / min(eps, delta))


_GROUPS = (("c", "", "configs", "family"), ("h", "hard.", "hard_configs", "hard_family"))


@expects(*[f"{group}l{layers}.{key}" for group, layers in (("", 1), ("", 2), ("", 3), ("hard.", 1))
           for key in ("beta", "beta_low", "beta_high", "shapes")])
def pensia_width(results, rule):
    """Per family (the base family: a random and a rank-one target per draw; the searched family: the worst of eight
    targets per draw) and target depth with at least ``min_shapes`` widths d: the fitted exponent β of m_δ(d) ∝
    log(d² l / min(ε, δ))^β by least squares on log–log axes, bootstrap over trials (resampled within every shape:
    shapes are independent runs); claim β ≤ 1 + margin."""
    table = results.table(TABLE)
    meta = table.meta
    verdicts, facts = [], {}
    for prefix, key, configs, family in _GROUPS:
        if configs not in meta:
            continue
        _fit_group(table, rule, prefix, key, meta[configs], meta[family], verdicts, facts)
    return verdicts, facts


def _fit_group(table, rule, prefix: str, key: str, configs: list, family: list, verdicts: list, facts: dict) -> None:
    meta, p = table.meta, rule.parameters
    delta, units = float(p["delta"]), table["units"]
    censored_at = int(units[-1]) + 1
    members = f"{len(family)} targets per draw ({', '.join(sorted(set(family)))})"
    for layers in sorted({c["layers"] for c in configs}):
        shapes = [(i, c) for i, c in enumerate(configs) if c["layers"] == layers]
        facts[f"{key}l{layers}.shapes"] = fact(len(shapes), f"target widths measured at depth {layers}, {members}",
                                               (TABLE, "units"))
        if len(shapes) < int(p["min_shapes"]):
            continue
        x = np.log([log_term(c["dims"], meta["eps"], meta["delta"]) for _, c in shapes])
        samples = [table[f"{prefix}{i}.m_star"].astype(np.float64) for i, _ in shapes]
        point = np.array([required_width(s, delta) for s in samples])
        for (i, c), m in zip(shapes, point):
            label = "x".join(map(str, c["dims"]))
            source = (TABLE, f"{prefix}{i}.m_star")
            facts[f"{key}{label}.m_delta"] = fact(None if m >= censored_at else int(m),
                                                  f"required units per coordinate, target {label}, {members}", source)
            if m < censored_at:
                width = m * c["dims"][0]
                facts[f"{key}{label}.implied_c"] = fact(
                    implied_width_constant(c["dims"][0], c["dims"][1], layers, width, meta["eps"], meta["delta"]),
                    f"the C of pensia2020.width that gives the required width, target {label}, {members}", source)
        if np.any(point >= censored_at):
            facts[f"{key}l{layers}.censored"] = fact(True, f"a required width at depth {layers} lies beyond the grid "
                                                           f"({members})", (TABLE, "units"))
            continue
        generator = stream(0, PURPOSE_STATISTICS, zlib.crc32(f"pensia_width|{key}{layers}".encode()))
        replicates = int(p["bootstrap"])
        betas = np.empty(replicates)
        for b in range(replicates):
            resampled = np.array([required_width(s[generator.integers(0, s.size, s.size)], delta) for s in samples])
            betas[b] = slope(x, np.log(resampled))
        beta = float(slope(x, np.log(point)))
        trials = min(s.size for s in samples)
        evidence = Bootstrap(beta, betas, units=trials, method=f"bootstrap over trials within each of "
                                                               f"{len(shapes)} widths, {replicates} replicates")
        quantity = (f"β: m_{delta:g}(d) ∝ log(d² l / min(eps, delta))^β, depth l = {layers}, d = "
                    f"{', '.join(str(c['dims'][0]) for _, c in shapes)}, {members}")
        bound = BoundValue(id="pensia2020.width", kind="upper", value=1.0, margin=rule.margin,
                           confidence_tag="recalled", description="the required width grows no faster than "
                                                                  "Theorem 1's d log(d^2 l / min(eps, delta))")
        verdicts.append(judge("pensia2020.width growth in d", bootstrap_measurement(quantity, evidence,
                                                                                   rule.confidence), bound,
                              level=rule.level))
        low, high = evidence.interval(rule.confidence)
        source = (TABLE, f"{prefix}{shapes[0][0]}.m_star")
        facts[f"{key}l{layers}.beta"] = fact(beta, f"fitted exponent beta at depth {layers}, {members}", source)
        facts[f"{key}l{layers}.beta_low"] = fact(low, f"lower end of its 95 % interval (depth {layers}, {members})",
                                                 source)
        facts[f"{key}l{layers}.beta_high"] = fact(high, f"upper end of its 95 % interval (depth {layers}, "
                                                        f"{members})", source)
        facts[f"{key}l{layers}.excludes_linear"] = fact(bool(low > 0.0), f"the interval of beta excludes 0 (a width "
                                                                          f"linear in d) at depth {layers}, {members}",
                                                        source)
        facts[f"{key}l{layers}.excludes_theorem"] = fact(bool(high < 1.0), f"the interval of beta excludes 1 "
                                                                            f"(Theorem 1's growth) at depth {layers}, "
                                                                            f"{members}", source)


EVALUATORS = {"pensia_width": pensia_width}
