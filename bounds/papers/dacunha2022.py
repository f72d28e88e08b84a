r"""da Cunha, Natale, Viennot (ICLR 2022): the strong lottery ticket hypothesis for convolutional networks.

A random CNN with :math:`2l` layers and logarithmically many random channels per input channel contains every
target CNN of depth :math:`l`.  [recalled]
"""

from __future__ import annotations

import sympy as sp

from bounds.bound import Bound
from bounds.papers._sources import DACUNHA2022
from bounds.parts import Constant
from bounds.symbols import QUANTITIES, constant_symbol, symbol

__all__ = ["cnn_channels"]


def cnn_channels() -> Bound:
    r"""Random channels per input channel: ``dacunha2022.cnn_channels`` [recalled].

    .. math::
        n_i \ge C \log\frac{d_i^2\, c_{i-1}\, c_i\, l}{\min\{\epsilon, \delta\}}

    with :math:`d_i \times d_i` kernels and :math:`c_i` channels in target layer :math:`i`.

    Examples
    --------
    >>> from bounds.papers import dacunha2022
    >>> b = dacunha2022.cnn_channels()
    >>> round(b(d=3, c_in=16, c_out=32, l=4, eps=0.01, delta=0.01, C=1), 4)    # ln(9*16*32*4 / 0.01)
    14.427
    """
    eps, delta, d, c_in, c_out, l = (symbol(s) for s in ("eps", "delta", "d", "c_in", "c_out", "l"))
    C = constant_symbol("C")
    return Bound(
        id="dacunha2022.cnn_channels",
        title="random CNNs: logarithmically many channels per input channel",
        source=DACUNHA2022,
        confidence="recalled",
        kind="upper",
        quantity="random channels per input channel (random CNN of 2l layers)",
        target=QUANTITIES["channels"][0],
        expr=C * sp.log(d ** 2 * c_in * c_out * l / sp.Min(eps, delta)),
        variables=("d", "c_in", "c_out", "l", "eps", "delta"),
        constants=(Constant(C, "universal constant"),),
        conclusion="with probability ≥ 1 − δ the random CNN can be pruned to ε-approximate every target CNN of "
                   "depth l with these kernel sizes and channels",
        meanings={"d": "kernel side d_i (kernels are d_i × d_i)", "l": "depth of the target CNN"},
        trends={"d": +1, "c_in": +1, "c_out": +1, "l": +1, "eps": -1, "delta": -1},
        notes=("RECALLED: form plausible, constant and arguments of the log from memory.",),
    )


BOUNDS = (cnn_channels,)
