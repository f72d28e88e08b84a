"""Per-layer arrays: one array per weight matrix and (optionally) one per bias vector of a network.

A fully connected network with widths n_0, ..., n_L has weight matrices W_1..W_L, W_i of shape (n_i, n_{i−1}), and
bias vectors b_1..b_L, b_i of shape (n_i,).  Everything that is "one array per parameter tensor" — the parameters
themselves, binary masks, pruning scores, gradients, optimiser moments — is a :class:`LayerArrays` with exactly
these shapes, so that masks, scores and gradients line up entry for entry and can be combined with :meth:`map` and
:meth:`combine` without index bookkeeping.

Layers are numbered from 0 in code (``weights[0]`` is W_1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput


@dataclass(frozen=True, eq=False)
class LayerArrays:
    """``weights[i]`` has the shape of W_{i+1}; ``biases`` is ``None`` (no biases) or ``biases[i]`` has that of b_{i+1}.

    The container is immutable; the arrays inside are ordinary numpy arrays (training updates them in place).
    """

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...] | None = None

    def __post_init__(self):
        object.__setattr__(self, "weights", tuple(self.weights))
        if self.biases is not None:
            object.__setattr__(self, "biases", tuple(self.biases))
            if len(self.biases) != len(self.weights):
                raise InvalidInput(f"{len(self.biases)} bias arrays for {len(self.weights)} weight arrays")

    # -- structure -----------------------------------------------------------------------------------------------
    @property
    def depth(self) -> int:
        """Number of weight layers L."""
        return len(self.weights)

    @property
    def has_biases(self) -> bool:
        return self.biases is not None

    def arrays(self) -> list[np.ndarray]:
        """All arrays in a fixed order: W_1..W_L, then b_1..b_L (the order optimisers and files use)."""
        return list(self.weights) + (list(self.biases) if self.biases is not None else [])

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.arrays())

    def sizes(self) -> list[int]:
        return [a.size for a in self.arrays()]

    @property
    def total(self) -> int:
        """Number of entries over all arrays."""
        return int(sum(self.sizes()))

    # -- arithmetic ----------------------------------------------------------------------------------------------
    def map(self, function: Callable[[np.ndarray], np.ndarray]) -> LayerArrays:
        """Apply ``function`` to every array (e.g. ``scores.map(np.abs)``)."""
        biases = None if self.biases is None else tuple(function(b) for b in self.biases)
        return LayerArrays(tuple(function(w) for w in self.weights), biases)

    def combine(self, other: LayerArrays, function: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> LayerArrays:
        """Entry-wise ``function(self_array, other_array)``; biases are kept only where both have them."""
        self._check_alignment(other)
        weights = tuple(function(a, b) for a, b in zip(self.weights, other.weights))
        if self.biases is None or other.biases is None:
            return LayerArrays(weights, None)
        return LayerArrays(weights, tuple(function(a, b) for a, b in zip(self.biases, other.biases)))

    def __mul__(self, other: LayerArrays) -> LayerArrays:
        return self.combine(other, np.multiply)

    def abs(self) -> LayerArrays:
        return self.map(np.abs)

    def copy(self) -> LayerArrays:
        return self.map(np.array)

    def equal(self, other: LayerArrays) -> bool:
        """Bitwise equality of every array (shapes, dtypes and values; NaN never equals)."""
        mine, theirs = self.arrays(), other.arrays()
        return (self.has_biases == other.has_biases and len(mine) == len(theirs)
                and all(a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b)
                        for a, b in zip(mine, theirs)))

    def _check_alignment(self, other: LayerArrays) -> None:
        if len(self.weights) != len(other.weights) or any(
                a.shape != b.shape for a, b in zip(self.weights, other.weights)):
            raise InvalidInput("per-layer arrays do not line up: weight shapes "
                               f"{[a.shape for a in self.weights]} vs {[b.shape for b in other.weights]}")
        if self.biases is not None and other.biases is not None and any(
                a.shape != b.shape for a, b in zip(self.biases, other.biases)):
            raise InvalidInput("per-layer arrays do not line up: bias shapes differ")

    def __repr__(self) -> str:
        shapes = [w.shape for w in self.weights]
        return f"LayerArrays(weights={shapes}, biases={'yes' if self.biases is not None else 'no'})"
