r"""Orseau, Hutter, Rivasplata (NeurIPS 2020): logarithmic pruning is all you need.

With weights drawn from a hyperbolic law (density :math:`\propto 1/|w|`), each target weight needs only a
logarithmic number of random neurons, "logarithmic in all variables but depth".  [abstract + recalled]
"""

from __future__ import annotations

import sympy as sp

from bounds.bound import Bound
from bounds.papers._sources import ORSEAU2020
from bounds.parts import Constant
from bounds.symbols import QUANTITIES, constant_symbol, symbol

__all__ = ["neurons_per_weight"]


def neurons_per_weight() -> Bound:
    r"""Random neurons per target weight: ``orseau2020.neurons_per_weight`` [abstract + recalled].

    .. math::
        \text{neurons per weight} = O\Big(C_{\mathrm{depth}} \log\frac{d}{\min\{\epsilon, \delta\}}\Big)

    Only the shape is known here: logarithmic in every variable except the depth, whose effect is left in the
    unspecified factor :math:`C_{\mathrm{depth}}`.

    Examples
    --------
    >>> from bounds.papers import orseau2020
    >>> round(orseau2020.neurons_per_weight()(d=100, eps=0.01, delta=0.1, C_depth=1), 4)    # ln(1e4)
    9.2103
    """
    eps, delta, d = symbol("eps"), symbol("delta"), symbol("d")
    C = constant_symbol("C_depth")
    return Bound(
        id="orseau2020.neurons_per_weight",
        title="hyperbolic weights: O(log) random neurons per target weight",
        source=ORSEAU2020,
        confidence="abstract + recalled",
        kind="upper",
        quantity="random neurons per weight of the target",
        target=QUANTITIES["neurons_per_weight"][0],
        expr=C * sp.log(d / sp.Min(eps, delta)),
        variables=("d", "eps", "delta"),
        constants=(Constant(C, "factor holding the dependence on the depth l (not logarithmic, per the abstract)",
                            note="depends on l; no value or form recorded"),),
        conclusion="with probability ≥ 1 − δ the random network (hyperbolic weights ∝ 1/|w|) can be pruned to "
                   "ε-approximate the target",
        meanings={"d": "width of the target"},
        trends={"d": +1, "eps": -1, "delta": -1},
        notes=("RECALLED beyond the abstract: the arguments of the log (d, 1/ε, 1/δ) are recalled; the abstract "
               "only says 'logarithmic in all variables but depth'.",
               "The depth dependence is hidden in C_depth, so this expression cannot be compared across depths."),
    )


BOUNDS = (neurons_per_weight,)
