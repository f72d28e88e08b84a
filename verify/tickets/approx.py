"""The core of Pensia et al.'s Experiment 1: approximate every weight of a network by a subset sum of n random
coefficients, each weight at its exact optimum.

The paper's experiment (spec pensia2020.md, "Experiment 1" [code]): a 784–500–10 MNIST network without biases
(397,000 weights in [−0.464, 0.541]), n = 3·round(log2(1/ε)) = 21 coefficients at ε = 0.01, one Gurobi MIP per
weight (77,266 s on 36 cores); all weights within 0.01; 8,337,000 random and 3,725,871 kept parameters (9.39×).

Coefficient laws (``law``):

``per-row``       the paper's: for every row of every matrix, n draws from U[min W, max W], reused by every weight of
                  that row (so not independent across a row's weights)
``independent``   n fresh draws from U[min W, max W] for every weight (the harder case: no reuse)
``product``       n fresh draws of X·Y, X, Y i.i.d. U[−1, 1], for every weight (the law of the theory's gadget
                  products |a|·b, sign-symmetrised)

min W and max W are taken over all the given matrices (the paper's range is the whole network's), unless
``coefficient_range`` is given.  Every weight is solved exactly by :func:`verify.subsetsum.solve.closest_subset_sums`
(the smallest error, ties to the smallest mask).

Counting: ``random`` = weights·n, as the paper counts (each weight's gadget has n random parameters; with the
per-row law the distinct draws are rows·n, reported as ``distinct_coefficients``); ``kept`` = the total number of
chosen coefficients.  Randomness: matrix k draws from ``stream(seed, PURPOSE_TICKETS, 1000 + k)``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput
from verify.streams import PURPOSE_TICKETS, check_seed, stream
from verify.subsetsum.laws import get_law
from verify.subsetsum.solve import MAX_COEFFICIENTS, closest_subset_sums
from verify.validate import as_float_matrix

COEFFICIENT_LAWS = ("per-row", "independent", "product")
_BLOCK_BASE = 1000


def paper_coefficient_count(eps: float, c: float = 3.0) -> int:
    """n = int(c·round(log2(1/ε))), the paper's rule (c = 3, ε = 0.01 → 21) [code]."""
    return int(c * round(math.log2(1.0 / eps)))


@dataclass(frozen=True)
class WeightApproximation:
    """Per-weight subset-sum approximations of a list of matrices (every array has its matrix's shape).

    ``seconds`` is wall-clock time, ``cpu_seconds`` the process's CPU time over all threads (steadier on a shared
    machine).

    ``masks[k]`` (uint64) selects from ``coefficients[k]``: shape (rows, n) for the per-row law, (rows, cols, n)
    otherwise.  ``approximated[k]`` are the chosen sums and ``errors[k] = |W − approximated|``.
    """

    weights: list
    law: str
    n: int
    eps: float
    seed: int
    coefficient_range: tuple | None
    coefficients: list
    masks: list
    approximated: list
    errors: list
    seconds: float
    cpu_seconds: float = float("nan")

    @property
    def weight_count(self) -> int:
        return int(sum(w.size for w in self.weights))

    @property
    def max_error(self) -> float:
        return float(max(e.max() for e in self.errors))

    @property
    def within_eps(self) -> int:
        return int(sum(int((e <= self.eps).sum()) for e in self.errors))

    @property
    def all_within_eps(self) -> bool:
        return self.within_eps == self.weight_count

    @property
    def random(self) -> int:
        return self.weight_count * self.n

    @property
    def distinct_coefficients(self) -> int:
        return int(sum(c.size for c in self.coefficients))

    @property
    def kept(self) -> int:
        return int(sum(int(np.bitwise_count(m).sum()) for m in self.masks))

    def summary(self) -> dict:
        return {
            "law": self.law,
            "n": self.n,
            "eps": self.eps,
            "seed": self.seed,
            "coefficient_range": None if self.coefficient_range is None else list(self.coefficient_range),
            "weights": self.weight_count,
            "all_within_eps": self.all_within_eps,
            "within_eps": self.within_eps,
            "max_error": self.max_error,
            "mean_error": float(sum(e.sum() for e in self.errors) / self.weight_count),
            "random": self.random,
            "distinct_coefficients": self.distinct_coefficients,
            "kept": self.kept,
            "ratio_random_to_target": self.random / self.weight_count,
            "ratio_kept_to_target": self.kept / self.weight_count,
            "seconds": self.seconds,
            "cpu_seconds": self.cpu_seconds,
        }


def _check_weights(weights) -> list[np.ndarray]:
    if isinstance(weights, np.ndarray):
        weights = [weights]
    out = [as_float_matrix(w, f"weight matrix {k}") for k, w in enumerate(weights, start=1)]
    if not out:
        raise InvalidInput("at least one weight matrix is required")
    return out


def approximate_weights(weights, n: int = 21, eps: float = 0.01, *, law: str = "independent", seed: int = 0,
                        coefficient_range=None) -> WeightApproximation:
    """Approximate every weight by the closest subset sum of n random coefficients (exact optimum per weight).

    Parameters
    ----------
    weights : matrix or list of matrices
    n : coefficients per weight, 1..``MAX_COEFFICIENTS`` (the paper: 21)
    eps : the accuracy each weight is checked against (the paper: 0.01); it does not change the optimum
    law : ``"per-row"`` (the paper's), ``"independent"`` or ``"product"`` (see the module docstring)
    seed : seeds the coefficients
    coefficient_range : (low, high) of the uniform laws; default (min W, max W) over all matrices

    Examples
    --------
    >>> result = approximate_weights(np.array([[0.1, -0.2], [0.3, 0.05]]), n=12, eps=0.01, seed=0)
    >>> result.all_within_eps, result.random, result.weight_count
    (True, 48, 4)
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    matrices = _check_weights(weights)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_COEFFICIENTS:
        raise InvalidInput(f"n = {n!r} coefficients is not allowed; the exact solver takes 1..{MAX_COEFFICIENTS}")
    try:
        eps = float(eps)
    except (TypeError, ValueError):
        raise InvalidInput(f"eps {eps!r} is not a number") from None
    if not (math.isfinite(eps) and eps > 0):
        raise InvalidInput(f"eps = {eps!r} must be finite and > 0")
    if law not in COEFFICIENT_LAWS:
        raise InvalidInput(f"coefficient law {law!r} is not known; allowed: {', '.join(COEFFICIENT_LAWS)}")
    seed = check_seed(seed)
    if law == "product":
        sampler, coefficient_range = get_law("product"), None
    else:
        if coefficient_range is None:
            low = min(float(w.min()) for w in matrices)
            high = max(float(w.max()) for w in matrices)
        else:
            try:
                low, high = (float(v) for v in coefficient_range)
            except (TypeError, ValueError):
                raise InvalidInput(f"coefficient_range {coefficient_range!r} must be two numbers low, high") from None
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise InvalidInput(f"coefficient range [{low:g}, {high:g}] must be finite with low < high "
                               f"(all weights equal? give coefficient_range)")
        sampler, coefficient_range = get_law("uniform", low=low, high=high), (low, high)
    coefficients, masks, approximated, errors = [], [], [], []
    for k, w in enumerate(matrices):
        rng = stream(seed, PURPOSE_TICKETS, _BLOCK_BASE + k)
        if law == "per-row":
            drawn = sampler.sample(rng, (w.shape[0], n))
            rows = [closest_subset_sums(drawn[r], w[r]) for r in range(w.shape[0])]
            mask = np.stack([s.masks for s in rows])
            sums = np.stack([s.sums for s in rows])
            error = np.stack([s.errors for s in rows])
        else:
            drawn = sampler.sample(rng, w.shape + (n,))
            solution = closest_subset_sums(drawn, w)
            mask, sums, error = solution.masks, solution.sums, solution.errors
        coefficients.append(drawn)
        masks.append(mask)
        approximated.append(sums)
        errors.append(error)
    return WeightApproximation(matrices, law, int(n), eps, seed, coefficient_range, coefficients, masks,
                               approximated, errors, time.perf_counter() - started,
                               time.process_time() - cpu_started)
