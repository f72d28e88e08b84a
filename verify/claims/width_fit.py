"""The required width of a nested-draw campaign and its growth, shared by the Theorem 1 and construction evaluators.

* :func:`required_width`: the empirical (1 − δ)-quantile of the per-draw required widths m*, the order statistic of
  rank ⌈(1 − δ)T⌉ of T draws (the smallest width at which a fraction ≥ 1 − δ of the draws succeed);
* :func:`slope`: the least-squares slope of y (last axis: the configurations) on x, for every leading index at once,
  the exponent β of a fit log m_δ = α + β·x.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["required_width", "slope"]


def required_width(m_star: np.ndarray, delta: float) -> np.ndarray:
    """The ⌈(1 − δ)T⌉-th smallest of the T values on the last axis of ``m_star``."""
    rank = math.ceil((1.0 - delta) * m_star.shape[-1]) - 1
    return np.partition(m_star, rank, axis=-1).take(rank, axis=-1)


def slope(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of ``y`` (..., len(x)) on ``x``."""
    xc = x - x.mean()
    return (y - y.mean(axis=-1, keepdims=True)) @ xc / float(xc @ xc)
