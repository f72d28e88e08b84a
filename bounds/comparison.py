r"""Comparing two bounds along one variable: their ratio, its limit, its order of growth, and where they cross.

``compare("pensia2020.width", "malach2020.width", var="d", at={"l": 2, "eps": 0.01, "delta": 0.01})`` computes

* the ratio :math:`r = b_1 / b_2` as a sympy expression (other variables substituted, or left symbolic);
* :math:`\lim r` as the variable tends to its natural end (:math:`d \to \infty`, :math:`\epsilon \to 0^+`), by
  ``sympy.limit``, **and** a numeric check: :math:`r` evaluated at 30 digits on points running to that end
  (:math:`10^2, 10^4, \dots, 10^{64}`), which must approach the limit;
* the leading order :math:`r \sim K x^a (\log x)^m` (each exponent and :math:`K` a symbolic limit, :math:`K` checked
  numerically), e.g. Pensia's width over the depth-2 lower bound is :math:`\Theta(\log d)`;
* the crossover points: roots of :math:`b_1 - b_2` over a range, when every constant has a value.

When either bound is implicit (Natale et al.'s widths) there is no closed-form ratio: the comparison is numeric
(:mod:`bounds.numeric_comparison`: values, ratios, crossovers and the trend over the last decade, every other variable
and constant given a number).

Unspecified constants of different bounds are different numbers: each stays a symbol qualified by its bound
(``C[pensia2020.width]``) unless a value is given (``constants={"C": 1}`` for all, ``{"pensia2020.width:C": 1}`` for
one) or an empirical value is attached to the bound.  A bound with ``d_in``/``d_out`` compared along ``d`` is taken
with square layers, :math:`d_{in} = d_{out} = d` (said in the result).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from bounds import _numeric, _solver
from bounds._comparing import check_names, crossover_line, exact, format_at, inside, is_square
from bounds.bound import Bound
from bounds.described import Described
from bounds.errors import BoundsInputError
from bounds.functions import pretty
from bounds.limits import LeadingOrder, LimitCheck, check_limit, leading_order
from bounds.numeric_comparison import NumericComparison, compare_numerically
from bounds.papers.registry import get
from bounds.symbols import VARIABLES, name_of, variable

__all__ = ["compare", "Comparison", "Crossover"]


@dataclass(frozen=True)
class Crossover:
    """A point where the two bounds are equal, and which one is larger just after it."""

    at: float
    larger_after: str

    def as_dict(self) -> dict:
        """``{"at", "larger_after"}``."""
        return {"at": self.at, "larger_after": self.larger_after}


@dataclass(frozen=True, repr=False)
class Comparison(Described):
    """The result of :func:`compare`."""

    first: str
    second: str
    var: str
    at: Mapping[str, float]
    assumptions: tuple[str, ...]
    first_expr: sp.Expr
    second_expr: sp.Expr
    ratio: sp.Expr
    limit: LimitCheck
    order: LeadingOrder | None
    crossovers: tuple[Crossover, ...] | None
    search_range: tuple[float, float] | None
    larger_at_start: str | None
    crossover_note: str
    confidences: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """The comparison as text (its repr): confidences, assumptions, ratio, limit, order, crossovers."""
        lines = [f"{self.first} / {self.second} along {self.var}"
                 + (f" at {format_at(self.at)}" if self.at else "")]
        for ident, confidence in self.confidences.items():
            flag = "  (RECALLED)" if "recalled" in confidence else ""
            lines.append(f"  {ident}: [{confidence}]{flag}")
        for a in self.assumptions:
            lines.append(f"  assuming {a}")
        lines.append("  ratio:")
        lines += ["    " + row for row in pretty(self.ratio).splitlines()]
        lines.append("  " + self.limit.describe().replace("\n", "\n  "))
        if self.order is not None:
            lines.append(f"  order: ratio = {self.order.theta()}, coefficient "
                         + self.order.coefficient.describe().replace("\n", "\n  "))
        if self.crossovers is None:
            lines.append(f"  crossovers: {self.crossover_note}")
        else:
            assert self.search_range is not None and self.larger_at_start is not None  # set with the crossovers
            lo, hi = self.search_range
            lines.append(crossover_line(self.var, lo, hi, [(c.at, c.larger_after) for c in self.crossovers],
                                        self.larger_at_start))
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """Everything, JSON-serialisable (what ``slth bounds compare --json`` prints)."""
        return {
            "first": self.first, "second": self.second, "var": self.var, "at": dict(self.at),
            "confidence": dict(self.confidences),
            "assumptions": list(self.assumptions),
            "ratio": sp.sstr(self.ratio), "ratio_latex": sp.latex(self.ratio),
            "limit": self.limit.as_dict(),
            "order": None if self.order is None else self.order.as_dict(),
            "crossovers": None if self.crossovers is None else [c.as_dict() for c in self.crossovers],
            "search_range": None if self.search_range is None else list(self.search_range),
            "larger_at_start": self.larger_at_start,
            "crossover_note": self.crossover_note,
        }


def compare(first: str | Bound, second: str | Bound, var: str, at: Mapping[str, float] | None = None,
            constants: Mapping[str, float] | None = None,
            search: tuple[float, float] | None = None) -> Comparison | NumericComparison:
    """Compare two bounds along ``var``: ratio, limit (checked numerically), leading order, crossovers.

    ``at`` fixes other variables (numbers only); variables left out stay symbolic (then crossovers are not
    located).  ``constants`` gives values to unspecified constants: ``{"C": 1}`` applies to every bound with a
    constant ``C``; ``{"pensia2020.width:C": 2}`` to one bound.  ``search`` is the range for crossovers (default: the
    variable's typical range).  With an implicit bound the result is a
    :class:`~bounds.numeric_comparison.NumericComparison` (numbers only; see that module).

    >>> from bounds import compare
    >>> c = compare("pensia2020.width", "malach2020.width", var="d", at={"l": 2, "eps": 0.01, "delta": 0.01})
    >>> c.limit.limit, c.limit.agrees
    (0, True)
    """
    b1, b2 = get(first), get(second)
    variable(var)
    at = dict(at or {})
    constants = dict(constants or {})
    if b1.id == b2.id and not b1.empirical and not b2.empirical:
        raise BoundsInputError("compare needs two different bounds")
    if b1.implicit is not None or b2.implicit is not None:
        return compare_numerically(b1, b2, var, at, constants, search)
    check_names(b1, b2, var, at, constants)

    assumptions: list[str] = []
    exprs = []
    for b in (b1, b2):
        expr, notes = _specialise(b, var, at, constants)
        exprs.append(expr)
        assumptions += notes
    e1, e2 = exprs
    x = variable(var).symbol
    ratio = e1 / e2
    towards = variable(var).tends
    limit = check_limit(ratio, var, towards)
    order = leading_order(ratio, var, towards)

    crossovers, search_range, larger_at_start, note = None, None, None, ""
    if _only(e1 - e2, x):
        lo, hi = (float(v) for v in (search or variable(var).typical))
        search_range = (lo, hi)
        if not (lo > 0 and hi > lo):
            raise BoundsInputError(f"search range {search_range} must be 0 < lo < hi")
        crossovers, larger_at_start = _crossovers(b1, b2, e1, e2, var, at, search_range)
    else:
        free = sorted(name_of(s) if s in {v.symbol for v in VARIABLES.values()} else s.name
                      for s in (e1 - e2).free_symbols - {x})
        note = f"not located: give values for {', '.join(free)}"
    return Comparison(b1.id, b2.id, var, {k: float(v) for k, v in at.items()}, tuple(dict.fromkeys(assumptions)),
                      e1, e2, ratio, limit, order, crossovers, search_range, larger_at_start, note,
                      {b1.id: b1.confidence, b2.id: b2.confidence})


# ---------------------------------------------------------------------- specialisation
def _specialise(b: Bound, var: str, at: Mapping, constants: Mapping) -> tuple[sp.Expr, list[str]]:
    """``b``'s right-hand side with square layers, the fixed values (exact rationals) and the constants' values put
    in (an unspecified constant becomes a symbol qualified by the bound, ``C[pensia2020.width]``), and the notes
    saying what was assumed."""
    notes = []
    subs = {}
    square = is_square(b, var, at)
    if square:
        d = VARIABLES["d"].symbol
        subs.update({VARIABLES["d_in"].symbol: d, VARIABLES["d_out"].symbol: d})
        notes.append(f"square layers d_in = d_out = d in {b.id}")
    values = {}
    for name, value in at.items():
        if name in b.variables:
            values[name] = value
        elif name == "d" and square:
            values["d_in"] = values["d_out"] = value
    b.check_domain({k: np.float64(v) for k, v in values.items()})
    expr = b.expr.xreplace(subs)
    expr = expr.xreplace({VARIABLES[k].symbol: exact(v) for k, v in values.items() if k in b.variables})
    if "d" in at and square:
        expr = expr.xreplace({VARIABLES["d"].symbol: exact(at["d"])})
    for c in b.constants:
        if c.symbol not in b.expr.free_symbols:
            continue
        key = f"{b.id}:{c.name}"
        if key in constants or c.name in constants:
            value = exact(constants.get(key, constants.get(c.name)))
        elif c.name in b.empirical:
            value = exact(b.empirical[c.name].value)
            notes.append(f"{c.name} of {b.id} = {b.empirical[c.name].value:g} (EMPIRICAL: "
                         f"{b.empirical[c.name].evidence})")
        elif c.value is not None:
            value = c.value
        else:
            value = sp.Symbol(f"{c.name}[{b.id}]", positive=True)
        expr = expr.xreplace({c.symbol: value})
    return expr, notes


def _only(expr: sp.Expr, x: sp.Symbol) -> bool:
    return expr.free_symbols <= {x}


# ---------------------------------------------------------------------- crossovers
def _crossovers(b1: Bound, b2: Bound, e1: sp.Expr, e2: sp.Expr, var: str, at: Mapping,
                search_range: tuple[float, float]):
    x = variable(var).symbol
    diff = _numeric.compile_expr(e1 - e2, (x,))

    def f(values):
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(diff(np.asarray(values, dtype=np.float64)), dtype=np.float64),
                                   np.shape(values))

    grid = np.geomspace(search_range[0], search_range[1], 4000)
    grid = grid[inside(b1, var, at, grid) & inside(b2, var, at, grid)]
    if grid.size < 2:
        raise BoundsInputError(f"the search range {search_range} leaves no {var} inside both bounds' domains")
    roots = _solver.sign_change_roots(f, grid)
    out = []
    for r in roots:
        after = grid[grid > r * (1 + 1e-9)]
        if after.size == 0:
            continue
        sign = float(f(np.array([after[0]]))[0])
        out.append(Crossover(float(r), b1.id if sign > 0 else b2.id))
    start = float(f(grid[:1])[0])
    return tuple(out), (b1.id if start > 0 else b2.id)
