r"""Comparing two bounds along one variable: their ratio, its limit, its order of growth, and where they cross.

``compare("pensia2020.width", "malach2020.width", var="d", at={"l": 2, "eps": 0.01, "delta": 0.01})`` computes

* the ratio :math:`r = b_1 / b_2` as a sympy expression (other variables substituted, or left symbolic);
* :math:`\lim r` as the variable tends to its natural end (:math:`d \to \infty`, :math:`\epsilon \to 0^+`), by
  ``sympy.limit``, **and** a numeric check: :math:`r` evaluated at 30 digits on points running to that end
  (:math:`10^2, 10^4, \dots, 10^{64}`), which must approach the limit;
* the leading order :math:`r \sim K x^a (\log x)^m` (each exponent and :math:`K` a symbolic limit, :math:`K` checked
  numerically), e.g. Pensia's width over the depth-2 lower bound is :math:`\Theta(\log d)`;
* the crossover points: roots of :math:`b_1 - b_2` over a range, when every constant has a value.

When either bound is implicit (Natale et al.'s widths) there is no closed-form ratio: the comparison is numeric
(:mod:`bounds.numeric_comparison`: values, ratios, crossovers and the trend over the last decade, every other variable
and constant given a number).

Unspecified constants of different bounds are different numbers: each stays a symbol qualified by its bound
(``C[pensia2020.width]``) unless a value is given (``constants={"C": 1}`` for all, ``{"pensia2020.width:C": 1}`` for
one) or an empirical value is attached to the bound.  A bound with ``d_in``/``d_out`` compared along ``d`` is taken
with square layers, :math:`d_{in} = d_{out} = d` (said in the result).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from bounds import _numeric, _solver
from bounds._comparing import check_names, crossover_line, inside, is_square
from bounds.bound import Bound
from bounds.described import Described
from bounds.errors import BoundsInputError
from bounds.functions import explicit, pretty
from bounds.numeric_comparison import NumericComparison, compare_numerically
from bounds.papers.registry import get
from bounds.symbols import VARIABLES, name_of, real_view, variable

__all__ = ["compare", "Comparison", "LimitCheck", "LeadingOrder", "Crossover", "check_limit"]

#: Points (as powers of ten) at which a limit is checked numerically, running to the limit's end.
CHECK_EXPONENTS = (2, 4, 8, 16, 32, 64)
#: Values given to symbols left free when a limit is checked numerically.
REFERENCE_VALUES = {"eps": 0.01, "delta": 0.01, "eps_l": 0.1, "gamma": 0.1, "p": 0.1}


@dataclass(frozen=True)
class LimitCheck:
    """A symbolic limit and the numeric evidence for it."""

    function: sp.Expr              # what the limit is of
    var: str
    towards: str                   # "oo" or "0+"
    limit: sp.Expr
    points: tuple[float, ...]
    values: tuple[float, ...]
    substituted: Mapping[str, float]   # values given to other free symbols for the numeric check
    agrees: bool

    def as_dict(self) -> dict:
        return {"function": sp.sstr(self.function), "var": self.var, "towards": self.towards,
                "limit": sp.sstr(self.limit), "limit_latex": sp.latex(self.limit),
                "numeric_check": {"points": list(self.points), "values": list(self.values),
                                  "substituted": dict(self.substituted), "agrees": self.agrees}}

    def describe(self) -> str:
        arrow = f"{self.var} → {'∞' if self.towards == 'oo' else '0+'}"
        sub = f" with {_fmt(self.substituted)}" if self.substituted else ""
        shown = ", ".join(f"{v:.4g}" for v in self.values)
        verdict = "agrees" if self.agrees else "DOES NOT clearly agree"
        shown_limit = "not computed (sympy could not take it)" if self.limit is sp.nan else sp.sstr(self.limit)
        return (f"limit as {arrow}: {shown_limit}\n"
                f"    numeric check{sub} at {self.var} = "
                f"{', '.join(f'1e{_exp(p)}' for p in self.points)}: {shown} ({verdict})")


@dataclass(frozen=True)
class LeadingOrder:
    """``ratio ~ coefficient * x**power * log(x)**log_power`` as x tends to its end (x = 1/var when var → 0+)."""

    power: sp.Expr
    log_power: sp.Expr
    coefficient: LimitCheck
    variable_form: str             # "d" or "1/eps"

    def expression(self, var_symbol: sp.Symbol) -> sp.Expr:
        x = var_symbol if self.variable_form == name_of(var_symbol) else 1 / var_symbol
        return self.coefficient.limit * x ** self.power * sp.log(x) ** self.log_power

    def theta(self) -> str:
        """The order without its coefficient, e.g. ``Θ(log(d))`` or ``Θ(eps**2*log(1/eps))``."""
        name = self.variable_form.removeprefix("1/")
        v = sp.Symbol(name, positive=True)
        x = v if self.variable_form == name else 1 / v
        return f"Θ({sp.sstr(x ** self.power * sp.log(x) ** self.log_power)})"

    def as_dict(self) -> dict:
        return {"power": sp.sstr(self.power), "log_power": sp.sstr(self.log_power), "theta": self.theta(),
                "of": self.variable_form, "coefficient": self.coefficient.as_dict()}


@dataclass(frozen=True)
class Crossover:
    """A point where the two bounds are equal, and which one is larger just after it."""

    at: float
    larger_after: str

    def as_dict(self) -> dict:
        return {"at": self.at, "larger_after": self.larger_after}


@dataclass(frozen=True, repr=False)
class Comparison(Described):
    """The result of :func:`compare`."""

    first: str
    second: str
    var: str
    at: Mapping[str, float]
    assumptions: tuple[str, ...]
    first_expr: sp.Expr
    second_expr: sp.Expr
    ratio: sp.Expr
    limit: LimitCheck
    order: LeadingOrder | None
    crossovers: tuple[Crossover, ...] | None
    search_range: tuple[float, float] | None
    larger_at_start: str | None
    crossover_note: str
    confidences: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        lines = [f"{self.first} / {self.second} along {self.var}"
                 + (f" at {_fmt(self.at)}" if self.at else "")]
        for ident, confidence in self.confidences.items():
            flag = "  (RECALLED)" if "recalled" in confidence else ""
            lines.append(f"  {ident}: [{confidence}]{flag}")
        for a in self.assumptions:
            lines.append(f"  assuming {a}")
        lines.append("  ratio:")
        lines += ["    " + row for row in pretty(self.ratio).splitlines()]
        lines.append("  " + self.limit.describe().replace("\n", "\n  "))
        if self.order is not None:
            lines.append(f"  order: ratio = {self.order.theta()}, coefficient "
                         + self.order.coefficient.describe().replace("\n", "\n  "))
        if self.crossovers is None:
            lines.append(f"  crossovers: {self.crossover_note}")
        else:
            lo, hi = self.search_range
            lines.append(crossover_line(self.var, lo, hi, [(c.at, c.larger_after) for c in self.crossovers],
                                        self.larger_at_start))
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "first": self.first, "second": self.second, "var": self.var, "at": dict(self.at),
            "confidence": dict(self.confidences),
            "assumptions": list(self.assumptions),
            "ratio": sp.sstr(self.ratio), "ratio_latex": sp.latex(self.ratio),
            "limit": self.limit.as_dict(),
            "order": None if self.order is None else self.order.as_dict(),
            "crossovers": None if self.crossovers is None else [c.as_dict() for c in self.crossovers],
            "search_range": None if self.search_range is None else list(self.search_range),
            "larger_at_start": self.larger_at_start,
            "crossover_note": self.crossover_note,
        }


def compare(first: str | Bound, second: str | Bound, var: str, at: Mapping[str, float] | None = None,
            constants: Mapping[str, float] | None = None,
            search: tuple[float, float] | None = None) -> Comparison | NumericComparison:
    """Compare two bounds along ``var``: ratio, limit (checked numerically), leading order, crossovers.

    ``at`` fixes other variables (numbers only); variables left out stay symbolic (then crossovers are not
    located).  ``constants`` gives values to unspecified constants: ``{"C": 1}`` applies to every bound with a
    constant ``C``; ``{"pensia2020.width:C": 2}`` to one bound.  ``search`` is the range for crossovers (default: the
    variable's typical range).  With an implicit bound the result is a
    :class:`~bounds.numeric_comparison.NumericComparison` (numbers only; see that module).

    >>> from bounds import compare
    >>> c = compare("pensia2020.width", "malach2020.width", var="d", at={"l": 2, "eps": 0.01, "delta": 0.01})
    >>> c.limit.limit, c.limit.agrees
    (0, True)
    """
    b1, b2 = get(first), get(second)
    variable(var)
    at = dict(at or {})
    constants = dict(constants or {})
    if b1.id == b2.id and not b1.empirical and not b2.empirical:
        raise BoundsInputError("compare needs two different bounds")
    if b1.implicit is not None or b2.implicit is not None:
        return compare_numerically(b1, b2, var, at, constants, search)
    check_names(b1, b2, var, at, constants)

    assumptions: list[str] = []
    exprs = []
    for b in (b1, b2):
        expr, notes = _specialise(b, var, at, constants)
        exprs.append(expr)
        assumptions += notes
    e1, e2 = exprs
    x = variable(var).symbol
    ratio = e1 / e2
    towards = variable(var).tends
    limit = check_limit(ratio, var, towards)
    order = _leading_order(ratio, var, towards)

    crossovers, search_range, larger_at_start, note = None, None, None, ""
    if _only(e1 - e2, x):
        search_range = tuple(float(v) for v in (search or variable(var).typical))
        if not (search_range[0] > 0 and search_range[1] > search_range[0]):
            raise BoundsInputError(f"search range {search_range} must be 0 < lo < hi")
        crossovers, larger_at_start = _crossovers(b1, b2, e1, e2, var, at, search_range)
    else:
        free = sorted(name_of(s) if s in {v.symbol for v in VARIABLES.values()} else s.name
                      for s in (e1 - e2).free_symbols - {x})
        note = f"not located: give values for {', '.join(free)}"
    return Comparison(b1.id, b2.id, var, {k: float(v) for k, v in at.items()}, tuple(dict.fromkeys(assumptions)),
                      e1, e2, ratio, limit, order, crossovers, search_range, larger_at_start, note,
                      {b1.id: b1.confidence, b2.id: b2.confidence})


# ---------------------------------------------------------------------- specialisation
def _exact(value: float) -> sp.Expr:
    """A user's number as an exact rational (0.01 -> 1/100), so symbolic limits stay exact."""
    return sp.Rational(repr(float(value)))


def _specialise(b: Bound, var: str, at: Mapping, constants: Mapping) -> tuple[sp.Expr, list[str]]:
    notes = []
    subs = {}
    square = is_square(b, var, at)
    if square:
        d = VARIABLES["d"].symbol
        subs.update({VARIABLES["d_in"].symbol: d, VARIABLES["d_out"].symbol: d})
        notes.append(f"square layers d_in = d_out = d in {b.id}")
    values = {}
    for name, value in at.items():
        if name in b.variables:
            values[name] = value
        elif name == "d" and square:
            values["d_in"] = values["d_out"] = value
    b._check_domain({k: np.float64(v) for k, v in values.items()})
    expr = b.expr.xreplace(subs)
    expr = expr.xreplace({VARIABLES[k].symbol: _exact(v) for k, v in values.items() if k in b.variables})
    if "d" in at and square:
        expr = expr.xreplace({VARIABLES["d"].symbol: _exact(at["d"])})
    for c in b.constants:
        if c.symbol not in b.expr.free_symbols:
            continue
        key = f"{b.id}:{c.name}"
        if key in constants or c.name in constants:
            value = _exact(constants.get(key, constants.get(c.name)))
        elif c.name in b.empirical:
            value = _exact(b.empirical[c.name].value)
            notes.append(f"{c.name} of {b.id} = {b.empirical[c.name].value:g} (EMPIRICAL: "
                         f"{b.empirical[c.name].evidence})")
        elif c.value is not None:
            value = c.value
        else:
            value = sp.Symbol(f"{c.name}[{b.id}]", positive=True)
        expr = expr.xreplace({c.symbol: value})
    return expr, notes


def _only(expr: sp.Expr, x: sp.Symbol) -> bool:
    return expr.free_symbols <= {x}


# ---------------------------------------------------------------------- limits with numeric checks
def check_limit(function: sp.Expr, var: str, towards: str) -> LimitCheck:
    """``limit(function, var → towards)`` by sympy, with a numeric check at points running to that end.

    Symbols other than ``var`` stay symbolic in the limit; for the numeric check constants are set to 1 and
    variables to a reference value (``eps = 0.01`` ...), recorded in the result.
    """
    x = variable(var).symbol
    real, mapping = real_view(explicit(function))
    xr = mapping.get(x, x)
    point, direction = (sp.oo, "-") if towards == "oo" else (sp.Integer(0), "+")
    exponents = CHECK_EXPONENTS if towards == "oo" else tuple(-e for e in CHECK_EXPONENTS)
    points = tuple(10.0 ** e for e in exponents)
    limit = _limit(real, xr, point, direction)
    back = {v: k for k, v in mapping.items()}
    limit = limit.xreplace(back)
    values, substituted = _numeric_sequence(real, xr, exponents, back)
    reference = limit.xreplace({s: substituted_symbol_value(s, back) for s in limit.free_symbols})
    agrees = _approaches(values, reference)
    return LimitCheck(function, var, towards, limit, points, tuple(values), substituted, agrees)


def _limit(expr: sp.Expr, x: sp.Symbol, point, direction: str) -> sp.Expr:
    """``sympy.limit`` after resolving min/max of x-dependent terms to the branch that wins near the end;
    ``nan`` when sympy cannot take the limit (the numeric check then stands alone and says so)."""
    try:
        return sp.limit(_eventual_branches(expr, x, point, direction), x, point, direction)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return sp.nan


def _eventual_branches(expr: sp.Expr, x: sp.Symbol, point, direction: str) -> sp.Expr:
    """Replace ``Min``/``Max`` nodes that depend on ``x`` by the argument that is smallest/largest near the end."""
    def pick(node):
        args = [_eventual_branches(a, x, point, direction) for a in node.args]
        if not any(a.has(x) for a in args):
            return node.func(*args)
        best = args[0]
        for other in args[1:]:
            gap = sp.limit(other - best, x, point, direction)
            if gap.is_extended_real is not True or gap == 0:
                return node.func(*args)          # undecided: leave it to sympy
            if (gap < 0) if isinstance(node, sp.Min) else (gap > 0):
                best = other
        return best

    return expr.replace(lambda e: isinstance(e, (sp.Min, sp.Max)), pick)


def substituted_symbol_value(s: sp.Symbol, back: Mapping) -> sp.Expr:
    original = back.get(s, s)
    name = name_of(original)
    if name in VARIABLES:
        return _exact(REFERENCE_VALUES.get(name, 10.0))
    return sp.Integer(1)


def _numeric_sequence(real: sp.Expr, xr: sp.Symbol, exponents, back: Mapping):
    others = real.free_symbols - {xr}
    subs = {s: substituted_symbol_value(s, back) for s in others}
    substituted = {(name_of(back.get(s, s))): float(v) for s, v in subs.items()}
    expr = real.xreplace(subs)
    values = []
    for e in exponents:
        values.append(float(sp.N(expr.xreplace({xr: sp.Integer(10) ** e}), 30)))
    return values, substituted


def _approaches(values: list[float], limit: sp.Expr) -> bool:
    """Do the values run monotonically towards ``limit`` (a number, 0 or ±oo) over the last points?"""
    tail = values[-4:]
    if not all(math.isfinite(v) for v in tail):
        return False
    if limit in (sp.oo, -sp.oo):
        sign = 1 if limit == sp.oo else -1
        return all(b * sign > a * sign for a, b in zip(tail, tail[1:])) and tail[-1] * sign > 0 and \
            abs(values[-1]) > 2 * abs(values[0])
    if limit is sp.nan or not limit.is_number or not limit.is_finite:
        return False
    target = float(limit)
    dev = [abs(v - target) for v in values]
    scale = max(1.0, abs(target))
    shrinking = all(b <= a * (1 + 1e-12) + 1e-25 * scale for a, b in zip(dev[-4:], dev[-3:]))
    if target == 0.0:
        return shrinking and dev[-1] <= 0.5 * dev[0]
    return shrinking and dev[-1] <= 0.05 * abs(target)


def _leading_order(ratio: sp.Expr, var: str, towards: str) -> LeadingOrder | None:
    """ratio ~ K x^a log(x)^m with x = var (→ ∞) or x = 1/var (var → 0+); each piece a symbolic limit."""
    v = variable(var).symbol
    t = sp.Dummy("t", positive=True)
    real, mapping = real_view(explicit(ratio))
    vr = mapping.get(v, v)
    f = real.xreplace({vr: t}) if towards == "oo" else real.xreplace({vr: 1 / t})
    try:
        f = _eventual_branches(f, t, sp.oo, "-")
        power = sp.limit(sp.log(f) / sp.log(t), t, sp.oo)
        if not (power.is_number and power.is_finite):
            return None
        rest = f / t ** power
        log_power = sp.limit(sp.log(rest) / sp.log(sp.log(t)), t, sp.oo)
        if not (log_power.is_number and log_power.is_finite):
            return None
        scaled = rest / sp.log(t) ** log_power
    except (NotImplementedError, ValueError, TypeError, AttributeError):  # sympy could not take a limit
        return None
    # the coefficient's limit, checked numerically, in terms of the compared variable
    coefficient_fn = scaled.xreplace({t: vr} if towards == "oo" else {t: 1 / vr}).xreplace(
        {val: key for key, val in mapping.items()})
    coefficient = check_limit(coefficient_fn, var, towards)
    if coefficient.limit == 0 or coefficient.limit.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.AccumBounds):
        return None
    return LeadingOrder(power, log_power, coefficient, var if towards == "oo" else f"1/{var}")


# ---------------------------------------------------------------------- crossovers
def _crossovers(b1: Bound, b2: Bound, e1: sp.Expr, e2: sp.Expr, var: str, at: Mapping,
                search_range: tuple[float, float]):
    x = variable(var).symbol
    diff = _numeric.compile_expr(e1 - e2, (x,))

    def f(values):
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(diff(np.asarray(values, dtype=np.float64)), dtype=np.float64),
                                   np.shape(values))

    grid = np.geomspace(search_range[0], search_range[1], 4000)
    grid = grid[inside(b1, var, at, grid) & inside(b2, var, at, grid)]
    if grid.size < 2:
        raise BoundsInputError(f"the search range {search_range} leaves no {var} inside both bounds' domains")
    roots = _solver.sign_change_roots(f, grid)
    out = []
    for r in roots:
        after = grid[grid > r * (1 + 1e-9)]
        if after.size == 0:
            continue
        sign = float(f(np.array([after[0]]))[0])
        out.append(Crossover(float(r), b1.id if sign > 0 else b2.id))
    start = float(f(grid[:1])[0])
    return tuple(out), (b1.id if start > 0 else b2.id)


def _fmt(values: Mapping) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in values.items())


def _exp(p: float) -> int:
    return int(round(math.log10(p)))
