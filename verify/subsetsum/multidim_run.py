"""Monte Carlo of coverage of the cube [a, b]^d by subset sums of random vectors (Becchetti et al. 2022).

``cube_coverage(law, eps, dim=d, trials=T, n_max=N)`` draws T paths of N vectors whose d coordinates are i.i.d. draws
of the law (for d = 1 exactly the paths of :func:`verify.subsetsum.montecarlo.coverage`), computes with
:mod:`verify.subsetsum.multidim` a certified bracket n_lower ≤ n* ≤ n_upper on every path's first covering prefix in
ℓ∞ (equal in d ≤ 2; in d = 3 equal on the paths where the outer and inner tests meet), and returns a
:class:`CubeCoverageResult`: P_n(ε) bracketed by the pessimistic and optimistic counts, n_δ(ε) brackets that hold
for every path whose n* lies anywhere in its bracket, and the fraction of exact paths.  Same determinism, store and
guard as the one-dimensional engine.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial

import numpy as np

from verify import memory, stats
from verify.errors import InvalidInput
from verify.streams import PURPOSE_RSS_PATHS, stream
from verify.subsetsum import multidim
from verify.subsetsum.chunked_run import run_settings, run_trials
from verify.subsetsum.laws import Law
from verify.subsetsum.montecarlo import check_keep
from verify.subsetsum.paths import BLOCK, STREAM, keep_mask, path_source
from verify.subsetsum.result import coverage_document
from verify.subsetsum.worst_error import check_eps, check_interval
from verify.validate import check_int

DEFAULT_CAPACITY = 2**21


def vector_paths(law: Law, trials: int, n_max: int, d: int, seed: int, start: int = 0) -> np.ndarray:
    """Paths of vectors, shape (trials, n_max, d): block t // 256 of ``(seed, PURPOSE_RSS_PATHS, block)`` drawn as
    uniforms of shape (n_max, 256, d, k) and transformed by the law (so for d = 1 the scalar paths, and the first m
    vectors of a path do not depend on n_max or on the chunking)."""
    stop = start + trials
    rows = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        draws = law.sample(stream(seed, PURPOSE_RSS_PATHS, block), (n_max, BLOCK, d)).transpose(1, 0, 2)
        first = max(start, block * BLOCK) - block * BLOCK
        last = min(stop, (block + 1) * BLOCK) - block * BLOCK
        rows.append(draws[first:last])
    return np.ascontiguousarray(np.concatenate(rows, axis=0), dtype=np.float64)


@dataclass(frozen=True)
class CubeSpec:
    """Everything that determines the numbers of a cube-coverage run (its identity in the results store)."""

    law: Law | None
    eps: tuple[float, ...]
    interval: tuple[float, float]
    dim: int
    trials: int
    n_max: int
    seed: int | None
    resolution: int
    capacity: int
    keep: float = 1.0
    samples: np.ndarray | None = None
    samples_digest: str | None = None

    def identity(self) -> dict:
        law = self.law.as_dict() if self.law is not None else {"name": "empirical", "sha256": self.samples_digest}
        identity = {"stream": STREAM, "block": BLOCK, "kernel": multidim.KERNEL, "law": law,
                    "interval": list(self.interval), "dim": self.dim, "trials": self.trials, "n_max": self.n_max,
                    "seed": self.seed, "eps": list(self.eps), "resolution": self.resolution,
                    "capacity": self.capacity, "horizon_margin": multidim.HORIZON_MARGIN,
                    "horizon_step": multidim.HORIZON_STEP}
        if self.keep != 1.0:
            identity["keep"] = self.keep
        return identity

    def paths(self, start: int, stop: int) -> np.ndarray:
        if self.samples is not None:
            return self.samples[start:stop]
        assert self.law is not None and self.seed is not None
        paths = vector_paths(self.law, stop - start, self.n_max, self.dim, self.seed, start=start)
        if self.keep != 1.0:
            mask = keep_mask(stop - start, self.n_max, self.seed, self.keep, start=start)
            paths = np.where(mask[:, :, None], paths, 0.0)
        return paths


_thread_state = threading.local()


def compute_chunk(spec: CubeSpec, start: int, stop: int) -> dict:
    """Trials [start, stop): n_lower, n_upper (t, E), overflow (t,), peak_points (t,)."""
    a, b = spec.interval
    cached = getattr(_thread_state, "buffers", None)
    n_lower, n_upper, overflow, peaks, buffers = multidim.brackets_of(
        spec.paths(start, stop), np.array(spec.eps), a, b, max(spec.eps), spec.resolution, spec.capacity, cached)
    _thread_state.buffers = buffers
    return {"n_lower": n_lower, "n_upper": n_upper, "overflow": overflow, "peak_points": peaks}


@dataclass
class CubeCoverageResult:
    spec: CubeSpec
    n_lower: np.ndarray     # (trials, E)
    n_upper: np.ndarray     # (trials, E); n_max + 1: not covered within n_max, or unresolved
    overflow: np.ndarray    # (trials,): the horizon whose pass exceeded the capacity (0: none)
    peak_points: np.ndarray
    seconds: float
    reserved_bytes: int = 0

    @property
    def trials(self) -> int:
        return self.n_lower.shape[0]

    @property
    def n_max(self) -> int:
        return self.spec.n_max

    @property
    def eps(self) -> tuple[float, ...]:
        return self.spec.eps

    @property
    def law_label(self) -> str:
        return self.spec.law.label if self.spec.law is not None else "empirical"

    def _column(self, eps: float) -> int:
        matches = np.flatnonzero(np.isclose(np.array(self.eps), float(eps), rtol=1e-12, atol=0.0))
        if not matches.size:
            raise InvalidInput(f"eps {eps:g} is not one of this run's accuracies "
                               f"({', '.join(format(e, 'g') for e in self.eps)})")
        return int(matches[0])

    def n_star_bracket(self, eps: float) -> tuple[np.ndarray, np.ndarray]:
        """(n_lower, n_upper) per trial at ε."""
        j = self._column(eps)
        return self.n_lower[:, j], self.n_upper[:, j]

    def exact_fraction(self, eps: float) -> float:
        """Fraction of paths whose bracket is a single value (n* known exactly, or known to exceed n_max)."""
        lower, upper = self.n_star_bracket(eps)
        return float(np.mean(lower == upper))

    def unresolved_fraction(self) -> float:
        """Fraction of paths left unresolved by the capacity at some horizon."""
        return float(np.mean(self.overflow > 0))

    def covered_counts(self, eps: float) -> tuple[np.ndarray, np.ndarray]:
        """(#{n_upper ≤ n}, #{n_lower ≤ n}) for n = 1..n_max: the covered paths' count lies between them."""
        lower, upper = self.n_star_bracket(eps)
        n = np.arange(1, self.n_max + 1)[:, None]
        return (np.count_nonzero(upper[None, :] <= n, axis=1), np.count_nonzero(lower[None, :] <= n, axis=1))

    def required(self, eps: float, delta: float = 0.01, confidence: float = 0.95) -> stats.Bracket:
        """Bracket for n_δ(ε), valid whatever each path's n* is inside its bracket: the lower end from the optimistic
        counts, the upper end from the pessimistic ones (each simultaneous over n at ``confidence``)."""
        pessimistic, optimistic = self.covered_counts(eps)
        lo = stats.required_count_bracket(optimistic, self.trials, delta, confidence).lo
        hi = stats.required_count_bracket(pessimistic, self.trials, delta, confidence).hi
        return stats.Bracket(delta=float(delta), lo=lo, hi=hi, confidence=confidence,
                             method="Clopper-Pearson one-sided bounds, Bonferroni over the n grid; lower end from "
                                    "n_lower, upper end from n_upper")

    def counting_floor(self, eps: float) -> float:
        a, b = self.spec.interval
        return self.spec.dim * float(np.log2((b - a) / (2.0 * eps)))

    def summary(self, delta: float = 0.01, confidence: float = 0.95):
        import pandas as pd

        rows = []
        for eps in self.eps:
            lower, upper = self.n_star_bracket(eps)
            bracket = self.required(eps, delta, confidence)
            rows.append({"eps": eps, "dim": self.spec.dim, "counting_floor": self.counting_floor(eps),
                         "n_star_lower_median": float(np.median(lower)),
                         "n_star_upper_median": float(np.median(upper)),
                         "exact_fraction": self.exact_fraction(eps), "delta": delta,
                         "n_required_lo": bracket.lo, "n_required_hi": bracket.hi})
        return pd.DataFrame(rows)

    def to_json(self, delta: float = 0.01, confidence: float = 0.95, per_trial: bool = False) -> dict:
        results = []
        for eps in self.eps:
            pessimistic, optimistic = self.covered_counts(eps)
            low, _ = stats.clopper_pearson(pessimistic, self.trials, confidence)
            _, high = stats.clopper_pearson(optimistic, self.trials, confidence)
            lower, upper = self.n_star_bracket(eps)
            bracket = self.required(eps, delta, confidence)
            entry = {
                "eps": eps,
                "n": list(range(1, self.n_max + 1)),
                "p_cover": (pessimistic / self.trials).tolist(),
                "p_cover_upper": (optimistic / self.trials).tolist(),
                "p_cover_ci": [[float(lo), float(hi)] for lo, hi in zip(low, high)],
                "n_required": {"delta": delta, "bracket": bracket.as_list(), "confidence": confidence,
                               "method": bracket.method},
                "n_star_mean": float(upper.mean()),
                "n_star_lower_mean": float(lower.mean()),
                "n_star_mean_uncovered_as": self.n_max + 1,
                "exact_fraction": self.exact_fraction(eps),
                "counting_floor": self.counting_floor(eps),
            }
            if per_trial:
                entry["n_star_per_trial"] = [int(lo) if lo == hi and hi <= self.n_max else None
                                             for lo, hi in zip(lower, upper)]
                entry["n_star_bracket_per_trial"] = [[int(lo), int(hi) if hi <= self.n_max else None]
                                                     for lo, hi in zip(lower, upper)]
            results.append(entry)
        return coverage_document(
            self.spec, trials=self.trials, n_max=self.n_max, confidence=confidence,
            ci_method="Clopper-Pearson exact, two-sided, pointwise (lower end from n_upper, upper end from n_lower)",
            run={"norm": "max (l-infinity): boxes of side 2 eps", "resolution": self.spec.resolution,
                 "capacity": self.spec.capacity, "unresolved_fraction": self.unresolved_fraction(),
                 "seconds": round(self.seconds, 3),
                 "peak_points": int(self.peak_points.max()) if self.peak_points.size else 0},
            dim=self.spec.dim, keep=self.spec.keep, results=results)

    def format(self, delta: float = 0.01, confidence: float = 0.95) -> str:
        a, b = self.spec.interval
        seed = f", seed {self.spec.seed}" if self.spec.seed is not None else ""
        lines = [f"coverage of [{a:g}, {b:g}]^{self.spec.dim} in the max norm: law {self.law_label} per coordinate, "
                 f"{self.trials} trials, n_max {self.n_max}{seed} ({self.seconds:.2f} s)", ""]
        lines.append(f"{'eps':>9} {'floor':>6} {'median n* bracket':>18} {'exact':>7} "
                     f"{'n_' + format(delta, 'g') + ' bracket':>15}")
        for row in self.summary(delta, confidence).itertuples():
            bracket = f"[{_fmt(row.n_required_lo)}, {_fmt(row.n_required_hi)}]"
            median = f"[{row.n_star_lower_median:g}, {row.n_star_upper_median:g}]"
            lines.append(f"{row.eps:>9.3g} {row.counting_floor:>6.2f} {median:>18} {row.exact_fraction:>7.3f} "
                         f"{bracket:>15}")
        lines.append(f"\nunresolved (capacity {self.spec.capacity:,} sums): {self.unresolved_fraction():.3f} of the "
                     "paths; bracket: n_delta with simultaneous confidence; floor = d·log2(L/(2 eps))")
        return "\n".join(lines)


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "-"
    return str(int(value))


def cube_coverage(law="uniform", eps=(0.2,), *, dim: int = 2, trials: int = 1000, n_max: int = 40, seed=0,
                  interval=(-1.0, 1.0), samples=None, keep: float = 1.0, resolution: int = 4,
                  capacity: int | None = None, chunk_size: int | None = None, executor: str = "local",
                  threads: int | None = None, scheduler: str | None = None, out=None,
                  memory_limit: int | None = None, progress: bool = False) -> CubeCoverageResult:
    """Monte Carlo of the coverage of [a, b]^d (ℓ∞) by subset sums of random d-vectors, with certified brackets.

    Parameters are those of :func:`verify.subsetsum.montecarlo.coverage`, and

    dim : int
        d = 1, 2 or 3; each coordinate is an independent draw of ``law``.
    samples : array (trials, n, d), optional
        Explicit vectors instead of a law.
    resolution : int
        Grid cells per ε of the outer and inner tests (default 4).
    capacity : int, optional
        The most partial sums kept per path (default 2^21; a path needing more is left unresolved, never
        approximated).

    Examples
    --------
    >>> result = cube_coverage("uniform", eps=[0.4], dim=2, trials=32, n_max=24)
    >>> result.exact_fraction(0.4)
    1.0
    """
    eps_values = tuple(float(e) for e in np.sort(check_eps(eps)))
    a, b = check_interval(interval)
    d = multidim.check_dim(dim)
    resolution = multidim.check_resolution(resolution)
    keep = check_keep(keep, samples)
    capacity = DEFAULT_CAPACITY if capacity is None else check_int("capacity", capacity, 1, 2**31 - 1)
    source = path_source(law, samples, trials=trials, n_max=n_max, seed=seed,
                         check_samples=partial(multidim.check_vectors, d=d), max_n_max=1000)
    spec = CubeSpec(eps=eps_values, interval=(a, b), dim=d, resolution=resolution, capacity=capacity, keep=keep,
                    **source.spec_fields())
    settings = run_settings(spec.trials, executor, threads, scheduler, chunk_size, memory_limit)
    parallel = settings.local_workers
    needed = memory.require(
        f"dim={d} with capacity={capacity:,} sums and eps={min(eps_values):g}",
        [(f"{parallel} worker(s) × two lists of {capacity:,} {d}-vectors and a grid of "
          f"{multidim.grid_cells(min(eps_values), d, a, b, resolution):,} cells",
          parallel * multidim.bytes_needed(d, capacity, min(eps_values), a, b, resolution)),
         (f"result arrays ({spec.trials:,} trials × {len(eps_values)} accuracies)",
          4 * 8 * spec.trials * len(eps_values))],
        settings.memory_limit,
        "use a smaller capacity (--max-sums), a larger eps, a lower resolution, fewer threads, or raise --memory-limit")
    results, seconds = run_trials(partial(compute_chunk, spec), spec, settings, kind="rss-cube", out=out,
                                  progress=progress, description=f"cube d={d} eps={min(eps_values):g}")
    return CubeCoverageResult(spec=spec, n_lower=np.concatenate([r["n_lower"] for r in results], axis=0),
                              n_upper=np.concatenate([r["n_upper"] for r in results], axis=0),
                              overflow=np.concatenate([r["overflow"] for r in results], axis=0),
                              peak_points=np.concatenate([r["peak_points"] for r in results], axis=0),
                              seconds=seconds, reserved_bytes=needed)
