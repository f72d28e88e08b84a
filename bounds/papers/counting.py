r"""Counting floors for random subset sum [derived]: deterministic, for *any* real samples.

``n`` numbers have :math:`2^n` subset sums, and each sum :math:`\epsilon`-approximates an interval of length
:math:`2\epsilon` around itself; covering an interval of length :math:`L` therefore needs
:math:`2^n \cdot 2\epsilon \ge L`.  With subsets of a fixed size :math:`k` (Natale et al. 2024) there are
:math:`\binom{n}{k}` sums and the natural interval is :math:`[-\sqrt{k}, \sqrt{k}]`.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.special import betaln
from sympy.utilities.lambdify import implemented_function

from bounds.bound import Bound
from bounds.functions import H2, log2
from bounds.papers._sources import PROJECT
from bounds.parts import Implicit
from bounds.symbols import symbol

__all__ = ["rss_samples", "rss_fixed_size", "log2_binomial", "log2_binomial_numpy"]


def log2_binomial_numpy(n, k):
    """log2 C(n, k) for real n >= k >= 0, as -log(n + 1) - log B(n - k + 1, k + 1).

    The difference of log-gammas cancels badly for large n (measured: 18 % off at n ~ 5e14, k = n - 1); this form
    stays within about 3e-10 relative of a 50-digit reference for n up to 1e15 (tests/bounds/test_numeric.py)."""
    n, k = np.asarray(n, dtype=np.float64), np.asarray(k, dtype=np.float64)
    return (-np.log1p(n) - betaln(n - k + 1.0, k + 1.0)) / np.log(2.0)


#: log2 C(n, k) as a sympy function that lambdify evaluates with :func:`log2_binomial_numpy`.
log2_binomial = implemented_function("log2_binomial", log2_binomial_numpy)


def rss_samples() -> Bound:
    r"""Counting floor: ``counting.rss_samples`` [derived].

    Any :math:`n` reals whose subset sums :math:`\epsilon`-cover an interval of length :math:`L` satisfy

    .. math::
        n \ge \log_2 \frac{L}{2\epsilon},

    because the :math:`2^n` sums each cover length :math:`2\epsilon`.  For :math:`[-1, 1]` (:math:`L = 2`) this is
    :math:`\log_2(1/\epsilon)`.

    Examples
    --------
    >>> from bounds.papers import counting
    >>> b = counting.rss_samples()
    >>> round(b(eps=0.01, L=2), 4)          # log2(100)
    6.6439
    >>> b(eps=[0.25, 0.125], L=2)           # arrays broadcast
    array([2., 3.])
    """
    eps, L, n = symbol("eps"), symbol("L"), symbol("n")
    return Bound(
        id="counting.rss_samples",
        title="counting floor for covering an interval with subset sums",
        source=PROJECT,
        confidence="derived",
        kind="lower",
        quantity="number of samples whose subset sums ε-cover an interval of length L",
        target=n,
        expr=log2(L / (2 * eps)),
        variables=("eps", "L"),
        conclusion="necessary for any reals X_1..X_n (random or not): 2^n sums each cover length 2ε",
        trends={"eps": -1, "L": +1},
        log_base="base 2 (log2)",
        notes=("Deterministic: holds for every sample, so it bounds n_δ(ε) from below for every law and every δ < 1.",),
    )


def rss_fixed_size() -> Bound:
    r"""Counting floor for fixed-size subsets: ``counting.rss_fixed_size`` [derived].

    Only the :math:`\binom{n}{k}` sums of exactly :math:`k` samples count, and the target interval is
    :math:`[-\sqrt{k}, \sqrt{k}]`; covering it needs

    .. math::
        \binom{n}{k}\, 2\epsilon \ge 2\sqrt{k}.

    With :math:`\binom{n}{k} \le 2^{n H_2(k/n)} \sqrt{n / (2\pi k (n-k))}` this implies the weaker

    .. math::
        n H_2(k/n) \ge \log_2\frac{\sqrt{k}}{\epsilon} + \tfrac12 \log_2 \frac{2\pi k (n-k)}{n}.

    The bound is implicit in :math:`n`; its value is the smallest real :math:`n \ge k` with
    :math:`\log_2\binom{n}{k} \ge \log_2(\sqrt{k}/\epsilon)` (binomial extended through the beta function, which is
    increasing in :math:`n`), so the smallest integer is its ceiling.

    Examples
    --------
    >>> from bounds.papers import counting
    >>> b = counting.rss_fixed_size()
    >>> round(b(k=1, eps=0.01), 9)          # n >= sqrt(1)/0.01 single samples
    100.0
    >>> import math
    >>> math.ceil(b(k=2, eps=0.01))         # n(n-1)/2 >= 141.42...
    18
    """
    eps, k, n = symbol("eps"), symbol("k"), symbol("n")
    need = sp.sqrt(k) / eps
    relaxed = sp.GreaterThan(n * H2(k / n), log2(sp.sqrt(k) / eps) + log2(2 * sp.pi * k * (n - k) / n) / 2,
                             evaluate=False)
    return Bound(
        id="counting.rss_fixed_size",
        title="counting floor for covering [−√k, √k] with k-subset sums",
        source=PROJECT,
        confidence="derived",
        kind="lower",
        quantity="number of samples whose k-subset sums ε-cover [−√k, √k]",
        target=n,
        expr=need,
        shown=sp.GreaterThan(sp.binomial(n, k), need, evaluate=False),
        implicit=Implicit(residual=log2_binomial(n, k) - log2(need), lower=k, method="increasing",
                          description="the smallest real n ≥ k with log2 C(n, k) ≥ log2(√k/ε) "
                                      "(C(n, k) through the beta function; take the ceiling for an integer n)"),
        variables=("k", "eps"),
        conditions=(sp.LessThan(k, n, evaluate=False),),
        alternatives={"with the binomial bound": relaxed},
        conclusion="necessary for any reals: C(n, k) sums each cover length 2ε of an interval of length 2√k",
        meanings={"k": "subset size k (only sums of exactly k samples count)"},
        trends={"eps": -1},
        log_base="base 2 (log2)",
        notes=("Not monotone in k: larger k gives more subsets (fewer samples) until n ≥ k dominates.",
               "The form with the binomial bound is weaker (implied by the exact one) and is what Natale et al.'s "
               "H2 bounds are compared against."),
    )


BOUNDS = (rss_samples, rss_fixed_size)
