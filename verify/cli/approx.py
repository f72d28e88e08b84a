"""``slth approx``: Pensia et al.'s Experiment 1 on a trained network, every weight at its exact optimum."""

from __future__ import annotations

import argparse
import json
import sys

from verify.cli import args as cli_args


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", choices=("digits", "mnist5k"), default="digits",
                        help="the data the target is trained and both networks are evaluated on: digits (64 inputs, "
                             "default) or mnist5k (784 inputs: the paper's 784-500-10 on 5,000 real MNIST images)")
    parser.add_argument("--target", metavar="FILE.npz",
                        help="a network file (slth train --out) whose widths fit --data; default: train n_in-500-10 "
                             "without biases on --data")
    parser.add_argument("--hidden", type=cli_args.positive_int, default=None,
                        help="hidden width of the default target (default 500; not with --target)")
    parser.add_argument("--epochs", type=cli_args.positive_int, default=None,
                        help="training epochs of the default target (default 30; not with --target)")
    parser.add_argument("--eps", type=cli_args.probability_open, default=0.01,
                        help="accuracy per weight (default 0.01)")
    parser.add_argument("--n", type=cli_args.positive_int, default=None,
                        help="coefficients per weight (default: the paper's 3*round(log2(1/eps)))")
    parser.add_argument("--law", choices=("per-row", "independent", "product"), default="per-row",
                        help="coefficient law: the paper's per-row U[min W, max W] (default), independent per "
                             "weight, or products of U[-1,1] as in the theory")
    parser.add_argument("--seed", type=cli_args.nonnegative_int, default=0,
                        help="seeds the coefficients and the training (default 0)")
    parser.add_argument("--out", metavar="FILE.npz", help="save the approximated network (network file schema)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from verify.errors import InvalidInput
    from verify.experiments import experiment1
    from verify.subsetsum.solve import MAX_COEFFICIENTS

    if args.n is not None and args.n > MAX_COEFFICIENTS:
        raise InvalidInput(f"--n {args.n} is above the exact solver's limit of {MAX_COEFFICIENTS} coefficients")
    cli_args.check_output_file(args.out)
    if args.target is not None:
        for option, value in (("--hidden", args.hidden), ("--epochs", args.epochs)):
            if value is not None:
                raise InvalidInput(f"{option} describes the default target and cannot be combined with --target")
    result = experiment1.run(args.target, eps=args.eps, n=args.n, law=args.law, seed=args.seed,
                             hidden=args.hidden or 500, epochs=args.epochs or 30, progress=not args.json,
                             data=args.data)
    summary = result.summary()
    if args.out:
        result.approximated.save(args.out, metadata={"made_by": "slth approx", "eps": args.eps,
                                                     "n": summary["n"], "law": args.law, "seed": args.seed})
    if args.json:
        json.dump(summary, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    s = summary
    print(f"Experiment 1 (Pensia et al. 2020) on {s['architecture']} {'with' if s['biases'] else 'without'} biases, "
          f"{args.data}: n = {s['n']} coefficients per weight, law {s['law']}, eps = {s['eps']:g}")
    print(f"  weights within eps      {s['within_eps']:,} / {s['weights']:,}   (all: {s['all_within_eps']}; "
          f"max error {s['max_weight_error']:.3g})")
    print(f"  random / kept params    {s['params_random']:,} / {s['params_kept']:,}   "
          f"(kept = {s['ratio_kept_to_target']:.2f}x the target; paper: 9.39x)")
    print(f"  test accuracy: target   {s['target_test_accuracy']:.4f}")
    print(f"  test accuracy: approx.  {s['approximated_test_accuracy']:.4f}   (the network actually built; the "
          f"paper's 97.19 % was measured on its target)")
    print(f"  time                    {s['seconds']:.1f} s (solving {s['solve_seconds']:.1f} s; paper: 77,266 s "
          f"on 36 cores)")
    return 0
