r"""Lueker (1998): random subset sum with uniform samples, as used by Pensia et al. (2020), Lemma 1 [restated].

Lueker's Corollary 2.5, rephrased by Pensia et al.: for :math:`X_1, \dots, X_n \sim U[-1, 1]` i.i.d.,

.. math::
    n \ge C \log\frac{2}{\epsilon} \implies
    \Pr\big(\forall z \in [-1, 1]\ \exists S:\ |z - \textstyle\sum_{i\in S} X_i| \le \epsilon\big) \ge 1 - \epsilon,

for a universal constant :math:`C` that no source gives a value for.
"""

from __future__ import annotations

import dataclasses

import sympy as sp

from bounds.bound import Bound
from bounds.papers._sources import LUEKER1998
from bounds.parts import Constant
from bounds.symbols import constant_symbol, symbol

__all__ = ["rss_samples"]


def rss_samples() -> Bound:
    r"""Lueker's sufficient sample count: ``lueker1998.rss_samples`` [restated (Pensia Lemma 1)].

    .. math::
        n \ge C \log\frac{2}{\epsilon}

    samples from :math:`U[-1, 1]` make every :math:`z \in [-1, 1]` :math:`\epsilon`-approximable by a subset sum
    with probability at least :math:`1 - \epsilon`.  :math:`C` has no value given by the source; ``verify`` can
    attach the value implied by measured :math:`n_\delta(\epsilon)` with :meth:`~bounds.bound.Bound.with_empirical`.

    Examples
    --------
    >>> from bounds.papers import lueker1998
    >>> b = lueker1998.rss_samples()
    >>> round(b(eps=0.01, C=1), 4)          # ln(200)
    5.2983
    """
    eps, n = symbol("eps"), symbol("n")
    C = constant_symbol("C")
    return Bound(
        id="lueker1998.rss_samples",
        title="uniform random subset sum: O(log 1/ε) samples cover [−1, 1]",
        source=dataclasses.replace(LUEKER1998, locator="Corollary 2.5 (as Lemma 1 of Pensia et al. 2020)"),
        confidence="restated (Pensia Lemma 1)",
        kind="upper",
        quantity="number of U[−1, 1] samples",
        target=n,
        expr=C * sp.log(2 / eps),
        variables=("eps",),
        constants=(Constant(C, "Lueker's universal constant"),),
        conclusion="with probability ≥ 1 − ε every z ∈ [−1, 1] is within ε of a subset sum of X_1..X_n ~ U[−1, 1]",
        trends={"eps": -1},
        log_base="natural (the base only rescales C)",
        notes=("The failure probability is tied to the accuracy (δ = ε) in this form.",
               "Any valid C must keep the bound above the counting floor log2(1/ε): see "
               "bounds.consistency_constant('lueker1998.rss_samples', 'counting.rss_samples', ...)."),
    )


BOUNDS = (rss_samples,)
