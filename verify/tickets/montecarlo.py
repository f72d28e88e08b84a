"""How wide must the random network be?  Monte Carlo of Pensia et al.'s construction on *nested* random networks.

For a target shape (d_0, ..., d_l) and an accuracy ε, trial t draws one random network at the widest width of a grid
of hidden units per input coordinate m_1 < … < m_K, and a family of targets (spectral norms 1: ``"random"`` —
Gaussian entries rescaled — and ``"rank-one"`` — u vᵀ with unit u, v, every layer).  The network at width m (m·d_{i−1}
hidden units before target layer i) is the *first m units of every block* of the widest one:

* first-layer weight of unit k of block j of pair i: a_{i,j,k} = stream(network seed, PURPOSE_TICKETS, i, j, 0)'s
  k-th uniform on [−1, 1]; second-layer weights of that unit: the k-th row of stream(…, i, j, 1) drawn
  (m_K, d_i) — so the first m units do not depend on m_K either.  Only the block entries of M_{2i−1} are drawn: the
  construction prunes every other first-layer edge, so they play no part (they are 0 in the matrices).

A trial *succeeds at width m* when the construction (:func:`verify.tickets.construction.prune_pair`, every weight at
its exact optimum) certifies a sup error ≤ ε on the unit ball for **every** target of the family on that network.
Because the networks are nested, a ticket of the width-m′ network is also a ticket of every wider one (prune the
extra units), so "some width ≤ m succeeds" is monotone in m by construction, and each trial has a first succeeding
width m*_t (scanned from below; ``m_K + 1`` — censored — when none of the grid succeeds).  Before (until
2026-11-30) every width drew an independent network, so the success curve mixed independent draws per width and
could be non-monotone by chance; the required width was bracketed between grid points of different networks.

The required width at failure probability δ is the ⌈(1 − δ)T⌉-th smallest m*_t (as the required sample count of
random subset sum): it is what Theorem 1's width must exceed for the family's targets.  Theorem 1 quantifies over
*every* target at once; a finite family gives a lower bound on that requirement, which is what a test of a
sufficient width needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np

from verify import stats
from verify.compare import implied_constant
from verify.errors import InvalidInput
from verify.executors import blas_threads, run_chunks
from verify.store import ResultStore
from verify.streams import PURPOSE_TICKETS, check_seed, derive_seed, stream
from verify.tickets.construction import certify, check_dims, prune_pair, random_target
from verify.validate import check_choice, check_int, check_unit_interval

FAMILY_KINDS = ("random", "rank-one")
TARGET_BLOCK = 3_000_000
NETWORK_BLOCK = 4_000_000
STREAM = "ticket-widths/nested-1"

__all__ = ["FAMILY_KINDS", "NestedGridResult", "NestedNetwork", "WidthResult", "WidthSpec", "implied_width_constant",
           "nested_network", "required_widths", "target_family"]


@dataclass(frozen=True)
class WidthSpec:
    """Everything that determines the numbers of a run (its store identity)."""

    dims: tuple[int, ...]
    units: tuple[int, ...]        # hidden units per input coordinate, ascending
    eps: float
    trials: int
    seed: int
    family: tuple[str, ...]

    def identity(self) -> dict:
        return {"dims": list(self.dims), "units": list(self.units), "eps": self.eps, "trials": self.trials,
                "seed": self.seed, "family": list(self.family), "stream": STREAM}


@dataclass(frozen=True, eq=False)
class NestedNetwork:
    """Per pair i: ``first[i]`` (d_{i−1}, m_max) block weights and ``second[i]`` (d_{i−1}, m_max, d_i)."""

    dims: tuple[int, ...]
    first: tuple[np.ndarray, ...]
    second: tuple[np.ndarray, ...]

    @property
    def m_max(self) -> int:
        return self.first[0].shape[1]

    def matrices(self, m: int) -> list[np.ndarray]:
        """M_1..M_{2l} of the network with m units per input coordinate: unit j·m + k of pair i reads coordinate j
        with weight first[i][j, k] and feeds output r with second[i][j, k, r]."""
        if not 1 <= m <= self.m_max:
            raise InvalidInput(f"units {m} must lie in 1..{self.m_max}")
        out = []
        for a, b in zip(self.first, self.second):
            d_in, _, d_out = b.shape
            m1 = np.zeros((d_in * m, d_in))
            m1[np.arange(d_in * m), np.repeat(np.arange(d_in), m)] = a[:, :m].reshape(-1)
            m2 = b[:, :m, :].reshape(d_in * m, d_out).T.copy()
            out += [m1, m2]
        return out


def nested_network(dims, m_max: int, seed: int) -> NestedNetwork:
    """The widest network of a nested family (see the module docstring for the streams)."""
    dims = tuple(check_dims(list(dims)))
    m_max = check_int("m_max", m_max, 1)
    first, second = [], []
    for i, (d_in, d_out) in enumerate(zip(dims[:-1], dims[1:])):
        a = np.stack([stream(seed, PURPOSE_TICKETS, i, j, 0).uniform(-1.0, 1.0, m_max) for j in range(d_in)])
        b = np.stack([stream(seed, PURPOSE_TICKETS, i, j, 1).uniform(-1.0, 1.0, (m_max, d_out))
                      for j in range(d_in)])
        first.append(a)
        second.append(b)
    return NestedNetwork(dims, tuple(first), tuple(second))


def _rank_one(dims, seed: int) -> list[np.ndarray]:
    generator = stream(seed, PURPOSE_TICKETS, 1)
    out = []
    for d_in, d_out in zip(dims[:-1], dims[1:]):
        u, v = generator.standard_normal(d_out), generator.standard_normal(d_in)
        w = np.outer(u / np.linalg.norm(u), v / np.linalg.norm(v))
        while np.linalg.norm(w, 2) > 1.0:
            w *= 1.0 - 2.0**-52
        out.append(w)
    return out


def target_family(dims, family, seed: int) -> list[list[np.ndarray]]:
    """The targets of one trial: member k of kind ``family[k]`` seeded by ``derive_seed(seed, PURPOSE_TICKETS, k)``."""
    out = []
    for k, kind in enumerate(family):
        member_seed = derive_seed(seed, PURPOSE_TICKETS, k)
        out.append(random_target(list(dims), seed=member_seed) if kind == "random" else _rank_one(dims, member_seed))
    return out


def certified_error(target, matrices) -> float:
    """The construction's certified sup error for ``target`` on the network ``matrices`` (inf when a sign group of a
    block exceeds the exact solver)."""
    masks = []
    try:
        for i, w in enumerate(target):
            mask1, mask2, _ = prune_pair(w, matrices[2 * i], matrices[2 * i + 1], layer=i + 1)
            masks += [mask1, mask2]
    except InvalidInput as error:
        if "exact solver" not in str(error):
            raise
        return math.inf
    return float(certify(target, matrices, masks)[0])


def compute_trials(spec: WidthSpec, start: int, stop: int) -> dict:
    """For trials [start, stop): the grid index of the first succeeding width (``len(units)`` if none) and the
    certified errors at every evaluated width (NaN above the first success), shape (trials, K, family)."""
    units = spec.units
    first = np.full(stop - start, len(units), dtype=np.int16)
    certified = np.full((stop - start, len(units), len(spec.family)), np.nan)
    with blas_threads(1):
        for row, t in enumerate(range(start, stop)):
            network = nested_network(spec.dims, units[-1], derive_seed(spec.seed, PURPOSE_TICKETS, NETWORK_BLOCK, t))
            targets = target_family(spec.dims, spec.family, derive_seed(spec.seed, PURPOSE_TICKETS, TARGET_BLOCK, t))
            for k, m in enumerate(units):
                matrices = network.matrices(m)
                errors = [certified_error(target, matrices) for target in targets]
                certified[row, k] = errors
                if max(errors) <= spec.eps:
                    first[row] = k
                    break
    return {"first": first, "certified": certified}


class NestedGridResult:
    """What every nested-width run gives: ``self.first`` (trials,), each trial's grid index of its first success
    (``len(spec.units)`` if none), over the grid ``spec.units`` of ``spec.trials`` trials."""

    spec: WidthSpec
    first: np.ndarray

    def m_star(self) -> np.ndarray:
        """Units at each trial's first success; ``m_K + 1`` where none of the grid succeeds."""
        grid = np.array(self.spec.units + (self.spec.units[-1] + 1,))
        return grid[self.first]

    def success_counts(self) -> np.ndarray:
        """#{t : some width ≤ m_k succeeds} for every grid point k (monotone by construction)."""
        return np.array([int(np.count_nonzero(self.first <= k)) for k in range(len(self.spec.units))])

    def required(self, delta: float) -> int | None:
        """Required units at failure probability δ: the ⌈(1 − δ)T⌉-th smallest m*; None if it lies beyond the
        grid."""
        delta = check_unit_interval("delta", delta)
        rank = math.ceil((1.0 - delta) * self.spec.trials) - 1
        value = int(np.partition(self.m_star(), rank)[rank])
        return None if value > self.spec.units[-1] else value


@dataclass
class WidthResult(NestedGridResult):
    """First succeeding widths of a run (see the module docstring)."""

    spec: WidthSpec
    first: np.ndarray        # (trials,) grid index of the first success; len(units) if none
    certified: np.ndarray    # (trials, K, family) certified errors, NaN where not evaluated

    def table(self, confidence: float = 0.95):
        """Per grid point: hidden widths, P(success) with its exact interval."""
        import pandas as pd

        k, n = self.success_counts(), self.spec.trials
        low, high = stats.clopper_pearson(k, n, confidence)
        d_in = self.spec.dims[:-1]
        return pd.DataFrame({"units": self.spec.units, "first_hidden_width": [m * d_in[0] for m in self.spec.units],
                             "successes": k, "trials": n, "p_success": k / n, "ci_low": low, "ci_high": high})


def required_widths(dims, eps: float = 0.01, *, units, trials: int = 100, seed: int = 0,
                    family=("random", "rank-one"), chunk_size: int | None = None, threads: int | None = None,
                    executor: str = "threads", scheduler: str | None = None, out=None,
                    progress: bool = False) -> WidthResult:
    """Each trial's first succeeding width on nested networks (see the module docstring); resumable with ``out``.

    ``executor`` (``threads``, ``processes`` or ``dask`` with an optional ``scheduler`` address,
    :mod:`verify.executors`) and ``threads`` decide where the trials run, never their numbers.

    >>> result = required_widths([2, 2], eps=0.05, units=(2, 20), trials=4, seed=0)
    >>> result.m_star().tolist()   # two units per coordinate are too few for eps = 0.05; twenty are enough
    [20, 20, 20, 20]
    """
    dims = tuple(check_dims(list(dims)))
    eps = check_unit_interval("eps", eps)
    grid = tuple(check_int("units", m, 1) for m in units)
    if not grid or list(grid) != sorted(set(grid)):
        raise InvalidInput(f"units {list(units)!r} must be distinct integers >= 1 in increasing order")
    family = tuple(check_choice("family member", kind, FAMILY_KINDS) for kind in family)
    if not family:
        raise InvalidInput("the target family needs at least one member")
    trials = check_int("trials", trials, 1)
    spec = WidthSpec(dims, grid, eps, trials, check_seed(seed), family)
    chunk_size = chunk_size or max(1, math.ceil(trials / 16))
    chunks = [(s, min(s + chunk_size, trials)) for s in range(0, trials, chunk_size)]
    store = None
    if out is not None:
        store = ResultStore(out, spec.identity(), kind="ticket-required-widths")
        store.check()
        store.open()
    results = run_chunks(partial(compute_trials, spec), chunks, executor=executor, workers=threads,
                         scheduler=scheduler, store=store,
                         store_meta=lambda i, s, e: {"start": s, "stop": e},
                         store_arrays=lambda s, e: {"first": ((e - s,), "<i2"),
                                                    "certified": ((e - s, len(spec.units), len(spec.family)), "<f8")},
                         progress=progress, unit="trial", description=f"tickets {'-'.join(map(str, dims))}")
    return WidthResult(spec, np.concatenate([r["first"] for r in results]),
                       np.concatenate([r["certified"] for r in results], axis=0))


def implied_width_constant(d_in: int, d_out: int, layers: int, width: float, eps: float, delta: float) -> float:
    """The C at which the catalog's ``pensia2020.width`` equals a measured sufficient width (an empirical constant)."""
    return implied_constant("pensia2020.width", "C", width,
                            at={"d_in": d_in, "d_out": d_out, "l": layers, "eps": eps, "delta": delta})
