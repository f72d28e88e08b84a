"""A results store: chunked, resumable, validated, written atomically.

A run writes into a directory::

    DIR/manifest.json          what run this is (its identity: every parameter that changes a number)
    DIR/chunk-000000.npz       one file per finished chunk: arrays + a JSON header with checksums

Every file is written to a temporary name in DIR, flushed to disk and renamed into place (``os.replace`` is atomic
on POSIX), so a run killed at any moment leaves only whole files behind; the directory and its manifest are created
with the first finished chunk, so a run that fails before finishing one leaves nothing at all.  Re-running the same
command skips the chunks already on disk.  Nothing is trusted blindly:

* the manifest must match its schema (:data:`MANIFEST_SCHEMA`, checked by :mod:`verify.schema`) and its digest
  its identity, and must be this run's: otherwise the directory is refused with one line;
* a chunk's header must match :data:`CHUNK_HEADER_SCHEMA`, name this run and this chunk (a chunk file renamed into
  another slot says so), carry the chunk's declared range (its ``meta``), list exactly its arrays with their
  checksums, and every array must have the shape and dtype the caller expects for that range (``expect``): a forged
  chunk with 14 rows in a 16-row slot, a missing column or another dtype is reported and recomputed, never used;
* unknown files are reported and ignored.

Files are read with ``allow_pickle=False`` through :mod:`verify.arrayfiles` (declared sizes checked first).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from verify.arrayfiles import open_npz
from verify.errors import InvalidInput
from verify.schema import SHA256, IntRange, ListOf, MapOf, SchemaError, parse_json, read_json

FORMAT = "slth-verify/store/1"
_CHUNK_NAME = re.compile(r"^chunk-(\d{6})\.npz$")
_IGNORED = {"manifest.json"}

MANIFEST_SCHEMA = {"identity": {"format": str, "kind": str}, "digest": SHA256}
CHUNK_HEADER_SCHEMA = {"run": SHA256, "chunk": IntRange(0), "meta": dict,
                       "arrays": MapOf({"digest": SHA256, "shape": ListOf(IntRange(0)), "dtype": str})}

# What a caller expects of a chunk's arrays: name -> (shape, dtype string); ``None`` in a shape matches any length.
ArraySpec = dict[str, tuple[tuple[int | None, ...], str]]


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)


def identity_digest(identity: dict) -> str:
    return hashlib.sha256(canonical_json(identity).encode()).hexdigest()


def _array_digest(array: np.ndarray) -> str:
    array = np.ascontiguousarray(array)
    header = f"{array.dtype.str}{array.shape}".encode()
    return hashlib.sha256(header + array.tobytes()).hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same directory, fsync, rename)."""
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(descriptor, 0o666 & ~umask)  # mkstemp creates 0600; results are ordinary files
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def atomic_write_npz(path, arrays: dict, compressed: bool = False) -> Path:
    """Write arrays as an ``.npz`` file atomically (the bytes are built in memory, then :func:`atomic_write_bytes`);
    a missing directory is refused with one line."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidInput(f"cannot write {str(path)!r}: directory {str(directory)!r} does not exist")
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, **arrays)
    atomic_write_bytes(path, buffer.getvalue())
    return path


def _warn(message: str) -> None:
    print(f"slth: warning: {message}", file=sys.stderr)


class ResultStore:
    """Chunk files for one run, identified by a JSON-able ``identity`` dict."""

    def __init__(self, directory, identity: dict, kind: str):
        self.directory = Path(directory)
        self.identity = {"format": FORMAT, "kind": kind, **identity}
        self.digest = identity_digest(self.identity)

    # -- opening ----------------------------------------------------------------------------------------------
    def check(self) -> None:
        """Refuse a directory that holds another run, a damaged manifest, or is not a directory (nothing is
        written)."""
        if self.directory.exists() and not self.directory.is_dir():
            raise InvalidInput(f"--out {self.directory} exists and is not a directory")
        manifest = self.directory / "manifest.json"
        if not manifest.exists():
            return
        try:
            stored = read_json(manifest, MANIFEST_SCHEMA, str(manifest))
        except SchemaError as error:
            raise InvalidInput(f"{error}: not a results-store manifest; use another --out directory") from None
        if identity_digest(stored["identity"]) != stored["digest"]:
            raise InvalidInput(f"{manifest} has been edited (its digest does not match its identity); use another "
                               "--out directory")
        if stored["digest"] != self.digest:
            identity = stored["identity"]
            differing = sorted(key for key in set(identity) | set(self.identity)
                               if identity.get(key) != self.identity.get(key))
            what = ", ".join(differing) if differing else "its identity"
            raise InvalidInput(f"--out {self.directory} holds a different run (differs in: {what}); "
                               "use another directory")

    def open(self) -> ResultStore:
        """Check the directory (:meth:`check`) and report foreign files; the directory and manifest themselves are
        written with the first chunk (:meth:`save`), so nothing is left behind by a run that finishes none."""
        self.check()
        if not self.directory.is_dir():
            return self
        for entry in sorted(self.directory.iterdir()):
            name = entry.name
            if name in _IGNORED or _CHUNK_NAME.match(name):
                continue
            if name.startswith(".") and name.endswith(".tmp"):
                _warn(f"removing unfinished temporary file {entry}")
                entry.unlink(missing_ok=True)
                continue
            _warn(f"ignoring foreign file {entry} (not written by this run)")
        return self

    def write_manifest(self) -> None:
        """Create the directory and write the manifest now (:meth:`save` does it with the first chunk)."""
        manifest = self.directory / "manifest.json"
        if not manifest.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            payload = {"identity": self.identity, "digest": self.digest}
            atomic_write_bytes(manifest, (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode())

    # -- chunks -----------------------------------------------------------------------------------------------
    def chunk_path(self, index: int) -> Path:
        return self.directory / f"chunk-{index:06d}.npz"

    def save(self, index: int, meta: dict, **arrays: np.ndarray) -> None:
        self.write_manifest()
        header = {
            "run": self.digest,
            "chunk": int(index),
            "meta": meta,
            "arrays": {name: {"digest": _array_digest(a), "shape": list(a.shape), "dtype": a.dtype.str}
                       for name, a in arrays.items()},
        }
        buffer = io.BytesIO()
        members: dict[str, Any] = {"__header__": np.array(canonical_json(header)), **arrays}
        np.savez(buffer, **members)
        atomic_write_bytes(self.chunk_path(index), buffer.getvalue())

    def load(self, index: int, meta: dict, expect: ArraySpec | None = None) -> dict | None:
        """The arrays of a finished chunk, or None if absent; a damaged, foreign or forged chunk is reported, not
        used.  ``expect`` gives the shape and dtype each array must have for this chunk's range."""
        path = self.chunk_path(index)
        if not path.exists():
            return None
        try:
            with open_npz(path, "chunk") as data:
                if "__header__" not in data:
                    raise InvalidInput("it has no header")
                data.reserve()
                header = parse_json(str(data.get("__header__", kinds="U")[()]), CHUNK_HEADER_SCHEMA, "its header")
                arrays = {name: data.get(name, kinds="fiub") for name in data.files if name != "__header__"}
        except (InvalidInput, SchemaError) as error:
            _warn(f"{path} is unreadable ({error}); recomputing it")
            return None
        problem = _chunk_problem(header, arrays, self.digest, index, json.loads(canonical_json(meta)), expect)
        if problem:
            _warn(f"{path} is not usable ({problem}); recomputing it")
            return None
        return arrays


def _chunk_problem(header: dict, arrays: dict, digest: str, index: int, meta: dict, expect: ArraySpec | None):
    """Why a chunk cannot be used (None if it can)."""
    if header["run"] != digest:
        return "it was written by another run"
    if header["chunk"] != index:
        return f"it holds chunk {header['chunk']}, not chunk {index} (a renamed or swapped file)"
    if header["meta"] != meta:
        return f"its declared range {canonical_json(header['meta'])} is not {canonical_json(meta)}"
    if set(header["arrays"]) != set(arrays):
        return "its arrays do not match its header"
    if expect is not None and set(expect) != set(arrays):
        missing, extra = sorted(set(expect) - set(arrays)), sorted(set(arrays) - set(expect))
        return f"its arrays are not the expected ones (missing: {', '.join(missing) or '-'}; extra: " \
               f"{', '.join(extra) or '-'})"
    for name, array in arrays.items():
        if expect is not None:
            shape, dtype = expect[name]
            if array.dtype.str != dtype or array.ndim != len(shape) \
                    or any(want is not None and got != want for got, want in zip(array.shape, shape)):
                wanted = tuple("any" if n is None else n for n in shape)
                return f"array {name!r} has shape {array.shape} and dtype {array.dtype.str}; this chunk's range " \
                       f"needs shape {wanted} and dtype {dtype}"
        if _array_digest(array) != header["arrays"][name]["digest"]:
            return f"array {name!r} fails its checksum"
    return None
