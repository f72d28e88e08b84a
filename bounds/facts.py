"""The facts the project derives from the catalog, computed (never typed): limits, orders, consistency constants.

:func:`derived_facts` returns them as :class:`~bounds.consistency.DerivedFact` records; ``paper/`` and the README
quote these, so every number in the write-up comes from a computation here.
"""

from __future__ import annotations

import functools
import math

from bounds.comparison import Comparison, compare
from bounds.consistency import DerivedFact, consistency_constant
from bounds.numeric_comparison import NumericComparison

__all__ = ["DerivedFacts", "derived_facts", "pensia_over_malach", "pensia_over_lower_width"]

#: The fixed values at which the width comparisons are stated.
WIDTH_POINT = {"l": 1, "eps": 0.01, "delta": 0.01}


def pensia_over_malach() -> Comparison:
    """pensia2020.width / malach2020.width along d (square layers), every other symbol left free."""
    return _symbolic(compare("pensia2020.width", "malach2020.width", var="d"))


def pensia_over_lower_width() -> Comparison:
    """pensia2020.width / pensia2020.lower_width along d at l = 1, eps = delta = 0.01 (Pensia's C left free)."""
    return _symbolic(compare("pensia2020.width", "pensia2020.lower_width", var="d", at=WIDTH_POINT))


def _symbolic(result: Comparison | NumericComparison) -> Comparison:
    """The comparison of two explicit bounds, which is symbolic (the facts quote its limit and order)."""
    if not isinstance(result, Comparison):
        raise RuntimeError(f"{result.first} / {result.second} was compared numerically, not symbolically")
    return result


def _limit_fact(name: str, comparison: Comparison, statement: str) -> DerivedFact:
    check = comparison.limit
    evidence = (f"ratio at d = {', '.join(f'1e{round(math.log10(p))}' for p in check.points)}: "
                f"{', '.join(f'{v:.4g}' for v in check.values)}"
                + (f" (with {', '.join(f'{k} = {v:g}' for k, v in check.substituted.items())})"
                   if check.substituted else "")
                + (": agrees" if check.agrees else ": DOES NOT clearly agree"))
    value = float(check.limit) if check.limit.is_finite else math.inf
    return DerivedFact(name, value, check.limit, statement, "d → ∞, other symbols fixed and positive",
                       "sympy.limit of the ratio; checked by evaluating it at 30 digits", False, "as d → ∞", evidence,
                       built_on=dict(comparison.confidences))


def _order_fact(comparison: Comparison) -> DerivedFact:
    order = comparison.order
    if order is None:
        raise RuntimeError("the order of pensia2020.width / pensia2020.lower_width was not found")
    coefficient = order.coefficient
    at_one = coefficient.limit.xreplace({s: 1 for s in coefficient.limit.free_symbols})
    evidence = (f"ratio / log(d) at d = {', '.join(f'1e{round(math.log10(p))}' for p in coefficient.points)}: "
                f"{', '.join(f'{v:.4g}' for v in coefficient.values)} (C = 1)"
                + (": agrees" if coefficient.agrees else ": DOES NOT clearly agree"))
    return DerivedFact(
        "pensia2020.width over the depth-2 lower bound",
        float(at_one), coefficient.limit,
        f"pensia2020.width / pensia2020.lower_width = {order.theta()} at fixed ε: the ratio divided by "
        f"log(d)^{order.log_power} · d^{order.power} tends to a finite positive constant (value shown for C = 1)",
        ", ".join(f"{k} = {v:g}" for k, v in WIDTH_POINT.items()) + ", d_in = d_out = d, d → ∞",
        "sympy limits of log(r)/log(d), log(r/d^a)/log(log d) and r/(d^a log(d)^m); the last checked numerically",
        False, "as d → ∞", evidence, built_on=dict(comparison.confidences))


class DerivedFacts(tuple):
    """The derived facts (a tuple) that show themselves one after another, separated by blank lines."""

    def __repr__(self) -> str:
        return "\n\n".join(repr(fact) for fact in self)

    def _repr_pretty_(self, printer, cycle):  # IPython
        printer.text(repr(self))

    def _repr_markdown_(self) -> str:
        return "\n\n".join(fact._repr_markdown_() for fact in self)


@functools.lru_cache(maxsize=1)
def derived_facts() -> DerivedFacts:
    """Every derived fact, computed (takes a few seconds the first time; cached).

    >>> facts = derived_facts()
    >>> [f.name for f in facts][:2]
    ['pensia2020.width / malach2020.width', 'pensia2020.width over the depth-2 lower bound']
    """
    ratio = pensia_over_malach()
    facts = [
        _limit_fact("pensia2020.width / malach2020.width", ratio,
                    "Pensia et al.'s width is o(Malach et al.'s): the ratio tends to 0 as d → ∞ for any fixed l, ε, δ "
                    "and constants"),
        _order_fact(pensia_over_lower_width()),
        consistency_constant("pensia2020.width", "pensia2020.lower_width",
                             over={"d": (1, math.inf), "eps": (0, 0.5)}, at={"l": 1},
                             tie={"delta": "eps", "d_in": "d", "d_out": "d"}),
        consistency_constant("lueker1998.rss_samples", "counting.rss_samples", over={"eps": (0, 1)}, at={"L": 2}),
        consistency_constant("pensia2020.rss_samples_mixture", "counting.rss_samples", over={"eps": (0, 1)},
                             at={"L": 2}),
    ]
    return DerivedFacts(facts)
