"""The scikit-learn 8×8 handwritten digits with a fixed, seed-free stratified split: the offline stand-in for MNIST.

The 1,797 images scikit-learn ships inside its package (``sklearn.datasets.load_digits``; the UCI "optdigits" test
set), pixels 0..16 scaled to [0, 1] by dividing by 16.  The split uses no random numbers: within each class, in the
order scikit-learn ships the images, the image at rank j (0-based) goes to *test* if j mod 10 ∈ {0, 5}, to
*validation* if j mod 10 = 3, and to *train* otherwise — stratified, about 70/10/20 %: 1,253 train, 180 validation,
364 test images (spec lth.md, "Data available on these machines").
"""

from __future__ import annotations

import numpy as np

from verify.data.base import Dataset, Split


def digits_split_indices(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices (train, validation, test) of the fixed stratified split described in the module docstring."""
    labels = np.asarray(labels)
    part = np.empty(labels.size, dtype=np.int8)  # 0 train, 1 validation, 2 test
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        rank = np.arange(members.size) % 10
        part[members] = np.where((rank == 0) | (rank == 5), 2, np.where(rank == 3, 1, 0))
    return tuple(np.flatnonzero(part == k) for k in range(3))


def load_digits() -> Dataset:
    """The scikit-learn 8×8 digits: 64 inputs in [0, 1], 10 classes, fixed 1,253 / 180 / 364 split."""
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    x = np.asarray(bunch.data, dtype=np.float64) / 16.0
    y = np.asarray(bunch.target, dtype=np.int64)
    train, validation, test = digits_split_indices(y)
    return Dataset("digits", "classification", 64, 10, Split(x[train], y[train]),
                   Split(x[validation], y[validation]), Split(x[test], y[test]),
                   description="scikit-learn 8x8 digits (UCI optdigits test set), pixels/16, fixed stratified "
                               "split by rank mod 10 within each class",
                   info={"source": "sklearn.datasets.load_digits", "split": "rank%10 in {0,5}: test, 3: validation"})
