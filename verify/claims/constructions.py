"""The constructions beyond Pensia et al. judged against their own catalog bounds, from the ``constructions`` table.

The table (figure ``constructions``, :mod:`verify.tickets.comparison`) holds, per campaign (a construction with its
activation and target family) and target shape, every trial's first succeeding units m* on nested random networks
(a trial — one random network draw shared by its family of targets — is the unit of replication):

* ``<campaign>.<i>.m_star`` (T,) int (m_K + 1 where no width of the grid succeeds), ``<campaign>.<i>.kept`` (T,);
* meta ``campaigns`` [{"name", "construction", "negative_slope", "family", "trials", "units", "configs":
  [{"shape", "layers"}]}], ``eps``, ``delta``, ``seed``.

Each rule names its bound, the exponent of the logarithm in that bound's width and the logarithm's argument:

=================================  =========  =======================================  ===========================
bound                              exponent   logarithm's argument (square shapes)     measured units m
=================================  =========  =======================================  ===========================
``burkholz2022.depth_l_plus_1``    2          d_{i−1} d_i l / min(ε, δ)                 copies per target neuron
``orseau2020.neurons_per_weight``  1          d / min(ε, δ)                            units per input coordinate
``dacunha2022.cnn_channels``       1          k² c_{i−1} c_i l / min(ε, δ)             channels per input channel
=================================  =========  =======================================  ===========================

For every campaign and depth with at least ``min_shapes`` shapes the evaluator fits m_δ(d) ∝ log(argument)^β by
least squares on log–log axes (m_δ the ⌈(1 − δ)T⌉-th smallest m*), with a percentile bootstrap over trials
resampled within every shape (shapes are independent runs), and claims β ≤ exponent + margin: the required width
grows no faster in the target's size than the bound's width.  A required width beyond the grid makes that depth's
comparison censored (no verdict).  The empirical constant of the bound at every shape (the constant at which the
bound equals the measured width) is reported beside it, labelled empirical.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from verify.claims.model import expects, fact
from verify.claims.width_fit import required_width, slope
from verify.compare import BoundValue, bootstrap_measurement, implied_constant, judge
from verify.errors import InvalidInput
from verify.evidence import Bootstrap
from verify.streams import PURPOSE_STATISTICS, stream

TABLE = "constructions"
ARGUMENTS = ("d_in*d_out*l", "d", "k2*c_in*c_out*l")


def log_argument(kind: str, shape, eps: float, delta: float, kernel: int = 3) -> float:
    """The logarithm of the bound's width for a square shape (see the module docstring)."""
    layers = len(shape) - 1
    if kind == "d_in*d_out*l":
        return math.log(shape[0] * shape[1] * layers / min(eps, delta))
    if kind == "d":
        return math.log(shape[0] / min(eps, delta))
    if kind == "k2*c_in*c_out*l":
        return math.log(kernel ** 2 * shape[0] * shape[1] * layers / min(eps, delta))
    raise InvalidInput(f"log argument {kind!r} is not known; allowed: {', '.join(ARGUMENTS)}")


def _width(construction: str, shape, m: int) -> int:
    """The width the bound speaks of: Burkholz's widest hidden layer (2m·d_0), else the units themselves."""
    return 2 * m * shape[0] if construction == "burkholz" else m


def _constant(bound: str, construction: str, shape, m: int, eps: float, delta: float, kernel: int = 3) -> float:
    layers = len(shape) - 1
    if construction == "burkholz":
        at = {"d_in": shape[0], "d_out": shape[1], "l": layers, "eps": eps, "delta": delta}
        return implied_constant(bound, "C", _width(construction, shape, m), at=at)
    if construction == "orseau":
        return implied_constant(bound, "C_depth", m, at={"d": shape[0], "eps": eps, "delta": delta})
    at = {"d": kernel, "c_in": shape[0], "c_out": shape[1], "l": layers, "eps": eps, "delta": delta}
    return implied_constant(bound, "C", m, at=at)


_KEYS = [f"{campaign}.l{layers}.{key}" for campaign, layers in
         (("burkholz", 2), ("burkholz-leaky", 2), ("orseau", 1), ("orseau", 2), ("conv", 1))
         for key in ("beta", "beta_low", "beta_high", "shapes")]


@expects(*_KEYS)
def width_growth(results, rule):
    """Per campaign of ``rule.parameters["campaigns"]`` and depth of ``depths``: the fitted exponent β of
    m_δ ∝ log(argument)^β with its bootstrap interval, judged against the bound's ``exponent`` + margin."""
    table = results.table(TABLE)
    meta, p = table.meta, rule.parameters
    delta, exponent = float(p["delta"]), float(p["exponent"])
    verdicts, facts = [], {}
    by_name = {c["name"]: c for c in meta["campaigns"]}
    for name in p["campaigns"]:
        if name not in by_name:
            continue
        campaign = by_name[name]
        _fit(table, rule, campaign, delta, exponent, verdicts, facts)
    return verdicts, facts


def _fit(table, rule, campaign: dict, delta: float, exponent: float, verdicts: list, facts: dict) -> None:
    meta, p = table.meta, rule.parameters
    name, construction = campaign["name"], campaign["construction"]
    censored_at = int(campaign["units"][-1]) + 1
    members = f"{len(campaign['family'])} targets per draw ({', '.join(sorted(set(campaign['family'])))})"
    for layers in [int(x) for x in p["depths"]]:
        shapes = [(i, c) for i, c in enumerate(campaign["configs"]) if c["layers"] == layers]
        facts[f"{name}.l{layers}.shapes"] = fact(len(shapes), f"target shapes measured at depth {layers}, {name}, "
                                                              f"{members}", (TABLE, f"{name}.*.m_star"))
        if not shapes:
            continue
        samples = [table[f"{name}.{i}.m_star"].astype(np.float64) for i, _ in shapes]
        point = np.array([required_width(s, delta) for s in samples])
        for (i, c), m in zip(shapes, point):
            label = "x".join(map(str, c["shape"]))
            source = (TABLE, f"{name}.{i}.m_star")
            facts[f"{name}.{label}.m_delta"] = fact(None if m >= censored_at else int(m),
                                                    f"required units m_delta, {name}, shape {label}", source)
            if m < censored_at:
                facts[f"{name}.{label}.implied_c"] = fact(
                    _constant(p["bound"], construction, c["shape"], int(m), meta["eps"], meta["delta"]),
                    f"empirical constant of {p['bound']} that gives the measured width, {name}, shape {label}",
                    source)
        if len(shapes) < int(p["min_shapes"]):
            continue
        if np.any(point >= censored_at):
            facts[f"{name}.l{layers}.censored"] = fact(True, f"a required width at depth {layers} lies beyond the "
                                                             f"grid ({name})", (TABLE, f"{name}.*.m_star"))
            continue
        x = np.log([log_argument(p["log_argument"], c["shape"], meta["eps"], meta["delta"]) for _, c in shapes])
        generator = stream(0, PURPOSE_STATISTICS, zlib.crc32(f"constructions|{p['bound']}|{name}|{layers}".encode()))
        replicates = int(p["bootstrap"])
        # every shape's trials resampled B times at once: resampled[k, b] is shape k's quantile in replicate b
        resampled = np.stack([required_width(s[generator.integers(0, s.size, (replicates, s.size))], delta)
                              for s in samples])
        betas = slope(x, np.log(resampled.T))
        beta = float(slope(x, np.log(point)))
        trials = min(s.size for s in samples)
        evidence = Bootstrap(beta, betas, units=trials, method=f"bootstrap over trials within each of "
                                                               f"{len(shapes)} shapes, {replicates} replicates")
        sizes = ", ".join("x".join(map(str, c["shape"])) for _, c in shapes)
        quantity = (f"beta: m_{delta:g} proportional to log({p['log_argument']} / min(eps, delta))^beta, {name}, "
                    f"depth {layers}, shapes {sizes}, {members}")
        bound = BoundValue(id=p["bound"], kind="upper", value=exponent, margin=rule.margin,
                           confidence_tag=str(p["confidence_tag"]),
                           description=f"the required width grows no faster than the bound's log^{exponent:g}")
        verdicts.append(judge(f"{p['bound']} growth ({name}, depth {layers})",
                              bootstrap_measurement(quantity, evidence, rule.confidence), bound, level=rule.level))
        low, high = evidence.interval(rule.confidence)
        source = (TABLE, f"{name}.{shapes[0][0]}.m_star")
        facts[f"{name}.l{layers}.beta"] = fact(beta, f"fitted exponent beta, {name}, depth {layers}", source)
        facts[f"{name}.l{layers}.beta_low"] = fact(low, f"lower end of its 95 % interval ({name}, depth {layers})",
                                                   source)
        facts[f"{name}.l{layers}.beta_high"] = fact(high, f"upper end of its 95 % interval ({name}, depth "
                                                          f"{layers})", source)


EVALUATORS = {"width_growth": width_growth}
