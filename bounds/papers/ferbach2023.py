r"""Ferbach, Tsirigotis, Gidel, Bose (ICLR 2023): the strong lottery ticket hypothesis for equivariant networks.

An overparameterization logarithmic in the size and norm of the equivariant basis, claimed optimal.  [recalled]
"""

from __future__ import annotations

import sympy as sp

from bounds.bound import Bound
from bounds.papers._sources import FERBACH2023
from bounds.parts import Constant
from bounds.symbols import QUANTITIES, constant_symbol, symbol

__all__ = ["equivariant_width"]


def equivariant_width() -> Bound:
    r"""Equivariant width: ``ferbach2023.equivariant_width`` [recalled].

    .. math::
        \mathrm{width} = \tilde O\Big(n \log\frac{l\, n^2 \max\{|B|, \|B\|\}}{\min\{\epsilon, \delta\}}\Big)

    for an equivariant target of width :math:`n` and depth :math:`l` written in a basis :math:`B`; claimed optimal.

    Examples
    --------
    >>> from bounds.papers import ferbach2023
    >>> round(ferbach2023.equivariant_width()(n=10, l=2, B=4, eps=0.01, delta=0.01, C=1), 3)   # 10 ln(8e4)
    112.898
    """
    eps, delta, n, l, B = (symbol(s) for s in ("eps", "delta", "n", "l", "B"))
    C = constant_symbol("C")
    return Bound(
        id="ferbach2023.equivariant_width",
        title="equivariant networks: logarithmic over-parameterization",
        source=FERBACH2023,
        confidence="recalled",
        kind="upper",
        quantity="width of the random equivariant network",
        target=QUANTITIES["width"][0],
        expr=C * n * sp.log(l * n ** 2 * B / sp.Min(eps, delta)),
        variables=("n", "l", "B", "eps", "delta"),
        constants=(Constant(C, "constant of the Õ(·)"),),
        conclusion="with probability ≥ 1 − δ the random equivariant network can be pruned to ε-approximate the "
                   "target; claimed optimal",
        meanings={"n": "width of the equivariant target", "l": "depth of the target"},
        trends={"n": +1, "l": +1, "B": +1, "eps": -1, "delta": -1},
        notes=("RECALLED: form plausible, constants uncertain.",
               "Õ drops polylogarithmic factors; the expression keeps the displayed part only."),
    )


BOUNDS = (equivariant_width,)
