"""``slth figures``: regenerate the figures (computation cached apart from drawing)."""

from __future__ import annotations

import argparse

from verify.cli import args as cli_args


def configure(parser: argparse.ArgumentParser) -> None:
    cli_args.add_profile_option(parser)
    parser.add_argument("--only", type=cli_args.name_set, metavar="NAME[,NAME...]", help="build only these figures")
    parser.add_argument("--out", metavar="DIR", help="output directory (default figures/out)")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    parser.add_argument("--no-draw", action="store_true",
                        help="compute and store each figure's data and tables, draw nothing (slth paper draws the "
                             "figures it ships; make reproduce computes in two such processes at once)")
    cli_args.add_executor_options(parser, None, threads=True)


def run(args: argparse.Namespace) -> int:
    from figures import runner
    from verify.executors import executor_session

    if args.list:
        if args.no_draw or any(v is not None for v in (args.only, args.out, args.executor, args.threads,
                                                        args.scheduler)):
            from verify.errors import InvalidInput

            raise InvalidInput("--list prints the registry and builds nothing: it takes no --only, --out, "
                               "--no-draw, --executor, --threads or --scheduler")
        for module in runner.registry():
            print(f"{module.NAME:28s} {module.TITLE}")
        return 0
    only = args.only
    cli_args.check_output_dir(args.out)
    if args.profile == "full":  # the paper-grade build can take hours: say what it will do before starting
        import sys

        print(runner.describe_plan(args.profile, only=only, out=args.out), file=sys.stderr, flush=True)
    with executor_session(args.executor, workers=args.threads, scheduler=args.scheduler):
        built = runner.build(args.profile, only=only, out=args.out, progress=True, draw=not args.no_draw)
    print(f"{'figure':28s} {'computed':>8s} {'seconds':>8s}  files")
    for item in built:
        files = ", ".join(str(f) for f in item.files) or "(not drawn)"
        if item.files and not item.drawn:
            files += " (as drawn before: data and drawing code unchanged)"
        print(f"{item.name:28s} {'yes' if item.computed else 'cached':>8s} {item.seconds:8.1f}  {files}")
    return 0
