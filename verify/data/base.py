"""The dataset container every trainer reads: a :class:`Dataset` of :class:`Split` arrays.

A :class:`Dataset` has a ``train``, an optional ``validation`` (needed for the early-stopping iteration) and a
``test`` :class:`Split`.  Inputs are float64 arrays of shape (N, n_in); classification labels are int64 of shape
(N,), regression targets float64 of shape (N, n_out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from verify.errors import InvalidInput

TASKS = ("classification", "regression")


@dataclass(frozen=True, eq=False)
class Split:
    """Inputs ``x`` (N, n_in) and labels or targets ``y``."""

    x: np.ndarray
    y: np.ndarray

    def __post_init__(self):
        if self.x.ndim != 2 or self.x.shape[0] != self.y.shape[0] or self.x.shape[0] == 0:
            raise InvalidInput(f"a split needs inputs (N, n_in) and N labels/targets, got {self.x.shape} and "
                               f"{self.y.shape}")
        for what, array in (("inputs", self.x), ("labels/targets", self.y)):
            if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
                raise InvalidInput(f"the data's {what} contain NaN or infinite values; all values must be finite")

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
                    description: str = "") -> Dataset:
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
