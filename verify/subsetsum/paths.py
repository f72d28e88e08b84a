"""The sample paths of a coverage run, and the spec that determines every number of the run.

Reproducibility: trial t's path comes from block t // 256 of the stream ``(seed, PURPOSE_RSS_PATHS, block)``
(:mod:`verify.streams`), drawn as uniforms of shape (n_max, 256, k) and transformed by the law.  So the paths do not
depend on how trials are chunked, and the first m samples of a path do not depend on n_max.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from verify.streams import PURPOSE_RSS_PATHS, stream
from verify.subsetsum.laws import Law, get_law, parse_law

BLOCK = 256  # trials per random block: part of the stream definition, never change it
STREAM = "rss-paths/1"



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

    @property
    def eps_pass(self) -> float:
        return min(self.eps)

    def identity(self) -> dict:
        law = self.law.as_dict() if self.law is not None else {"name": "empirical", "sha256": self.samples_digest}
        return {"stream": STREAM, "block": BLOCK, "law": law, "interval": list(self.interval),
                "trials": self.trials, "n_max": self.n_max, "seed": self.seed if self.law is not None else None,
                "eps_pass": self.eps_pass, "reach": self.reach}

    def paths(self, start: int, stop: int) -> np.ndarray:
        """Sample paths of trials [start, stop), shape (stop − start, n_max)."""
        if self.samples is not None:
            return self.samples[start:stop]
        assert self.law is not None and self.seed is not None  # a law-drawn run always has both
        return sample_paths(self.law, stop - start, self.n_max, self.seed, start=start)


def sample_paths(law, trials: int, n_max: int, seed: int = 0, start: int = 0) -> np.ndarray:
    """Sample paths X_1..X_{n_max} of trials start..start+trials−1 (rows), reproducible from ``seed``."""
    law = law if isinstance(law, Law) else parse_law(law) if isinstance(law, str) else get_law(law)
    stop = start + trials
    rows = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        rng = stream(seed, PURPOSE_RSS_PATHS, block)
        draws = law.sample(rng, (n_max, BLOCK)).T  # (BLOCK, n_max): row = trial, column = sample index
        first = max(start, block * BLOCK) - block * BLOCK
        last = min(stop, (block + 1) * BLOCK) - block * BLOCK
        rows.append(draws[first:last])
    return np.ascontiguousarray(np.concatenate(rows, axis=0), dtype=np.float64)
