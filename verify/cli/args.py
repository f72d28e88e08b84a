"""Parsers for command-line values: each refuses bad text with a message naming the value and what is allowed.

These are argparse ``type=`` callables; argparse turns the ``ArgumentTypeError`` into one line and exit status 2.
Only numbers and known names are ever parsed: no user text reaches ``eval`` or ``sympify``.
"""

from __future__ import annotations

import argparse
import math


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} {text!r} is not a number") from None
    return value


def finite_float(text: str) -> float:
    value = _number(text, "value")
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"value {text!r} must be a finite number")
    return value


def positive_float(text: str) -> float:
    value = finite_float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"value {text!r} must be > 0")
    return value


def probability_open(text: str) -> float:
    value = finite_float(text)
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"value {text!r} must lie strictly between 0 and 1")
    return value


def _integer_at_least(text: str, low: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"value {text!r} is not an integer") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"value {text!r} must be an integer >= {low}")
    return value


def positive_int(text: str) -> int:
    return _integer_at_least(text, 1)


def nonnegative_int(text: str) -> int:
    return _integer_at_least(text, 0)


def list_entries(text: str, what: str = "entries", *, distinct: bool = False) -> list[str]:
    """The comma-separated entries of ``text``, stripped; an empty list or entry is refused, and with ``distinct`` a
    repeated entry (the one list parser behind every list option: numbers, integers and names)."""
    parts = [p.strip() for p in text.split(",")]
    if not text.strip() or any(p == "" for p in parts):
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of {what} (an entry is empty)")
    if distinct:
        repeated = sorted({p for p in parts if parts.count(p) > 1})
        if repeated:
            raise argparse.ArgumentTypeError(f"{text!r} lists {repeated[0]!r} twice; give each entry once")
    return parts


def float_list(text: str) -> list[float]:
    """Comma-separated numbers, e.g. ``0.2,0.2,0.1`` (a sequence: repeats allowed).  Range checks belong to the
    library."""
    return [_number(p, "list entry") for p in list_entries(text, "numbers")]


def float_set(text: str) -> list[float]:
    """Comma-separated distinct numbers, e.g. accuracies ``1e-2,1e-3`` (a value twice is refused)."""
    values = float_list(text)
    if len(set(values)) != len(values):
        raise argparse.ArgumentTypeError(f"{text!r} lists a value twice; give each value once")
    return values


def int_list(text: str) -> list[int]:
    """Comma-separated integers, e.g. widths ``6,8,4`` (a sequence: repeats allowed)."""
    out = []
    for p in list_entries(text, "integers"):
        try:
            out.append(int(p))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of integers") from None
    return out


def name_set(text: str) -> list[str]:
    """Comma-separated distinct names, e.g. ``synflow,snip`` (an empty entry or a name twice is refused)."""
    return list_entries(text, "names", distinct=True)


def interval(text: str) -> tuple[float, float]:
    """``a,b`` with finite a < b."""
    values = float_list(text)
    if len(values) != 2:
        raise argparse.ArgumentTypeError(f"interval {text!r} must be two numbers a,b")
    a, b = values
    if not (math.isfinite(a) and math.isfinite(b)) or not a < b:
        raise argparse.ArgumentTypeError(f"interval {text!r} must be finite numbers with a < b")
    return a, b


def byte_size(text: str) -> int:
    """A size such as ``512MB``, ``8GB``, ``1.5GiB`` or a plain number of bytes (:func:`verify.memory.parse_size`)."""
    from verify.errors import InvalidInput
    from verify.memory import parse_size

    try:
        return parse_size(text)
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_profile_option(parser: argparse.ArgumentParser) -> None:
    """``--quick`` (and the hidden ``--profile mini|quick|full``) for the commands that build figures; default full."""
    profile = parser.add_mutually_exclusive_group()
    profile.add_argument("--quick", action="store_const", const="quick", dest="profile",
                         help="quick profile (a few minutes on 2 cores); default is the paper-grade profile")
    profile.add_argument("--profile", choices=("mini", "quick", "full"), dest="profile", help=argparse.SUPPRESS)
    parser.set_defaults(profile="full")


def check_output_file(path: str | None, option: str = "--out") -> None:
    """Refuse, before any work, an output file that cannot be written: empty, a directory, or in a directory that
    does not exist (or is a file, or is not writable)."""
    import os
    from pathlib import Path

    from verify.errors import InvalidInput

    if path is None:
        return
    if not str(path).strip():
        raise InvalidInput(f"{option} is empty; give a file name such as out.npz")
    target = Path(path)
    if target.is_dir():
        raise InvalidInput(f"{option} {path!r} is a directory; give a file name such as out.npz")
    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise InvalidInput(f"{option} {path!r}: {str(parent)!r} is a file, not a directory")
    if not parent.is_dir():
        raise InvalidInput(f"{option} {path!r}: directory {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InvalidInput(f"{option} {path!r}: directory {str(parent)!r} is not writable")


def check_output_dir(path: str | None, option: str = "--out") -> None:
    """Refuse, before any work, an output directory that cannot be made: empty, an existing file, below a file, or
    below a directory that is not writable."""
    import os
    from pathlib import Path

    from verify.errors import InvalidInput

    if path is None:
        return
    if not str(path).strip():
        raise InvalidInput(f"{option} is empty; give a directory")
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InvalidInput(f"{option} {path!r} exists and is not a directory")
    ancestor = target
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise InvalidInput(f"{option} {path!r}: {str(ancestor)!r} is a file, not a directory")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InvalidInput(f"{option} {path!r}: {str(ancestor)!r} is not writable")


def executor_name(text: str) -> str:
    """An executor of :data:`verify.executors.EXECUTORS` (``threads``, ``processes``, ``dask``; ``local`` is read as
    ``threads``), returned in its canonical spelling."""
    from verify.errors import InvalidInput
    from verify.executors import check_executor_name

    try:
        return check_executor_name(text)
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_executor_options(parser: argparse.ArgumentParser, default: str | None, *, threads: bool = False) -> None:
    """``--executor threads|processes|dask`` and ``--scheduler ADDR``, the one pair every command that runs a
    campaign shares (:mod:`verify.executors`; ``default=None``: each campaign keeps its own).  ``threads=True`` also
    adds ``--threads N`` (for commands that do not have it already).  The address is checked by
    :func:`verify.executors.check_scheduler` before anything runs, and needs ``--executor dask``."""
    own = "each campaign's own" if default is None else default
    parser.add_argument("--executor", type=executor_name, default=default, metavar="threads|processes|dask",
                        help=f"where the work runs (default {own}; local = threads); the numbers are the same")
    parser.add_argument("--scheduler", metavar="ADDR",
                        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default with --executor dask: a "
                             "LocalCluster of --threads processes)")
    if threads:
        parser.add_argument("--threads", type=positive_int, default=None,
                            help="worker threads, processes or Dask workers (default: all cores)")
