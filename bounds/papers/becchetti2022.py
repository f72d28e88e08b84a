r"""Becchetti, da Cunha, Clementi, d'Amore, Lesfari, Natale, Trevisan (2022): multidimensional random subset sum.

:math:`n` i.i.d. random vectors in :math:`d` dimensions approximate every point of :math:`[-1, 1]^d` with high
probability once :math:`n = O(d^3 \log\frac1\epsilon (\log\frac1\epsilon + \log d))`.  [abstract]
"""

from __future__ import annotations

import sympy as sp

from bounds.bound import Bound
from bounds.papers._sources import BECCHETTI2022
from bounds.parts import Constant
from bounds.symbols import constant_symbol, symbol

__all__ = ["multidim_rss"]


def multidim_rss() -> Bound:
    r"""Samples for :math:`d`-dimensional subset sum: ``becchetti2022.multidim_rss`` [abstract].

    .. math::
        n = O\Big(d^3 \log\frac1\epsilon \Big(\log\frac1\epsilon + \log d\Big)\Big)

    Examples
    --------
    >>> from bounds.papers import becchetti2022
    >>> round(becchetti2022.multidim_rss()(d=2, eps=0.01, C=1), 2)     # 8 ln(100) (ln(100) + ln 2)
    195.2
    """
    eps, d, n = symbol("eps"), symbol("d"), symbol("n")
    C = constant_symbol("C")
    return Bound(
        id="becchetti2022.multidim_rss",
        title="d-dimensional random subset sum",
        source=BECCHETTI2022,
        confidence="abstract",
        kind="upper",
        quantity="number of i.i.d. random vectors in d dimensions",
        target=n,
        expr=C * d ** 3 * sp.log(1 / eps) * (sp.log(1 / eps) + sp.log(d)),
        variables=("d", "eps"),
        constants=(Constant(C, "constant of the O(·)"),),
        conclusion="with high probability every z ∈ [−1, 1]^d is within ε of a subset sum",
        meanings={"d": "dimension of the vectors"},
        trends={"d": +1, "eps": -1},
        notes=("The abstract gives an O(·) with 'high probability' unquantified; C stands for its constant.",),
    )


BOUNDS = (multidim_rss,)
