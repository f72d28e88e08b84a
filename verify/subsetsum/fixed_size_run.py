"""Monte Carlo of fixed-size subset-sum coverage (Natale et al. 2024): sample paths, chunks, memory guard, result.

``fixed_size_coverage(law, eps, subset_size=k, trials=T, n_max=N)`` draws T sample paths (the same paths as
:func:`verify.subsetsum.montecarlo.coverage` for the same law and seed), computes with
:mod:`verify.subsetsum.fixed_size` the exact worst error ε*_k of every prefix over [−√k, √k] (or a given interval)
and the exact error of every target of a grid, and returns a :class:`FixedSizeResult`: P_n(ε) with Clopper–Pearson
intervals, the first covering prefixes n*, n_δ(ε) brackets, and for every target the fixed-target probability
Pr(min_{|S|=k} |z − Σ_S| ≤ ε) of the paper's Theorem 2.  Chunks are a unit of work and of storage only: any chunk
size, thread count or executor gives the same bytes.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from verify import memory, stats
from verify.errors import InvalidInput
from verify.subsetsum import fixed_size
from verify.subsetsum.chunked_run import run_settings, run_trials
from verify.subsetsum.montecarlo import check_keep
from verify.subsetsum.paths import BLOCK, CoverageSpec, path_source
from verify.subsetsum.result import CoverageResult
from verify.subsetsum.worst_error import check_eps, check_interval, check_samples
from verify.validate import format_count


@dataclass(frozen=True)
class FixedSizeSpec(CoverageSpec):
    """A coverage spec with a subset size and the targets of the fixed-target event."""

    subset_size: int = 1
    targets: tuple[float, ...] = field(default=())

    def identity(self) -> dict:
        return {**super().identity(), "kernel": fixed_size.KERNEL, "subset_size": self.subset_size,
                "targets": list(self.targets)}


def fixed_size_floor(k: int, eps: float, length: float) -> int:
    """The smallest n ≥ k with C(n, k)·2ε ≥ L: the deterministic counting floor ``counting.rss_fixed_size``."""
    n = k
    while math.comb(n, k) * 2.0 * eps < length:
        n += 1
    return n


_thread_state = threading.local()


def _buffers() -> fixed_size.LayerBuffers:
    if not hasattr(_thread_state, "buffers"):
        _thread_state.buffers = fixed_size.LayerBuffers()
    return _thread_state.buffers


def compute_chunk(spec: FixedSizeSpec, start: int, stop: int) -> dict:
    """Trials [start, stop): {'worst_error': (t, n_max), 'target_error': (t, n_max, targets), 'peak_intervals'}."""
    a, b = spec.interval
    worst, targets, peaks = fixed_size.fixed_size_errors_of(spec.paths(start, stop), spec.subset_size, a, b,
                                                            spec.eps_pass, spec.reach, np.array(spec.targets),
                                                            _buffers())
    return {"worst_error": worst, "target_error": targets, "peak_intervals": peaks}


def reserved_bytes(spec: FixedSizeSpec, workers: int) -> tuple[int, int]:
    """(bytes reserved for layer buffers over all workers, largest layer capacity), before running."""
    a, b = spec.interval
    largest = 0
    step = 64 * BLOCK
    for start in range(0, spec.trials, step):
        paths = spec.paths(start, min(start + step, spec.trials))
        capacity = fixed_size.layer_capacity(paths, spec.subset_size, a, b, spec.eps_pass, spec.reach)
        largest = max(largest, int(capacity.max()))
    layers = spec.subset_size + 1
    return workers * layers * fixed_size.BYTES_PER_INTERVAL * largest, largest


@dataclass
class FixedSizeResult(CoverageResult):
    """A coverage result for subsets of exactly k samples, with the fixed-target errors."""

    target_error: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 0)))  # (trials, n_max, targets)

    @property
    def subset_size(self) -> int:
        return self.spec.subset_size  # type: ignore[attr-defined]

    @property
    def targets(self) -> tuple[float, ...]:
        return self.spec.targets  # type: ignore[attr-defined]

    def counting_floor(self, eps: float) -> float:
        a, b = self.spec.interval
        return float(fixed_size_floor(self.subset_size, eps, b - a))

    def target_hits(self, eps: float) -> np.ndarray:
        """#{t : e_k(z_q) ≤ ε at prefix n} as an (n_max, targets) matrix."""
        eps = self._check_eps(eps)
        return np.count_nonzero(self.target_error <= eps, axis=0)

    def target_n_star(self, eps: float) -> np.ndarray:
        """First prefix at which each target is within ε, per trial and target ((trials, targets); n_max + 1 when
        never within n_max)."""
        eps = self._check_eps(eps)
        hit = self.target_error <= eps
        first = np.argmax(hit, axis=1) + 1
        return np.where(hit.any(axis=1), first, self.n_max + 1)

    def target_table(self, confidence: float = 0.95):
        """Tidy fixed-target probabilities: one row per (eps, target, n) with Clopper–Pearson intervals."""
        import pandas as pd

        frames = []
        n = np.arange(1, self.n_max + 1)
        for eps in self.eps:
            hits = self.target_hits(eps)
            for q, z in enumerate(self.targets):
                low, high = stats.clopper_pearson(hits[:, q], self.trials, confidence)
                frames.append(pd.DataFrame({"eps": eps, "target": z, "n": n, "hit": hits[:, q],
                                            "trials": self.trials, "p_hit": hits[:, q] / self.trials,
                                            "ci_low": low, "ci_high": high}))
        if not frames:
            return pd.DataFrame(columns=["eps", "target", "n", "hit", "trials", "p_hit", "ci_low", "ci_high"])
        return pd.concat(frames, ignore_index=True)

    def to_json(self, delta: float = 0.01, confidence: float = 0.95, per_trial: bool = False) -> dict:
        document = super().to_json(delta=delta, confidence=confidence, per_trial=per_trial)
        document["subset_size"] = self.subset_size
        document["targets"] = list(self.targets)
        document["counting_floor_rule"] = "smallest n with C(n, k)·2·eps >= interval length (counting.rss_fixed_size)"
        for entry in document["results"]:
            hits = self.target_hits(entry["eps"])
            entry["target_hit_probability"] = [(hits[:, q] / self.trials).tolist() for q in range(len(self.targets))]
        return document

    def format(self, delta: float = 0.01, confidence: float = 0.95) -> str:
        text = super().format(delta=delta, confidence=confidence)
        lines = [text.replace("random subset sum coverage", f"fixed-size (k = {self.subset_size}) subset sum coverage",
                              1).replace("floor = log2(L/(2 eps)), the counting bound",
                                         "floor = smallest n with C(n, k)·2 eps >= L, the counting bound")]
        if self.targets:
            lines.append("")
            lines.append("fixed-target event: the first n with Pr(some k-subset sum within eps of z) >= 1/2")
            lines.append(f"{'eps':>9} " + " ".join(f"{'z=' + format(z, '.3g'):>9}" for z in self.targets))
            for eps in self.eps:
                hits = self.target_hits(eps)
                cells = []
                for q in range(len(self.targets)):
                    reached = np.flatnonzero(hits[:, q] >= self.trials / 2.0)
                    cells.append(f"{int(reached[0]) + 1 if reached.size else '-':>9}")
                lines.append(f"{eps:>9.0e} " + " ".join(cells))
        return "\n".join(lines)


def fixed_size_coverage(law="uniform", eps=(1e-2,), *, subset_size: int, trials: int = 1000, n_max: int = 40,
                        seed=0, interval=None, targets=0, samples=None, eps_max=None, keep: float = 1.0,
                        chunk_size: int | None = None, executor: str = "local", threads: int | None = None,
                        scheduler: str | None = None, out=None, memory_limit: int | None = None,
                        progress: bool = False) -> FixedSizeResult:
    """Exact Monte Carlo of coverage by sums of exactly ``subset_size`` samples (Natale et al. 2024).

    Parameters are those of :func:`verify.subsetsum.montecarlo.coverage`, and

    subset_size : int
        k, the number of samples in every subset.
    interval : (a, b), optional
        Target interval, default [−√k, √k] (the paper's).
    targets : int or sequence of floats
        Targets of the fixed-target event: a count of evenly spaced points of the interval (ends included), or
        values inside it (default 0: none).

    Returns
    -------
    FixedSizeResult

    Examples
    --------
    >>> result = fixed_size_coverage("uniform", eps=[1e-1], subset_size=2, trials=64, n_max=30, targets=3)
    >>> result.spec.interval, result.targets
    ((-1.4142135623730951, 1.4142135623730951), (-1.4142135623730951, 0.0, 1.4142135623730951))
    >>> result.counting_floor(0.1)            # the smallest n with C(n, 2)·0.2 >= 2·√2
    6.0
    """
    k = fixed_size.check_subset_size(subset_size)
    eps_values = check_eps(eps)
    a, b = check_interval(fixed_size.default_interval(k) if interval is None else interval)
    points = fixed_size.check_targets(targets, (a, b))
    reach = float(eps_values.max()) if eps_max is None else float(check_eps(eps_max).max())
    if reach < eps_values.min():
        raise InvalidInput(f"eps_max {reach:g} must be >= the smallest eps {eps_values.min():g}")
    keep = check_keep(keep, samples)
    source = path_source(law, samples, trials=trials, n_max=n_max, seed=seed, check_samples=check_samples)
    spec = FixedSizeSpec(eps=tuple(float(e) for e in eps_values), reach=reach, interval=(a, b), keep=keep,
                         subset_size=k, targets=tuple(float(z) for z in points), **source.spec_fields())
    settings = run_settings(spec.trials, executor, threads, scheduler, chunk_size, memory_limit)
    parallel = settings.local_workers
    buffers, largest = reserved_bytes(spec, parallel)
    rows = min(settings.chunk_size, spec.trials)
    targets = max(len(spec.targets), 1)
    needed = memory.require(
        f"eps={spec.eps_pass:g} with subset_size={k}, n_max={spec.n_max:,} and {spec.trials:,} trials",
        [(f"layer buffers ({parallel} worker(s) × {k + 1} layers × {format_count(largest)} intervals × "
          f"{fixed_size.BYTES_PER_INTERVAL} bytes)", buffers),
         (f"result arrays ({spec.trials:,} trials × {spec.n_max:,} prefixes × {targets} targets)",
          2 * 8 * spec.trials * spec.n_max * (targets + 1)),
         (f"chunk working set ({parallel} worker(s) × {rows:,} trials)",
          parallel * 12 * 8 * rows * (spec.n_max + 1) * (targets + 1))],
        settings.memory_limit,
        "use a larger eps, a smaller subset size, fewer trials or threads, or raise --memory-limit")
    results, seconds = run_trials(partial(compute_chunk, spec), spec, settings, kind="rss-fixed-size", out=out,
                                  progress=progress, description=f"fixed size k={k} eps={spec.eps_pass:g}")
    return FixedSizeResult(spec=spec, worst_error=np.concatenate([r["worst_error"] for r in results], axis=0),
                           peak_intervals=np.concatenate([r["peak_intervals"] for r in results], axis=0),
                           seconds=seconds, reserved_bytes=needed,
                           target_error=np.concatenate([r["target_error"] for r in results], axis=0))
