"""Edge-popup (Ramanujan et al. 2020): learn scores, keep the top fraction per layer, never train the weights.

The weights stay frozen; every prunable array P (weights, and biases unless excluded) gets a score array S.  Each
step uses the supermask M = top_ρ(|S|) — in each array, the ⌊ρ·n + ½⌋ allowed entries of largest |S| — runs the
network with P ⊙ M, and updates the scores with the straight-through gradient: the top-k step is treated as the
identity, so

.. math::  ∂ℓ/∂S = \\mathrm{sign}(S) ⊙ ∂ℓ/∂M,

∂ℓ/∂M being the gradient of the relaxed mask (:meth:`verify.nets.network.Network.backward`: G ⊙ P).  The sign comes from
ranking |S|, as in the original (``scores.abs()`` before the top-k).  Settings of Plant 'n' Seek (spec
plantnseek.md): SGD with momentum 0.9, weight decay 5e−4, cosine schedule, lr 0.1, 10 epochs, batch 32; with
``anneal`` the density in epoch e = 1..E is ρ^{e/E}.  Scores start as U[−1/√n_in, 1/√n_in] (PyTorch's Kaiming
uniform with a = √5, the original's choice) for weights *and* biases; the public code starts bias scores at exactly 0,
where the gradient of |S| is 0, so its bias scores never move (a defect, not reproduced).  The cosine schedule is
updated every step (the code steps it once per epoch).

Allowed entries (``allowed``) let a structure be imposed: entries outside it are never kept and their scores never
move (Pensia et al.'s degree-1 layers, :mod:`verify.experiments.experiment2`).

Randomness: score initialisation from ``(seed, PURPOSE_PRUNING, block 2)``; minibatch order from
``(seed, PURPOSE_TRAINING, block epoch)``, as :func:`verify.train.loop.train` draws it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from verify.errors import InvalidInput
from verify.executors import blas_threads
from verify.nets import losses
from verify.nets.layered import LayerArrays
from verify.nets.network import backward, forward
from verify.streams import PURPOSE_PRUNING, PURPOSE_TRAINING, check_seed, stream
from verify.train.loop import TrainingDiverged
from verify.train.optim import SGD

EVAL_CHUNK = 4096


class NetworkSupermask:
    """A :class:`verify.nets.network.Network` with frozen raw parameters whose masks are chosen by scores.

    ``biases``: whether biases are masked too (default; if the network has biases).  ``allowed``: optional
    :class:`LayerArrays` of booleans (the structure).  ``output_scale``: fixed factor c on the outputs (the loss sees
    c ⊙ f; e.g. the reciprocals of planted output scales).
    """

    def __init__(self, net, *, biases: bool = True, allowed=None, output_scale=None):
        self.net = net
        self.masked_biases = bool(biases and net.has_biases)
        params = net.params
        self.arrays = list(params.weights) + (list(params.biases) if self.masked_biases else [])
        self.fan_in = [w.shape[1] for w in params.weights] + (
            [w.shape[1] for w in params.weights] if self.masked_biases else [])
        if allowed is None:
            self.allowed = [np.ones(a.shape, np.bool_) for a in self.arrays]
        else:
            self.allowed = [np.asarray(m, np.bool_) for m in allowed.weights] + (
                [np.asarray(m, np.bool_) for m in allowed.biases] if self.masked_biases else [])
            if [m.shape for m in self.allowed] != [a.shape for a in self.arrays]:
                raise InvalidInput("allowed masks do not match the network's arrays")
        self.output_scale = None if output_scale is None else np.asarray(output_scale, dtype=np.float64)
        self.depth = net.depth

    def _effective(self, masks):
        weights = tuple(w * m for w, m in zip(self.net.weights, masks[:self.depth]))
        if not self.net.has_biases:
            return LayerArrays(weights, None)
        if self.masked_biases:
            biases = tuple(b * m for b, m in zip(self.net.biases, masks[self.depth:]))
        else:
            biases = self.net.biases
        return LayerArrays(weights, biases)

    def outputs(self, masks, x) -> np.ndarray:
        effective = self._effective(masks)
        out = np.concatenate([forward(effective, x[s:s + EVAL_CHUNK]).outputs for s in range(0, len(x), EVAL_CHUNK)])
        return out if self.output_scale is None else out * self.output_scale

    def loss_and_mask_gradients(self, masks, x, y, loss: str):
        """(ℓ, [∂ℓ/∂M for every prunable array]) for the batch with supermask ``masks``."""
        trace = forward(self._effective(masks), x)
        outputs = trace.outputs if self.output_scale is None else trace.outputs * self.output_scale
        value, delta = losses.loss_and_gradient(loss, outputs, y)
        if self.output_scale is not None:
            delta = delta * self.output_scale
        grads = backward(trace, delta)
        mask_grads = [g * w for g, w in zip(grads.weights, self.net.weights)]
        if self.masked_biases:
            mask_grads += [g * b for g, b in zip(grads.biases, self.net.biases)]
        return value, mask_grads

    def masks_to_layer_arrays(self, masks):
        return LayerArrays(tuple(masks[:self.depth]), tuple(masks[self.depth:]) if self.masked_biases else None)


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


class _TopFraction:
    """The per-array top-k selection of :func:`top_fraction`, with the allowed positions computed once."""

    def __init__(self, allowed: list[np.ndarray]):
        self.shapes = [a.shape for a in allowed]
        self.positions = [None if a.all() else np.flatnonzero(a) for a in allowed]
        self.sizes = [a.size if p is None else p.size for a, p in zip(allowed, self.positions)]

    def __call__(self, scores: list[np.ndarray], density: float) -> list[np.ndarray]:
        masks = []
        for s, shape, positions, size in zip(scores, self.shapes, self.positions, self.sizes):
            flat = np.zeros(int(np.prod(shape)), np.bool_)
            keep = _round_half_up(density * size)
            if keep:
                magnitude = np.abs(s.reshape(-1) if positions is None else s.reshape(-1)[positions])
                chosen = np.argpartition(magnitude, size - keep)[size - keep:] if keep < size else slice(None)
                if positions is None:
                    flat[chosen] = True
                else:
                    flat[positions[chosen]] = True
            masks.append(flat.reshape(shape))
        return masks


def top_fraction(scores: list[np.ndarray], allowed: list[np.ndarray], density: float) -> list[np.ndarray]:
    """In every array, the ⌊ρ·n + ½⌋ allowed entries of largest |score| (n = allowed entries).  Selection by
    ``numpy.argpartition`` (linear time): deterministic, with ties — which continuous scores do not have — broken
    by its introselect order."""
    return _TopFraction(allowed)(scores, density)


@dataclass
class EpochRecord:
    epoch: int
    density: float
    train_loss: float
    validation_loss: float | None
    validation_accuracy: float | None
    test_loss: float
    test_accuracy: float | None
    seconds: float


@dataclass
class EdgePopupResult:
    masks: list                  # final supermask (one boolean array per prunable array)
    scores: list
    density: float
    epochs: list[EpochRecord] = field(default_factory=list)
    steps: int = 0
    seconds: float = 0.0

    def table(self):
        from dataclasses import asdict

        import pandas as pd

        return pd.DataFrame([asdict(e) for e in self.epochs])


def evaluate_supermask(model, masks, split, loss: str):
    outputs = model.outputs(masks, split.x)
    value = losses.loss_value(loss, outputs, split.y)
    return value, (losses.accuracy(outputs, split.y) if loss == "cross_entropy" else None)


def edge_popup(model, data, density: float, *, epochs: int = 10, lr: float = 0.1, momentum: float = 0.9,
               weight_decay: float = 5e-4, batch: int = 32, anneal: bool = False, seed: int = 0,
               loss: str | None = None, evaluate_every_epoch: bool = True, progress: bool = False) -> EdgePopupResult:
    """Run edge-popup on ``model`` (a :class:`NetworkSupermask` or anything with the same methods) with the training
    split of ``data``; returns the final supermask at ``density`` and per-epoch evaluations."""
    if isinstance(density, bool) or not isinstance(density, (int, float)) or not 0.0 < density <= 1.0:
        raise InvalidInput(f"density {density!r} must lie in (0, 1]")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise InvalidInput(f"epochs {epochs!r} must be an integer >= 1")
    seed = check_seed(seed)
    loss = data.loss if loss is None else losses.check_loss(loss)
    generator = stream(seed, PURPOSE_PRUNING, 2)
    # All scores live in one flat buffer (views per array): one sign, one product and one optimiser call per step.
    sizes = [a.size for a in model.arrays]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    flat_scores = np.empty(int(offsets[-1]))
    flat_grads = np.empty_like(flat_scores)
    scores = [flat_scores[offsets[k]:offsets[k + 1]].reshape(a.shape) for k, a in enumerate(model.arrays)]
    grad_views = [flat_grads[offsets[k]:offsets[k + 1]].reshape(a.shape) for k, a in enumerate(model.arrays)]
    for s, a, allowed, fan_in in zip(scores, model.arrays, model.allowed, model.fan_in):
        s[...] = generator.uniform(-1.0, 1.0, size=a.shape) / math.sqrt(fan_in) * allowed
    keep = [np.concatenate([a.reshape(-1) for a in model.allowed])]
    select = _TopFraction(model.allowed)
    optimizer = SGD(lr=lr, momentum=momentum, weight_decay=weight_decay, schedule="cosine")
    state = optimizer.start([flat_scores])
    x_train, y_train = data.train.x, data.train.y
    n = len(x_train)
    steps_per_epoch = math.ceil(n / batch)
    total = epochs * steps_per_epoch
    result = EdgePopupResult(masks=[], scores=scores, density=float(density))
    started = time.perf_counter()
    with blas_threads(1), np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            rho = density ** (epoch / epochs) if anneal else density
            permutation = stream(seed, PURPOSE_TRAINING, epoch - 1).permutation(n)
            running = 0.0
            for position in range(steps_per_epoch):
                rows = permutation[position * batch:(position + 1) * batch]
                masks = select(scores, rho)
                value, mask_grads = model.loss_and_mask_gradients(masks, x_train[rows], y_train[rows], loss)
                if not math.isfinite(value):
                    raise TrainingDiverged(f"edge-popup diverged in epoch {epoch} (loss {value})")
                running += value
                for view, g in zip(grad_views, mask_grads):
                    view[...] = g
                flat_grads *= np.sign(flat_scores)
                state.step([flat_grads], keep, total)
                result.steps += 1
            if evaluate_every_epoch or epoch == epochs:
                masks = select(scores, rho)
                validation = (evaluate_supermask(model, masks, data.validation, loss)
                              if data.validation is not None else (None, None))
                test = evaluate_supermask(model, masks, data.test, loss)
                result.epochs.append(EpochRecord(epoch, rho, running / steps_per_epoch, validation[0],
                                                 validation[1], test[0], test[1], time.perf_counter() - started))
    result.masks = select(scores, density)
    result.seconds = time.perf_counter() - started
    return result
