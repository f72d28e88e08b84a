"""The ``slth`` command line.

Every subcommand lives in its own module ``verify.cli.<name>`` exposing ``configure(parser)`` (argparse only, so
building the parser stays import-light) and ``run(args) -> int`` (which imports the heavy machinery it needs).
Bad input, whether caught by argparse or raised as :class:`verify.errors.InvalidInput` from the library, becomes one
line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from verify import __version__
from verify.errors import InvalidInput

# name -> (module, one-line help).  Modules are imported lazily, only to configure and run their own subcommand.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "rss": ("verify.cli.rss", "random subset sum: exact whole-interval coverage Monte Carlo"),
    "rss-integers": ("verify.cli.rss_integers", "integer subset sums, exactly: perfect partitions, quantized targets"),
    "bounds": ("verify.cli.bounds", "the catalog of published bounds (list, show, eval, compare)"),
    "train": ("verify.cli.train", "train a numpy network on digits or a Plant 'n' Seek task"),
    "ticket": ("verify.cli.ticket", "build (or check) a Pensia et al. strong lottery ticket"),
    "approx": ("verify.cli.approx", "Pensia et al.'s Experiment 1: subset-sum approximation of a trained network"),
    "plant": ("verify.cli.plant", "Plant 'n' Seek: plant a ticket, run pruners against it"),
    "lth": ("verify.cli.lth", "lottery ticket hypothesis: iterative magnitude pruning with reset"),
    "figures": ("verify.cli.figures", "regenerate the figures"),
    "paper": ("verify.cli.paper", "regenerate the reproduction write-up"),
    "claims": ("verify.cli.claims", "the claims registry: list, show a rule and its history, judge stored results"),
    "bench": ("verify.cli.bench", "benchmarks (rss, train, approx, plant, lth)"),
}


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2 (no usage dump)."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())}\n")


class _GivenOnce:
    """Mixed into every option's action: a second occurrence of the option is refused instead of silently replacing
    the first (``--eps 0.1 --eps 0.05``).  The record of what was given lives in the namespace being filled, so each
    parse starts afresh."""

    def __call__(self, parser, namespace, values, option_string=None):
        seen = namespace.__dict__.setdefault("_options_given", set())
        if id(self) in seen:
            shown = "/".join(self.option_strings)
            parser.error(f"{shown} is given twice; give it once"
                         + (" (several values go in one comma-separated list)" if self.nargs is None else ""))
        seen.add(id(self))
        super().__call__(parser, namespace, values, option_string)


_ONCE_CLASSES: dict[type, type] = {}


def refuse_repeated_options(parser: argparse.ArgumentParser) -> None:
    """Make every option of ``parser`` and of its subcommands refuse a second occurrence (``--help`` and
    ``--version`` excepted: they exit at once)."""
    for action in parser._actions:  # argparse keeps a parser's actions here; there is no public accessor
        if isinstance(action, argparse._SubParsersAction):
            for subparser in dict.fromkeys(action.choices.values()):
                refuse_repeated_options(subparser)
        elif action.option_strings and not isinstance(action, (argparse._HelpAction, argparse._VersionAction,
                                                                 _GivenOnce)):
            cls = type(action)
            if cls not in _ONCE_CLASSES:
                _ONCE_CLASSES[cls] = type(f"Once{cls.__name__}", (_GivenOnce, cls), {})
            action.__class__ = _ONCE_CLASSES[cls]


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="slth",
        description="slth-verify: check the theory of strong lottery tickets against measurement.",
    )
    parser.add_argument("--version", action="version", version=f"slth-verify {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)  # a subcommand that fails to import is a bug: let it show
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.configure(command_parser)
        command_parser.set_defaults(_module=module_name, _prog=command_parser.prog)
    refuse_repeated_options(parser)
    return parser


def _is_negative_number(token: str) -> bool:
    """``-1``, ``-.5``, ``-1e-3``, ``-inf``, ``-nan`` or a comma list starting with one (``-1,1``)."""
    if token[:1] != "-" or token[:2] == "--":
        return False
    try:
        float(token.split(",")[0])
    except ValueError:
        return False
    return True


def _attach_negative_values(argv: list[str]) -> list[str]:
    """Let ``--interval -1,1`` mean ``--interval=-1,1`` and ``--eps -inf`` mean ``--eps=-inf`` (argparse would read a
    negative number as an option and say "expected one argument"); the value is then judged like any other."""
    out: list[str] = []
    for token in argv:
        if out and out[-1].startswith("--") and "=" not in out[-1] and _is_negative_number(token):
            out[-1] = f"{out[-1]}={token}"
        else:
            out.append(token)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = _attach_negative_values(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if args.command is None:
        print(f"usage: slth COMMAND ... ({', '.join(SUBCOMMANDS)}); slth --help lists them, slth COMMAND --help "
              "explains one", file=sys.stderr)
        return 2
    module = importlib.import_module(args._module)
    try:
        return int(module.run(args) or 0)
    except InvalidInput as error:
        print(f"{args._prog}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `slth bounds list | head`: the reader left; not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # a file system refusal that the checks made before the work could not foresee
        where = f" {error.filename!r}" if error.filename else ""
        print(f"{args._prog}: error: cannot use{where}: {error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{args._prog}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
