"""``slth plant``: Plant 'n' Seek — plant a target ticket into a random network, run pruners against it.

``--depth`` counts *neuron layers including input and output* (the paper's and its code's convention): depth 5 is
four weight matrices, e.g. Circle 2→W→W→W→4.  (The ``verify.nets.network`` API counts weight matrices: ``Network.depth
== 4`` for it.)
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from verify.cli import args as cli_args

TASKS = ("relu", "circle", "helix")
def _depth(text: str) -> int:
    from verify.plantnseek.targets import MAX_DEPTH, MIN_DEPTH

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"depth {text!r} is not an integer") from None
    if not MIN_DEPTH <= value <= MAX_DEPTH:
        raise argparse.ArgumentTypeError(f"depth {text!r} must be an integer from {MIN_DEPTH} to {MAX_DEPTH}")
    return value


DEPTH_HELP = ("neuron layers including input and output, the paper's convention (default 5 = 4 weight matrices); "
              "3 to 100")


def _density_list(text: str) -> list:
    """Comma-separated distinct densities in (0, 1] or 'gt' (the planted ticket's density)."""
    out = []
    for part in cli_args.list_entries(text, "densities", distinct=True):
        if part.lower() == "gt":
            out.append("gt")
            continue
        try:
            value = float(part)
        except ValueError:
            raise argparse.ArgumentTypeError(f"density {part!r} must be a number in (0, 1] or 'gt'") from None
        if not (0.0 < value <= 1.0) or not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"density {part!r} must lie in (0, 1] (or be 'gt')")
        out.append(value)
    if len(set(out)) != len(out):
        raise argparse.ArgumentTypeError(f"{text!r} lists a density twice")
    return out


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(parser))
    ticket = sub.add_parser("ticket", help="plant a target ticket and write the network, its ticket and the target",
                            description="Plant a hand-crafted target ticket into a random mother network of the same "
                                        "depth and write FILE.npz: W{i}, b{i} (planted network), mask_W{i}, mask_b{i} "
                                        "(the ticket), scale (one per output), target_W{i}, target_b{i}; "
                                        "h_i = relu(W_i h_{i-1} + b_i), W_i of shape (n_i, n_{i-1}), last layer "
                                        "linear; ticket(x) / scale = target(x).")
    ticket.add_argument("--task", required=True, choices=TASKS, help="target ticket")
    ticket.add_argument("--depth", type=_depth, default=5, help=DEPTH_HELP)
    ticket.add_argument("--width", type=cli_args.positive_int, default=100, help="hidden width of the mother network "
                        "(default 100)")
    ticket.add_argument("--seed", type=cli_args.nonnegative_int, default=0, help="random seed (default 0)")
    ticket.add_argument("--match", choices=("l2", "l1-sign"), default="l2",
                        help="matching rule: l2 (the paper's Algorithm 1, default) or l1-sign (the public code's)")
    ticket.add_argument("--init", choices=("he_normal", "kaiming_uniform", "uniform"), default="he_normal",
                        help="mother weights (biases: product-scaled, same family): he_normal (default, the code's), "
                             "kaiming_uniform (the theory's uniform scheme, sigma = sqrt(6/n_in)), uniform (U[-1, 1])")
    ticket.add_argument("--out", metavar="FILE.npz", help="write the planted network, ticket and target")
    ticket.add_argument("--json", action="store_true", help="print one JSON object")

    run = sub.add_parser("run", help="run pruners against planted tickets (singleshot or multishot)",
                         description="Plant, prune, train and measure: one tidy row per (task, repetition, pruner, "
                                     "density), plus the planted ticket itself as a reference row and the dense row "
                                     "(the mother network trained with the same protocol: density 1). Resumable with "
                                     "--out DIR.")
    run.add_argument("--task", required=True, type=cli_args.name_set, metavar="T[,T...]", help="relu, circle, helix")
    run.add_argument("--depth", type=_depth, default=5, help=DEPTH_HELP)
    run.add_argument("--width", type=cli_args.positive_int, default=100, help="hidden width (default 100)")
    run.add_argument("--pruner", required=True, type=cli_args.name_set, metavar="NAME[,NAME...]",
                     help="random, magnitude, snip, grasp, synflow, synflow-iterative (100 rounds), edge-popup, "
                          "edge-popup-anneal")
    run.add_argument("--density", type=_density_list, default=[0.01, 0.1, 0.5, 1.0, "gt"], metavar="D[,D...]",
                     help="kept fraction of the weights, in (0, 1], or gt (the planted ticket's); "
                          "default 0.01,0.1,0.5,1,gt")
    run.add_argument("--mode", choices=("singleshot", "multishot"), default="singleshot",
                     help="singleshot: prune once, train 10 epochs; multishot: 10 x (train 5 epochs, prune to "
                          "rho^(r/10), reset), then train 10 epochs")
    run.add_argument("--reps", type=cli_args.positive_int, default=1, help="repetitions (default 1; the paper: 25 "
                     "singleshot, 10 multishot)")
    run.add_argument("--seed", type=cli_args.nonnegative_int, default=0, help="random seed (default 0)")
    run.add_argument("--epochs", type=cli_args.positive_int, default=10, help="training epochs after pruning "
                     "(default 10)")
    run.add_argument("--scope", choices=("global", "layer"), default="global", help="global (default) or per-layer "
                     "masking for the score-based pruners")
    run.add_argument("--match", choices=("l2", "l1-sign"), default="l2", help="planting rule (default l2)")
    run.add_argument("--init", choices=("he_normal", "kaiming_uniform", "uniform"), default="he_normal",
                     help="mother weights (default he_normal; biases product-scaled)")
    run.add_argument("--noise", type=cli_args.finite_float, default=0.01,
                     help="target noise (relu, helix) and label-flip probability (circle), default 0.01")
    run.add_argument("--edge-popup-outputs", choices=("raw", "planted"), default="raw",
                     help="edge-popup's loss on the raw outputs (default) or divided by the planted scales")
    run.add_argument("--no-reference", action="store_true", help="skip the planted-ticket reference rows")
    run.add_argument("--no-dense", action="store_true", help="skip the dense rows (the mother network trained)")
    run.add_argument("--out", metavar="DIR", help="results directory: one chunk per run, resumable")
    run.add_argument("--executor", choices=("processes", "local", "dask"), default="processes",
                     help="processes (default), local threads, or dask")
    run.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (default: a LocalCluster)")
    run.add_argument("--threads", type=cli_args.positive_int, default=None,
                     help="worker processes, threads or Dask workers (default: all cores)")
    run.add_argument("--json", action="store_true", help="print one JSON object: settings, rows, summary")


def run(args: argparse.Namespace) -> int:
    if args.action == "ticket":
        return _ticket(args)
    return _run(args)


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _ticket(args) -> int:

    from verify.plantnseek.planting import plant

    cli_args.check_output_file(args.out)
    planted = plant(args.task, args.width, args.depth, match=args.match, init=args.init, seed=args.seed)
    summary = planted.summary()
    hiding = planted.hiding()
    if args.out is not None:
        planted.save(args.out)
    summary["out"] = args.out
    summary["hiding"] = _clean(hiding.to_dict(orient="records"))
    if args.json:
        json.dump(_clean(summary), sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    print(f"{args.task} target, depth {summary['depth']} (neuron layers): "
          f"{'-'.join(map(str, summary['target_widths']))} planted into "
          f"{'-'.join(map(str, summary['widths']))} ({args.match} matching, {args.init} init, seed {args.seed})")
    print(f"ticket: {summary['ticket_weights']} weights, {summary['ticket_biases']} biases; ground-truth density "
          f"{summary['ground_truth_density']:.4g}")
    print(f"output scales: {', '.join(f'{s:.3g}' for s in summary['scale'])}; "
          f"max |ticket/scale - target| / max(1, |target|) = {summary['exactness']:.2g}")
    print("planted weights as percentiles of |w| among the random weights of their layer:")
    print(hiding.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    if args.out:
        print(f"saved to {args.out}")
    return 0


def _run(args) -> int:
    from verify.plantnseek.run import Settings, run_grid

    settings = Settings(depth=args.depth, width=args.width, epochs=args.epochs, scope=args.scope, match=args.match,
                        init=args.init, noise=args.noise, edge_popup_outputs=args.edge_popup_outputs,
                        reference=not args.no_reference, dense=not args.no_dense)
    cli_args.check_output_dir(args.out)
    result = run_grid(args.task, args.pruner, args.density, mode=args.mode, reps=args.reps, seed=args.seed,
                      settings=settings, out=args.out, executor=args.executor, workers=args.threads,
                      scheduler=args.scheduler, progress=True)
    summary = result.summary()
    if args.json:
        document = result.to_json()
        document["summary"] = summary.to_dict(orient="records")
        json.dump(_clean(document), sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    print(f"Plant 'n' Seek, {args.mode}, depth {args.depth} (neuron layers), width {args.width}, {args.reps} "
          f"repetition(s), seed {args.seed}: {len(result.rows)} runs in {result.seconds:.1f} s")
    print("pruned_*: the pruned network before training (strong ticket; better of raw outputs and outputs / planted "
          "scales); trained_*: after training (weak ticket); means over repetitions")
    columns = ["task", "pruner", "density_label", "achieved_density", "pruned_loss", "pruned_accuracy",
               "trained_loss", "trained_accuracy", "recall", "precision", "layer_collapse"]
    shown = summary[columns].rename(columns={"density_label": "density", "achieved_density": "kept",
                                             "layer_collapse": "collapsed"})
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.4g}", na_rep="-"))
    if args.out:
        print(f"results in {args.out} (rerun the same command to resume)")
    return 0
