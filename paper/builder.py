"""Build the reproduction write-up: Markdown (and LaTeX tables) in which no number is typed by hand.

Templates are prose with placeholders ``{{source:key}}`` or ``{{source:key|format}}``; a *source* is a figure's
results file (``figures/out/<profile>/data/<figure>.json``, its ``facts``) or the verdicts file the builder writes from
the comparison layer.  The builder refuses a template that contains a digit outside a placeholder or a formula span
(`` `...` `` or ``$...$``), and a placeholder whose key no results file provides.  Every number it writes is listed
in ``provenance.json`` with the file and key it came from.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from verify.errors import InvalidInput

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+):([^|}\s]+)(?:\|([^}]+))?\s*\}\}")
FORMULA = re.compile(r"`[^`]*`|\$[^$]*\$")
DEFAULT_OUT = Path(__file__).resolve().parent


class PaperError(InvalidInput):
    """A template or a results file does not meet the paper's rules."""


def bare_numbers(template: str) -> list[str]:
    """Digits in ``template`` outside placeholders and formula spans (each one is a number without a source)."""
    stripped = FORMULA.sub(" ", PLACEHOLDER.sub(" ", template))
    return re.findall(r"[^\s]*\d[^\s]*", stripped)


@dataclass
class Sources:
    """Named results: source name -> {"file": path, "facts": {key: {"value", "description"}}}."""

    entries: dict = field(default_factory=dict)
    used: dict = field(default_factory=dict)

    def add(self, name: str, file: Path, facts: dict) -> None:
        self.entries[name] = {"file": str(file), "facts": facts}

    def value(self, name: str, key: str):
        if name not in self.entries:
            raise PaperError(f"placeholder {{{{{name}:{key}}}}} names no results file (known: "
                             f"{', '.join(sorted(self.entries))})")
        facts = self.entries[name]["facts"]
        if key not in facts:
            raise PaperError(f"placeholder {{{{{name}:{key}}}}}: {self.entries[name]['file']} has no fact {key!r}")
        fact = facts[key]
        self.used[f"{name}:{key}"] = {"value": fact["value"], "description": fact.get("description", ""),
                                      "file": self.entries[name]["file"]}
        return fact["value"]


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
        return format(value, spec)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def load_figure_sources(figures_out: Path, profile: str, sources: Sources) -> dict:
    """Register every figure's results file as a source; returns {figure name: data}."""
    from figures import runner

    data = {}
    for module in runner.registry():
        path = runner.results_path(figures_out, profile, module.NAME)
        document = runner.load_results(figures_out, profile, module.NAME)
        if document is None:
            raise PaperError(f"results file {path} is missing; run `slth figures` first")
        sources.add(module.NAME, path, document["facts"])
        data[module.NAME] = document
    return data


def build(profile: str = "full", out=None, figures_out=None, latex: bool = False, progress: bool = True) -> Path:
    """Build figures (cached), evaluate the claims, write ``<out>/<profile>/reproduction.md`` and friends."""
    from figures import runner
    from paper import report
    from verify.claims.registry import evaluate_all
    from verify.store import atomic_write_bytes

    figures_out = Path(figures_out) if figures_out is not None else runner.DEFAULT_OUT
    out = (Path(out) if out is not None else DEFAULT_OUT) / profile
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"--out {out} exists and is not a directory")
    runner.build(profile, out=figures_out, progress=progress)
    sources = Sources()
    data = load_figure_sources(figures_out, profile, sources)

    evaluated = evaluate_all(data)
    verdict_facts = {}
    for item in evaluated:
        verdict_facts.update({f"{item.claim.id}.{k}": v for k, v in item.facts.items()})
    out.mkdir(parents=True, exist_ok=True)
    verdicts_path = out / "verdicts.json"
    atomic_write_bytes(verdicts_path, (json.dumps({
        "profile": profile,
        "claims": [item.as_dict() for item in evaluated],
        "facts": verdict_facts,
    }, indent=1, sort_keys=True, allow_nan=False) + "\n").encode())
    sources.add("verdicts", verdicts_path, verdict_facts)

    figure_dir = out / "figures"
    figure_dir.mkdir(exist_ok=True)
    for module in runner.registry():
        for suffix in (".png", ".pdf"):
            source = figures_out / profile / f"{module.NAME}{suffix}"
            if source.exists():
                shutil.copyfile(source, figure_dir / source.name)

    markdown = report.document(evaluated, sources, profile, render)
    atomic_write_bytes(out / "reproduction.md", markdown.encode())
    atomic_write_bytes(out / "provenance.json",
                       (json.dumps(sources.used, indent=1, sort_keys=True, allow_nan=False) + "\n").encode())
    if latex:
        tables = out / "tables"
        tables.mkdir(exist_ok=True)
        atomic_write_bytes(tables / "verdicts.tex", report.latex_table(evaluated).encode())
    return out / "reproduction.md"
