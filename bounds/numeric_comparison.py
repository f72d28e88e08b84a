r"""Comparing bounds when one of them is implicit: numbers along one variable, no symbolic ratio.

Natale et al.'s widths (and the fixed-size counting floor) have the quantity on both sides; their value is a root
found numerically (:meth:`bounds.bound.Bound.evaluate`), so the ratio :math:`r(x) = b_1(x) / b_2(x)` has no closed
form and ``sympy.limit`` cannot take it.  :func:`compare_numerically` therefore needs every other variable and every
constant to have a number, and reports, on a geometric grid over ``search`` (default: the variable's typical range,
restricted to both bounds' domains):

* :math:`r` at every grid point (and both bounds' values);
* the crossovers: sign changes of :math:`b_1 - b_2` between grid points, refined by ``scipy.optimize.brentq`` on
  the bounds themselves;
* the local log-log slope :math:`\mathrm{d}\log r / \mathrm{d}\log x` over the last decade of the range (a numeric
  trend, *not* a limit: the result says so).

:func:`bounds.compare` calls this when either bound is implicit; the numbers are the bounds' own evaluations, so
they agree with calling the bounds directly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from bounds._comparing import check_names, crossover_line, format_at, inside, is_square
from bounds.bound import Bound
from bounds.described import Described
from bounds.errors import BoundsInputError
from bounds.symbols import variable

__all__ = ["NumericComparison", "compare_numerically", "GRID_POINTS"]

#: Points of the geometric grid along the compared variable.
GRID_POINTS = 241


@dataclass(frozen=True, repr=False)
class NumericComparison(Described):
    """The result of :func:`compare_numerically` (and of :func:`bounds.compare` with an implicit bound)."""

    first: str
    second: str
    var: str
    at: Mapping[str, float]
    assumptions: tuple[str, ...]
    constants: Mapping[str, Mapping[str, Mapping]]  # per bound: name -> {"value", "origin", ...}
    points: np.ndarray
    first_values: np.ndarray
    second_values: np.ndarray
    crossovers: tuple[tuple[float, str], ...]       # (point, the bound larger just after it)
    larger_at_start: str
    end_slope: float                                # d log r / d log x over the last decade of the range
    confidences: Mapping[str, str] = field(default_factory=dict)

    @property
    def ratios(self) -> np.ndarray:
        """:math:`b_1 / b_2` at every grid point."""
        return self.first_values / self.second_values

    def describe(self) -> str:
        """The comparison as text (its repr): confidences, constants used, ratios, end trend, crossovers."""
        lo, hi = float(self.points[0]), float(self.points[-1])
        lines = [f"{self.first} / {self.second} along {self.var}"
                 + (f" at {format_at(self.at)}" if self.at else ""),
                 "  numeric comparison: an implicit bound has no closed-form ratio and no symbolic limit"]
        for ident, confidence in self.confidences.items():
            flag = "  (RECALLED)" if "recalled" in confidence else ""
            lines.append(f"  {ident}: [{confidence}]{flag}")
        for a in self.assumptions:
            lines.append(f"  assuming {a}")
        for ident, constants in self.constants.items():
            for name, c in constants.items():
                lines.append(f"  constant {name} of {ident} = {c['value']:g} ({c['origin']})")
        shown = np.unique(np.linspace(0, len(self.points) - 1, 7).round().astype(int))
        lines.append("  ratio at " + ", ".join(f"{self.var}={self.points[i]:.4g}: {self.ratios[i]:.4g}"
                                               for i in shown))
        lines.append(f"  trend over the last decade: d log(ratio) / d log({self.var}) = {self.end_slope:.4g} "
                     f"(numeric, not a limit)")
        lines.append(crossover_line(self.var, lo, hi, list(self.crossovers), self.larger_at_start))
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """Everything, JSON-serialisable (what ``slth bounds compare --json`` prints for an implicit bound)."""
        return {
            "first": self.first, "second": self.second, "var": self.var, "at": dict(self.at), "method": "numeric",
            "confidence": dict(self.confidences), "assumptions": list(self.assumptions),
            "constants": {ident: dict(c) for ident, c in self.constants.items()},
            "ratio": None, "limit": None, "order": None,
            "points": self.points.tolist(), "first_values": self.first_values.tolist(),
            "second_values": self.second_values.tolist(), "ratios": self.ratios.tolist(),
            "end_slope": None if math.isnan(self.end_slope) else self.end_slope,
            "crossovers": [{"at": x, "larger_after": larger} for x, larger in self.crossovers],
            "search_range": [float(self.points[0]), float(self.points[-1])],
            "larger_at_start": self.larger_at_start,
        }


def compare_numerically(b1: Bound, b2: Bound, var: str, at: Mapping[str, float], constants: Mapping[str, float],
                        search: tuple[float, float] | None = None) -> NumericComparison:
    """Compare two bounds along ``var`` by evaluating them (see the module docstring).  ``at`` must fix every other
    variable of both bounds, and every constant they need must have a value (``constants``: ``{"C": 1}`` for all
    bounds, ``{"natale2024.sparse_width:c_amp": 1}`` for one; or a source or empirical value)."""
    check_names(b1, b2, var, at, constants)
    assumptions: list[str] = []
    fixed = [_fixed_values(b, var, at, assumptions) for b in (b1, b2)]
    kwargs = [_constant_values(b, constants) for b in (b1, b2)]
    lo, hi = (float(v) for v in (search or variable(var).typical))
    if not (lo > 0 and hi > lo):
        raise BoundsInputError(f"search range ({lo:g}, {hi:g}) must be 0 < lo < hi")
    grid = np.geomspace(lo, hi, GRID_POINTS)
    grid = grid[inside(b1, var, at, grid) & inside(b2, var, at, grid)]
    if grid.size < 2:
        raise BoundsInputError(f"the search range ({lo:g}, {hi:g}) leaves no {var} inside both bounds' domains")

    def value(i: int, points) -> np.ndarray:
        b = (b1, b2)[i]
        return np.asarray(b(**_along(b, var, points), **fixed[i], **kwargs[i]), dtype=np.float64)

    first, second = value(0, grid), value(1, grid)
    difference = first - second
    crossovers = []
    for j in np.flatnonzero(np.sign(difference[:-1]) * np.sign(difference[1:]) < 0):
        root = brentq(lambda x: float(value(0, x) - value(1, x)), grid[j], grid[j + 1], xtol=1e-12, rtol=1e-12)
        crossovers.append((float(root), b1.id if difference[j + 1] > 0 else b2.id))
    last = grid >= grid[-1] / 10
    if last.sum() >= 2:
        slope = float(np.polyfit(np.log(grid[last]), np.log(first[last] / second[last]), 1)[0])
    else:
        slope = math.nan
    used = {b.id: dict(b.evaluate(**_along(b, var, grid[:1]), **fixed[i], **kwargs[i]).constants)
            for i, b in enumerate((b1, b2))}
    return NumericComparison(b1.id, b2.id, var, {k: float(v) for k, v in at.items()},
                             tuple(dict.fromkeys(assumptions)), used, grid, first, second, tuple(crossovers),
                             b1.id if difference[0] > 0 else b2.id, slope, {b1.id: b1.confidence,
                                                                           b2.id: b2.confidence})


def _along(b: Bound, var: str, points) -> dict:
    if var == "d" and is_square(b, var, {}):
        return {"d_in": points, "d_out": points}
    return {var: points}


def _fixed_values(b: Bound, var: str, at: Mapping, assumptions: list[str]) -> dict:
    square = is_square(b, var, at)
    if square:
        assumptions.append(f"square layers d_in = d_out = d in {b.id}")
    values = {}
    for name in b.variables:
        if name == var or (square and var == "d" and name in ("d_in", "d_out")):
            continue
        if name in at:
            values[name] = float(at[name])
        elif square and name in ("d_in", "d_out") and "d" in at:
            values[name] = float(at["d"])
        else:
            raise BoundsInputError(f"{b.id} is implicit or compared numerically: give a value for {name} "
                                   f"(--at {name}=...)")
    return values


def _constant_values(b: Bound, constants: Mapping[str, float]) -> dict:
    out = {}
    for name in b.constants_needed():
        key = f"{b.id}:{name}"
        if key in constants or name in constants:
            out[name] = float(constants[key] if key in constants else constants[name])
        elif name in b.constants_without_value():
            raise BoundsInputError(f"{b.id} needs a value for the constant {name} to be compared numerically "
                                   f"(--const {name}=... or constants={{{name!r}: ...}})")
    return out
