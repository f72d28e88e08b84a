"""Checking the values given to a bound: numbers, names, the constants' values and their origins, and the domain.

Every check raises :class:`~bounds.errors.BoundsInputError` with a one-line message naming the offending value and
what is allowed.  A constant's value comes, in this order, from the caller (``given``), from a measurement attached
with :meth:`~bounds.bound.Bound.with_empirical` (``empirical``), from the source (``source``), or from its definition
in other constants (``derived``, e.g. :math:`c_{amp} = 8 c_{hyp} / c_{thm}`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy as sp

from bounds import _numeric
from bounds.errors import BoundsInputError
from bounds.parts import Constant, Empirical
from bounds.symbols import VARIABLES, name_of

__all__ = ["as_array", "as_scalar", "check_domain", "condition_text", "first", "format_values", "resolve_constants",
           "unknown_name_message"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def as_array(value: Any, name: str) -> np.ndarray:
    """``value`` as a float64 array of finite numbers (strings and sympy objects are refused)."""
    if isinstance(value, (str, bytes)) or isinstance(value, sp.Basic):
        raise BoundsInputError(f"{name} = {value!r} is not a number")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise BoundsInputError(f"{name} = {value!r} is not a number or an array of numbers") from None
    if not np.all(np.isfinite(array)):
        raise BoundsInputError(f"{name} = {first(array[~np.isfinite(array)] if array.ndim else array):g} "
                               f"must be finite")
    return array


def as_scalar(value: Any, name: str) -> float:
    """``value`` as one finite float."""
    array = as_array(value, name)
    if array.ndim != 0:
        raise BoundsInputError(f"{name} must be a single number")
    return float(array)


def first(value: Any) -> float:
    """The first number of a scalar or an array (for messages)."""
    return float(np.ravel(np.asarray(value))[0])


def format_values(values: Mapping, skip: str | None = None) -> str:
    """``name=value, ...`` for messages (arrays shown as ``<array>``)."""
    parts = []
    for key, value in values.items():
        if key == skip:
            continue
        parts.append(f"{key}={first(value):g}" if np.ndim(value) == 0 else f"{key}=<array>")
    return ", ".join(parts) or "no values"


def unknown_name_message(ident: str, name: Any, variables: Sequence[str], constant_names: Sequence[str]) -> str:
    """The message for a keyword that is neither a variable nor a constant of bound ``ident``."""
    if not isinstance(name, str) or not _NAME.match(name):
        return f"{name!r} is not a variable name"
    takes = ", ".join(variables) or "no variables"
    consts = f" and the constant(s) {', '.join(constant_names)}" if constant_names else ""
    return f"unknown name {name!r} for {ident}; it takes {takes}{consts}"


def resolve_constants(ident: str, constants: Sequence[Constant], empirical: Mapping[str, Empirical],
                      needed: Sequence[str], values: Mapping[str, Any],
                      skip: str | None = None) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The value of every constant in ``needed`` (but ``skip``) and where it came from.

    Returns ``(values, origins)``: name -> number (or array), and name -> ``{"value", "origin", ...}``.  A needed
    constant without a value, or a value that is not > 0, raises :class:`BoundsInputError`.
    """
    consts: dict[str, Any] = {}
    origins: dict[str, dict[str, Any]] = {}
    for c in constants:
        if c.name == skip:
            continue
        if c.name in values:
            consts[c.name], origins[c.name] = as_array(values[c.name], c.name), {"origin": "given"}
        elif c.name in empirical:
            e = empirical[c.name]
            consts[c.name] = np.float64(e.value)
            origins[c.name] = {"origin": "empirical", "evidence": e.evidence}
        elif c.value is not None:
            consts[c.name], origins[c.name] = np.float64(float(c.value)), {"origin": "source"}
    for c in constants:
        if c.name in consts or c.name == skip or c.name not in needed:
            continue
        if c.definition is not None and all(s.name in consts for s in c.definition.free_symbols):
            parts = [consts[s.name] for s in sorted(c.definition.free_symbols, key=str)]
            consts[c.name] = _numeric.evaluate(c.definition, sorted(c.definition.free_symbols, key=str), parts)
            origins[c.name] = {"origin": "derived", "from": sp.sstr(c.definition)}
            if any(origins[s.name]["origin"] == "empirical" for s in c.definition.free_symbols):
                origins[c.name]["origin"] = "empirical"
            continue
        hint = (f" or {' and '.join(s.name for s in sorted(c.definition.free_symbols, key=str))}"
                if c.definition is not None else "")
        raise BoundsInputError(
            f"{ident} needs a value for the constant {c.name} ({c.status()}): pass {c.name}=...{hint}, "
            f"or attach a measured one with with_empirical({c.name}=..., evidence=...)")
    for name, number in consts.items():
        if np.any(np.asarray(number) <= 0):
            raise BoundsInputError(f"constant {name} = {first(number):g} must be > 0")
    for name in list(origins):
        if name not in needed:
            del origins[name]
            consts.pop(name, None)
    for name in needed:
        if name in consts:
            value = consts[name]
            origins[name] = {"value": float(value) if np.ndim(value) == 0 else value, **origins[name]}
    return consts, origins


def condition_text(condition: sp.Basic) -> str:
    """A domain condition in keyword names, with ≤ and ≥ (e.g. ``eps < 1``, ``k ≤ n/2``)."""
    renamed = condition.xreplace({s: sp.Symbol(name_of(s)) for s in condition.free_symbols})
    return sp.sstr(renamed).replace("<=", "≤").replace(">=", "≥")


def check_domain(ident: str, domain: Sequence, target: sp.Symbol, at: Mapping[str, npt.ArrayLike],
                 target_value: npt.ArrayLike | None = None) -> None:
    """Raise :class:`BoundsInputError` at the first point of ``at`` (variable name -> array) outside ``domain``.

    Conditions on a symbol without a value (the quantity of an implicit bound, a skipped variable) are not checked.
    """
    env = {VARIABLES[k].symbol: v for k, v in at.items()}
    if target_value is not None:
        env[target] = target_value
    for condition in domain:
        free = condition.free_symbols
        if not free <= set(env):
            continue  # a condition on the quantity itself (implicit bounds) or on a skipped variable
        args = sorted(free, key=str)
        arrays = np.broadcast_arrays(*[np.asarray(env[a], dtype=np.float64) for a in args])
        holds = np.broadcast_to(np.asarray(_numeric.compile_expr(condition, tuple(args))(*arrays)), arrays[0].shape)
        if not np.all(holds):
            index = np.unravel_index(int(np.argmin(holds)), holds.shape) if holds.ndim else ()
            shown = ", ".join(f"{name_of(a)} = {float(x[index]):g}" for a, x in zip(args, arrays))
            raise BoundsInputError(f"{shown} is outside the domain of {ident}: it needs {condition_text(condition)}")
