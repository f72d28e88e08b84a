"""Result tables: the raw, per-unit measurements every verdict is computed from, as one compact file each.

A :class:`Table` is a set of named numpy arrays (columns of per-unit values: per sample path, per planting and run,
per trial, level and test example) plus a JSON ``meta`` dict (what was run: campaign, profile, settings, seeds,
code commit).  It is written as an uncompressed-header, compressed-body ``.npz``::

    __meta__          a 0-d string array: canonical JSON of {"format", "name", "meta", "arrays": {name: {"dtype",
                      "shape"}}}
    <name>            one member per array (numeric, boolean or fixed-width unicode; never objects)

Files are read with ``allow_pickle=False``; the declared dtype and shape of every member are checked against the
header before use, and a member the header does not declare (or the reverse) makes the file unusable.  The sha256 of
the file's bytes is what provenance records point at (:func:`file_sha256`); because members are written in sorted
order with fixed zip timestamps, the same table gives the same bytes on every run.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from verify.errors import InvalidInput
from verify.store import atomic_write_bytes, canonical_json

FORMAT = "slth-verify/table/1"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

__all__ = ["FORMAT", "Table", "file_sha256", "load_table", "save_table"]


@dataclass(frozen=True, eq=False)
class Table:
    """Named columns of raw measurements (``arrays``) and what produced them (``meta``, JSON-able)."""

    name: str
    arrays: dict[str, np.ndarray]
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        for key, array in self.arrays.items():
            if not isinstance(array, np.ndarray) or array.dtype.kind not in "biufU":
                raise InvalidInput(f"table {self.name}: column {key!r} must be a numeric, boolean or string array")

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self.arrays:
            raise InvalidInput(f"table {self.name} has no column {key!r}; it has {', '.join(sorted(self.arrays))}")
        return self.arrays[key]

    def __contains__(self, key: str) -> bool:
        return key in self.arrays


def _header(table: Table) -> dict:
    return {"format": FORMAT, "name": table.name, "meta": table.meta,
            "arrays": {k: {"dtype": a.dtype.str, "shape": list(a.shape)} for k, a in sorted(table.arrays.items())}}


def table_bytes(table: Table) -> bytes:
    """The file's bytes: deterministic (sorted members, fixed timestamps, deflate)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        members = {"__meta__": np.array(canonical_json(_header(table))), **table.arrays}
        for key in sorted(members):
            array = members[key]
            array = array if array.flags.c_contiguous else array.copy(order="C")  # ascontiguousarray makes 0-d 1-d
            payload = io.BytesIO()
            np.lib.format.write_array(payload, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload.getvalue())
    return buffer.getvalue()


def save_table(path, table: Table) -> str:
    """Write ``table`` to ``path`` atomically; returns the file's sha256."""
    data = table_bytes(table)
    atomic_write_bytes(Path(path), data)
    return hashlib.sha256(data).hexdigest()


def file_sha256(path) -> str:
    """The sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_table(path) -> Table:
    """Read a table, checking every member against its header; any defect is one :class:`InvalidInput` line."""
    from verify.arrayfiles import open_npz

    name = str(path)
    try:
        with open_npz(name, "result table") as data:
            if "__meta__" not in data.files:
                raise InvalidInput(f"{name}: not a result table (no __meta__ member)")
            data.reserve()
            header = json.loads(str(data["__meta__"][()]))
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise InvalidInput(f"{name}: not a {FORMAT} table")
            declared = header.get("arrays")
            if not isinstance(declared, dict) or set(declared) != set(data.files) - {"__meta__"}:
                raise InvalidInput(f"{name}: its members do not match the columns its header declares")
            arrays = {}
            for key, spec in declared.items():
                array = data[key]
                if not isinstance(spec, dict) or array.dtype.str != spec.get("dtype") \
                        or list(array.shape) != spec.get("shape"):
                    raise InvalidInput(f"{name}: column {key!r} has dtype {array.dtype.str} and shape "
                                       f"{list(array.shape)}, its header declares {spec}")
                arrays[key] = array
    except InvalidInput:
        raise
    except FileNotFoundError:
        raise InvalidInput(f"result table {name!r} does not exist") from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as error:
        raise InvalidInput(f"{name}: unreadable result table ({type(error).__name__}: "
                           f"{' '.join(str(error).split())})") from None
    meta = header.get("meta", {})
    if not isinstance(meta, dict) or not isinstance(header.get("name"), str):
        raise InvalidInput(f"{name}: its header's name or meta has the wrong shape")
    return Table(header["name"], arrays, meta)
