"""The activations the constructions are built and certified for: ReLU, leaky ReLU, and the identity.

Every activation here is **piecewise linear, positively homogeneous and 1-Lipschitz with σ(0) = 0**:

.. math::

    σ_s(t) = \\begin{cases} t & t \\ge 0 \\\\ s\\,t & t < 0 \\end{cases},\\qquad 0 \\le s < 1

(s = 0: ReLU; 0 < s < 1: leaky ReLU with negative slope s; the identity is s = 1, used only for a linear last layer).
The certificates of :mod:`verify.tickets.burkholz` and :mod:`verify.tickets.sup_error` use exactly these facts:

* **secant slopes**: (σ(a) − σ(b))/(a − b) ∈ [s, 1] for a ≠ b, so |σ(a) − σ(b)| ≤ |a − b| (Lipschitz constant 1);
* **positive homogeneity**: σ(λt) = λσ(t) for λ ≥ 0, so a first-layer unit with weight a computes
  a⁺σ(h) + a⁻σ(−h) (a⁺ = max(a, 0), a⁻ = max(−a, 0)), and σ(t) − σ(−t) = (1 + s)·t;
* **the pair map** φ(h) = (σ(h), σ(−h)) has ‖φ(h)‖₂ = √(1 + s²)·‖h‖₂ and is √(1 + s²)-Lipschitz (per coordinate:
  same signs give (1 + s²)(h − h')²; opposite signs give (1 + s²)(h − h')² − 2hh'(1 − s)² ≥ that, since hh' < 0);
* |σ(t)| ≤ |t|, so ‖σ(z)‖ ≤ ‖z‖ in every norm.

Burkholz (NeurIPS 2022) covers "most activation functions"; the public LT-existence code builds its L+1 tickets for
ReLU, leaky ReLU (PyTorch's default slope 0.01), tanh and sigmoid [code].  Tanh and sigmoid are not positively
homogeneous: that code replaces the first layer's activation by the identity for them, which is no longer a pruning
of a tanh network, so they are not built here (see :mod:`verify.tickets.burkholz`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput

KINDS = ("relu", "leaky-relu", "identity")

#: PyTorch's default negative slope of ``nn.LeakyReLU``, which the LT-existence code uses [code].
DEFAULT_NEGATIVE_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """σ_s with s = ``negative_slope`` (0 for ReLU, in (0, 1) for leaky ReLU, 1 for the identity)."""

    kind: str
    negative_slope: float

    def __call__(self, values: np.ndarray) -> np.ndarray:
        if self.kind == "identity":
            return values
        if self.kind == "relu":
            return np.maximum(values, 0.0)
        return np.where(values >= 0.0, values, self.negative_slope * values)

    def slopes(self, pre_activations: np.ndarray) -> np.ndarray:
        """σ'(z) on each linear piece (1 for z > 0, s for z <= 0): the Jacobian's diagonal at a generic point."""
        return np.where(pre_activations > 0.0, 1.0, self.negative_slope)

    @property
    def pair_factor(self) -> float:
        """√(1 + s²) = ‖φ(h)‖/‖h‖ for φ(h) = (σ(h), σ(−h)), and φ's Lipschitz constant."""
        return math.sqrt(1.0 + self.negative_slope ** 2)

    @property
    def odd_part(self) -> float:
        """1 + s: σ(t) − σ(−t) = (1 + s)·t."""
        return 1.0 + self.negative_slope

    def describe(self) -> dict:
        return {"activation": self.kind, "negative_slope": float(self.negative_slope)}

    def label(self) -> str:
        return self.kind if self.kind != "leaky-relu" else f"leaky-relu (slope {self.negative_slope:g})"


RELU = Activation("relu", 0.0)
IDENTITY = Activation("identity", 1.0)


def activation(kind: str = "relu", negative_slope: float | None = None) -> Activation:
    """The activation ``kind`` ("relu", "leaky-relu" with a slope in (0, 1), or "identity")."""
    if kind not in KINDS:
        raise InvalidInput(f"activation {kind!r} is not known; allowed: {', '.join(KINDS)}")
    if kind == "relu":
        if negative_slope not in (None, 0, 0.0):
            raise InvalidInput(f"ReLU has negative slope 0, not {negative_slope!r} (use leaky-relu)")
        return RELU
    if kind == "identity":
        if negative_slope not in (None, 1, 1.0):
            raise InvalidInput(f"the identity has slope 1, not {negative_slope!r}")
        return IDENTITY
    slope = DEFAULT_NEGATIVE_SLOPE if negative_slope is None else negative_slope
    if isinstance(slope, bool) or not isinstance(slope, (int, float, np.floating)) or not math.isfinite(slope) \
            or not 0.0 < float(slope) < 1.0:
        raise InvalidInput(f"negative slope {negative_slope!r} must lie strictly between 0 and 1")
    return Activation("leaky-relu", float(slope))
