r"""Consistency of an upper bound with a lower bound: the smallest value its unspecified constant can take.

If an upper bound :math:`U = C\,g(x)` and a lower bound :math:`\ell(x)` speak of the same quantity, both can only be
true if :math:`C\,g(x) \ge \ell(x)` on the common domain, i.e.

.. math::
    C \ge C_{\min} = \sup_{x \in D} \frac{\ell(x)}{g(x)} .

:func:`consistency_constant` computes :math:`C_{\min}` over a stated box :math:`D` (other variables fixed or tied):

1. numerically: the ratio on a dense grid (log-spaced in every variable), then refined from the best grid point by
   bounded optimisation;
2. symbolically: ``sympy.limit`` of the ratio at every open or infinite end of every variable (for two variables,
   the limit in one, then its supremum over the other, again with its own end limits).

The supremum is the largest of these candidates; when it comes from a limit at an open end it is *approached, not
attained*, and the result says so.  This is a derived fact of the project, not a published claim.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from scipy.optimize import minimize

from bounds import _numeric
from bounds.bound import Bound
from bounds.described import Described
from bounds.errors import BoundsInputError
from bounds.functions import explicit
from bounds.papers.registry import get
from bounds.symbols import VARIABLES, real_view, variable

__all__ = ["consistency_constant", "DerivedFact"]


@dataclass(frozen=True, repr=False)
class DerivedFact(Described):
    """A fact computed by the project from the catalog (not a published claim)."""

    name: str
    value: float
    exact: sp.Expr | None           # closed form, when the value is a symbolic limit
    statement: str
    domain: str
    method: str
    attained: bool
    where: str
    numeric_check: str              # the numeric evidence behind the value
    confidence: str = "derived"
    built_on: Mapping[str, str] = field(default_factory=dict)   # id -> confidence of the bounds it uses

    def describe(self) -> str:
        """The fact as text (its repr): statement, value (attained or approached), domain, evidence, method."""
        shown = self.exact is not None and not (self.exact.is_Number and float(self.exact) == self.value)
        exact = f" = {sp.sstr(self.exact)}" if shown else ""
        how = "attained" if self.attained else "approached, not attained,"
        built = "".join(f"\n  built on: {ident} [{c}]" + ("  RECALLED" if "recalled" in c else "")
                        for ident, c in self.built_on.items())
        return (f"{self.name} [{self.confidence}]\n  {self.statement}\n  value: {self.value:.10g}{exact} ({how} "
                f"{self.where})\n  domain: {self.domain}\n  numeric check: {self.numeric_check}\n"
                f"  method: {self.method}{built}")

    def as_dict(self) -> dict:
        """Everything, JSON-serialisable (what ``slth bounds facts --json`` prints)."""
        return {"name": self.name, "value": self.value, "exact": None if self.exact is None else sp.sstr(self.exact),
                "statement": self.statement, "domain": self.domain, "method": self.method,
                "attained": self.attained, "where": self.where, "numeric_check": self.numeric_check,
                "confidence": self.confidence, "built_on": dict(self.built_on),
                "rests_on_recalled": any("recalled" in c for c in self.built_on.values())}


def consistency_constant(upper: str | Bound, lower: str | Bound, over: Mapping[str, tuple[float, float]],
                         constant: str = "C", at: Mapping[str, float] | None = None,
                         tie: Mapping[str, str] | None = None, grid_points: int = 241) -> DerivedFact:
    r"""The smallest value of ``upper``'s constant that keeps ``upper >= lower`` on a box.

    ``over`` maps each free variable to its range ``(lo, hi)`` (ends at ``0`` and ``math.inf`` are open and handled
    by limits; finite ends are closed and lie on the grid); ``at`` fixes variables; ``tie`` identifies variables
    (``{"delta": "eps", "d_in": "d", "d_out": "d"}``).  Every other variable of both bounds must be fixed or tied.

    >>> from bounds import consistency_constant
    >>> fact = consistency_constant("lueker1998.rss_samples", "counting.rss_samples",
    ...                             over={"eps": (0, 1)}, at={"L": 2})
    >>> round(fact.value, 6), fact.exact, fact.attained          # 1/ln 2: approached as eps -> 0+
    (1.442695, 1/log(2), False)
    """
    up, low = get(upper), get(lower)
    at, tie = dict(at or {}), dict(tie or {})
    if up.kind != "upper" or low.kind != "lower":
        raise BoundsInputError(f"consistency needs an upper and a lower bound; got {up.id} ({up.kind}) and "
                               f"{low.id} ({low.kind})")
    for b in (up, low):
        if b.implicit is not None:
            raise BoundsInputError(f"{b.id} is implicit; consistency_constant works on explicit bounds")
    c_symbol = up.constant(constant).symbol
    if low.constants and any(c.symbol in low.expr.free_symbols and c.value is None for c in low.constants):
        raise BoundsInputError(f"the lower bound {low.id} has an unspecified constant")
    free_names = list(over)
    for name in free_names:
        variable(name)
        lo, hi = over[name]
        if not (0 <= lo < hi):
            raise BoundsInputError(f"range of {name} must be 0 <= lo < hi, got ({lo}, {hi})")
    if len(free_names) not in (1, 2):
        raise BoundsInputError("consistency_constant handles one or two free variables")

    def specialise(b: Bound) -> sp.Expr:
        expr = b.expr
        expr = expr.xreplace({VARIABLES[k].symbol: VARIABLES[v].symbol for k, v in tie.items()})
        expr = expr.xreplace({VARIABLES[k].symbol: sp.Rational(repr(float(v))) for k, v in at.items()})
        return expr

    upper_expr, lower_expr = specialise(up), specialise(low)
    unit = upper_expr.xreplace({c_symbol: sp.Integer(1)})
    if sp.expand(upper_expr - c_symbol * unit) != 0 or c_symbol in unit.free_symbols:
        raise BoundsInputError(f"{up.id} is not proportional to its constant {constant}")
    ratio = lower_expr / unit
    xs = [VARIABLES[n].symbol for n in free_names]
    stray = ratio.free_symbols - set(xs)
    if stray:
        raise BoundsInputError(f"fix or tie {', '.join(sorted(map(str, stray)))} (only {', '.join(free_names)} "
                               f"may vary)")

    numeric_max, argmax = _numeric_sup(ratio, free_names, over, grid_points)
    candidates = [(numeric_max, None, True, "at " + ", ".join(f"{n} = {v:.6g}" for n, v in zip(free_names, argmax)))]
    candidates += _boundary_candidates(ratio, free_names, over, grid_points)
    value, exact, attained, where = max(candidates, key=lambda c: c[0])
    domain = ", ".join(_describe_range(n, over[n]) for n in free_names)
    fixed = ", ".join([f"{k} = {v:g}" for k, v in at.items()] + [f"{k} = {v}" for k, v in tie.items()])
    statement = (f"smallest {constant} of {up.id} with {up.target_name} ≥ {low.id} on the domain"
                 + (f" ({fixed})" if fixed else ""))
    method = ("sup of lower / (upper with " + constant + " = 1): grid of " + str(grid_points)
              + " log-spaced points per variable refined by L-BFGS-B, and sympy limits at every open or infinite end")
    check = (f"largest ratio on the grid and by refinement: {numeric_max:.10g} at "
             + ", ".join(f"{n} = {v:.6g}" for n, v in zip(free_names, argmax)))
    return DerivedFact(f"consistency of {up.id} with {low.id}", float(value), exact, statement, domain, method,
                       attained, where, check, built_on={up.id: up.confidence, low.id: low.confidence})


# ---------------------------------------------------------------------- numeric supremum
def _axis(lo: float, hi: float, points: int) -> np.ndarray:
    """Log-spaced points over the range; open ends (0, infinity) are approached to 1e-12 and 1e12, finite ends
    are included, and a finite upper end is also approached finely from below."""
    top = hi if math.isfinite(hi) else 1e12
    bottom = lo if lo > 0 else top * 1e-12
    axis = np.geomspace(bottom, top, points)
    if math.isfinite(hi):
        axis = np.concatenate([axis, hi - np.geomspace((hi - bottom) / 2, hi * 1e-9, points // 4)])
    return np.unique(axis[(axis >= bottom) & (axis <= top)])


def _numeric_sup(ratio: sp.Expr, names: Sequence[str], over: Mapping[str, tuple[float, float]],
                 points: int) -> tuple[float, list[float]]:
    xs = [VARIABLES[n].symbol for n in names]
    fn = _numeric.compile_expr(ratio, tuple(xs))
    axes = [_axis(*over[n], points) for n in names]
    mesh = np.meshgrid(*axes, indexing="ij")
    with np.errstate(all="ignore"):
        values = np.broadcast_to(np.asarray(fn(*mesh), dtype=np.float64), mesh[0].shape)
    values = np.where(np.isfinite(values), values, -np.inf)
    index = np.unravel_index(int(np.argmax(values)), values.shape)
    best = [float(ax[i]) for ax, i in zip(axes, index)]
    best_value = float(values[index])
    # refine in log coordinates inside the box
    bounds = [(math.log(ax[0]), math.log(ax[-1])) for ax in axes]

    def negative(u):
        with np.errstate(all="ignore"):
            v = float(fn(*np.exp(u)))
        return -v if math.isfinite(v) else math.inf

    result = minimize(negative, np.log(best), method="L-BFGS-B", bounds=bounds)
    if result.success and -result.fun > best_value:
        best_value, best = float(-result.fun), [float(v) for v in np.exp(result.x)]
    return best_value, best


# ---------------------------------------------------------------------- symbolic ends
def _open_ends(name: str, rng: tuple[float, float]):
    """The open ends of a range: 0 (approached from above) and infinity; finite ends are closed (on the grid)."""
    lo, hi = rng
    ends = []
    if lo == 0:
        ends.append((sp.Integer(0), "+", f"{name} → 0+"))
    if not math.isfinite(hi):
        ends.append((sp.oo, "-", f"{name} → ∞"))
    return ends


def _boundary_candidates(ratio: sp.Expr, names: Sequence[str], over: Mapping[str, tuple[float, float]],
                         points: int) -> list[tuple[float, sp.Expr | None, bool, str]]:
    out = []
    real, mapping = real_view(explicit(ratio))
    xs = [mapping.get(VARIABLES[n].symbol, VARIABLES[n].symbol) for n in names]
    for j, name in enumerate(names):
        for point, direction, label in _open_ends(name, over[name]):
            lim = sp.limit(real, xs[j], point, direction)
            others = [k for k in range(len(names)) if k != j]
            if not others:
                if lim.is_finite and lim.is_real:
                    out.append((float(lim), lim, False, f"as {label}"))
                continue
            (k,) = others
            other = names[k]
            if lim.free_symbols <= {xs[k]} and not lim.free_symbols:
                if lim.is_finite and lim.is_real:
                    out.append((float(lim), lim, False, f"as {label}, for every {other}"))
                continue
            # a function of the other variable: its sup on the grid and at its own ends
            fn = _numeric.compile_expr(lim, (xs[k],))
            axis = _axis(*over[other], points)
            with np.errstate(all="ignore"):
                vals = np.broadcast_to(np.asarray(fn(axis), dtype=np.float64), axis.shape)
            vals = np.where(np.isfinite(vals), vals, -np.inf)
            i = int(np.argmax(vals))
            out.append((float(vals[i]), None, False, f"as {label}, at {other} = {axis[i]:.6g}"))
            for point2, direction2, label2 in _open_ends(other, over[other]):
                lim2 = sp.limit(lim, xs[k], point2, direction2)
                if lim2.is_finite and lim2.is_real:
                    out.append((float(lim2), lim2, False, f"as {label} then {label2}"))
    return out


def _describe_range(name: str, rng) -> str:
    lo, hi = rng
    left = f"{lo:g} < {name}" if lo == 0 else f"{lo:g} ≤ {name}"
    if not math.isfinite(hi):
        return left
    return f"{left} < {hi:g}"
