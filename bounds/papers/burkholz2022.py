r"""Burkholz (NeurIPS 2022): most activation functions win the lottery without excessive depth.

A random network of depth :math:`l + 1` (instead of :math:`2l`) suffices for most activations, at a width overhead
of about :math:`\log^2` instead of :math:`\log`.  [restated]
"""

from __future__ import annotations

import sympy as sp

from bounds.bound import Bound
from bounds.papers._sources import BURKHOLZ2022
from bounds.parts import Constant
from bounds.symbols import QUANTITIES, constant_symbol, symbol

__all__ = ["depth_l_plus_1"]


def depth_l_plus_1() -> Bound:
    r"""Depth :math:`l+1`, squared log: ``burkholz2022.depth_l_plus_1`` [restated].

    .. math::
        \mathrm{width} \ge C\, d_{i-1} \log^2 \frac{d_{i-1}\, d_i\, l}{\min\{\epsilon, \delta\}}

    (the restatement says "about :math:`\log^2` instead of :math:`\log`"; the arguments of the log are modelled on
    Pensia et al.'s).

    Examples
    --------
    >>> from bounds.papers import burkholz2022
    >>> round(burkholz2022.depth_l_plus_1()(d_in=10, d_out=10, l=1, eps=0.01, delta=0.01, C=1), 2)  # 10 ln(1e4)^2
    848.3
    """
    eps, delta, d_in, d_out, l = (symbol(s) for s in ("eps", "delta", "d_in", "d_out", "l"))
    C = constant_symbol("C")
    return Bound(
        id="burkholz2022.depth_l_plus_1",
        title="depth l + 1 suffices for most activations (log² width)",
        source=BURKHOLZ2022,
        confidence="restated",
        kind="upper",
        quantity="hidden width of the random network of depth l + 1",
        target=QUANTITIES["width"][0],
        expr=C * d_in * sp.log(d_in * d_out * l / sp.Min(eps, delta)) ** 2,
        variables=("d_in", "d_out", "l", "eps", "delta"),
        constants=(Constant(C, "universal constant"),),
        conclusion="a random network of depth l + 1 (not 2l) can, w.p. ≥ 1 − δ, be pruned to ε-approximate the "
                   "target, for most activation functions",
        meanings={"d_in": "d_{i−1}: input width of the target layer", "d_out": "d_i: output width of the target layer",
                  "l": "depth of the target (the random network has l + 1 layers)"},
        trends={"d_in": +1, "d_out": +1, "l": +1, "eps": -1, "delta": -1},
        notes=("The restatement gives only 'about log² instead of log'; the log's arguments are an assumption "
               "copied from pensia2020.width.",),
    )


BOUNDS = (depth_l_plus_1,)
