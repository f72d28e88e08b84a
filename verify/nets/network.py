"""Fully connected ReLU networks in numpy, with binary masks and hand-written gradients.

A network with widths n_0, ..., n_L maps a batch X ∈ R^{B×n_0} (one sample per row) through

.. math::

    h_0 = x, \\qquad h_i = σ(\\tilde W_i h_{i−1} + \\tilde b_i)\\ (1 ≤ i < L), \\qquad f(x) = \\tilde W_L h_{L−1} +
    \\tilde b_L,

σ = ReLU, the last layer linear, with *effective* parameters W̃_i = W_i ⊙ M_i and b̃_i = b_i ⊙ m_i: raw parameters
times binary masks.  W_i has shape (n_i, n_{i−1}).  Depth L counts weight matrices (the Plant 'n' Seek code's
"depth 5" counts neuron layers: it is L = 4 here).

Backward pass (reverse-mode, derived by the chain rule; verified against central finite differences in the tests).
With δ_L = ∂ℓ/∂f (the loss gradient with respect to the outputs, one row per sample) and, going down,
δ_{i−1} = (δ_i W̃_i) ⊙ 1[h_{i−1} > 0] (σ'(0) taken as 0),

.. math::

    G_i = ∂ℓ/∂\\tilde W_i = δ_i^⊤ h_{i−1}, \\quad g_i = ∂ℓ/∂\\tilde b_i = \\textstyle\\sum_b δ_{i,b},

and then, because W̃ = W ⊙ M entry by entry,

.. math::

    ∂ℓ/∂W_i = G_i ⊙ M_i, \\qquad ∂ℓ/∂M_i = G_i ⊙ W_i   (the mask relaxed to real values)

and likewise for biases.  The mask gradient is what SNIP (|∂ℓ/∂M|), SynFlow (the same on a network with |W| and an
all-ones input) and edge-popup (straight-through: the score gradient is ∂ℓ/∂M) are built from; see
:meth:`Network.backward`.

Masks are stored as boolean arrays; ``masks=None`` means dense.  Raw values under a zero mask are kept (edge-popup
needs them) unless a caller zeroes them (:meth:`Network.with_masks`); the forward pass never sees them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from verify.errors import InvalidInput
from verify.nets import losses
from verify.nets.initializers import check_widths, initial_parameters
from verify.nets.layered import LayerArrays
from verify.nets.netfile import read_network_file, save_network


@dataclass(frozen=True, eq=False)
class Gradients(LayerArrays):
    """∂ℓ/∂W_i and ∂ℓ/∂b_i of the *raw* parameters (``weights``, ``biases``), plus, when asked for, ``masks``:
    ∂ℓ/∂M_i and ∂ℓ/∂m_i (a :class:`LayerArrays`; bias entries present whenever the network has biases)."""

    masks: LayerArrays | None = None


@dataclass(frozen=True, eq=False)
class Trace:
    """What the backward pass needs from a forward pass: the layer inputs h_0..h_{L−1}, the effective parameters
    used, and the outputs."""

    inputs: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...] | None
    outputs: np.ndarray


def _as_float_array(values, what: str) -> np.ndarray:
    try:
        array = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} must be an array of numbers") from None
    return array


def _check_masks(masks: LayerArrays, params: LayerArrays) -> LayerArrays:
    if not isinstance(masks, LayerArrays):
        raise InvalidInput(f"masks must be a LayerArrays of boolean arrays, got {type(masks).__name__}")
    if len(masks.weights) != params.depth:
        raise InvalidInput(f"{len(masks.weights)} weight masks for a network of depth {params.depth}")
    checked_w = []
    for i, (m, w) in enumerate(zip(masks.weights, params.weights)):
        m = np.asarray(m)
        if m.shape != w.shape:
            raise InvalidInput(f"weight mask {i} has shape {m.shape}, the weights have {w.shape}")
        checked_w.append(_as_bool(m, f"weight mask {i}"))
    checked_b = None
    if masks.biases is not None:
        if params.biases is None:
            raise InvalidInput("bias masks given for a network without biases")
        checked_b = []
        for i, (m, b) in enumerate(zip(masks.biases, params.biases)):
            m = np.asarray(m)
            if m.shape != b.shape:
                raise InvalidInput(f"bias mask {i} has shape {m.shape}, the biases have {b.shape}")
            checked_b.append(_as_bool(m, f"bias mask {i}"))
    return LayerArrays(tuple(checked_w), None if checked_b is None else tuple(checked_b))


def _as_bool(m: np.ndarray, what: str) -> np.ndarray:
    if m.dtype == np.bool_:
        return m.copy()
    if np.issubdtype(m.dtype, np.number) and np.all((m == 0) | (m == 1)):
        return m.astype(np.bool_)
    raise InvalidInput(f"{what} must be binary (booleans or 0/1)")


class Network:
    """A fully connected ReLU network: raw parameters (``params``) and optional binary masks (``masks``).

    Build one with :meth:`Network.init` (random initialisation) or ``Network(weights, biases, masks)``; training
    (:func:`verify.train.loop.train`) updates the raw parameters in place and never moves a masked entry.

    >>> net = Network.init([64, 300, 100, 10], init="glorot_normal", bias=True, seed=0)
    >>> net.widths, net.depth
    ((64, 300, 100, 10), 3)
    """

    def __init__(self, weights, biases=None, masks: LayerArrays | None = None):
        weights = tuple(_as_float_array(w, f"weight matrix {i}") for i, w in enumerate(weights))
        if not weights:
            raise InvalidInput("a network needs at least one weight matrix")
        for i, w in enumerate(weights):
            if w.ndim != 2 or w.size == 0:
                raise InvalidInput(f"weight matrix {i} must be a non-empty 2-D array, got shape {w.shape}")
            if i and w.shape[1] != weights[i - 1].shape[0]:
                raise InvalidInput(f"weight matrix {i} has shape {w.shape} but layer {i} has "
                                   f"{weights[i - 1].shape[0]} neurons (W_i must be (n_i, n_{{i-1}}))")
        if biases is not None:
            biases = tuple(_as_float_array(b, f"bias vector {i}") for i, b in enumerate(biases))
            if len(biases) != len(weights) or any(b.shape != (w.shape[0],) for b, w in zip(biases, weights)):
                raise InvalidInput(f"bias shapes {[b.shape for b in biases]} do not match the layer widths "
                                   f"{[w.shape[0] for w in weights]}")
        self._params = LayerArrays(weights, biases)
        self._masks = None if masks is None else _check_masks(masks, self._params)

    # -- construction --------------------------------------------------------------------------------------------
    @classmethod
    def init(cls, widths, init: str = "he_normal", bias: bool = True, bias_init: str = "zeros",
             scale: float = 1.0, seed=None) -> Network:
        """A dense network with freshly drawn parameters (see :mod:`verify.nets.initializers` for the laws).

        ``widths`` = (n_0, ..., n_L) including input and output; ``seed``: ``None`` (0), an int, or a Generator.
        """
        return cls._from_params(initial_parameters(widths, init, bias, bias_init, scale, seed), None)

    @classmethod
    def _from_params(cls, params: LayerArrays, masks: LayerArrays | None) -> Network:
        """Internal constructor that trusts its (already validated, float64) arrays and takes ownership."""
        net = cls.__new__(cls)
        net._params = params
        net._masks = masks
        return net

    def copy(self) -> Network:
        """A deep copy (parameters and masks)."""
        return Network._from_params(self._params.copy(), None if self._masks is None else self._masks.copy())

    def map(self, function) -> Network:
        """A copy with ``function`` applied to every raw parameter array, masks kept (SynFlow: ``net.map(np.abs)``)."""
        params = self._params.map(lambda a: np.asarray(function(a), dtype=np.float64))
        return Network._from_params(params, None if self._masks is None else self._masks.copy())

    def with_masks(self, masks: LayerArrays | None, zero_pruned: bool = True) -> Network:
        """A copy carrying ``masks`` (``None``: dense).  With ``zero_pruned`` (default) raw entries under a zero
        mask are set to exactly 0, so ``weights`` shows the ticket itself; edge-popup keeps them
        (``zero_pruned=False``)."""
        masks = None if masks is None else _check_masks(masks, self._params)
        net = Network._from_params(self._params.copy(), masks)
        if zero_pruned:
            net.zero_pruned()
        return net

    def set_masks(self, masks: LayerArrays | None) -> None:
        """Replace the masks in place; raw values are untouched (for methods whose masks change every step)."""
        self._masks = None if masks is None else _check_masks(masks, self._params)

    def zero_pruned(self) -> None:
        """Set raw entries under a zero mask to exactly 0 (in place)."""
        if self._masks is None:
            return
        for p, m in zip(self._params.weights, self._masks.weights):
            p[~m] = 0.0
        if self._masks.biases is not None:
            for p, m in zip(self._params.biases, self._masks.biases):
                p[~m] = 0.0

    # -- structure -----------------------------------------------------------------------------------------------
    @property
    def params(self) -> LayerArrays:
        """The raw parameters (arrays are live: modifying them modifies the network)."""
        return self._params

    @property
    def weights(self) -> tuple[np.ndarray, ...]:
        return self._params.weights

    @property
    def biases(self) -> tuple[np.ndarray, ...] | None:
        return self._params.biases

    @property
    def masks(self) -> LayerArrays | None:
        """Boolean masks (``None``: dense; ``masks.biases is None``: biases unmasked)."""
        return self._masks

    @property
    def has_biases(self) -> bool:
        return self._params.biases is not None

    @property
    def widths(self) -> tuple[int, ...]:
        return (self._params.weights[0].shape[1],) + tuple(w.shape[0] for w in self._params.weights)

    @property
    def depth(self) -> int:
        """Number of weight matrices L (neuron layers including input and output: L + 1)."""
        return len(self._params.weights)

    def effective(self) -> LayerArrays:
        """Effective parameters W ⊙ M and b ⊙ m (the raw arrays themselves where there is no mask)."""
        p, m = self._params, self._masks
        if m is None:
            return p
        weights = tuple(w * k for w, k in zip(p.weights, m.weights))
        if p.biases is None or m.biases is None:
            return LayerArrays(weights, p.biases)
        return LayerArrays(weights, tuple(b * k for b, k in zip(p.biases, m.biases)))

    def mask_arrays(self) -> LayerArrays:
        """Masks as a full :class:`LayerArrays` (all-true arrays where the network has no mask)."""
        p, m = self._params, self._masks
        weights = m.weights if m is not None else tuple(np.ones(w.shape, np.bool_) for w in p.weights)
        if p.biases is None:
            return LayerArrays(weights, None)
        biases = (m.biases if m is not None and m.biases is not None
                  else tuple(np.ones(b.shape, np.bool_) for b in p.biases))
        return LayerArrays(weights, biases)

    # -- forward / backward --------------------------------------------------------------------------------------
    def _check_inputs(self, x) -> np.ndarray:
        x = _as_float_array(x, "inputs")
        if x.ndim != 2 or x.shape[1] != self.widths[0]:
            raise InvalidInput(f"inputs must have shape (batch, {self.widths[0]}), got {x.shape}")
        return x

    def forward(self, x) -> np.ndarray:
        """Outputs f(x) for a batch x of shape (B, n_0); returns (B, n_L)."""
        return self.trace(x).outputs

    __call__ = forward

    def trace(self, x) -> Trace:
        """Forward pass keeping what :meth:`backward` needs."""
        return forward(self.effective(), self._check_inputs(x))

    def backward(self, trace: Trace, output_gradient, mask_gradients: bool = False) -> Gradients:
        """Gradients of ℓ given ∂ℓ/∂f (``output_gradient``, shape (B, n_L)) for the forward pass ``trace``.

        Any scalar ℓ(f) works: a loss, or R = Σ f for SynFlow (``output_gradient = ones``).  With
        ``mask_gradients`` the result also carries ∂ℓ/∂M = G ⊙ W and ∂ℓ/∂m = g ⊙ b.
        """
        delta = _as_float_array(output_gradient, "output gradient")
        if delta.shape != trace.outputs.shape:
            raise InvalidInput(f"output gradient has shape {delta.shape}, the outputs have {trace.outputs.shape}")
        effective_grads = backward(trace, delta)
        return self._parameter_gradients(effective_grads, mask_gradients)

    def _parameter_gradients(self, g: LayerArrays, mask_gradients: bool) -> Gradients:
        p, m = self._params, self._masks
        if m is None:
            weights, biases = g.weights, g.biases
        else:
            weights = tuple(gw * k for gw, k in zip(g.weights, m.weights))
            biases = g.biases if (g.biases is None or m.biases is None) else tuple(
                gb * k for gb, k in zip(g.biases, m.biases))
        mask_grads = g * p if mask_gradients else None
        return Gradients(weights, biases, masks=mask_grads)

    def loss(self, x, y, loss: str = "cross_entropy") -> float:
        """ℓ(f(x), y) averaged over the batch (see :mod:`verify.nets.losses`)."""
        return losses.loss_value(loss, self.forward(x), y)

    def loss_and_gradients(self, x, y, loss: str = "cross_entropy", mask_gradients: bool = False):
        """``(ℓ, Gradients)`` for the batch (x, y): one forward and one backward pass."""
        trace = self.trace(x)
        value, delta = losses.loss_and_gradient(loss, trace.outputs, y)
        return value, self._parameter_gradients(backward(trace, delta), mask_gradients)

    def predict(self, x) -> np.ndarray:
        """Class predictions argmax_k f(x)_k."""
        return np.argmax(self.forward(x), axis=1)

    # -- files ---------------------------------------------------------------------------------------------------
    def save(self, path, metadata: dict | None = None) -> None:
        """Write the network to ``path`` (.npz, schema in :mod:`verify.nets.netfile`)."""
        save_network(self, path, metadata)

    @classmethod
    def load(cls, path) -> Network:
        """Read a network written by :meth:`save`; a wrong or damaged file raises :class:`InvalidInput`."""
        stored = read_network_file(path)
        return cls(stored.weights, stored.biases, stored.masks)

    # -- display -------------------------------------------------------------------------------------------------
    def __repr__(self) -> str:
        widths = "-".join(str(n) for n in self.widths)
        masked = ""
        if self._masks is not None:
            kept = sum(int(m.sum()) for m in self._masks.weights)
            total = sum(m.size for m in self._masks.weights)
            masked = f", weight density {kept / total:.4g}"
        return f"Network({widths}, biases={'yes' if self.has_biases else 'no'}{masked})"


# Kernels for the element-wise steps around the matrix products: one pass each instead of numpy's two (bias add,
# then ReLU; comparison into a boolean array, then the product), computing exactly what those numpy expressions
# compute (tests/nets/test_layer_kernels.py holds them to it bit for bit, signed zeros and NaNs included).
@njit(cache=True, nogil=True, error_model="numpy")
def _add_bias_relu(z, bias, relu):
    """z ← z + b row-wise (``bias`` may be empty: no bias), then, with ``relu``, z ← np.maximum(z, 0.0): z where
    z > 0 or z is NaN (kept as it is), else +0.0 — numpy's maximum returns its second argument, +0.0, for −0.0."""
    rows, columns = z.shape
    has_bias = bias.shape[0] > 0
    for r in range(rows):
        for c in range(columns):
            value = z[r, c] + bias[c] if has_bias else z[r, c]
            if relu and not (value > 0.0 or value != value):
                value = 0.0
            z[r, c] = value


@njit(cache=True, nogil=True, error_model="numpy")
def _relu_gradient(delta, h):
    """δ ← δ · 1[h > 0] (the indicator as 1.0 or 0.0, as ``delta *= h > 0.0`` multiplies by the boolean)."""
    rows, columns = delta.shape
    for r in range(rows):
        for c in range(columns):
            delta[r, c] = delta[r, c] * (1.0 if h[r, c] > 0.0 else 0.0)


_NO_BIAS = np.zeros(0)


def forward(effective: LayerArrays, x: np.ndarray, out=None) -> Trace:
    """The forward pass on *effective* parameters (masks already applied), kept for :func:`backward`.

    h_0 = x, h_i = σ(h_{i−1} W̃_iᵀ + b̃_i) row-wise for i < L, f = h_{L−1} W̃_Lᵀ + b̃_L (the last layer linear).
    ``x`` is a float64 batch (B, n_0) that the caller has validated; returns the layer inputs h_0..h_{L−1}, the
    parameters used and the outputs f (B, n_L).  :meth:`Network.forward` is the validating entry point.
    ``out``: optional C-contiguous float64 buffers, one per layer of at least B rows and n_i columns, that receive
    h_1..h_{L−1} and f instead of fresh arrays (the training loop reuses them every step; same operations, same
    bits).
    """
    inputs = []
    h = x
    rows = x.shape[0]
    last = effective.depth - 1
    biases = effective.biases
    for i, w in enumerate(effective.weights):
        inputs.append(h)
        z = h @ w.T if out is None else np.matmul(h, w.T, out=out[i][:rows])
        if biases is not None or i < last:
            _add_bias_relu(z, _NO_BIAS if biases is None else biases[i], i < last)
        h = z
    return Trace(tuple(inputs), effective.weights, biases, h)


def backward(trace: Trace, delta: np.ndarray, out: LayerArrays | None = None, scratch=None) -> LayerArrays:
    """Reverse mode through a :func:`forward` trace: gradients with respect to the *effective* parameters.

    With δ_L = ``delta`` = ∂ℓ/∂f (B, n_L): G_i = δ_iᵀ h_{i−1}, g_i = Σ_b δ_{i,b}, δ_{i−1} = (δ_i W̃_i) ⊙ 1[h_{i−1} > 0]
    (σ'(0) = 0; the module docstring derives it).  ``delta`` is overwritten.  :meth:`Network.backward` turns these
    into raw-parameter and mask gradients.  ``out``: optional C-contiguous arrays shaped like the gradients that
    receive them (then returned); ``scratch``: optional buffers, one per layer 1..L−1 (index i − 1) of at least B
    rows and n_i columns, for δ_1..δ_{L−1} — the training loop reuses both every step (same operations, same bits).
    """
    depth = len(trace.weights)
    rows = delta.shape[0]
    if out is None:
        grad_w: list = [None] * depth
        grad_b: list | None = [None] * depth if trace.biases is not None else None
    else:
        grad_w, grad_b = list(out.weights), None if out.biases is None else list(out.biases)
    for i in range(depth - 1, -1, -1):
        h = trace.inputs[i]
        if out is None:
            grad_w[i] = delta.T @ h
            if grad_b is not None:
                grad_b[i] = delta.sum(axis=0)
        else:
            np.matmul(delta.T, h, out=grad_w[i])
            if grad_b is not None:
                np.add.reduce(delta, axis=0, out=grad_b[i])
        if i:
            delta = delta @ trace.weights[i] if scratch is None else np.matmul(
                delta, trace.weights[i], out=scratch[i - 1][:rows])
            _relu_gradient(delta, h)
    if out is not None:
        return out
    return LayerArrays(tuple(grad_w), None if grad_b is None else tuple(grad_b))


def check_network_matches(net: Network, n_inputs: int, n_outputs: int, what: str = "the data") -> None:
    """Refuse a network whose input/output widths differ from ``what``'s."""
    widths = net.widths
    if widths[0] != n_inputs or widths[-1] != n_outputs:
        raise InvalidInput(f"network {'-'.join(map(str, widths))} does not fit {what}: it needs "
                           f"{n_inputs} inputs and {n_outputs} outputs")


__all__ = ["Network", "Gradients", "Trace", "check_widths", "check_network_matches"]
