"""Build a ticket of the constructions beyond Pensia et al.'s: draw the random network, prune it, certify it.

* :func:`burkholz_ticket` — Burkholz's depth l + 1 (:mod:`verify.tickets.burkholz`);
* :func:`orseau_ticket` — Orseau et al.'s hyperbolic weights in Pensia et al.'s pairs (:mod:`verify.tickets.orseau`);
* :func:`conv_ticket` — da Cunha et al.'s random CNNs (:mod:`verify.tickets.convolutional`).

Each returns a :class:`verify.tickets.general.LayeredTicket` whose numbers are made by
:func:`verify.tickets.general.assess` from the layers and masks alone; ``ticket.save(path)`` writes schema version 2.
"""

from __future__ import annotations

import time

from verify.errors import InvalidInput
from verify.memory import require
from verify.streams import check_seed
from verify.subsetsum.solve import MAX_COEFFICIENTS
from verify.tickets import burkholz, convolutional, orseau
from verify.tickets.activations import RELU, Activation
from verify.tickets.construction import check_target
from verify.tickets.general import LayeredTicket, assess
from verify.validate import check_int

UNIFORM = {"kind": "uniform", "low": -1.0, "high": 1.0}


def _guard(construction: str, shape, units: int, kernel: int = 3) -> None:
    """Refuse, before drawing it, a random network whose tensors (with their draw, masks and pruned copies: 33 bytes
    per weight, as :func:`verify.tickets.footprint.ticket_memory` counts them) exceed the memory guard."""
    from verify.tickets.comparison import ComparisonSpec, random_parameters

    spec = ComparisonSpec(construction, tuple(shape), (units,), 0.5, 1, 0, ("random",), kernel=kernel)
    weights = random_parameters(spec, units)
    require(f"a {construction} network with {units:,} units on {list(shape)}",
            [(f"random network ({weights:,} weights)", 33 * weights)], advice="use fewer --units")


def burkholz_ticket(target, eps: float, delta: float = 0.01, *, copies: int, act: Activation = RELU, seed: int = 0,
                    rescale: bool = False, samples: int = 4096, restarts: int = 8) -> LayeredTicket:
    """Draw the depth-(L + 1) network with ``copies`` copies per neuron (2·copies first-layer units per input) and
    prune it to ``target`` (matrices W_1..W_L, ‖W_i‖₂ ≤ 1, or ``rescale``), target and network with activation
    ``act``.

    >>> from verify.tickets import random_target
    >>> ticket = burkholz_ticket(random_target([3, 4, 2], seed=0), 0.05, copies=16, samples=256, restarts=2)
    >>> ticket.depth, ticket.widths, ticket.sup_error_empirical <= ticket.sup_error_certified
    (3, [96, 64], True)
    """
    started = time.perf_counter()
    matrices_target = check_target(target, rescale=rescale)
    seed = check_seed(seed)
    copies = check_int("copies", copies, 1, MAX_COEFFICIENTS)
    dims = [matrices_target[0].shape[1]] + [w.shape[0] for w in matrices_target]
    _guard("burkholz", dims, copies)
    matrices = burkholz.nested_burkholz(dims, copies, seed).matrices(copies)
    masks = burkholz.prune(matrices_target, matrices, copies, act)
    return assess("burkholz", burkholz.target_layers(matrices_target, act),
                  burkholz.network_layers(matrices, act, len(matrices)), masks, eps=eps, delta=delta, seed=seed,
                  parameters={"copies": copies, "first_units": 2 * copies}, law=UNIFORM, samples=samples,
                  restarts=restarts, started=started)


def orseau_ticket(target, eps: float, delta: float = 0.01, *, units: int, alpha: float | None = None,
                  beta: float = orseau.DEFAULT_BETA, seed: int = 0, rescale: bool = False, samples: int = 4096,
                  restarts: int = 8) -> LayeredTicket:
    """Draw the hyperbolic depth-2l network with ``units`` units per input coordinate (law on [α, β], α defaulting
    to :func:`verify.tickets.orseau.default_alpha` (ε)) and prune it to ``target``."""
    started = time.perf_counter()
    matrices_target = check_target(target, rescale=rescale)
    seed = check_seed(seed)
    units = check_int("units", units, 1)
    law = orseau.hyperbolic_law(orseau.default_alpha(eps) if alpha is None else alpha, beta)
    dims = [matrices_target[0].shape[1]] + [w.shape[0] for w in matrices_target]
    _guard("orseau", dims, units)
    matrices = orseau.nested_orseau(dims, units, seed, law.params["alpha"], law.params["beta"]).matrices(units)
    masks = orseau.prune(matrices_target, matrices)
    return assess("orseau", orseau.target_layers(matrices_target), orseau.pair_layers(matrices), masks, eps=eps,
                  delta=delta, seed=seed, parameters={"units": units},
                  law={"kind": "hyperbolic", "alpha": law.params["alpha"], "beta": law.params["beta"]},
                  samples=samples, restarts=restarts, started=started)


def conv_ticket(target, eps: float, delta: float = 0.01, *, units: int, image: int = 8, seed: int = 0,
                rescale: bool = False, samples: int = 1024, restarts: int = 8) -> LayeredTicket:
    """Draw the random CNN with ``units`` channels per input channel and prune it to ``target`` (kernels
    (c_i, c_{i−1}, k, k), ‖K_i‖_∞ ≤ 1, or ``rescale``), certified for ``image``×``image`` inputs."""
    started = time.perf_counter()
    kernels = convolutional.check_kernels(target, rescale=rescale)
    seed = check_seed(seed)
    units = check_int("units", units, 1)
    image = check_int("image", image, 1)
    if image < kernels[0].shape[2] // 2 + 1:
        raise InvalidInput(f"image side {image} is too small for kernels of side {kernels[0].shape[2]}")
    channels = [kernels[0].shape[1]] + [k.shape[0] for k in kernels]
    _guard("conv", channels, units, kernels[0].shape[2])
    tensors = convolutional.nested_cnn(channels, units, seed, kernels[0].shape[2]).tensors(units)
    masks = convolutional.prune(kernels, tensors)
    return assess("conv", convolutional.target_layers(kernels), convolutional.network_layers(tensors), masks,
                  eps=eps, delta=delta, seed=seed, parameters={"units": units}, law=UNIFORM, samples=samples,
                  restarts=restarts, started=started, input_shape=(channels[0], image, image))
