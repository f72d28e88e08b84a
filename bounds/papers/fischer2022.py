r"""Fischer & Burkholz (ICLR 2022), Plant 'n' Seek: existence of tickets in a random network of the *same* depth.

The three rows of the catalog are specialised to homogeneous networks so that they have a fixed list of variables:
one accuracy :math:`\epsilon_l` for every layer, :math:`n` target neurons per layer with :math:`k` parameters each,
and equal norms of later layers.  Each bound's notes say what was specialised.  The source writes :math:`L` for the
depth; here it is ``l`` (``L`` is an interval length elsewhere in the catalog).
"""

from __future__ import annotations

import dataclasses

import sympy as sp

from bounds.bound import Bound
from bounds.papers._sources import FISCHER2022
from bounds.parts import Constant
from bounds.symbols import QUANTITIES, constant_symbol, symbol

__all__ = ["error_propagation", "existence_probability", "same_depth_width"]


def error_propagation() -> Bound:
    r"""Per-layer parameter accuracy: ``fischer2022.error_propagation`` [restated (Plant 'n' Seek Lemma 1)].

    If every parameter of layer :math:`i` is approximated to within

    .. math::
        \epsilon_l = \epsilon \Big( l \sqrt{n\, k}\, (1 + \sup\|x^{(i)}\|_1)
        \prod_{j > i} \big(\|W^{(j)}\|_\infty + \epsilon / l\big) \Big)^{-1},

    the network's sup error is at most :math:`\epsilon`.  Specialised: every later layer has the same
    :math:`\|W^{(j)}\|_\infty` = ``w_norm``, so the product is :math:`(w_{norm} + \epsilon/l)^{l - i}`.

    Examples
    --------
    >>> from bounds.papers import fischer2022
    >>> b = fischer2022.error_propagation()
    >>> round(b(eps=0.1, l=2, i=1, n=4, k=4, x_norm=1, w_norm=1), 6)     # 0.1 / (2 * 4 * 2 * 1.05)
    0.005952
    """
    eps, l, i, n, k, x_norm, w_norm = (symbol(s) for s in ("eps", "l", "i", "n", "k", "x_norm", "w_norm"))
    return Bound(
        id="fischer2022.error_propagation",
        title="per-layer accuracy that keeps the network's error ≤ ε",
        source=dataclasses.replace(FISCHER2022, locator="Lemma 1"),
        confidence="restated (Plant 'n' Seek Lemma 1)",
        kind="upper",
        quantity="accuracy to which every parameter of layer i must be approximated",
        target=QUANTITIES["eps_l"][0],
        relation="<=",
        expr=eps / (l * sp.sqrt(n * k) * (1 + x_norm) * (w_norm + eps / l) ** (l - i)),
        variables=("eps", "l", "i", "n", "k", "x_norm", "w_norm"),
        conditions=(sp.LessThan(i, l, evaluate=False),),
        conclusion="if every parameter of layer i is within ε_l of the target's (for every i), the sup error of the "
                   "network is ≤ ε",
        meanings={"l": "depth of the target (L in the source)", "i": "the layer (l in the source), 1 ≤ i ≤ l",
                  "n": "n_l: neurons of target layer i",
                  "k": "k_{l,max}: largest number of non-zero parameters of a neuron of layer i",
                  "x_norm": "sup over inputs of ‖x^{(i)}‖₁, the input of layer i",
                  "w_norm": "‖W^{(j)}‖_∞ of every later layer j > i (taken equal)"},
        trends={"n": -1, "k": -1, "x_norm": -1, "w_norm": -1},
        notes=("Specialised: the source's Π_{j>i}(‖W^{(j)}‖_∞ + ε/L) is taken with equal norms, "
               "(w_norm + ε/l)^(l−i).",
               "Not monotone in ε, l or i in general (ε also enters the product)."),
    )


def existence_probability() -> Bound:
    r"""Probability that a planted-size ticket exists: ``fischer2022.existence_probability`` [paper (Theorem 2)].

    A random network of the target's depth, weights :math:`U[-\sigma_w, \sigma_w]` and biases
    :math:`U[-\prod\sigma_w, \prod\sigma_w]`, contains the ticket with probability at least
    :math:`\prod_l (1 - \sum_i (1 - \epsilon_l^{k_i})^{n_{l,0}})`.  Specialised (every layer has :math:`n` target
    neurons with :math:`k` parameters, accuracy :math:`\epsilon_l`, and :math:`n_0` random neurons):

    .. math::
        \Pr(\text{ticket exists}) \ge \max\big(0,\ 1 - n (1 - \epsilon_l^k)^{n_0}\big)^{l}.

    The ``max(0, ·)`` is the honest reading of a union bound below zero (it says nothing); without it an even
    number of negative factors would give a positive "probability".

    Examples
    --------
    >>> from bounds.papers import fischer2022
    >>> b = fischer2022.existence_probability()
    >>> round(b(eps_l=0.5, k=2, n=10, n0=40, l=3), 6)       # (1 - 10 * 0.75**40)**3
    0.999698
    """
    eps_l, k, n, n0, l = (symbol(s) for s in ("eps_l", "k", "n", "n0", "l"))
    return Bound(
        id="fischer2022.existence_probability",
        title="same-depth random networks contain the planted ticket",
        source=dataclasses.replace(FISCHER2022, locator="Theorem 2"),
        confidence="paper (Plant 'n' Seek Theorem 2)",
        kind="probability",
        quantity="probability that the random network contains an ε-approximation of the target",
        target=QUANTITIES["probability"][0],
        expr=sp.Max(0, 1 - n * (1 - eps_l ** k) ** n0) ** l,
        variables=("eps_l", "k", "n", "n0", "l"),
        conclusion="a mother network of the target's depth with n0 neurons per layer contains a subnetwork whose "
                   "parameters are all within ε_l of the target's",
        meanings={"eps_l": "ε_l: per-parameter accuracy (same in every layer)",
                  "k": "k_i: parameters of each target neuron (same for all)", "n": "target neurons per layer",
                  "n0": "n_{l,0}: neurons per layer of the random network", "l": "depth (L in the source)"},
        trends={"eps_l": +1, "n0": +1, "n": -1, "k": -1, "l": -1},
        notes=("Specialised to homogeneous layers; the source's product over layers and sum over neurons become "
               "powers and a factor n.",
               "max(0, ·) added: a per-layer factor below zero is replaced by 0 (the union bound is vacuous there).",
               "ε_l^k is the chance that one random neuron's k parameters all fall within ε_l (weights scaled to "
               "σ_w = 1, as the statement reads)."),
    )


def same_depth_width() -> Bound:
    r"""Width of a same-depth random network: ``fischer2022.same_depth_width`` [paper].

    .. math::
        n_0 \ge C \log\frac{l\, n}{\delta}\ \max_l \epsilon_l^{-k_{max}},

    specialised to one accuracy :math:`\epsilon_l` for all layers and :math:`k = k_{max}`.

    Examples
    --------
    >>> from bounds.papers import fischer2022
    >>> round(fischer2022.same_depth_width()(l=3, n=10, delta=0.01, eps_l=0.5, k=2, C=1), 4)   # 4 ln(3000)
    32.0255
    """
    l, n, delta, eps_l, k = (symbol(s) for s in ("l", "n", "delta", "eps_l", "k"))
    C = constant_symbol("C")
    return Bound(
        id="fischer2022.same_depth_width",
        title="width of a same-depth random network that contains the ticket",
        source=dataclasses.replace(FISCHER2022, locator="Theorem 2 (width form)"),
        confidence="paper",
        kind="upper",
        quantity="neurons per layer of the random (mother) network",
        target=QUANTITIES["n0"][0],
        expr=C * sp.log(l * n / delta) * eps_l ** (-k),
        variables=("l", "n", "delta", "eps_l", "k"),
        constants=(Constant(C, "universal constant"),),
        conclusion="with probability ≥ 1 − δ the same-depth random network contains the ticket",
        meanings={"l": "depth (L in the source)", "n": "target neurons per layer (the union bound runs over l·n)",
                  "eps_l": "ε_l: per-parameter accuracy (one value for all layers)",
                  "k": "k_max: largest number of parameters of a target neuron"},
        trends={"l": +1, "n": +1, "delta": -1, "eps_l": -1, "k": +1},
        notes=("Specialised: max_l ε_l^{−k_max} with one ε_l for all layers.",
               "Exponential in k: planting dense neurons in a same-depth network needs very wide layers."),
    )


BOUNDS = (error_propagation, existence_probability, same_depth_width)
