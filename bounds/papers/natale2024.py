r"""Natale, Ferré, Giambartolomei, Giroire, Mallmann-Trenn (2024): sparsity in the strong lottery ticket hypothesis.

The tool is the random *fixed-size* subset sum (RFSS): only subsets of exactly :math:`k` of the :math:`n` samples
count, and targets lie in :math:`[-\sqrt{k}, \sqrt{k}]`.  Counting such subsets with the binary entropy
:math:`H_2` (:class:`bounds.functions.H2`), :math:`\binom{n}{k} \approx 2^{n H_2(k/n)}`, gives bounds in which
:math:`n` appears on both sides; they are **implicit** and evaluated numerically.  Every statement here is
[restated]; the catalog asks to check the constants :math:`c_{hyp}, c_{thm}, c_{amp}`.

Solving the implicit bounds.  :math:`n \mapsto n H_2(k/n)` is increasing (its derivative is
:math:`-\log_2(1 - k/n) > 0`), so :math:`n \ge A / H_2(k/n)` holds exactly from one threshold on: that threshold is
the root of :math:`n H_2(k/n) - A`, or the smallest admissible :math:`n` when the inequality already holds there.
The layer width :math:`n^*` of :func:`sparse_width` solves :math:`n = a \log_2^2(b n)`, whose largest root is the
threshold (a Lambert-W closed form exists and is used as the tests' oracle).
"""

from __future__ import annotations

import sympy as sp

from bounds.bound import Bound
from bounds.functions import H2, log2
from bounds.papers._sources import NATALE2024
from bounds.parts import Constant, Implicit
from bounds.symbols import QUANTITIES, constant_symbol, symbol

__all__ = ["rfss_fixed_target", "rfss_all_targets", "sparse_width", "lower_sparse"]

_CHECK = ("Restated, 'check constants': the roles and values of c_hyp, c_thm and c_amp come from a restatement "
          "and are not checked against the paper.")


def _constants():
    c_hyp, c_thm, c_amp = (constant_symbol(s) for s in ("c_hyp", "c_thm", "c_amp"))
    return (
        Constant(c_hyp, "constant of the hypothesis on n (RFSS, one target)"),
        Constant(c_thm, "success probability of RFSS for one target"),
        Constant(c_amp, "constant after amplification to all targets", definition=8 * c_hyp / c_thm,
                 note="c_amp = 8·c_hyp/c_thm as restated"),
    )


def rfss_fixed_target() -> Bound:
    r"""RFSS, one target: ``natale2024.rfss_fixed_target`` [restated (check constants)].

    .. math::
        n \ge c_{hyp} \frac{\log_2 (k/\epsilon)}{H_2(k/n)}, \quad 1 \le k \le \frac n2
        \implies \forall z \in [-\sqrt k, \sqrt k]:\ \Pr(\exists S, |S| = k, |z - \textstyle\sum_S X_i| \le
        \epsilon) \ge c_{thm}.

    Implicit in :math:`n`; evaluated as the smallest real :math:`n \ge 2k` satisfying it.

    Examples
    --------
    >>> from bounds.papers import natale2024
    >>> b = natale2024.rfss_fixed_target()
    >>> n = b(k=4, eps=0.01, c_hyp=1)
    >>> import math
    >>> h2 = lambda x: -x * math.log2(x) - (1 - x) * math.log2(1 - x)
    >>> abs(n * h2(4 / n) - math.log2(4 / 0.01)) < 1e-9          # the threshold solves n H2(k/n) = log2(k/eps)
    True
    >>> b(k=100, eps=0.01, c_hyp=1)                              # already satisfied at the smallest n = 2k
    200.0
    """
    eps, k, n = symbol("eps"), symbol("k"), symbol("n")
    c_hyp, c_thm, _ = _constants()
    need = c_hyp.symbol * log2(k / eps)
    return Bound(
        id="natale2024.rfss_fixed_target",
        title="random fixed-size subset sum: one target",
        source=NATALE2024,
        confidence="restated (check constants)",
        kind="upper",
        quantity="number of samples (subsets of size k only)",
        target=n,
        expr=need / H2(k / n),
        implicit=Implicit(residual=n * H2(k / n) - need, lower=2 * k, method="increasing",
                          description="the smallest real n ≥ 2k with n·H2(k/n) ≥ c_hyp·log2(k/ε) "
                                      "(n·H2(k/n) increases with n)"),
        variables=("k", "eps"),
        constants=(c_hyp, c_thm),
        conditions=(sp.LessThan(k, n / 2, evaluate=False),),
        conclusion="each z ∈ [−√k, √k] has a k-subset sum within ε with probability ≥ c_thm",
        meanings={"k": "subset size k (only sums of exactly k samples count)"},
        trends={"eps": -1},
        log_base="base 2 (log2), as the source",
        notes=(_CHECK, "Not monotone in k (more subsets against a wider interval)."),
    )


def rfss_all_targets() -> Bound:
    r"""RFSS, all targets at once: ``natale2024.rfss_all_targets`` [restated].

    .. math::
        n \ge c_{amp} \frac{\log_2^2 (k/\epsilon)}{H_2(k/n)} \implies
        \Pr(\text{every } z \in [-\sqrt k, \sqrt k] \text{ is covered}) \ge 1 - \epsilon,
        \qquad c_{amp} = \frac{8 c_{hyp}}{c_{thm}}.

    Implicit in :math:`n` (evaluated like :func:`rfss_fixed_target`).  ``c_amp`` may be given directly, or through
    ``c_hyp`` and ``c_thm``.

    Examples
    --------
    >>> from bounds.papers import natale2024
    >>> b = natale2024.rfss_all_targets()
    >>> b(k=4, eps=0.01, c_amp=1) == b(k=4, eps=0.01, c_hyp=1, c_thm=8)
    True
    """
    eps, k, n = symbol("eps"), symbol("k"), symbol("n")
    constants = _constants()
    c_amp = constants[2].symbol
    need = c_amp * log2(k / eps) ** 2
    return Bound(
        id="natale2024.rfss_all_targets",
        title="random fixed-size subset sum: all targets",
        source=NATALE2024,
        confidence="restated",
        kind="upper",
        quantity="number of samples (subsets of size k only)",
        target=n,
        expr=need / H2(k / n),
        implicit=Implicit(residual=n * H2(k / n) - need, lower=2 * k, method="increasing",
                          description="the smallest real n ≥ 2k with n·H2(k/n) ≥ c_amp·log2²(k/ε)"),
        variables=("k", "eps"),
        constants=constants,
        conditions=(sp.LessThan(k, n / 2, evaluate=False),),
        conclusion="with probability ≥ 1 − ε every z ∈ [−√k, √k] has a k-subset sum within ε",
        meanings={"k": "subset size k (only sums of exactly k samples count)"},
        trends={"eps": -1},
        log_base="base 2 (log2), as the source",
        notes=(_CHECK,),
    )


def sparse_width() -> Bound:
    r"""Width of a sparse ticket's random layers: ``natale2024.sparse_width`` [restated].

    .. math::
        n_i^* = c_{amp} \frac{\log_2^2\big(2\, l\, d_{i-1}\, d_i\, \gamma'\, n_i^* / \epsilon\big)}{H_2(\gamma')},
        \qquad \gamma' = \gamma / \rho,

    with a ticket of density at most :math:`\gamma = \rho\gamma'` (:math:`\rho` the largest ratio of consecutive
    widths).  :math:`n_i^*` appears on both sides: the value is the largest root of
    :math:`n - c_{amp}\log_2^2(b\, n)/H_2(\gamma')`, the width from which the inequality
    :math:`n \ge c_{amp}\log_2^2(b n)/H_2(\gamma')` holds for good.

    Examples
    --------
    >>> from bounds.papers import natale2024
    >>> b = natale2024.sparse_width()
    >>> n = b(l=2, d_in=10, d_out=10, eps=0.01, gamma=0.1, rho=1, c_amp=1)
    >>> import math
    >>> g = 0.1; h2 = -g * math.log2(g) - (1 - g) * math.log2(1 - g)
    >>> abs(n - math.log2(2 * 2 * 10 * 10 * g * n / 0.01) ** 2 / h2) < 1e-9 * n     # a fixed point
    True
    """
    eps, l, d_in, d_out, gamma, rho = (symbol(s) for s in ("eps", "l", "d_in", "d_out", "gamma", "rho"))
    n_star = QUANTITIES["n_star"][0]
    constants = _constants()
    c_amp = constants[2].symbol
    density = gamma / rho
    rhs = c_amp * log2(2 * l * d_in * d_out * density * n_star / eps) ** 2 / H2(density)
    return Bound(
        id="natale2024.sparse_width",
        title="dense-to-sparse: width of the random layers for a ticket of density ≤ γ",
        source=NATALE2024,
        confidence="restated",
        kind="upper",
        quantity="width n_i* of each random layer (depth 2l)",
        target=n_star,
        expr=rhs,
        implicit=Implicit(residual=n_star - rhs, lower=sp.S.One, method="largest-root",
                          description="the largest root of n − c_amp·log2²(2 l d_in d_out γ' n/ε)/H2(γ'), "
                                      "γ' = γ/ρ (the width from which the inequality holds for good)"),
        variables=("l", "d_in", "d_out", "eps", "gamma", "rho"),
        constants=constants,
        conditions=(sp.LessThan(gamma, rho / 2, evaluate=False),
                    sp.LessThan(1, l * d_in * d_out * density / eps, evaluate=False)),
        conclusion="with probability ≥ 1 − ε the random network (depth 2l, layers of width n_i*) contains a "
                   "subnetwork of density ≤ γ that ε-approximates the target",
        meanings={"d_in": "d_{i−1}: input width of target layer i", "d_out": "d_i: output width of target layer i",
                  "l": "depth of the target", "gamma": "ticket density γ = ρ·γ'",
                  "rho": "ρ: largest ratio of consecutive target widths"},
        trends={"l": +1, "d_in": +1, "d_out": +1, "eps": -1},
        log_base="base 2 (log2), as the source",
        notes=(_CHECK,
               "γ' = γ/ρ ≤ ½ is assumed, as for the fixed-size subset sum it rests on (k ≤ n/2).",
               "Domain added here: l·d_in·d_out·γ'/ε ≥ 1, so the log's argument is ≥ 2 for every width n ≥ 1; below "
               "that the squared log of a number < 1 grows as the network shrinks and the statement is degenerate.",
               "Not monotone in γ: a denser ticket shrinks 1/H2(γ') but grows the log's argument."),
    )


def lower_sparse() -> Bound:
    r"""Lower bound for sparse tickets: ``natale2024.lower_sparse`` [restated].

    .. math::
        n \ge \frac{d^2}{2} \frac{\log_2(k/\epsilon)}{H_2(k/n)}, \qquad k \le 0.84\, n,\ \epsilon < \tfrac1{16},

    necessary for a random network of :math:`n` parameters whose subnetworks with :math:`k` parameters approximate
    every :math:`d \times d` target (as restated).  Implicit in :math:`n`; evaluated as the smallest real
    :math:`n \ge k/0.84` satisfying it.

    Examples
    --------
    >>> from bounds.papers import natale2024
    >>> n = natale2024.lower_sparse()(d=4, k=64, eps=0.01)
    >>> import math
    >>> h2 = lambda x: -x * math.log2(x) - (1 - x) * math.log2(1 - x)
    >>> abs(n * h2(64 / n) - 16 / 2 * math.log2(64 / 0.01)) < 1e-9
    True
    """
    eps, d, k, n = symbol("eps"), symbol("d"), symbol("k"), symbol("n")
    need = d ** 2 / 2 * log2(k / eps)
    ratio = sp.Rational(21, 25)   # 0.84
    return Bound(
        id="natale2024.lower_sparse",
        title="sparse tickets need n ≥ (d²/2)·log2(k/ε)/H2(k/n)",
        source=NATALE2024,
        confidence="restated",
        kind="lower",
        quantity="number of parameters of the random network",
        target=n,
        expr=need / H2(k / n),
        implicit=Implicit(residual=n * H2(k / n) - need, lower=k / ratio, method="increasing",
                          description="the smallest real n ≥ k/0.84 with n·H2(k/n) ≥ (d²/2)·log2(k/ε)"),
        variables=("d", "k", "eps"),
        conditions=(sp.LessThan(k, ratio * n, evaluate=False),
                    sp.StrictLessThan(eps, sp.Rational(1, 16), evaluate=False)),
        conclusion="necessary for any random network of n parameters whose k-parameter subnetworks ε-approximate "
                   "every d×d target",
        meanings={"d": "the targets are d×d (d² parameters)", "k": "number of parameters of the ticket"},
        trends={"d": +1, "eps": -1},
        log_base="base 2 (log2), as the source",
        notes=("Restated: the meaning of n (parameters of the random network) and k (of the ticket) is as the "
               "restatement gives it.",),
    )


BOUNDS = (rfss_fixed_target, rfss_all_targets, sparse_width, lower_sparse)
