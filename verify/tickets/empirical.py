"""Empirical sup error of a ticket against its target: a value actually attained, hence a lower bound on the sup.

Both networks are layered networks (:mod:`verify.tickets.layered`) of piecewise-linear, positively homogeneous
activations without biases, so r = f − g is positively homogeneous of degree 1 and linear on each region:
r(x) = J(x)·x with J(x) = :func:`verify.tickets.layered.linear_map`.  Two input domains:

* **the unit ℓ2 ball, error ‖r(x)‖₂** (dense targets, Pensia et al.'s setting): the sup is the sup over the sphere
  of ‖r(x)‖/‖x‖.  Uniform points of the sphere and the ± coordinate vectors are evaluated; from the best
  ``restarts`` of them L-BFGS maximises ‖r(x)‖/‖x‖ with its exact gradient Jᵀr/(‖r‖‖x‖) − ‖r‖x/‖x‖³, and the top
  right singular vector of J at each optimum is tried (the worst direction of that linear piece).
* **the box ‖x‖_∞ ≤ 1, error ‖r(x)‖_∞** (convolutional targets on images): random vertices of the box and uniform
  points of it are evaluated; from the best ``restarts`` of them the search repeatedly moves to the vertex that
  maximises the worst output's linear piece, x ← s·sign(J_o) with o = argmax |r_o(x)| and s = sign r_o(x), while
  that improves the value (on a linear piece the maximum of a linear function over the box is at that vertex).

Every reported value is an evaluation of the two networks at a point of the domain, so it never exceeds the true
sup (and a certified bound that it exceeds is wrong).  Deterministic for a given seed; BLAS runs on one thread (the
search is a chain of small products, and one thread keeps the rounding independent of the thread count).
"""

from __future__ import annotations

import numpy as np

from verify.streams import PURPOSE_TICKETS, stream
from verify.tickets.layered import forward, linear_map

#: Stream block (PURPOSE_TICKETS) of the empirical search's sample points for the constructions of schema 2.
BLOCK_SEARCH = 7_000_000


def _residual(target, network, batch: np.ndarray) -> np.ndarray:
    return (forward(target, batch) - forward(network, batch)).reshape(batch.shape[0], -1)


def sup_error_l2_ball(target, network, input_shape, *, samples: int = 4096, restarts: int = 8, seed: int = 0,
                      batch: int = 512) -> float:
    """Largest ‖f(x) − g(x)‖₂ found on the unit sphere of R^d (see the module docstring)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _l2(target, network, int(np.prod(input_shape)), tuple(input_shape), samples, restarts, seed, batch)


def _l2(target, network, dimension, input_shape, samples, restarts, seed, batch) -> float:
    from scipy.optimize import minimize

    generator = stream(seed, PURPOSE_TICKETS, BLOCK_SEARCH)
    points = generator.standard_normal((samples, dimension))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    points = np.vstack([points, np.eye(dimension), -np.eye(dimension)])
    values = np.concatenate([np.linalg.norm(_residual(target, network, chunk.reshape((-1,) + input_shape)), axis=1)
                             for chunk in np.array_split(points, max(1, -(-points.shape[0] // batch)))])
    best = float(values.max())

    def jacobian(x):
        shaped = x.reshape(input_shape)
        return linear_map(target, shaped) - linear_map(network, shaped)

    def ratio(x):
        norm = np.linalg.norm(x)
        if norm == 0.0:
            return 0.0
        return float(np.linalg.norm(_residual(target, network, x.reshape((1,) + input_shape)))) / norm

    def negative_ratio_and_gradient(x):
        norm = np.linalg.norm(x)
        if norm == 0.0:
            return 0.0, np.zeros_like(x)
        local = jacobian(x)
        r = local @ x
        r_norm = np.linalg.norm(r)
        if r_norm == 0.0:
            return 0.0, np.zeros_like(x)
        gradient = local.T @ r / (r_norm * norm) - r_norm * x / norm ** 3
        return -r_norm / norm, -gradient

    for start in np.argsort(-values, kind="stable")[:restarts]:
        result = minimize(negative_ratio_and_gradient, points[start], jac=True, method="L-BFGS-B",
                          options={"maxiter": 200})
        x = result.x
        best = max(best, ratio(x))
        if dimension <= 256:
            top = np.linalg.svd(jacobian(x), full_matrices=False)[2][0]
            best = max(best, ratio(top), ratio(-top))
    return best


def sup_error_linf_box(target, network, input_shape, *, samples: int = 1024, restarts: int = 8, seed: int = 0,
                       steps: int = 30, batch: int = 256) -> float:
    """Largest ‖f(x) − g(x)‖_∞ found on the box ‖x‖_∞ ≤ 1 (see the module docstring)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _linf(target, network, tuple(input_shape), samples, restarts, seed, steps, batch)


def _linf(target, network, input_shape, samples, restarts, seed, steps, batch) -> float:
    dimension = int(np.prod(input_shape))
    generator = stream(seed, PURPOSE_TICKETS, BLOCK_SEARCH)
    vertices = np.where(generator.random((samples - samples // 2, dimension)) < 0.5, -1.0, 1.0)
    inside = generator.uniform(-1.0, 1.0, (samples // 2, dimension))
    points = np.vstack([vertices, inside])

    def value(x):
        return float(np.abs(_residual(target, network, x.reshape((1,) + input_shape))).max())

    values = np.concatenate([np.abs(_residual(target, network, chunk.reshape((-1,) + input_shape))).max(axis=1)
                             for chunk in np.array_split(points, max(1, -(-points.shape[0] // batch)))])
    best = float(values.max())
    for start in np.argsort(-values, kind="stable")[:restarts]:
        x, current = points[start], float(values[start])
        for _ in range(steps):
            shaped = x.reshape(input_shape)
            local = linear_map(target, shaped) - linear_map(network, shaped)
            r = local @ x
            o = int(np.argmax(np.abs(r)))
            sign = 1.0 if r[o] >= 0 else -1.0
            candidate = np.where(sign * local[o] >= 0.0, 1.0, -1.0)
            new = value(candidate)
            if not new > current:
                break
            x, current = candidate, new
        best = max(best, current)
    return best
