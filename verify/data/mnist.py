"""User-supplied MNIST (optional: nothing in the toolkit depends on it; it cannot be downloaded at run time).

:func:`load_mnist` accepts either

* a directory with the four IDX files of LeCun's distribution, plain or gzipped:
  ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte``
  (IDX: big-endian magic 0x00000803 for a uint8 tensor of 3 dimensions, 0x00000801 for 1, then the sizes, then
  the bytes); or
* an ``.npz`` with arrays ``x_train``, ``y_train``, ``x_test``, ``y_test`` (the layout of ``keras``' ``mnist.npz``),
  read with ``allow_pickle=False``.

Images are flattened to 784 inputs and scaled to [0, 1] (divided by 255).  As in the lottery ticket paper, the
60,000 training images are split 55,000 train / 5,000 validation (here: the *last* 5,000 are validation; the paper
does not say which) and the 10,000 test images are the test set.
"""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path

import numpy as np

from verify.arrayfiles import open_npz, read_stream
from verify.data.base import Dataset, Split
from verify.errors import InvalidInput
from verify.memory import require

IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
VALIDATION = 5000


def read_idx(path) -> np.ndarray:
    """A uint8 IDX tensor (plain or gzipped file): the header is read and its size passed to the memory guard before
    the data; a damaged file (bad magic, corrupt gzip stream, wrong length) is one line."""

    def parse(stream, name):
        start = stream.read(4)
        if len(start) < 4 or start[0] != 0 or start[1] != 0:
            raise InvalidInput(f"{name}: not an IDX file (bad magic number)")
        if start[2] != 0x08:
            raise InvalidInput(f"{name}: IDX element type 0x{start[2]:02x} is not unsigned byte (0x08)")
        dims = start[3]
        sizes = stream.read(4 * dims)
        if dims < 1 or len(sizes) < 4 * dims:
            raise InvalidInput(f"{name}: truncated IDX header")
        shape = tuple(int.from_bytes(sizes[4 * k: 4 + 4 * k], "big") for k in range(dims))
        expected = math.prod(shape)
        require(f"reading {name} (shape {shape})", [("its declared data", expected)])
        raw = stream.read(expected + 1)
        if len(raw) != expected:
            raise InvalidInput(f"{name}: IDX data has {'more than ' if len(raw) > expected else ''}{len(raw)} bytes, "
                               f"the header promises {expected} (shape {shape}); truncated or damaged")
        return np.frombuffer(raw, dtype=np.uint8).reshape(shape)

    return read_stream(path, "IDX file", parse)


def _find_idx(directory: Path, stem: str) -> Path:
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        if (directory / name).is_file():
            return directory / name
    raise InvalidInput(f"{directory}: no {stem} (or {stem}.gz) IDX file")


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    with open_npz(path, "MNIST file") as archive:
        missing = [k for k in IDX_FILES if k not in archive]
        if missing:
            raise InvalidInput(f"{archive.name}: missing arrays {missing} (need x_train, y_train, x_test, y_test)")
        archive.reserve(list(IDX_FILES))
        return {k: archive.get(k, kinds="fiub") for k in IDX_FILES}


def load_mnist(path) -> Dataset:
    """MNIST from IDX files in a directory or from an ``.npz`` (see the module docstring)."""
    path = Path(path)
    if not os.path.exists(path):
        raise InvalidInput(f"MNIST path {str(path)!r} does not exist")
    if path.is_dir():
        arrays = {key: read_idx(_find_idx(path, stem)) for key, stem in IDX_FILES.items()}
    else:
        arrays = _read_npz(path)
    x_train, y_train, x_test, y_test = (arrays[k] for k in IDX_FILES)
    for name, images, labels in (("train", x_train, y_train), ("test", x_test, y_test)):
        if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.shape != (images.shape[0],):
            raise InvalidInput(f"{path}: {name} images must be (N, 28, 28) with N labels, got {images.shape} and "
                               f"{labels.shape}")
        if not np.issubdtype(labels.dtype, np.integer):
            raise InvalidInput(f"{path}: {name} labels must be integers 0..9, got dtype {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() > 9):
            raise InvalidInput(f"{path}: {name} labels must lie in 0..9")
        if images.dtype.kind not in "iub" and not np.all(np.isfinite(images)):
            raise InvalidInput(f"{path}: {name} images contain NaN or infinite pixels; all pixels must be finite")
        if images.size and (images.min() < 0 or images.max() > 255):
            raise InvalidInput(f"{path}: {name} pixels must lie in 0..255 (they are divided by 255)")
    if x_train.shape[0] <= VALIDATION:
        raise InvalidInput(f"{path}: needs more than {VALIDATION} training images, has {x_train.shape[0]}")

    def scaled(images):
        return images.reshape(images.shape[0], 784).astype(np.float64) / 255.0

    x, y = scaled(x_train), y_train.astype(np.int64)
    cut = x.shape[0] - VALIDATION
    return Dataset("mnist", "classification", 784, 10, Split(x[:cut], y[:cut]), Split(x[cut:], y[cut:]),
                   Split(scaled(x_test), y_test.astype(np.int64)),
                   description="MNIST (user-supplied), pixels/255, last 5,000 training images as validation",
                   info={"source": str(path), "sha256": content_digest(arrays)})


def content_digest(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 over the four arrays' names, dtypes, shapes and bytes: the same for the same arrays whatever the
    file format (IDX or an ``.npz`` of uint8), so a results store recognises the data when the files move."""
    digest = hashlib.sha256()
    for key in IDX_FILES:
        array = np.ascontiguousarray(arrays[key])
        digest.update(f"{key}|{array.dtype.str}|{array.shape}|".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()
