"""The claims registry: every claim the project judges, its registered rule and the rule's history, read from data.

One reviewed TOML file per area (``verify/claims/rules/<area>.toml``, in :data:`AREAS` order: the write-up's
order) lists the area's claims::

    [[claims]]
    id, title, paper, statement, source, confidence, figure, results = [tables], evaluator = "<area>.<name>"
    [claims.rule]            quantity, unit, family, margin, margin_unit, test, min_replicates, confidence,
                             familywise, scope, registered, after_first_look
    [claims.rule.parameters] the named numbers (and names) the evaluator reads
    [claims.rule.sensitivity] vary = [names], factors = [numbers]
    [[claims.history]]       date, change, reason, rule_sha256 (of the rule it produced), commit, data_seen

Evaluators are looked up by name in their area module's ``EVALUATORS`` table (never ``eval``).  The registry's digest
(:func:`registry_digest`: sha256 of the canonical JSON of every claim's metadata, rule and history) is recorded in
``verdicts.json``, so a reader knows which rules decided a build.  Run ``python -m verify.claims`` to list the claims
whose rule differs from its last history entry (``--fill-pending`` writes the digest of every new entry whose
``rule_sha256`` is still ``"PENDING"``).
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from verify.claims import experiments, lth, plantnseek, rss, rss_family, tickets
from verify.claims.model import Claim, Evaluated, HistoryEntry, Rule
from verify.errors import InvalidInput
from verify.store import canonical_json

__all__ = ["AREAS", "CLAIMS", "CONFIRMATORY_SEED", "RULES", "SEEDS", "evaluate_all", "get", "ids", "load",
           "registry_digest"]

RULES = Path(__file__).resolve().parent / "rules"
AREAS = {"rss": rss, "rss_family": rss_family, "tickets": tickets, "experiments": experiments, "plantnseek": plantnseek,
         "lth": lth}
_CLAIM_KEYS = {"id", "title", "paper", "statement", "source", "confidence", "figure", "results", "evaluator", "rule",
               "history"}


def _evaluator(name: str, claim_id: str):
    area, _, function = name.partition(".")
    module = AREAS.get(area)
    table = getattr(module, "EVALUATORS", {}) if module is not None else {}
    if function not in table:
        raise InvalidInput(f"claim {claim_id}: evaluator {name!r} is not registered (area modules: "
                           f"{', '.join(AREAS)}; each lists its evaluators in EVALUATORS)")
    return table[function]


def _claim(entry: dict, where: str) -> Claim:
    unknown = set(entry) - _CLAIM_KEYS
    missing = _CLAIM_KEYS - {"figure", "history"} - set(entry)
    if unknown or missing:
        raise InvalidInput(f"{where}: claim {entry.get('id', '?')!r} has unknown keys {sorted(unknown)} or lacks "
                           f"{sorted(missing)}")
    try:
        rule = Rule(**entry["rule"])
        history = tuple(HistoryEntry(**h) for h in entry.get("history", ()))
    except TypeError as error:
        raise InvalidInput(f"{where}: claim {entry['id']}: {error}") from None
    return Claim(id=entry["id"], title=entry["title"], paper=entry["paper"], statement=entry["statement"].strip(),
                 source=entry["source"], confidence=entry["confidence"], figure=entry.get("figure"),
                 results=tuple(entry["results"]), evaluate=_evaluator(entry["evaluator"], entry["id"]), rule=rule,
                 history=history, evaluator=entry["evaluator"])


def load(directory: Path = RULES) -> tuple[Claim, ...]:
    """Every claim of every area file, in :data:`AREAS` order then file order; ids must be unique."""
    claims = []
    for area in AREAS:
        path = Path(directory) / f"{area}.toml"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            document = tomllib.load(handle)
        for entry in document.get("claims", []):
            claims.append(_claim(entry, str(path)))
    seen = [c.id for c in claims]
    duplicates = sorted({i for i in seen if seen.count(i) > 1})
    if duplicates:
        raise InvalidInput(f"claim ids listed twice in the registry: {', '.join(duplicates)}")
    return tuple(claims)


CLAIMS: tuple[Claim, ...] = load()


def _campaign_seeds() -> dict:
    with (RULES / "campaigns.toml").open("rb") as handle:
        seeds = tomllib.load(handle)["seeds"]
    if not isinstance(seeds.get("confirmatory"), int) or seeds["confirmatory"] in seeds.get("exploratory", []):
        raise InvalidInput("campaigns.toml: the confirmatory seed must be an integer never used as an exploratory one")
    return seeds


SEEDS = _campaign_seeds()
#: The full profile's seed since the rules were registered (a campaign with several seeds: CONFIRMATORY_SEED + k).
CONFIRMATORY_SEED: int = SEEDS["confirmatory"]


def _registered() -> tuple[Claim, ...]:
    return CLAIMS


def ids() -> tuple[str, ...]:
    """Every claim id, in the registry's order."""
    return tuple(claim.id for claim in _registered())


def get(claim_id: str) -> Claim:
    """The claim with this id."""
    for claim in _registered():
        if claim.id == claim_id:
            return claim
    raise InvalidInput(f"claim {claim_id!r} is not known; allowed: {', '.join(ids())}")


def registry_digest(claims: tuple[Claim, ...] | None = None) -> str:
    """sha256 of the canonical JSON of every claim's metadata, rule and history, in order."""
    claims = _registered() if claims is None else claims
    document = [{"id": c.id, "title": c.title, "paper": c.paper, "statement": c.statement, "source": c.source,
                 "confidence": c.confidence, "figure": c.figure, "results": list(c.results), "evaluator": c.evaluator,
                 "rule": c.rule.as_dict(), "history": [h.as_dict() for h in c.history]} for c in claims]
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()


def evaluate_all(results) -> list[Evaluated]:
    """Judge every claim on a build's results (:class:`verify.claims.results.Results`), in the registry's order."""
    return [claim.judge(results) for claim in _registered()]


def stale_rules(claims: tuple[Claim, ...] | None = None) -> list[tuple[str, str]]:
    """(claim id, current rule digest) of every claim whose rule differs from its last history entry."""
    claims = _registered() if claims is None else claims
    return [(c.id, c.rule.digest()) for c in claims
            if not c.history or c.history[-1].rule_sha256 != c.rule.digest()]


def fill_pending(directory: Path = RULES) -> int:
    """Replace each ``rule_sha256 = "PENDING"`` (the last history entry of a changed rule) by the rule's digest, in
    file order; returns how many were filled.  A developer's tool: a new entry is written with PENDING first."""
    filled = 0
    for area in AREAS:
        path = Path(directory) / f"{area}.toml"
        if not path.exists():
            continue
        text = path.read_text()
        with path.open("rb") as handle:
            entries = tomllib.load(handle).get("claims", [])
        for entry in entries:
            history = entry.get("history", [])
            if history and history[-1].get("rule_sha256") == "PENDING":
                digest = Rule(**entry["rule"]).digest()
                text = text.replace('rule_sha256 = "PENDING"', f'rule_sha256 = "{digest}"', 1)
                filled += 1
        path.write_text(text)
    return filled
