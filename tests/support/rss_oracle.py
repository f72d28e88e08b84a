"""Brute-force oracle for random subset sum coverage: enumerate all 2^n subset sums.

The worst error sup_{z∈[a,b]} min_S |z − Σ_S| of a finite set of sums is attained at a, at b, or at the midpoint of
two consecutive sums (the distance to a finite set is piecewise linear with its maxima there), so it is evaluated at
exactly those candidate points; the nearest sum to a point is one of its two neighbours in the sorted list of all
sums.  Nothing here shares code with verify.subsetsum.worst_error.
"""

import numpy as np


def all_subset_sums(values) -> np.ndarray:
    sums = np.zeros(1)
    for v in values:
        sums = np.concatenate([sums, sums + v])
    return sums


def worst_error_brute(values, a: float, b: float) -> float:
    sums = np.unique(all_subset_sums(values))
    midpoints = (sums[:-1] + sums[1:]) / 2.0
    candidates = np.concatenate([[a, b], midpoints[(midpoints >= a) & (midpoints <= b)]])
    right = np.clip(np.searchsorted(sums, candidates), 0, sums.size - 1)
    left = np.clip(right - 1, 0, sums.size - 1)
    distances = np.minimum(np.abs(candidates - sums[left]), np.abs(candidates - sums[right]))
    return float(distances.max())


def worst_errors_brute(values, a: float, b: float) -> np.ndarray:
    """ε* of every prefix X_1..X_m, m = 1..n."""
    return np.array([worst_error_brute(values[:m], a, b) for m in range(1, len(values) + 1)])


def expected_reported(values, a, b, eps0, reach) -> np.ndarray:
    """What the engine must report: max(ε*, ε₀) when that is <= reach, else inf."""
    truth = np.maximum(worst_errors_brute(values, a, b), eps0)
    return np.where(truth <= reach, truth, np.inf)
