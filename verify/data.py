"""Datasets for training: a small container, the 8×8 digits with a fixed split, and the registry the CLI uses.

A :class:`Dataset` has a ``train``, an optional ``validation`` (needed for the early-stopping iteration) and a
``test`` :class:`Split`.  Inputs are float64 arrays of shape (N, n_in); classification labels are int64 of shape
(N,), regression targets float64 of shape (N, n_out).

Digits (:func:`digits`): the 1,797 8×8 handwritten digits scikit-learn ships inside its package
(``sklearn.datasets.load_digits``; the UCI "optdigits" test set), pixels 0..16 scaled to [0, 1] by dividing by 16.
The split is fixed and uses no random numbers: within each class, in the order scikit-learn ships the images, the
image at rank j (0-based) goes to *test* if j mod 10 ∈ {0, 5}, to *validation* if j mod 10 = 3, and to *train*
otherwise — stratified, about 70/10/20 %: 1,253 train, 180 validation, 364 test images.  This is the offline
stand-in for MNIST (spec lth.md, "Data available on these machines").

The Plant 'n' Seek tasks are in :mod:`verify.tasks`, user-supplied MNIST files in :mod:`verify.mnist`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from verify.errors import InvalidInput

TASKS = ("classification", "regression")
DATASETS = ("digits", "relu", "circle", "helix")
USER_DATASETS = ("mnist",)  # read from files the user supplies (``path=``); never downloaded


@dataclass(frozen=True, eq=False)
class Split:
    """Inputs ``x`` (N, n_in) and labels or targets ``y``."""

    x: np.ndarray
    y: np.ndarray

    def __post_init__(self):
        if self.x.ndim != 2 or self.x.shape[0] != self.y.shape[0] or self.x.shape[0] == 0:
            raise InvalidInput(f"a split needs inputs (N, n_in) and N labels/targets, got {self.x.shape} and "
                               f"{self.y.shape}")

    def __len__(self) -> int:
        return self.x.shape[0]


@dataclass(frozen=True, eq=False)
class Dataset:
    """A named task with train, validation (optional) and test splits."""

    name: str
    task: str
    n_inputs: int
    n_outputs: int
    train: Split
    validation: Split | None
    test: Split
    description: str = ""
    info: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.task not in TASKS:
            raise InvalidInput(f"task {self.task!r} must be one of {', '.join(TASKS)}")
        for name in ("train", "validation", "test"):
            split = getattr(self, name)
            if split is None:
                continue
            if split.x.shape[1] != self.n_inputs:
                raise InvalidInput(f"{name} inputs have {split.x.shape[1]} columns, expected {self.n_inputs}")
            if self.task == "classification":
                if split.y.ndim != 1 or not np.issubdtype(split.y.dtype, np.integer):
                    raise InvalidInput(f"{name} labels must be a 1-D integer array")
                if split.y.min() < 0 or split.y.max() >= self.n_outputs:
                    raise InvalidInput(f"{name} labels must lie in 0..{self.n_outputs - 1}")
            elif split.y.ndim != 2 or split.y.shape[1] != self.n_outputs:
                raise InvalidInput(f"{name} targets must have shape (N, {self.n_outputs})")

    @property
    def loss(self) -> str:
        """The loss the task is trained with: cross-entropy (classification) or mean squared error."""
        return "cross_entropy" if self.task == "classification" else "mse"

    @property
    def is_classification(self) -> bool:
        return self.task == "classification"

    def __repr__(self) -> str:
        sizes = f"train {len(self.train)}, validation {len(self.validation) if self.validation else 0}, " \
                f"test {len(self.test)}"
        return f"Dataset({self.name!r}, {self.task}, {self.n_inputs} -> {self.n_outputs}, {sizes})"

    @classmethod
    def from_arrays(cls, name: str, task: str, train, test, validation=None, n_outputs: int | None = None,
                    description: str = "") -> "Dataset":
        """Build a dataset from ``(x, y)`` pairs (labels as integers for classification)."""

        def split(pair):
            if pair is None:
                return None
            x, y = pair
            x = np.asarray(x, dtype=np.float64)
            y = np.asarray(y)
            if task == "classification":
                if not np.issubdtype(y.dtype, np.integer):
                    raise InvalidInput("classification labels must be integers")
                y = y.astype(np.int64)
            else:
                y = np.asarray(y, dtype=np.float64)
                y = y[:, None] if y.ndim == 1 else y
            return Split(x, y)

        train_split = split(train)
        if n_outputs is None:
            n_outputs = int(train_split.y.max()) + 1 if task == "classification" else train_split.y.shape[1]
        return cls(name, task, train_split.x.shape[1], n_outputs, train_split, split(validation), split(test),
                   description)


def digits_split_indices(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices (train, validation, test) of the fixed stratified split described in the module docstring."""
    labels = np.asarray(labels)
    part = np.empty(labels.size, dtype=np.int8)  # 0 train, 1 validation, 2 test
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        rank = np.arange(members.size) % 10
        part[members] = np.where((rank == 0) | (rank == 5), 2, np.where(rank == 3, 1, 0))
    return tuple(np.flatnonzero(part == k) for k in range(3))


def digits() -> Dataset:
    """The scikit-learn 8×8 digits: 64 inputs in [0, 1], 10 classes, fixed 1,253 / 180 / 364 split."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    x = np.asarray(bunch.data, dtype=np.float64) / 16.0
    y = np.asarray(bunch.target, dtype=np.int64)
    train, validation, test = digits_split_indices(y)
    return Dataset("digits", "classification", 64, 10, Split(x[train], y[train]),
                   Split(x[validation], y[validation]), Split(x[test], y[test]),
                   description="scikit-learn 8x8 digits (UCI optdigits test set), pixels/16, fixed stratified "
                               "split by rank mod 10 within each class",
                   info={"source": "sklearn.datasets.load_digits", "split": "rank%10 in {0,5}: test, 3: validation"})


def load_dataset(name: str, seed=None, path=None, **options) -> Dataset:
    """A dataset by name: ``digits``, a Plant 'n' Seek task ``relu``, ``circle``, ``helix`` (seeded; options as in
    :func:`verify.tasks.plantnseek_task`), or ``mnist`` from user-supplied files at ``path``
    (:func:`verify.mnist.load_mnist`)."""
    if name in USER_DATASETS:
        if path is None:
            raise InvalidInput(f"data {name!r} is read from files you supply: give their path (--mnist DIR|FILE.npz)")
        if options:
            raise InvalidInput(f"{name} takes no options (got {sorted(options)})")
        from verify.mnist import load_mnist

        return load_mnist(path)
    if path is not None:
        raise InvalidInput(f"data {name!r} is built in and takes no path (got {str(path)!r}); a path is for "
                           f"{', '.join(USER_DATASETS)}")
    if name == "digits":
        if options:
            raise InvalidInput(f"digits takes no options (got {sorted(options)})")
        return digits()
    if name in ("relu", "circle", "helix"):
        from verify.tasks import plantnseek_task

        return plantnseek_task(name, seed=seed, **options)
    raise InvalidInput(f"data {name!r} is not known; allowed: {', '.join(DATASETS + USER_DATASETS)}")
