"""What the symbolic and the numeric comparison of two bounds share (:mod:`bounds.comparison` and
:mod:`bounds.numeric_comparison` both import it; neither imports the other's internals).

* :func:`check_names`: the names given for a pair of bounds (the variable compared along, fixed values, constants);
* :func:`is_square`: whether a bound with ``d_in``/``d_out`` is taken with square layers, :math:`d_{in} = d_{out} =
  d`, when compared along (or at a value of) ``d``;
* :func:`inside`: which points of a grid lie in a bound's domain;
* :func:`crossover_line`: the summary line of the crossovers;
* :func:`exact` and :func:`format_at`: a user's number as an exact rational, and fixed values as text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from bounds import _numeric
from bounds.bound import Bound
from bounds.errors import BoundsInputError
from bounds.symbols import VARIABLES

__all__ = ["check_names", "crossover_line", "exact", "format_at", "inside", "is_square", "names_of"]


def names_of(b: Bound) -> set[str]:
    """The variables of ``b``, plus ``d`` when it has ``d_in`` and ``d_out`` (square layers)."""
    names = set(b.variables)
    if {"d_in", "d_out"} <= names and "d" not in names:
        names.add("d")
    return names


def is_square(b: Bound, var: str, at: Mapping[str, Any]) -> bool:
    """Whether ``b`` (with ``d_in`` and ``d_out``, no ``d``) is taken with square layers: compared along ``d`` or at a
    given ``d``."""
    return "d" not in b.variables and {"d_in", "d_out"} <= set(b.variables) and (var == "d" or "d" in at)


def check_names(b1: Bound, b2: Bound, var: str, at: Mapping[str, Any], constants: Mapping[str, Any]) -> None:
    """Raise :class:`BoundsInputError` unless both bounds have ``var``, every name of ``at`` belongs to one of them
    with a finite number, and every constant (``C`` for all, ``id:C`` for one) belongs to one of them and is > 0."""
    for b in (b1, b2):
        if var not in names_of(b):
            raise BoundsInputError(f"{b.id} has no variable {var!r}; its variables: {', '.join(b.variables)}")
    for name, value in at.items():
        if name == var:
            raise BoundsInputError(f"{var} is the variable compared along; do not fix it in at")
        if not any(name in names_of(b) for b in (b1, b2)):
            raise BoundsInputError(f"unknown name {name!r}: neither {b1.id} nor {b2.id} has it "
                                   f"(their variables: {', '.join(sorted(names_of(b1) | names_of(b2)))})")
        if isinstance(value, (str, bytes, sp.Basic)) or not isinstance(value, (int, float, np.number)) \
                or not math.isfinite(float(value)):
            raise BoundsInputError(f"{name} = {value!r} must be a finite number")
    for key, value in constants.items():
        ident, _, name = key.rpartition(":")
        owners = [b for b in (b1, b2) if (not ident or b.id == ident) and name in b.constant_names]
        if not owners:
            raise BoundsInputError(f"unknown constant {key!r}: constants are {_constant_list(b1, b2)}")
        if isinstance(value, (str, bytes, sp.Basic)) or not math.isfinite(float(value)) or float(value) <= 0:
            raise BoundsInputError(f"constant {key} = {value!r} must be a finite number > 0")


def _constant_list(b1: Bound, b2: Bound) -> str:
    out = [f"{b.id}:{c}" for b in (b1, b2) for c in b.constant_names]
    return ", ".join(out) or "none"


def inside(b: Bound, var: str, at: Mapping[str, Any], grid: np.ndarray) -> np.ndarray:
    """Which grid points lie in ``b``'s domain (conditions involving only var and fixed variables)."""
    names = {var: grid, **{k: np.float64(v) for k, v in at.items()}}
    if "d" in names and "d" not in b.variables:
        names.update({"d_in": names["d"], "d_out": names["d"]})
    env = {VARIABLES[k].symbol: v for k, v in names.items() if k in VARIABLES}
    keep = np.ones(grid.shape, dtype=bool)
    for condition in b.domain:
        free = condition.free_symbols
        if not free <= set(env):
            continue
        args = sorted(free, key=str)
        fn = _numeric.compile_expr(condition, tuple(args))
        keep &= np.broadcast_to(np.asarray(fn(*[env[a] for a in args])), grid.shape)
    return keep


def crossover_line(var: str, lo: float, hi: float, found: Sequence[tuple[float, str]], larger_at_start: str) -> str:
    """The crossover summary shared by the symbolic and numeric comparisons."""
    shown = ", ".join(f"{x:.6g} ({larger} larger after)" for x, larger in found) or "none"
    return f"  crossovers for {lo:g} ≤ {var} ≤ {hi:g}: {shown}; {larger_at_start} is larger at {lo:g}"


def exact(value: float) -> sp.Expr:
    """A user's number as an exact rational (0.01 -> 1/100), so symbolic limits stay exact."""
    return sp.Rational(repr(float(value)))


def format_at(values: Mapping[str, float]) -> str:
    """Fixed values as ``name=value, ...``."""
    return ", ".join(f"{k}={v:g}" for k, v in values.items())
