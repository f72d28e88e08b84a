"""Plant 'n' Seek timing: one singleshot run, and the projected time of the paper's singleshot grid.

One singleshot run is plant → prune → train 10 epochs → measure at depth 5, width 100 (Circle, magnitude pruning at
density 0.1, the common case), timed end to end (wall and CPU time); edge-popup's run (10 epochs of score training,
no weight training) is timed too.  The projection uses a sample of the grid — every task × the six paper pruners at
one density, plus the planted references (21 runs):

* *at this load*: the sample's wall time on ``--workers`` processes, scaled to the full grid
  (3 tasks × 6 pruners × 5 densities × 25 repetitions + 75 references = 2,325 runs) and to the figures' quick profile;
* *on an idle machine*: the sample's CPU time (run one after the other in this process), scaled the same way and
  divided by the number of workers — what the grid needs when the cores are not shared.

Run time barely depends on the density (the masked network costs the same), so one density stands for all five.
Timings on a shared machine are noisy: report them with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

PAPER_GRID = {"tasks": 3, "pruners": 6, "densities": 5, "reps": 25}
# The figures' quick singleshot profile (figures/pns_campaign.py; a test keeps the two in step).
QUICK_GRID = {"tasks": 3, "pruners": 6, "densities": 5, "reps": 1}


def grid_runs(grid: dict) -> int:
    """Runs of a singleshot grid: every (task, pruner, density, repetition), plus one planted reference per
    (task, repetition)."""
    return grid["tasks"] * grid["reps"] * (grid["pruners"] * grid["densities"] + 1)
TARGET_SECONDS = 30 * 60


def configure(parser: argparse.ArgumentParser) -> None:
    from verify.cli import args as cli_args

    parser.add_argument("--workers", type=cli_args.positive_int, default=None,
                        help="worker processes for the projection (default: all cores)")
    parser.add_argument("--repeats", type=cli_args.positive_int, default=3,
                        help="timed single runs (median shown; default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _median(values):
    values = sorted(values)
    return values[len(values) // 2]


def run(args: argparse.Namespace) -> int:
    from verify.executors import default_workers
    from verify.plantnseek.run import run_grid, run_one
    from verify.prune.pruners import PAPER_PRUNERS

    workers = args.workers or default_workers()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    run_one("relu", "magnitude", 0.5)  # warm-up: imports, numba caches
    single, single_cpu = [], []
    for r in range(args.repeats):
        cpu = time.process_time()
        single.append(run_one("circle", "magnitude", 0.1, rep=r)["seconds"])
        single_cpu.append(time.process_time() - cpu)
    edge = [run_one("circle", "edge-popup", 0.1, rep=r)["seconds"] for r in range(max(1, args.repeats // 2))]
    sample_cpu = 0.0
    for task in ("relu", "circle", "helix"):
        for pruner in ("planted",) + tuple(PAPER_PRUNERS):
            cpu = time.process_time()
            run_one(task, pruner, "gt" if pruner == "planted" else 0.1)
            sample_cpu += time.process_time() - cpu
    started = time.perf_counter()
    sample = run_grid(["relu", "circle", "helix"], list(PAPER_PRUNERS), [0.1], reps=1, workers=workers)
    sample_wall = time.perf_counter() - started
    sample_runs = len(sample.rows)
    cpu_seconds = sum(row["seconds"] for row in sample.rows)
    paper_runs = grid_runs(PAPER_GRID)
    projected = sample_wall / sample_runs * paper_runs
    projected_idle = sample_cpu / sample_runs * paper_runs / workers
    quick_runs = grid_runs(QUICK_GRID)
    load_after = os.getloadavg() if hasattr(os, "getloadavg") else None
    document = {
        "single_run_seconds": _median(single), "single_runs": single,
        "single_run_cpu_seconds": _median(single_cpu), "sample_cpu_seconds_serial": sample_cpu,
        "paper_grid_projected_idle_seconds": projected_idle,
        "edge_popup_run_seconds": _median(edge),
        "workers": workers, "sample_runs": sample_runs, "sample_wall_seconds": sample_wall,
        "sample_run_seconds_sum": cpu_seconds,
        "paper_grid_runs": paper_runs, "paper_grid_projected_seconds": projected,
        "paper_grid_target_seconds": TARGET_SECONDS,
        "quick_profile_runs": quick_runs,
        "quick_profile_projected_seconds": sample_wall / sample_runs * quick_runs,
        "quick_profile_projected_idle_seconds": sample_cpu / sample_runs * quick_runs / workers,
        "load_average_before": load_before, "load_average_after": load_after,
    }
    if args.json:
        json.dump(document, sys.stdout)
        sys.stdout.write("\n")
        return 0
    load = lambda v: " ".join(f"{x:.2f}" for x in v) if v else "n/a"  # noqa: E731
    print(f"slth bench plant: load average {load(load_before)} before, {load(load_after)} after "
          "(timings on a shared machine are noisy)")
    print(f"one singleshot run (circle, depth 5 = 4 weight matrices, width 100, magnitude 0.1, 10 epochs): "
          f"{document['single_run_seconds']:.2f} s wall, {document['single_run_cpu_seconds']:.2f} s CPU "
          f"(median of {len(single)})")
    print(f"one edge-popup run (10 epochs of score training): {document['edge_popup_run_seconds']:.2f} s")
    print(f"sample grid: {sample_runs} runs (3 tasks x 6 pruners at density 0.1 + references): {sample_cpu:.1f} s CPU "
          f"one after the other; {sample_wall:.1f} s wall on {workers} process(es)")
    verdict = lambda t: "within" if t <= TARGET_SECONDS else "OVER"  # noqa: E731
    print(f"paper singleshot grid ({paper_runs} runs: 3 x 6 x 5 x 25 + references) on {workers} process(es): "
          f"projected {projected / 60:.1f} min at this load ({verdict(projected)} the 30 min target), "
          f"{projected_idle / 60:.1f} min on an idle machine from CPU time ({verdict(projected_idle)})")
    print(f"figures' quick singleshot profile ({quick_runs} runs): projected "
          f"{document['quick_profile_projected_seconds']:.0f} s at this load, "
          f"{document['quick_profile_projected_idle_seconds']:.0f} s idle")
    return 0
