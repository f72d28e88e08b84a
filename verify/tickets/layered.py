"""Layered networks of dense and convolutional layers: the forward pass every construction's ticket is evaluated with.

A network is a list of :class:`Layer`; layer k maps h to σ_k(T_k h) with

* ``dense``: T h = M h for a matrix M (out × in) and a vector h (in,);
* ``conv``: h of shape (C, H, W), kernels K of shape (O, C, k, k), zero padding p on both sides of H and W, stride 1:

  .. math::

      (T h)[o, y, x] = \\sum_{c=0}^{C-1} \\sum_{p=0}^{k-1} \\sum_{q=0}^{k-1} K[o, c, p, q]\\;
                       \\bar h[c, y + p, x + q],\\qquad \\bar h = h \\text{ padded by zeros},

  an output of shape (O, H + 2p − k + 1, W + 2p − k + 1) (cross-correlation, as PyTorch's ``conv2d``);

and σ_k one of :mod:`verify.tickets.activations` (the identity for a linear last layer).  This is exactly the
forward pass documented by the ticket-file schema (:mod:`verify.tickets.schema`).  Every activation used is
piecewise linear and positively homogeneous and there are no biases, so the network is piecewise linear and
positively homogeneous of degree 1: on the region of an input x it is the linear map :func:`linear_map` (x).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput
from verify.tickets.activations import Activation

KINDS = ("dense", "conv")


@dataclass(frozen=True, eq=False)
class Layer:
    """One layer: ``kind``, its weights (dense: (out, in); conv: (out, in, k, k)), activation and conv padding."""

    kind: str
    weights: np.ndarray
    activation: Activation
    padding: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise InvalidInput(f"layer kind {self.kind!r} is not known; allowed: {', '.join(KINDS)}")
        expected = 2 if self.kind == "dense" else 4
        if self.weights.ndim != expected:
            raise InvalidInput(f"a {self.kind} layer needs a {expected}-dimensional weight tensor, got shape "
                               f"{self.weights.shape}")
        if self.kind == "conv" and self.weights.shape[2] != self.weights.shape[3]:
            raise InvalidInput(f"conv kernels must be square, got shape {self.weights.shape}")

    def with_weights(self, weights: np.ndarray) -> Layer:
        return Layer(self.kind, weights, self.activation, self.padding)

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        """Shape of T h for h of ``input_shape``; InvalidInput when they do not chain."""
        if self.kind == "dense":
            if input_shape != (self.weights.shape[1],):
                raise InvalidInput(f"a dense layer of shape {self.weights.shape} cannot read an input of shape "
                                   f"{input_shape}")
            return (self.weights.shape[0],)
        if len(input_shape) != 3 or input_shape[0] != self.weights.shape[1]:
            raise InvalidInput(f"a conv layer with kernels {self.weights.shape} cannot read an input of shape "
                               f"{input_shape} (channels, height, width)")
        k = self.weights.shape[2]
        height, width = (input_shape[1] + 2 * self.padding - k + 1, input_shape[2] + 2 * self.padding - k + 1)
        if height < 1 or width < 1:
            raise InvalidInput(f"kernels of side {k} with padding {self.padding} do not fit an input of shape "
                               f"{input_shape}")
        return (self.weights.shape[0], height, width)

    def linear(self, batch: np.ndarray) -> np.ndarray:
        """T h for a batch (N, *input_shape)."""
        if self.kind == "dense":
            return batch @ self.weights.T
        return conv2d(batch, self.weights, self.padding)


def conv2d(batch: np.ndarray, kernels: np.ndarray, padding: int) -> np.ndarray:
    """Cross-correlation of a batch (N, C, H, W) with kernels (O, C, k, k), zero padding, stride 1 (see the module
    docstring): for each kernel offset (p, q) in order, the shifted inputs contracted with K[:, :, p, q] over the
    channels and added up (no k²-fold copy of the input)."""
    n, channels, height, width = batch.shape
    out_channels, _, k, _ = kernels.shape
    padded = np.pad(batch, ((0, 0), (0, 0), (padding, padding), (padding, padding))) if padding else batch
    out_h, out_w = height + 2 * padding - k + 1, width + 2 * padding - k + 1
    out = np.zeros((n, out_h, out_w, out_channels))
    for p in range(k):
        for q in range(k):
            window = padded[:, :, p:p + out_h, q:q + out_w]
            out += np.tensordot(window, kernels[:, :, p, q], axes=([1], [1]))     # (N, H', W', O)
    return out.transpose(0, 3, 1, 2)


def shapes(layers, input_shape) -> list[tuple[int, ...]]:
    """The shape of every layer's input and of the output: [input_shape, after layer 1, ...]."""
    out = [tuple(int(s) for s in input_shape)]
    for layer in layers:
        out.append(layer.output_shape(out[-1]))
    return out


def forward(layers, inputs) -> np.ndarray:
    """The network's output for a batch of inputs (N, *input_shape)."""
    h = np.asarray(inputs, dtype=np.float64)
    for layer in layers:
        h = layer.activation(layer.linear(h))
    return h


def linear_map(layers, x: np.ndarray) -> np.ndarray:
    """The Jacobian at one input x: the matrix J (output size × input size) with network(x') = J x' on x's linear
    region (the activation slopes of x pushed through every layer; at a kink the slope of the left piece is used,
    which is the network's one-sided derivative there)."""
    x = np.asarray(x, dtype=np.float64)
    size = x.size
    basis = np.eye(size).reshape((size,) + x.shape)
    h, probe = x[None], basis
    for layer in layers:
        z = layer.linear(h)
        slopes = layer.activation.slopes(z)
        h = layer.activation(z)
        probe = layer.linear(probe) * slopes
    return probe.reshape(size, -1).T
