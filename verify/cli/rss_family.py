"""The random-subset-sum family options of ``slth rss``: fixed-size subsets, vectors, sparse sources.

``--subset-size K`` (Natale et al. 2024: only sums of exactly K samples count; default interval [−√K, √K];
``--targets T`` adds the fixed-target event at T evenly spaced targets), ``--dim D`` (Becchetti et al. 2022: D-vectors
with i.i.d. coordinates of the law, coverage of [a, b]^D in the max norm, exact for D ≤ 2 and a certified bracket for
D = 3; ``--resolution``, ``--max-sums``) and ``--keep P`` (Gadhikar et al. 2023: every sample kept with probability P,
replaced by 0 otherwise).  Without them ``slth rss`` is the unrestricted engine, unchanged; with them the JSON object
keeps its keys and adds ``subset_size``, ``dim`` and ``keep``.
"""

from __future__ import annotations

import argparse
import json
import sys

from verify.cli import args as cli_args


def configure(parser: argparse.ArgumentParser) -> None:
    family = parser.add_argument_group("the random subset sum family")
    family.add_argument("--subset-size", type=cli_args.positive_int, default=None, metavar="K",
                        help="only subsets of exactly K samples (Natale et al. 2024); default interval "
                             "-sqrt(K),sqrt(K)")
    family.add_argument("--targets", type=cli_args.nonnegative_int, default=None, metavar="T",
                        help="with --subset-size: the fixed-target event at T evenly spaced targets of the interval")
    family.add_argument("--dim", type=cli_args.positive_int, default=None, metavar="D",
                        help="vectors of dimension D = 1, 2, 3 (i.i.d. coordinates of the law), coverage of the cube "
                             "in the max norm (Becchetti et al. 2022)")
    family.add_argument("--resolution", type=cli_args.positive_int, default=None, metavar="R",
                        help="with --dim: grid cells per eps of the outer and inner tests (default 4)")
    family.add_argument("--max-sums", type=cli_args.positive_int, default=None, metavar="N",
                        help="with --dim: the most partial sums kept per path (default 2097152); a path needing more "
                             "is reported unresolved, never approximated")
    family.add_argument("--keep", type=cli_args.finite_float, default=None, metavar="P",
                        help="sparse source: each sample kept with probability P in (0, 1], else 0 "
                             "(Gadhikar et al. 2023)")


def wanted(args: argparse.Namespace) -> bool:
    """Whether a family option was given (otherwise the unrestricted engine runs as before)."""
    return any(getattr(args, name, None) is not None for name in ("subset_size", "targets", "dim", "resolution",
                                                                  "max_sums", "keep"))


def run(args: argparse.Namespace) -> int:
    from verify.errors import InvalidInput
    from verify.subsetsum.laws import parse_law
    from verify.subsetsum.montecarlo import load_samples_file

    cli_args.check_output_dir(args.out)
    dim = 1 if args.dim is None else args.dim
    if args.targets is not None and args.subset_size is None:
        raise InvalidInput("--targets needs --subset-size (the fixed-target event of fixed-size subsets)")
    if (args.resolution is not None or args.max_sums is not None) and dim < 2:
        raise InvalidInput("--resolution and --max-sums need --dim 2 or 3")
    if args.subset_size is not None and dim > 1:
        raise InvalidInput("--subset-size cannot be combined with --dim > 1 (fixed-size subsets of vectors are not "
                           "implemented)")
    if dim > 1 and args.eps_max is not None:
        raise InvalidInput("--eps-max cannot be combined with --dim > 1 (vectors are decided at each eps, no worst "
                           "error is resolved)")
    keep = 1.0 if args.keep is None else args.keep
    if args.samples is not None:
        if dim > 1:
            raise InvalidInput("--samples cannot be combined with --dim > 1 (the file holds scalar paths)")
        for option, value in (("--trials", args.trials), ("--n-max", args.n_max), ("--seed", args.seed)):
            if value is not None:
                raise InvalidInput(f"{option} cannot be combined with --samples (the file fixes the paths)")
        samples, law = load_samples_file(args.samples), None
    else:
        samples, law = None, parse_law("uniform" if args.law is None else args.law)
    common = dict(seed=0 if args.seed is None else args.seed, samples=samples, chunk_size=args.chunk_size,
                  executor=args.executor, threads=args.threads, scheduler=args.scheduler, out=args.out,
                  memory_limit=args.memory_limit, progress=True, keep=keep)
    trials, n_max = args.trials or 1000, args.n_max or 40
    if args.subset_size is not None:
        from verify.subsetsum.fixed_size_run import fixed_size_coverage

        result = fixed_size_coverage(law, args.eps, subset_size=args.subset_size, trials=trials, n_max=n_max,
                                     interval=args.interval, targets=args.targets or 0, eps_max=args.eps_max,
                                     **common)
    elif dim > 1:
        from verify.subsetsum.multidim_run import cube_coverage

        if samples is not None:  # pragma: no cover - refused above
            raise InvalidInput("--samples cannot be combined with --dim > 1")
        common.pop("samples")
        result = cube_coverage(law, args.eps, dim=dim, trials=trials, n_max=n_max,
                               interval=args.interval or (-1.0, 1.0), resolution=args.resolution or 4,
                               capacity=args.max_sums, **common)
    else:
        from verify.subsetsum.montecarlo import coverage

        result = coverage(law, args.eps, trials=trials, n_max=n_max, interval=args.interval or (-1.0, 1.0),
                          eps_max=args.eps_max, **common)
    if args.json:
        document = result.to_json(delta=args.delta, confidence=args.confidence, per_trial=args.per_trial)
        if args.samples is not None:
            document["samples_file"] = args.samples
        json.dump(document, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(result.format(delta=args.delta, confidence=args.confidence))
    return 0
