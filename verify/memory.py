"""The memory guard: a size that comes from the user or from a file is estimated before anything is allocated.

Every public function whose allocations grow with its arguments (trial counts, path lengths, layer widths, sample
counts, the declared shapes of a file's arrays) states a closed-form estimate of the bytes it will hold at its peak
and calls :func:`require` with it *before* allocating: above the limit it refuses with one line that says how much it
would need, what the estimate is made of, and what the limit is.  An estimate never walks the data (it is a formula in
the sizes), so even an absurd request (10⁹ trials, a width of 3·10⁸) is refused at once.

The limit is ``--memory-limit`` where a command has it, else the environment variable ``SLTH_MEMORY_LIMIT`` (bytes,
or a size such as ``8GB``), else half of the machine's physical memory.  A limit above the physical memory is refused:
the guard exists to turn an allocation that would fail (or swap the machine to a halt) into a clear refusal, and a
limit the machine cannot honour would defeat it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable

from verify.errors import InvalidInput

__all__ = ["check_limit", "default_limit", "format_bytes", "parse_size", "physical_memory", "require"]

_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "PB": 10**15,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40, "PIB": 2**50}


def physical_memory() -> int:
    """The machine's physical memory in bytes (8 GiB where the system does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return 8 * 2**30


def format_bytes(size: float) -> str:
    """A byte count for people: ``512 B``, ``1.00 KiB``, ``3.26 GiB``, ``14.6 TiB`` (never ``0.00 GiB``)."""
    if not math.isfinite(size):
        return "more than any machine has"
    size = max(float(size), 0.0)
    for unit, scale in (("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            value = size / scale
            return f"{value:.3g} {unit}" if value < 1000 or unit == "PiB" else f"{value:,.0f} {unit}"
    return f"{int(size)} B"


def parse_size(text: str, what: str = "size") -> int:
    """``512MB``, ``8GB``, ``1.5GiB`` or a plain number of bytes, as an integer >= 1; otherwise one line."""
    stripped = str(text).strip().upper()
    number = stripped.rstrip("KMGTPIB")
    unit = stripped[len(number):]
    try:
        value = float(number)
    except ValueError:
        raise InvalidInput(f"{what} {text!r} is not a number with an optional unit (e.g. 8GB)") from None
    if unit not in _UNITS or not math.isfinite(value) or value * _UNITS[unit] < 1:
        raise InvalidInput(f"{what} {text!r} must be at least 1 byte, with unit B, KB, MB, GB, TB, KiB, MiB, GiB "
                           "or TiB")
    return int(value * _UNITS[unit])


def check_limit(limit, what: str = "--memory-limit") -> int:
    """A memory limit in bytes: an integer from 1 to the physical memory (refused above it, with both sizes)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidInput(f"{what} {limit!r} must be a positive number of bytes")
    physical = physical_memory()
    if limit > physical:
        raise InvalidInput(f"{what} {format_bytes(limit)} is above this machine's physical memory "
                           f"({format_bytes(physical)}); allowed: at most {format_bytes(physical)}")
    return int(limit)


def default_limit() -> int:
    """``SLTH_MEMORY_LIMIT`` if set (checked like ``--memory-limit``), else half of the physical memory."""
    text = os.environ.get("SLTH_MEMORY_LIMIT")
    if text is not None:
        return check_limit(parse_size(text, "SLTH_MEMORY_LIMIT"), "SLTH_MEMORY_LIMIT")
    return physical_memory() // 2


def _as_float(size) -> float:
    try:
        return float(size)
    except OverflowError:  # an exact integer product beyond float64: more than any machine has
        return math.inf


def require(what: str, parts: Iterable[tuple[str, float]], limit: int | None = None, advice: str = "") -> int:
    """Refuse, before allocating, a computation whose estimated peak exceeds the limit; return the estimate.

    ``parts`` lists (description, bytes) of the estimate (closed-form in the sizes; floats are allowed so that an
    astronomically large product cannot overflow).  The refusal names ``what``, the total, its largest parts, the
    limit and the ``advice``.
    """
    parts = [(label, _as_float(size)) for label, size in parts]
    total = sum(size for _, size in parts)
    limit = default_limit() if limit is None else limit
    if total > limit:
        largest = sorted(parts, key=lambda part: -part[1])[:3]
        breakdown = "; ".join(f"{label}: {format_bytes(size)}" for label, size in largest if size > 0)
        raise InvalidInput(f"{what} would need {format_bytes(total)} of memory ({breakdown}), above the memory "
                           f"limit of {format_bytes(limit)}" + (f"; {advice}" if advice else ""))
    return int(total)
