r"""One registry of the symbols every bound is written in.

A bound never creates its own ``Symbol``: it names the variables it uses (``"eps"``, ``"d_in"``, ...) and gets the
shared symbol from here, so that two bounds speaking of the same quantity speak of the same symbol and can be
compared.  Each :class:`Variable` carries

* the name used on the command line and as a keyword (``eps``, ``delta``, ``d``, ``d_in``, ``d_out``, ``l``, ``k``,
  ``n``, ``L``, ``gamma``, and a few more that single papers need),
* its sympy symbol, with assumptions (``positive=True``; ``integer=True`` for counts),
* its natural domain (e.g. :math:`0 < \epsilon < 1`, :math:`d \ge 1`) as sympy relations,
* the end it tends to in asymptotic statements (:math:`\epsilon \to 0^+`, :math:`d \to \infty`),
* a typical range, used to search for roots and crossovers and by the property tests.

Counts carry ``integer=True`` because the sources state them for integers; numerically every bound is evaluated on
its continuous extension (any real in the domain is accepted), and ``limit``/``lambdify`` work on real stand-ins
(:func:`real_view`) so that integer assumptions never change a computation.

Quantities that bounds are *about* (``width``, ``P``, ``n_star``, ...) live in :data:`QUANTITIES`; unspecified
constants (``C``, ``c_hyp``, ...) are made by :func:`constant_symbol` and are positive.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import sympy as sp

from bounds.errors import BoundsInputError

__all__ = [
    "Variable", "VARIABLES", "QUANTITIES", "variable", "symbol", "name_of", "constant_symbol", "real_view",
]

INF = math.inf


@dataclass(frozen=True)
class Variable:
    """A named variable: command-line name, sympy symbol, meaning and natural domain."""

    name: str
    symbol: sp.Symbol
    meaning: str
    lower: float
    upper: float = INF
    lower_open: bool = False
    upper_open: bool = True
    tends: str = "oo"            # "oo" (sizes) or "0+" (accuracies, probabilities, densities)
    typical: tuple[float, float] = (1.0, 1e6)

    @property
    def integer(self) -> bool:
        """Whether the variable is a count (its symbol has ``integer=True``)."""
        return bool(self.symbol.is_integer)

    def domain(self) -> tuple[sp.core.relational.Relational, ...]:
        """The natural domain as sympy relations, e.g. ``(0 < epsilon, epsilon < 1)`` (built once per variable)."""
        return _domain(self)

    def describe_domain(self) -> str:
        """The natural domain in words, e.g. ``0 < eps < 1`` or ``1 ≤ d``."""
        left = f"{self.lower:g} {'<' if self.lower_open else '≤'} {self.name}"
        if math.isfinite(self.upper):
            return f"{left} {'<' if self.upper_open else '≤'} {self.upper:g}"
        return left


@functools.cache
def _domain(v: Variable) -> tuple[sp.core.relational.Relational, ...]:
    s = v.symbol
    out = []
    lo = _exact(v.lower)
    out.append(sp.StrictLessThan(lo, s, evaluate=False) if v.lower_open
               else sp.LessThan(lo, s, evaluate=False))
    if math.isfinite(v.upper):
        hi = _exact(v.upper)
        out.append(sp.StrictLessThan(s, hi, evaluate=False) if v.upper_open
                   else sp.LessThan(s, hi, evaluate=False))
    return tuple(out)


def _exact(x: float) -> sp.Expr:
    return sp.Integer(int(x)) if float(x).is_integer() else sp.Rational(repr(float(x)))


def _size(name: str, symbol_name: str, meaning: str, typical=(1.0, 1e6)) -> Variable:
    return Variable(name, sp.Symbol(symbol_name, positive=True, integer=True), meaning, lower=1.0,
                    typical=typical)


def _fraction(name: str, symbol_name: str, meaning: str, typical=(1e-8, 0.5), upper_open=True) -> Variable:
    return Variable(name, sp.Symbol(symbol_name, positive=True), meaning, lower=0.0, upper=1.0, lower_open=True,
                    upper_open=upper_open, tends="0+", typical=typical)


_VARIABLE_LIST = [
    _fraction("eps", "epsilon", "accuracy ε: the largest error allowed"),
    _fraction("delta", "delta", "failure probability δ"),
    _size("d", "d", "width of a square target layer (d_in = d_out = d)"),
    _size("d_in", "d_in", "input width d_{i−1} of the target layer"),
    _size("d_out", "d_out", "output width d_i of the target layer"),
    _size("l", "l", "depth of the target network (number of layers)", typical=(1.0, 1e3)),
    _size("k", "k", "subset size (number of summands kept)", typical=(1.0, 1e4)),
    _size("n", "n", "number of random samples (or neurons)"),
    Variable("L", sp.Symbol("L", positive=True), "length of the interval to cover", lower=0.0, lower_open=True,
             typical=(1e-3, 1e3)),
    _fraction("gamma", "gamma", "ticket density γ (fraction of the random network's parameters kept)",
              upper_open=False),
    Variable("rho", sp.Symbol("rho", positive=True), "largest ratio of consecutive target widths ρ", lower=1.0,
             typical=(1.0, 1e2)),
    _fraction("p", "p", "density of a random mask"),
    _size("c_in", "c_in", "input channels c_{i−1}", typical=(1.0, 1e4)),
    _size("c_out", "c_out", "output channels c_i", typical=(1.0, 1e4)),
    Variable("B", sp.Symbol("B", positive=True), "max{|B|, ‖B‖}: size or norm of the equivariant basis",
             lower=1.0, typical=(1.0, 1e4)),
    _fraction("eps_l", "epsilon_l", "per-parameter accuracy ε_l of a layer"),
    _size("n0", "n_0", "width of the random (mother) network"),
    _size("i", "i", "index of a layer (1 ≤ i ≤ l)", typical=(1.0, 1e3)),
    Variable("x_norm", sp.Symbol("x_norm", positive=True), "sup over inputs of ‖x^{(i)}‖₁, the layer input",
             lower=0.0, typical=(1e-3, 1e3)),
    Variable("w_norm", sp.Symbol("w_norm", positive=True), "‖W^{(j)}‖_∞ of every later target layer",
             lower=0.0, lower_open=True, typical=(1e-3, 1e2)),
]

#: name -> Variable, for every name a bound may use and the command line accepts.
VARIABLES: dict[str, Variable] = {v.name: v for v in _VARIABLE_LIST}

#: The quantities bounds speak about (left-hand sides); their names are the keywords of ``solve_for``.
QUANTITIES: dict[str, tuple[sp.Symbol, str]] = {
    "n": (VARIABLES["n"].symbol, "number of random samples"),
    "width": (sp.Symbol("width", positive=True), "hidden width of the random network"),
    "P": (sp.Symbol("P", positive=True), "number of parameters of the random network"),
    "n_star": (sp.Symbol("n_*", positive=True), "width n_i* of a random layer"),
    "channels": (sp.Symbol("channels", positive=True), "random channels per input channel"),
    "neurons_per_weight": (sp.Symbol("neurons_per_weight", positive=True), "random neurons per target weight"),
    "width_factor": (sp.Symbol("width_factor", positive=True), "factor by which the width must grow"),
    "weight": (sp.Symbol("weight", positive=True), "weight of a uniform component contained in a law"),
    "probability": (sp.Symbol("Pr", nonnegative=True), "probability"),
    "eps_l": (VARIABLES["eps_l"].symbol, "per-parameter accuracy of a layer"),
    "n0": (VARIABLES["n0"].symbol, "width of the random (mother) network"),
}

_BY_SYMBOL: dict[sp.Symbol, str] = {v.symbol: v.name for v in _VARIABLE_LIST}
_BY_SYMBOL.update({sym: name for name, (sym, _) in QUANTITIES.items()})


def variable(name: str) -> Variable:
    """The registered variable called ``name`` (its command-line name)."""
    try:
        return VARIABLES[name]
    except KeyError:
        raise BoundsInputError(
            f"unknown variable {name!r}; known variables: {', '.join(VARIABLES)}"
        ) from None


def symbol(name: str) -> sp.Symbol:
    """The shared symbol of a variable or quantity, by name."""
    if name in VARIABLES:
        return VARIABLES[name].symbol
    if name in QUANTITIES:
        return QUANTITIES[name][0]
    raise BoundsInputError(f"unknown variable {name!r}; known variables: {', '.join(VARIABLES)}")


def name_of(sym: sp.Symbol) -> str:
    """The keyword name of a registered symbol (``epsilon`` -> ``eps``); other symbols keep their own name."""
    return _BY_SYMBOL.get(sym, sym.name)


def constant_symbol(name: str) -> sp.Symbol:
    """A positive constant symbol (``C``, ``c_hyp``, ...). Bounds keep constants as symbols unless a value is given."""
    return sp.Symbol(name, positive=True)


def real_view(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Symbol, sp.Dummy]]:
    """``expr`` with every integer symbol replaced by a positive real stand-in, and the replacement map.

    Limits, root finding and ``lambdify`` work on the continuous extension of a bound; an ``integer=True``
    assumption would make ``solve`` drop non-integer roots and let some functions rewrite themselves.
    """
    mapping = {s: sp.Dummy(s.name, positive=True) for s in expr.free_symbols if s.is_integer}
    return expr.xreplace(mapping), mapping
