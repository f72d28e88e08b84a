"""Root finding for the bounds: bracketed roots on a grid, implicit thresholds, and solving a bound for a variable.

Every root is found by ``scipy.optimize.brentq`` inside a bracket where the function changes sign, located on a
geometric grid; nothing is accepted without checking the residual at the returned point.

* :func:`implicit_threshold` evaluates an implicit bound (:class:`~bounds.parts.Implicit`): the smallest value of
  the quantity from which the inequality holds (``"increasing"`` residuals: their one root; ``"largest-root"``
  residuals: their largest root);
* :func:`domain_grid` and :func:`roots_on_grid` are :meth:`~bounds.bound.Bound.solve_for`'s numerics: a grid over
  the unknown's domain (ends of the domain included), then every root of the equation on it and every plateau
  (a run of grid points where the equation is exactly zero).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from bounds._numeric import compile_expr
from bounds.parts import Implicit
from bounds.symbols import VARIABLES, real_view

#: A function of a grid (an array) or of one point (a float; ``np.float64`` is one), vectorised.
ArrayFunction = Callable[[np.ndarray | float], np.ndarray]

__all__ = ["ArrayFunction", "Roots", "domain_grid", "implicit_threshold", "roots_and_plateaus", "roots_on_grid",
           "sign_change_roots", "threshold_increasing", "threshold_largest_root"]


# ---------------------------------------------------------------------- bracketed roots of a function on a grid
def sign_change_roots(f: ArrayFunction, grid: np.ndarray) -> list[float]:
    """All roots of ``f`` that show as a sign change (or an isolated exact zero) between consecutive grid points."""
    roots, _ = roots_and_plateaus(f, grid)
    return roots


def roots_and_plateaus(f: ArrayFunction, grid: np.ndarray) -> tuple[list[float], list[tuple[float, float]]]:
    """Roots of ``f`` on ``grid`` (sign changes refined by brentq, isolated exact zeros) and plateaus: runs of two or
    more consecutive grid points where ``f`` is exactly zero, as ``(first, last)`` pairs."""
    with np.errstate(all="ignore"):
        values = np.asarray(f(grid), dtype=np.float64)
    ok = ~np.isnan(values)          # +-inf (overflow) still has a sign
    sign = np.sign(values)
    roots: list[float] = []
    plateaus: list[tuple[float, float]] = []
    j = 0
    while j < len(grid):
        if ok[j] and values[j] == 0.0:
            start = j
            while j + 1 < len(grid) and ok[j + 1] and values[j + 1] == 0.0:
                j += 1
            if j > start:
                plateaus.append((float(grid[start]), float(grid[j])))
            else:
                roots.append(float(grid[start]))
        elif j + 1 < len(grid) and ok[j] and ok[j + 1] and sign[j] * sign[j + 1] < 0:
            root = _bracketed_root(f, float(grid[j]), float(grid[j + 1]))
            if root is not None:
                roots.append(root)
        j += 1
    return roots, plateaus


def _bracketed_root(f: ArrayFunction, a: float, b: float) -> float | None:
    """The root of f in [a, b] where f changes sign; an infinite end (overflow) is first bisected away."""
    def value(x: float) -> float:
        with np.errstate(all="ignore"):
            return float(f(np.float64(x)))

    fa, fb = value(a), value(b)
    for _ in range(2000):
        if math.isfinite(fa) and math.isfinite(fb):
            return float(brentq(value, a, b, xtol=1e-300, rtol=1e-15, maxiter=500))
        mid = math.sqrt(a * b) if a > 0 and b / a > 4 else 0.5 * (a + b)
        fm = value(mid)
        if math.isnan(fm) or mid in (a, b):
            return None
        if fm == 0.0:
            return mid
        if np.sign(fm) == np.sign(fa):
            a, fa = mid, fm
        else:
            b, fb = mid, fm
    return None


# ---------------------------------------------------------------------- implicit thresholds
def threshold_increasing(residual: Callable[[float], float], lower: float, cap: float = 1e300) -> float:
    """The smallest ``t >= lower`` with ``residual(t) >= 0``, for ``residual`` increasing on ``[lower, inf)``."""
    if residual(lower) >= 0.0:
        return float(lower)
    hi = max(2.0 * lower, 1.0)
    while residual(hi) < 0.0:
        hi *= 2.0
        if hi > cap:
            return math.inf
    return float(brentq(residual, lower, hi, xtol=1e-300, rtol=1e-15, maxiter=500))


def threshold_largest_root(residual: ArrayFunction, lower: float, cap: float = 1e300,
                           points: int = 4000) -> float:
    """The smallest ``t >= lower`` such that ``residual >= 0`` on all of ``[t, inf)``.

    For a residual that is eventually increasing (a linear term against powers of logarithms), this is its largest
    root, or ``lower`` when it has none above ``lower``.  The root is bracketed on a geometric grid of ``points``
    points between ``lower`` and a point beyond which the residual is positive and increasing.
    """
    hi = max(2.0 * lower, 1.0)
    while not (residual(np.float64(hi)) > 0.0 and residual(np.float64(2.0 * hi)) > residual(np.float64(hi))):
        hi *= 2.0
        if hi > cap:
            return math.inf
    grid = np.geomspace(lower, hi, points)
    with np.errstate(all="ignore"):
        values = np.asarray(residual(grid), dtype=np.float64)
    negative = np.flatnonzero(~(values >= 0.0))
    if negative.size == 0:
        return float(lower)
    j = int(negative[-1])
    return float(brentq(lambda x: float(residual(np.float64(x))), grid[j], grid[j + 1], xtol=1e-300, rtol=1e-15,
                        maxiter=500))


def implicit_threshold(implicit: Implicit, target: sp.Symbol, args: Sequence[sp.Symbol],
                       arrays: Sequence[np.ndarray]) -> np.ndarray:
    """The implicit bound's threshold on ``target`` at every broadcast point of ``arrays`` (one per ``args``)."""
    shape = np.broadcast(*arrays).shape if arrays else ()
    points = np.broadcast_arrays(*[np.asarray(a, dtype=np.float64) for a in arrays]) if arrays else []
    residual = compile_expr(implicit.residual, (target, *args))
    lower_fn = compile_expr(implicit.lower, tuple(args))
    out = np.empty(shape, dtype=np.float64)
    for index in np.ndindex(shape):
        point = [float(a[index]) for a in points]
        lower = float(lower_fn(*point))

        def r(t, point=point):
            with np.errstate(all="ignore"):
                return residual(t, *point)

        if implicit.method == "increasing":
            out[index] = threshold_increasing(lambda t: float(r(t)), lower)
        else:
            out[index] = threshold_largest_root(r, lower)
    return out


# ---------------------------------------------------------------------- solving a bound for one unknown
@dataclass(frozen=True)
class Roots:
    """What :func:`roots_on_grid` found: the accepted roots (ascending), the plateaus, and the equation's values on
    the grid (for messages when there is no root)."""

    roots: list[float]
    plateaus: list[tuple[float, float]]
    values: np.ndarray


def domain_grid(name: str, unknown: sp.Symbol, env: Mapping[sp.Basic, float], domain: Sequence) -> np.ndarray:
    """A grid over the unknown's domain: geometric over the variable's natural range (both ends of a fraction
    resolved finely; 1e-300 to 1e300 for a constant), joined by the ends of every ``domain`` condition in the unknown
    whose other symbols all have a value in ``env``, and restricted to the points where those conditions hold."""
    if name in VARIABLES:
        v = VARIABLES[name]
        lo = v.lower if v.lower > 0 else 1e-300
        hi = v.upper if math.isfinite(v.upper) else 1e300
        if math.isfinite(v.upper) and v.upper <= 1:   # a fraction: resolve both ends finely
            grid = np.unique(np.concatenate([np.geomspace(max(lo, 1e-300), 0.5 * hi, 3000),
                                             hi - np.geomspace(0.5 * hi, 1e-15 * hi, 400)]))
        else:
            grid = np.geomspace(lo, hi, 6000)
    else:
        grid = np.geomspace(1e-300, 1e300, 6000)
    # the ends of the domain in the unknown (from conditions with every other symbol known) join the grid,
    # so that a root sitting exactly on a boundary is found
    edges: list[float] = []
    for condition in domain:
        free = condition.free_symbols
        if unknown not in free or not free <= set(env) | {unknown}:
            continue
        gap = (condition.lhs - condition.rhs).xreplace({a: sp.Float(env[a], 17) for a in free if a != unknown})
        real, mapping = real_view(gap)
        x = mapping.get(unknown, unknown)
        try:
            found = [float(r) for r in sp.solve(real, x) if r.is_real and r > 0]
        except NotImplementedError:
            found = []
        for edge in found:   # the edge itself (closed conditions) and points just inside (open ones)
            edges += [edge, edge * (1 - 1e-12), edge * (1 + 1e-12)]
    grid = np.unique(np.concatenate([grid, np.asarray(edges, dtype=np.float64)]))
    # keep the points inside the bound's domain
    keep = np.ones(grid.shape, dtype=bool)
    for condition in domain:
        free = condition.free_symbols
        if unknown not in free or not free <= set(env) | {unknown}:
            continue
        args = sorted(free, key=str)
        values = [grid if a == unknown else env[a] for a in args]
        with np.errstate(all="ignore"):
            holds = np.asarray(compile_expr(condition, tuple(args))(*values))
        keep &= np.broadcast_to(holds, grid.shape)
    return grid[keep]


def roots_on_grid(equation: sp.Expr, unknown: sp.Symbol, env: Mapping[sp.Basic, float], grid: np.ndarray) -> Roots:
    """The roots in ``unknown`` of ``equation = 0`` (every other symbol valued by ``env``) on ``grid``.

    Sign changes are refined by brentq; a root at an end of the grid shows as a near-zero there.  A root is accepted
    only if the residual there is below ``1e-7`` times the size of the equation's largest term (so cancellation of
    large terms is not mistaken for a root).
    """
    args = (unknown, *sorted(env, key=str))
    f_compiled = compile_expr(equation, args)
    rest = [env[a] for a in args[1:]]

    def f(x):
        with np.errstate(all="ignore"):
            return np.asarray(f_compiled(np.asarray(x, dtype=np.float64), *rest), dtype=np.float64)

    terms = [compile_expr(t, args) for t in sp.Add.make_args(equation)]

    def scale(x) -> float:
        """Size of the equation's terms at x: residuals are judged relative to it."""
        with np.errstate(all="ignore"):
            sizes = [abs(float(t(np.float64(x), *rest))) for t in terms]
        return max([1.0] + [v for v in sizes if math.isfinite(v)])

    roots, plateaus = roots_and_plateaus(f, grid)
    # a root at an end of the domain shows as a near-zero there, not as a sign change
    roots += [float(x) for x in grid[[0, -1]] if abs(float(f(x))) <= 1e-12 * scale(x)]
    roots = sorted({x for x in roots if abs(float(f(x))) <= 1e-7 * scale(x)})
    with np.errstate(all="ignore"):
        values = f(grid)
    return Roots(roots, plateaus, values)
