"""Reading arrays from files the user names: every size is checked before it is allocated, nothing is unpickled.

``numpy.load`` trusts a file: a ``.npy`` header may declare 10⁹ × 1000 floats, a 2 MB ``.npz`` member may inflate to
2 GB of zeros, and everything is allocated before anyone looks.  The readers here look first:

* :func:`check_input_file` — an input path that is empty, missing, a directory or unreadable is one line saying so;
* :func:`read_npy` — a ``.npy`` file: magic, header (dtype, shape), object dtypes refused, the declared bytes passed
  to the memory guard (:func:`verify.memory.require`) and compared with the file's length, then read;
* :func:`open_npz` — an ``.npz`` archive read lazily (:class:`NpzArchive`, with ``files``, ``[name]`` and ``in``
  like numpy's ``NpzFile``): every member's declared shape and dtype are known before any member is inflated
  (:meth:`NpzArchive.declared`), the zip directory's uncompressed size of each member must agree with its ``.npy``
  header (so a member cannot inflate beyond what it declares), and the total is passed to the memory guard;
* :func:`read_stream` — a plain or gzipped stream, read by a caller that stops at the length its header declares.

A damaged file (bad zip directory, CRC error, corrupt deflate stream, truncated data) is one
:class:`verify.errors.InvalidInput` line naming the file and what is wrong, whatever exception the decoder raised.
"""

from __future__ import annotations

import gzip
import math
import os
import struct
import tokenize
import zipfile
import zlib
from pathlib import Path

import numpy as np

from verify.errors import InvalidInput
from verify.memory import require

__all__ = ["NpzArchive", "check_input_file", "open_npz", "read_npy", "read_stream"]

_NPY_MAGIC = b"\x93NUMPY"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# What numpy's and zipfile's decoders raise on a damaged file (a corrupt .npy header reaches the tokenizer).
_DAMAGED = (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, zlib.error, OverflowError, SyntaxError,
            UnicodeDecodeError, tokenize.TokenError, struct.error, NotImplementedError)


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())[:160]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def check_input_file(path, what: str) -> Path:
    """``path`` as a Path if it names a readable regular file; otherwise one line (empty, missing, a directory)."""
    if path is None or not str(path).strip():
        raise InvalidInput(f"{what} is empty; give the name of a file")
    target = Path(path)
    if not target.exists():
        raise InvalidInput(f"{what} {str(path)!r} does not exist")
    if target.is_dir():
        raise InvalidInput(f"{what} {str(path)!r} is a directory; give a file")
    if not target.is_file():
        raise InvalidInput(f"{what} {str(path)!r} is not a regular file")
    if not os.access(target, os.R_OK):
        raise InvalidInput(f"{what} {str(path)!r} is not readable")
    return target


def _format_kind(path: Path) -> str:
    with open(path, "rb") as handle:
        start = handle.read(6)
    if start.startswith(_NPY_MAGIC):
        return "npy"
    if start[:4] in _ZIP_MAGIC:
        return "npz"
    if start[:2] == b"\x1f\x8b":
        return "gzip"
    return "other"


def _read_header(handle, name: str) -> tuple[tuple[int, ...], np.dtype, bool]:
    """(shape, dtype, fortran_order) from the ``.npy`` header at the handle's position; object dtypes refused."""
    try:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
        else:
            raise ValueError(f"unknown .npy version {version}")
    except _DAMAGED as error:
        raise InvalidInput(f"{name}: not a readable .npy array ({_reason(error)})") from None
    if dtype.hasobject:
        raise InvalidInput(f"{name}: holds pickled (object) data, which slth never loads")
    if any(int(n) < 0 for n in shape):
        raise InvalidInput(f"{name}: its header declares the impossible shape {shape}")
    return tuple(int(n) for n in shape), dtype, bool(fortran)


def _nbytes(shape, dtype: np.dtype) -> int:
    return math.prod(shape) * dtype.itemsize


def _check_kind(name: str, dtype: np.dtype, kinds: str) -> None:
    if dtype.kind not in kinds:
        allowed = {"f": "float", "i": "integer", "u": "unsigned integer", "b": "boolean", "U": "string"}
        raise InvalidInput(f"{name}: dtype {dtype} is not allowed here (allowed: "
                           f"{', '.join(allowed.get(k, k) for k in kinds)})")


def read_npy(path, what: str, kinds: str = "fiub", limit: int | None = None) -> np.ndarray:
    """A ``.npy`` array, its header checked (dtype kind in ``kinds``, declared bytes within the memory guard and
    within the file's length) before its data is read."""
    path = check_input_file(path, what)
    name = f"{what} {str(path)!r}"
    kind = _format_kind(path)
    if kind == "npz":
        raise InvalidInput(f"{name} is an .npz archive; save one matrix with numpy.save (.npy)")
    if kind != "npy":
        raise InvalidInput(f"{name} is not a .npy file (it does not start with the .npy magic bytes)")
    with open(path, "rb") as handle:
        shape, dtype, fortran = _read_header(handle, name)
        _check_kind(name, dtype, kinds)
        needed = _nbytes(shape, dtype)
        require(f"reading {name} (shape {shape}, {dtype})", [("its declared data", needed)], limit)
        if os.path.getsize(path) - handle.tell() < needed:
            raise InvalidInput(f"{name}: truncated (its header declares {needed} bytes of data, the file holds "
                               f"{os.path.getsize(path) - handle.tell()})")
        handle.seek(0)  # read_array parses the header again
        try:
            return np.lib.format.read_array(handle, allow_pickle=False)
        except _DAMAGED as error:
            raise InvalidInput(f"{name}: unreadable array data ({_reason(error)})") from None


class NpzArchive:
    """An ``.npz`` archive opened for checked, lazy reading (see the module docstring)."""

    def __init__(self, path: Path, name: str, zip_file: zipfile.ZipFile, members: dict):
        self.path, self.name, self._zip, self._members = path, name, zip_file, members
        self._declared: dict[str, tuple[tuple[int, ...], np.dtype]] = {}

    # numpy's NpzFile interface, for the readers that index it
    @property
    def files(self) -> list[str]:
        return list(self._members)

    def __contains__(self, key: str) -> bool:
        return key in self._members

    def __enter__(self) -> NpzArchive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def declared(self, key: str) -> tuple[tuple[int, ...], np.dtype]:
        """(shape, dtype) of a member from its ``.npy`` header, without inflating its data."""
        if key not in self._declared:
            info = self._members[key]
            where = f"{self.name}: member {key!r}"
            try:
                with self._zip.open(info) as handle:
                    shape, dtype, _ = _read_header(handle, where)
                    header = handle.tell()
            except InvalidInput:
                raise
            except _DAMAGED as error:
                raise InvalidInput(f"{where} is damaged ({_reason(error)})") from None
            if info.file_size != header + _nbytes(shape, dtype):
                raise InvalidInput(f"{where} is damaged: the archive says {info.file_size} bytes, its header "
                                   f"declares {header + _nbytes(shape, dtype)}")
            self._declared[key] = (shape, dtype)
        return self._declared[key]

    def declared_bytes(self, keys=None) -> int:
        return sum(_nbytes(*self.declared(key)) for key in (self.files if keys is None else keys))

    def reserve(self, keys=None, limit: int | None = None) -> int:
        """Pass the declared bytes of ``keys`` (default: every member) to the memory guard."""
        keys = self.files if keys is None else list(keys)
        parts = [(f"member {key!r} {self.declared(key)[0]}", _nbytes(*self.declared(key))) for key in keys]
        return require(f"reading {self.name}", parts, limit)

    def get(self, key: str, kinds: str = "fiubU") -> np.ndarray:
        """One member, its dtype kind checked, read without pickles (the caller has reserved its bytes)."""
        shape, dtype = self.declared(key)
        _check_kind(f"{self.name}: member {key!r}", dtype, kinds)
        try:
            with self._zip.open(self._members[key]) as handle:
                return np.lib.format.read_array(handle, allow_pickle=False)
        except _DAMAGED as error:
            raise InvalidInput(f"{self.name}: member {key!r} is damaged ({_reason(error)})") from None

    def __getitem__(self, key: str) -> np.ndarray:
        return self.get(key)


def open_npz(path, what: str) -> NpzArchive:
    """An ``.npz`` archive for checked reading; a missing, foreign or damaged file is one line."""
    path = check_input_file(path, what)
    name = f"{what} {str(path)!r}"
    kind = _format_kind(path)
    if kind == "npy":
        raise InvalidInput(f"{name} is a single .npy array, not an .npz archive")
    if kind != "npz":
        raise InvalidInput(f"{name} is not an .npz archive (it does not start with the zip magic bytes)")
    try:
        archive = zipfile.ZipFile(path)
        members = {}
        for info in archive.infolist():
            if info.is_dir():
                continue
            if not info.filename.endswith(".npy"):
                archive.close()
                raise InvalidInput(f"{name}: member {info.filename!r} is not a .npy array")
            members[info.filename[:-4]] = info
    except InvalidInput:
        raise
    except _DAMAGED as error:
        raise InvalidInput(f"{name} is damaged or not an .npz archive ({_reason(error)})") from None
    return NpzArchive(path, name, archive, members)


def read_stream(path, what: str, reader):
    """``reader(stream)`` on the file's bytes (gunzipped when it is a gzip file); whatever the decoder raises on a
    damaged file becomes one line.  ``reader`` reads only as much as the header it parses declares (after passing
    that size to the memory guard), so a small file cannot inflate into a large allocation."""
    path = check_input_file(path, what)
    name = f"{what} {str(path)!r}"
    try:
        opener = gzip.open if _format_kind(path) == "gzip" else open
        with opener(path, "rb") as stream:
            return reader(stream, name)
    except InvalidInput:
        raise
    except (*_DAMAGED, gzip.BadGzipFile) as error:
        raise InvalidInput(f"{name} is not readable: damaged or not the expected format ({_reason(error)})") from None
