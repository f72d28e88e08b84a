"""Numerics behind the bounds: cached ``lambdify`` on float64 arrays, and bracketed root finding.

Every root is found by ``scipy.optimize.brentq`` inside a bracket where the function changes sign, located on a
geometric grid; nothing is accepted without checking the residual at the returned point.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from bounds.functions import explicit
from bounds.symbols import real_view

#: lambdify targets: numpy first; scipy provides gammaln, lambertw and friends.
MODULES = ("numpy", "scipy")


@functools.lru_cache(maxsize=512)
def compile_expr(expr: sp.Expr, args: tuple[sp.Symbol, ...]) -> Callable[..., np.ndarray]:
    """``expr`` as a numpy function of ``args`` (cached; the same expression compiles once per process).

    The expression is first rewritten into elementary functions (:func:`bounds.functions.explicit`) and its integer
    symbols are replaced by real stand-ins, so the compiled function is the continuous extension of the bound.
    """
    real_expr, mapping = real_view(explicit(expr, numeric=True))
    real_args = [mapping.get(a, a) for a in args]
    return sp.lambdify(real_args, real_expr, modules=list(MODULES))


def evaluate(expr: sp.Expr, args: Sequence[sp.Symbol], values: Sequence[np.ndarray]) -> np.ndarray:
    """``expr`` at broadcast float64 ``values`` (one array per symbol of ``args``), as a float64 array."""
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in values]) if values else []
    shape = arrays[0].shape if arrays else ()
    with np.errstate(all="ignore"):
        out = compile_expr(expr, tuple(args))(*arrays)
    return np.broadcast_to(np.asarray(out, dtype=np.float64), shape).copy()


def geometric_grid(lo: float, hi: float, points: int) -> np.ndarray:
    """Points from ``lo`` to ``hi`` (both > 0), evenly spaced in log."""
    return np.geomspace(lo, hi, points)


def sign_change_roots(f: Callable[[np.ndarray], np.ndarray], grid: np.ndarray) -> list[float]:
    """All roots of ``f`` that show as a sign change (or an isolated exact zero) between consecutive grid points."""
    roots, _ = roots_and_plateaus(f, grid)
    return roots


def roots_and_plateaus(f: Callable[[np.ndarray], np.ndarray], grid: np.ndarray):
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


def _bracketed_root(f, a: float, b: float) -> float | None:
    """The root of f in [a, b] where f changes sign; an infinite end (overflow) is first bisected away."""
    def value(x):
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


def threshold_largest_root(residual: Callable[[np.ndarray], np.ndarray], lower: float, cap: float = 1e300,
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
    grid = geometric_grid(lower, hi, points)
    with np.errstate(all="ignore"):
        values = np.asarray(residual(grid), dtype=np.float64)
    negative = np.flatnonzero(~(values >= 0.0))
    if negative.size == 0:
        return float(lower)
    j = int(negative[-1])
    return float(brentq(lambda x: float(residual(np.float64(x))), grid[j], grid[j + 1], xtol=1e-300, rtol=1e-15,
                        maxiter=500))
