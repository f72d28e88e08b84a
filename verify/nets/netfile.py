"""Networks on disk: a documented, versioned ``.npz`` schema (never pickle).

Schema ``slth-verify/network``, version 1.  An uncompressed ``.npz`` (``numpy.savez``) holding exactly:

=====================  ==========  ==========================  ===============================================
key                    dtype       shape                       meaning
=====================  ==========  ==========================  ===============================================
``schema``             str         ()                          ``"slth-verify/network"``
``schema_version``     int64       ()                          ``1``
``widths``             int64       (L + 1,)                    n_0, ..., n_L
``has_biases``         bool        ()                          whether ``bias_i`` are present
``mask_kind``          str         ()                          ``"none"``, ``"weights"`` or ``"weights+biases"``
``metadata``           str         ()                          a JSON object (free-form; ``"{}"`` if none)
``weight_i``           float64     (n_i, n_{i−1})              raw W_i, i = 1..L
``bias_i``             float64     (n_i,)                      raw b_i (if ``has_biases``)
``weight_mask_i``      bool        (n_i, n_{i−1})              M_i (if ``mask_kind`` is not ``"none"``)
``bias_mask_i``        bool        (n_i,)                      m_i (if ``mask_kind`` is ``"weights+biases"``)
=====================  ==========  ==========================  ===============================================

Raw values are stored as they are (bit for bit), masked entries included, so save → load is the identity.  Loading
uses ``allow_pickle=False`` and checks every key, dtype and shape; a file that is not an ``.npz``, is truncated or
damaged (zip CRC), has another schema, a newer version, or inconsistent arrays raises
:class:`verify.errors.InvalidInput` naming the file and the problem.  Files are written atomically (temporary file,
then rename).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import numpy as np

from verify.arrayfiles import open_npz
from verify.errors import InvalidInput
from verify.nets.initializers import check_widths
from verify.nets.layered import LayerArrays
from verify.store import atomic_write_npz

SCHEMA = "slth-verify/network"
SCHEMA_VERSION = 1
MASK_KINDS = ("none", "weights", "weights+biases")


def network_arrays(net, metadata: dict | None = None) -> dict[str, np.ndarray]:
    """The arrays of schema version 1 for ``net``."""
    try:
        metadata_text = json.dumps({} if metadata is None else metadata, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"metadata must be JSON-serialisable: {error}") from None
    masks = net.masks
    kind = "none" if masks is None else ("weights" if masks.biases is None else "weights+biases")
    arrays = {
        "schema": np.array(SCHEMA),
        "schema_version": np.array(SCHEMA_VERSION, dtype=np.int64),
        "widths": np.array(net.widths, dtype=np.int64),
        "has_biases": np.array(net.has_biases),
        "mask_kind": np.array(kind),
        "metadata": np.array(metadata_text),
    }
    for i, w in enumerate(net.weights, start=1):
        arrays[f"weight_{i}"] = np.ascontiguousarray(w, dtype=np.float64)
        if net.has_biases:
            arrays[f"bias_{i}"] = np.ascontiguousarray(net.biases[i - 1], dtype=np.float64)
        if masks is not None:
            arrays[f"weight_mask_{i}"] = np.ascontiguousarray(masks.weights[i - 1], dtype=np.bool_)
            if masks.biases is not None:
                arrays[f"bias_mask_{i}"] = np.ascontiguousarray(masks.biases[i - 1], dtype=np.bool_)
    return arrays


def save_network(net, path, metadata: dict | None = None) -> Path:
    """Write ``net`` (and a JSON ``metadata`` dict) to ``path`` atomically; returns the path."""
    return atomic_write_npz(Path(path), network_arrays(net, metadata))


class _Reader:
    """Reads and checks one key at a time, turning every failure into one clear line."""

    def __init__(self, data, name: str):
        self.data, self.name = data, name

    def fail(self, problem: str):
        raise InvalidInput(f"{self.name}: {problem}")

    def get(self, key: str, dtype_kind: str, shape=None) -> np.ndarray:
        """A member whose *declared* dtype and shape are checked before it is read."""
        if key not in self.data.files:
            self.fail(f"missing array {key!r} (schema {SCHEMA} v{SCHEMA_VERSION})")
        declared, dtype = self.data.declared(key)
        if dtype.kind not in dtype_kind:
            self.fail(f"array {key!r} has dtype {dtype}, expected kind {dtype_kind!r}")
        if shape is not None and declared != tuple(shape):
            self.fail(f"array {key!r} has shape {declared}, expected {tuple(shape)}")
        if shape is None and len(declared) > 1:
            self.fail(f"array {key!r} has shape {declared}, expected a vector")
        return self.data.get(key, kinds=dtype_kind)


def _open(path) -> tuple[object, str]:
    data = open_npz(path, "network file")
    return data, str(path)


class StoredNetwork(NamedTuple):
    """What a network file holds: raw parameters, masks (``None``: dense) and the JSON metadata."""

    weights: list[np.ndarray]
    biases: list[np.ndarray] | None
    masks: LayerArrays | None
    metadata: dict


def read_network_file(path) -> StoredNetwork:
    """The checked contents of a file of schema ``slth-verify/network`` v1 (:meth:`Network.load` builds the
    network from them)."""
    data, name = _open(path)
    with data:
        return _read(_Reader(data, name))


def _read(reader: _Reader) -> StoredNetwork:
    files = set(reader.data.files)
    if "schema" not in files:
        reader.fail(f"not a network file: no 'schema' entry (expected {SCHEMA!r})")
    schema = reader.get("schema", "U", ())
    if str(schema) != SCHEMA:
        reader.fail(f"schema {str(schema)!r} is not {SCHEMA!r}")
    version = int(reader.get("schema_version", "iu", ()))
    if version != SCHEMA_VERSION:
        newer = " (written by a newer slth-verify)" if version > SCHEMA_VERSION else ""
        reader.fail(f"schema version {version} is not supported{newer}; this version reads {SCHEMA_VERSION}")
    widths = reader.get("widths", "iu")
    if widths.ndim != 1 or widths.size < 2 or np.any(widths < 1):
        reader.fail(f"widths {widths.tolist()} must be at least two positive integers")
    widths = list(check_widths([int(n) for n in widths]))  # the memory guard, before any matrix is read
    has_biases = bool(reader.get("has_biases", "b", ()))
    mask_kind = str(reader.get("mask_kind", "U", ()))
    if mask_kind not in MASK_KINDS:
        reader.fail(f"mask_kind {mask_kind!r} is not one of {', '.join(MASK_KINDS)}")
    if mask_kind == "weights+biases" and not has_biases:
        reader.fail("bias masks without biases")
    try:
        metadata = json.loads(str(reader.get("metadata", "U", ())))
    except json.JSONDecodeError:
        reader.fail("metadata is not valid JSON")
    if not isinstance(metadata, dict):
        reader.fail("metadata must be a JSON object")

    depth = len(widths) - 1
    expected = {"schema", "schema_version", "widths", "has_biases", "mask_kind", "metadata"}
    weights, biases, weight_masks, bias_masks = [], [], [], []
    for i in range(1, depth + 1):
        shape_w, shape_b = (widths[i], widths[i - 1]), (widths[i],)
        weights.append(reader.get(f"weight_{i}", "f", shape_w).astype(np.float64, copy=False))
        expected.add(f"weight_{i}")
        if has_biases:
            biases.append(reader.get(f"bias_{i}", "f", shape_b).astype(np.float64, copy=False))
            expected.add(f"bias_{i}")
        if mask_kind != "none":
            weight_masks.append(reader.get(f"weight_mask_{i}", "b", shape_w))
            expected.add(f"weight_mask_{i}")
        if mask_kind == "weights+biases":
            bias_masks.append(reader.get(f"bias_mask_{i}", "b", shape_b))
            expected.add(f"bias_mask_{i}")
    unexpected = sorted(files - expected)
    if unexpected:
        reader.fail(f"unexpected arrays {unexpected} for widths {widths} (schema {SCHEMA} v{SCHEMA_VERSION})")
    for key, array in zip([f"weight_{i}" for i in range(1, depth + 1)], weights):
        if not np.all(np.isfinite(array)):
            reader.fail(f"array {key!r} contains non-finite values")
    for i, array in enumerate(biases, start=1):
        if not np.all(np.isfinite(array)):
            reader.fail(f"array 'bias_{i}' contains non-finite values")
    masks = None
    if mask_kind != "none":
        masks = LayerArrays(tuple(weight_masks), tuple(bias_masks) if bias_masks else None)
    return StoredNetwork(weights, biases if has_biases else None, masks, metadata)


def read_metadata(path) -> dict:
    """The JSON metadata stored with a network (the file is fully checked first)."""
    return read_network_file(path).metadata
