"""``slth claims``: the claims registry from the command line.

* ``slth claims list`` — every registered claim: its id, source paper, confidence tag, unit of replication and test;
* ``slth claims show ID`` — one claim in full: statement, source, the registered rule (quantity, unit, family,
  margin, replicates, test, level, family-wise method, parameters, sensitivity) and every dated revision;
* ``slth claims judge DIR [--only ID,...]`` — decide claims from a results directory (``paper/full/results``, or
  ``figures/out/<profile>/results``) without computing anything, printing each verdict with its comparisons;
* ``slth claims check`` — the claims whose rule differs from its last history entry (exit status 1 if any).

``--json`` prints the same as one JSON document.
"""

from __future__ import annotations

import argparse

from verify.cli import args as cli_args
from verify.validate import format_confidence


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    listing = actions.add_parser("list", help="every registered claim")
    listing.add_argument("--json", action="store_true", help="print JSON")
    show = actions.add_parser("show", help="one claim: statement, rule and its history")
    show.add_argument("claim", metavar="ID", help="a claim id (see `slth claims list`)")
    show.add_argument("--json", action="store_true", help="print JSON")
    judge = actions.add_parser("judge", help="decide claims from a results directory, recomputing nothing")
    judge.add_argument("results", metavar="DIR", help="a results directory (tables/, manifest.json)")
    judge.add_argument("--only", type=cli_args.name_set, metavar="ID[,ID...]", help="judge only these claims")
    judge.add_argument("--verbose", action="store_true", help="every comparison in full (bound, explanation)")
    judge.add_argument("--json", action="store_true", help="print JSON")
    actions.add_parser("check", help="claims whose rule differs from its last history entry")


def _rule_lines(claim) -> list[str]:
    rule = claim.rule
    margin = f"{rule.margin:g} {rule.margin_unit}".strip()
    first_look = " (after a first look at the data)" if rule.after_first_look else ""
    rows = [("quantity", rule.quantity), ("unit", rule.unit), ("family", rule.family), ("margin", margin),
            ("min replicates", rule.min_replicates), ("test", rule.test),
            ("confidence", f"{format_confidence(rule.confidence)} (one-sided level {rule.level:g} per comparison)"),
            ("family-wise", rule.familywise), ("scope", rule.scope), ("registered", f"{rule.registered}{first_look}")]
    lines = [f"  {name:15s} {value}" for name, value in rows]
    for name, value in sorted(rule.parameters.items()):
        lines.append(f"  parameter       {name} = {value}")
    if rule.sensitivity.get("vary"):
        factors = ", ".join(f"×{f:g}" for f in rule.sensitivity.get("factors", []))
        lines.append(f"  sensitivity     {', '.join(rule.sensitivity['vary'])} at {factors}")
    return lines


def _show(claim) -> str:
    lines = [f"{claim.id} [{claim.confidence}]: {claim.title}", f"  {claim.statement}", f"  source: {claim.source}",
             "rule (sha256 " + claim.rule.digest()[:16] + "…):", *_rule_lines(claim), "history:"]
    for entry in claim.history:
        commit = f" ({entry.commit})" if entry.commit else ""
        lines.append(f"  {entry.date}{commit}: {entry.change} — {entry.reason}")
    return "\n".join(lines)


def _claim_json(claim) -> dict:
    return {"id": claim.id, "title": claim.title, "paper": claim.paper, "statement": claim.statement,
            "source": claim.source, "confidence": claim.confidence, "figure": claim.figure,
            "results": list(claim.results), "rule": claim.rule.as_dict(), "rule_sha256": claim.rule.digest(),
            "history": [h.as_dict() for h in claim.history]}


def run(args: argparse.Namespace) -> int:
    import json

    from verify.claims import registry
    from verify.errors import InvalidInput

    if args.action is None:
        raise InvalidInput("an action is required: list, show ID, judge DIR or check")
    if args.action == "check":
        stale = registry.stale_rules()
        for claim_id, digest in stale:
            print(f"{claim_id}: the rule differs from its last history entry (rule sha256 {digest})")
        if not stale:
            print(f"every rule matches its last history entry ({len(registry.ids())} claims, registry sha256 "
                  f"{registry.registry_digest()})")
        return 1 if stale else 0
    if args.action == "list":
        claims = [registry.get(i) for i in registry.ids()]
        if args.json:
            print(json.dumps([_claim_json(c) for c in claims], indent=1, ensure_ascii=False))
            return 0
        width = max(len(c.id) for c in claims)
        for c in claims:
            print(f"{c.id:{width}s}  {c.confidence:9s}  {c.paper}: {c.title}")
        return 0
    if args.action == "show":
        claim = registry.get(args.claim)
        print(json.dumps(_claim_json(claim), indent=1, ensure_ascii=False) if args.json else _show(claim))
        return 0
    return _judge(args)


def _judge(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from verify.claims import registry
    from verify.claims.results import load_results
    from verify.errors import InvalidInput

    wanted = registry.ids() if args.only is None else tuple(args.only)
    claims = [registry.get(claim_id) for claim_id in wanted]
    directory = Path(args.results)
    if not directory.is_dir():
        raise InvalidInput(f"results directory {args.results!r} does not exist")
    results = load_results(directory)
    evaluated = []
    for claim in claims:
        missing = [name for name in claim.results if not results.has(name)]
        evaluated.append(None if missing else claim.judge(results))
    if args.json:
        out = {"registry_digest": registry.registry_digest(), "results": str(directory),
               "claims": [e.as_dict() if e is not None else {"id": c.id, "outcome": "not measured",
                                                             "missing": [n for n in c.results if not results.has(n)]}
                          for c, e in zip(claims, evaluated)]}
        print(json.dumps(out, indent=1, ensure_ascii=False, default=str))
        return 0
    for claim, e in zip(claims, evaluated):
        if e is None:
            lacking = ", ".join(n for n in claim.results if not results.has(n))
            print(f"{claim.id}: not measured (the results lack {lacking})")
            continue
        print(f"{claim.id}: {e.outcome} ({len(e.verdicts)} comparisons)")
        for verdict in e.verdicts:
            m, bound = verdict.measurement, verdict.bound
            print(f"  {verdict}" if args.verbose else
                  f"  {verdict.outcome:12s} {m.quantity} ∈ {m.interval_text()}; claim {bound.relation} "
                  f"{bound.threshold:.6g}")
        for row in e.sensitivity:
            print(f"  sensitivity: {row['name']} ×{row['factor']:g} = {row['value']:g}: {row['outcome']}")
    return 0
