"""Experiment 1 at paper scale: 397,000 weights, n = 21, eps = 0.01, every weight at its exact optimum.

The instance (spec pensia2020.md, "Experiment 1"): a 784–500–10 network without biases, whose MNIST-trained weights
are stood in for by weights drawn uniformly from the paper's range [−0.464, 0.541] (stream
``(seed, PURPOSE_TICKETS, 900)``); n = 3·round(log2(1/ε)) = 21; ε = 0.01.  The headline is the harder law (fresh
coefficients for every weight); the paper's per-row law is run beside it.  The paper took 77,266 s on 36 cores
(one Gurobi MIP per weight, MIP gap 0.01).

Exactness is spot-checked here too: a sample of weights, and every weight left above ε, is re-solved by brute force
over all 2^21 subsets (the same canonical sums as the solver) and must give the same error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from verify.cli import args as cli_args

PAPER = {"seconds": 77266, "cores": 36, "random": 8_337_000, "kept": 3_725_871, "weights": 397_000,
         "solver": "one Gurobi MIP per weight, MIP gap 0.01", "source": "pensia2020.md, Experiment 1 [code]"}
LAYERS = (784, 500, 10)
WEIGHT_RANGE = (-0.464, 0.541)
_BLOCK_WEIGHTS = 900


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--laws", type=cli_args.name_set, default=["independent", "per-row"], metavar="LAW[,LAW]",
                        help="coefficient laws: independent, per-row, product (default independent,per-row; "
                             "the first is the headline)")
    parser.add_argument("--n", type=cli_args.positive_int, default=21, help="coefficients per weight (default 21)")
    parser.add_argument("--eps", type=cli_args.probability_open, default=0.01, help="accuracy in (0, 1) (default 0.01)")
    parser.add_argument("--seed", type=cli_args.nonnegative_int, default=0, help="random seed (default 0)")
    parser.add_argument("--threads", type=cli_args.positive_int, default=None, help="numba threads (default: all)")
    parser.add_argument("--brute-force", type=cli_args.nonnegative_int, default=100, metavar="K",
                        help="weights per law re-solved by brute force over all 2^n subsets, plus every weight "
                             "above eps (default 100)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def stand_in_weights(seed: int):
    """Weights of a 784–500–10 network drawn uniformly from the paper's range [−0.464, 0.541]."""
    from verify.streams import PURPOSE_TICKETS, stream

    rng = stream(seed, PURPOSE_TICKETS, _BLOCK_WEIGHTS)
    return [rng.uniform(*WEIGHT_RANGE, size=(d_out, d_in)) for d_in, d_out in zip(LAYERS[:-1], LAYERS[1:])]


def _brute_force_errors(result, picks):
    """Errors of the closest canonical subset sums of the picked weights, by enumeration of all 2^n subsets."""
    import numpy as np

    def index_order_sums(values):
        sums = np.zeros(1)
        for v in values:
            sums = np.concatenate([sums, sums + v])
        return sums

    errors = []
    for k, index in picks:
        coefficients = result.coefficients[k]
        row = index[0]
        c = coefficients[row] if result.law == "per-row" else coefficients[index]
        h = c.size // 2
        sums = (index_order_sums(c[h:])[:, None] + index_order_sums(c[:h])[None, :]).ravel()
        errors.append(float(np.abs(result.weights[k][index] - sums).min()))
    return errors


def brute_force_check(result, count: int, seed: int) -> dict:
    """Check the solver on every weight above ε and ``count`` random others against enumeration of all 2^n subsets:
    ``{"checked", "checked_above_eps", "agree", "seconds"}``."""
    import numpy as np

    from verify.streams import PURPOSE_BENCH, stream

    rng = stream(seed, PURPOSE_BENCH, 0)
    picks = []
    for k, errors in enumerate(result.errors):
        above = np.argwhere(errors > result.eps)
        picks += [(k, tuple(int(v) for v in index)) for index in above]
    total = result.weight_count
    for flat in rng.choice(total, size=min(count, total), replace=False):
        offset = 0
        for k, w in enumerate(result.weights):
            if flat < offset + w.size:
                picks.append((k, tuple(int(v) for v in np.unravel_index(flat - offset, w.shape))))
                break
            offset += w.size
    started = time.perf_counter()
    brute = _brute_force_errors(result, picks)
    ours = [float(result.errors[k][index]) for k, index in picks]
    return {"checked": len(picks), "checked_above_eps": int(sum(e > result.eps for e in ours)),
            "agree": brute == ours, "seconds": time.perf_counter() - started}


def run(args: argparse.Namespace) -> int:
    import numba

    from verify.errors import InvalidInput
    from verify.tickets.approx import COEFFICIENT_LAWS, approximate_weights

    laws = args.laws
    for law in laws:
        if law not in COEFFICIENT_LAWS:
            raise InvalidInput(f"--laws: {law!r} is not known; allowed: {', '.join(COEFFICIENT_LAWS)}")
    if args.threads is not None:
        if args.threads > numba.config.NUMBA_NUM_THREADS:
            raise InvalidInput(f"--threads {args.threads} exceeds the {numba.config.NUMBA_NUM_THREADS} available")
        numba.set_num_threads(args.threads)
    weights = stand_in_weights(args.seed)
    approximate_weights(weights[1][:1, :8], n=min(args.n, 4), eps=args.eps, law=laws[0])  # load compiled kernels
    load_before = os.getloadavg()
    results = {}
    for law in laws:
        result = approximate_weights(weights, n=args.n, eps=args.eps, law=law, seed=args.seed,
                                     coefficient_range=WEIGHT_RANGE)
        summary = result.summary()
        summary["brute_force_check"] = brute_force_check(result, args.brute_force, args.seed)
        results[law] = summary
        del result
    head = results[laws[0]]
    report = {
        "instance": {"layers": list(LAYERS), "weight_range": list(WEIGHT_RANGE), "n": args.n, "eps": args.eps,
                     "seed": args.seed, "weights_stand_in": "uniform on the paper's range (not MNIST-trained)"},
        "law": laws[0],
        "weights": head["weights"],
        "all_within_eps": head["all_within_eps"],
        "within_eps": head["within_eps"],
        "seconds": head["seconds"],
        "cpu_seconds": head["cpu_seconds"],
        "random": head["random"],
        "kept": head["kept"],
        "exact": all(r["brute_force_check"]["agree"] for r in results.values()),
        "laws": results,
        "threads": numba.get_num_threads(),
        "load_average_before": list(load_before),
        "load_average_after": list(os.getloadavg()),
        "paper": PAPER,
    }
    if args.json:
        json.dump(report, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    print(f"Experiment 1 stand-in: {head['weights']:,} weights, n = {args.n}, eps = {args.eps:g}, "
          f"{report['threads']} threads, load {load_before[0]:.2f}")
    for law, r in results.items():
        check = r["brute_force_check"]
        print(f"  {law:12s} {r['seconds']:7.2f} s ({r['cpu_seconds']:.1f} s CPU)  "
              f"within eps {r['within_eps']:,}/{r['weights']:,}  "
              f"max error {r['max_error']:.3g}  kept {r['kept']:,} ({r['ratio_kept_to_target']:.2f}x)  "
              f"random {r['random']:,}  brute force agrees on {check['checked']} weights: {check['agree']}")
    print(f"  paper: {PAPER['seconds']:,} s on {PAPER['cores']} cores; kept {PAPER['kept']:,} (9.39x), "
          f"random {PAPER['random']:,}")
    return 0
