"""The sample paths of a coverage run, where they come from (a law, or explicit samples), and the spec that
determines every number of the run.

Reproducibility: trial t's path comes from block t // 256 of the stream ``(seed, PURPOSE_RSS_PATHS, block)``
(:mod:`verify.streams`), drawn as uniforms of shape (n_max, 256, k) and transformed by the law.  So the paths do not
depend on how trials are chunked, and the first m samples of a path do not depend on n_max.

Sparse sources (``keep`` = p < 1, Gadhikar et al. 2023's random masks): sample i of trial t is kept when the uniform
of the stream ``(seed, PURPOSE_RSS_PATHS, block, MASK_KEY)`` at (i, t) is below p and replaced by 0 otherwise.  The
mask stream is separate from the samples (a key of another length never collides), so the kept values are the same
numbers for every p and the masks are nested: a sample kept at p is kept at every p' > p.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from verify.streams import PURPOSE_RSS_PATHS, check_seed, stream
from verify.subsetsum.laws import Law, law_of
from verify.validate import MAX_COUNT, check_int

BLOCK = 256  # trials per random block: part of the stream definition, never change it
STREAM = "rss-paths/1"
MASK_KEY = 1  # second key entry of the keep-mask stream (part of the stream definition)


@dataclass(frozen=True)
class PathSource:
    """Where a run's sample paths come from: a law and a seed, or explicit samples (then ``law`` and ``seed`` are
    None, ``trials`` and ``n_max`` are the samples' shape and ``samples_digest`` the SHA-256 of their bytes and shape,
    which stands for the law in the run's identity)."""

    law: Law | None
    trials: int
    n_max: int
    seed: int | None
    samples: np.ndarray | None = None
    samples_digest: str | None = None

    def max_abs(self) -> float:
        """The largest |X| a path can hold: the law's bound, or the largest magnitude among the samples."""
        if self.law is not None:
            return self.law.max_abs()
        assert self.samples is not None  # a source without a law has its samples
        return float(np.abs(self.samples).max())

    def spec_fields(self) -> dict:
        """The fields of a run's spec (:class:`CoverageSpec` and its kin) that the source determines."""
        return {"law": self.law, "trials": self.trials, "n_max": self.n_max, "seed": self.seed,
                "samples": self.samples, "samples_digest": self.samples_digest}


def path_source(law, samples, *, trials, n_max, seed, check_samples: Callable[[Any], np.ndarray],
                resolve_law: Callable[[Any], Law] = law_of, max_n_max: int = MAX_COUNT) -> PathSource:
    """The checked source of a run: ``samples`` through ``check_samples`` when given (``law``, ``trials``, ``n_max``
    and ``seed`` are then ignored), else ``resolve_law(law)`` with 1 ≤ trials ≤ MAX_COUNT, 1 ≤ n_max ≤ ``max_n_max``
    and a valid seed."""
    if samples is not None:
        samples = check_samples(samples)
        digest = hashlib.sha256(samples.tobytes() + str(samples.shape).encode()).hexdigest()
        return PathSource(law=None, trials=int(samples.shape[0]), n_max=int(samples.shape[1]), seed=None,
                          samples=samples, samples_digest=digest)
    resolved = resolve_law(law)
    trials = check_int("trials", trials, 1, MAX_COUNT)
    n_max = check_int("n_max", n_max, 1, max_n_max)
    return PathSource(law=resolved, trials=int(trials), n_max=int(n_max), seed=check_seed(seed))


@dataclass(frozen=True)
class CoverageSpec:
    """Everything that determines the numbers of a coverage run (its identity in the results store)."""

    law: Law | None
    eps: tuple[float, ...]
    reach: float
    interval: tuple[float, float]
    trials: int
    n_max: int
    seed: int | None  # None for user-given samples
    samples: np.ndarray | None = field(default=None, compare=False, repr=False)
    samples_digest: str | None = None
    keep: float = 1.0  # probability that a sample is kept (1: every sample; the identity records it only below 1)

    @property
    def eps_pass(self) -> float:
        return min(self.eps)

    def identity(self) -> dict:
        law = self.law.as_dict() if self.law is not None else {"name": "empirical", "sha256": self.samples_digest}
        identity = {"stream": STREAM, "block": BLOCK, "law": law, "interval": list(self.interval),
                    "trials": self.trials, "n_max": self.n_max, "seed": self.seed if self.law is not None else None,
                    "eps_pass": self.eps_pass, "reach": self.reach}
        if self.keep != 1.0:
            identity["keep"] = self.keep
        return identity

    def paths(self, start: int, stop: int) -> np.ndarray:
        """Sample paths of trials [start, stop), shape (stop − start, n_max)."""
        if self.samples is not None:
            return self.samples[start:stop]
        assert self.law is not None and self.seed is not None  # a law-drawn run always has both
        paths = sample_paths(self.law, stop - start, self.n_max, self.seed, start=start)
        if self.keep != 1.0:
            paths = np.where(keep_mask(stop - start, self.n_max, self.seed, self.keep, start=start), paths, 0.0)
        return paths


def sample_paths(law, trials: int, n_max: int, seed: int = 0, start: int = 0) -> np.ndarray:
    """Sample paths X_1..X_{n_max} of trials start..start+trials−1 (rows), reproducible from ``seed``."""
    law = law_of(law)
    stop = start + trials
    rows = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        rng = stream(seed, PURPOSE_RSS_PATHS, block)
        draws = law.sample(rng, (n_max, BLOCK)).T  # (BLOCK, n_max): row = trial, column = sample index
        first = max(start, block * BLOCK) - block * BLOCK
        last = min(stop, (block + 1) * BLOCK) - block * BLOCK
        rows.append(draws[first:last])
    return np.ascontiguousarray(np.concatenate(rows, axis=0), dtype=np.float64)


def keep_mask(trials: int, n_max: int, seed: int, keep: float, start: int = 0) -> np.ndarray:
    """Which samples of trials start..start+trials−1 are kept (True) when each is kept with probability ``keep``.

    Sample i of trial t is kept iff U[i, t] < keep, U the uniforms of ``(seed, PURPOSE_RSS_PATHS, block, MASK_KEY)``
    drawn with shape (n_max, BLOCK): the same for any chunking, nested in ``keep``, and independent of the samples.
    """
    stop = start + trials
    rows = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        uniforms = stream(seed, PURPOSE_RSS_PATHS, block, MASK_KEY).random((n_max, BLOCK)).T
        first = max(start, block * BLOCK) - block * BLOCK
        last = min(stop, (block + 1) * BLOCK) - block * BLOCK
        rows.append(uniforms[first:last] < keep)
    return np.concatenate(rows, axis=0)
