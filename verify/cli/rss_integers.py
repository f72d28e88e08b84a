"""``slth rss-integers``: exact integer subset sums (perfect partitions across κ; exactly represented quantized
targets), the discrete members of the random-subset-sum family (Borgs–Chayes–Pittel; Kumar & Natale 2025)."""

from __future__ import annotations

import argparse
import json
import sys

from verify.cli import args as cli_args


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--trials", type=cli_args.positive_int, default=500, help="instances per cell (default 500)")
    parser.add_argument("--seed", type=cli_args.nonnegative_int, default=0, help="random seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--out", metavar="DIR", help="results directory: chunked, resumable")
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (default: a LocalCluster)")
    parser.add_argument("--threads", type=cli_args.positive_int, default=None, help="worker threads (default: all)")
    parser.add_argument("--chunk-size", type=cli_args.positive_int, default=None,
                        help="instances per chunk (any value gives the same numbers)")
    parser.add_argument("--memory-limit", type=cli_args.byte_size, default=None, metavar="SIZE",
                        help="refuse runs whose buffers would exceed SIZE (default: half the RAM)")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="experiment", metavar="EXPERIMENT", parser_class=type(parser))
    partition = sub.add_parser("partition", help="probability of a perfect partition across kappa = log2(M)/n")
    partition.add_argument("--n", type=cli_args.int_list, default=[12, 16, 20], metavar="N1[,N2...]",
                           help="numbers of integers (default 12,16,20)")
    partition.add_argument("--kappa", type=cli_args.float_set, default=[0.6, 0.8, 1.0, 1.2], metavar="K1[,K2...]",
                           help="kappa = log2(M)/n; integers uniform on 1..floor(2^(kappa n)) (default 0.6,0.8,1,1.2)")
    _common(partition)
    quantized = sub.add_parser("quantized", help="targets of the 1/q grid of [-1, 1] represented exactly")
    quantized.add_argument("--q", type=cli_args.positive_int, default=256,
                           help="precision 1/q: samples and targets on {-q..q}/q (default 256)")
    quantized.add_argument("--n-max", type=cli_args.positive_int, default=32, help="path length (default 32)")
    quantized.add_argument("--delta", type=cli_args.probability_open, default=0.01,
                           help="failure probability for the required count (default 0.01)")
    _common(quantized)


def run(args: argparse.Namespace) -> int:
    from verify.errors import InvalidInput
    from verify.subsetsum import integers_run

    if args.experiment is None:
        raise InvalidInput("an experiment is required: partition or quantized")
    cli_args.check_output_dir(args.out)
    common = dict(trials=args.trials, seed=args.seed, chunk_size=args.chunk_size, executor=args.executor,
                  threads=args.threads, scheduler=args.scheduler, out=args.out, memory_limit=args.memory_limit,
                  progress=True)
    if args.experiment == "partition":
        result = integers_run.partition_phase(args.n, args.kappa, **common)
        document = result.to_json()
        text = result.table().to_string(index=False, float_format=lambda v: f"{v:.4g}")
    else:
        result = integers_run.quantized_coverage(args.q, n_max=args.n_max, **common)
        document = result.to_json(delta=args.delta)
        bracket = result.required(args.delta)
        text = (f"targets of the 1/{args.q} grid of [-1, 1] represented exactly: {result.targets} targets, "
                f"{args.trials} paths, counting floor {result.counting_floor()}, n_{args.delta:g} bracket "
                f"[{bracket.lo if bracket.lo is not None else '-'}, {bracket.hi if bracket.hi is not None else '-'}]"
                "\n" + "\n".join(f"{m:>4} {f:.4f}" for m, f in enumerate(result.fraction(), start=1)))
    if args.json:
        json.dump(document, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(text)
    return 0
