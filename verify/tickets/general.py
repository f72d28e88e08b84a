"""Tickets of every construction as layered networks: the common result type, its certificate and its checks.

A :class:`LayeredTicket` holds the target and the random network as lists of :class:`verify.tickets.layered.Layer`,
the masks, the input domain, the certified and the empirical sup error and the construction's parameters.  The
construction named in it decides how the certificate is computed and which structure it relies on:

==============  ===================  ==========================================  ===================================
construction    domain / error norm  structure the certificate relies on         certificate
==============  ===================  ==========================================  ===================================
``pensia``      ℓ2 ball / ℓ2         dense pairs, odd layers of in-degree ≤ 1    :mod:`verify.tickets.sup_error`
``orseau``      ℓ2 ball / ℓ2         as pensia; hyperbolic law, β ≤ 1            :mod:`verify.tickets.sup_error`
``burkholz``    ℓ2 ball / ℓ2         depth L+1, layer 1 of in-degree ≤ 1, rows   :mod:`verify.tickets.burkholz`
                                     in blocks of ``copies``; (leaky) ReLU
``conv``        ℓ∞ box / ℓ∞          conv pairs: 1×1 of in-degree ≤ 1, k×k       :mod:`verify.tickets.convolutional`
==============  ===================  ==========================================  ===================================

:func:`assess` is the one place where a ticket's numbers are made (by the constructions and by ``slth ticket check``
from a file): nothing but the layers and masks enters it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from verify.errors import InvalidInput
from verify.memory import require
from verify.tickets import burkholz, convolutional, orseau
from verify.tickets.empirical import sup_error_l2_ball, sup_error_linf_box
from verify.tickets.kinds import CONSTRUCTIONS, DOMAINS
from verify.tickets.layered import Layer, forward, shapes
from verify.tickets.schema import save as save_layered
from verify.tickets.sup_error import check_search, search_memory
from verify.validate import check_unit_interval

CERTIFIERS = {"pensia": orseau.certify_layers, "orseau": orseau.certify_layers,
              "burkholz": burkholz.certify_layers, "conv": convolutional.certify_layers}


def _certifier(construction: str):
    if construction not in CERTIFIERS:
        raise InvalidInput(f"construction {construction!r} is not known; allowed: {', '.join(CONSTRUCTIONS)}")
    return CERTIFIERS[construction]


def _empirical(domain: str, target, pruned, input_shape, samples: int, restarts: int, seed: int) -> float:
    if domain == "l2-ball":
        return sup_error_l2_ball(target, pruned, input_shape, samples=samples, restarts=restarts, seed=seed)
    return sup_error_linf_box(target, pruned, input_shape, samples=samples, restarts=restarts, seed=seed)


@dataclass(frozen=True, eq=False)
class LayeredTicket:
    """A pruned random network (layers ⊙ masks) approximating a target, with its certified and empirical errors."""

    construction: str
    target: tuple
    random: tuple
    masks: tuple
    input_shape: tuple
    eps: float
    delta: float
    seed: int
    parameters: dict
    law: dict
    sup_error_certified: float
    sup_error_empirical: float
    terms: list = field(default_factory=list)
    samples: int = 4096
    restarts: int = 8
    seconds: float = 0.0

    @property
    def domain(self) -> str:
        return DOMAINS[self.construction]

    def pruned(self) -> list[Layer]:
        return [layer.with_weights(layer.weights * mask) for layer, mask in zip(self.random, self.masks)]

    def __call__(self, inputs) -> np.ndarray:
        """g(x) for a batch of inputs (N, *input_shape)."""
        return forward(self.pruned(), inputs)

    def target_output(self, inputs) -> np.ndarray:
        """f(x) for a batch of inputs (N, *input_shape)."""
        return forward(self.target, inputs)

    @property
    def depth(self) -> int:
        return len(self.random)

    @property
    def widths(self) -> list[int]:
        """The random network's hidden widths (dense units, or channels)."""
        return [layer.weights.shape[0] for layer in self.random[:-1]]

    @property
    def params_target(self) -> int:
        return int(sum(layer.weights.size for layer in self.target))

    @property
    def params_random(self) -> int:
        return int(sum(layer.weights.size for layer in self.random))

    @property
    def params_kept(self) -> int:
        return int(sum(int(mask.sum()) for mask in self.masks))

    @property
    def ok(self) -> bool:
        return self.sup_error_certified <= self.eps

    def summary(self) -> dict:
        """The JSON-ready report (``slth ticket --construction ... --json``)."""
        return {
            "ok": bool(self.ok),
            "construction": self.construction,
            "domain": self.domain,
            "eps": float(self.eps),
            "delta": float(self.delta),
            "seed": int(self.seed),
            "parameters": dict(self.parameters),
            "law": dict(self.law),
            "activation": self.target[0].activation.describe() if len(self.target) > 1
            else self.random[0].activation.describe(),
            "input_shape": [int(s) for s in self.input_shape],
            "target_shapes": [list(layer.weights.shape) for layer in self.target],
            "depth": self.depth,
            "hidden_widths": self.widths,
            "sup_error_certified": float(self.sup_error_certified),
            "sup_error_empirical": float(self.sup_error_empirical),
            "params_target": self.params_target,
            "params_random": self.params_random,
            "params_kept": self.params_kept,
            "ratio_random_to_target": self.params_random / self.params_target,
            "ratio_kept_to_target": self.params_kept / self.params_target,
            "certificate": list(self.terms),
            "seconds": float(self.seconds),
        }

    def save(self, path) -> None:
        """Write the ticket in the ticket-file schema version 2 (:mod:`verify.tickets.schema`)."""
        save_layered(self, path)


def certify(construction: str, target, random, masks, parameters) -> tuple[float, list[dict]]:
    """The construction's certified sup-error bound and its terms, from the layers and masks alone."""
    return _certifier(construction)(list(target), list(random), list(masks), parameters)


def assess(construction: str, target, random, masks, *, eps: float, delta: float, seed: int, parameters: dict,
           law: dict, samples: int = 4096, restarts: int = 8, started: float | None = None,
           input_shape=None) -> LayeredTicket:
    """Certified and empirical sup error of ``random ⊙ masks`` against ``target`` (layers); the ticket."""
    started = time.perf_counter() if started is None else started
    eps, delta = check_unit_interval("eps", eps), check_unit_interval("delta", delta)
    if input_shape is None:
        input_shape = (target[0].weights.shape[1],)
    input_shape = tuple(int(s) for s in input_shape)
    target_shapes, network_shapes = shapes(target, input_shape), shapes(random, input_shape)
    if target_shapes[-1] != network_shapes[-1]:
        raise InvalidInput(f"the network's output shape {network_shapes[-1]} differs from the target's "
                           f"{target_shapes[-1]}")
    samples, restarts = check_search(int(np.prod(input_shape)), samples, restarts)
    widest = max(int(np.prod(shape)) for shape in target_shapes + network_shapes)
    require(f"the empirical search of a {construction} ticket ({samples:,} samples)",
            [("empirical search", search_memory(int(np.prod(input_shape)), samples, widest, len(random)))],
            advice="use fewer samples")
    certified, terms = certify(construction, target, random, masks, parameters)
    pruned = [layer.with_weights(layer.weights * mask) for layer, mask in zip(random, masks)]
    empirical = _empirical(DOMAINS[construction], list(target), pruned, input_shape, samples, restarts, seed)
    if not math.isfinite(certified):
        raise InvalidInput("the certified bound is not finite")
    return LayeredTicket(construction, tuple(target), tuple(random), tuple(masks), input_shape, eps, delta, seed,
                         dict(parameters), dict(law), float(certified), float(empirical), terms, samples, restarts,
                         time.perf_counter() - started)
