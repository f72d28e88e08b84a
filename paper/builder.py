"""Build the reproduction write-up: Markdown (and a LaTeX table) in which no number is typed by hand.

Templates are prose with placeholders ``{{source:key}}`` or ``{{source:key|format}}``; a *source* is a figure's facts
(from the build's ``results/facts.json``) or ``verdicts`` (the facts the claims' evaluators computed from the raw
result tables).  The builder refuses a template that contains a digit outside a placeholder or a formula span
(`` `...` `` or ``$...$``), and a placeholder whose key no source provides.  Every number it writes is listed in
``provenance.json`` with the results file it came from (relative to the repository root), the key inside it and the
file's sha256 — a raw result table for every verdict's number, never only ``verdicts.json``.

Two ways in: ``build(profile)`` builds the figures (cached), ships their results directory to
``paper/<profile>/results/`` and decides the claims from it; ``build(from_results=DIR)`` decides them from a shipped
results directory alone, recomputing nothing — ``slth paper --from-results paper/full/results`` reproduces the
committed ``verdicts.json``, ``reproduction.md`` and ``provenance.json`` byte for byte.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from verify.errors import InvalidInput

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+):([^|}\s]+)(?:\|([^}]+))?\s*\}\}")
FORMULA = re.compile(r"`[^`]*`|\$[^$]*\$")
DEFAULT_OUT = Path(__file__).resolve().parent
REPOSITORY = DEFAULT_OUT.parent


class PaperError(InvalidInput):
    """A template or a results file does not meet the paper's rules."""


def bare_numbers(template: str) -> list[str]:
    """Digits in ``template`` outside placeholders and formula spans (each one is a number without a source)."""
    stripped = FORMULA.sub(" ", PLACEHOLDER.sub(" ", template))
    return re.findall(r"[^\s]*\d[^\s]*", stripped)


@dataclass
class Sources:
    """Named facts with where each came from: source name -> {"facts": {key: fact}, "locate": key -> origin}."""

    entries: dict = field(default_factory=dict)
    used: dict = field(default_factory=dict)
    absent: frozenset = frozenset()  # registered figures that are not in this build: their facts are n/a

    def add(self, name: str, facts: dict, locate) -> None:
        """``locate(key, fact) -> {"file", "key", "sha256"}``: the results file a fact was computed from."""
        self.entries[name] = {"facts": facts, "locate": locate}

    def value(self, name: str, key: str):
        if name in self.absent and name not in self.entries:
            self.used[f"{name}:{key}"] = {"value": None, "description": f"figure {name!r} is not in this build",
                                          "file": None, "key": f"{name}.{key}", "sha256": None}
            return None
        if name not in self.entries:
            raise PaperError(f"placeholder {{{{{name}:{key}}}}} names no source (known: "
                             f"{', '.join(sorted(self.entries))})")
        facts = self.entries[name]["facts"]
        if key not in facts:
            raise PaperError(f"placeholder {{{{{name}:{key}}}}}: source {name!r} has no fact {key!r}")
        item = facts[key]
        self.used[f"{name}:{key}"] = {"value": item["value"], "description": item.get("description", ""),
                                      **self.entries[name]["locate"](key, item)}
        return item["value"]


def render(template: str, sources: Sources) -> str:
    """Fill placeholders from ``sources`` after checking that the template types no number itself."""
    numbers = bare_numbers(template)
    if numbers:
        raise PaperError(f"template types number(s) without a source: {', '.join(numbers[:5])} in "
                         f"{template[:80]!r}...")

    def substitute(match: re.Match) -> str:
        value = sources.value(match.group(1), match.group(2))
        return format_value(value, match.group(3))

    return PLACEHOLDER.sub(substitute, template)


def format_value(value, spec: str | None) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if spec:
        text = format(value, spec)
        if (isinstance(value, float) and math.isfinite(value) and text.startswith("-")
                and not any(digit in "123456789" for digit in text.partition("e")[0])):
            text = text[1:]  # a value that rounds to zero is written 0.00, not -0.00: its sign is rounding noise
        return text
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _label(path: Path) -> str:
    """A results directory as provenance writes it: relative to the repository root when inside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(REPOSITORY).as_posix()
    except ValueError:
        return path.as_posix()


def _json(document) -> bytes:
    return (json.dumps(document, indent=1, sort_keys=True, allow_nan=False) + "\n").encode()


def sources_for(results, evaluated) -> tuple[Sources, dict]:
    """The placeholder sources of a build: every figure's facts and the verdicts' facts, each traced to its file.
    A registered figure that the build does not contain (its campaign not run or not finished) quotes as n/a, with
    no file in the provenance; a name that is no figure at all is still refused."""
    from figures.runner import registry

    sources = Sources(absent=frozenset(m.NAME for m in registry()) - set(results.figure_facts))
    facts_file = results.source("facts")
    for figure, facts in results.figure_facts.items():
        sources.add(figure, facts, lambda key, _item, figure=figure: {
            "file": facts_file["file"], "key": f"{figure}.{key}", "sha256": facts_file["sha256"]})
    verdict_facts, origins = {}, {}
    for item in evaluated:
        default = item.claim.results[0]
        for key, value in item.facts.items():
            full = f"{item.claim.id}.{key}"
            verdict_facts[full] = value
            table, column = value.get("source", (default, "*"))
            located = results.files.get(table, {"file": None, "sha256": None})  # None: the table is not in this build
            origins[full] = {"file": located["file"], "sha256": located["sha256"], "key": f"{table}:{column}"}
    sources.add("verdicts", verdict_facts, lambda key, _item: origins[key])
    return sources, verdict_facts


def ship_results(source: Path, target: Path) -> None:
    """Copy a build's results directory (tables, facts, manifest) to ``target``, replacing what was there."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def build(profile: str = "full", out=None, figures_out=None, latex: bool = False, progress: bool = True,
          from_results=None) -> Path:
    """Decide every claim and write ``<out>/<profile>/`` (``reproduction.md``, ``verdicts.json``,
    ``provenance.json``, ``results/``, ``figures/`` and, with ``latex``, ``tables/verdicts.tex``)."""
    from figures import runner
    from paper import report
    from verify.claims.registry import evaluate_all, registry_digest
    from verify.claims.results import load_results
    from verify.store import atomic_write_bytes

    out_root = Path(out) if out is not None else DEFAULT_OUT
    if from_results is not None:
        results = load_results(from_results, label=_label(from_results))
        profile = results.profile
        target = out_root / profile
        if target.exists() and not target.is_dir():
            raise InvalidInput(f"--out {target} exists and is not a directory")
        target.mkdir(parents=True, exist_ok=True)
    else:
        figures_out = Path(figures_out) if figures_out is not None else runner.DEFAULT_OUT
        target = out_root / profile
        if target.exists() and not target.is_dir():
            raise InvalidInput(f"--out {target} exists and is not a directory")
        runner.build(profile, out=figures_out, progress=progress)
        target.mkdir(parents=True, exist_ok=True)
        ship_results(figures_out / profile / "results", target / "results")
        figure_dir = target / "figures"
        figure_dir.mkdir(exist_ok=True)
        for module in runner.registry():
            for suffix in (".png", ".pdf"):
                drawn = figures_out / profile / f"{module.NAME}{suffix}"
                if drawn.exists():
                    shutil.copyfile(drawn, figure_dir / drawn.name)
        results = load_results(target / "results", label=_label(target / "results"))

    evaluated = evaluate_all(results)
    sources, verdict_facts = sources_for(results, evaluated)
    digest = registry_digest()
    manifest = json.loads((Path(from_results) if from_results is not None else target / "results")
                          .joinpath("manifest.json").read_text())
    atomic_write_bytes(target / "verdicts.json", _json({
        "profile": profile, "registry_digest": digest, "results": manifest,
        "claims": [item.as_dict() for item in evaluated], "facts": verdict_facts,
    }))
    markdown = report.document(evaluated, sources, profile, render, digest, manifest)
    atomic_write_bytes(target / "reproduction.md", markdown.encode())
    atomic_write_bytes(target / "provenance.json", _json(sources.used))
    if latex:
        tables = target / "tables"
        tables.mkdir(exist_ok=True)
        atomic_write_bytes(tables / "verdicts.tex", report.latex_table(evaluated).encode())
    return target / "reproduction.md"
