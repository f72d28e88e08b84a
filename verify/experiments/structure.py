"""Pensia et al.'s "our structure" stored compactly: degree-1 stages as (r, d_in) arrays, for edge-popup.

Spec pensia2020.md, Experiment 2 [code].  Each target layer d_in → d_out of a target with widths (n_0, ..., n_L) is
replaced by two stages:

* a **degree-1 stage**: r copies of every input, copy c of input j computing u_{c,j} = ã_{c,j} x_j with its single
  weight a_{c,j} (ã = a ⊙ M_a); the array a has shape (r, d_in) — the only non-zero entries of the (r·d_in) × d_in
  matrix A whose row c·d_in + j holds a_{c,j} at column j (:func:`verify.experiments.experiment2.degree_one`);
* a **dense stage** Ṽ = V ⊙ M_V of shape (d_out, r·d_in), column c·d_in + j reading copy c of input j;

followed by the target layer's own ReLU (none after the last).  Two variants [code]:

* ``relu=True`` ("ours-relu", the literal construction): h = σ(u), z = h Ṽᵀ;
* ``relu=False`` ("ours-linear"): no ReLU after the degree-1 stage, so the pair is the single linear map
  P = Ṽ A, P[o, j] = Σ_c Ṽ[o, c·d_in + j] ã_{c,j}, and the network is the n_0-…-n_L network of the products.

Storing a as (r, d_in) instead of the (r·d_in) × d_in matrix makes a stage cost O(B·r·d_in) instead of
O(B·r·d_in²) (on MNIST, 784 times less) and the product P cost O(d_out·r·d_in) instead of O(d_out·r·d_in²).

Mask gradients (the relaxed masks of edge-popup's straight-through step; ∂ℓ/∂M = ∂ℓ/∂W̃ ⊙ W) [derived]:

* ReLU variant, per layer from the last, with δ = ∂ℓ/∂z (B, d_out), h = σ(u) (B, r·d_in), x the stage's input:
  ∂ℓ/∂Ṽ = δᵀ h;  ∂ℓ/∂u = (δ Ṽ) ⊙ 1[u > 0];  ∂ℓ/∂ã_{c,j} = Σ_b ∂ℓ/∂u_{b,c,j} x_{b,j};
  ∂ℓ/∂x_{b,j} = Σ_c ∂ℓ/∂u_{b,c,j} ã_{c,j}, then times 1[x > 0] into the previous layer's δ (x = σ(z_prev));
* linear variant, with G = ∂ℓ/∂P from the product network's backward pass:
  ∂ℓ/∂Ṽ[o, c·d_in + j] = G[o, j] ã_{c,j};  ∂ℓ/∂ã_{c,j} = Σ_o G[o, j] Ṽ[o, c·d_in + j].

Both are checked in the tests against the dense (r·d_in) × d_in form run through the network engine and against
central finite differences.  Weights [code]: a ~ N(0, 2), V ~ N(0, 2/(r·d_in)); no biases (the theory's targets).
"""

from __future__ import annotations

import math

import numpy as np

from verify.errors import InvalidInput
from verify.nets import losses
from verify.nets.layered import LayerArrays
from verify.nets.network import backward, forward
from verify.streams import PURPOSE_NETWORK_INIT, stream

EVAL_CHUNK = 2048
BLOCK_STRUCTURE = 21  # PURPOSE_NETWORK_INIT block of the compact draws (clear of initial_parameters' 0 and 1)

__all__ = ["RedundantStructure", "structure_parameters", "compact_arrays"]


def structure_parameters(widths, r: int) -> int:
    """Parameters of "our structure" for a target of ``widths``: Σ_i (r·n_{i−1} + r·n_{i−1}·n_i) (degree-1 stages
    count their r·d_in edges)."""
    widths = [int(w) for w in widths]
    return sum(r * a + r * a * b for a, b in zip(widths[:-1], widths[1:]))


def compact_arrays(seed: int, widths, r: int) -> list[np.ndarray]:
    """[a_1, V_1, a_2, V_2, ...]: a_i ~ N(0, 2) of shape (r, n_{i−1}), V_i ~ N(0, 2/(r·n_{i−1})) of shape
    (n_i, r·n_{i−1}), drawn in that order from ``(seed, PURPOSE_NETWORK_INIT, block 21)``."""
    generator = stream(seed, PURPOSE_NETWORK_INIT, BLOCK_STRUCTURE)
    arrays = []
    for d_in, d_out in zip(widths[:-1], widths[1:]):
        arrays.append(math.sqrt(2.0) * generator.standard_normal((r, d_in)))
        arrays.append(math.sqrt(2.0 / (r * d_in)) * generator.standard_normal((d_out, r * d_in)))
    return arrays


class RedundantStructure:
    """"Our structure" for edge-popup (:func:`verify.prune.edgepopup.edge_popup`): frozen ``arrays`` = [a_1, V_1,
    ...] (see the module docstring), every entry allowed, ``fan_in`` = d_in for a_i (as the dense form's (r·d_in) ×
    d_in matrix has) and r·d_in for V_i."""

    def __init__(self, arrays, relu: bool):
        self.arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
        if len(self.arrays) % 2 or not self.arrays:
            raise InvalidInput("our structure needs pairs (degree-1 stage, dense stage)")
        for a, v in zip(self.arrays[0::2], self.arrays[1::2]):
            if a.ndim != 2 or v.ndim != 2 or v.shape[1] != a.size:
                raise InvalidInput(f"a degree-1 stage of shape {a.shape} does not feed a dense stage of shape "
                                   f"{v.shape}")
        self.relu = bool(relu)
        self.redundancy = self.arrays[0].shape[0]
        self.allowed = [np.ones(a.shape, np.bool_) for a in self.arrays]
        self.fan_in = [a.shape[1] for a in self.arrays]
        self.output_scale = None

    @property
    def depth(self) -> int:
        """Target layers (pairs of stages)."""
        return len(self.arrays) // 2

    def _tilde(self, masks):
        return [a * m for a, m in zip(self.arrays, masks)]

    # -- the linear variant: the product network ---------------------------------------------------------------
    def products(self, masks) -> list[np.ndarray]:
        """P_i = Ṽ_i A_i (n_i × n_{i−1}) for the supermask ``masks``."""
        tilde = self._tilde(masks)
        out = []
        for a, v in zip(tilde[0::2], tilde[1::2]):
            r, d_in = a.shape
            out.append(np.einsum("ocj,cj->oj", v.reshape(v.shape[0], r, d_in), a))
        return out

    # -- forward ------------------------------------------------------------------------------------------------
    def _relu_forward(self, tilde, x):
        """(outputs, per layer (x, u, h)) of the ReLU variant."""
        cache = []
        last = self.depth - 1
        for i, (a, v) in enumerate(zip(tilde[0::2], tilde[1::2])):
            u = (x[:, None, :] * a[None, :, :]).reshape(len(x), -1)
            h = np.maximum(u, 0.0)
            z = h @ v.T
            cache.append((x, u, h))
            x = np.maximum(z, 0.0) if i < last else z
        return x, cache

    def _outputs(self, masks, x) -> np.ndarray:
        if self.relu:
            return self._relu_forward(self._tilde(masks), x)[0]
        return forward(LayerArrays(tuple(self.products(masks)), None), x).outputs

    def outputs(self, masks, x) -> np.ndarray:
        """The network's outputs on ``x`` (B, n_0) under the supermask ``masks``."""
        x = np.asarray(x, dtype=np.float64)
        return np.concatenate([self._outputs(masks, x[s:s + EVAL_CHUNK]) for s in range(0, len(x), EVAL_CHUNK)])

    # -- gradients ----------------------------------------------------------------------------------------------
    def loss_and_mask_gradients(self, masks, x, y, loss: str):
        """(ℓ, [∂ℓ/∂M for every array]) for the batch with supermask ``masks`` (module docstring)."""
        x = np.asarray(x, dtype=np.float64)
        tilde = self._tilde(masks)
        if self.relu:
            outputs, cache = self._relu_forward(tilde, x)
            value, delta = losses.loss_and_gradient(loss, outputs, y)
            grads = self._relu_backward(tilde, cache, delta)
        else:
            products = self.products(masks)
            trace = forward(LayerArrays(tuple(products), None), x)
            value, delta = losses.loss_and_gradient(loss, trace.outputs, y)
            grads = self._linear_backward(tilde, backward(trace, delta).weights)
        return value, [g * w for g, w in zip(grads, self.arrays)]

    def _relu_backward(self, tilde, cache, delta) -> list[np.ndarray]:
        grads: list = [None] * len(tilde)
        for i in range(self.depth - 1, -1, -1):
            a, v = tilde[2 * i], tilde[2 * i + 1]
            x, u, h = cache[i]
            r, d_in = a.shape
            grads[2 * i + 1] = delta.T @ h
            du = (delta @ v) * (u > 0.0)
            du = du.reshape(len(x), r, d_in)
            grads[2 * i] = np.einsum("bcj,bj->cj", du, x)
            if i:
                delta = np.einsum("bcj,cj->bj", du, a) * (x > 0.0)
        return grads

    def _linear_backward(self, tilde, product_grads) -> list[np.ndarray]:
        grads: list = []
        for (a, v), g in zip(zip(tilde[0::2], tilde[1::2]), product_grads):
            r, d_in = a.shape
            grads.append(np.einsum("ocj,oj->cj", v.reshape(v.shape[0], r, d_in), g))
            grads.append((g[:, None, :] * a[None, :, :]).reshape(v.shape))
        return grads
