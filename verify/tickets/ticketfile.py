"""Ticket files (``.npz``, no pickles): the schema, writing, and structural validation on reading.

Schema ``slth-ticket`` version 1, for a target with l layers:

===========================  ====================================================================================
key                          content
===========================  ====================================================================================
``schema``, ``version``      ``"slth-ticket"``, 1
``target_W{i}``, i = 1..l    target matrix W_i, d_i × d_{i−1}, ‖W_i‖₂ ≤ 1
``random_M{j}``, j = 1..2l   random matrix M_j, entries in [−1, 1]; M_{2i−1}: n_i × d_{i−1}, M_{2i}: d_i × n_i
``mask_M{j}``                its binary mask (uint8 0/1); the network is x ↦ (M_{2l}⊙mask) σ(… σ((M_1⊙mask) x)),
                             ReLU after every M_j except the last; every hidden unit of M_{2i−1} keeps <= 1 edge
``eps``, ``delta``, ``c``    the accuracy claimed, the failure probability and C of the widths (NaN: explicit)
``seed``                     seed of the random network and of the empirical-sup sample
``hidden_widths``            n_1..n_l
``sup_error_certified``      the claimed certified bound on sup_{‖x‖≤1} ‖f(x) − g(x)‖₂
``sup_error_empirical``      the claimed empirical sup error
``empirical_samples``,       how the empirical sup was searched (sphere points, local maximisations)
``empirical_restarts``
===========================  ====================================================================================

:func:`load_ticket_file` checks the structure (keys, shapes, dtypes, binary masks, norms, ranges) and returns the
arrays; :func:`verify.tickets.check.check_ticket_file` re-verifies the claims from them.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
import zlib
from pathlib import Path

import numpy as np

from verify.errors import InvalidInput
from verify.store import atomic_write_npz
from verify.tickets.sup_error import NORM_TOLERANCE

SCHEMA = "slth-ticket"
VERSION = 1


def save_ticket(ticket, path) -> Path:
    """Write ``ticket`` (a :class:`verify.tickets.construction.Ticket`) to ``path`` atomically (temporary file, then
    rename)."""
    path = Path(path)
    arrays = {
        "schema": np.array(SCHEMA),
        "version": np.array(VERSION, dtype=np.int64),
        "eps": np.array(ticket.eps, dtype=np.float64),
        "delta": np.array(ticket.delta, dtype=np.float64),
        "c": np.array(np.nan if ticket.c is None else ticket.c, dtype=np.float64),
        "seed": np.array(ticket.seed, dtype=np.int64),
        "hidden_widths": np.array(ticket.hidden_widths, dtype=np.int64),
        "sup_error_certified": np.array(ticket.sup_error_certified, dtype=np.float64),
        "sup_error_empirical": np.array(ticket.sup_error_empirical, dtype=np.float64),
        "empirical_samples": np.array(ticket.samples, dtype=np.int64),
        "empirical_restarts": np.array(ticket.restarts, dtype=np.int64),
    }
    for i, w in enumerate(ticket.target, start=1):
        arrays[f"target_W{i}"] = np.asarray(w, dtype=np.float64)
    for j, (m, k) in enumerate(zip(ticket.random, ticket.masks), start=1):
        arrays[f"random_M{j}"] = np.asarray(m, dtype=np.float64)
        arrays[f"mask_M{j}"] = np.asarray(k, dtype=np.uint8)
    return atomic_write_npz(path, arrays, compressed=True)


def read_ticket_arrays(path, what: str = "ticket file") -> dict[str, np.ndarray]:
    """Every array of an ``.npz`` file, loaded eagerly without pickles; any unreadable file is one InvalidInput line."""
    name = str(path)
    if not os.path.isfile(name):
        raise InvalidInput(f"{what} {name!r} does not exist")
    try:
        data = np.load(name, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise InvalidInput(f"{name!r} is a single .npy array, not a ticket .npz archive")
        with data:
            return {key: data[key] for key in data.files}
    except InvalidInput:
        raise
    except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        if "pickle" in reason or "Object arrays" in reason:
            reason = "it contains pickled (object) data, which slth never loads"
        raise InvalidInput(f"{name!r} is not a readable {what} (.npz of numeric arrays): {reason}") from None


def load_target_file(path) -> list[np.ndarray]:
    """Target matrices ``target_W1``, ``target_W2``, ... from an ``.npz`` file (a ticket file works too).

    Shapes and norms are checked by :func:`verify.tickets.construction.check_target`.
    """
    name = str(path)
    arrays = read_ticket_arrays(path, what="target file")
    matrices = []
    while f"target_W{len(matrices) + 1}" in arrays:
        matrices.append(arrays[f"target_W{len(matrices) + 1}"])
    if not matrices:
        raise InvalidInput(f"{name}: no target matrices (entries target_W1, target_W2, ...)")
    stray = sorted(key for key in arrays if re.fullmatch(r"target_W\d+", key)
                   and int(key.removeprefix("target_W")) > len(matrices))
    if stray:
        raise InvalidInput(f"{name}: target matrices must be numbered target_W1..target_WL without gaps; found "
                           f"{', '.join(stray)} after target_W{len(matrices)}")
    return matrices


def _scalar(arrays, key, kind, name):
    if key not in arrays:
        raise InvalidInput(f"{name}: missing entry {key!r}")
    value = arrays[key]
    if value.shape != () or not np.issubdtype(value.dtype, kind):
        raise InvalidInput(f"{name}: entry {key!r} must be a scalar of kind {kind.__name__}, got {value.dtype} "
                           f"with shape {value.shape}")
    return value.item()


def _matrix(arrays, key, name, shape=None):
    if key not in arrays:
        raise InvalidInput(f"{name}: missing entry {key!r}")
    value = arrays[key]
    if value.ndim != 2 or 0 in value.shape:
        raise InvalidInput(f"{name}: {key} must be a non-empty matrix, got shape {value.shape}")
    if shape is not None and value.shape != shape:
        raise InvalidInput(f"{name}: {key} has shape {value.shape}; expected {shape}")
    if not (np.issubdtype(value.dtype, np.floating) or np.issubdtype(value.dtype, np.integer)
            or value.dtype == bool):
        raise InvalidInput(f"{name}: {key} must be numeric, got dtype {value.dtype}")
    return value


def load_ticket_file(path):
    """Validate a ticket file's structure and return (target, random, masks, metadata) as float/uint8 arrays."""
    name = str(path)
    arrays = read_ticket_arrays(path)
    if "schema" not in arrays or arrays["schema"].shape != () or arrays["schema"].dtype.kind != "U" \
            or arrays["schema"].item() != SCHEMA:
        raise InvalidInput(f"{name}: not a {SCHEMA!r} file (entry 'schema' missing or different)")
    version = _scalar(arrays, "version", np.integer, name)
    if version != VERSION:
        raise InvalidInput(f"{name}: schema version {version} is not supported; this slth reads versions {VERSION} "
                           f"and 2")
    layers = 0
    while f"target_W{layers + 1}" in arrays:
        layers += 1
    if layers == 0:
        raise InvalidInput(f"{name}: no target matrices (entries target_W1, target_W2, ...)")
    target, random, masks = [], [], []
    for i in range(1, layers + 1):
        w = _matrix(arrays, f"target_W{i}", name).astype(np.float64)
        if target and w.shape[1] != target[-1].shape[0]:
            raise InvalidInput(f"{name}: target_W{i} has {w.shape[1]} columns but target_W{i - 1} has "
                               f"{target[-1].shape[0]} rows")
        target.append(w)
    for i, w in enumerate(target, start=1):
        d_out, d_in = w.shape
        first = _matrix(arrays, f"random_M{2 * i - 1}", name)
        n = first.shape[0]
        shapes = {2 * i - 1: (n, d_in), 2 * i: (d_out, n)}
        for j, shape in shapes.items():
            m = _matrix(arrays, f"random_M{j}", name, shape).astype(np.float64)
            k = _matrix(arrays, f"mask_M{j}", name, shape)
            random.append(m)
            if not np.all((k == 0) | (k == 1)):
                raise InvalidInput(f"{name}: mask_M{j} is not binary (entries must be 0 or 1)")
            masks.append(k.astype(np.uint8))
    for key in arrays:
        if key.startswith(("random_M", "mask_M")) and key.split("M")[-1].isdigit() \
                and int(key.split("M")[-1]) > 2 * layers:
            raise InvalidInput(f"{name}: entry {key} has no matching target layer (the file has {layers} layers)")
    for i, w in enumerate(target, start=1):
        if not np.all(np.isfinite(w)):
            raise InvalidInput(f"{name}: target_W{i} contains NaN or infinite values")
        norm = float(np.linalg.norm(w, 2))
        if norm > 1.0 + NORM_TOLERANCE:
            raise InvalidInput(f"{name}: target_W{i} has spectral norm {norm:.6g} > 1 (the target class needs <= 1)")
    for j, m in enumerate(random, start=1):
        if not np.all(np.isfinite(m)) or np.abs(m).max() > 1.0:
            raise InvalidInput(f"{name}: random_M{j} has entries outside [-1, 1] (the random network is U[-1, 1])")
    for i in range(layers):
        degree = masks[2 * i].sum(axis=1)
        if degree.max() > 1:
            unit = int(np.argmax(degree))
            raise InvalidInput(f"{name}: mask_M{2 * i + 1} keeps {int(degree[unit])} edges into hidden unit {unit}; "
                               f"the construction allows at most one")
    meta = {
        "eps": _scalar(arrays, "eps", np.floating, name),
        "delta": _scalar(arrays, "delta", np.floating, name),
        "c": _scalar(arrays, "c", np.floating, name),
        "seed": _scalar(arrays, "seed", np.integer, name),
        "sup_error_certified": _scalar(arrays, "sup_error_certified", np.floating, name),
        "sup_error_empirical": _scalar(arrays, "sup_error_empirical", np.floating, name),
        "empirical_samples": _scalar(arrays, "empirical_samples", np.integer, name),
        "empirical_restarts": _scalar(arrays, "empirical_restarts", np.integer, name),
    }
    for key in ("eps", "delta"):
        if not 0.0 < meta[key] < 1.0:
            raise InvalidInput(f"{name}: {key} = {meta[key]!r} must lie strictly between 0 and 1")
    if not (math.isnan(meta["c"]) or (math.isfinite(meta["c"]) and meta["c"] > 0)):
        raise InvalidInput(f"{name}: c = {meta['c']!r} must be > 0 (or NaN for explicit widths)")
    if meta["seed"] < 0 or meta["empirical_samples"] < 0 or meta["empirical_restarts"] < 0:
        raise InvalidInput(f"{name}: seed, empirical_samples and empirical_restarts must be >= 0")
    if "hidden_widths" not in arrays or arrays["hidden_widths"].tolist() != [m.shape[0] for m in random[0::2]]:
        raise InvalidInput(f"{name}: hidden_widths disagree with the shapes of random_M1, random_M3, ...")
    return target, random, masks, meta
