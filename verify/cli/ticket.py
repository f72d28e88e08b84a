"""``slth ticket``: build a strong lottery ticket for a target (Pensia et al.'s, or another construction), or
re-verify a saved one.

    slth ticket --widths 6,8,4 --eps 0.01 --delta 0.01 [--c C | --hidden n1,n2] [--seed S] [--out FILE.npz] [--json]
    slth ticket --target TARGET.npz [--rescale] --eps 0.01 ...
    slth ticket --construction burkholz --widths 6,8,4 --eps 0.01 [--units RHO] [--activation leaky-relu]
    slth ticket --construction orseau --widths 6,8,4 --eps 0.01 [--units M] [--alpha A --beta B]
    slth ticket --construction conv --channels 1,4,4 --eps 0.01 [--units N] [--kernel 3 --image 8]
    slth ticket check FILE.npz [--json]

Exit status: 0 when the certified sup error is at most ε, 1 when it is not (the ticket is still reported and
saved), 2 for bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys

from verify.cli import args as cli_args


def configure(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--widths", type=cli_args.int_list, metavar="d0,d1,...,dl",
                        help="a random target with these layer widths (d0 inputs, ..., dl outputs), norms 1")
    source.add_argument("--target", metavar="TARGET.npz",
                        help="target matrices target_W1, target_W2, ... (d_i × d_{i-1}) in an .npz file")
    parser.add_argument("--rescale", action="store_true",
                        help="divide any target matrix of spectral norm > 1 by its norm (default: refuse it)")
    parser.add_argument("--eps", type=cli_args.probability_open, metavar="E",
                        help="accuracy: sup over the unit ball of ||f(x) - g(x)||, in (0, 1)")
    parser.add_argument("--delta", type=cli_args.probability_open, default=0.01, metavar="D",
                        help="failure probability in the width formula, in (0, 1) (default 0.01)")
    widths = parser.add_mutually_exclusive_group()
    widths.add_argument("--c", type=cli_args.positive_float, metavar="C",
                        help="constant C of the width formula pensia2020.width [recalled] (default 5)")
    widths.add_argument("--hidden", type=cli_args.int_list, metavar="n1,...,nl",
                        help="explicit hidden widths, each a multiple of the layer's input width")
    parser.add_argument("--seed", type=cli_args.nonnegative_int, default=0,
                        help="seeds the random target (with --widths), the random network and the empirical search "
                             "(default 0)")
    parser.add_argument("--samples", type=cli_args.nonnegative_int, default=4096,
                        help="sphere points for the empirical sup error (default 4096)")
    parser.add_argument("--restarts", type=cli_args.nonnegative_int, default=8,
                        help="local maximisations for the empirical sup error (default 8)")
    parser.add_argument("--out", metavar="FILE.npz", help="save the ticket (see `slth ticket check`)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    _configure_constructions(parser)
    sub = parser.add_subparsers(dest="ticket_action", metavar="[check FILE.npz]", title="optional action",
                                description="without an action, build a ticket (the options above)",
                                parser_class=type(parser))
    check = sub.add_parser("check", help="re-verify a saved ticket file on its own",
                           description="re-verify a saved ticket: structure, binary masks, recomputed errors, "
                                       "certified bound, and whether it meets the eps it claims")
    check.add_argument("file", metavar="FILE.npz")
    check.add_argument("--json", action="store_true", help="print one JSON object")


#: Default units of the constructions other than Pensia et al.'s (this project's choice; see the README).
DEFAULT_UNITS = {"burkholz": 24, "orseau": 60, "conv": 40}


def _configure_constructions(parser: argparse.ArgumentParser) -> None:
    """The options of the constructions beyond Pensia et al.'s (``--construction`` and what it takes)."""
    parser.add_argument("--construction", choices=("pensia", "burkholz", "orseau", "conv"), default="pensia",
                        help="pensia (depth 2l, the default), burkholz (depth l+1), orseau (hyperbolic weights, "
                             "depth 2l) or conv (da Cunha et al.'s random CNN)")
    parser.add_argument("--units", type=cli_args.positive_int, metavar="M",
                        help="burkholz: copies per target neuron (first layer 2M units per input); orseau: units "
                             "per input coordinate; conv: random channels per input channel (defaults "
                             + ", ".join(f"{k} {v}" for k, v in DEFAULT_UNITS.items()) + ")")
    parser.add_argument("--activation", choices=("relu", "leaky-relu"), default="relu",
                        help="burkholz: the activation of target and network (default relu)")
    parser.add_argument("--negative-slope", type=cli_args.probability_open, metavar="S",
                        help="leaky-relu's negative slope in (0, 1) (default 0.01)")
    parser.add_argument("--alpha", type=cli_args.positive_float, metavar="A",
                        help="orseau: the hyperbolic law's smallest magnitude (default sqrt(eps))")
    parser.add_argument("--beta", type=cli_args.positive_float, metavar="B",
                        help="orseau: the hyperbolic law's largest magnitude, at most 1 (default 1)")
    parser.add_argument("--channels", type=cli_args.int_list, metavar="c0,c1,...,cl",
                        help="conv: a random target CNN with these channel counts")
    parser.add_argument("--kernel", type=cli_args.positive_int, metavar="K",
                        help="conv: odd kernel side of the random target (default 3)")
    parser.add_argument("--image", type=cli_args.positive_int, metavar="H",
                        help="conv: side of the square input images (default 8)")
    parser.add_argument("--schema-version", type=int, choices=(1, 2), default=None,
                        help="ticket file schema of --out: pensia writes version 1 unless 2 is asked for; the other "
                             "constructions write version 2")


def _print(report: dict, as_json: bool, lines) -> None:
    if as_json:
        json.dump(report, sys.stdout, allow_nan=False, default=float)
        sys.stdout.write("\n")
    else:
        print("\n".join(lines))


def _describe(report: dict) -> list[str]:
    return [
        f"widths {report['widths']}, hidden {report['hidden_widths']}, eps {report['eps']:g}, "
        f"delta {report['delta']:g}, C {report['c'] if report['c'] is not None else 'explicit widths'}",
        f"sup error: certified <= {report['sup_error_certified']:.6g}, empirical >= "
        f"{report['sup_error_empirical']:.6g}; largest weight error {report['max_weight_error']:.6g}",
        f"parameters: target {report['params_target']}, random {report['params_random']} "
        f"({report['ratio_random_to_target']:.2f}x), kept {report['params_kept']} "
        f"({report['ratio_kept_to_target']:.2f}x)",
    ] + _verdict(report)


def _verdict(report: dict) -> list[str]:
    """Why the ticket is ok or not: the certified sup error against eps, per layer, and what to change."""
    eps, certified = report["eps"], report["sup_error_certified"]
    lines = []
    for rescaled in report.get("rescaled", []):
        lines.append(f"--rescale: W{rescaled['layer']} had spectral norm {rescaled['norm']:.6g}; divided by it "
                     f"(factor {rescaled['factor']:.6g})")
    if report["ok"]:
        lines.append(f"ok: the certified sup error {certified:.6g} is at most eps {eps:g}")
    else:
        lines.append(f"NOT ok: the certified sup error {certified:.6g} exceeds eps {eps:g}")
        for layer in report.get("layers", []):
            mark = "  <- exceeds eps here" if layer["propagated"] > eps and all(
                earlier["propagated"] <= eps for earlier in report["layers"][:layer["layer"] - 1]) else ""
            lines.append(f"  layer {layer['layer']}: weight error norm e = {layer['error_norm']:.3g}, Lipschitz "
                         f"L = {layer['lipschitz']:.3g}, propagated bound {layer['propagated']:.3g}{mark}")
        if report["sup_error_empirical"] > eps:
            lines.append(f"  the empirical sup error {report['sup_error_empirical']:.6g} exceeds eps too: the ticket "
                         "really misses")
        else:
            lines.append(f"  the empirical sup error {report['sup_error_empirical']:.6g} is within eps: the bound "
                         "cannot certify it")
        change = (f"a larger --c (now {report['c']:g}; wider hidden layers, more coefficients per weight)"
                  if report.get("c") is not None else "wider --hidden widths (more coefficients per weight)")
        lines.append(f"  to change: {change}, or a larger --eps")
    acting = report.get("max_weight_error_acting")
    if acting is not None and report["max_weight_error"] > certified >= acting:
        lines.append(f"note: the largest weight error {report['max_weight_error']:.6g} is above the certified sup "
                     f"error, yet cannot affect the output: it lies in the W- half of a later pair, and beyond the "
                     f"first layer the inputs are ReLU outputs h >= 0, which W- (acting only on h < 0) never sees; "
                     f"the largest error that acts is {acting:.6g}")
    return lines


def _describe_layered(report: dict) -> list[str]:
    parameters = ", ".join(f"{key} {value}" for key, value in report["parameters"].items())
    return [
        f"construction {report['construction']} ({parameters}), depth {report['depth']}, hidden "
        f"{report['hidden_widths']}, target {report['target_shapes']}, eps {report['eps']:g}, "
        f"{report['activation']['activation']}, law {report['law']['kind']}",
        f"sup error over the {report['domain']}: certified <= {report['sup_error_certified']:.6g}, empirical >= "
        f"{report['sup_error_empirical']:.6g}",
        f"parameters: target {report['params_target']}, random {report['params_random']} "
        f"({report['ratio_random_to_target']:.2f}x), kept {report['params_kept']} "
        f"({report['ratio_kept_to_target']:.2f}x)",
        "ok: the certified sup error is at most eps" if report["ok"] else "NOT ok",
    ]


def _check(args) -> int:
    from verify.tickets.check import check_ticket_file

    report = check_ticket_file(args.file)
    describe = _describe_layered if "construction" in report else _describe
    lines = [f"{args.file}:"] + describe(report) + [f"problem: {p}" for p in report["problems"]]
    _print(report, args.json, lines)
    return 0 if report["ok"] else 1


def _build(args) -> int:
    from verify.errors import InvalidInput
    from verify.tickets.construction import build_ticket, random_target
    from verify.tickets.ticketfile import load_target_file

    if args.eps is None:
        raise InvalidInput("--eps is required (the accuracy, in (0, 1))")
    cli_args.check_output_file(args.out)
    if args.construction != "pensia":
        return _build_layered(args)
    _refuse_foreign_options(args, "pensia", ("units", "negative_slope", "alpha", "beta", "channels", "kernel",
                                             "image"))
    if args.activation != "relu":
        raise InvalidInput(f"--activation {args.activation} applies to --construction burkholz only")
    if args.target is not None:
        target = load_target_file(args.target)
    elif args.widths is not None:
        target = random_target(args.widths, seed=args.seed)
    else:
        raise InvalidInput("give a target: --widths d0,d1,...,dl (random) or --target FILE.npz")
    ticket = build_ticket(target, args.eps, args.delta, c=args.c, hidden=args.hidden, seed=args.seed,
                          rescale=args.rescale, samples=args.samples, restarts=args.restarts)
    if args.out:
        if args.schema_version == 2:
            _pensia_as_layered(ticket).save(args.out)
        else:
            ticket.save(args.out)
    report = ticket.summary()
    if args.rescale:
        report["rescaled"] = _rescaled(target)
    # the weight errors that act on the output: both halves of the first pair, only W+ of the later ones
    report["max_weight_error_acting"] = float(max(
        max(float(p.max()), float(m.max())) if i == 0 else float(p.max())
        for i, (p, m) in enumerate(ticket.weight_errors())))
    if args.out:
        report["file"] = args.out
    _print(report, args.json, _describe(report) + ([f"saved to {args.out}"] if args.out else []))
    return 0 if ticket.ok else 1


def _refuse_foreign_options(args, construction: str, names) -> None:
    from verify.errors import InvalidInput

    for name in names:
        if getattr(args, name) is not None:
            raise InvalidInput(f"--{name.replace('_', '-')} does not apply to --construction {construction}")


def _pensia_as_layered(ticket):
    """A Pensia et al. ticket in the layered form of schema 2 (its certificate is the same computation)."""
    from verify.tickets.general import assess
    from verify.tickets.orseau import pair_layers, target_layers

    return assess("pensia", target_layers(ticket.target), pair_layers(ticket.random), ticket.masks, eps=ticket.eps,
                  delta=ticket.delta, seed=ticket.seed,
                  parameters={"c": ticket.c, "hidden_widths": ticket.hidden_widths},
                  law={"kind": "uniform", "low": -1.0, "high": 1.0}, samples=ticket.samples,
                  restarts=ticket.restarts)


def _build_layered(args) -> int:
    """``slth ticket --construction burkholz|orseau|conv``: build, report, save (schema 2)."""
    from verify.errors import InvalidInput
    from verify.tickets import builds, convolutional, orseau
    from verify.tickets.activations import activation
    from verify.tickets.construction import random_target
    from verify.tickets.ticketfile import load_target_file, read_ticket_arrays

    construction = args.construction
    if args.schema_version == 1:
        raise InvalidInput(f"--schema-version 1 holds Pensia et al.'s pairs only; {construction} tickets are "
                           f"written in version 2")
    if args.c is not None or args.hidden is not None:
        raise InvalidInput(f"--c and --hidden set Pensia et al.'s widths; {construction} takes --units")
    units = args.units if args.units is not None else DEFAULT_UNITS[construction]
    if construction != "burkholz":
        _refuse_foreign_options(args, construction, ("negative_slope",))
        if args.activation != "relu":
            raise InvalidInput(f"--activation {args.activation} applies to --construction burkholz only")
    if construction != "orseau":
        _refuse_foreign_options(args, construction, ("alpha", "beta"))
    common = {"seed": args.seed, "rescale": args.rescale, "samples": args.samples, "restarts": args.restarts}
    if construction == "conv":
        if args.widths is not None:
            raise InvalidInput("--construction conv takes --channels c0,c1,... (or --target), not --widths")
        if args.target is not None:
            arrays = read_ticket_arrays(args.target, what="target file")
            kernels = []
            while f"target_K{len(kernels) + 1}" in arrays:
                kernels.append(arrays[f"target_K{len(kernels) + 1}"])
            if not kernels:
                raise InvalidInput(f"{args.target}: no target kernels (entries target_K1, target_K2, ...)")
            _refuse_foreign_options(args, construction, ("kernel",))
        elif args.channels is not None:
            kernels = convolutional.random_kernels(args.channels, 3 if args.kernel is None else args.kernel,
                                                   seed=args.seed)
        else:
            raise InvalidInput("give a target: --channels c0,c1,... (random) or --target FILE.npz")
        ticket = builds.conv_ticket(kernels, args.eps, args.delta, units=units,
                                     image=8 if args.image is None else args.image, **common)
    else:
        _refuse_foreign_options(args, construction, ("channels", "kernel", "image"))
        if args.target is not None:
            target = load_target_file(args.target)
        elif args.widths is not None:
            target = random_target(args.widths, seed=args.seed)
        else:
            raise InvalidInput("give a target: --widths d0,d1,...,dl (random) or --target FILE.npz")
        if construction == "burkholz":
            act = activation(args.activation, args.negative_slope)
            ticket = builds.burkholz_ticket(target, args.eps, args.delta, copies=units, act=act, **common)
        else:
            alpha = args.alpha if args.alpha is not None else orseau.default_alpha(args.eps)
            beta = args.beta if args.beta is not None else orseau.DEFAULT_BETA
            ticket = builds.orseau_ticket(target, args.eps, args.delta, units=units, alpha=alpha, beta=beta, **common)
    if args.out:
        ticket.save(args.out)
    report = ticket.summary()
    if args.out:
        report["file"] = args.out
    _print(report, args.json, _describe_layered(report) + ([f"saved to {args.out}"] if args.out else []))
    return 0 if ticket.ok else 1


def _rescaled(target) -> list[dict]:
    """The matrices ``--rescale`` divided by their spectral norm (those of norm above 1), with the factor."""
    import numpy as np

    from verify.tickets.sup_error import NORM_TOLERANCE

    out = []
    for i, w in enumerate(target, start=1):
        norm = float(np.linalg.norm(np.asarray(w, dtype=float), 2))
        if norm > 1.0 + NORM_TOLERANCE:
            out.append({"layer": i, "norm": norm, "factor": 1.0 / norm})
    return out


def run(args: argparse.Namespace) -> int:
    if args.ticket_action == "check":
        return _check(args)
    return _build(args)
