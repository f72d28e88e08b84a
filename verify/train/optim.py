"""Optimisers: SGD with momentum and Adam, with L2 weight decay, a cosine schedule, and masks.

Both follow PyTorch's update rules (the settings of the papers were tuned with them).  For a parameter w with
gradient g at step t = 1, 2, ... and learning rate η_t, first g ← g + λ w (weight decay λ), then

* SGD (momentum μ, no dampening):  u ← μ u + g (u = g at t = 1);  w ← w − η_t u
  (Nesterov: w ← w − η_t (g + μ u));
* Adam (β₁, β₂, ε):  m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,
  w ← w − (η_t / (1 − β₁^t)) · m / (√v / √(1 − β₂^t) + ε)   (Kingma & Ba 2015, as ``torch.optim.Adam`` computes it).

Schedules: ``"constant"`` (η_t = η) or ``"cosine"``: η_t = η · ½(1 + cos(π (t − 1) / T)) over the T steps of the
run (no restarts, minimum 0, updated every step).

Masks: an entry whose mask is zero is never touched — its value, its gradient contribution and its optimiser state
(u, m, v, set to 0) — so a masked entry stays exactly what it was (exactly 0 for a pruned ticket) through any
training.  The updates run in one fused, vectorised pass over all parameter arrays (one numba call per step),
measured against the same rule as numpy array expressions in ``slth bench train``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from verify.errors import InvalidInput
from verify.validate import check_choice, check_real, check_unit_interval

SCHEDULES = ("constant", "cosine")


# Kernels: branch-free (a masked entry is multiplied by 0 rather than skipped) and compiled with numpy's error
# model (no ZeroDivisionError check), which lets LLVM vectorise the loop; about 2x faster than the branching loop
# (slth bench train).  For a masked entry with finite w and g every term is ±0, so w − (±0) = w: it never moves.
# One call updates every parameter array of a step (tuples of flat C-contiguous arrays, array a of each tuple
# belonging together): the per-entry arithmetic is the same whichever way the arrays are grouped.
@njit(cache=True, nogil=True, error_model="numpy")
def _sgd_kernel(ws, gs, us, keeps, lr, momentum, weight_decay, nesterov, first):
    for a in range(len(ws)):
        w, g, u, keep = ws[a], gs[a], us[a], keeps[a]
        for k in range(w.shape[0]):
            kept = 1.0 if keep[k] else 0.0
            grad = kept * (g[k] + weight_decay * w[k])
            if momentum != 0.0:
                velocity = grad if first else kept * (momentum * u[k] + grad)
                u[k] = velocity
                grad = grad + momentum * velocity if nesterov else velocity
            w[k] = w[k] - lr * grad


@njit(cache=True, nogil=True, error_model="numpy")
def _adam_kernel(ws, gs, ms, vs, keeps, step_size, sqrt_bc2, beta1, beta2, eps, weight_decay):
    for a in range(len(ws)):
        w, g, m, v, keep = ws[a], gs[a], ms[a], vs[a], keeps[a]
        for k in range(w.shape[0]):
            kept = 1.0 if keep[k] else 0.0
            grad = kept * (g[k] + weight_decay * w[k])
            first = kept * (beta1 * m[k] + (1.0 - beta1) * grad)
            second = kept * (beta2 * v[k] + (1.0 - beta2) * (grad * grad))
            m[k] = first
            v[k] = second
            w[k] = w[k] - step_size * (first / (math.sqrt(second) / sqrt_bc2 + eps))


def learning_rate(lr: float, schedule: str, step: int, total_steps: int) -> float:
    """η_t for step t (1-based) of ``total_steps``."""
    if schedule == "constant":
        return lr
    return lr * 0.5 * (1.0 + math.cos(math.pi * (step - 1) / total_steps))


def _flat(array: np.ndarray) -> np.ndarray:
    flat = array.reshape(-1)
    if not np.shares_memory(flat, array):  # pragma: no cover - parameters are always contiguous
        raise RuntimeError("parameter arrays must be contiguous")
    return flat


def _flat_view(array: np.ndarray, dtype) -> np.ndarray:
    """``array`` as a flat C-contiguous array of ``dtype`` (itself when it already is one: no copy, no call)."""
    if array.ndim == 1 and array.dtype == dtype and array.flags.c_contiguous:
        return array
    return np.ascontiguousarray(array, dtype=dtype).reshape(-1)


@dataclass(frozen=True)
class SGD:
    """Stochastic gradient descent: ``SGD(lr=0.1, momentum=0.9, weight_decay=5e-4, schedule="cosine")``."""

    lr: float = 0.01
    momentum: float = 0.0
    weight_decay: float = 0.0
    nesterov: bool = False
    schedule: str = "constant"

    def __post_init__(self):
        check_real("lr", self.lr, 0.0, low_open=True)
        check_unit_interval("momentum", self.momentum, low_open=False)
        check_real("weight_decay", self.weight_decay, 0.0)
        check_choice("schedule", self.schedule, SCHEDULES)
        if self.nesterov and self.momentum == 0.0:
            raise InvalidInput("nesterov momentum needs momentum > 0")

    def start(self, params) -> OptimizerState:
        return _SGDState(self, params)


@dataclass(frozen=True)
class Adam:
    """Adam: ``Adam(lr=1.2e-3)`` (the lottery ticket paper's LeNet setting), ``Adam(lr=1e-3)`` (Plant 'n' Seek)."""

    lr: float = 1e-3
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0
    schedule: str = "constant"

    def __post_init__(self):
        check_real("lr", self.lr, 0.0, low_open=True)
        check_unit_interval("beta1", self.beta1, low_open=False)
        check_unit_interval("beta2", self.beta2, low_open=False)
        check_real("eps", self.eps, 0.0, low_open=True)
        check_real("weight_decay", self.weight_decay, 0.0)
        check_choice("schedule", self.schedule, SCHEDULES)

    def start(self, params) -> OptimizerState:
        return _AdamState(self, params)


class OptimizerState:
    """The running state of one optimiser over one set of parameter arrays (created by ``Optimizer.start``)."""

    def __init__(self, config, params):
        self.config = config
        self.params = [_flat(p) for p in params]
        self._param_tuple = tuple(self.params)
        self.t = 0
        self._prepared: dict = {}  # id -> (the tuple given, its flat arrays): a tuple passed again is not re-viewed

    def step(self, grads, keep, total_steps: int) -> float:
        """Update the parameters in place from ``grads`` (arrays in the order of ``params``) where ``keep`` is
        true; returns the learning rate used.  One kernel call updates all arrays.  A loop that passes the same
        tuples every step (its reused gradient buffers, its masks) saves their preparation."""
        self.t += 1
        lr = learning_rate(self.config.lr, self.config.schedule, self.t, total_steps)
        self._update(self._flat_arrays(grads, np.float64), self._flat_arrays(keep, np.bool_), lr)
        return lr

    def _flat_arrays(self, arrays, dtype) -> tuple:
        if isinstance(arrays, tuple):
            seen = self._prepared.get(dtype)
            if seen is not None and seen[0] is arrays:
                return seen[1]
        flat = tuple(_flat_view(a, dtype) for a in arrays)
        if isinstance(arrays, tuple) and all(np.may_share_memory(f, a) for f, a in zip(flat, arrays)):
            self._prepared[dtype] = (arrays, flat)  # views only: a copy would miss the caller's later changes
        return flat

    def moments(self) -> list[list[np.ndarray]]:
        """The optimiser's state arrays, per parameter array (for inspection and tests)."""
        raise NotImplementedError


class _SGDState(OptimizerState):
    def __init__(self, config: SGD, params):
        super().__init__(config, params)
        self.velocity = [np.zeros_like(p) for p in self.params]
        self._velocity_tuple = tuple(self.velocity)

    def _update(self, grads, keep, lr):
        c = self.config
        _sgd_kernel(self._param_tuple, grads, self._velocity_tuple, keep, lr, c.momentum, c.weight_decay, c.nesterov,
                    self.t == 1)

    def moments(self):
        return [[u] for u in self.velocity]


class _AdamState(OptimizerState):
    def __init__(self, config: Adam, params):
        super().__init__(config, params)
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self._m_tuple, self._v_tuple = tuple(self.m), tuple(self.v)

    def _update(self, grads, keep, lr):
        c = self.config
        step_size = lr / (1.0 - c.beta1 ** self.t)
        sqrt_bc2 = math.sqrt(1.0 - c.beta2 ** self.t)
        _adam_kernel(self._param_tuple, grads, self._m_tuple, self._v_tuple, keep, step_size, sqrt_bc2,
                     c.beta1, c.beta2, c.eps, c.weight_decay)

    def moments(self):
        return [[m, v] for m, v in zip(self.m, self.v)]


OPTIMIZERS = {"adam": Adam, "sgd": SGD}


def make_optimizer(name: str, **settings):
    """``make_optimizer("adam", lr=1e-3)``; names: adam, sgd."""
    if name not in OPTIMIZERS:
        raise InvalidInput(f"optimizer {name!r} is not known; allowed: {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[name](**settings)
