"""Drawn-file stamps: a figure is drawn again unless its files are the drawing of the same results by the same code.

Drawing is deterministic: the same data drawn by the same code with the same libraries, settings and fonts gives
the same PNG and PDF bytes (``tests/paper/test_build.py`` builds twice and compares).  So a figure whose data,
drawing code and files are unchanged since it was drawn need not be drawn again.  ``slth paper`` builds the figures
it ships through :func:`figures.runner.build`; after a ``slth figures`` it used to redraw every one of them, about
30 s of ``savefig`` in the quick profile on this project's machine.

When a figure is drawn, its stamp ``OUT/<profile>/data/<NAME>.drawn.json`` records

* the key and checksum of the results file that was drawn (what was drawn);
* the drawing digest (:func:`drawing_digest`), over what the drawing can depend on (by whom and how): the source
  and data files of the packages ``figures``, ``verify`` and ``bounds`` (:data:`SOURCE_SUFFIXES`, by path, not
  the output tree ``figures/out``), the Python version, the name
  and version of every installed distribution, matplotlib's settings once the project's theme is applied
  (``rcParams``, which a ``matplotlibrc`` or ``MPLCONFIGDIR`` can change) and the font files those settings resolve
  to;
* the name and sha256 of the two files written, ``NAME.png`` and ``NAME.pdf``, hashed from the bytes written
  (what is on disk).

A later build keeps the files only when all three match what it would draw and what it finds
(:func:`kept_files`).  A missing, unreadable or different stamp, or a missing or changed file, means the figure is
drawn again: the stamp is an optimisation, trusted no further than those checks.

The files' part of the digest is taken once per process, when this module is first imported (``figures.runner``
imports it before any figure module), so a source file edited while a build runs makes the stamps of that build
disagree with the next one's digest, and the figures are drawn again then; the settings' part is read at the first
drawing (it imports matplotlib, which listing the figures does not need).  What it cannot see: an edit between
the process's first import of a ``verify`` module and this module's import (milliseconds, in ``slth``), and system
fonts the chosen ones fall back to for glyphs they lack.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SOURCE_PACKAGES = ("figures", "verify", "bounds")
SOURCE_SUFFIXES = (".py", ".toml", ".json", ".mplstyle")  # code and the data files it reads (the claims' rules)
SUFFIXES = (".png", ".pdf")  # what figures.style.save writes, in this order


def _generated(relative: Path) -> bool:
    """Whether a file (relative to its package) is output, not source: under the package's ``out/`` or in a
    ``__pycache__`` (a build's own outputs must not change the digest of the code that draws them)."""
    return relative.parts[0] == "out" or "__pycache__" in relative.parts


def _package_root(package: str) -> Path:
    """The directory of ``package``, found without importing it (importing ``bounds`` imports sympy)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package!r} is not importable")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _theme_settings() -> bytes:
    """matplotlib's settings with the project's theme applied, and the font files they resolve to."""
    import matplotlib
    from matplotlib import font_manager

    from figures import style

    with matplotlib.rc_context():
        style.apply_theme()
        params = {key: repr(value) for key, value in sorted(matplotlib.rcParams.items())}
        fonts = {}
        for family in ("sans-serif", "serif", "monospace"):
            path = Path(font_manager.findfont(font_manager.FontProperties(family=[family]), fallback_to_default=True))
            fonts[family] = [str(path), hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None]
    return json.dumps({"rcParams": params, "fonts": fonts}, sort_keys=True).encode()


def _source_digest(packages=SOURCE_PACKAGES) -> str:
    """sha256 of the packages' files, the Python version and the installed distributions."""
    import platform
    from importlib.metadata import distributions

    digest = hashlib.sha256()
    for package in packages:
        root = _package_root(package)
        for path in sorted(p for p in root.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file()
                           and not _generated(p.relative_to(root))):
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"python {platform.python_version()} {platform.python_implementation()}\0".encode())
    installed = sorted({(d.metadata["Name"] or "").lower(): d.version for d in distributions()}.items())
    digest.update(json.dumps(installed).encode() + b"\0")
    return digest.hexdigest()


_SOURCE_DIGEST = _source_digest()  # at import: before the figure modules that draw are imported (module docstring)
_DIGEST: str | None = None


def drawing_digest() -> str:
    """sha256 of what a drawing can depend on (see the module docstring): the source digest taken when this module
    was imported, and matplotlib's themed settings and fonts, read at the first call (which imports matplotlib)."""
    global _DIGEST
    if _DIGEST is None:
        _DIGEST = hashlib.sha256(_SOURCE_DIGEST.encode() + b"\0" + _theme_settings()).hexdigest()
    return _DIGEST


def stamp_path(out: Path, profile: str, name: str) -> Path:
    return Path(out) / profile / "data" / f"{name}.drawn.json"


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
    if {k: stamp[k] for k in ("key", "checksum", "drawing")} != _expected(stored):
        return None
    entries = stamp["files"]
    if not (all(isinstance(e, list) and len(e) == 2 and all(isinstance(v, str) for v in e) for e in entries)
            and [e[0] for e in entries] == [f"{name}{suffix}" for suffix in SUFFIXES]):
        return None  # exactly NAME.png and NAME.pdf, as written
    from verify.tables import file_sha256

    files = []
    for file_name, digest in entries:
        file = Path(out) / profile / file_name
        if not file.is_file() or file_sha256(file) != digest:
            return None
        files.append(file)
    return files


def write_stamp(out: Path, profile: str, name: str, stored: dict, written: list[tuple[Path, bytes]]) -> None:
    """Record that the files ``written`` (path, the bytes written to it) are the drawing of ``stored`` by this code;
    the hashes are of those bytes, not of what the files hold by now."""
    from verify.store import atomic_write_bytes

    document = {**_expected(stored), "files": [[Path(p).name, hashlib.sha256(data).hexdigest()] for p, data in written]}
    atomic_write_bytes(stamp_path(out, profile, name), (json.dumps(document, indent=1, sort_keys=True) + "\n").encode())


def forget(out: Path, profile: str, name: str) -> None:
    """Remove the stamp before a figure is redrawn, so that a build interrupted mid-drawing leaves none behind."""
    stamp_path(out, profile, name).unlink(missing_ok=True)

