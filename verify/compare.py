"""The comparison layer: a measurement against a bound becomes a verdict — holds, violated or inconclusive.

A *measurement* is an interval [low, high] for a quantity at a stated confidence (an exact Clopper–Pearson interval,
a simultaneous bracket for a required count, or a deterministic value with low = high).  A *bound value* is a number
with its direction: ``kind="lower"`` claims quantity ≥ value (a necessary condition, such as the counting floor),
``kind="upper"`` claims quantity ≤ value (a sufficient size, such as Pensia's width or a rule of thumb), and it
carries the constants used and where each came from (the source, an empirical measurement, or an assumption).

The decision is the usual interval test:

==============  =====================================  =====================================  ================
kind            holds                                  violated                               otherwise
==============  =====================================  =====================================  ================
lower (Q ≥ v)   low ≥ v                                high < v                               inconclusive
upper (Q ≤ v)   high ≤ v                               low > v                                inconclusive
==============  =====================================  =====================================  ================

so "holds" and "violated" are each claimed only when the whole interval agrees, at the measurement's confidence.
An interval end that is unknown (``None``: e.g. a required count beyond the simulated range) never supports a claim.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Literal

from verify import stats
from verify.errors import InvalidInput

Outcome = Literal["holds", "violated", "inconclusive"]


@dataclass(frozen=True)
class Measurement:
    """An interval estimate of a quantity: ``low``/``high`` (None = unknown side), at ``confidence``.

    ``details["point_value"] = True`` marks a single observation (e.g. one training seed) given as low = high: it is
    shown as a point value, never as an exact interval."""

    quantity: str
    low: float | None
    high: float | None
    confidence: float
    method: str
    point: float | None = None
    details: dict = field(default_factory=dict)

    def __post_init__(self):
        for name in ("low", "high", "point"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, (int, float)) or math.isnan(value)):
                raise InvalidInput(f"measurement {name} {value!r} must be a number or None")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise InvalidInput(f"measurement interval [{self.low}, {self.high}] has low > high")
        if not 0.0 < self.confidence <= 1.0:
            raise InvalidInput(f"confidence {self.confidence!r} must lie in (0, 1]")

    def interval_text(self) -> str:
        low = "?" if self.low is None else _number(self.low)
        high = "?" if self.high is None else _number(self.high)
        if self.details.get("point_value"):
            level = "point value, no interval"
        else:
            level = "exact" if self.confidence == 1.0 else f"{self.confidence:.0%}"
        return f"[{low}, {high}] ({level}, {self.method})"


@dataclass(frozen=True)
class BoundValue:
    """A bound evaluated at the measurement's parameters, with the constants used and their origin."""

    id: str
    kind: Literal["lower", "upper"]
    value: float
    confidence_tag: str
    description: str = ""
    constants: dict = field(default_factory=dict)  # name -> {"value": float, "origin": "source"|"empirical"|...}
    parameters: dict = field(default_factory=dict)
    strict: bool = False  # the claim is Q > value (lower) or Q < value (upper): an interval touching value cannot hold

    @property
    def relation(self) -> str:
        """The claimed relation of the quantity to ``value``: ≥, ≤, > or <."""
        if self.kind == "lower":
            return ">" if self.strict else "≥"
        return "<" if self.strict else "≤"

    def __post_init__(self):
        if self.kind not in ("lower", "upper"):
            raise InvalidInput(f"bound kind {self.kind!r} must be 'lower' (Q >= value) or 'upper' (Q <= value)")
        if not isinstance(self.value, (int, float)) or math.isnan(self.value):
            raise InvalidInput(f"bound value {self.value!r} must be a number")


@dataclass(frozen=True)
class Verdict:
    """The outcome of one measurement against one bound, with everything needed to check it."""

    claim: str
    outcome: Outcome
    measurement: Measurement
    bound: BoundValue
    explanation: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        relation = self.bound.relation
        constants = ", ".join(f"{name} = {_number(c['value'])} ({c['origin']})"
                              for name, c in self.bound.constants.items())
        constants = f" with {constants}" if constants else ""
        return (f"{self.outcome}: {self.claim}: {self.measurement.quantity} ∈ {self.measurement.interval_text()}; "
                f"claim {self.measurement.quantity} {relation} {self.bound.id} = {_number(self.bound.value)}"
                f"{constants} [{self.bound.confidence_tag}]. {self.explanation}")


def decide(kind: str, low: float | None, high: float | None, value: float, strict: bool = False) -> Outcome:
    """The interval test of the module docstring; ``strict`` claims (Q > value, Q < value) hold only when the whole
    interval lies strictly on the claimed side, and are violated when it lies wholly on or beyond the other side."""
    if kind == "lower":
        if low is not None and (low > value if strict else low >= value):
            return "holds"
        if high is not None and (high <= value if strict else high < value):
            return "violated"
        return "inconclusive"
    if kind == "upper":
        if high is not None and (high < value if strict else high <= value):
            return "holds"
        if low is not None and (low >= value if strict else low > value):
            return "violated"
        return "inconclusive"
    raise InvalidInput(f"bound kind {kind!r} must be 'lower' or 'upper'")


def judge(claim: str, measurement: Measurement, bound: BoundValue) -> Verdict:
    """Compare a measurement with a bound value (see the module docstring for the rule)."""
    outcome = decide(bound.kind, measurement.low, measurement.high, bound.value, bound.strict)
    relation = bound.relation
    if outcome == "holds":
        text = f"The whole interval satisfies {relation} {_number(bound.value)}."
    elif outcome == "violated":
        text = f"The whole interval breaks {relation} {_number(bound.value)}."
    else:
        text = f"The interval straddles {_number(bound.value)} (or is open on the deciding side): more data needed."
    return Verdict(claim=claim, outcome=outcome, measurement=measurement, bound=bound, explanation=text)


def combine(verdicts) -> Outcome:
    """The one rule that turns a claim's comparisons into its verdict, used by every area: **violated** if any
    comparison is violated, **holds** if every comparison holds (and there is at least one), **inconclusive**
    otherwise."""
    outcomes = {v.outcome for v in verdicts}
    if "violated" in outcomes:
        return "violated"
    return "holds" if outcomes == {"holds"} else "inconclusive"


def probability_measurement(quantity: str, successes: int, trials: int, confidence: float = 0.95,
                            one_sided: str | None = None) -> Measurement:
    """A success probability as an exact Clopper–Pearson interval (two-sided, or one-sided 'lower'/'upper')."""
    if one_sided is None:
        low, high = stats.clopper_pearson(successes, trials, confidence)
        method = "Clopper-Pearson, two-sided"
    elif one_sided == "lower":
        low, high = stats.clopper_pearson_bound(successes, trials, confidence, "lower"), 1.0
        method = "Clopper-Pearson, one-sided lower"
    elif one_sided == "upper":
        low, high = 0.0, stats.clopper_pearson_bound(successes, trials, confidence, "upper")
        method = "Clopper-Pearson, one-sided upper"
    else:
        raise InvalidInput(f"one_sided {one_sided!r} must be None, 'lower' or 'upper'")
    return Measurement(quantity=quantity, low=float(low), high=float(high), confidence=confidence, method=method,
                       point=successes / trials, details={"successes": int(successes), "trials": int(trials)})


def _number(value: float) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{value:.4g}"


# ---------------------------------------------------------------------------------------------------------------
# Against the catalog (bounds/)
# ---------------------------------------------------------------------------------------------------------------

def _catalog_bound(bound):
    from bounds import Bound, get

    if isinstance(bound, Bound):
        return bound
    try:
        return get(bound)
    except ValueError as error:  # bounds.BoundsInputError: unknown id, with close ids suggested
        raise InvalidInput(str(error)) from None


def bound_value(bound, *, at: dict, constants: dict | None = None) -> BoundValue:
    """Evaluate a catalog bound (id or :class:`bounds.Bound`) at ``at``; a size bound only (kind upper or lower).

    Constants given in ``constants`` are recorded as ``given``; those attached with ``Bound.with_empirical`` as
    ``empirical`` (with their evidence); the source's own as ``source``.  The catalog's kinds carry over: an
    ``upper`` bound (a sufficient size) claims the measured quantity is at most its value, a ``lower`` bound (a
    necessary size) that it is at least its value.
    """
    b = _catalog_bound(bound)
    if b.kind not in ("upper", "lower"):
        raise InvalidInput(f"bound {b.id} is a {b.kind} statement, not a size bound; compare it with "
                           "probability_measurement and an explicit BoundValue")
    try:
        evaluation = b.evaluate(**dict(at), **dict(constants or {}))
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    value = float(evaluation.value)
    return BoundValue(id=b.id, kind=b.kind, value=value, confidence_tag=b.confidence, description=b.quantity,
                      constants={name: dict(c) for name, c in evaluation.constants.items()},
                      parameters={k: float(v) for k, v in evaluation.at.items()})


def check(claim: str, measurement: Measurement, bound, *, at: dict, constants: dict | None = None) -> Verdict:
    """:func:`judge` a measurement against a catalog bound evaluated at ``at`` (see :func:`bound_value`)."""
    return judge(claim, measurement, bound_value(bound, at=at, constants=constants))


def implied_constant(bound, name: str, measured: float, *, at: dict, constants: dict | None = None) -> float:
    """The value of constant ``name`` at which the bound equals a measured quantity (``Bound.solve_for``).

    For a sufficient-size bound with an unspecified constant (Lueker's C, Pensia's C), this is the smallest constant
    consistent with the measurement at these parameters: attach it with ``Bound.with_empirical`` — it is an
    empirical constant, never the source's.
    """
    b = _catalog_bound(bound)
    try:
        return float(b.solve_for(name, **{b.target.name: measured}, **dict(at), **dict(constants or {})))
    except ValueError as error:
        raise InvalidInput(str(error)) from None


def required_count_measurement(result, eps: float, delta: float, confidence: float = 0.95) -> Measurement:
    """n_δ(ε) of a :class:`verify.subsetsum.result.CoverageResult` as its simultaneous bracket."""
    bracket = result.required(eps, delta=delta, confidence=confidence)
    return Measurement(quantity=f"n_{delta:g}(eps={eps:g}) [{result.law_label}]", low=bracket.lo, high=bracket.hi,
                       confidence=confidence, method="simultaneous Clopper-Pearson bracket",
                       details={"trials": result.trials, "n_max": result.n_max})
