"""The constructions side by side: how wide must each random network be, on the same targets and nested draws?

For one construction and one target shape, trial t draws one random network at the widest width of a grid of
**units** m_1 < … < m_K — units per input coordinate for Pensia et al.'s and Orseau et al.'s pairs, copies per
target neuron for Burkholz's L + 1 construction (its first layer has 2m units per input coordinate), channels per
input channel for da Cunha et al.'s CNNs — and the network at m units is the first m of every block of the widest one
(:func:`verify.tickets.montecarlo.nested_network`, :func:`verify.tickets.orseau.nested_orseau`,
:func:`verify.tickets.burkholz.nested_burkholz`, :func:`verify.tickets.convolutional.nested_cnn`).  So a ticket at
width m is also a ticket of every wider network of the trial, and "some width ≤ m is certified" is monotone in m.

A trial *succeeds at m* when the construction, every weight an exact subset sum, certifies a sup error ≤ ε for
**every** target of the trial's family.  The family is drawn per trial from a seed that does not depend on the
construction — ``derive_seed(seed, PURPOSE_TICKETS, TARGET_BLOCK, t)`` with
:func:`verify.tickets.montecarlo.target_family` for dense targets (``"random"``: Gaussian rescaled to spectral norm 1;
``"rank-one"``: u vᵀ) and :func:`conv_family` for kernels (``"random"``: Gaussian rescaled to ‖K‖_∞ = 1;
``"one-hot"``: a single ±1 per filter) — so every construction meets the same targets in trial t.  The network
seed of trial t is ``derive_seed(seed, PURPOSE_TICKETS, NETWORK_BLOCK, t)`` for every construction (their streams
are keyed apart), which makes the Pensia campaign here the same computation as
:func:`verify.tickets.montecarlo.required_widths` with the same settings.

Recorded per trial: the grid index of the first success (K if none), the certified error of every target at every
evaluated width, and the kept parameters of every target's ticket at the first success.  The required units at
failure probability δ is the ⌈(1 − δ)T⌉-th smallest first-success m (exact Clopper–Pearson bands per width).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np

from verify import stats
from verify.errors import InvalidInput
from verify.executors import blas_threads, run_chunks
from verify.store import ResultStore
from verify.streams import PURPOSE_TICKETS, check_seed, derive_seed
from verify.tickets import burkholz, convolutional, orseau
from verify.tickets.activations import RELU, activation
from verify.tickets.construction import certify as pensia_certify
from verify.tickets.construction import check_dims, prune_pair
from verify.tickets.montecarlo import NETWORK_BLOCK, TARGET_BLOCK, NestedGridResult, nested_network, target_family
from verify.validate import check_choice, check_int, check_unit_interval

CONSTRUCTIONS = ("pensia", "orseau", "burkholz", "conv")
DENSE_FAMILY = ("random", "rank-one")
CONV_FAMILY = ("random", "one-hot")
CONV_TARGET_BLOCK = 3_100_000
STREAM = "ticket-constructions/nested-1"

__all__ = ["CONSTRUCTIONS", "ComparisonResult", "ComparisonSpec", "compare_widths", "conv_family",
           "random_parameters", "trial_targets"]


@dataclass(frozen=True)
class ComparisonSpec:
    """Everything that determines the numbers of one campaign (its store identity)."""

    construction: str
    shape: tuple[int, ...]          # dense: d_0, ..., d_l; conv: channels c_0, ..., c_l
    units: tuple[int, ...]
    eps: float
    trials: int
    seed: int
    family: tuple[str, ...]
    negative_slope: float = 0.0     # burkholz: 0 (ReLU) or a leaky slope
    alpha: float = orseau.DEFAULT_ALPHA
    beta: float = orseau.DEFAULT_BETA
    kernel: int = 3
    image: int = 8

    def identity(self) -> dict:
        return {"construction": self.construction, "shape": list(self.shape), "units": list(self.units),
                "eps": self.eps, "trials": self.trials, "seed": self.seed, "family": list(self.family),
                "negative_slope": self.negative_slope, "alpha": self.alpha, "beta": self.beta,
                "kernel": self.kernel, "image": self.image, "stream": STREAM}

    @property
    def layers(self) -> int:
        return len(self.shape) - 1

    @property
    def activation(self):
        return RELU if self.negative_slope == 0.0 else activation("leaky-relu", self.negative_slope)

    @property
    def depth(self) -> int:
        """Weight layers of the random network."""
        return self.layers + 1 if self.construction == "burkholz" else 2 * self.layers


def conv_family(channels, family, kernel: int, seed: int) -> list[list[np.ndarray]]:
    """The kernel targets of one trial: member k of kind ``family[k]`` seeded by
    ``derive_seed(seed, PURPOSE_TICKETS, k)``."""
    out = []
    for k, kind in enumerate(family):
        member_seed = derive_seed(seed, PURPOSE_TICKETS, k)
        if kind == "random":
            out.append(convolutional.random_kernels(list(channels), kernel, seed=member_seed))
        else:
            out.append(convolutional.one_hot_kernels(list(channels), kernel, seed=member_seed))
    return out


def random_parameters(spec: ComparisonSpec, m: int) -> int:
    """Entries of all random tensors of the network with m units (what ``params_random`` counts)."""
    s = spec.shape
    if spec.construction in ("pensia", "orseau"):
        return int(sum(m * a * a + b * m * a for a, b in zip(s[:-1], s[1:])))
    if spec.construction == "conv":
        return int(sum(m * a * a + b * m * a * spec.kernel ** 2 for a, b in zip(s[:-1], s[1:])))
    total = 2 * m * s[0] * s[0]
    inputs = 2 * m * s[0]
    for i, d in enumerate(s[1:], start=1):
        outputs = d if i == spec.layers else m * d
        total += outputs * inputs
        inputs = outputs
    return int(total)


def hidden_width(spec: ComparisonSpec, m: int) -> int:
    """The widest hidden layer (units, or channels) of the network with m units."""
    s = spec.shape
    if spec.construction == "burkholz":
        return int(max([2 * m * s[0]] + [m * d for d in s[1:-1]]))
    return int(max(m * d for d in s[:-1]))


def _network(spec: ComparisonSpec, seed: int):
    m_max = spec.units[-1]
    if spec.construction == "pensia":
        return nested_network(spec.shape, m_max, seed)
    if spec.construction == "orseau":
        return orseau.nested_orseau(spec.shape, m_max, seed, spec.alpha, spec.beta)
    if spec.construction == "burkholz":
        return burkholz.nested_burkholz(spec.shape, m_max, seed)
    return convolutional.nested_cnn(spec.shape, m_max, seed, spec.kernel)


def _tensors(spec: ComparisonSpec, network, m: int):
    return network.tensors(m) if spec.construction == "conv" else network.matrices(m)


def trial_targets(spec: ComparisonSpec, t: int):
    """The targets of trial t: the same for every construction of a dense (or of a convolutional) campaign."""
    seed = derive_seed(spec.seed, PURPOSE_TICKETS, CONV_TARGET_BLOCK if spec.construction == "conv" else TARGET_BLOCK,
                       t)
    if spec.construction == "conv":
        return conv_family(spec.shape, spec.family, spec.kernel, seed)
    return target_family(spec.shape, spec.family, seed)


def certified_and_kept(spec: ComparisonSpec, target, tensors, m: int) -> tuple[float, int]:
    """The construction's certified error for ``target`` on the network ``tensors`` (m units) and the kept
    parameters of its ticket; (inf, 0) when Pensia et al.'s pruning needs more coefficients than the exact solver
    takes (the other constructions offer the solver at most its 40 largest units, see ``prune_pair``'s cap)."""
    construction = spec.construction
    if construction == "pensia":
        masks = []
        try:
            for i, w in enumerate(target):
                mask1, mask2, _ = prune_pair(w, tensors[2 * i], tensors[2 * i + 1], layer=i + 1)
                masks += [mask1, mask2]
        except InvalidInput as error:
            if "exact solver" not in str(error):
                raise
            return math.inf, 0
        bound = pensia_certify(target, tensors, masks)[0]
    elif construction == "orseau":
        masks = orseau.prune(target, tensors)
        bound = pensia_certify(target, tensors, masks)[0]
    elif construction == "burkholz":
        masks = burkholz.prune(target, tensors, m, spec.activation)
        bound = burkholz.certify(target, [x * k for x, k in zip(tensors, masks)], m, spec.activation)[0]
    else:
        masks = convolutional.prune(target, tensors)
        bound = convolutional.certify(target, [x * k for x, k in zip(tensors, masks)])[0]
    return float(bound), int(sum(int(k.sum()) for k in masks))


def compute_trials(spec: ComparisonSpec, start: int, stop: int) -> dict:
    """For trials [start, stop): the first succeeding grid index (``len(units)`` if none), the certified errors at
    every evaluated width (NaN above the first success), shape (trials, K, family), and the kept parameters at the
    first success (0 where none), shape (trials, family)."""
    units = spec.units
    first = np.full(stop - start, len(units), dtype=np.int16)
    certified = np.full((stop - start, len(units), len(spec.family)), np.nan)
    kept = np.zeros((stop - start, len(spec.family)), dtype=np.int64)
    with blas_threads(1):
        for row, t in enumerate(range(start, stop)):
            network = _network(spec, derive_seed(spec.seed, PURPOSE_TICKETS, NETWORK_BLOCK, t))
            targets = trial_targets(spec, t)
            for k, m in enumerate(units):
                tensors = _tensors(spec, network, m)
                results = [certified_and_kept(spec, target, tensors, m) for target in targets]
                certified[row, k] = [bound for bound, _ in results]
                if max(bound for bound, _ in results) <= spec.eps:
                    first[row] = k
                    kept[row] = [count for _, count in results]
                    break
    return {"first": first, "certified": certified, "kept": kept}


@dataclass
class ComparisonResult(NestedGridResult):
    """First succeeding widths of one construction on one target shape (see the module docstring)."""

    spec: ComparisonSpec
    first: np.ndarray        # (trials,) grid index of the first success; len(units) if none
    certified: np.ndarray    # (trials, K, family)
    kept: np.ndarray         # (trials, family) kept parameters at the first success

    def table(self, confidence: float = 0.95):
        """Per grid point: hidden width, random parameters, P(success) with its exact interval."""
        import pandas as pd

        k, n = self.success_counts(), self.spec.trials
        low, high = stats.clopper_pearson(k, n, confidence)
        return pd.DataFrame({"units": self.spec.units,
                             "hidden_width": [hidden_width(self.spec, m) for m in self.spec.units],
                             "params_random": [random_parameters(self.spec, m) for m in self.spec.units],
                             "successes": k, "trials": n, "p_success": k / n, "ci_low": low, "ci_high": high})


def compare_widths(construction: str, shape, eps: float = 0.01, *, units, trials: int = 100, seed: int = 0,
                   family=None, negative_slope: float = 0.0, alpha: float | None = None,
                   beta: float = orseau.DEFAULT_BETA, kernel: int = 3, image: int = 8, chunk_size: int | None = None,
                   threads: int | None = None, executor: str = "local", out=None,
                   progress: bool = False) -> ComparisonResult:
    """Each trial's first succeeding width for one construction and target shape; resumable with ``out``.

    >>> result = compare_widths("burkholz", [2, 2, 2], eps=0.05, units=(4, 12), trials=3, seed=0)
    >>> result.m_star().tolist()
    [12, 12, 12]
    """
    construction = check_choice("construction", construction, CONSTRUCTIONS)
    if construction == "conv":
        shape = tuple(check_int("channels", c, 1) for c in shape)
        if len(shape) < 2:
            raise InvalidInput(f"channels {list(shape)!r} need at least c_0, c_1")
    else:
        shape = tuple(check_dims(list(shape)))
    eps = check_unit_interval("eps", eps)
    grid = tuple(check_int("units", m, 1) for m in units)
    if not grid or list(grid) != sorted(set(grid)):
        raise InvalidInput(f"units {list(units)!r} must be distinct integers >= 1 in increasing order")
    if construction == "burkholz" and grid[-1] > 40:
        raise InvalidInput(f"copies {grid[-1]} exceed the exact solver's 40 coefficients")
    kinds = CONV_FAMILY if construction == "conv" else DENSE_FAMILY
    family = tuple(check_choice("family member", kind, kinds) for kind in (family or kinds))
    if negative_slope:
        if construction != "burkholz":
            raise InvalidInput("a leaky activation is built for the burkholz construction only")
        activation("leaky-relu", negative_slope)
    alpha = orseau.default_alpha(eps) if alpha is None else alpha
    orseau.hyperbolic_law(alpha, beta)
    spec = ComparisonSpec(construction, shape, grid, eps, check_int("trials", trials, 1), check_seed(seed), family,
                          float(negative_slope), float(alpha), float(beta), check_int("kernel", kernel, 1),
                          check_int("image", image, 1))
    chunk_size = chunk_size or max(1, math.ceil(spec.trials / 16))
    chunks = [(s, min(s + chunk_size, spec.trials)) for s in range(0, spec.trials, chunk_size)]
    store = None
    if out is not None:
        store = ResultStore(out, spec.identity(), kind="ticket-constructions")
        store.check()
        store.open()
    results = run_chunks(partial(compute_trials, spec), chunks, executor=executor, workers=threads, store=store,
                         store_meta=lambda i, s, e: {"start": s, "stop": e}, progress=progress, unit="trial",
                         description=f"{construction} {'-'.join(map(str, shape))}")
    return ComparisonResult(spec, np.concatenate([r["first"] for r in results]),
                            np.concatenate([r["certified"] for r in results], axis=0),
                            np.concatenate([r["kept"] for r in results], axis=0))
