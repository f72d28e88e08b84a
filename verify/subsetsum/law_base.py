"""The interface every sampling law shares: a transform of i.i.d. uniforms (see :mod:`verify.subsetsum.laws`).

A law maps ``k`` independent U[0, 1) numbers to one sample (``k = law.uniforms_per_sample``); the built-in laws live
in :mod:`verify.subsetsum.laws`, the ``scipy.stats`` ones in :mod:`verify.subsetsum.scipy_laws`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

_OPEN_OFFSET = 2.0**-54  # maps numpy's U[0, 1) grid k/2^53 into the open interval (0, 1)
_BELOW_ONE = 1.0 - 2.0**-53  # the largest float64 below 1: (1 - 2^-53) + 2^-54 rounds to 1.0, where ndtri is inf


@dataclass(frozen=True)
class Law:
    """A sampling law: name, parameters, and the uniform → sample transform."""

    name: str
    params: dict = field(default_factory=dict)

    # --- per-law behaviour (overridden below) ---
    uniforms_per_sample = 1

    def transform(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def max_abs(self) -> float:
        """Largest possible ``|X|`` (``inf`` for unbounded laws)."""
        return math.inf

    def pdf(self, x):
        """Density of the continuous part (the atom of ``pensia-mixture`` is reported by :meth:`atom_at_zero`)."""
        raise NotImplementedError(f"no density for law {self.name!r}")

    def atom_at_zero(self) -> float:
        return 0.0

    # --- shared ---
    def sample(self, rng: np.random.Generator, shape) -> np.ndarray:
        """Draw samples of the given shape (consuming ``uniforms_per_sample`` uniforms per sample, in C order)."""
        shape = tuple(np.atleast_1d(shape)) if not isinstance(shape, tuple) else shape
        u = rng.random(shape + (self.uniforms_per_sample,))
        return self.transform(u)

    @property
    def label(self) -> str:
        """``name`` or ``name:key=value,...`` listing every parameter."""
        if not self.params:
            return self.name
        return self.name + ":" + ",".join(f"{k}={v:g}" for k, v in self.params.items())

    def as_dict(self) -> dict:
        return {"name": self.name, "params": dict(self.params)}

    def __str__(self) -> str:
        return self.label
