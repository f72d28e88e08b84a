"""What a claim is and what judging it gives: the data model every evaluator of :mod:`verify.claims` shares.

A :class:`Claim` is a published statement with its source and confidence tag, the figure whose results decide it,
and an *evaluator* ``evaluate(data) -> (verdicts, facts)``: ``data`` maps each figure's name to its results document
(``{"data": ..., "facts": ...}``), ``verdicts`` are :class:`verify.compare.Verdict` objects (one per comparison), and
``facts`` are named numbers ``{key: {"value", "description"}}`` that the write-up may quote.  :meth:`Claim.judge`
combines the comparisons into the claim's verdict by the one rule of :func:`verify.compare.combine`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from verify.compare import Verdict, combine

__all__ = ["Claim", "Evaluated", "expects", "fact"]


def fact(value, description: str) -> dict:
    """A named number for the write-up: ``{"value": value, "description": description}``."""
    return {"value": value, "description": description}


def expects(*keys: str):
    """Decorate an evaluator so that every fact its claim's prose may quote exists, with value ``None`` ("n/a") when
    the campaign has no data for it (e.g. the miniature profile of the test suite)."""

    def wrap(function):
        def evaluate(data):
            verdicts, facts = function(data)
            for key in keys:
                facts.setdefault(key, fact(None, f"{key} (not measured in this campaign)"))
            return verdicts, facts

        evaluate.__name__ = function.__name__
        evaluate.__qualname__ = function.__qualname__
        evaluate.__doc__ = function.__doc__
        return evaluate

    return wrap


@dataclass
class Evaluated:
    """A claim judged: its verdict (``outcome``), the comparisons behind it and the facts they produced."""

    claim: Claim
    outcome: str
    verdicts: list[Verdict]
    facts: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"id": self.claim.id, "title": self.claim.title, "outcome": self.outcome,
                "confidence": self.claim.confidence, "source": self.claim.source,
                "verdicts": [v.as_dict() for v in self.verdicts]}


@dataclass(frozen=True)
class Claim:
    """A published claim, where it comes from, how sure we are of it, and the evaluator that judges it."""

    id: str
    title: str
    paper: str
    statement: str
    source: str
    confidence: str
    figure: str | None
    evaluate: Callable[[dict], tuple[list[Verdict], dict]]

    def judge(self, data: dict) -> Evaluated:
        """Run the evaluator on the figures' results and combine its comparisons (:func:`verify.compare.combine`)."""
        verdicts, facts = self.evaluate(data)
        outcome = combine(verdicts)
        facts = {**facts, "outcome": fact(outcome, f"overall verdict of {self.id}"),
                 "verdicts": fact(len(verdicts), f"number of comparisons behind {self.id}")}
        return Evaluated(self, outcome, verdicts, facts)
