r"""Malach, Yehudai, Shalev-Shwartz, Shamir (ICML 2020): the first proof of the strong lottery ticket hypothesis.

Each target weight is matched by a single product of random weights, so the random network must be polynomially
wider than the target.  [recalled; exponents from restatements]
"""

from __future__ import annotations

from bounds.bound import Bound
from bounds.papers._sources import MALACH2020
from bounds.parts import Constant
from bounds.symbols import QUANTITIES, constant_symbol, symbol

__all__ = ["width"]


def width() -> Bound:
    r"""Polynomial width: ``malach2020.width`` [recalled; exponents from restatements].

    A random depth-:math:`2l` network with :math:`U[-1, 1]` weights and width
    :math:`\mathrm{poly}(d, l, 1/\epsilon, \log 1/\delta)` contains, with probability :math:`\ge 1 - \delta`, a
    subnetwork :math:`\epsilon`-approximating a depth-:math:`l`, width-:math:`d` target whose entries are at most
    :math:`1/\sqrt{n_{in}}`.  Read, as later papers restate it, as

    .. math::
        \mathrm{width} = \tilde O\Big(\frac{d^5 l^2}{\epsilon^2}\Big)

    (a factor :math:`O(d^4 l^2)` wider than the target, times :math:`1/\epsilon^2`).  The expression keeps the
    polynomial part with an unspecified constant :math:`C`.

    Examples
    --------
    >>> from bounds.papers import malach2020
    >>> round(malach2020.width()(d=10, l=2, eps=0.1, C=1))     # 1e5 * 4 / 1e-2
    40000000
    """
    eps, d, l = symbol("eps"), symbol("d"), symbol("l")
    C = constant_symbol("C")
    return Bound(
        id="malach2020.width",
        title="random networks polynomially wider than the target contain it",
        source=MALACH2020,
        confidence="recalled; exponents from restatements",
        kind="upper",
        quantity="width of the random depth-2l network",
        target=QUANTITIES["width"][0],
        expr=C * d ** 5 * l ** 2 / eps ** 2,
        variables=("d", "l", "eps"),
        constants=(Constant(C, "constant of the Õ(·)"),),
        conclusion="with probability ≥ 1 − δ a subnetwork ε-approximates the width-d, depth-l target "
                   "(weights U[−1, 1]; target entries ≤ 1/√n_in)",
        meanings={"d": "width of the target", "l": "depth of the target (the random network has 2l layers)"},
        trends={"d": +1, "l": +1, "eps": -1},
        notes=("RECALLED: the exponents d⁵ l² / ε² come from later papers' restatements of the abstract's "
               "'poly(d, l, 1/ε, log 1/δ)' and 'O(d⁴l²) wider'.",
               "Õ drops polylogarithmic factors in d, l, 1/ε and the dependence on log(1/δ): δ does not appear "
               "here, and the true width is larger by those factors.",),
    )


BOUNDS = (width,)
