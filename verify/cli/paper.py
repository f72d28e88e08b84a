"""``slth paper``: regenerate the reproduction write-up (figures are built first, from cache when possible)."""

from __future__ import annotations

import argparse

from verify.cli import args as cli_args


def configure(parser: argparse.ArgumentParser) -> None:
    cli_args.add_profile_option(parser)
    parser.add_argument("--out", metavar="DIR", help="output directory (default paper/)")
    parser.add_argument("--figures-out", metavar="DIR", help="figures directory (default figures/out)")
    parser.add_argument("--latex", action="store_true", help="also write the tables as LaTeX (booktabs)")


def run(args: argparse.Namespace) -> int:
    import json

    from paper import builder

    cli_args.check_output_dir(args.out)
    cli_args.check_output_dir(args.figures_out, "--figures-out")
    path = builder.build(args.profile, out=args.out, figures_out=args.figures_out, latex=args.latex)
    verdicts = json.loads((path.parent / "verdicts.json").read_text())
    print(f"{'claim':45s} {'confidence':12s} verdict")
    for claim in verdicts["claims"]:
        print(f"{claim['id']:45s} [{claim['confidence']:10s}] {claim['outcome']}")
    print(f"\nwrote {path}")
    return 0
