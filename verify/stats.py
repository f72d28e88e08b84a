"""Exact binomial statistics for Monte Carlo claims.

Every probability the toolkit reports is a proportion k/T of independent trials, shown with its exact
Clopper–Pearson interval (Clopper & Pearson 1934): for confidence 1 − α,

.. math::

    \\underline p = B^{-1}(\\alpha/2;\\, k,\\, T-k+1), \\qquad \\overline p = B^{-1}(1-\\alpha/2;\\, k+1,\\, T-k),

with :math:`\\underline p = 0` when k = 0 and :math:`\\overline p = 1` when k = T (B is the beta distribution).
This is what ``scipy.stats.binomtest(k, T).proportion_ci(method="exact")`` computes, vectorised here through the
inverse regularised incomplete beta function (``scipy.special.betaincinv``, the same numbers as
``scipy.stats.beta.ppf``) so that whole curves P_n, n = 1..n_max, are handled at once.

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
    """One-sided exact bound: P(p >= lower) >= level for side='lower', P(p <= upper) >= level for 'upper'.

    The bounds are quantiles of Beta laws (Clopper & Pearson 1934): lower = Beta(k, n − k + 1)^{-1}(1 − level),
    upper = Beta(k + 1, n − k)^{-1}(level).  They are computed by ``scipy.special.betaincinv``, the inverse regularised
    incomplete beta function, which gives the same numbers as ``scipy.stats.beta.ppf`` (the tests check it bit for bit)
    without importing ``scipy.stats`` (half a second of every command's start-up).
    """
    from scipy.special import betaincinv

    level = _confidence(level)
    k, n = _counts(successes, trials)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        if side == "lower":
            bound = np.where(k > 0, betaincinv(k, n - k + 1, alpha), 0.0)
        elif side == "upper":
            bound = np.where(k < n, betaincinv(k + 1, n - k, 1.0 - alpha), 1.0)
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


# ---------------------------------------------------------------------------------------------------------------
# Tests of claims: family-wise control, means of independent units, crossed designs
# ---------------------------------------------------------------------------------------------------------------

def first_crossing(x, p, level: float = 0.5) -> float | None:
    """The first x of the grid where p falls to or below ``level``, linearly interpolated from the previous point
    (None if p never falls that low, or is already there at the first x)."""
    x = np.asarray(x, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    below = np.flatnonzero(p <= level)
    if not below.size or below[0] == 0:
        return None
    j = int(below[0])
    x0, x1, p0, p1 = x[j - 1], x[j], p[j - 1], p[j]
    return float(x1 if p0 == p1 else x0 + (p0 - level) * (x1 - x0) / (p0 - p1))


def holm(p_values) -> np.ndarray:
    """Holm's (1979) step-down adjusted p-values: sorted p_(1) ≤ … ≤ p_(m) become
    max_{j ≤ i} min(1, (m − j + 1)·p_(j)), returned in the input order.  Rejecting where the adjusted p ≤ α
    controls the family-wise error rate at α under any dependence."""
    p = np.asarray(p_values, dtype=np.float64)
    if p.ndim != 1 or np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise InvalidInput("p-values must be a 1-D array of numbers in [0, 1]")
    m = p.size
    order = np.argsort(p, kind="stable")
    scaled = np.minimum(1.0, (m - np.arange(m)) * p[order])
    adjusted = np.empty(m)
    adjusted[order] = np.maximum.accumulate(scaled)
    return adjusted


def unit_mean(values):
    """The mean of per-unit values (one per independent replicate) as :class:`verify.evidence.TMean`: standard
    error s/√n on n − 1 degrees of freedom, the one-sample t-test of ``scipy.stats.ttest_1samp``."""
    from verify.evidence import TMean

    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1 or x.size < 2 or not np.all(np.isfinite(x)):
        raise InvalidInput("a mean over units needs at least two finite per-unit values")
    return TMean(float(x.mean()), float(x.std(ddof=1) / math.sqrt(x.size)), float(x.size - 1), int(x.size),
                 "mean over units, Student t on n - 1 df")


def crossed_mean(values):
    """The grand mean of ``values[t, n]`` — trial t (an independent replicate) on test example n, the *same* examples
    for every trial — as :class:`verify.evidence.TMean` whose variance adds both sources of sampling:

    .. math::  \\widehat{\\mathrm{Var}}(\\bar v) = s_T^2 / T + s_N^2 / N,

    s_T² the variance of the trial means v̄_t·, s_N² that of the example means v̄_·n (trials and examples crossed, a
    two-way random-effects layout; the sum counts the interaction twice, so the estimate is conservative).  Degrees of
    freedom T − 1 (the scarcer source).  Paired comparisons (ticket − dense on the same trial and examples) pass the
    per-example differences as ``values``."""
    from verify.evidence import TMean

    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2 or v.shape[0] < 2 or v.shape[1] < 2 or not np.all(np.isfinite(v)):
        raise InvalidInput("a crossed mean needs finite values of shape (trials >= 2, examples >= 2)")
    trials, examples = v.shape
    variance = v.mean(axis=1).var(ddof=1) / trials + v.mean(axis=0).var(ddof=1) / examples
    return TMean(float(v.mean()), float(math.sqrt(variance)), float(trials - 1), int(trials),
                 "mean over trials and shared test examples, variance s_T^2/T + s_N^2/N, Student t on T - 1 df")


def crossed_bootstrap(values, statistic, replicates: int = 2000, seed: int = 0):
    """Replicates of ``statistic(v)`` for ``v`` of shape (trials, ..., examples) under the two-way bootstrap of a
    crossed design: each replicate draws T trials and N examples with replacement, independently (the examples once
    for every trial, arm and level: the test set is shared).  ``statistic`` maps an array of the same shape (after
    resampling) to a float.  Seeded through :mod:`verify.streams` (``PURPOSE_STATISTICS``),
    so the same data give the same replicates."""
    from verify.streams import PURPOSE_STATISTICS, stream

    v = np.asarray(values)
    if v.ndim < 2 or v.shape[0] < 2 or v.shape[-1] < 2:
        raise InvalidInput("a crossed bootstrap needs values of shape (trials >= 2, ..., examples >= 2)")
    generator = stream(seed, PURPOSE_STATISTICS, 0)
    trials, examples = v.shape[0], v.shape[-1]
    out = np.empty(replicates)
    for b in range(replicates):
        rows = generator.integers(0, trials, trials)
        cols = generator.integers(0, examples, examples)
        out[b] = statistic(v[rows][..., cols])
    return out
