"""One set of parameter checks for every public function: each names the value and says what is allowed.

In the style of scikit-learn's ``Interval`` and ``StrOptions`` constraints (``sklearn/utils/_param_validation.py``):
a public function states the range of each argument once, by calling one of

* :func:`check_int` — an integer (``bool`` excluded) in ``[low, high]``;
* :func:`check_real` — a finite real number in an interval whose ends may be open or closed;
* :func:`check_unit_interval` — a real number in (0, 1), [0, 1), (0, 1] or [0, 1];
* :func:`check_choice` — one of a fixed set of names;
* :func:`as_float_matrix` — a non-empty, finite, numeric 2-D array, as a fresh float64 copy;
* :func:`check_derived` — a quantity computed from valid inputs (a length, a ratio, a product) that must itself be a
  finite float64 number: finite inputs can still overflow (``1e308 - (-1e308)``) or underflow into a division by
  zero, and every such intermediate is checked where it is computed, naming the inputs it came from;

and each raises :class:`verify.errors.InvalidInput` with one line: ``"<name> <value> must be <what is allowed>"``.
The command line prints that line and exits with status 2.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from verify.errors import InvalidInput

__all__ = ["MAX_COUNT", "as_float_matrix", "check_choice", "check_derived", "check_int", "check_real",
           "check_unit_interval", "describe_interval"]


#: The largest count (trials, samples, prefixes, widths) any function accepts: the int64 range that array indices
#: live in.  Counts that large are refused long before by the memory guard; this bound only keeps every size a
#: number that float64 and int64 arithmetic can hold.
MAX_COUNT = 2**62


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_int(name: str, value, low: int | None = None, high: int | None = None, *, hint: str = "") -> int:
    """``value`` as an ``int`` if it is an integer with low ≤ value ≤ high (``None``: no bound on that side);
    ``hint`` is added to the message in parentheses (what the number counts)."""
    if not _is_int(value) or (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            allowed = f"an integer from {low} to {high}"
        elif low is not None:
            allowed = f"an integer >= {low}"
        elif high is not None:
            allowed = f"an integer <= {high}"
        else:
            allowed = "an integer"
        raise InvalidInput(f"{name} {value!r} must be {allowed}" + (f" ({hint})" if hint else ""))
    return int(value)


def describe_interval(low: float | None, high: float | None, low_open: bool = False, high_open: bool = False) -> str:
    """The words for an interval of reals: ``"> 0"``, ``"in [0, 1)"``, ``"strictly between 0 and 1"``, ...
    (``""`` for the whole real line)."""
    if low is None and high is None:
        return ""
    if high is None:
        return f"{'>' if low_open else '>='} {low:g}"
    if low is None:
        return f"{'<' if high_open else '<='} {high:g}"
    if low_open and high_open:
        return f"strictly between {low:g} and {high:g}"
    return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def check_real(name: str, value, low: float | None = None, high: float | None = None, *, low_open: bool = False,
               high_open: bool = False) -> float:
    """``value`` as a ``float`` if it is a finite real number in the interval (``None``: unbounded on that side;
    ``low_open``/``high_open``: the end itself excluded).  Integers are accepted, ``bool`` and NaN are not."""
    valid = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    number = float(value) if valid else math.nan
    if valid and not math.isfinite(number):
        valid = False
    if valid and low is not None and (number <= low if low_open else number < low):
        valid = False
    if valid and high is not None and (number >= high if high_open else number > high):
        valid = False
    if not valid:
        allowed = describe_interval(low, high, low_open, high_open)
        raise InvalidInput(f"{name} {value!r} must be a finite number" + (f" {allowed}" if allowed else ""))
    return number


def check_unit_interval(name: str, value, *, low_open: bool = True, high_open: bool = True) -> float:
    """A real number in the unit interval; by default the open interval (0, 1) (a probability that is neither
    impossible nor certain)."""
    return check_real(name, value, 0.0, 1.0, low_open=low_open, high_open=high_open)


def check_choice(name: str, value, choices: Iterable[str]) -> str:
    """``value`` if it is one of ``choices`` (compared as given: names are case-sensitive)."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        raise InvalidInput(f"{name} {value!r} is not known; allowed: {', '.join(choices)}")
    return value


def as_float_matrix(value, name: str, shape_hint: str = "") -> np.ndarray:
    """A non-empty, finite, numeric 2-D array as a fresh C-contiguous float64 copy; otherwise one clear line naming
    ``name`` (``shape_hint`` adds what shape was expected)."""
    array = np.asarray(value)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
        raise InvalidInput(f"{name} must be a numeric matrix, got dtype {array.dtype}")
    if array.ndim != 2 or 0 in array.shape:
        raise InvalidInput(f"{name} must be a non-empty matrix{shape_hint}, got shape {array.shape}")
    array = np.array(array, dtype=np.float64, order="C")
    if not np.all(np.isfinite(array)):
        raise InvalidInput(f"{name} contains NaN or infinite values; all entries must be finite")
    return array


def format_count(value: int) -> str:
    """An integer for a message: ``12,345`` (or ``5.5e+306`` once it has more than 15 digits)."""
    return f"{value:,}" if abs(value) < 10**15 else f"{float(value):.3g}"


def format_confidence(confidence: float) -> str:
    """A confidence level as every display of the project writes it: a percentage with up to four significant
    digits and no trailing zeros (0.95 -> ``95%``, 0.9375 -> ``93.75%``, 0.999 -> ``99.9%``); 1 is ``exact``."""
    confidence = float(confidence)
    if confidence >= 1.0:
        return "exact"
    digits = 4
    while f"{100.0 * confidence:.{digits}g}" == "100" and digits < 17:  # 0.99999 is not "100%"
        digits += 1
    return f"{100.0 * confidence:.{digits}g}%"


def check_derived(what: str, compute, given: str) -> float:
    """``compute()`` as a float if it is finite; otherwise one line: ``"<given>: <what> is not a finite float64
    number (it is inf)"``.  ``compute`` is a callable so that an :class:`OverflowError` of the arithmetic itself (a
    huge integer times a float) is caught here too."""
    try:
        with np.errstate(all="ignore"):
            value = float(compute())
    except (OverflowError, ZeroDivisionError):
        value = math.inf
    if not math.isfinite(value):
        raise InvalidInput(f"{given}: {what} is {value:g}, beyond the float64 range (|x| <= 1.8e308); use values "
                           "whose derived quantities stay finite")
    return value
