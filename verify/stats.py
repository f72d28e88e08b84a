"""Exact binomial statistics for Monte Carlo claims.

Every probability the toolkit reports is a proportion k/T of independent trials, shown with its exact
Clopper–Pearson interval (Clopper & Pearson 1934): for confidence 1 − α,

.. math::

    \\underline p = B^{-1}(\\alpha/2;\\, k,\\, T-k+1), \\qquad \\overline p = B^{-1}(1-\\alpha/2;\\, k+1,\\, T-k),

with :math:`\\underline p = 0` when k = 0 and :math:`\\overline p = 1` when k = T (B is the beta distribution).
This is what ``scipy.stats.binomtest(k, T).proportion_ci(method="exact")`` computes, vectorised here through
``scipy.stats.beta`` so that whole curves P_n, n = 1..n_max, are handled at once.

A required count n_δ = min{n : P_n ≥ 1 − δ} is reported as a bracket [lo, hi] that holds simultaneously with
confidence 1 − α: lo is the first n whose one-sided upper bound reaches 1 − δ, hi the first n whose one-sided lower
bound does, each bound taken at level α / (2·N) over the N grid points (Bonferroni).  Because all n share the same
sample paths, P̂_n is non-decreasing and so are both bounds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput
from verify.validate import check_unit_interval


def _confidence(confidence) -> float:
    return check_unit_interval("confidence", confidence)


def _counts(successes, trials):
    k = np.asarray(successes)
    n = np.asarray(trials)
    if np.any(n < 1) or np.any(k < 0) or np.any(k > n):
        raise InvalidInput("successes must satisfy 0 <= k <= trials and trials >= 1")
    return k.astype(np.float64), n.astype(np.float64)


def clopper_pearson_bound(successes, trials, level: float, side: str):
    """One-sided exact bound: P(p >= lower) >= level for side='lower', P(p <= upper) >= level for 'upper'."""
    from scipy.stats import beta

    level = _confidence(level)
    k, n = _counts(successes, trials)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        if side == "lower":
            bound = np.where(k > 0, beta.ppf(alpha, k, n - k + 1), 0.0)
        elif side == "upper":
            bound = np.where(k < n, beta.ppf(1.0 - alpha, k + 1, n - k), 1.0)
        else:
            raise InvalidInput(f"side {side!r} must be 'lower' or 'upper'")
    return bound[()] if np.ndim(bound) == 0 else bound


def clopper_pearson(successes, trials, confidence: float = 0.95):
    """Two-sided exact Clopper–Pearson interval (lower, upper) at the given confidence; arrays broadcast."""
    confidence = _confidence(confidence)
    half = 1.0 - (1.0 - confidence) / 2.0
    return (clopper_pearson_bound(successes, trials, half, "lower"),
            clopper_pearson_bound(successes, trials, half, "upper"))


def zero_failure_trials(delta: float, alpha: float = 0.05) -> int:
    """Trials m with no failure needed to certify P(success) >= 1 − δ at level 1 − α: m >= ln α / ln(1 − δ)."""
    if not 0.0 < delta < 1.0:
        raise InvalidInput(f"delta {delta!r} must lie strictly between 0 and 1")
    if not 0.0 < alpha < 1.0:
        raise InvalidInput(f"alpha {alpha!r} must lie strictly between 0 and 1")
    return math.ceil(math.log(alpha) / math.log1p(-delta))


@dataclass(frozen=True)
class Bracket:
    """n_δ ∈ [lo, hi] simultaneously at ``confidence``; ``None`` means "beyond the grid"."""

    delta: float
    lo: int | None
    hi: int | None
    confidence: float
    method: str = "Clopper-Pearson one-sided bounds, Bonferroni over the n grid"

    def as_list(self) -> list[int | None]:
        return [self.lo, self.hi]


def required_count_bracket(covered_by_n, trials: int, delta: float, confidence: float = 0.95,
                           n_values=None) -> Bracket:
    """Bracket for n_δ = min{n : P_n ≥ 1 − δ} from counts of covered trials at each n of a grid.

    ``covered_by_n[j]`` is the number of the ``trials`` sample paths covered at ``n_values[j]`` (default n = j + 1).
    """
    if not 0.0 < delta < 1.0:
        raise InvalidInput(f"delta {delta!r} must lie strictly between 0 and 1")
    confidence = _confidence(confidence)
    covered = np.asarray(covered_by_n)
    if covered.ndim != 1 or covered.size == 0:
        raise InvalidInput("covered_by_n must be a non-empty 1-D sequence of counts")
    grid = np.arange(1, covered.size + 1) if n_values is None else np.asarray(n_values)
    per_bound = 1.0 - (1.0 - confidence) / (2.0 * covered.size)
    upper = np.atleast_1d(clopper_pearson_bound(covered, trials, per_bound, "upper"))
    lower = np.atleast_1d(clopper_pearson_bound(covered, trials, per_bound, "lower"))
    target = 1.0 - delta

    def first(mask):
        hits = np.flatnonzero(mask)
        return int(grid[hits[0]]) if hits.size else None

    return Bracket(delta=float(delta), lo=first(upper >= target), hi=first(lower >= target), confidence=confidence)


@dataclass(frozen=True)
class LogFit:
    """Least-squares fit n ≈ a·log2(1/ε) + b·log2(log2(1/ε)) + c (b fixed at 0 when too few points)."""

    a: float
    b: float
    c: float
    points: int

    def __call__(self, eps):
        x = np.log2(1.0 / np.asarray(eps, dtype=float))
        return self.a * x + self.b * np.log2(x) + self.c


def fit_required_counts(eps, n_required) -> LogFit:
    """Fit the growth of a required count against log2(1/ε); the theory only says the slope a is at least 1."""
    eps = np.asarray(eps, dtype=float)
    n_required = np.asarray(n_required, dtype=float)
    keep = np.isfinite(n_required) & (eps > 0) & (eps < 0.5)
    x, y = np.log2(1.0 / eps[keep]), n_required[keep]
    if x.size < 2:
        raise InvalidInput("a fit needs at least two accuracies eps < 0.5 with a finite required count")
    if x.size >= 4:
        design = np.column_stack([x, np.log2(x), np.ones_like(x)])
        (a, b, c), *_ = np.linalg.lstsq(design, y, rcond=None)
    else:
        design = np.column_stack([x, np.ones_like(x)])
        (a, c), *_ = np.linalg.lstsq(design, y, rcond=None)
        b = 0.0
    return LogFit(float(a), float(b), float(c), int(x.size))
