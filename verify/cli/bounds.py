"""``slth bounds``: the catalog of published bounds (list, show, eval, compare, facts).

Values on the command line are parsed as ``name=number`` pairs only: names must be variables (``--at``) or constants
(``--const``) of the bound, numbers go through ``float``.  No user text ever reaches ``sympify`` or ``eval``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys

from verify.cli import args as cli_args

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:]*$")


def assignments(text: str) -> dict[str, float]:
    """``name=value,name=value`` with identifier names and finite numbers (argparse type)."""
    out: dict[str, float] = {}
    if text.strip() == "":
        return out
    for part in text.split(","):
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not _NAME.match(name):
            raise argparse.ArgumentTypeError(f"{part.strip()!r} is not name=value (e.g. eps=0.01,d=100)")
        if name in out:
            raise argparse.ArgumentTypeError(f"{name} is given twice")
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"value of {name}, {value!r}, is not a number") from None
        if not math.isfinite(number):
            raise argparse.ArgumentTypeError(f"value of {name}, {value!r}, must be a finite number")
        out[name] = number
    return out


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every bound: id, kind, confidence, statement")
    listing.add_argument("--json", action="store_true", help="a JSON list of objects")
    show = actions.add_parser("show", help="statement, source, confidence and LaTeX of one bound")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print the bound as one JSON object")
    evaluate = actions.add_parser("eval", help="evaluate a bound at given values")
    evaluate.add_argument("id", metavar="ID")
    evaluate.add_argument("--at", type=assignments, default={}, metavar="NAME=VALUE,...",
                          help="the bound's variables: eps, delta, d, d_in, d_out, l, k, n, L, gamma, ...")
    evaluate.add_argument("--const", type=assignments, default={}, metavar="NAME=VALUE,...",
                          help="values of constants the source leaves unspecified (e.g. C=1)")
    evaluate.add_argument("--json", action="store_true", help='print {"id", "value", "at", "constants", ...}')
    comparing = actions.add_parser("compare", help="ratio of two bounds, its limit, its order, crossovers")
    comparing.add_argument("first", metavar="ID1")
    comparing.add_argument("second", metavar="ID2")
    comparing.add_argument("--var", required=True, metavar="NAME", help="the variable to compare along")
    comparing.add_argument("--at", type=assignments, default={}, metavar="NAME=VALUE,...",
                           help="fix other variables (left out: kept symbolic)")
    comparing.add_argument("--const", type=assignments, default={}, metavar="NAME=VALUE,...",
                           help="C=1 for every bound with a constant C, or ID:C=1 for one")
    comparing.add_argument("--range", type=cli_args.interval, default=None, metavar="LO,HI",
                           help="where to look for crossovers (default: the variable's typical range)")
    comparing.add_argument("--json", action="store_true", help="print the comparison as one JSON object")
    facts = actions.add_parser("facts", help="facts derived from the catalog (limits, orders, consistency constants)")
    facts.add_argument("--json", action="store_true", help="print the facts as a JSON list of objects")


def run(args: argparse.Namespace) -> int:
    from bounds import BoundsInputError
    from verify.errors import InvalidInput

    try:
        return _run(args)
    except BoundsInputError as error:
        raise InvalidInput(str(error)) from None


def _dump(document) -> None:
    json.dump(document, sys.stdout, allow_nan=False, ensure_ascii=False)
    sys.stdout.write("\n")


def _run(args: argparse.Namespace) -> int:
    import bounds

    if args.action == "list":
        everything = bounds.all_bounds()
        if args.json:
            _dump([b.as_dict() for b in everything])
        else:
            width = max(len(b.id) for b in everything)
            for b in everything:
                flag = " RECALLED" if b.rests_on_recalled else ""
                print(f"{b.id:<{width}}  {b.kind:<11}  [{b.confidence}]{flag}")
                print(f"{'':<{width}}  {b.statement}")
        return 0
    if args.action == "show":
        b = bounds.get(args.id)
        if args.json:
            _dump(b.as_dict())
        else:
            print(b.describe())
            print(f"  LaTeX:      {b.latex()}")
        return 0
    if args.action == "eval":
        b = bounds.get(args.id)
        for name in args.at:
            if name in b.constant_names:
                raise bounds.BoundsInputError(f"{name} is a constant of {b.id}: pass it with --const {name}=...")
        for name in args.const:
            if name not in b.constant_names:
                raise bounds.BoundsInputError(f"{name!r} is not a constant of {b.id}; its constants: "
                                              f"{', '.join(b.constant_names) or 'none'}")
        for name in b.constants_without_value():
            if name in args.const:
                continue
            definition = b.constant(name).definition
            if definition is not None and all(s.name in args.const for s in definition.free_symbols):
                continue
            options = [] if definition is None else sorted(definition.free_symbols, key=str)
            alternative = f" (or {' and '.join(f'--const {s.name}=...' for s in options)})" if options else ""
            raise bounds.BoundsInputError(f"{b.id} needs --const {name}=...{alternative}: {name} has no value given "
                                          f"by the source")
        result = b.evaluate(**args.at, **args.const)
        if not math.isfinite(result.value):
            raise bounds.BoundsInputError(f"{b.id} at these values exceeds the float64 range (> 1.8e308): "
                                          f"no number to print")
        document = result.as_dict()
        if args.json:
            _dump(document)
        else:
            flag = "  RECALLED" if b.rests_on_recalled else ""
            print(f"{b.id}: {b.target_name} {b.relation.replace('>=', '≥').replace('<=', '≤')} {result.value:.10g}"
                  f"  [{b.confidence}]{flag}")
            if document["at"]:
                print("  at " + ", ".join(f"{k} = {v:g}" for k, v in document["at"].items()))
            for name, c in document["constants"].items():
                extra = f", evidence: {c['evidence']}" if "evidence" in c else ""
                extra += f", from {c['from']}" if "from" in c else ""
                print(f"  {name} = {c['value']:g} ({c['origin']}{extra})")
        return 0
    if args.action == "compare":
        result = bounds.compare(args.first, args.second, var=args.var, at=args.at, constants=args.const,
                                search=args.range)
        if args.json:
            _dump(result.as_dict())
        else:
            print(result.describe())
        return 0
    if args.action == "facts":
        facts = bounds.derived_facts()
        if args.json:
            _dump([f.as_dict() for f in facts])
        else:
            print("\n\n".join(f.describe() for f in facts))
        return 0
    raise AssertionError(args.action)  # pragma: no cover - argparse restricts the actions
