"""The sample paths of a coverage run, and the spec that determines every number of the run.

Reproducibility: trial t's path comes from block t // 256 of the stream ``(seed, PURPOSE_RSS_PATHS, block)``
(:mod:`verify.streams`), drawn as uniforms of shape (n_max, 256, k) and transformed by the law.  So the paths do not
depend on how trials are chunked, and the first m samples of a path do not depend on n_max.

Sparse sources (``keep`` = p < 1, Gadhikar et al. 2023's random masks): sample i of trial t is kept when the uniform
of the stream ``(seed, PURPOSE_RSS_PATHS, block, MASK_KEY)`` at (i, t) is below p and replaced by 0 otherwise.  The
mask stream is separate from the samples (a key of another length never collides), so the kept values are the same
numbers for every p and the masks are nested: a sample kept at p is kept at every p' > p.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from verify.streams import PURPOSE_RSS_PATHS, stream
from verify.subsetsum.laws import Law, get_law

BLOCK = 256  # trials per random block: part of the stream definition, never change it
STREAM = "rss-paths/1"
MASK_KEY = 1  # second key entry of the keep-mask stream (part of the stream definition)



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
    law = get_law(law) if isinstance(law, str) else law
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
