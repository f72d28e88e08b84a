"""Lottery tickets: wall time of a paper-grade IMP run (20 rounds x 5 trials on digits, with both controls).

Target (issue 8): 20 rounds x 5 trials on digits within 10 minutes on a 2-core machine.  The run is the one
``slth lth run --data digits`` makes (verify.lth.method.PROTOCOLS: 3,000 iterations per level, evaluations every 20) —
5 x 21 ticket trainings and 5 x (21 + 20) control trainings — without a results store.  Reported: wall time, the
number of trainings and optimiser steps, aggregate steps/s, and one dense training alone (serial seconds per
training) to show the parallel efficiency.  The machine's load average is printed before and after: on a shared
machine the time is an upper bound.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

TARGET_SECONDS = 600.0


def configure(parser: argparse.ArgumentParser) -> None:
    from verify.cli import args as cli_args

    parser.add_argument("--rounds", type=cli_args.nonnegative_int, default=20, help="pruning rounds (default 20)")
    parser.add_argument("--trials", type=cli_args.positive_int, default=5, help="trials (default 5)")
    parser.add_argument("--iterations", type=cli_args.positive_int, default=None,
                        help="iterations per level (default: the digits protocol, 3000)")
    parser.add_argument("--threads", type=cli_args.positive_int, default=None, help="workers (default: all cores)")
    cli_args.add_executor_options(parser, "processes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _load() -> list[float] | None:
    return list(os.getloadavg()) if hasattr(os, "getloadavg") else None


def run(args: argparse.Namespace) -> int:
    from verify.executors import default_workers, effective_executor
    from verify.lth import run_imp
    from verify.lth.method import dataset, initial_network, protocol, train_arm, trial_seed

    overrides = {"rounds": args.rounds}
    if args.iterations is not None:
        overrides["iterations"] = args.iterations
    settings = protocol("digits", **overrides)
    workers = args.threads or default_workers()
    effective_executor(args.executor, workers, args.scheduler)  # refuse a bad executor or address before any work

    data = dataset(settings, 0)
    net = initial_network(settings, 0, 0)
    train_arm(net.copy(), data, protocol("digits", iterations=50, eval_every=10), 0)  # warm-up
    started = time.perf_counter()
    train_arm(net, data, settings, trial_seed(0, 2, 0))
    one_training = time.perf_counter() - started

    load_before = _load()
    started = time.perf_counter()
    run_imp(settings, trials=args.trials, seed=0, workers=workers, executor=args.executor,
            scheduler=args.scheduler, progress=not args.json)
    wall = time.perf_counter() - started
    load_after = _load()
    trainings = args.trials * (3 * (settings.rounds + 1) - 1)
    steps = trainings * settings.iterations
    document = {
        "rounds": settings.rounds, "trials": args.trials, "iterations": settings.iterations,
        "eval_every": settings.eval_every, "workers": workers, "executor": args.executor, "cpus": default_workers(),
        "trainings": trainings, "steps": steps, "wall_seconds": wall, "steps_per_second": steps / wall,
        "one_training_seconds": one_training, "serial_estimate_seconds": one_training * trainings,
        "parallel_efficiency": one_training * trainings / (wall * workers),
        "target_seconds": TARGET_SECONDS, "within_target": wall <= TARGET_SECONDS,
        "load_average_before": load_before, "load_average_after": load_after,
    }
    if args.json:
        json.dump(document, sys.stdout)
        sys.stdout.write("\n")
        return 0
    load = lambda values: " ".join(f"{v:.2f}" for v in values) if values else "n/a"  # noqa: E731
    print(f"slth bench lth: IMP on digits, {settings.rounds} rounds x {args.trials} trials, "
          f"{settings.iterations} iterations per level, {workers} {args.executor}")
    print(f"  {trainings} trainings, {steps:,} optimiser steps in {wall:.1f} s "
          f"({steps / wall:,.0f} steps/s); target {TARGET_SECONDS:.0f} s: "
          f"{'met' if wall <= TARGET_SECONDS else 'NOT met'}")
    print(f"  one dense training alone: {one_training:.2f} s -> serial estimate {one_training * trainings:.0f} s, "
          f"parallel efficiency {100 * document['parallel_efficiency']:.0f} % on {workers} workers")
    print(f"  load average before {load(load_before)}, after {load(load_after)} (shared machine: an upper bound)")
    return 0
