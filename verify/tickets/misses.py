"""How many weights should miss ε under the coefficient law: Experiment 1's expected count, computed.

A weight w is *missed* when no subset of its n coefficients sums to within ε of it.  Under the experiment's law the
expected number of missed weights of a network is Σ_w P(miss | w) (linearity: it does not matter that the per-row
law shares the coefficients of a row), i.e. (number of weights) × p with

.. math::  p = P(\\text{miss}) \\text{ for a weight drawn uniformly from the network and a fresh draw of its
           coefficients.}

p is estimated by Monte Carlo over R independent (weight, coefficient draw) pairs, each solved exactly
(:func:`verify.subsetsum.solve.closest_subset_sums`): the number of misses is binomial(R, p), so p and the expected
count get exact Clopper–Pearson intervals.  (A first-moment or Poisson approximation of P(miss) is not used: subset
sums of one draw are strongly dependent, and the Poisson approximation underestimates the miss probability by orders
of magnitude at the range's edges.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from verify import stats
from verify.errors import InvalidInput
from verify.streams import PURPOSE_TICKETS, stream
from verify.subsetsum.solve import closest_subset_sums
from verify.validate import check_choice, check_int, check_real

LAWS = ("uniform", "product")
_BLOCK = 5_000_000

__all__ = ["LAWS", "ExpectedMisses", "expected_misses"]


@dataclass(frozen=True)
class ExpectedMisses:
    """``misses`` of ``pairs`` sampled (weight, draw) pairs, scaled to a network of ``weights`` weights."""

    misses: int
    pairs: int
    weights: int

    @property
    def p(self) -> float:
        return self.misses / self.pairs

    def count(self) -> float:
        """The expected number of missed weights of the network."""
        return self.p * self.weights

    def count_interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """Exact interval of the expected count (Clopper–Pearson on p, times the number of weights)."""
        low, high = stats.clopper_pearson(self.misses, self.pairs, confidence)
        return float(low) * self.weights, float(high) * self.weights


def expected_misses(weights, n: int, eps: float, *, law: str = "uniform", lo: float | None = None,
                    hi: float | None = None, pairs: int = 100_000, seed: int = 0, chunk: int = 20_000) -> \
        ExpectedMisses:
    """Monte Carlo of P(miss) over ``pairs`` (weight, coefficient draw) pairs (see the module docstring).

    ``law="uniform"``: coefficients U[lo, hi] (default: the weights' own range, the paper's U[min W, max W]);
    ``"product"``: X·Y with X, Y i.i.d. U[−1, 1].
    """
    w = np.concatenate([np.asarray(m, dtype=np.float64).ravel() for m in weights]) if isinstance(weights, list) \
        else np.asarray(weights, dtype=np.float64).ravel()
    if w.size == 0 or not np.all(np.isfinite(w)):
        raise InvalidInput("weights must be a non-empty set of finite numbers")
    n = check_int("n", n, 1, 40)
    eps = check_real("eps", eps, 0.0, low_open=True)
    law = check_choice("law", law, LAWS)
    pairs = check_int("pairs", pairs, 1)
    lo = float(w.min()) if lo is None else check_real("lo", lo)
    hi = float(w.max()) if hi is None else check_real("hi", hi)
    if law == "uniform" and not lo < hi:
        raise InvalidInput(f"the coefficient range [{lo:g}, {hi:g}] must have lo < hi")
    misses = 0
    for index, start in enumerate(range(0, pairs, chunk)):
        size = min(chunk, pairs - start)
        generator = stream(seed, PURPOSE_TICKETS, _BLOCK, index)
        targets = w[generator.integers(0, w.size, size)]
        if law == "uniform":
            coefficients = generator.uniform(lo, hi, (size, n))
        else:
            coefficients = generator.uniform(-1.0, 1.0, (size, n)) * generator.uniform(-1.0, 1.0, (size, n))
        solution = closest_subset_sums(coefficients, targets)
        misses += int(np.count_nonzero(solution.errors > eps))
    return ExpectedMisses(misses, pairs, int(w.size))
