"""Coverage engine throughput against a straightforward implementation and brute force; memory; cost in 1/ε.

For ε = 1e-4, 1e-5, 1e-6 (uniform law, n_max = 40) every measurement is a whole process, start-up included:
``slth rss`` (the engine, all cores) and ``python -m verify.bench.rss_baseline`` (the same interval programme
written straightforwardly, one thread) on the same sample paths; both must report the same first covering prefix for
every trial.  Brute-force enumeration of all 2^n sums is timed where it is feasible (ε = 1e-4).

Memory traffic (:mod:`verify.bench.rss_traffic`): per ε, the intervals the engine touches per path (read and
written, counted by a replay of the engine on the first paths of the same samples) and the bytes that moves; the
engine's streaming rate (those bytes over its kernel time) is reported as a fraction of a ``numpy.copyto``
bandwidth measured in the same run on the same number of threads: before the first ε and after each, so that the
fraction is stated against the median of those copies and beside the range the extreme copies give (on a shared
machine the copy bandwidth moves by a factor two between runs, more than the engine's own rate).  Both run in
child processes, so that this process stays small: a child inherits its parent's resident high-water mark, which
would show in every peak.

With ``--scaling-pairs N`` the two-thread scaling is measured on its own: ``slth rss`` at ε = 1e-6 on one thread and
then on ``--threads`` (in the odd pairs the other way round), N pairs, each pair's ratio of whole-process (and of
kernel) times reported with the median and range over the pairs, and, on two threads and 600 paths, judged against
issue 17's target of 1.8× by a sign test (:mod:`verify.bench.scaling`: the pair is the unit, one-sided 5 % each
way, or ``--scaling-level`` for a later look at the same target, *met*, *not met* or *undecided*; at least five
pairs can decide at 5 %).  Every result names its host (:mod:`verify.bench.host`).  On a shared machine one pair
of runs is not enough: the ratio moves with the machine's state between runs minutes apart; running the two sides
of a pair back to back keeps them in nearly the same state, and alternating their order keeps a drift of the machine
from biasing every ratio the same way.

Then ε = 1e-7 and 1e-8 are run to completion under the memory guard (its default limit, half the RAM, with as many
threads as that limit lets it reserve buffers for); peak memory is the measured maximum resident set of each
process, reported beside the guard's estimate (:func:`verify.subsetsum.montecarlo.memory_estimate`) and the resident
set of a trivial run (the interpreter, numpy and numba, which the estimate does not count).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

from verify.bench.host import describe_host, host_line
from verify.bench.scaling import LEVEL, MIN_PAIRS, describe, judge_scaling
from verify.cli import args as cli_args
from verify.errors import InvalidInput

DEFAULT_TRIALS = {1e-4: 2000, 1e-5: 1000, 1e-6: 600}
REGISTERED_SETUP = (2, 600)  # (threads, paths) for which the scaling rule of verify.bench.scaling was registered
MAX_SCALING_PAIRS = 100  # each pair is two runs of 600 paths at 1e-6, about 25 s on two cores


def _scaling_pairs(text: str) -> int:
    value = cli_args.nonnegative_int(text)
    if value > MAX_SCALING_PAIRS:
        raise argparse.ArgumentTypeError(f"value {text!r} must be at most {MAX_SCALING_PAIRS} (each pair is two "
                                         "runs at eps = 1e-6)")
    return value


def _scaling_level(text: str) -> float:
    value = cli_args.finite_float(text)
    if not 0.0 < value <= 0.5:
        raise argparse.ArgumentTypeError(f"value {text!r} must lie in (0, 0.5] (a one-sided level)")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--scale", type=cli_args.positive_float, default=1.0,
                        help="multiply the trial counts (default 1)")
    parser.add_argument("--threads", type=cli_args.positive_int, default=None,
                        help="engine threads (default: all cores)")
    parser.add_argument("--seed", type=cli_args.nonnegative_int, default=0, help="random seed (default 0)")
    parser.add_argument("--skip-1e-7", action="store_true", help="do not run the eps = 1e-7 completion check")
    parser.add_argument("--skip-1e-8", action="store_true", help="do not run the eps = 1e-8 completion check "
                        "(minutes per trial)")
    parser.add_argument("--scaling-pairs", type=_scaling_pairs, default=0,
                        help="alternate one thread and --threads this many times at eps = 1e-6 and report the "
                        "scaling's median and range, judged against 1.8x by a sign test (at least "
                        f"{MIN_PAIRS} pairs can decide; default 0: not measured)")
    parser.add_argument("--scaling-level", type=_scaling_level, default=LEVEL,
                        help="the one-sided level, in each direction, at which the sign test decides; give the "
                        f"level registered for this look (default {LEVEL:g}; a later look at the same target takes "
                        "a smaller one)")
    parser.add_argument("--traffic-paths", type=cli_args.positive_int, default=60,
                        help="paths replayed to count the intervals touched (default 60)")


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


def _copy_rate(threads: int) -> float:
    """Bytes per second of a large numpy copy on ``threads`` threads, measured in a child process."""
    argv = [sys.executable, "-m", "verify.bench.rss_traffic", "copy", str(threads)]
    return float(json.loads(_run_measured(argv)[2])["copy_bytes_per_second"])


def _ratios(values: list[float]) -> dict:
    return {"ratios": [round(v, 3) for v in values], "median": round(statistics.median(values), 3),
            "min": round(min(values), 3), "max": round(max(values), 3)}


def _scaling(threads: int, trials: int, seed: int, pairs: int, level: float = LEVEL) -> dict:
    """``slth rss`` at ε = 1e-6 (uniform, n_max 40) on one thread and on ``threads``, ``pairs`` times: per pair the
    ratio of the one-thread time to the ``threads`` time, whole process and kernel (the run's own seconds).  The
    order alternates, one thread first in the even pairs and ``threads`` first in the odd ones, so that a machine
    that speeds up or slows down over the run does not bias every ratio the same way.  Judged against the 1.8×
    target (:mod:`verify.bench.scaling`, one-sided ``level`` each way) only in the setup the rule was registered
    for: two threads, 600 paths.  The load average before the first run and after the last is recorded."""
    load_before = describe_host()["load_average"]
    common = ["--eps", "1e-06", "--trials", str(trials), "--n-max", "40", "--seed", str(seed), "--json"]
    times: dict[int, list[tuple[float, float]]] = {1: [], threads: []}
    for pair in range(pairs):
        for count in ((1, threads) if pair % 2 == 0 else (threads, 1)):
            seconds, _, out = _run_measured([sys.executable, "-m", "verify.cli", "rss", *common,
                                             "--threads", str(count)])
            times[count].append((seconds, float(json.loads(out)["seconds"])))
    whole = [a[0] / b[0] for a, b in zip(times[1], times[threads])]
    kernel = [a[1] / b[1] for a, b in zip(times[1], times[threads])]
    result = {"eps": 1e-6, "trials": trials, "threads": threads, "pairs": pairs, "order": "alternating",
              "one_thread_seconds": [round(w, 3) for w, _ in times[1]],
              "threads_seconds": [round(w, 3) for w, _ in times[threads]],
              "whole_process": _ratios(whole), "kernel": _ratios(kernel),
              "load_average_before": load_before, "load_average_after": describe_host()["load_average"]}
    if (threads, trials) == REGISTERED_SETUP:
        result.update(whole_process_target=judge_scaling(whole, level=level),
                      kernel_target=judge_scaling(kernel, level=level))
    return result


def run(args: argparse.Namespace) -> int:
    from verify.bench.rss_traffic import BYTES_PER_INTERVAL_TOUCHED
    from verify.executors import default_workers
    from verify.memory import default_limit, physical_memory
    from verify.subsetsum.paths import sample_paths

    python = sys.executable
    threads = args.threads or default_workers()
    if args.scaling_pairs and threads < 2:
        raise InvalidInput(f"--scaling-pairs compares one thread with --threads, which is {threads}; give --threads 2 "
                           "or more")
    copies = [_copy_rate(threads)]
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
        traffic = json.loads(_run_measured([python, "-m", "verify.bench.rss_traffic", "traffic", f"{eps:g}",
                                            str(min(trials, args.traffic_paths)), str(args.seed)])[2])
        touched = traffic["read_mean"] + traffic["written_mean"]
        moved = touched * BYTES_PER_INTERVAL_TOUCHED
        row.update({"intervals_touched_per_path": round(touched), "bytes_moved_per_path": round(moved),
                    "engine_stream_bytes_per_second": round(moved * trials / engine["seconds"])})
        copies.append(_copy_rate(threads))
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
                                       f"2^n sums ~ {2 ** (math.ceil(math.log2(1 / eps)) + 6) * 8 / 2**30:.2g} GiB")
        rows.append(row)
    copy_rate = statistics.median(copies)
    for row in rows:
        rate = row["engine_stream_bytes_per_second"]
        row.update({"copy_bytes_per_second": round(copy_rate), "fraction_of_copy_bandwidth": round(rate / copy_rate, 3),
                    "fraction_of_copy_bandwidth_range": [round(rate / max(copies), 3), round(rate / min(copies), 3)]})
    for previous, current in zip(rows, rows[1:]):
        per_trial_previous = previous["engine_kernel_seconds"] / previous["trials"]
        per_trial_current = current["engine_kernel_seconds"] / current["trials"]
        current["engine_cost_ratio_vs_previous_eps"] = round(per_trial_current / per_trial_previous, 2)
    host = describe_host()  # one reading: the top-level core count and load average are the host's
    result = {"host": host, "rows": rows, "machine_cores": host["usable_cpus"], "load_average": host["load_average"],
              "copy_bytes_per_second": round(copy_rate), "copy_bytes_per_second_measured": [round(c) for c in copies]}
    if args.scaling_pairs:
        result["scaling"] = _scaling(threads, max(10, int(DEFAULT_TRIALS[1e-6] * args.scale)), args.seed,
                                     args.scaling_pairs, args.scaling_level)
    extremes = [e for e, skip in ((1e-7, args.skip_1e_7), (1e-8, args.skip_1e_8)) if not skip]
    if extremes:
        idle_seconds, idle_rss, _ = _run_measured([python, "-m", "verify.cli", "rss", "--eps", "0.1", "--trials", "1",
                                                   "--n-max", "4", "--threads", "1", "--json"])
        result["idle_rss_mib"] = round(idle_rss / 2**20, 1)
    for eps in extremes:
        # as many threads as the default limit (half the RAM) lets the guard reserve buffers for; the run gets
        # that limit (or the estimate, if larger), so that a path may grow its buffers beyond the prediction
        used = next((k for k in range(threads, 0, -1) if _guard_estimate(eps, 4, k) <= default_limit()), 1)
        trials = max(used, int((12 if eps == 1e-7 else 4) * args.scale))
        estimate = _guard_estimate(eps, trials, used)
        limit = min(physical_memory(), max(estimate, default_limit()))
        seconds, rss_bytes, out = _run_measured(
            [python, "-m", "verify.cli", "rss", "--eps", f"{eps:g}", "--trials", str(trials), "--n-max", "40",
             "--seed", str(args.seed), "--threads", str(used), "--memory-limit", str(limit), "--json"])
        doc = json.loads(out)
        measured = rss_bytes - idle_rss
        result[f"eps_{eps:g}"] = {
            "trials": trials, "threads": used, "seconds": round(seconds, 2), "completed": True,
            "peak_rss_mib": round(rss_bytes / 2**20, 1), "peak_rss_above_idle_mib": round(measured / 2**20, 1),
            "guard_estimate_mib": round(estimate / 2**20, 1),
            "estimate_over_peak_rss": round(estimate / rss_bytes, 2),
            "estimate_over_peak_rss_above_idle": round(estimate / max(measured, 1), 2),
            "peak_intervals": doc["peak_intervals"],
            "p_cover_at_n_max": doc["results"][0]["p_cover"][-1]}
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(host_line(result["host"]))
    print(f"slth bench rss: uniform law, n_max 40, whole-process times (start-up included), "
          f"{threads} engine thread(s), load average {result['load_average'][0]:.2f}; numpy copy on {threads} "
          f"thread(s): {copy_rate / 1e9:.2f} GB/s (read + written; median of {len(copies)} copies, "
          f"{min(copies) / 1e9:.2f}-{max(copies) / 1e9:.2f})")
    print(f"{'eps':>7} {'trials':>6} {'engine/s':>9} {'baseline/s':>10} {'speedup':>8} {'brute/s':>8} "
          f"{'engine RSS':>10} {'base RSS':>9} {'peak ints':>10} {'cost x':>7} agree")
    for row in rows:
        brute = "-" if row["brute_force_trials_per_second"] is None else f"{row['brute_force_trials_per_second']:.3f}"
        ratio = row.get("engine_cost_ratio_vs_previous_eps", "")
        print(f"{row['eps']:>7.0e} {row['trials']:>6} {row['engine_trials_per_second']:>9.1f} "
              f"{row['baseline_trials_per_second']:>10.1f} {row['speedup_whole_process']:>7.2f}x {brute:>8} "
              f"{row['engine_peak_rss_mib']:>8.0f}Mi {row['baseline_peak_rss_mib']:>7.0f}Mi "
              f"{row['engine_peak_intervals']:>10,} {ratio!s:>7} {row['agree_on_every_n_star']}")
    print(f"{'eps':>7} {'touched/path':>13} {'MB/path':>8} {'engine GB/s':>11} {'of copy':>8} {'range':>12}")
    for row in rows:
        low, high = row["fraction_of_copy_bandwidth_range"]
        print(f"{row['eps']:>7.0e} {row['intervals_touched_per_path']:>13,} {row['bytes_moved_per_path'] / 1e6:>8.1f} "
              f"{row['engine_stream_bytes_per_second'] / 1e9:>11.2f} {row['fraction_of_copy_bandwidth']:>8.1%} "
              f"{low:>6.1%}-{high:.1%}")
    for key in ("eps_1e-07", "eps_1e-08"):
        if key in result:
            r = result[key]
            print(f"{key[4:]}: {r['trials']} trials on {r['threads']} thread(s) completed in {r['seconds']} s, "
                  f"peak RSS {r['peak_rss_mib']:.0f} "
                  f"MiB ({r['peak_rss_above_idle_mib']:.0f} above an idle run's {result['idle_rss_mib']:.0f}), "
                  f"guard estimate {r['guard_estimate_mib']:.0f} MiB ({r['estimate_over_peak_rss']}x the peak, "
                  f"{r['estimate_over_peak_rss_above_idle']}x above idle), peak {r['peak_intervals']:,} intervals, "
                  f"P(covered by n=40) = {r['p_cover_at_n_max']:.3f}")
    if "scaling" in result:
        sc = result["scaling"]
        whole, kernel = sc["whole_process"], sc["kernel"]
        print(f"scaling at eps 1e-6, {sc['trials']} trials, {sc['pairs']} alternations of 1 and {sc['threads']} "
              f"threads: whole process {whole['median']:.2f}x ({whole['min']:.2f}-{whole['max']:.2f}), kernel "
              f"{kernel['median']:.2f}x ({kernel['min']:.2f}-{kernel['max']:.2f}); one thread "
              f"{', '.join(f'{v:.2f}' for v in sc['one_thread_seconds'])} s, {sc['threads']} threads "
              f"{', '.join(f'{v:.2f}' for v in sc['threads_seconds'])} s")
        if "whole_process_target" in sc:
            print(f"  target, whole process (decides): {describe(sc['whole_process_target'])}")
            print(f"  target, kernel: {describe(sc['kernel_target'])}")
        else:
            print(f"  not judged against 1.8x: the rule was registered for {REGISTERED_SETUP[0]} threads and "
                  f"{REGISTERED_SETUP[1]} paths")
    print("brute force: all 2^n subset sums per prefix (numpy), 5 trials; '-' = infeasible at that eps")
    return 0


def _guard_estimate(eps: float, trials: int, threads: int) -> int:
    """The bytes the memory guard reserves for ``slth rss --eps EPS --trials T --n-max 40 --threads K`` (uniform)."""
    from verify.subsetsum.laws import get_law
    from verify.subsetsum.montecarlo import CoverageSpec, default_chunk_size, memory_estimate

    spec = CoverageSpec(law=get_law("uniform"), eps=(eps,), reach=eps, interval=(-1.0, 1.0), trials=trials, n_max=40,
                        seed=0, samples=None, samples_digest=None)
    return int(sum(size for _, size in memory_estimate(spec, threads, default_chunk_size(trials))))
