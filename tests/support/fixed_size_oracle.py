"""Brute-force oracle for fixed-size subset sums: enumerate all C(n, k) subsets of exactly k samples.

The worst error of a finite set of sums over [a, b] is attained at a, at b or at the midpoint of two consecutive
sums; the error of one target is its distance to the nearest sum.  Nothing here shares code with
verify.subsetsum.fixed_size.
"""

import itertools
import math

import numpy as np


def k_subset_sums(values, k: int) -> np.ndarray:
    values = list(values)
    if k > len(values):
        return np.zeros(0)
    return np.array([math.fsum(values[i] for i in subset) for subset in itertools.combinations(range(len(values)), k)])


def worst_error_of_sums(sums: np.ndarray, a: float, b: float) -> float:
    if sums.size == 0:
        return math.inf
    sums = np.unique(sums)
    midpoints = (sums[:-1] + sums[1:]) / 2.0
    candidates = np.concatenate([[a, b], midpoints[(midpoints >= a) & (midpoints <= b)]])
    return float(max(np.min(np.abs(sums - z)) for z in candidates))


def expected_fixed_size(values, k, a, b, eps0, reach, targets):
    """What the engine must report for every prefix: (r, target errors), each max(truth, ε₀) if <= ρ else inf."""
    n = len(values)
    r = np.empty(n)
    errors = np.empty((n, len(targets)))
    for m in range(1, n + 1):
        sums = k_subset_sums(values[:m], k)
        truth = max(worst_error_of_sums(sums, a, b), eps0)
        r[m - 1] = truth if truth <= reach else math.inf
        for q, z in enumerate(targets):
            e = max(float(np.min(np.abs(sums - z))) if sums.size else math.inf, eps0)
            errors[m - 1, q] = e if e <= reach else math.inf
    return r, errors
