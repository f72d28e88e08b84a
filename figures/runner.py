"""Build figures: compute (cached in a results file), draw, write PNG and PDF, report.

``build(profile, only, out)`` is what ``slth figures`` runs.  For each registered figure the results file
``OUT/<profile>/data/<NAME>.json`` holds {figure, version, profile, params, key, data, facts, checksum}; it is reused
when its key (a digest of the figure's name, VERSION and parameters) matches, so redrawing never recomputes, and long
computations resume through the results store under ``OUT/<profile>/store/``.

The cache gets the results store's discipline: a file is used only if it is strict JSON of the cache's schema
(:data:`CACHE_SCHEMA`: this figure, this profile, a key, data and facts objects) and its ``checksum`` (sha256 of the
canonical JSON of key and data) matches; otherwise it is reported on stderr and recomputed, so an edited number is
never redrawn as "cached".

Drawing is skipped too when a figure's files on disk are, by their stamp, the drawing of the same results by the
same code (:mod:`figures.drawn`): rebuilding, or ``slth paper`` after ``slth figures``, writes no PNG twice.

A figure that owns a campaign also defines ``tables(params, store) -> {name: Table}``: the raw per-unit result
tables the claims are decided from.  They are written, with every figure's facts (``facts.json``) and a manifest of
sha256 digests and the code commit, to ``OUT/<profile>/results/`` (:mod:`verify.claims.results`).
"""

from __future__ import annotations

import importlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from figures import drawn  # first: it takes the drawing digest before any figure module is imported
from verify.errors import InvalidInput
from verify.tables import save_table

PROFILE_NAMES = ("mini", "quick", "full")
DEFAULT_OUT = Path(__file__).resolve().parent / "out"


@dataclass
class Built:
    name: str
    title: str
    files: list
    results_file: Path
    computed: bool
    seconds: float
    drawn: bool = False  # drawn in this build (False: not drawn, or its files kept: figures.drawn)


def registry() -> list:
    from figures import FIGURES

    return [importlib.import_module(module) for module in FIGURES]


def names() -> list[str]:
    return [module.NAME for module in registry()]


def _key(module, params: dict) -> str:
    from verify.store import identity_digest

    return identity_digest({"figure": module.NAME, "version": module.VERSION, "params": params})


def keyed_store(store: Path, *parts: str, identity: dict) -> Path:
    """A results-store directory for one computation: ``store/<parts>/<digest of identity>``.  Changing a profile's
    parameters therefore starts a new store instead of colliding with the old one (which the store would refuse)."""
    from verify.store import identity_digest

    return Path(store).joinpath(*parts, identity_digest(identity)[:16])


def results_path(out: Path, profile: str, name: str) -> Path:
    return Path(out) / profile / "data" / f"{name}.json"


def cache_schema(name: str, profile: str) -> dict:
    """The schema of figure ``name``'s results file in ``profile`` (:mod:`verify.schema`)."""
    from verify.schema import SHA256, Equals

    return {"figure": Equals(name), "version": int, "profile": Equals(profile), "params": dict, "key": SHA256,
            "data": dict, "facts": dict, "checksum": SHA256}


def _checksum(document: dict) -> str:
    from verify.store import identity_digest

    return identity_digest({"key": document["key"], "data": document["data"]})


def load_results(out: Path, profile: str, name: str) -> dict | None:
    """The cached results document of figure ``name``, or None when there is none or it cannot be trusted (not
    strict JSON, not of :func:`cache_schema`, or failing its checksum: reported on stderr)."""
    from verify.schema import SchemaError, read_json

    path = results_path(out, profile, name)
    if not path.exists():
        return None
    try:
        document = read_json(path, cache_schema(name, profile), str(path))
    except SchemaError as error:
        _warn(f"{error}; recomputing it")
        return None
    if document["checksum"] != _checksum(document):
        _warn(f"{path} fails its checksum (its key or data were changed after it was written); recomputing it")
        return None
    return document


def _warn(message: str) -> None:
    import sys

    print(f"slth: warning: {message}", file=sys.stderr)


def _write(path: Path, document: dict) -> None:
    from verify.store import atomic_write_bytes

    document = {**document, "checksum": _checksum(document)}
    atomic_write_bytes(path, (json.dumps(document, indent=1, sort_keys=True, allow_nan=False) + "\n").encode())


def cost_path(out: Path, profile: str, name: str) -> Path:
    """Where the measured compute time of a figure's last computation is kept (beside its results file)."""
    return Path(out) / profile / "data" / f"{name}.cost.json"


def _measured_cost(out: Path, profile: str, name: str, key: str) -> float | None:
    """Seconds the last computation of this figure with this key took on this machine (None: never measured)."""
    from verify.schema import SHA256, SchemaError, read_json

    path = cost_path(out, profile, name)
    if not path.exists():
        return None
    try:
        document = read_json(path, {"key": SHA256, "seconds": float}, str(path))
    except SchemaError:
        return None
    return float(document["seconds"]) if document["key"] == key else None


@dataclass
class Planned:
    """What :func:`build` would do for one figure: reuse its stored results or compute them."""

    name: str
    stored: bool
    measured_seconds: float | None  # the last measured compute time with the same parameters, if any


def plan(profile: str, only: list[str] | None = None, out=None) -> list[Planned]:
    """For each figure :func:`build` would build: whether its results are stored (and reused) and, if not, the
    compute time measured the last time it was computed with the same parameters on this machine."""
    out = Path(out) if out is not None else DEFAULT_OUT
    planned = []
    for module in _selected(only):
        key = _key(module, module.PROFILES[profile])
        path = results_path(out, profile, module.NAME)
        stored = False
        if path.exists():
            try:
                stored = json.loads(path.read_text()).get("key") == key
            except (OSError, ValueError, AttributeError):
                stored = False
        planned.append(Planned(module.NAME, stored, _measured_cost(out, profile, module.NAME, key)))
    return planned


def describe_plan(profile: str, only: list[str] | None = None, out=None) -> str:
    """The lines ``slth figures``/``slth paper`` print before a paper-grade build: what is stored, what will be
    computed, what that cost when last measured, and what is stored of interrupted computations."""
    out = Path(out) if out is not None else DEFAULT_OUT
    planned = plan(profile, only, out)
    todo = [p for p in planned if not p.stored]
    lines = [f"profile {profile}: {len(planned) - len(todo)} of {len(planned)} figures stored in {out / profile} "
             f"(reused), {len(todo)} to compute"]
    for item in todo:
        cost = (f"last computed in {_duration(item.measured_seconds)} on this machine"
                if item.measured_seconds is not None else "cost not measured on this machine yet")
        lines.append(f"  to compute: {item.name} ({cost})")
    chunks = sorted((out / profile / "store").rglob("*.npz")) if (out / profile / "store").is_dir() else []
    if todo:
        known = [p.measured_seconds for p in todo if p.measured_seconds is not None]
        estimate = (f"at least {_duration(sum(known))} (the figures measured before)" if known
                    else "unknown (none of these figures has been computed here before)")
        lines.append(f"estimated cost: {estimate}" + ("; the full profile's campaigns take hours on 2 cores"
                                                       if profile == "full" else ""))
        lines.append(f"stored partial work: {len(chunks):,} finished chunk(s) under {out / profile / 'store'} "
                     "(reused where they match); interrupt with Ctrl-C and rerun to resume")
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _selected(only: list[str] | None) -> list:
    modules = registry()
    if not only:
        return modules
    known = {m.NAME: m for m in modules}
    unknown = [name for name in only if name not in known]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}"
        raise InvalidInput(f"unknown figure {unknown[0]!r}{hint}")
    return [known[name] for name in only]


def build(profile: str = "quick", only: list[str] | None = None, out=None, progress: bool = True,
          draw: bool = True) -> list[Built]:
    from figures import style

    if profile not in PROFILE_NAMES:
        raise InvalidInput(f"profile {profile!r} is not known; allowed: {', '.join(PROFILE_NAMES)}")
    out = Path(out) if out is not None else DEFAULT_OUT
    modules = _selected(only)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"--out {out} exists and is not a directory")
    style.apply_theme()
    built = []
    for module in modules:
        started = time.perf_counter()
        params = module.PROFILES[profile]
        key = _key(module, params)
        path = results_path(out, profile, module.NAME)
        stored = load_results(out, profile, module.NAME)
        computed = stored is None or stored.get("key") != key
        if computed:
            path.parent.mkdir(parents=True, exist_ok=True)
            computing = time.perf_counter()
            data = module.compute(params, out / profile / "store", progress=progress)
            _write_cost(out, profile, module.NAME, key, time.perf_counter() - computing)
            document = {"figure": module.NAME, "title": module.TITLE, "version": module.VERSION, "profile": profile,
                        "params": params, "key": key, "data": data, "facts": module.facts(data, params)}
            _write(path, document)
            stored = load_results(out, profile, module.NAME)  # draw from exactly what a cached rebuild will read
            if stored is None:  # pragma: no cover - what was just written must read back
                raise RuntimeError(f"{path} does not read back as written")
        else:
            facts = json.loads(json.dumps(module.facts(stored["data"], params)))
            if facts != stored["facts"]:  # facts are derived from the data: refresh them without recomputing
                stored["facts"] = facts
                _write(path, stored)
        files = []
        redrawn = False
        if draw:
            kept = drawn.kept_files(out, profile, module.NAME, stored)
            if kept is not None:
                files = kept
            else:
                drawn.forget(out, profile, module.NAME)
                figure = module.draw(stored["data"], params)
                written = style.save_written(figure, out / profile / module.NAME)
                drawn.write_stamp(out, profile, module.NAME, stored, written)
                files = [path for path, _ in written]
                redrawn = True
        if hasattr(module, "tables"):
            results_dir = out / profile / "results"
            results_dir.mkdir(parents=True, exist_ok=True)
            for name, table in module.tables(params, out / profile / "store").items():
                save_table(results_dir / f"{name}.npz", table)
        built.append(Built(module.NAME, module.TITLE, files, path, computed, time.perf_counter() - started, redrawn))
    write_results_index(out, profile)
    return built


def _write_cost(out: Path, profile: str, name: str, key: str, seconds: float) -> None:
    from verify.store import atomic_write_bytes

    document = {"key": key, "seconds": round(float(seconds), 3)}
    atomic_write_bytes(cost_path(out, profile, name), (json.dumps(document, sort_keys=True) + "\n").encode())


def code_commit() -> str | None:
    """The commit of the code that ran (``+dirty`` when the working tree differs from it), or None outside git."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                                check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--", "verify", "bounds", "figures", "paper"],
                                 cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+dirty" if changed else "")


def write_results_index(out: Path, profile: str) -> Path:
    """``facts.json`` (every built figure's facts) and ``manifest.json`` for ``OUT/<profile>/results``."""
    from verify.claims.results import FACTS_FILE, write_manifest
    from verify.store import atomic_write_bytes

    results_dir = Path(out) / profile / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    facts = {}
    for module in registry():
        stored = load_results(out, profile, module.NAME)
        if stored is not None:
            facts[module.NAME] = stored["facts"]
    atomic_write_bytes(results_dir / FACTS_FILE, (json.dumps(facts, indent=1, sort_keys=True, allow_nan=False)
                                                  + "\n").encode())
    write_manifest(results_dir, profile, code_commit())
    return results_dir
