"""Does a random network of the target's depth contain the sparse ticket?  The event of Plant 'n' Seek's Theorem 2,
decided exactly for every draw, so its probability can be measured against the theorem's bound.

Setting (Fischer & Burkholz 2022, Theorem 2 [paper], as the catalog specialises it: ``fischer2022.existence_
probability``): a target of depth l with n neurons per layer, each with k non-zero parameters — its bias and k − 1
weights from neurons of the previous target layer (the inputs for the first layer) — and a random *mother* network
of the same depth with n_0 neurons per layer, every parameter U[−1, 1] (σ_w = 1).  The mother network *contains the
ticket within ε* when there are injective maps π_t from the target neurons of layer t to mother neurons of layer t
(inputs map to themselves) such that every target parameter is matched within ε by the mother parameter in its
place: |b′_{π_t(i)} − b_i| ≤ ε and |W′_{π_t(i), π_{t−1}(j)} − W_{ij}| ≤ ε for every target edge j → i.

Target parameters are drawn U[−(1 − ε), 1 − ε], so a given mother neuron matches a given target neuron (its
positions fixed) with probability exactly ε^k — the quantity the theorem's union bound
:math:`\\prod_l (1 − \\sum_i (1 − ε^{k})^{n_0})` is built from.  The event itself also needs the maps to be
injective and consistent across layers, which the union bound does not see; :func:`contains_ticket` decides it
exactly by depth-first search over the layers (each layer's candidates are the few mother neurons that match a target
neuron given the previous layer's map; an injective choice is searched by backtracking).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from verify.errors import InvalidInput
from verify.executors import run_chunks
from verify.store import ResultStore
from verify.streams import PURPOSE_PLANTNSEEK, check_seed, derive_seed, stream
from verify.validate import check_int, check_unit_interval

_BLOCK = 6_000_000

__all__ = ["ExistenceResult", "ExistenceSpec", "SparseTarget", "contains_ticket", "existence_frequency",
           "random_sparse_target"]


@dataclass(frozen=True, eq=False)
class SparseTarget:
    """Per layer t: ``biases[t]`` (n,), ``sources[t]`` (n, k − 1) previous-layer neuron indices (inputs for t = 0)
    and ``weights[t]`` (n, k − 1)."""

    inputs: int
    biases: tuple[np.ndarray, ...]
    sources: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]

    @property
    def depth(self) -> int:
        return len(self.biases)


def random_sparse_target(depth: int, neurons: int, k: int, eps: float, seed: int, inputs: int | None = None) -> \
        SparseTarget:
    """A target of ``depth`` layers of ``neurons`` neurons, each with k parameters: a bias and k − 1 weights from
    distinct neurons of the previous layer (``inputs`` inputs for the first, default ``neurons``), every parameter
    U[−(1 − ε), 1 − ε]."""
    inputs = neurons if inputs is None else inputs
    if k - 1 > min(inputs, neurons):
        raise InvalidInput(f"k = {k} needs k - 1 <= {min(inputs, neurons)} distinct sources per neuron")
    generator = stream(seed, PURPOSE_PLANTNSEEK, _BLOCK, 0)
    biases, sources, weights = [], [], []
    for t in range(depth):
        previous = inputs if t == 0 else neurons
        sources.append(np.stack([np.sort(generator.choice(previous, k - 1, replace=False)) for _ in range(neurons)])
                       if k > 1 else np.zeros((neurons, 0), dtype=np.int64))
        weights.append(generator.uniform(-(1 - eps), 1 - eps, (neurons, k - 1)))
        biases.append(generator.uniform(-(1 - eps), 1 - eps, neurons))
    return SparseTarget(inputs, tuple(biases), tuple(sources), tuple(weights))


def _candidates(target: SparseTarget, t: int, i: int, bias: np.ndarray, weight: np.ndarray, previous, eps: float):
    """Mother neurons of layer t that match target neuron i given the previous layer's map."""
    ok = np.abs(bias - target.biases[t][i]) <= eps
    for column, source in enumerate(target.sources[t][i]):
        mother_source = source if t == 0 else previous[source]
        ok &= np.abs(weight[:, mother_source] - target.weights[t][i, column]) <= eps
    return np.flatnonzero(ok)


def _assignments(candidate_lists, used=()):
    """Every injective choice of one candidate per target neuron (backtracking, in index order)."""
    if not candidate_lists:
        yield ()
        return
    for c in candidate_lists[0]:
        if c not in used:
            for rest in _assignments(candidate_lists[1:], used + (c,)):
                yield (c,) + rest


def contains_ticket(target: SparseTarget, biases, weights, eps: float) -> bool:
    """Whether the mother network (``biases[t]`` (n_0,), ``weights[t]`` (n_0, n_0 or inputs)) contains the target
    within ε (see the module docstring): depth-first over layers, backtracking over injective assignments."""

    def search(t: int, previous) -> bool:
        if t == target.depth:
            return True
        lists = [_candidates(target, t, i, biases[t], weights[t], previous, eps)
                 for i in range(target.biases[t].size)]
        if any(c.size == 0 for c in lists):
            return False
        return any(search(t + 1, np.array(choice)) for choice in _assignments([c.tolist() for c in lists]))

    return search(0, None)


@dataclass(frozen=True)
class ExistenceSpec:
    depth: int
    neurons: int
    k: int
    eps: float
    widths: tuple[int, ...]
    trials: int
    seed: int

    def identity(self) -> dict:
        return {"depth": self.depth, "neurons": self.neurons, "k": self.k, "eps": self.eps,
                "widths": list(self.widths), "trials": self.trials, "seed": self.seed, "stream": "existence/1"}


def compute_trials(spec: ExistenceSpec, start: int, stop: int) -> dict:
    """contains[w, t] for trials [start, stop): one target and one widest mother network per trial; the mother
    network at width n_0 is the first n_0 neurons of every layer of the widest (nested, so containment is monotone in
    n_0)."""
    widest = spec.widths[-1]
    contains = np.zeros((len(spec.widths), stop - start), dtype=bool)
    for column, t in enumerate(range(start, stop)):
        target = random_sparse_target(spec.depth, spec.neurons, spec.k, spec.eps,
                                      derive_seed(spec.seed, PURPOSE_PLANTNSEEK, _BLOCK, 1, t))
        generator = stream(spec.seed, PURPOSE_PLANTNSEEK, _BLOCK, 2, t)
        biases = [generator.uniform(-1, 1, widest) for _ in range(spec.depth)]
        weights = [generator.uniform(-1, 1, (widest, target.inputs if layer == 0 else widest))
                   for layer in range(spec.depth)]
        for row, n0 in enumerate(spec.widths):
            contains[row, column] = contains_ticket(
                target, [b[:n0] for b in biases],
                [w[:n0, :(target.inputs if layer == 0 else n0)] for layer, w in enumerate(weights)], spec.eps)
    return {"contains": contains}


@dataclass
class ExistenceResult:
    spec: ExistenceSpec
    contains: np.ndarray     # (widths, trials) bool

    def successes(self) -> np.ndarray:
        return self.contains.sum(axis=1)

    def bound(self) -> np.ndarray:
        """Theorem 2's lower bound at every width (``fischer2022.existence_probability``, catalog evaluation)."""
        from bounds import get

        b = get("fischer2022.existence_probability")
        return np.array([float(b(eps_l=self.spec.eps, k=self.spec.k, n=self.spec.neurons, n0=w, l=self.spec.depth))
                         for w in self.spec.widths])


def existence_frequency(depth: int = 3, neurons: int = 2, k: int = 2, eps: float = 0.1, *, widths, trials: int = 200,
                        seed: int = 0, threads: int | None = None, out=None, progress: bool = False) -> \
        ExistenceResult:
    """Monte Carlo of the containment event at every mother width of ``widths`` (nested; resumable with ``out``)."""
    depth = check_int("depth", depth, 1, 20)
    neurons = check_int("neurons", neurons, 1, 16)
    k = check_int("k", k, 1, 8)
    eps = check_unit_interval("eps", eps)
    grid = tuple(check_int("width", w, neurons, 100_000) for w in widths)
    if not grid or list(grid) != sorted(set(grid)):
        raise InvalidInput(f"widths {list(widths)!r} must be distinct integers >= neurons in increasing order")
    spec = ExistenceSpec(depth, neurons, k, eps, grid, check_int("trials", trials, 1), check_seed(seed))
    chunk = max(1, -(-spec.trials // 16))
    chunks = [(s, min(s + chunk, spec.trials)) for s in range(0, spec.trials, chunk)]
    store = None
    if out is not None:
        store = ResultStore(out, spec.identity(), kind="pns-existence")
        store.check()
        store.open()
    results = run_chunks(partial(compute_trials, spec), chunks, workers=threads, store=store,
                         store_meta=lambda i, s, e: {"start": s, "stop": e},
                         store_arrays=lambda s, e: {"contains": ((len(spec.widths), e - s), "|b1")},
                         progress=progress, unit="trial", description="ticket existence")
    return ExistenceResult(spec, np.concatenate([r["contains"] for r in results], axis=1))
