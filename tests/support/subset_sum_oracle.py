"""Brute-force oracles for closest subset sums: enumerate all 2^n subsets.  Nothing here shares code with
verify.subsetsum.solve.

``closest_brute`` implements the documented objective literally: the canonical sum of a mask is the low half
(coefficients 0..h−1, h = n // 2) summed in index order plus the high half summed in index order; the answer is the
lexicographically smallest (|t − sum|, mask).  ``closest_exact_error`` is the real-number optimum (math.fsum, exactly
rounded sums), for the rounding-level comparison on arbitrary floats.
"""

import itertools
import math

import numpy as np


def index_order_sums(values) -> np.ndarray:
    """sums[m] = the sum of values[i] over the bits i of m, added in increasing i."""
    sums = np.zeros(1)
    for v in values:
        sums = np.concatenate([sums, sums + v])
    return sums


def canonical_sums(coefficients) -> np.ndarray:
    """sums[m] for every mask m: (low half in index order) + (high half in index order), h = n // 2."""
    c = np.asarray(coefficients, dtype=float)
    h = c.size // 2
    low = index_order_sums(c[:h])                      # indexed by the low bits
    high = index_order_sums(c[h:])                     # indexed by the high bits >> h
    return (high[:, None] + low[None, :]).reshape(-1)  # row-major: index mh·2^h + ml = the mask itself


def closest_brute_many(coefficients, targets):
    """[(mask, sum, error)] minimising (error, mask) over all 2^n masks, for each target."""
    sums = canonical_sums(coefficients)
    out = []
    for target in np.atleast_1d(targets):
        errors = np.abs(target - sums)
        mask = int(np.flatnonzero(errors == errors.min())[0])  # the smallest index is the smallest mask
        out.append((mask, float(sums[mask]), float(errors[mask])))
    return out


def closest_brute(coefficients, target):
    return closest_brute_many(coefficients, [target])[0]


def closest_exact_error(coefficients, target) -> float:
    """min over subsets of |t − Σ_S c| with exactly rounded sums (small n only)."""
    c = list(map(float, coefficients))
    best = math.inf
    for bits in itertools.product((0, 1), repeat=len(c)):
        s = math.fsum([v for v, b in zip(c, bits) if b] + [-target])
        best = min(best, abs(s))
    return best
