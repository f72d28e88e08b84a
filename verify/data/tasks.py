"""The Plant 'n' Seek tasks ReLU, Circle and Helix (Fischer & Burkholz 2022, spec plantnseek.md "Tasks").

All inputs are uniform on [−1, 1]^d.  With noise level s (default 0.01):

* **ReLU** (1 → 1, regression): x ~ U[−1, 1], y = max(0, x) + N(0, s²).
* **Circle** (2 → 4 classes): x ~ U[−1, 1]², g = x₁² + x₂²; the label is the argmax of the four linear logits

  .. math::  ℓ(g) = 50 · (0.1g,\\; 0.2g − 0.02,\\; 0.4g − 0.12,\\; 0.8g − 0.40),

  whose crossings put the class boundaries at g = 0.2, 0.5, 0.7; with probability p (default 0.01) the label is
  replaced by the class of the *second-largest* logit [code: ``draw_data_sphere``; the paper says "flipped to the
  next class"].  Class 3 (g > 0.7) has probability 1 − 0.7π/4 ≈ 0.450, the majority the spec quotes.
* **Helix** (1 → 3, regression): x ~ U[−1, 1], u = 5π + 3πx,
  y = (u cos u, u sin u, u) / (8π) + N(0, s²) independently per coordinate.

Each task draws ``samples`` (default 10,000) points; the last 10 % (``test_fraction``) are the test set and the
rest the training set, as in the paper [paper + code].  Because the early-stopping iteration needs a validation
set and the paper has none, ``validation_samples`` (default 1,000) *additional* independent points are drawn for
it, so the paper's 9,000 / 1,000 train/test split is unchanged (``validation_samples=0``: no validation split).

Randomness: ``(seed, PURPOSE_DATA, block)`` with block 1, 2, 3 for ReLU, Circle, Helix; the inputs of all points
are drawn first (train, then test, then validation points), then the noise (target noise or label flips).  The public
code ignores its seed and redraws data on every load (a known defect); here a seed gives the same bytes every time.
"""

from __future__ import annotations

import math

import numpy as np

from verify.data.base import Dataset, Split
from verify.errors import InvalidInput
from verify.streams import PURPOSE_DATA, resolve_seed, stream
from verify.validate import check_real, check_unit_interval

TASK_BLOCKS = {"relu": 1, "circle": 2, "helix": 3}
CIRCLE_SLOPES = np.array([0.1, 0.2, 0.4, 0.8])
CIRCLE_OFFSETS = np.array([0.0, -0.02, -0.12, -0.40])
CIRCLE_SCALE = 50.0
CIRCLE_BOUNDARIES = (0.2, 0.5, 0.7)


def relu_target(x: np.ndarray) -> np.ndarray:
    """max(0, x) (noiseless ReLU task)."""
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def circle_logits(g: np.ndarray) -> np.ndarray:
    """The four Circle logits 50·(0.1g, 0.2g − 0.02, 0.4g − 0.12, 0.8g − 0.40), shape (N, 4)."""
    g = np.asarray(g, dtype=np.float64)[:, None]
    return CIRCLE_SCALE * (CIRCLE_SLOPES * g + CIRCLE_OFFSETS)


def helix_target(x: np.ndarray) -> np.ndarray:
    """(u cos u, u sin u, u)/(8π) with u = 5π + 3πx, shape (N, 3) for x of shape (N,) or (N, 1)."""
    u = 5.0 * math.pi + 3.0 * math.pi * np.asarray(x, dtype=np.float64).reshape(-1)
    return np.stack([u * np.cos(u), u * np.sin(u), u], axis=1) / (8.0 * math.pi)


def draw_relu(samples: int, generator: np.random.Generator, noise: float = 0.01):
    x = generator.uniform(-1.0, 1.0, size=(samples, 1))
    y = relu_target(x) + noise * generator.standard_normal((samples, 1))
    return x, y


def draw_circle(samples: int, generator: np.random.Generator, label_noise: float = 0.01):
    x = generator.uniform(-1.0, 1.0, size=(samples, 2))
    logits = circle_logits(x[:, 0] ** 2 + x[:, 1] ** 2)
    order = np.argsort(logits, axis=1, kind="stable")
    labels = order[:, -1].copy()
    flip = generator.uniform(0.0, 1.0, size=samples) < label_noise
    labels[flip] = order[flip, -2]
    return x, labels.astype(np.int64)


def draw_helix(samples: int, generator: np.random.Generator, noise: float = 0.01):
    x = generator.uniform(-1.0, 1.0, size=(samples, 1))
    y = helix_target(x) + noise * generator.standard_normal((samples, 3))
    return x, y


def plantnseek_task(name: str, samples: int = 10_000, test_fraction: float = 0.1, validation_samples: int = 1000,
                    noise: float = 0.01, label_noise: float = 0.01, seed=None) -> Dataset:
    """The Plant 'n' Seek task ``name`` (relu, circle, helix), seeded (see the module docstring).

    ``noise`` is the target noise of ReLU and Helix, ``label_noise`` Circle's flip probability.
    """
    if name not in TASK_BLOCKS:
        raise InvalidInput(f"task {name!r} is not known; allowed: {', '.join(TASK_BLOCKS)}")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
        raise InvalidInput(f"samples {samples!r} must be an integer >= 2")
    if not (isinstance(test_fraction, (int, float)) and 0.0 < test_fraction < 1.0):
        raise InvalidInput(f"test_fraction {test_fraction!r} must lie strictly between 0 and 1")
    if isinstance(validation_samples, bool) or not isinstance(validation_samples, (int, np.integer)) \
            or validation_samples < 0:
        raise InvalidInput(f"validation_samples {validation_samples!r} must be an integer >= 0")
    noise = check_real("noise", noise, 0.0)
    label_noise = check_unit_interval("label_noise", label_noise, low_open=False, high_open=False)
    n_test = int(round(test_fraction * samples))
    n_train = samples - n_test
    if n_train < 1 or n_test < 1:
        raise InvalidInput(f"samples {samples} with test_fraction {test_fraction} leaves an empty split")
    total = samples + int(validation_samples)
    generator = stream(resolve_seed(seed), PURPOSE_DATA, TASK_BLOCKS[name])
    if name == "relu":
        x, y = draw_relu(total, generator, noise)
        task, n_in, n_out = "regression", 1, 1
        description = f"ReLU: x ~ U[-1,1], y = max(0,x) + N(0, {noise:g}^2)"
    elif name == "circle":
        x, y = draw_circle(total, generator, label_noise)
        task, n_in, n_out = "classification", 2, 4
        description = f"Circle: x ~ U[-1,1]^2, 4 classes by x1^2+x2^2 at 0.2, 0.5, 0.7, {label_noise:g} label flips"
    else:
        x, y = draw_helix(total, generator, noise)
        task, n_in, n_out = "regression", 1, 3
        description = f"Helix: x ~ U[-1,1], y = (u cos u, u sin u, u)/(8 pi), u = 5pi + 3pi x, + N(0, {noise:g}^2)"
    train = Split(x[:n_train], y[:n_train])
    test = Split(x[n_train:samples], y[n_train:samples])
    validation = Split(x[samples:], y[samples:]) if validation_samples else None
    return Dataset(name, task, n_in, n_out, train, validation, test, description=description,
                   info={"samples": samples, "test_fraction": test_fraction,
                         "validation_samples": int(validation_samples), "noise": noise,
                         "label_noise": label_noise, "seed": resolve_seed(seed)})
