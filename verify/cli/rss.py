"""``slth rss``: exact whole-interval coverage of random subset sums (Monte Carlo over sample paths)."""

from __future__ import annotations

import argparse
import json
import sys

from verify.cli import args as cli_args
from verify.cli import rss_family


def configure(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--law", default=None, metavar="NAME[:k=v,...]",
                        help="sampling law: uniform, product, pensia-mixture, gaussian[:sigma=S], "
                             "hyperbolic[:alpha=A,beta=B] (default uniform)")
    source.add_argument("--samples", metavar="FILE.npy",
                        help="explicit sample paths: a float64 matrix saved with numpy.save, one row per trial")
    parser.add_argument("--eps", required=True, type=cli_args.float_set, metavar="E1[,E2...]",
                        help="accuracies; all are answered from one exact pass at the smallest")
    parser.add_argument("--trials", type=cli_args.positive_int, default=None, help="sample paths (default 1000)")
    parser.add_argument("--n-max", type=cli_args.positive_int, default=None, help="path length (default 40)")
    parser.add_argument("--seed", type=cli_args.nonnegative_int, default=None, help="random seed (default 0)")
    parser.add_argument("--interval", type=cli_args.interval, default=None, metavar="a,b",
                        help="target interval (default -1,1; with --subset-size K: -sqrt(K),sqrt(K))")
    parser.add_argument("--delta", type=cli_args.probability_open, default=0.01,
                        help="failure probability for the required count n_delta (default 0.01)")
    parser.add_argument("--confidence", type=cli_args.probability_open, default=0.95,
                        help="confidence of intervals and brackets (default 0.95)")
    parser.add_argument("--eps-max", type=cli_args.positive_float, default=None,
                        help="resolve worst errors up to this value (default: the largest eps)")
    parser.add_argument("--per-trial", action="store_true", help="include n* of every trial in the JSON")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--out", metavar="DIR", help="results directory: chunked, resumable")
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (default: a LocalCluster)")
    parser.add_argument("--threads", type=cli_args.positive_int, default=None,
                        help="worker threads or Dask workers (default: all cores)")
    parser.add_argument("--chunk-size", type=cli_args.positive_int, default=None,
                        help="trials per chunk (any value gives the same numbers)")
    parser.add_argument("--memory-limit", type=cli_args.byte_size, default=None, metavar="SIZE",
                        help="refuse runs whose interval buffers would exceed SIZE (default: half the RAM)")
    rss_family.configure(parser)


def run(args: argparse.Namespace) -> int:
    from verify.errors import InvalidInput
    from verify.subsetsum.laws import parse_law
    from verify.subsetsum.montecarlo import coverage, load_samples_file

    if rss_family.wanted(args):
        return rss_family.run(args)
    cli_args.check_output_dir(args.out)
    if args.samples is not None:
        for option, value in (("--trials", args.trials), ("--n-max", args.n_max), ("--seed", args.seed)):
            if value is not None:
                raise InvalidInput(f"{option} cannot be combined with --samples (the file fixes the paths)")
        samples, law = load_samples_file(args.samples), None
    else:
        samples, law = None, parse_law("uniform" if args.law is None else args.law)
    result = coverage(
        law, args.eps, trials=args.trials or 1000, n_max=args.n_max or 40,
        seed=0 if args.seed is None else args.seed, interval=args.interval or (-1.0, 1.0), samples=samples,
        eps_max=args.eps_max, chunk_size=args.chunk_size, executor=args.executor, threads=args.threads,
        scheduler=args.scheduler, out=args.out, memory_limit=args.memory_limit, progress=True,
    )
    if args.json:
        document = result.to_json(delta=args.delta, confidence=args.confidence, per_trial=args.per_trial)
        if args.samples is not None:
            document["samples_file"] = args.samples
        json.dump(document, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(result.format(delta=args.delta, confidence=args.confidence))
    return 0
