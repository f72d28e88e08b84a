"""Exact Hessian-vector products of a network's loss (Pearlmutter's R-operator), for GraSP.

For the loss ℓ(θ) = L(c ⊙ f(x; θ), y) of a :class:`verify.nets.network.Network` on a batch (L the mean squared error or
the cross-entropy of :mod:`verify.nets.losses`, c a fixed per-output factor such as GraSP's 1/T or the planted output
scales' reciprocals), :func:`hessian_vector_product` returns the gradient g = ∇ℓ and H v for a direction v, both with
respect to the raw parameters (W ⊙ M enters the forward pass, so derivatives carry the masks: g = M ⊙ G and
H v = M ⊙ H̃ (M ⊙ v), H̃ the Hessian in the effective parameters).

R{·} denotes the directional derivative d/dt ·(θ + t v) at t = 0.  With z_i = h_{i−1} W_iᵀ + b_i, h_i = σ(z_i) and
the direction (V_i, u_i):

.. math::

    R z_i = h_{i−1} V_i^⊤ + (R h_{i−1}) W_i^⊤ + u_i, \\quad R h_i = 1[z_i > 0] ⊙ R z_i, \\quad R h_0 = 0,

the output gradient δ_L = c ⊙ ∂L/∂f̃ and R δ_L = c ⊙ ∇²L · (c ⊙ R f) (∇²L = 2/(BK)·I for the mean squared error;
(diag p − p pᵀ)/B per sample for the cross-entropy, p the softmax), and going down (σ'' = 0 almost everywhere)

.. math::

    R G_i = (R δ_i)^⊤ h_{i−1} + δ_i^⊤ R h_{i−1}, \\quad R g_{b_i} = \\textstyle\\sum_b R δ_i,
    \\quad R δ_{i−1} = 1[z_{i−1} > 0] ⊙ (R δ_i W_i + δ_i V_i).

One forward and one backward pass, exact (no finite differences): the tests compare it with central differences of
the gradient and check the symmetry uᵀ(H v) = vᵀ(H u).
"""

from __future__ import annotations

import numpy as np

from verify.errors import InvalidInput
from verify.nets import losses
from verify.nets.layered import LayerArrays
from verify.nets.network import forward


def _output_factor(output_scale, n_outputs: int) -> np.ndarray:
    if output_scale is None:
        return np.ones(n_outputs)
    factor = np.broadcast_to(np.asarray(output_scale, dtype=np.float64), (n_outputs,)).copy()
    if not np.all(np.isfinite(factor)):
        raise InvalidInput("output factors must be finite")
    return factor


def loss_hessian_product(loss: str, outputs: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """∇²L(outputs) · direction for the batch-mean loss L (row-wise)."""
    losses.check_loss(loss)
    if loss == "mse":
        return direction * (2.0 / direction.size)
    p = np.exp(losses.log_softmax(outputs))
    return (p * direction - p * np.sum(p * direction, axis=1, keepdims=True)) / outputs.shape[0]


def hessian_vector_product(net, x, y, loss: str, vector: LayerArrays, output_scale=None):
    """``(ℓ, g, Hv)`` with g = ∇ℓ and Hv the Hessian of ℓ times ``vector`` (both :class:`LayerArrays` of the raw
    parameters' shapes; see the module docstring).  ``output_scale``: the factor c on the outputs (scalar or one per
    output; default 1)."""
    x = np.asarray(x, dtype=np.float64)
    effective = net.effective()
    keep = net.mask_arrays()
    vector.combine(keep, lambda a, b: a)  # alignment check
    if (vector.biases is None) != (effective.biases is None):
        raise InvalidInput("the direction must have bias entries exactly when the network has biases")
    v = vector.combine(keep, lambda a, k: np.asarray(a, dtype=np.float64) * k)
    if effective.biases is not None and v.biases is None:
        raise InvalidInput("the direction must have bias entries exactly when the network has biases")
    trace = forward(effective, x)
    depth = len(effective.weights)
    c = _output_factor(output_scale, trace.outputs.shape[1])

    # R-forward
    r_inputs = [np.zeros_like(x)]
    r_h = np.zeros_like(x)
    for i in range(depth):
        h = trace.inputs[i]
        r_z = h @ v.weights[i].T + r_h @ effective.weights[i].T
        if v.biases is not None:
            r_z = r_z + v.biases[i]
        if i < depth - 1:
            r_h = r_z * (trace.inputs[i + 1] > 0.0)
            r_inputs.append(r_h)
        else:
            r_out = r_z
    scaled = trace.outputs * c
    value, d_scaled = losses.loss_and_gradient(loss, scaled, y)
    delta = d_scaled * c
    r_delta = loss_hessian_product(loss, scaled, r_out * c) * c

    grad_w, grad_b = [None] * depth, [None] * depth
    hv_w, hv_b = [None] * depth, [None] * depth
    for i in range(depth - 1, -1, -1):
        h, r_h = trace.inputs[i], r_inputs[i]
        grad_w[i] = delta.T @ h
        hv_w[i] = r_delta.T @ h + delta.T @ r_h
        grad_b[i] = delta.sum(axis=0)
        hv_b[i] = r_delta.sum(axis=0)
        if i:
            active = h > 0.0
            new_delta = (delta @ effective.weights[i]) * active
            r_delta = (r_delta @ effective.weights[i] + delta @ v.weights[i]) * active
            delta = new_delta
    has_biases = effective.biases is not None
    gradient = LayerArrays(tuple(grad_w), tuple(grad_b) if has_biases else None)
    product = LayerArrays(tuple(hv_w), tuple(hv_b) if has_biases else None)
    return value, gradient.combine(keep, np.multiply), product.combine(keep, np.multiply)
