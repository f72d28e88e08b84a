r"""Limits with numeric evidence: a symbolic limit checked by evaluation, and the leading order of a ratio.

* :func:`check_limit`: :math:`\lim f` as a variable tends to its natural end (:math:`d \to \infty`,
  :math:`\epsilon \to 0^+`) by ``sympy.limit`` (``Min``/``Max`` first resolved to the branch that wins near the end),
  **and** :math:`f` evaluated at 30 digits at points running to that end (:math:`10^2, 10^4, \dots, 10^{64}`, or
  their inverses), which must approach the limit monotonically; symbols left free are given reference values
  (``eps = 0.01``, ..., constants 1), recorded in the result (:class:`LimitCheck`).
* :func:`leading_order`: :math:`r \sim K x^a (\log x)^m` with :math:`x` the variable (or its inverse when it tends
  to 0): :math:`a = \lim \log r / \log x`, :math:`m = \lim \log(r / x^a) / \log\log x`, and
  :math:`K = \lim r / (x^a \log^m x)` checked numerically (:class:`LeadingOrder`).

:func:`bounds.compare` uses both on the ratio of two bounds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from bounds._comparing import exact, format_at
from bounds.functions import explicit
from bounds.symbols import VARIABLES, name_of, real_view, variable

__all__ = ["LimitCheck", "LeadingOrder", "check_limit", "leading_order", "CHECK_EXPONENTS", "REFERENCE_VALUES"]

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
        """The limit, its LaTeX and the numeric check, JSON-serialisable."""
        return {"function": sp.sstr(self.function), "var": self.var, "towards": self.towards,
                "limit": sp.sstr(self.limit), "limit_latex": sp.latex(self.limit),
                "numeric_check": {"points": list(self.points), "values": list(self.values),
                                  "substituted": dict(self.substituted), "agrees": self.agrees}}

    def describe(self) -> str:
        """Two lines: the limit, then the values of the numeric check and whether they agree."""
        arrow = f"{self.var} → {'∞' if self.towards == 'oo' else '0+'}"
        sub = f" with {format_at(self.substituted)}" if self.substituted else ""
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

    def theta(self) -> str:
        """The order without its coefficient, e.g. ``Θ(log(d))`` or ``Θ(eps**2*log(1/eps))``."""
        name = self.variable_form.removeprefix("1/")
        v = sp.Symbol(name, positive=True)
        x = v if self.variable_form == name else 1 / v
        return f"Θ({sp.sstr(x ** self.power * sp.log(x) ** self.log_power)})"

    def as_dict(self) -> dict:
        """Exponents, the order as Θ(·), and the coefficient's limit check, JSON-serialisable."""
        return {"power": sp.sstr(self.power), "log_power": sp.sstr(self.log_power), "theta": self.theta(),
                "of": self.variable_form, "coefficient": self.coefficient.as_dict()}



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
    reference = limit.xreplace({s: _reference_value(s, back) for s in limit.free_symbols})
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


def _reference_value(s: sp.Symbol, back: Mapping) -> sp.Expr:
    """The value a symbol left free takes in a numeric check: a variable's reference value (``eps = 0.01`` ...;
    10 when it has none), 1 for a constant.  ``back`` maps real stand-ins to the original symbols."""
    original = back.get(s, s)
    name = name_of(original)
    if name in VARIABLES:
        return exact(REFERENCE_VALUES.get(name, 10.0))
    return sp.Integer(1)


def _numeric_sequence(real: sp.Expr, xr: sp.Symbol, exponents, back: Mapping):
    # sorted by the names they print as, so the substituted values list in the same order on every run (a set of
    # symbols that includes sympy Dummies, numbered from a random base, iterates in an order that varies)
    others = sorted(real.free_symbols - {xr}, key=lambda s: name_of(back.get(s, s)))
    subs = {s: _reference_value(s, back) for s in others}
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


def leading_order(ratio: sp.Expr, var: str, towards: str) -> LeadingOrder | None:
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



def _exp(p: float) -> int:
    return int(round(math.log10(p)))
