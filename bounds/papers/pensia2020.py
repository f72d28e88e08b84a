r"""Pensia, Rajput, Nagle, Vishwakarma, Papailiopoulos (NeurIPS 2020): logarithmic over-parameterization suffices.

The paper's body could not be read directly: the width theorem is [recalled] (its width corroborated by later
papers that restate it), the subset-sum lemmas and the lower bound are [restated].

Construction.  A target layer :math:`W \in \mathbb{R}^{d_i \times d_{i-1}}` is replaced by two random layers: a
hidden layer of :math:`d'_i` units whose first matrix is pruned to in-degree one, and a second matrix in which each
:math:`W[r, j]` is approximated by a subset sum of products of two uniform weights.  Half the units have the wrong
sign and are pruned, so each subset-sum instance samples the mixture

.. math::
    D = \tfrac12 \delta_0 + \tfrac12\,\mathrm{Law}(XY), \qquad X \sim U[0, 1],\ Y \sim U[-1, 1].

Module functions :func:`product_density` and :func:`mixture_density` derive the densities by integration; the
weight :math:`\ln 2 / 4` of the uniform component of :math:`D` is computed from them, not typed.
"""

from __future__ import annotations

import dataclasses

import sympy as sp

from bounds.bound import Bound
from bounds.functions import log2
from bounds.papers._sources import PENSIA2020
from bounds.parts import Constant
from bounds.symbols import QUANTITIES, constant_symbol, symbol

__all__ = ["product_density", "mixture_density", "product_mixture", "rss_samples_mixture", "width", "params",
           "lower_params", "lower_width"]

#: The point at which densities are written (a real in (0, 1]; the laws are symmetric, so z stands for |z|).
z = sp.Symbol("z", positive=True)


def product_density() -> sp.Expr:
    r"""Density of :math:`XY` at :math:`z \in (0, 1]` (:math:`X \sim U[0,1]`, :math:`Y \sim U[-1,1]`), by integration.

    .. math::
        f_{XY}(z) = \int_0^1 f_X(x)\, f_Y(z/x)\, \frac{dx}{x} = \int_z^1 \frac{1}{2x}\, dx = \tfrac12 \ln\frac1z .

    The same density holds for :math:`X, Y \sim U[-1, 1]` (the project's ``product`` law); it is symmetric in
    :math:`z`.

    >>> from bounds.papers.pensia2020 import product_density, z
    >>> product_density()
    -log(z)/2
    >>> round(float(product_density().subs(z, 0.25)), 4)
    0.6931
    """
    x = sp.Symbol("x", positive=True)
    # f_Y(z/x) = 1/2 when z/x <= 1, i.e. x >= z; f_X = 1 on [0, 1].
    return sp.integrate(sp.Rational(1, 2) / x, (x, z, 1))


def mixture_density() -> sp.Expr:
    r"""Density of the continuous part of :math:`D = \tfrac12\delta_0 + \tfrac12\mathrm{Law}(XY)` at :math:`z \ne 0`.

    >>> from bounds.papers.pensia2020 import mixture_density
    >>> mixture_density()
    -log(z)/4
    """
    return product_density() / 2


def _uniform_weight() -> sp.Expr:
    """Largest w with D >= w * U[-1/2, 1/2] on [-1/2, 1/2]: the minimum of the mixture density there."""
    return sp.minimum(mixture_density(), z, sp.Interval.Lopen(0, sp.Rational(1, 2)))


def product_mixture() -> Bound:
    r"""The mixture contains a uniform part: ``pensia2020.product_mixture`` [restated] (Corollary 1).

    .. math::
        D \ge w\, U[-\tfrac12, \tfrac12], \qquad w = \min_{0 < z \le 1/2} \tfrac14 \ln\frac1z = \frac{\ln 2}{4}
        \approx 0.173.

    Examples
    --------
    >>> from bounds.papers import pensia2020
    >>> b = pensia2020.product_mixture()
    >>> b.expr
    log(2)/4
    >>> round(b(), 4)
    0.1733
    """
    weight = QUANTITIES["weight"][0]
    return Bound(
        id="pensia2020.product_mixture",
        title="the subset-sum law of a pruned gadget contains U[−½, ½]",
        source=dataclasses.replace(PENSIA2020, locator="Corollary 1"),
        confidence="restated",
        kind="probability",
        quantity="weight of U[−½, ½] inside D = ½δ₀ + ½Law(XY), X ~ U[0, 1], Y ~ U[−1, 1]",
        target=weight,
        expr=_uniform_weight(),
        variables=(),
        conclusion="D = w·U[−½, ½] + (1 − w)·(another law): Lueker-type results apply to D with a constant "
                   "changed by this weight",
        notes=("The weight is computed here: the minimum over 0 < z ≤ ½ of the mixture density −ln(z)/4, itself "
               "integrated from the uniform densities (pensia2020.product_density, mixture_density).",),
    )


def rss_samples_mixture() -> Bound:
    r"""Random subset sum over the mixture: ``pensia2020.rss_samples_mixture`` [restated] (Corollary 2).

    .. math::
        n \ge C \ln\frac{2}{\epsilon}

    samples from :math:`D` give the conclusion of Lemma 1 (every :math:`z \in [-1, 1]` within :math:`\epsilon` of a
    subset sum, with probability :math:`\ge 1 - \epsilon`).  :math:`C` is not Lueker's: the weight
    :math:`\ln 2/4` of the uniform part enters it.  No value is given by the source.

    Examples
    --------
    >>> from bounds.papers import pensia2020
    >>> round(pensia2020.rss_samples_mixture()(eps=0.01, C=1), 4)
    5.2983
    """
    eps, n = symbol("eps"), symbol("n")
    C = constant_symbol("C")
    return Bound(
        id="pensia2020.rss_samples_mixture",
        title="random subset sum over the pruned-gadget mixture",
        source=dataclasses.replace(PENSIA2020, locator="Corollary 2"),
        confidence="restated",
        kind="upper",
        quantity="number of samples from D = ½δ₀ + ½Law(XY)",
        target=n,
        expr=C * sp.log(2 / eps),
        variables=("eps",),
        constants=(Constant(C, "universal constant of Corollary 2 (not Lueker's C)"),),
        conclusion="with probability ≥ 1 − ε every z ∈ [−1, 1] is within ε of a subset sum (Lemma 1's conclusion)",
        trends={"eps": -1},
        log_base="natural (the source writes ln)",
        notes=("Target interval and failure probability as in Lemma 1 (restated); not checked in the paper's text.",),
    )


def width() -> Bound:
    r"""Theorem 1, hidden width: ``pensia2020.width`` [recalled, width corroborated].

    A random network of depth :math:`2l` with i.i.d. :math:`U[-1, 1]` weights whose hidden layer before target layer
    :math:`i` has width

    .. math::
        d'_i \ge C\, d_{i-1} \log \frac{d_{i-1}\, d_i\, l}{\min\{\epsilon, \delta\}}

    can, with probability at least :math:`1 - \delta`, be pruned to approximate every ReLU network
    :math:`f(x) = W_l \sigma(\cdots \sigma(W_1 x))` with :math:`\|W_i\| \le 1` to sup error :math:`< \epsilon` on the
    unit ball.  :math:`C` has no value given by the source.

    Examples
    --------
    >>> from bounds.papers import pensia2020
    >>> b = pensia2020.width()
    >>> round(b(d_in=100, d_out=100, l=5, eps=0.01, delta=0.01, C=1), 2)    # 100 ln(5e6)
    1542.49
    >>> eps = b.solve_for("eps", width=2000, d_in=100, d_out=100, l=5, delta=0.5, C=1)
    >>> round(eps, 9)                        # 100 ln(5e4 / eps) = 2000  =>  eps = 5e4 / e^20
    0.000103058
    """
    eps, delta, d_in, d_out, l = (symbol(s) for s in ("eps", "delta", "d_in", "d_out", "l"))
    C = constant_symbol("C")
    return Bound(
        id="pensia2020.width",
        title="Theorem 1: logarithmic over-parameterization suffices",
        source=dataclasses.replace(PENSIA2020, locator="Theorem 1", note="theorem statement recalled"),
        confidence="recalled, width corroborated",
        kind="upper",
        quantity="hidden width of the random network before target layer i (the random network has depth 2l)",
        target=QUANTITIES["width"][0],
        expr=C * d_in * sp.log(d_in * d_out * l / sp.Min(eps, delta)),
        variables=("d_in", "d_out", "l", "eps", "delta"),
        constants=(Constant(C, "universal constant of Theorem 1"),),
        conclusion="with probability ≥ 1 − δ every target in F (depth l, ‖W_i‖ ≤ 1, ReLU, no biases) has a pruning "
                   "of the random U[−1, 1] network with sup error < ε on the unit ball",
        meanings={"d_in": "d_{i−1}: input width of target layer i", "d_out": "d_i: output width of target layer i",
                  "l": "depth of the target (the random network has 2l layers)"},
        trends={"d_in": +1, "d_out": +1, "l": +1, "eps": -1, "delta": -1},
        log_base="natural (assumed: the statement's log has no stated base, a different base only rescales C)",
        notes=("RECALLED: the theorem's exact form, constants and numbering are from memory; the width "
               "d_{i−1}·log(d_{i−1} d_i l / min{ε, δ}) is corroborated by later papers that restate it.",
               "Over-parameterization factor over the target: O(log(d l / min{ε, δ})).",
               "The log's base is ambiguous in the sources the project has; natural log is assumed."),
    )


def params() -> Bound:
    r"""Total random parameters for square layers: ``pensia2020.params`` [derived from the width].

    Target layer :math:`i` becomes two random matrices, :math:`d'_i \times d_{i-1}` and :math:`d_i \times d'_i`,
    so the random network has :math:`\sum_i d'_i (d_{i-1} + d_i)` parameters; with every width equal to :math:`d`
    (:math:`\sum_i 2 d_i d'_i`, the catalog's form) this is computed from :func:`width` as

    .. math::
        P = 2\, l\, d\, d'(d, d, l, \epsilon, \delta) = 2 C\, l\, d^2 \log\frac{d^2 l}{\min\{\epsilon, \delta\}}.

    Examples
    --------
    >>> from bounds.papers import pensia2020
    >>> round(pensia2020.params()(d=10, l=2, eps=0.01, delta=0.01, C=1))     # 400 ln(20000)
    3961
    """
    eps, delta, d, l, d_in, d_out = (symbol(s) for s in ("eps", "delta", "d", "l", "d_in", "d_out"))
    base = width()
    per_layer = base.expr.subs({d_in: d, d_out: d})
    return Bound(
        id="pensia2020.params",
        title="parameters of the random network (square layers)",
        source=dataclasses.replace(PENSIA2020, locator="from Theorem 1"),
        confidence="derived from the width",
        kind="upper",
        quantity="number of random parameters (both matrices of every layer pair)",
        target=QUANTITIES["P"][0],
        expr=2 * l * d * per_layer,
        variables=("d", "l", "eps", "delta"),
        constants=base.constants,
        conclusion=base.conclusion,
        derived_from={base.id: base.confidence},
        meanings={"d": "width of every target layer (d_{i−1} = d_i = d)", "l": base.meaning("l")},
        trends={"d": +1, "l": +1, "eps": -1, "delta": -1},
        log_base=base.log_base,
        notes=("For unequal widths the count is Σ_i d'_i (d_{i−1} + d_i).",
               "Inherits the [recalled] status of pensia2020.width."),
    )


def lower_params() -> Bound:
    r"""Lower bound on parameters: ``pensia2020.lower_params`` [restated] (Theorem 2).

    If a network with :math:`P` parameters can be pruned to :math:`\epsilon`-approximate every linear map
    :math:`x \mapsto Wx`, :math:`W \in \mathbb{R}^{d\times d}`, :math:`\|W\| \le 1`, with probability
    :math:`\ge \tfrac12`, it has at least :math:`\tfrac12 (1/(2\epsilon))^{d^2}` subnetworks, so

    .. math::
        P \ge d^2 \log_2\frac{1}{2\epsilon} - 1 .

    The argument is counting (packing) and holds for any weights.

    Examples
    --------
    >>> from bounds.papers import pensia2020
    >>> round(pensia2020.lower_params()(d=10, eps=0.01), 2)     # 100 log2(50) - 1
    563.39
    """
    eps, d = symbol("eps"), symbol("d")
    return Bound(
        id="pensia2020.lower_params",
        title="Theorem 2: a counting lower bound on parameters",
        source=dataclasses.replace(PENSIA2020, locator="Theorem 2"),
        confidence="restated",
        kind="lower",
        quantity="number of parameters of any network that can be pruned to every target",
        target=QUANTITIES["P"][0],
        expr=d ** 2 * log2(1 / (2 * eps)) - 1,
        variables=("d", "eps"),
        conditions=(sp.StrictLessThan(eps, sp.Rational(1, 2), evaluate=False),),
        conclusion="necessary for any network (any weights) whose prunings ε-approximate every d×d linear map of "
                   "spectral norm ≤ 1 with probability ≥ ½",
        meanings={"d": "dimension of the target linear maps (d×d)"},
        trends={"d": +1, "eps": -1},
        log_base="base 2 (log2)",
    )


def lower_width() -> Bound:
    r"""Lower bound on the hidden width at depth 2: ``pensia2020.lower_width`` [derived].

    A depth-2 network with :math:`d` inputs, :math:`d` outputs and hidden width :math:`w` has :math:`2dw`
    parameters; solving :math:`2 d w = ` :func:`lower_params` for :math:`w` gives

    .. math::
        w \ge \frac{d^2 \log_2\frac{1}{2\epsilon} - 1}{2d} = \Omega\Big(d \log\frac1\epsilon\Big),

    so :func:`width` is optimal up to its :math:`\log d` term for constant depth.

    Examples
    --------
    >>> from bounds.papers import pensia2020
    >>> round(pensia2020.lower_width()(d=10, eps=0.01), 3)      # 563.39 / 20
    28.169
    """
    d = symbol("d")
    base = lower_params()
    w = sp.Dummy("w")
    (solution,) = sp.solve(sp.Eq(2 * d * w, base.expr), w)
    return Bound(
        id="pensia2020.lower_width",
        title="depth 2 needs hidden width Ω(d log 1/ε)",
        source=dataclasses.replace(PENSIA2020, locator="from Theorem 2"),
        confidence="derived",
        kind="lower",
        quantity="hidden width of any depth-2 network (d inputs, d outputs) that can be pruned to every target",
        target=QUANTITIES["width"][0],
        expr=solution,
        variables=("d", "eps"),
        conditions=base.conditions,
        conclusion="necessary for depth 2: 2·d·width parameters must reach pensia2020.lower_params",
        derived_from={base.id: base.confidence},
        meanings=base.meanings,
        trends={"d": +1, "eps": -1},
        log_base=base.log_base,
        notes=("Holds for depth 2 only; the width bound of Theorem 1 is Θ(log d) above it at fixed ε "
               "(bounds.compare('pensia2020.width', 'pensia2020.lower_width', var='d', ...)).",),
    )


BOUNDS = (product_mixture, rss_samples_mixture, width, params, lower_params, lower_width)
