"""The expected interval count of the clipped subset-sum union (the buffers a coverage run will really use).

The interval programme (:mod:`verify.subsetsum.worst_error`) keeps U_m, the union of [Σ_S − ε, Σ_S + ε] over the
subsets S of the first m samples, clipped to its window W_m.  Its guaranteed buffer size (the window's length over
2ε, or 2^m) holds for every path, and for typical paths it is 9 to 50 times the count they reach: most of the
window is covered by a few long intervals.  This module predicts the count the paths of a law actually reach, so that
the memory guard can reserve that and the engine can start its buffers there (they grow on demand, each growth
approved against the memory limit).

Prediction (the Poisson clumping heuristic, Aldous 1989).  Treat the 2^m subset sums as a Poisson process of
intensity λ_m(x) = 2^m φ_m(x), where φ_m is the density of a random subset's sum Σ_{j≤m} B_j X_j (B_j ~ Bernoulli(½)
independent of X_j), taken as the normal density with mean m μ/2 and variance m (E X²/2 − μ²/4), μ = E X.  An
interval of the union starts at every sum with no other sum in the 2ε to its left, so

.. math::

    E\\,|U_m ∩ W_m| \\approx 1 + \\int_{W_m} λ_m(x)\\, e^{−2ε λ_m(x)}\\, dx,\\qquad
    W_m = [a − ρ − (H − m) E X^+,\\; b + ρ + (H − m) E X^−]

(the window with the expected masses of the samples still to come, H the first pass's horizon).  The same integral
over [a, b] is the expected number of gaps there; the programme stops a path at coverage, so the prediction is the
largest count over m up to the first prefix whose expected gaps in [a, b] fall below 0.05.

It is a prediction, not a bound.  Measured against the largest peak of 60 to 300 paths (ε = 1e-4 to 1e-6, n_max =
40, [a, b] = [−1, 1], seeds 0 and 7): 0.97–1.00 for the uniform law, 0.80–0.89 Gaussian, 0.89–0.92 product,
0.62–0.96 Pensia's mixture (half its samples are 0, far from the normal sum), 0.85–0.88 hyperbolic;
``tests/subsetsum/test_interval_count.py`` checks the factor-2 band on fresh paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from verify.subsetsum.law_base import Law

GAPS_AT_COVERAGE = 0.05  # expected gaps in [a, b] at which a typical path counts as covered (the programme stops)
GRID_POINTS = 4_001      # trapezoid nodes per window (the integrand varies on the scale of the sums' spread)
MOMENT_POINTS = 2**14    # midpoint-rule nodes in the unit cube of a law's uniforms, for its moments


def working_bytes(uniforms_per_sample: int) -> int:
    """Bytes the prediction holds at once: the moments' nodes and their transforms, and one window's grid."""
    return 8 * MOMENT_POINTS * (3 * uniforms_per_sample + 4) + 8 * GRID_POINTS * 10


@dataclass(frozen=True)
class Moments:
    """E X, E X², E X⁺ and E X⁻ of one sample (X⁺ = max(X, 0), X⁻ = max(−X, 0))."""

    mean: float
    second: float
    positive: float
    negative: float

    @classmethod
    def of_values(cls, values: np.ndarray) -> Moments:
        """The empirical moments of the given samples (all entries pooled)."""
        x = np.asarray(values, dtype=np.float64).reshape(-1)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is an infinite moment: no prediction
            return cls(float(x.mean()), float(np.mean(x * x)), float(np.maximum(x, 0.0).mean()),
                       float(np.maximum(-x, 0.0).mean()))

    @classmethod
    def of_law(cls, law: Law, keep: float = 1.0) -> Moments:
        """A law's moments by the midpoint rule on the cube of the uniforms its transform consumes (no random
        numbers are drawn).  ``keep`` < 1: of the sparse source X·B, B ~ Bernoulli(keep), every moment times
        ``keep``."""
        dims = law.uniforms_per_sample
        side = 2 * max(1, int(round(0.5 * MOMENT_POINTS ** (1.0 / dims))))  # even: u < ½ gets half the nodes
        u = (np.indices((side,) * dims).reshape(dims, -1).T + 0.5) / side
        moments = cls.of_values(law.transform(u))
        return cls(keep * moments.mean, keep * moments.second, keep * moments.positive, keep * moments.negative)


def predicted_peak(moments: Moments, horizon: int, a: float, b: float, eps0: float, reach: float) -> int | None:
    """The predicted largest interval count of a typical path (module docstring), or None when the heuristic does
    not apply (a non-finite moment or a sum of zero spread)."""
    values = (moments.mean, moments.second, moments.positive, moments.negative)
    if not all(math.isfinite(v) for v in values):
        return None
    half_mean = 0.5 * moments.mean
    spread = 0.5 * moments.second - 0.25 * moments.mean**2
    if not spread > 0.0:
        return None
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        largest = _largest_count(moments, half_mean, spread, horizon, a, b, eps0, reach)
    return int(math.ceil(largest)) if math.isfinite(largest) else None


def _largest_count(moments: Moments, half_mean: float, spread: float, horizon: int, a: float, b: float, eps0: float,
                   reach: float) -> float:
    largest = 1.0
    for m in range(1, max(int(horizon), 1) + 1):
        left = a - reach - (horizon - m) * moments.positive
        right = b + reach + (horizon - m) * moments.negative
        x = np.linspace(left, right, GRID_POINTS)
        variance = m * spread
        log_intensity = m * math.log(2.0) - (x - m * half_mean) ** 2 / (2.0 * variance) \
            - 0.5 * math.log(2.0 * math.pi * variance)
        intensity = np.exp(log_intensity)
        starts = intensity * np.exp(-2.0 * eps0 * intensity)
        largest = max(largest, 1.0 + float(np.trapezoid(starts, x)))
        inside = (x >= a) & (x <= b)
        if inside.sum() >= 2 and float(np.trapezoid(starts[inside], x[inside])) < GAPS_AT_COVERAGE:
            break
    return largest
