r"""Gadhikar, Mukherjee, Burkholz (ICML 2023): why random pruning is all we need to start sparse.

Random masks of density :math:`p` can be compensated by width: the random network must be wider by about
:math:`1/\log(1/(1-p))`.  [abstract]
"""

from __future__ import annotations

import sympy as sp

from bounds.bound import Bound
from bounds.papers._sources import GADHIKAR2023
from bounds.symbols import QUANTITIES, symbol

__all__ = ["random_mask_width"]


def random_mask_width() -> Bound:
    r"""Width factor for random masks: ``gadhikar2023.random_mask_width`` [abstract].

    .. math::
        \text{width factor} \approx \frac{1}{\log\frac{1}{1-p}}

    (:math:`\approx 1/p` for sparse masks).

    Examples
    --------
    >>> from bounds.papers import gadhikar2023
    >>> round(gadhikar2023.random_mask_width()(p=0.1), 4)     # 1 / ln(1/0.9)
    9.4912
    """
    p = symbol("p")
    return Bound(
        id="gadhikar2023.random_mask_width",
        title="random masks cost a width factor 1/log(1/(1 − p))",
        source=GADHIKAR2023,
        confidence="abstract",
        kind="upper",
        quantity="factor by which a randomly masked network must be wider than a dense random one",
        target=QUANTITIES["width_factor"][0],
        expr=1 / sp.log(1 / (1 - p)),
        variables=("p",),
        conclusion="a random network with a random mask of density p contains strong tickets when this much wider",
        meanings={"p": "density of the random mask (fraction of weights kept)"},
        trends={"p": -1},
        notes=("'About': the abstract gives the order only; constants and lower-order terms are not recorded.",),
    )


BOUNDS = (random_mask_width,)
