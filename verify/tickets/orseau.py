"""Orseau, Hutter, Rivasplata (NeurIPS 2020), "Logarithmic pruning is all you need": hyperbolic random weights.

What was read.  The paper's abstract and the opening of its introduction (arXiv 2006.12156; the NeurIPS 2020 text's
first page), and public summaries of its Figure 1: a target weight w* is simulated in the pruned network by
intermediate neurons, two per weight in earlier work (needing about 1/ε² sampled neurons), 2·log(1/ε) with the
paper's "binary" decomposition of w* (needing only O(log 1/ε) sampled neurons), because the weights are drawn from
a **hyperbolic** law (density ∝ 1/|w|); "only a logarithmic factor (in all variables but depth) number of neurons
per weight of the target" [abstract].  The theorem's constants and its exact network size could not be read: the
catalog's ``orseau2020.neurons_per_weight`` (C_depth·log(d/min(ε, δ)), [abstract + recalled]) is what the measured
numbers are compared with.

What is built.  The random network is Pensia et al.'s depth-2l two-layers-for-one structure
(:mod:`verify.tickets.construction`: hidden units of in-degree one in blocks of m per input coordinate) with every
weight drawn from the hyperbolic law of :mod:`verify.subsetsum.laws` (magnitude α·(β/α)^U with U ~ U[0, 1), a random
sign) on [α, β] = [√ε, 1] by default: the products a·b of a pair then span [ε, 1], every scale a binary decomposition
of a weight within ε needs (this project's choice, not read in the paper; with the law's own default α = 0.01 the
products reach 10⁻⁴ and, at ε = 0.01 on 4×4 targets, several times more units were needed in a first look on the
exploratory seed 0: over 150, mostly beyond the grid, against about 45 for α = 0.1).  Each target weight W[r, j] is
approximated, exactly, by the subset of block j's products |a_u|·b_{r,u} whose sum is closest to it (one sign group
per sign, as Pensia et al.). A binary decomposition is one particular subset of the same products, so on the same
draws the exact optimum's error is never larger than the paper's selection rule's: what is measured is the
hyperbolic *law*, with the best pruning of it. Whether the paper's intermediate neurons are shared across output
neurons (as here and in Pensia et al.) is not
known from what was read.

Certificate: the pairs have in-degree one and ReLU, so Pensia et al.'s bound of :mod:`verify.tickets.sup_error`
applies unchanged (its rounding slack assumes |weights| ≤ 1, hence β ≤ 1 is required).

Randomness: unit k of block j of pair i: first-layer weight from the k-th row of the (m, 2) uniforms of
``stream(seed, PURPOSE_TICKETS, KEY + i, j, 0)``, second-layer weights from the k-th slab of the (m, d_i, 2) uniforms of
``stream(…, KEY + i, j, 1)`` (nested: the network with m units is the first m units of every block of a wider one).
"""

from __future__ import annotations

import math

import numpy as np

from verify.errors import InvalidInput
from verify.streams import PURPOSE_TICKETS, stream
from verify.subsetsum.laws import get_law
from verify.subsetsum.solve import MAX_COEFFICIENTS
from verify.tickets.activations import IDENTITY, RELU
from verify.tickets.construction import certify as pensia_certify
from verify.tickets.construction import prune_pair
from verify.tickets.layered import Layer
from verify.tickets.montecarlo import NestedNetwork
from verify.validate import check_int, check_real

KEY = 8_200_000
DEFAULT_ALPHA = 0.1
DEFAULT_BETA = 1.0


def default_alpha(eps: float) -> float:
    """α = √ε: the products a·b of a pair then reach down to ε, the finest binary digit a weight needs within ε
    (this project's reading of the binary decomposition; the paper's support could not be read)."""
    return math.sqrt(check_real("eps", eps, 0.0, 1.0, low_open=True, high_open=True))


def hyperbolic_law(alpha: float = DEFAULT_ALPHA, beta: float = DEFAULT_BETA):
    """The hyperbolic law on [α, β] mirrored to negatives, with β ≤ 1 (the certificate's rounding assumes it)."""
    alpha = check_real("alpha", alpha, 0.0, low_open=True)
    beta = check_real("beta", beta, 0.0, 1.0, low_open=True)
    if not alpha < beta:
        raise InvalidInput(f"the hyperbolic law needs alpha < beta, got alpha={alpha:g}, beta={beta:g}")
    return get_law("hyperbolic", alpha=alpha, beta=beta)


def nested_orseau(dims, m_max: int, seed: int, alpha: float = DEFAULT_ALPHA, beta: float = DEFAULT_BETA) \
        -> NestedNetwork:
    """The widest network of a nested family with hyperbolic weights (see the module docstring); the same block
    structure as Pensia et al.'s pairs (:class:`verify.tickets.montecarlo.NestedNetwork`), another weight law."""
    law = hyperbolic_law(alpha, beta)
    dims = tuple(int(d) for d in dims)
    m_max = check_int("units", m_max, 1)
    first, second = [], []
    for i, (d_in, d_out) in enumerate(zip(dims[:-1], dims[1:])):
        first.append(np.stack([law.transform(stream(seed, PURPOSE_TICKETS, KEY + i, j, 0).random((m_max, 2)))
                               for j in range(d_in)]))
        second.append(np.stack([law.transform(stream(seed, PURPOSE_TICKETS, KEY + i, j, 1).random((m_max, d_out, 2)))
                                for j in range(d_in)]))
    return NestedNetwork(dims, tuple(first), tuple(second))


def prune(target, matrices) -> list[np.ndarray]:
    """Masks of M_1 … M_{2l}: Pensia et al.'s pair pruning, every weight an exact subset sum (a sign group above the
    solver's 40 coefficients offers its 40 units of largest |a|, :func:`verify.tickets.construction.prune_pair`)."""
    masks = []
    for i, w in enumerate(target):
        mask1, mask2, _ = prune_pair(w, matrices[2 * i], matrices[2 * i + 1], layer=i + 1, cap=MAX_COEFFICIENTS)
        masks += [mask1, mask2]
    return masks


def pair_layers(matrices) -> list[Layer]:
    """The depth-2l network as layers: ReLU after every matrix but the last."""
    return [Layer("dense", m, RELU if k < len(matrices) - 1 else IDENTITY) for k, m in enumerate(matrices)]


def target_layers(target) -> list[Layer]:
    return [Layer("dense", w, RELU if i < len(target) - 1 else IDENTITY) for i, w in enumerate(target)]


def certify_layers(target_layers_, random_layers, masks, parameters) -> tuple[float, list[dict]]:
    """Pensia et al.'s certificate (:func:`verify.tickets.construction.certify`) on layered networks."""
    bound, layers, _, _ = pensia_certify([t.weights for t in target_layers_], [r.weights for r in random_layers],
                                         list(masks))
    return bound, [layer.as_dict() for layer in layers]
