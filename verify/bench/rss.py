"""Coverage engine throughput against a straightforward implementation and brute force; memory; cost in 1/ε.

For ε = 1e-4, 1e-5, 1e-6 (uniform law, n_max = 40) every measurement is a whole process, start-up included:
``slth rss`` (the engine, all cores) and ``python -m verify.bench.rss_baseline`` (the same interval programme
written straightforwardly, one thread) on the same sample paths; both must report the same first covering prefix for
every trial.  Brute-force enumeration of all 2^n sums is timed where it is feasible (ε = 1e-4).  Then ε = 1e-7 is run
to completion under the memory guard.  Peak memory is the measured maximum resident set of each process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time

from verify.cli import args as cli_args

DEFAULT_TRIALS = {1e-4: 2000, 1e-5: 1000, 1e-6: 600}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--scale", type=cli_args.positive_float, default=1.0,
                        help="multiply the trial counts (default 1)")
    parser.add_argument("--threads", type=cli_args.positive_int, default=None,
                        help="engine threads (default: all cores)")
    parser.add_argument("--seed", type=cli_args.nonnegative_int, default=0, help="random seed (default 0)")
    parser.add_argument("--skip-1e-7", action="store_true", help="do not run the eps = 1e-7 completion check")


def _run_measured(argv: list[str]) -> tuple[float, int, str]:
    """Wall time, peak RSS (bytes) and stdout of a child, via os.wait4 for that child's own resource usage."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"benchmark process failed ({process.returncode}): {' '.join(argv)}")
    return seconds, usage.ru_maxrss * 1024, stdout


def _brute_force_first_cover(path, eps: float, limit: int) -> int | None:
    """n* by enumerating all 2^m sums of each prefix (sorted, gaps checked), up to prefix length ``limit``."""
    import numpy as np

    sums = np.zeros(1)
    for m, value in enumerate(path[:limit], start=1):
        sums = np.unique(np.concatenate([sums, sums + value]))
        inside = sums[(sums >= -1 - eps) & (sums <= 1 + eps)]
        if inside.size and inside[0] <= -1 + eps and inside[-1] >= 1 - eps and np.all(np.diff(inside) <= 2 * eps):
            return m
    return None


def run(args: argparse.Namespace) -> int:
    from verify.executors import default_workers
    from verify.subsetsum.paths import sample_paths

    python = sys.executable
    threads = args.threads or default_workers()
    rows = []
    for eps, base_trials in DEFAULT_TRIALS.items():
        trials = max(10, int(base_trials * args.scale))
        common = ["--eps", f"{eps:g}", "--trials", str(trials), "--n-max", "40", "--seed", str(args.seed)]
        engine_s, engine_rss, engine_out = _run_measured(
            [python, "-m", "verify.cli", "rss", *common, "--threads", str(threads), "--json", "--per-trial"])
        baseline_s, baseline_rss, baseline_out = _run_measured([python, "-m", "verify.bench.rss_baseline", *common])
        engine = json.loads(engine_out)
        baseline = json.loads(baseline_out)
        agree = engine["results"][0]["n_star_per_trial"] == baseline["n_star_per_trial"]
        row = {
            "eps": eps, "trials": trials, "threads": threads,
            "engine_seconds": round(engine_s, 3), "engine_trials_per_second": round(trials / engine_s, 2),
            "engine_kernel_seconds": engine["seconds"],
            "baseline_seconds": round(baseline_s, 3), "baseline_trials_per_second": round(trials / baseline_s, 2),
            "speedup_whole_process": round(baseline_s / engine_s, 2),
            "engine_peak_rss_mib": round(engine_rss / 2**20, 1),
            "baseline_peak_rss_mib": round(baseline_rss / 2**20, 1),
            "engine_peak_intervals": engine["peak_intervals"],
            "agree_on_every_n_star": agree,
        }
        if eps >= 1e-4:
            paths = sample_paths("uniform", 5, 40, args.seed)
            started = time.perf_counter()
            brute = [_brute_force_first_cover(path, eps, 26) for path in paths]
            brute_s = time.perf_counter() - started
            row["brute_force_trials_per_second"] = round(len(paths) / brute_s, 3)
            row["brute_force_agrees"] = brute == engine["results"][0]["n_star_per_trial"][:5]
        else:
            row["brute_force_trials_per_second"] = None
            row["brute_force_note"] = (f"infeasible: n* ~ {math.ceil(math.log2(1 / eps)) + 6}, "
                                       f"2^n sums ~ {2 ** (math.ceil(math.log2(1 / eps)) + 6) * 8 / 2**30:.0f} GiB")
        rows.append(row)
    for previous, current in zip(rows, rows[1:]):
        per_trial_previous = previous["engine_kernel_seconds"] / previous["trials"]
        per_trial_current = current["engine_kernel_seconds"] / current["trials"]
        current["engine_cost_ratio_vs_previous_eps"] = round(per_trial_current / per_trial_previous, 2)
    result = {"rows": rows, "machine_cores": default_workers(), "load_average": os.getloadavg()}
    if not args.skip_1e_7:
        trials = max(4, int(12 * args.scale))
        seconds, rss_bytes, out = _run_measured(
            [python, "-m", "verify.cli", "rss", "--eps", "1e-7", "--trials", str(trials), "--n-max", "40",
             "--seed", str(args.seed), "--threads", str(threads), "--json"])
        doc = json.loads(out)
        result["eps_1e-7"] = {"trials": trials, "seconds": round(seconds, 2), "completed": True,
                              "peak_rss_mib": round(rss_bytes / 2**20, 1), "peak_intervals": doc["peak_intervals"],
                              "p_cover_at_n_max": doc["results"][0]["p_cover"][-1]}
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"slth bench rss: uniform law, n_max 40, whole-process times (start-up included), "
          f"{threads} engine thread(s), load average {result['load_average'][0]:.2f}")
    print(f"{'eps':>7} {'trials':>6} {'engine/s':>9} {'baseline/s':>10} {'speedup':>8} {'brute/s':>8} "
          f"{'engine RSS':>10} {'base RSS':>9} {'peak ints':>10} {'cost x':>7} agree")
    for row in rows:
        brute = "-" if row["brute_force_trials_per_second"] is None else f"{row['brute_force_trials_per_second']:.3f}"
        ratio = row.get("engine_cost_ratio_vs_previous_eps", "")
        print(f"{row['eps']:>7.0e} {row['trials']:>6} {row['engine_trials_per_second']:>9.1f} "
              f"{row['baseline_trials_per_second']:>10.1f} {row['speedup_whole_process']:>7.2f}x {brute:>8} "
              f"{row['engine_peak_rss_mib']:>8.0f}Mi {row['baseline_peak_rss_mib']:>7.0f}Mi "
              f"{row['engine_peak_intervals']:>10,} {ratio!s:>7} {row['agree_on_every_n_star']}")
    if "eps_1e-7" in result:
        r = result["eps_1e-7"]
        print(f"eps 1e-7: {r['trials']} trials completed in {r['seconds']} s, peak RSS {r['peak_rss_mib']:.0f} MiB, "
              f"peak {r['peak_intervals']:,} intervals, P(covered by n=40) = {r['p_cover_at_n_max']:.3f}")
    print("brute force: all 2^n subset sums per prefix (numpy), 5 trials; '-' = infeasible at that eps")
    return 0
