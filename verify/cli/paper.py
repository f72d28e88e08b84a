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
        if args.profile == "full":  # the paper-grade build can take hours: say what it will do before starting
            import sys

            from figures import runner

            print(runner.describe_plan(args.profile, out=args.figures_out), file=sys.stderr, flush=True)
        with executor_session(args.executor, workers=args.threads, scheduler=args.scheduler):
            path = builder.build(args.profile, out=args.out, figures_out=args.figures_out, latex=args.latex)
    verdicts = json.loads((path.parent / "verdicts.json").read_text())
    print(verdict_table(verdicts["claims"]))
    print(f"\nregistry digest {verdicts['registry_digest'][:16]}; wrote {path}")
    return 0


def verdict_table(claims: list[dict]) -> str:
    """The text table of verdicts: one row per claim (id, [confidence tag], outcome), columns as wide as their
    longest entry, so long claim ids and tags keep the alignment."""
    id_width = max([len(c["id"]) for c in claims] + [len("claim")])
    tags = [f"[{c['confidence']}]" for c in claims]
    tag_width = max([len(t) for t in tags] + [len("confidence")])
    lines = [f"{'claim':<{id_width}s}  {'confidence':<{tag_width}s}  verdict"]
    lines += [f"{c['id']:<{id_width}s}  {tag:<{tag_width}s}  {c['outcome']}" for c, tag in zip(claims, tags)]
    return "\n".join(lines)
