"""Brute-force oracle for covering [a, b]^d by max-norm boxes around all 2^n subset sums of vectors.

Boxes are closed and finitely many, so the cube is covered iff every open cell of the arrangement of all box edges
(clipped to the cube) is covered, and a box either contains such a cell or misses its interior: testing the cell
centres decides coverage exactly.  Nothing here shares code with verify.subsetsum.multidim.
"""

import itertools

import numpy as np


def all_vector_sums(vectors) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=float)
    d = vectors.shape[1]
    sums = np.zeros((1, d))
    for v in vectors:
        sums = np.concatenate([sums, sums + v])
    return sums


def cube_covered(sums: np.ndarray, eps: float, a: float, b: float) -> bool:
    d = sums.shape[1]
    axes = []
    for j in range(d):
        edges = np.clip(np.concatenate([sums[:, j] - eps, sums[:, j] + eps, [a, b]]), a, b)
        edges = np.unique(edges)
        centres = (edges[:-1] + edges[1:]) / 2.0
        axes.append(np.abs(centres[:, None] - sums[None, :, j]) <= eps)   # (cells_j, boxes)
    if d == 1:
        return bool(np.all(axes[0].any(axis=1)))
    if d == 2:
        return bool(np.all(axes[0].astype(np.int64) @ axes[1].T.astype(np.int64) > 0))
    # d = 3: the boxes containing each (x, y) cell, then any of them containing the z cell too
    planar = (axes[0][:, None, :] & axes[1][None, :, :]).reshape(-1, sums.shape[0]).astype(np.int64)
    return bool(np.all(planar @ axes[2].T.astype(np.int64) > 0))

def first_covering_prefix(vectors, eps: float, a: float, b: float) -> int:
    """n* of a path (len(vectors) + 1 when never covered)."""
    vectors = np.asarray(vectors, dtype=float)
    for m in range(1, len(vectors) + 1):
        if cube_covered(all_vector_sums(vectors[:m]), eps, a, b):
            return m
    return len(vectors) + 1


__all__ = ["all_vector_sums", "cube_covered", "first_covering_prefix", "itertools"]
