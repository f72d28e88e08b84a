"""Loss functions on a batch of network outputs, with their gradients with respect to the outputs.

For outputs O ∈ R^{B×K} (one row per sample):

* mean squared error (regression targets Y ∈ R^{B×K}), averaged over all B·K entries as PyTorch's ``MSELoss``
  does — the convention of the Plant 'n' Seek code:

  .. math::  L = \\frac{1}{BK} \\sum_{b,k} (O_{bk} − Y_{bk})^2, \\qquad ∂L/∂O = \\frac{2}{BK}(O − Y);

* cross-entropy with integer labels y_b ∈ {0..K−1} on raw logits (softmax folded in), averaged over the batch:

  .. math::  L = \\frac{1}{B} \\sum_b \\big(\\log \\sum_k e^{O_{bk}} − O_{b y_b}\\big),
             \\qquad ∂L/∂O = \\frac{1}{B}(\\mathrm{softmax}(O) − \\mathrm{onehot}(y)).

Both are computed stably (log-sum-exp with the row maximum subtracted) in float64.
"""

from __future__ import annotations

import numpy as np

from verify.errors import InvalidInput
from verify.validate import check_choice

LOSSES = ("mse", "cross_entropy")


def check_loss(name: str) -> str:
    """One of :data:`LOSSES`."""
    return check_choice("loss", name, LOSSES)


def _regression_targets(outputs: np.ndarray, targets) -> np.ndarray:
    y = np.asarray(targets, dtype=np.float64)
    if y.ndim == 1 and outputs.shape[1] == 1:
        y = y[:, None]
    if y.shape != outputs.shape:
        raise InvalidInput(f"targets of shape {y.shape} do not match outputs of shape {outputs.shape}")
    return y


def _class_labels(outputs: np.ndarray, labels) -> np.ndarray:
    y = np.asarray(labels)
    if y.ndim != 1 or y.shape[0] != outputs.shape[0] or not np.issubdtype(y.dtype, np.integer):
        raise InvalidInput(f"labels must be a 1-D integer array of length {outputs.shape[0]} "
                           f"(got dtype {y.dtype}, shape {y.shape})")
    if y.size and (y.min() < 0 or y.max() >= outputs.shape[1]):
        raise InvalidInput(f"labels must lie in 0..{outputs.shape[1] - 1} (got {y.min()}..{y.max()})")
    return y.astype(np.intp, copy=False)


def log_softmax(outputs: np.ndarray) -> np.ndarray:
    """log softmax row-wise: O − max_k O − log Σ_k e^{O − max_k O} (``ndarray.max``/``.sum`` are these reductions
    behind a Python wrapper; called directly, and the last subtraction in place: the same operations)."""
    shifted = outputs - np.maximum.reduce(outputs, axis=1, keepdims=True)
    shifted -= np.log(np.add.reduce(np.exp(shifted), axis=1, keepdims=True))
    return shifted


def loss_value(name: str, outputs: np.ndarray, targets) -> float:
    """The loss only (evaluation)."""
    return loss_and_gradient(name, outputs, targets, gradient=False)[0]


def loss_and_gradient(name: str, outputs: np.ndarray, targets, gradient: bool = True):
    """``(L, ∂L/∂O)`` for ``name`` in :data:`LOSSES` (``∂L/∂O`` is ``None`` when ``gradient`` is false)."""
    check_loss(name)
    outputs = np.asarray(outputs, dtype=np.float64)
    if outputs.ndim != 2 or outputs.shape[0] == 0:
        raise InvalidInput(f"outputs must be a non-empty (batch, K) array, got shape {outputs.shape}")
    if name == "mse":
        return mse_and_gradient(outputs, _regression_targets(outputs, targets), gradient)
    return cross_entropy_and_gradient(outputs, _class_labels(outputs, targets), gradient)


def mse_and_gradient(outputs: np.ndarray, targets: np.ndarray, gradient: bool = True):
    """The mean squared error of :func:`loss_and_gradient` on checked arrays: float64 ``outputs`` (B, K) and
    ``targets`` of the same shape (the training loop checks its dataset once, then calls this every step)."""
    residual = outputs - targets
    squares = residual * residual
    # = float(np.mean(squares)): numpy's mean is the pairwise sum divided by the count, written out here without
    # np.mean's Python wrapper (the same two operations, so the same bits)
    loss = float(np.add.reduce(squares, axis=None) / squares.size)
    if not gradient:
        return loss, None
    residual *= 2.0 / residual.size
    return loss, residual


def cross_entropy_and_gradient(outputs: np.ndarray, labels: np.ndarray, gradient: bool = True):
    """The cross-entropy of :func:`loss_and_gradient` on checked arrays: float64 logits ``outputs`` (B, K), B > 0,
    and intp ``labels`` in 0..K−1 (the training loop checks its dataset once, then calls this every step)."""
    batch = outputs.shape[0]
    logp = log_softmax(outputs)
    rows = np.arange(batch)
    # = float(-np.mean(logp[rows, labels])), without np.mean's Python wrapper (pairwise sum / count, negated)
    loss = -float(np.add.reduce(logp[rows, labels], axis=None) / batch)
    if not gradient:
        return loss, None
    grad = np.exp(logp, out=logp)
    grad[rows, labels] -= 1.0
    grad /= batch
    return loss, grad


def correct(outputs: np.ndarray, labels) -> np.ndarray:
    """Per row: whether its largest output is at the label (ties: the first maximum, as ``argmax``); bool (B,)."""
    outputs = np.asarray(outputs)
    labels = _class_labels(outputs, labels)
    return np.argmax(outputs, axis=1) == labels


def accuracy(outputs: np.ndarray, labels) -> float:
    """Fraction of rows whose largest output is at the label: the mean of :func:`correct`."""
    return float(np.mean(correct(outputs, labels)))


def squared_errors(outputs: np.ndarray, targets) -> np.ndarray:
    """Per row: the squared error summed over the outputs, Σ_k (O_bk − Y_bk)², float64 (B,).  Its mean over rows
    is K times the mean squared error of :func:`loss_value` (which averages over all B·K entries), up to rounding."""
    outputs = np.asarray(outputs, dtype=np.float64)
    residual = outputs - _regression_targets(outputs, targets)
    return np.sum(residual * residual, axis=1)


def example_outcomes(name: str, outputs: np.ndarray, targets) -> np.ndarray:
    """The per-example outcome of a test evaluation under loss ``name``: :func:`correct` (bool) for
    ``cross_entropy``, :func:`squared_errors` (float64) for ``mse``."""
    check_loss(name)
    return correct(outputs, targets) if name == "cross_entropy" else squared_errors(outputs, targets)
