"""A results store: chunked, resumable, validated, written atomically.

A run writes into a directory::

    DIR/manifest.json          what run this is (its identity: every parameter that changes a number)
    DIR/chunk-000000.npz       one file per finished chunk: arrays + a JSON header with checksums

Every file is written to a temporary name in DIR, flushed to disk and renamed into place (``os.replace`` is atomic
on POSIX), so a run killed at any moment leaves only whole files behind.  Re-running the same command skips the
chunks already on disk.  Nothing is trusted blindly: a manifest from a different run is refused; a chunk whose
header, shapes or checksums do not match is reported and recomputed; unknown files are reported and ignored.
Files are read with ``allow_pickle=False``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from verify.errors import InvalidInput

FORMAT = "slth-verify/store/1"
_CHUNK_NAME = re.compile(r"^chunk-(\d{6})\.npz$")
_IGNORED = {"manifest.json"}


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
        """Refuse a directory that holds another run or is not a directory (nothing is written)."""
        if self.directory.exists() and not self.directory.is_dir():
            raise InvalidInput(f"--out {self.directory} exists and is not a directory")
        manifest = self.directory / "manifest.json"
        if manifest.exists():
            try:
                stored = json.loads(manifest.read_text())
            except (OSError, ValueError):
                raise InvalidInput(f"{manifest} is not a readable manifest; use another --out directory") from None
            if stored.get("digest") != self.digest:
                differing = sorted(
                    key for key in set(stored.get("identity", {})) | set(self.identity)
                    if stored.get("identity", {}).get(key) != self.identity.get(key)
                )
                what = ", ".join(differing) if differing else "its identity"
                raise InvalidInput(f"--out {self.directory} holds a different run (differs in: {what}); "
                                   "use another directory")

    def open(self) -> ResultStore:
        """Create the directory and manifest (after :meth:`check`) and report foreign files."""
        self.check()
        self.directory.mkdir(parents=True, exist_ok=True)
        manifest = self.directory / "manifest.json"
        if not manifest.exists():
            payload = {"identity": self.identity, "digest": self.digest}
            atomic_write_bytes(manifest, (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode())
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

    # -- chunks -----------------------------------------------------------------------------------------------
    def chunk_path(self, index: int) -> Path:
        return self.directory / f"chunk-{index:06d}.npz"

    def save(self, index: int, meta: dict, **arrays: np.ndarray) -> None:
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

    def load(self, index: int, meta: dict) -> dict | None:
        """The arrays of a finished chunk, or None if absent; a damaged or foreign chunk is reported, not used."""
        path = self.chunk_path(index)
        if not path.exists():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(str(data["__header__"][()]))
                arrays = {name: data[name] for name in data.files if name != "__header__"}
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as error:
            _warn(f"{path} is unreadable ({type(error).__name__}); recomputing it")
            return None
        problem = None
        if header.get("run") != self.digest or header.get("chunk") != index:
            problem = "it belongs to another run"
        elif header.get("meta") != json.loads(canonical_json(meta)):
            problem = "its chunk range does not match"
        elif set(header.get("arrays", {})) != set(arrays):
            problem = "its arrays do not match its header"
        else:
            for name, array in arrays.items():
                if _array_digest(array) != header["arrays"][name]["digest"]:
                    problem = f"array {name!r} fails its checksum"
                    break
        if problem:
            _warn(f"{path} is not usable ({problem}); recomputing it")
            return None
        return arrays
