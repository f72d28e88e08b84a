"""Numeric arrays from user input, validated once: the checks every public function that takes matrices shares."""

from __future__ import annotations

import numpy as np

from verify.errors import InvalidInput


def as_float_matrix(value, name: str, shape_hint: str = "") -> np.ndarray:
    """A non-empty, finite, numeric 2-D array as a fresh C-contiguous float64 copy; otherwise one clear line naming
    ``name``."""
    array = np.asarray(value)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
        raise InvalidInput(f"{name} must be a numeric matrix, got dtype {array.dtype}")
    if array.ndim != 2 or 0 in array.shape:
        raise InvalidInput(f"{name} must be a non-empty matrix{shape_hint}, got shape {array.shape}")
    array = np.array(array, dtype=np.float64, order="C")
    if not np.all(np.isfinite(array)):
        raise InvalidInput(f"{name} contains NaN or infinite values; all entries must be finite")
    return array
