"""``slth paper``: regenerate the reproduction write-up (figures are built first, from cache when possible), or
re-derive it from a shipped results directory alone (``--from-results DIR``, recomputing nothing)."""

from __future__ import annotations

import argparse

from verify.cli import args as cli_args


def configure(parser: argparse.ArgumentParser) -> None:
    cli_args.add_profile_option(parser)
    parser.add_argument("--out", metavar="DIR", help="output directory (default paper/); the write-up goes to "
                                                     "DIR/<profile>/")
    parser.add_argument("--figures-out", metavar="DIR", help="figures directory (default figures/out)")
    parser.add_argument("--from-results", metavar="DIR",
                        help="decide the claims from this results directory (e.g. paper/full/results) without "
                             "building or computing anything; the profile is the directory's")
    parser.add_argument("--latex", action="store_true", help="also write the tables as LaTeX (booktabs)")
    cli_args.add_executor_options(parser, None, threads=True)


def run(args: argparse.Namespace) -> int:
    import json

    from paper import builder
    from verify.errors import InvalidInput
    from verify.executors import executor_session

    cli_args.check_output_dir(args.out)
    if args.from_results is not None:
        if args.figures_out is not None:
            raise InvalidInput("--figures-out has no use with --from-results (nothing is built)")
        if args.executor is not None or args.threads is not None or args.scheduler is not None:
            raise InvalidInput("--executor, --threads and --scheduler have no use with --from-results (nothing is "
                               "computed)")
        if args.profile != "full":
            raise InvalidInput("--from-results takes the profile of its results directory; drop --quick/--profile")
        path = builder.build(out=args.out, latex=args.latex, from_results=args.from_results)
    else:
        cli_args.check_output_dir(args.figures_out, "--figures-out")
        with executor_session(args.executor, workers=args.threads, scheduler=args.scheduler):
            path = builder.build(args.profile, out=args.out, figures_out=args.figures_out, latex=args.latex)
    verdicts = json.loads((path.parent / "verdicts.json").read_text())
    width = max([len(c["id"]) for c in verdicts["claims"]] + [5])
    print(f"{'claim':{width}s} {'confidence':12s} verdict")
    for claim in verdicts["claims"]:
        print(f"{claim['id']:{width}s} [{claim['confidence']:10s}] {claim['outcome']}")
    print(f"\nregistry digest {verdicts['registry_digest'][:16]}; wrote {path}")
    return 0
