"""The results a build decides its claims from: raw result tables and the figures' named facts, with their files.

A results directory (``figures/out/<profile>/results/`` as a build writes it, ``paper/<profile>/results/`` as the
write-up ships it) holds

* ``<table>.npz`` — one :class:`verify.tables.Table` per campaign (the per-unit measurements);
* ``facts.json`` — every figure's named facts ``{figure: {key: {"value", "description"}}}``;
* ``manifest.json`` — ``{"format", "files": {name: {"sha256", "bytes"}}, "commit", "profile"}``: what a reader
  checks before trusting anything (every file's sha256 must match; an extra or missing file is refused).

:class:`Results` loads one and gives evaluators their tables; the builder asks it where each number came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from verify.errors import InvalidInput
from verify.tables import Table, file_sha256, load_table

FORMAT = "slth-verify/results/1"
FACTS_FILE = "facts.json"
MANIFEST = "manifest.json"

__all__ = ["FORMAT", "Results", "load_results", "write_manifest"]


@dataclass
class Results:
    """Tables by name and figure facts, with the file (relative to ``root_label``) and sha256 behind each."""

    tables: dict[str, Table] = field(default_factory=dict)
    figure_facts: dict[str, dict] = field(default_factory=dict)
    files: dict[str, dict] = field(default_factory=dict)    # name -> {"file": str, "sha256": str}
    profile: str = ""

    def table(self, name: str) -> Table:
        if name not in self.tables:
            raise InvalidInput(f"no result table {name!r} (have: {', '.join(sorted(self.tables)) or 'none'})")
        return self.tables[name]

    def has(self, name: str) -> bool:
        return name in self.tables

    def source(self, name: str) -> dict:
        """``{"file", "sha256"}`` of a table (by name) or of the facts file (``"facts"``)."""
        return self.files[name]


def write_manifest(directory: Path, profile: str, commit: str | None) -> dict:
    """Record every file of a results directory with its sha256 (the manifest itself excluded)."""
    from verify.store import atomic_write_bytes

    directory = Path(directory)
    files = {}
    for path in sorted(directory.iterdir()):
        if path.name == MANIFEST or path.name.startswith("."):
            continue
        files[path.name] = {"sha256": file_sha256(path), "bytes": path.stat().st_size}
    manifest = {"format": FORMAT, "profile": profile, "commit": commit, "files": files}
    atomic_write_bytes(directory / MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    return manifest


def load_results(directory, label: str | None = None) -> Results:
    """Load a results directory after checking its manifest; ``label`` is how file paths are written in provenance
    (default: the directory as given)."""
    directory = Path(directory)
    label = str(directory) if label is None else label
    manifest_path = directory / MANIFEST
    if not directory.is_dir():
        raise InvalidInput(f"results directory {str(directory)!r} does not exist")
    try:
        manifest = json.loads(manifest_path.read_text())
    except FileNotFoundError:
        raise InvalidInput(f"{manifest_path} is missing: not a results directory") from None
    except (OSError, ValueError):
        raise InvalidInput(f"{manifest_path} is not a readable manifest") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("files"),
                                                                                             dict):
        raise InvalidInput(f"{manifest_path} is not a {FORMAT} manifest")
    present = {p.name for p in directory.iterdir() if p.name != MANIFEST and not p.name.startswith(".")}
    listed = set(manifest["files"])
    if present != listed:
        extra, missing = sorted(present - listed), sorted(listed - present)
        raise InvalidInput(f"{directory}: files do not match its manifest (unlisted: {', '.join(extra) or '-'}; "
                           f"missing: {', '.join(missing) or '-'})")
    results = Results(profile=str(manifest.get("profile", "")))
    for name in sorted(listed):
        entry = manifest["files"][name]
        path = directory / name
        digest = file_sha256(path)
        if not isinstance(entry, dict) or entry.get("sha256") != digest:
            raise InvalidInput(f"{path} fails its checksum (the manifest records another sha256)")
        record = {"file": f"{label}/{name}", "sha256": digest}
        if name == FACTS_FILE:
            try:
                facts = json.loads(path.read_text())
            except ValueError:
                raise InvalidInput(f"{path} is not valid JSON") from None
            if not isinstance(facts, dict) or not all(isinstance(v, dict) for v in facts.values()):
                raise InvalidInput(f"{path} must map each figure to its facts")
            results.figure_facts = facts
            results.files["facts"] = record
        elif name.endswith(".npz"):
            table = load_table(path)
            results.tables[table.name] = table
            results.files[table.name] = record
        else:
            raise InvalidInput(f"{path}: unexpected file in a results directory")
    return results
