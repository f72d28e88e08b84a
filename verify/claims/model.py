"""What a claim is, the rule that decides it, and what judging it gives: the data model of :mod:`verify.claims`.

A :class:`Claim` is a published statement with its source and confidence tag, the figure shown with it, the result
tables it is computed from, its registered decision :class:`Rule` and the rule's history.  Its *evaluator*
``evaluate(results, rule) -> (verdicts, facts)`` reads the raw result tables (:class:`verify.claims.results.Results`)
and returns one :class:`verify.compare.Verdict` per comparison and named numbers ``{key: {"value", "description",
"source"}}`` that the write-up may quote.  :meth:`Claim.judge` then applies the rule the same way for every claim:
comparisons with fewer independent units than the rule registers (or point values) are insufficient, violations
are adjusted family-wise (:func:`verify.compare.decide_family`), and :func:`verify.compare.combine` gives the
claim's outcome.  A build whose results lack one of a claim's tables (a campaign not run, or not finished) decides
nothing for it: the claim is insufficient, its quoted facts are n/a and the fact ``missing_results`` names the tables.

The rule is data (``verify/claims/rules/<area>.toml``): the quantity, the unit of replication, the comparison
family, the margin in the quantity's units, the minimum number of replicates, the test, the confidence, the
family-wise method, the sensitivity range, and the parameters the evaluator reads.  Its canonical-JSON sha256 must
equal the one its last history entry records (a test fails otherwise), so no rule changes without a dated entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

from verify.compare import Verdict, combine, decide_family
from verify.errors import InvalidInput
from verify.store import canonical_json

__all__ = ["MISSING", "Claim", "Evaluated", "HistoryEntry", "Rule", "expects", "fact"]

FAMILYWISE = ("holm", "none")
MISSING = "missing_results"  # the fact naming a claim's result tables that a build does not contain


def fact(value, description: str, source: tuple[str, str] | None = None) -> dict:
    """A named number for the write-up: ``{"value", "description"}`` and, when it is computed from a result table,
    ``"source": [table, key]`` (what provenance points at; ``*`` in a key stands for every seed, law or shape)."""
    out = {"value": value, "description": description}
    if source is not None:
        out["source"] = [str(source[0]), str(source[1])]
    return out


def expects(*keys: str):
    """Decorate an evaluator so that every fact its claim's prose may quote exists, with value ``None`` ("n/a") when
    the campaign has no data for it (e.g. the miniature profile of the test suite)."""

    def wrap(function):
        def evaluate(results, rule):
            verdicts, facts = function(results, rule)
            for key in keys:
                facts.setdefault(key, fact(None, f"{key} (not measured in this campaign)"))
            return verdicts, facts

        evaluate.__name__ = function.__name__
        evaluate.__qualname__ = function.__qualname__
        evaluate.__doc__ = function.__doc__
        evaluate.__wrapped__ = function
        evaluate.expected_keys = keys  # what a claim reports as n/a when its result tables are not in a build
        return evaluate

    return wrap


@dataclass(frozen=True)
class Rule:
    """A claim's registered decision rule (see the module docstring); ``parameters`` are the named numbers (and
    names) the evaluator reads — density ranges, tolerances, the law or bound it concerns."""

    quantity: str
    unit: str
    family: str
    test: str
    min_replicates: int
    margin: float = 0.0
    margin_unit: str = ""
    confidence: float = 0.95
    familywise: str = "holm"
    scope: str = ""
    parameters: dict = field(default_factory=dict)
    sensitivity: dict = field(default_factory=dict)   # {"vary": [names], "factors": [numbers]}
    registered: str = ""
    after_first_look: bool = True

    def __post_init__(self):
        if self.familywise not in FAMILYWISE:
            raise InvalidInput(f"family-wise method {self.familywise!r} is not known; allowed: {', '.join(FAMILYWISE)}")
        if not 0.5 < self.confidence < 1.0:
            raise InvalidInput(f"rule confidence {self.confidence!r} must lie strictly between 0.5 and 1")
        if not isinstance(self.min_replicates, int) or self.min_replicates < 1:
            raise InvalidInput(f"min_replicates {self.min_replicates!r} must be an integer >= 1")
        for name in self.sensitivity.get("vary", []):
            if name != "margin" and name not in self.parameters:
                raise InvalidInput(f"sensitivity varies {name!r}, which is neither the margin nor a parameter")

    @property
    def level(self) -> float:
        """The one-sided level of each comparison: half of one minus the confidence."""
        return (1.0 - self.confidence) / 2.0

    def as_dict(self) -> dict:
        return asdict(self)

    def digest(self) -> str:
        """sha256 of the rule's canonical JSON: what its history records."""
        return hashlib.sha256(canonical_json(self.as_dict()).encode()).hexdigest()

    def value(self, name: str):
        """The margin or a parameter by name."""
        if name == "margin":
            return self.margin
        if name not in self.parameters:
            raise InvalidInput(f"the rule has no parameter {name!r}; it has {', '.join(sorted(self.parameters))}")
        return self.parameters[name]

    def scaled(self, name: str, factor: float) -> Rule:
        """The same rule with the margin or one numeric parameter multiplied by ``factor`` (a sensitivity row)."""
        if name == "margin":
            return replace(self, margin=self.margin * factor)
        value = self.value(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidInput(f"parameter {name!r} is not a number and cannot be scaled")
        return replace(self, parameters={**self.parameters, name: value * factor})


@dataclass(frozen=True)
class HistoryEntry:
    """One dated change of a claim's rule: what changed, why, and the digest of the rule it produced (``None`` for
    the rules that predate the registry, reconstructed from the commit that made them)."""

    date: str
    change: str
    reason: str
    rule_sha256: str | None = None
    commit: str | None = None
    data_seen: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Evaluated:
    """A claim judged: its verdict (``outcome``), the comparisons behind it, the facts they produced and the
    sensitivity rows (the verdict when a chosen margin or parameter is scaled)."""

    claim: Claim
    outcome: str
    verdicts: list[Verdict]
    facts: dict = field(default_factory=dict)
    sensitivity: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.claim.id, "title": self.claim.title, "outcome": self.outcome,
                "confidence": self.claim.confidence, "source": self.claim.source,
                "rule": self.claim.rule.as_dict(), "rule_sha256": self.claim.rule.digest(),
                "sensitivity": self.sensitivity, "verdicts": [v.as_dict() for v in self.verdicts]}


@dataclass(frozen=True)
class Claim:
    """A published claim, where it comes from, how sure we are of it, its rule and the evaluator that judges it."""

    id: str
    title: str
    paper: str
    statement: str
    source: str
    confidence: str
    figure: str | None
    results: tuple[str, ...]
    evaluate: Callable
    rule: Rule
    history: tuple[HistoryEntry, ...] = ()
    evaluator: str = ""

    def decide(self, results, rule: Rule | None = None) -> tuple[str, list[Verdict], dict]:
        """(outcome, verdicts, facts) under ``rule`` (default: the registered one)."""
        rule = rule or self.rule
        verdicts, facts = self.evaluate(results, rule)
        verdicts = [_enforce_replicates(v, rule.min_replicates) for v in verdicts]
        verdicts = decide_family(verdicts, method=rule.familywise)
        # no comparison could be formed from the data at hand (too few seeds, shapes, levels): insufficient
        return (combine(verdicts) if verdicts else "insufficient"), verdicts, facts

    def judge(self, results) -> Evaluated:
        """Decide the claim under its rule, and under every sensitivity variant of it.  A build whose results lack
        one of the claim's tables (its campaign not run or not finished) decides nothing: insufficient, with the
        missing tables in the fact ``missing_results`` and every fact the write-up quotes n/a."""
        missing = [name for name in self.results if not results.has(name)]
        if missing:
            expected = getattr(self.evaluate, "expected_keys", ())
            facts = {key: fact(None, f"{key} (not in this build)") for key in expected}
            facts[MISSING] = fact(", ".join(missing), "result tables this claim is decided on that this build does "
                                                      "not contain")
            facts.update({"outcome": fact("insufficient", f"overall verdict of {self.id}"),
                          "verdicts": fact(0, f"number of comparisons behind {self.id}")})
            return Evaluated(self, "insufficient", [], facts, [])
        outcome, verdicts, facts = self.decide(results)
        rows = []
        for name in self.rule.sensitivity.get("vary", []):
            for factor in self.rule.sensitivity.get("factors", []):
                variant = self.rule.scaled(name, factor)
                rows.append({"name": name, "factor": factor, "value": variant.value(name),
                             "outcome": self.decide(results, variant)[0]})
        facts = {**facts, "outcome": fact(outcome, f"overall verdict of {self.id}"),
                 "verdicts": fact(len(verdicts), f"number of comparisons behind {self.id}")}
        return Evaluated(self, outcome, verdicts, facts, rows)


def _enforce_replicates(verdict: Verdict, min_units: int) -> Verdict:
    m = verdict.measurement
    units = m.units if m.units is not None else (m.evidence.units if m.evidence is not None else None)
    if verdict.outcome == "insufficient" or not (m.is_point_value or units is None or units < min_units):
        return verdict
    why = ("A point value (one seed) decides nothing." if m.is_point_value else
           f"{units if units is not None else 'An unknown number of'} independent units, fewer than the "
           f"{min_units} the rule registers.")
    return replace(verdict, outcome="insufficient", explanation=why)
