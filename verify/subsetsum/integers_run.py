"""Monte Carlo of integer subset sums: perfect partitions across κ = log2(M)/n, and exactly represented quantized
targets across the width of the source (:mod:`verify.subsetsum.integers` computes, exactly).

* :func:`partition_phase` — for every (n, κ) of a grid, T instances of n integers uniform on {1, …, ⌊2^{κn}⌋}: the
  exact number of perfect partitions of each, P(perfect) with Clopper–Pearson intervals, the first-moment prediction,
  the crossing κ_{1/2}(n) and its position λ_{1/2} = n·(κ_{1/2} − 1) + log2(n)/2 in Borgs–Chayes–Pittel's window.
* :func:`quantized_coverage` — T paths of samples uniform on {−Q, …, Q} (precision δ = 1/Q): how many of the 2Q + 1
  grid targets each prefix represents exactly, the first prefix representing all of them, n_δ brackets.

Randomness: instance t of cell (n, κ) comes from block t // 256 of ``(seed, PURPOSE_RSS_PATHS, block, PARTITION_KEY,
n, κ·10⁶)``; quantized paths from ``(seed, PURPOSE_RSS_PATHS, block, QUANTIZED_KEY, Q)`` (keys of other lengths than
the real-valued paths' never collide).  Chunks are units of work and storage only: the same bytes for any chunking,
thread count or executor; results stores make runs resumable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np

from verify import memory, stats
from verify.errors import InvalidInput
from verify.streams import PURPOSE_RSS_PATHS, check_seed, stream
from verify.subsetsum import integers
from verify.subsetsum.chunked_run import run_settings, run_trials
from verify.subsetsum.paths import BLOCK
from verify.validate import MAX_COUNT, check_int, check_real

PARTITION_KEY = 2
QUANTIZED_KEY = 3
MAX_PARTITION_N = 40
MAX_KAPPA = 1.5


def kappa_key(kappa: float) -> int:
    return int(round(kappa * 1_000_000))


def partition_bound(n: int, kappa: float) -> int:
    """M = ⌊2^{κn}⌋ (at least 1): integers are drawn uniformly from {1, …, M}."""
    return max(1, int(math.floor(2.0 ** (kappa * n))))


def partition_instances(n: int, kappa: float, trials: int, seed: int, start: int = 0) -> np.ndarray:
    """Instances start..start+trials−1 of cell (n, κ): an int64 matrix (trials, n)."""
    bound = partition_bound(n, kappa)
    stop = start + trials
    rows = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        rng = stream(seed, PURPOSE_RSS_PATHS, block, PARTITION_KEY, n, kappa_key(kappa))
        draws = rng.integers(1, bound, size=(BLOCK, n), endpoint=True, dtype=np.int64)
        first = max(start, block * BLOCK) - block * BLOCK
        last = min(stop, (block + 1) * BLOCK) - block * BLOCK
        rows.append(draws[first:last])
    return np.concatenate(rows, axis=0)


#: λ at which the first-moment Poisson prediction of P(perfect) is ½ [derived, heuristic; :mod:`integers`].
LAMBDA_HALF = math.log2(math.sqrt(3.0 / (2.0 * math.pi)) / math.log((1.0 + math.sqrt(5.0)) / 2.0))


def first_moment_even(n: int, kappa: float) -> float:
    """E₀ = E[#perfect partitions | even total] ≈ 2^n·√(3/(2πn))/M [derived, see :mod:`verify.subsetsum.integers`];
    an odd total doubles it."""
    return 2.0 ** n * math.sqrt(3.0 / (2.0 * math.pi * n)) / partition_bound(n, kappa)


def first_moment(n: int, kappa: float) -> float:
    """E[#perfect partitions] ≈ 1.5·E₀ (the two parities of the total are about equally likely)."""
    return 1.5 * first_moment_even(n, kappa)


def poisson_prediction(n: int, kappa: float) -> float:
    """P(perfect) ≈ 1 − ½(e^{−E₀} + e^{−2E₀}) [derived, heuristic]."""
    moment = first_moment_even(n, kappa)
    return 1.0 - 0.5 * (math.exp(-moment) + math.exp(-2.0 * moment))


def window_lambda(n: int, kappa: float) -> float:
    """λ with κ = 1 − log2(n)/(2n) + λ/n: the position in Borgs–Chayes–Pittel's scaling window."""
    return n * (kappa - 1.0) + math.log2(n) / 2.0


@dataclass(frozen=True)
class PartitionSpec:
    n_values: tuple[int, ...]
    kappas: tuple[float, ...]
    trials: int
    seed: int

    @property
    def cells(self) -> list[tuple[int, float]]:
        return [(n, k) for n in self.n_values for k in self.kappas]

    def identity(self) -> dict:
        return {"kernel": integers.KERNEL, "experiment": "perfect-partitions", "n": list(self.n_values),
                "kappa": list(self.kappas), "trials": self.trials, "seed": self.seed, "block": BLOCK}


def _partition_chunk(spec: PartitionSpec, start: int, stop: int) -> dict:
    counts = np.zeros((stop - start, len(spec.cells)), dtype=np.int64)
    for c, (n, kappa) in enumerate(spec.cells):
        counts[:, c] = integers.perfect_partitions(partition_instances(n, kappa, stop - start, spec.seed, start))
    return {"counts": counts}


@dataclass
class PartitionResult:
    spec: PartitionSpec
    counts: np.ndarray   # (trials, cells): exact numbers of perfect partitions
    seconds: float

    def table(self, confidence: float = 0.95):
        """One row per (n, κ): P(perfect) with its interval, mean count, first moment, window position λ."""
        import pandas as pd

        rows = []
        trials = self.counts.shape[0]
        for c, (n, kappa) in enumerate(self.spec.cells):
            perfect = int(np.count_nonzero(self.counts[:, c] > 0))
            low, high = stats.clopper_pearson(perfect, trials, confidence)
            rows.append({"n": n, "kappa": kappa, "M": partition_bound(n, kappa), "perfect": perfect,
                         "trials": trials, "p_perfect": perfect / trials, "ci_low": float(low),
                         "ci_high": float(high), "mean_partitions": float(self.counts[:, c].mean()),
                         "first_moment": first_moment(n, kappa), "poisson_prediction": poisson_prediction(n, kappa),
                         "lambda": window_lambda(n, kappa)})
        return pd.DataFrame(rows)

    def crossing(self, n: int, level: float = 0.5) -> float | None:
        """κ_{level}(n): where P(perfect) falls through ``level``, linearly interpolated between grid points."""
        return crossing_kappa(self.spec.kappas, self.p_perfect(n), level)

    def p_perfect(self, n: int) -> np.ndarray:
        columns = [c for c, (m, _) in enumerate(self.spec.cells) if m == n]
        if not columns:
            raise InvalidInput(f"n = {n} is not in this run's grid ({', '.join(map(str, self.spec.n_values))})")
        return np.count_nonzero(self.counts[:, columns] > 0, axis=0) / self.counts.shape[0]

    def to_json(self, confidence: float = 0.95) -> dict:
        table = self.table(confidence)
        return {"experiment": "perfect partitions", "n": list(self.spec.n_values), "kappa": list(self.spec.kappas),
                "trials": self.counts.shape[0], "seed": self.spec.seed, "seconds": round(self.seconds, 3),
                "cells": table.to_dict(orient="records"),
                "crossing": {str(n): self.crossing(n) for n in self.spec.n_values},
                "subset_size": None, "dim": 1, "keep": 1.0}


def crossing_kappa(kappas, p, level: float = 0.5) -> float | None:
    """The first κ of the grid where p falls to or below ``level``, linearly interpolated from the previous point
    (None if p never falls that low, or is already there at the first κ): :func:`verify.stats.first_crossing`."""
    return stats.first_crossing(kappas, p, level)


def _check_grid(values, name, check):
    values = list(np.atleast_1d(np.asarray(values, dtype=object)))
    if not values:
        raise InvalidInput(f"{name}: at least one value is required")
    out = [check(v) for v in values]
    if len(set(out)) != len(out):
        raise InvalidInput(f"{name} lists a value twice")
    return tuple(sorted(out))


def partition_phase(n_values=(12, 16, 20), kappas=(0.6, 0.8, 1.0, 1.2), *, trials: int = 500, seed=0,
                    chunk_size: int | None = None, executor: str = "local", threads: int | None = None,
                    scheduler: str | None = None, out=None, memory_limit: int | None = None,
                    progress: bool = False) -> PartitionResult:
    """Perfect partitions of n integers uniform on {1..⌊2^{κn}⌋}, exactly, for every (n, κ) of a grid.

    Examples
    --------
    >>> result = partition_phase([10], [0.5, 1.5], trials=20, seed=0)
    >>> result.table()[["n", "kappa", "M"]].values.tolist()          # M = floor(2^(kappa n))
    [[10.0, 0.5, 32.0], [10.0, 1.5, 32768.0]]
    """
    n_values = _check_grid(n_values, "n", lambda v: check_int("n", v, 2, MAX_PARTITION_N))
    kappas = _check_grid(kappas, "kappa", lambda v: check_real("kappa", v, 0.0, MAX_KAPPA, low_open=True))
    for n in n_values:
        if kappas[-1] * n > 62 - math.log2(n) - 1:
            raise InvalidInput(f"kappa {kappas[-1]:g} with n = {n} gives integers of {kappas[-1] * n:.0f} bits; their "
                               "sums would not stay exact in 64 bits")
    spec = PartitionSpec(n_values=n_values, kappas=kappas, trials=check_int("trials", trials, 1, MAX_COUNT),
                         seed=check_seed(seed))
    settings = run_settings(spec.trials, executor, threads, scheduler, chunk_size, memory_limit)
    parallel = settings.local_workers
    memory.require(f"n = {max(n_values)} with {spec.trials:,} trials",
                   [(f"half-sum lists ({parallel} worker(s) × 4 lists of 2^{math.ceil(max(n_values) / 2)} sums)",
                     parallel * 4 * 8 * 2 ** math.ceil(max(n_values) / 2)),
                    ("result counts", 2 * 8 * spec.trials * len(n_values) * len(kappas))],
                   settings.memory_limit, "use smaller n, fewer trials or threads, or raise --memory-limit")
    results, seconds = run_trials(partial(_partition_chunk, spec), spec, settings, kind="rss-partitions", out=out,
                                  progress=progress, description="rss-partitions")
    return PartitionResult(spec, np.concatenate([r["counts"] for r in results]), seconds)


# -- quantized sources -----------------------------------------------------------------------------------------------

def quantized_paths(q: int, trials: int, n_max: int, seed: int, start: int = 0) -> np.ndarray:
    """Integer paths (trials, n_max), entries uniform on {−q, …, q}; the first m do not depend on n_max."""
    stop = start + trials
    rows = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        rng = stream(seed, PURPOSE_RSS_PATHS, block, QUANTIZED_KEY, q)
        draws = rng.integers(-q, q, size=(n_max, BLOCK), endpoint=True, dtype=np.int64).T
        first = max(start, block * BLOCK) - block * BLOCK
        last = min(stop, (block + 1) * BLOCK) - block * BLOCK
        rows.append(draws[first:last])
    return np.ascontiguousarray(np.concatenate(rows, axis=0))


@dataclass(frozen=True)
class QuantizedSpec:
    q: int
    trials: int
    n_max: int
    seed: int

    def identity(self) -> dict:
        return {"kernel": integers.KERNEL, "experiment": "quantized-targets", "q": self.q, "trials": self.trials,
                "n_max": self.n_max, "seed": self.seed, "block": BLOCK}


def _quantized_chunk(spec: QuantizedSpec, start: int, stop: int) -> dict:
    return {"represented": integers.represented_counts(quantized_paths(spec.q, stop - start, spec.n_max, spec.seed,
                                                                       start), spec.q).astype(np.int32)}


@dataclass
class QuantizedResult:
    spec: QuantizedSpec
    represented: np.ndarray   # (trials, n_max): targets of {−q..q} that prefix m represents exactly
    seconds: float

    @property
    def targets(self) -> int:
        return 2 * self.spec.q + 1

    @property
    def precision_bits(self) -> float:
        """log2(1/δ) = log2(q)."""
        return math.log2(self.spec.q)

    def fraction(self) -> np.ndarray:
        """Mean fraction of the grid represented, per prefix."""
        return self.represented.mean(axis=0) / self.targets

    def n_star(self) -> np.ndarray:
        """First prefix representing every target, per path (n_max + 1 if none within n_max)."""
        full = self.represented == self.targets
        return np.where(full.any(axis=1), np.argmax(full, axis=1) + 1, self.spec.n_max + 1)

    def counting_floor(self) -> int:
        """2^m subset sums must include 2q + 1 distinct targets: m ≥ log2(2q + 1)."""
        return math.ceil(math.log2(self.targets))

    def required(self, delta: float = 0.01, confidence: float = 0.95) -> stats.Bracket:
        counts = np.count_nonzero(self.n_star()[None, :] <= np.arange(1, self.spec.n_max + 1)[:, None], axis=1)
        return stats.required_count_bracket(counts, self.represented.shape[0], delta, confidence)

    def to_json(self, delta: float = 0.01, confidence: float = 0.95) -> dict:
        n_star = self.n_star()
        return {"experiment": "quantized targets", "q": self.spec.q, "delta_grid": 1.0 / self.spec.q,
                "targets": self.targets, "trials": int(self.represented.shape[0]), "n_max": self.spec.n_max,
                "seed": self.spec.seed, "seconds": round(self.seconds, 3),
                "mean_fraction_represented": self.fraction().tolist(),
                "n_star_mean": float(n_star.mean()), "n_star_mean_uncovered_as": self.spec.n_max + 1,
                "n_required": {"delta": delta, "bracket": self.required(delta, confidence).as_list()},
                "counting_floor": self.counting_floor(), "subset_size": None, "dim": 1, "keep": 1.0}


def quantized_coverage(q: int = 256, *, trials: int = 500, n_max: int = 32, seed=0, chunk_size: int | None = None,
                       executor: str = "local", threads: int | None = None, scheduler: str | None = None, out=None,
                       memory_limit: int | None = None, progress: bool = False) -> QuantizedResult:
    """Exactly represented targets of a δ-quantized source (δ = 1/q), for every prefix of every path.

    Examples
    --------
    >>> result = quantized_coverage(16, trials=10, n_max=16, seed=0)
    >>> result.targets, result.counting_floor()          # 33 grid targets need 2^m >= 33 sums
    (33, 6)
    """
    q = check_int("q", q, 1, 2**20, hint="the source's values are -q..q, in units of the precision 1/q")
    spec = QuantizedSpec(q=q, trials=check_int("trials", trials, 1, MAX_COUNT),
                         n_max=check_int("n_max", n_max, 1, 4096), seed=check_seed(seed))
    settings = run_settings(spec.trials, executor, threads, scheduler, chunk_size, memory_limit)
    parallel = settings.local_workers
    memory.require(f"q = {q} with n_max = {spec.n_max:,} and {spec.trials:,} trials",
                   [(f"bitsets ({parallel} worker(s) × {spec.n_max:,} samples × {q:,} values)",
                     parallel * (spec.n_max * q // 8 + 64)),
                    ("result arrays", 2 * 8 * spec.trials * spec.n_max)],
                   settings.memory_limit,
                   "use a smaller q or n_max, fewer trials or threads, or raise --memory-limit")
    results, seconds = run_trials(partial(_quantized_chunk, spec), spec, settings, kind="rss-quantized", out=out,
                                  progress=progress, description="rss-quantized")
    return QuantizedResult(spec, np.concatenate([r["represented"] for r in results]), seconds)
