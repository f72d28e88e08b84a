"""The comparison layer: a measurement against a bound becomes a verdict, and a claim's comparisons one outcome.

A *measurement* estimates a quantity Q: an interval [low, high] at a stated confidence, the number of independent
units behind it, and — for every measurement of a claim — its :mod:`verify.evidence` (exact binomial counts, a mean
with a standard error, bootstrap replicates, or a counterexample search) that gives one-sided p-values against any
threshold.  A *bound value* is a threshold with its direction: ``kind="lower"`` claims Q ≥ value − margin (a
necessary condition, or non-inferiority with a margin), ``kind="upper"`` claims Q ≤ value + margin (a sufficient
size, or "no worse than"); ``strict`` claims Q > value (Q < value) with margin 0.  It carries the constants used and
where each came from (the source, an empirical measurement, or an assumption).

**One comparison** at level α (default 0.025 one-sided, so a 95 % two-sided interval that lies wholly on one side):

==================  ===========================================  ============================================
claim               holds when                                   violated when
==================  ===========================================  ============================================
lower (Q ≥ t)       p of H₀: Q ≤ t is ≤ α (Q > t established)    p of H₀: Q ≥ t is ≤ α (Q < t established)
upper (Q ≤ t)       p of H₀: Q ≥ t is ≤ α                        p of H₀: Q ≤ t is ≤ α
==================  ===========================================  ============================================

with t the threshold after the margin.  A measurement without evidence (a user's own interval) is judged by the
interval alone: holds when the whole interval satisfies the claim, violated when the whole interval breaks it.

**A claim's comparisons** (:func:`decide_family`, then :func:`combine`) — the one rule every area uses:

* each comparison *holds* at level α on its own — the claim "every comparison holds" is an intersection-union test,
  which needs no adjustment to keep its level α;
* each comparison is *violated* when its p-value, Holm-adjusted over the claim's comparisons, is ≤ α — "some
  comparison fails" is a union of hypotheses, and Holm keeps its family-wise error at α;
* a comparison is *insufficient* when it rests on fewer independent units than the claim's rule registers, or on a
  point value (one seed): then it can be neither held nor violated;
* the claim is **violated** if any comparison is violated, **holds** if every comparison holds (and there is at
  least one), **insufficient** if none is violated and some is insufficient, **inconclusive** otherwise.

Every verdict also states its **severity**: the smallest violation (for a verdict that holds or is inconclusive)
or the smallest agreement (for a violated one) that its test detects with probability 0.8 at its level — so a weak
"holds" reads as weak.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Literal

from verify import stats
from verify.errors import InvalidInput
from verify.evidence import Binomial, Bootstrap, Counterexamples, Evidence, TMean
from verify.validate import format_confidence

Outcome = Literal["holds", "violated", "inconclusive", "insufficient"]
DEFAULT_LEVEL = 0.025  # one-sided; the two-sided 95 % interval lies wholly on one side exactly when p <= 0.025
POWER = 0.8            # the power at which severity is stated


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
    evidence: Evidence | None = field(default=None, compare=False)
    units: int | None = None  # independent replicates behind the measurement (trials, plantings, sample paths, ...)

    def __post_init__(self):
        for name in ("low", "high", "point"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, (int, float)) or math.isnan(value)):
                raise InvalidInput(f"measurement {name} {value!r} must be a number or None")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise InvalidInput(f"measurement interval [{self.low}, {self.high}] has low > high")
        if not 0.0 < self.confidence <= 1.0:
            raise InvalidInput(f"confidence {self.confidence!r} must lie in (0, 1]")

    @property
    def is_point_value(self) -> bool:
        """A single observation (one seed): shown as a point value; it can decide nothing."""
        return bool(self.details.get("point_value"))

    def interval_text(self) -> str:
        low = "?" if self.low is None else _number(self.low)
        high = "?" if self.high is None else _number(self.high)
        if self.is_point_value:
            level = "point value, no interval"
        else:
            level = "exact" if self.confidence == 1.0 else f"{format_confidence(self.confidence)}"
        units = f", {self.units} units" if self.units is not None else ""
        return f"[{low}, {high}] ({level}, {self.method}{units})"


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
    margin: float = 0.0   # non-inferiority margin in Q's units: the claim is Q >= value - margin (<= value + margin)

    @property
    def relation(self) -> str:
        """The claimed relation of the quantity to ``value``: ≥, ≤, > or <."""
        if self.kind == "lower":
            return ">" if self.strict else "≥"
        return "<" if self.strict else "≤"

    @property
    def threshold(self) -> float:
        """The value the quantity is tested against: ``value`` moved by the margin in the claim's favour."""
        return self.value - self.margin if self.kind == "lower" else self.value + self.margin

    def __post_init__(self):
        if self.kind not in ("lower", "upper"):
            raise InvalidInput(f"bound kind {self.kind!r} must be 'lower' (Q >= value) or 'upper' (Q <= value)")
        if not isinstance(self.value, (int, float)) or math.isnan(self.value):
            raise InvalidInput(f"bound value {self.value!r} must be a number")
        if not isinstance(self.margin, (int, float)) or not math.isfinite(self.margin) or self.margin < 0:
            raise InvalidInput(f"margin {self.margin!r} must be a finite number >= 0")
        if self.strict and self.margin:
            raise InvalidInput("a strict claim (Q > value or Q < value) takes no margin")


_RELATIONS = {">=": ("lower", False), "≥": ("lower", False), ">": ("lower", True),
              "<=": ("upper", False), "≤": ("upper", False), "<": ("upper", True)}


def threshold(name: str, relation: str, value: float, *, margin: float = 0.0, confidence_tag: str = "user",
              description: str = "") -> BoundValue:
    """A claim of your own about a measured quantity Q: ``Q >= value``, ``Q <= value``, ``Q > value`` or
    ``Q < value`` (``relation`` one of ``>=``, ``<=``, ``>``, ``<``; ``≥`` and ``≤`` are accepted too).

    The public way to state a custom threshold without building a :class:`BoundValue` by hand: ``>=``/``<=`` may take
    a non-inferiority ``margin`` (the claim becomes Q ≥ value − margin, Q ≤ value + margin); the strict relations
    take none (an interval touching ``value`` cannot hold).  Judge it with :func:`judge` (or the pytest plugin's
    ``slth.assert_threshold``).

    Examples
    --------
    >>> claim = threshold("24 samples cover with probability 0.95", ">=", 0.95)
    >>> claim.kind, claim.relation, claim.value
    ('lower', '≥', 0.95)
    >>> print(judge(claim.id, probability_measurement("P_24", 399, 400), claim).outcome)
    holds
    """
    if relation not in _RELATIONS:
        raise InvalidInput(f"relation {relation!r} is not known; allowed: >=, <=, >, < (or ≥, ≤)")
    kind, strict = _RELATIONS[relation]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidInput(f"threshold value {value!r} must be a finite number")
    return BoundValue(id=str(name), kind=kind, value=float(value), confidence_tag=confidence_tag,
                      description=description, strict=strict, margin=float(margin))


@dataclass(frozen=True)
class Verdict:
    """The outcome of one measurement against one bound, with everything needed to check it."""

    claim: str
    outcome: Outcome
    measurement: Measurement
    bound: BoundValue
    explanation: str
    p_holds: float | None = None       # p of the null "the claim fails at this comparison"
    p_violated: float | None = None    # p of the null "the claim holds at this comparison" (before adjustment)
    p_violated_adjusted: float | None = None  # Holm-adjusted over the claim's comparisons
    level: float | None = None
    severity: dict | None = None       # {"detectable_violation", "detectable_agreement", "power", "level"}

    def as_dict(self) -> dict:
        out = asdict(self)
        out["measurement"].pop("evidence", None)
        evidence = self.measurement.evidence
        out["measurement"]["evidence"] = None if evidence is None else evidence.as_dict()
        return out

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        """Jupyter: the outcome, then the measurement, the bound, the p-values and the severity as a table."""
        def cell(text) -> str:
            return str(text).replace("|", "\\|")

        def number(value) -> str:
            return "" if value is None else f"{value:.4g}"

        m, b = self.measurement, self.bound
        rows = [("measured", f"{m.quantity} ∈ {m.interval_text()}"),
                ("claim", f"{m.quantity} {b.relation} {b.id} = {_number(b.value)}" +
                 (f" (margin {_number(b.margin)})" if b.margin else "")),
                ("p (claim fails)", number(self.p_holds)),
                ("p (claim holds), Holm-adjusted", number(self.p_violated_adjusted if self.p_violated_adjusted
                                                          is not None else self.p_violated)),
                ("detectable violation / agreement", "" if not self.severity else
                 f"{number(self.severity.get('detectable_violation'))} / "
                 f"{number(self.severity.get('detectable_agreement'))} at power {self.severity.get('power')}"),
                ("explanation", self.explanation)]
        table = "\n".join(f"| {name} | {cell(value)} |" for name, value in rows if value != "")
        return f"**{self.outcome}**: {cell(self.claim)} [{b.confidence_tag}]\n\n| | |\n|---|---|\n{table}\n"

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


def judge(claim: str, measurement: Measurement, bound: BoundValue, *, level: float | None = None,
          min_units: int | None = None) -> Verdict:
    """Compare a measurement with a bound value (see the module docstring for the rule).

    ``level`` is the one-sided level α (default: half of one minus the measurement's confidence, 0.025 for 95 %);
    ``min_units`` the independent replicates the claim's rule registers (fewer, or a point value: insufficient).
    """
    alpha = level if level is not None else (DEFAULT_LEVEL if measurement.confidence >= 1.0
                                             else (1.0 - measurement.confidence) / 2.0)
    evidence = measurement.evidence
    t = bound.threshold
    p_holds = p_violated = severity = None
    if evidence is None:
        outcome = decide(bound.kind, measurement.low, measurement.high, t, bound.strict)
    else:
        if bound.kind == "lower":
            p_holds, p_violated = evidence.p_above(t), evidence.p_below(t)
            towards_violation, towards_agreement = "below", "above"
        else:
            p_holds, p_violated = evidence.p_below(t), evidence.p_above(t)
            towards_violation, towards_agreement = "above", "below"
        outcome = "holds" if p_holds <= alpha else ("violated" if p_violated <= alpha else "inconclusive")
        severity = {"detectable_violation": evidence.detectable(t, towards_violation, alpha, POWER),
                    "detectable_agreement": evidence.detectable(t, towards_agreement, alpha, POWER),
                    "power": POWER, "level": alpha}
    units = measurement.units if measurement.units is not None else (evidence.units if evidence else None)
    if measurement.is_point_value or (min_units is not None and (units is None or units < min_units)):
        outcome = "insufficient"
    return Verdict(claim=claim, outcome=outcome, measurement=measurement, bound=bound,
                   explanation=_explanation(outcome, bound, measurement, min_units), p_holds=p_holds,
                   p_violated=p_violated, level=alpha, severity=severity)


def _explanation(outcome: str, bound: BoundValue, measurement: Measurement, min_units: int | None) -> str:
    relation, t = bound.relation, _number(bound.threshold)
    margin = f" (value {_number(bound.value)}, margin {_number(bound.margin)})" if bound.margin else ""
    if outcome == "holds":
        return f"The test establishes {relation} {t}{margin}."
    if outcome == "violated":
        return f"The test establishes the opposite of {relation} {t}{margin}."
    if outcome == "insufficient":
        if measurement.is_point_value:
            return "A point value (one seed) decides nothing."
        return f"Fewer independent units than the {min_units} the rule registers."
    return f"Neither {relation} {t}{margin} nor its opposite is established: more data needed."


def decide_family(verdicts: list[Verdict], *, method: str = "holm") -> list[Verdict]:
    """The verdicts of one claim's comparisons after family-wise control of the violations (Holm; see the module
    docstring): a comparison is violated only when its adjusted p-value is at most its level."""
    from dataclasses import replace

    if method not in ("holm", "none"):
        raise InvalidInput(f"family-wise method {method!r} is not known; allowed: holm, none")
    tested = [i for i, v in enumerate(verdicts) if v.p_violated is not None]
    adjusted = stats.holm([verdicts[i].p_violated for i in tested]) if (tested and method == "holm") else \
        [verdicts[i].p_violated for i in tested]
    out = list(verdicts)
    for i, p in zip(tested, adjusted):
        v = verdicts[i]
        outcome = v.outcome
        if outcome == "violated" and p > v.level:
            outcome = "inconclusive"
        out[i] = replace(v, outcome=outcome, p_violated_adjusted=float(p),
                         explanation=v.explanation if outcome == v.outcome else
                         "Violated on its own, not after Holm's adjustment over the claim's comparisons.")
    return out


def combine(verdicts) -> Outcome:
    """The one rule that turns a claim's comparisons (after :func:`decide_family`) into its verdict, used by every
    area: **violated** if any comparison is violated, **holds** if every comparison holds (and there is at least
    one), **insufficient** if none is violated and some is insufficient, **inconclusive** otherwise."""
    outcomes = {v.outcome for v in verdicts}
    if "violated" in outcomes:
        return "violated"
    if outcomes == {"holds"}:
        return "holds"
    return "insufficient" if "insufficient" in outcomes else "inconclusive"


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
                       point=successes / trials, details={"successes": int(successes), "trials": int(trials)},
                       evidence=Binomial(int(successes), int(trials)), units=int(trials))


def mean_measurement(quantity: str, evidence: TMean, confidence: float = 0.95, details: dict | None = None) -> \
        Measurement:
    """A mean with its Student-t interval (:func:`verify.stats.unit_mean`, :func:`verify.stats.crossed_mean`)."""
    low, high = evidence.interval(confidence)
    return Measurement(quantity=quantity, low=low, high=high, confidence=confidence, method=evidence.method,
                       point=evidence.estimate, details=dict(details or {}), evidence=evidence, units=evidence.units)


def bootstrap_measurement(quantity: str, evidence: Bootstrap, confidence: float = 0.95,
                          details: dict | None = None) -> Measurement:
    """An estimator with its percentile bootstrap interval."""
    low, high = evidence.interval(confidence)
    return Measurement(quantity=quantity, low=low, high=high, confidence=confidence, method=evidence.method,
                       point=evidence.point, details=dict(details or {}), evidence=evidence, units=evidence.units)


def counterexample_measurement(quantity: str, found: int, searched: int, details: dict | None = None) -> Measurement:
    """The frequency of counterexamples to a deterministic statement, from an exhaustive check of each unit."""
    frequency = found / searched
    return Measurement(quantity=quantity, low=frequency, high=frequency, confidence=1.0,
                       method="counterexample search (every unit checked)", point=frequency,
                       details={"found": int(found), "searched": int(searched), **(details or {})},
                       evidence=Counterexamples(int(found), int(searched)), units=int(searched))


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
