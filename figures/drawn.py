"""Drawn-file stamps: a figure is drawn again only when its drawing could differ from the files on disk.

Drawing is deterministic: the same data drawn by the same code with the same libraries gives the same PNG and PDF
bytes (``tests/paper/test_build.py`` builds twice and compares).  So a figure whose data, drawing code and files
are unchanged since it was drawn need not be drawn again.  ``slth paper`` builds the figures it ships through
:func:`figures.runner.build`; after a ``slth figures`` it used to redraw every one of them, about 30 s of
``savefig`` in the quick profile on this project's machine.

When a figure is drawn, its stamp ``OUT/<profile>/data/<NAME>.drawn.json`` records

* the key and checksum of the results file that was drawn (what was drawn);
* the drawing digest (:func:`drawing_digest`): sha256 over the source files of the packages ``figures``,
  ``verify`` and ``bounds`` (a draw may call into either) and the versions of the libraries that draw (by whom);
* the sha256 of every file written (what is on disk).

A later build keeps the files only when all three match what it would draw and what it finds
(:func:`kept_files`).  A missing, unreadable or different stamp, or a missing or changed file, means the figure is
drawn again: the stamp is an optimisation, trusted no further than those checks.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

DRAWING_LIBRARIES = ("matplotlib", "seaborn", "numpy", "pandas", "scipy", "sympy")
SOURCE_PACKAGES = ("figures", "verify", "bounds")


@functools.cache
def drawing_digest() -> str:
    """sha256 of the source of :data:`SOURCE_PACKAGES` (every ``.py`` file, by path relative to its package's
    parent, in sorted order) and the installed versions of :data:`DRAWING_LIBRARIES`; computed once per process."""
    import importlib
    from importlib.metadata import version

    digest = hashlib.sha256()
    for package in SOURCE_PACKAGES:
        root = Path(importlib.import_module(package).__file__).resolve().parent
        for path in sorted(root.rglob("*.py")):
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    for library in DRAWING_LIBRARIES:
        digest.update(f"{library}=={version(library)}\0".encode())
    return digest.hexdigest()


def stamp_path(out: Path, profile: str, name: str) -> Path:
    return Path(out) / profile / "data" / f"{name}.drawn.json"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expected(stored: dict) -> dict:
    return {"key": stored["key"], "checksum": stored["checksum"], "drawing": drawing_digest()}


def kept_files(out: Path, profile: str, name: str, stored: dict) -> list[Path] | None:
    """The files of figure ``name`` as last drawn, when its stamp shows they are what drawing ``stored`` (its
    results document) with this code would write; None when it must be drawn."""
    from verify.schema import SHA256, SchemaError, read_json

    path = stamp_path(out, profile, name)
    if not path.is_file():
        return None
    try:
        stamp = read_json(path, {"key": SHA256, "checksum": SHA256, "drawing": SHA256, "files": list}, str(path))
    except SchemaError:
        return None
    if {k: stamp[k] for k in ("key", "checksum", "drawing")} != _expected(stored) or not stamp["files"]:
        return None
    files = []
    for entry in stamp["files"]:  # [file name, sha256], in the order they were written
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(v, str) for v in entry)):
            return None
        file_name, digest = entry
        file = Path(out) / profile / file_name
        if Path(file_name).name != file_name or not file.is_file() or _sha256(file) != digest:
            return None
        files.append(file)
    return files


def write_stamp(out: Path, profile: str, name: str, stored: dict, files: list[Path]) -> None:
    """Record that ``files`` are the drawing of ``stored`` by this code (after they were written)."""
    from verify.store import atomic_write_bytes

    document = {**_expected(stored), "files": [[Path(f).name, _sha256(Path(f))] for f in files]}
    atomic_write_bytes(stamp_path(out, profile, name), (json.dumps(document, indent=1, sort_keys=True) + "\n").encode())


def forget(out: Path, profile: str, name: str) -> None:
    """Remove the stamp before a figure is redrawn, so that a build interrupted mid-drawing leaves none behind."""
    stamp_path(out, profile, name).unlink(missing_ok=True)
