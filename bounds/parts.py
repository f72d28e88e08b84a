"""The small records a :class:`~bounds.bound.Bound` is made of: its source, constants, implicit form and evaluations.

* :class:`Source`: the paper (authors, year, title, venue, theorem as far as known);
* :class:`Constant`: a constant of the statement, with the source's value or "no value given by the source";
* :class:`Empirical`: a constant's value measured by the project, kept apart from the source's;
* :class:`Implicit`: how to find the threshold when the bounded quantity appears on both sides;
* :class:`Evaluation`: a value of a bound with the origin of every constant it used;
* :data:`KINDS` and :data:`TAG_MEANINGS`: what a bound's kind and its confidence tags mean.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

__all__ = ["Source", "Constant", "Empirical", "Implicit", "Evaluation", "KINDS", "TAG_MEANINGS"]

#: The kinds of bound: what the relation ``quantity REL expression`` says about the quantity.
KINDS = {
    "upper": "upper bound on what is required (meeting it suffices)",
    "lower": "lower bound on what is required (necessary)",
    "probability": "bound on a probability",
}

#: The confidence tags of the project's spec (shared/spec/README.md), plus "abstract".
TAG_MEANINGS = {
    "paper": "read in the paper's own text",
    "restated": "read in a later paper that restates it; wording may differ",
    "recalled": "from memory of the paper; form plausible, constants and numbering uncertain",
    "code": "read in the authors' public repository",
    "derived": "worked out in this project; not a published claim",
    "abstract": "read in the paper's abstract only",
}


@dataclass(frozen=True)
class Source:
    """Where a bound comes from."""

    authors: str
    year: int | None
    title: str
    venue: str
    locator: str = ""          # theorem, lemma or corollary, as far as known
    note: str = ""             # e.g. "theorem number recalled"

    def citation(self) -> str:
        """The full reference: ``authors (year). title. venue, locator (note)``."""
        year = f" ({self.year})" if self.year else ""
        stop = "" if self.title.endswith(("?", "!", ".")) else "."
        text = f"{self.authors}{year}. {self.title}{stop} {self.venue}"
        if self.locator:
            text += f", {self.locator}"
        if self.note:
            text += f" ({self.note})"
        return text

    def short(self) -> str:
        """``First author [et al.] year, locator``, for tables."""
        first = self.authors.split(",")[0].split(" and ")[0].strip()
        more = " et al." if ("," in self.authors or " and " in self.authors) else ""
        year = f" {self.year}" if self.year else ""
        return f"{first}{more}{year}" + (f", {self.locator}" if self.locator else "")

    def as_dict(self) -> dict:
        """The fields, JSON-serialisable."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Constant:
    """A constant of a bound: the source's value, or a symbol with no value given by the source."""

    symbol: sp.Symbol
    meaning: str = "universal constant"
    value: sp.Expr | None = None          # the source's value, when it gives one
    definition: sp.Expr | None = None     # a relation to other constants, e.g. 8*c_hyp/c_thm (as restated)
    note: str = ""

    @property
    def name(self) -> str:
        """The keyword that gives the constant a value (its symbol's name)."""
        return self.symbol.name

    def status(self) -> str:
        """Where its value stands: given by the source, defined from other constants, or not given."""
        if self.value is not None:
            return f"{self.value} (given by the source)"
        if self.definition is not None:
            return f"= {sp.sstr(self.definition)} (as restated); no value given by the source"
        return "no value given by the source"

    def as_dict(self) -> dict:
        """Name, meaning, value, definition, status and note, JSON-serialisable."""
        return {
            "name": self.name,
            "meaning": self.meaning,
            "value": None if self.value is None else float(self.value),
            "definition": None if self.definition is None else sp.sstr(self.definition),
            "status": self.status(),
            "note": self.note,
        }


@dataclass(frozen=True)
class Empirical:
    """A constant's value measured by the project, with the evidence it rests on. Never the source's value."""

    value: float
    evidence: str

    def as_dict(self) -> dict:
        """``{"value", "origin": "empirical", "evidence"}``."""
        return {"value": self.value, "origin": "empirical", "evidence": self.evidence}


@dataclass(frozen=True)
class Implicit:
    """How to evaluate a bound whose quantity appears on both sides.

    ``residual`` is an expression in the quantity and the variables whose root is the threshold; ``method`` says
    what is known about it: ``"increasing"`` (increasing in the quantity from ``lower`` on, so one root) or
    ``"largest-root"`` (eventually increasing; the threshold is its largest root).  ``lower`` is the smallest
    admissible value of the quantity (e.g. ``2k`` where the source needs ``k <= n/2``).
    """

    residual: sp.Expr
    lower: sp.Expr
    method: str
    description: str

    def __post_init__(self) -> None:
        if self.method not in ("increasing", "largest-root"):
            raise ValueError(f"unknown implicit method {self.method!r}")


@dataclass(frozen=True)
class Evaluation:
    """A bound evaluated at given values, with where every constant's value came from."""

    id: str
    value: float | np.ndarray
    at: Mapping[str, float | np.ndarray]
    constants: Mapping[str, Mapping]      # name -> {"value", "origin": given|empirical|source|derived, "evidence"?}
    confidence: str

    def __float__(self) -> float:
        return float(self.value)

    @property
    def uses_empirical(self) -> bool:
        """Whether a measured (empirical) constant entered the value."""
        return any(c["origin"] == "empirical" for c in self.constants.values())

    def as_dict(self) -> dict:
        """Id, value, values used, constants with their origins, and confidence; arrays become lists."""
        def plain(x: Any) -> Any:
            return x.tolist() if isinstance(x, np.ndarray) else x

        return {
            "id": self.id,
            "value": plain(self.value),
            "at": {k: plain(v) for k, v in self.at.items()},
            "constants": {k: {kk: plain(vv) for kk, vv in c.items()} for k, c in self.constants.items()},
            "confidence": self.confidence,
        }
