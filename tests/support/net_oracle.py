"""Slow, obviously correct oracles for the network engine: a per-sample, per-neuron forward pass and the losses
written out from their definitions, and central finite differences over every entry of every array."""

from __future__ import annotations

import math

import numpy as np


def oracle_outputs(weights, biases, weight_masks, bias_masks, x):
    """f(x) sample by sample and neuron by neuron: z_j = Σ_k W_jk M_jk h_k + b_j m_j, ReLU except the last layer.
    Masks may be real-valued (the relaxation the mask gradient differentiates).  Also returns all hidden
    pre-activations (to keep finite differences away from ReLU kinks)."""
    depth = len(weights)
    outputs, pre = [], []
    for sample in np.asarray(x, dtype=np.float64):
        h = list(sample)
        for i in range(depth):
            w, m = weights[i], weight_masks[i]
            z = []
            for j in range(w.shape[0]):
                total = 0.0
                for k in range(w.shape[1]):
                    total += w[j, k] * m[j, k] * h[k]
                if biases is not None:
                    total += biases[i][j] * bias_masks[i][j]
                z.append(total)
            if i < depth - 1:
                pre.extend(z)
                h = [v if v > 0.0 else 0.0 for v in z]
            else:
                h = z
        outputs.append(h)
    return np.array(outputs), np.array(pre)


def oracle_loss(outputs, targets, loss):
    """Mean squared error over all entries, or mean cross-entropy from the softmax definition."""
    outputs = np.asarray(outputs, dtype=np.float64)
    if loss == "mse":
        targets = np.asarray(targets, dtype=np.float64).reshape(outputs.shape)
        return float(sum((o - t) ** 2 for o, t in zip(outputs.ravel(), targets.ravel())) / outputs.size)
    total = 0.0
    for row, label in zip(outputs, targets):
        top = max(row)
        total += -(row[label] - top - math.log(sum(math.exp(v - top) for v in row)))
    return total / outputs.shape[0]


def central_differences(function, arrays, step=1e-6):
    """∂function/∂a for every entry a of every array in ``arrays`` (perturbed in place, then restored)."""
    result = []
    for array in arrays:
        grad = np.zeros(array.shape)
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + step
            up = function()
            array[index] = saved - step
            down = function()
            array[index] = saved
            grad[index] = (up - down) / (2 * step)
        result.append(grad)
    return result
