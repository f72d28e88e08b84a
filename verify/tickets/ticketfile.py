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
import re
from pathlib import Path

import numpy as np

from verify.arrayfiles import open_npz
from verify.errors import InvalidInput
from verify.memory import require
from verify.store import atomic_write_npz
from verify.tickets.footprint import target_memory, ticket_memory
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
    """Every array of an ``.npz`` file, read without pickles after their declared sizes have passed the memory guard
    (:mod:`verify.arrayfiles`); any unreadable file is one InvalidInput line."""
    with open_npz(path, what) as archive:
        archive.reserve()
        return {key: archive.get(key, kinds="fiubU") for key in archive.files}


def load_target_file(path) -> list[np.ndarray]:
    """Target matrices ``target_W1``, ``target_W2``, ... from an ``.npz`` file (a ticket file works too).

    Only the target members are read, after their declared shapes (2-D, chained) and sizes (the memory guard) are
    checked; values are checked by :func:`verify.tickets.construction.check_target`.
    """
    with open_npz(path, "target file") as archive:
        name = archive.name
        keys = []
        while f"target_W{len(keys) + 1}" in archive:
            keys.append(f"target_W{len(keys) + 1}")
        if not keys:
            raise InvalidInput(f"{name}: no target matrices (entries target_W1, target_W2, ...)")
        stray = sorted(key for key in archive.files if re.fullmatch(r"target_W\d+", key)
                       and int(key.removeprefix("target_W")) > len(keys))
        if stray:
            raise InvalidInput(f"{name}: target matrices must be numbered target_W1..target_WL without gaps; found "
                               f"{', '.join(stray)} after target_W{len(keys)}")
        for key in keys:
            shape = archive.declared(key)[0]
            if len(shape) != 2 or 0 in shape:
                raise InvalidInput(f"{name}: {key} must be a non-empty matrix, got shape {shape}")
        dims = [archive.declared(keys[0])[0][1]] + [archive.declared(key)[0][0] for key in keys]
        require(f"the target in {name}", [("its matrices", archive.declared_bytes(keys)),
                                           ("checking them", target_memory(dims))])
        return [archive.get(key, kinds="fiub") for key in keys]


def _scalar(archive, key, kind, name):
    if key not in archive:
        raise InvalidInput(f"{name}: missing entry {key!r}")
    shape, dtype = archive.declared(key)
    if shape != () or not np.issubdtype(dtype, kind):
        raise InvalidInput(f"{name}: entry {key!r} must be a scalar of kind {kind.__name__}, got {dtype} "
                           f"with shape {shape}")
    return archive.get(key).item()


def _declared_matrix(archive, key, name, shape=None) -> tuple[int, int]:
    if key not in archive:
        raise InvalidInput(f"{name}: missing entry {key!r}")
    declared, dtype = archive.declared(key)
    if len(declared) != 2 or 0 in declared:
        raise InvalidInput(f"{name}: {key} must be a non-empty matrix, got shape {declared}")
    if shape is not None and declared != shape:
        raise InvalidInput(f"{name}: {key} has shape {declared}; expected {shape}")
    if dtype.kind not in "fiub":
        raise InvalidInput(f"{name}: {key} must be numeric, got dtype {dtype}")
    return declared


def load_ticket_file(path):
    """Validate a ticket file's structure and return (target, random, masks, metadata) as float/uint8 arrays.

    Lazily, so that a file's numbers cannot drive an allocation: the schema and the scalars are read first, then
    every matrix's *declared* shape is checked against the structure (chained target widths, random and mask
    matrices of the pair shapes, hidden widths), the re-verification's memory (:func:`ticket_memory`, with the
    file's own ``empirical_samples``) passes the memory guard, and only then are the matrices read.
    """
    from verify.tickets.sup_error import check_search

    with open_npz(path, "ticket file") as archive:
        name = archive.name
        if "schema" not in archive or archive.declared("schema")[0] != () \
                or archive.declared("schema")[1].kind != "U" or archive.get("schema").item() != SCHEMA:
            raise InvalidInput(f"{name}: not a {SCHEMA!r} file (entry 'schema' missing or different)")
        version = _scalar(archive, "version", np.integer, name)
        if version != VERSION:
            raise InvalidInput(f"{name}: schema version {version} is not supported; this slth reads versions "
                               f"{VERSION} and 2")
        meta = {
            "eps": _scalar(archive, "eps", np.floating, name),
            "delta": _scalar(archive, "delta", np.floating, name),
            "c": _scalar(archive, "c", np.floating, name),
            "seed": _scalar(archive, "seed", np.integer, name),
            "sup_error_certified": _scalar(archive, "sup_error_certified", np.floating, name),
            "sup_error_empirical": _scalar(archive, "sup_error_empirical", np.floating, name),
            "empirical_samples": _scalar(archive, "empirical_samples", np.integer, name),
            "empirical_restarts": _scalar(archive, "empirical_restarts", np.integer, name),
        }
        for key in ("eps", "delta"):
            if not 0.0 < meta[key] < 1.0:
                raise InvalidInput(f"{name}: {key} = {meta[key]!r} must lie strictly between 0 and 1")
        if not (math.isnan(meta["c"]) or (math.isfinite(meta["c"]) and meta["c"] > 0)):
            raise InvalidInput(f"{name}: c = {meta['c']!r} must be > 0 (or NaN for explicit widths)")
        if meta["seed"] < 0 or meta["empirical_samples"] < 0 or meta["empirical_restarts"] < 0:
            raise InvalidInput(f"{name}: seed, empirical_samples and empirical_restarts must be >= 0")
        layers = 0
        while f"target_W{layers + 1}" in archive:
            layers += 1
        if layers == 0:
            raise InvalidInput(f"{name}: no target matrices (entries target_W1, target_W2, ...)")
        shapes = []
        for i in range(1, layers + 1):
            shape = _declared_matrix(archive, f"target_W{i}", name)
            if shapes and shape[1] != shapes[-1][0]:
                raise InvalidInput(f"{name}: target_W{i} has {shape[1]} columns but target_W{i - 1} has "
                                   f"{shapes[-1][0]} rows")
            shapes.append(shape)
        hidden = []
        for i, (d_out, d_in) in enumerate(shapes, start=1):
            n = _declared_matrix(archive, f"random_M{2 * i - 1}", name)[0]
            hidden.append(n)
            for j, shape in ((2 * i - 1, (n, d_in)), (2 * i, (d_out, n))):
                _declared_matrix(archive, f"random_M{j}", name, shape)
                _declared_matrix(archive, f"mask_M{j}", name, shape)
        for key in archive.files:
            if key.startswith(("random_M", "mask_M")) and key.split("M")[-1].isdigit() \
                    and int(key.split("M")[-1]) > 2 * layers:
                raise InvalidInput(f"{name}: entry {key} has no matching target layer (the file has {layers} layers)")
        if "hidden_widths" not in archive or archive.declared("hidden_widths")[0] != (layers,) \
                or archive.get("hidden_widths", kinds="iu").tolist() != hidden:
            raise InvalidInput(f"{name}: hidden_widths disagree with the shapes of random_M1, random_M3, ...")
        dims = [shapes[0][1]] + [shape[0] for shape in shapes]
        check_search(dims[0], meta["empirical_samples"], meta["empirical_restarts"])
        require(f"re-verifying {name} (widths {dims}, hidden {hidden}, {meta['empirical_samples']:,} samples)",
                [("its matrices", archive.declared_bytes())] + ticket_memory(dims, hidden, meta["empirical_samples"]),
                advice="the file's widths or empirical_samples are too large for this machine")
        target = [archive.get(f"target_W{i}", kinds="fiub").astype(np.float64) for i in range(1, layers + 1)]
        random, masks = [], []
        for j in range(1, 2 * layers + 1):
            random.append(archive.get(f"random_M{j}", kinds="fiub").astype(np.float64))
            k = archive.get(f"mask_M{j}", kinds="fiub")
            if not np.all((k == 0) | (k == 1)):
                raise InvalidInput(f"{name}: mask_M{j} is not binary (entries must be 0 or 1)")
            masks.append(k.astype(np.uint8))
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
    return target, random, masks, meta
