"""Planting a target ticket into a random mother network (Fischer & Burkholz 2022, Sec. 2.2, Algorithm 1).

The mother network has the target's depth (neuron layers, the paper's counting; see :mod:`verify.plantnseek.targets`),
the target's input and output widths and ``width`` neurons in every hidden layer (at least the target's widths).  Its
weights are He normal N(0, 2/n_{i−1}) and its biases N(0, s_i²) with s_i the product of the weight standard deviations
of layers 1..i (:mod:`verify.nets.initializers`, ``bias_init="product"``) [code]; ``init="kaiming_uniform"`` gives the
theory's uniform scheme U[−σ_i, σ_i], biases U[−Πσ, Πσ] with σ_i = √(6/n_{i−1}) (``"uniform"``: σ_i = 1).

Matching, layer by layer from the first hidden layer to the output.  Every neuron carries a *scale* s > 0 such that
the planted neuron outputs s times the target neuron (inputs have s = 1).  For target neuron i of layer l with bias
β and non-zero incoming weights w_k from target neurons k of layer l − 1 (already matched to mother neurons π(k) with
scales s_k), the target vector is θ = (β, w_k / s_k)_k.  Each unmatched mother neuron j of layer l offers
m_j = (b_j, W_{j, π(k)})_k, the same positions.

* ``match="l2"`` (default, the paper's Algorithm 1): λ_j = θᵀm_j/‖m_j‖², q_j = ‖θ − λ_j m_j‖₂; among the j with
  λ_j > 0 the smallest q_j wins (lowest index on ties), and the planted vector is θ/λ_j (scale s = 1/λ_j).
* ``match="l1-sign"`` (the public code's variant): c_j = θᵀm_j/‖θ‖², distance ‖m_j − c_j θ‖₁; only j with c_j > 0
  and sign(m_j) = sign(θ) on every non-zero entry of θ qualify; the planted vector is c_j θ (s = c_j).  The code's
  quirk of treating mother neuron 0 as already used is *not* reproduced.

λ > 0 (or c > 0) is required in hidden layers because σ(z/λ) = σ(z)/λ only for λ > 0 (positive homogeneity of
ReLU; the paper's text does not state it).  The output layer is linear, so the L2 rule accepts any λ ≠ 0 there (an
output scale may be negative); the L1 rule keeps the code's c > 0 and sign agreement everywhere.  If no unmatched
neuron qualifies (only possible when few candidates are left, e.g. the code's rule in an output layer, where sign
agreement on ~20 entries is hopeless), the first unmatched neuron is used with s = ‖m‖/‖θ‖ (same norm as the random
vector it replaces; the code's own fallback differs) and counted in ``fallbacks``.

Only the winner's bias and its weights at θ's positions are overwritten; its other weights stay random.  The output
layer is matched like the others (a permutation of the mother's output neurons) and its rows are then put back in the
target's order, so output i of the planted network is target output i times ``scale[i]``.

The ticket is the mask of planted entries: the weights at θ's positions and the biases whose target value is non-zero
(a zero target bias is still written as 0 into the mother, as the code does, but is not part of the ticket).  By
positive homogeneity, the masked planted network equals ``scale * target`` exactly (up to rounding):
:meth:`PlantedNetwork.exactness` measures it.  :meth:`PlantedNetwork.hiding` reports each planted weight's percentile
among the absolute values of the random weights of its layer — magnitude pruning sees planted weights below the
median as less important.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verify.errors import InvalidInput
from verify.nets.initializers import WEIGHT_INITS, initial_parameters
from verify.nets.layered import LayerArrays
from verify.nets.network import Network
from verify.plantnseek.targets import Target, check_depth
from verify.plantnseek.targets import target as make_target
from verify.store import atomic_write_bytes
from verify.streams import resolve_seed
from verify.validate import check_choice, check_int

MATCHES = ("l2", "l1-sign")
SCHEMA = "slth-verify/planted"
SCHEMA_VERSION = 1


@dataclass(frozen=True, eq=False)
class PlantedNetwork:
    """A mother network with a planted ticket.

    ``network``: the planted mother network (dense; raw arrays).  ``ticket``: boolean masks of the planted entries
    (weights and biases).  ``scale``: one non-zero number per output with ticket(x) = scale · target(x).
    ``neurons[l]``: the mother neuron of each target neuron of layer l + 1; ``neuron_scales[l]``: their scales.
    """

    target: Target
    network: Network
    ticket: LayerArrays
    scale: np.ndarray
    neurons: tuple[np.ndarray, ...]
    neuron_scales: tuple[np.ndarray, ...]
    width: int
    match: str
    init: str
    seed: int | None
    fallbacks: int = 0

    # -- the ticket ----------------------------------------------------------------------------------------------
    @property
    def depth(self) -> int:
        """Neuron layers including input and output (the paper's depth)."""
        return self.target.depth

    def ticket_network(self) -> Network:
        """The planted ticket alone: the planted network with the ticket's masks (pruned entries exactly 0)."""
        return self.network.with_masks(self.ticket, zero_pruned=True)

    def rescale(self, outputs) -> np.ndarray:
        """Outputs divided by the planted output scales (what makes the ticket equal the target)."""
        return np.asarray(outputs, dtype=np.float64) / self.scale

    def exactness(self, x) -> float:
        """``max |ticket(x)/scale − target(x)| / max(1, max |target(x)|)`` on the inputs ``x``."""
        expected = self.target(x)
        got = self.rescale(self.ticket_network().forward(x))
        return float(np.max(np.abs(got - expected)) / max(1.0, float(np.max(np.abs(expected)))))

    def ground_truth_density(self) -> float:
        """Ticket weights / all weights of the mother network (the paper's "ticket sparsity")."""
        kept = sum(int(m.sum()) for m in self.ticket.weights)
        return kept / sum(m.size for m in self.ticket.weights)

    def ticket_weight_count(self) -> int:
        return int(sum(int(m.sum()) for m in self.ticket.weights))

    # -- how well is it hidden? ----------------------------------------------------------------------------------
    def weight_percentiles(self) -> list[np.ndarray]:
        """Per layer: for each planted weight, 100 × the fraction of the layer's *random* (non-planted) weights whose
        absolute value is smaller (its percentile of ``|w|``)."""
        out = []
        for w, m in zip(self.network.weights, self.ticket.weights):
            random = np.sort(np.abs(w[~m]))
            planted = np.abs(w[m])
            if random.size == 0:
                out.append(np.full(planted.size, np.nan))
                continue
            out.append(100.0 * np.searchsorted(random, planted, side="left") / random.size)
        return out

    def hiding(self):
        """A pandas DataFrame: per layer (and "all"), planted weights, the median and quartiles of their percentiles
        of ``|w|`` among the random weights, and the layer's median ``|w|`` of random and planted entries."""
        import pandas as pd

        rows = []
        percentiles = self.weight_percentiles()
        for i, (p, w, m) in enumerate(zip(percentiles, self.network.weights, self.ticket.weights)):
            rows.append(_hiding_row(i + 1, p, np.abs(w[~m]), np.abs(w[m])))
        everything = np.concatenate(percentiles)
        random = np.concatenate([np.abs(w[~m]) for w, m in zip(self.network.weights, self.ticket.weights)])
        planted = np.concatenate([np.abs(w[m]) for w, m in zip(self.network.weights, self.ticket.weights)])
        rows.append(_hiding_row("all", everything, random, planted))
        return pd.DataFrame(rows)

    def summary(self) -> dict:
        """JSON-ready facts: target, widths, counts, density, scales, exactness on a fixed grid, hiding."""
        x = _probe_inputs(self.target.widths[0])
        percentiles = np.concatenate(self.weight_percentiles())
        return {
            "task": self.target.task, "depth": self.depth, "width": self.width,
            "widths": list(self.network.widths), "target_widths": list(self.target.widths),
            "match": self.match, "init": self.init, "seed": self.seed,
            "ticket_weights": self.ticket_weight_count(),
            "ticket_biases": int(sum(int(m.sum()) for m in self.ticket.biases)),
            "ground_truth_density": self.ground_truth_density(),
            "scale": [float(s) for s in self.scale],
            "exactness": self.exactness(x),
            "weight_percentile_median": float(np.nanmedian(percentiles)),
            "weight_percentile_quartiles": [float(np.nanpercentile(percentiles, 25)),
                                            float(np.nanpercentile(percentiles, 75))],
            "fallbacks": self.fallbacks,
        }

    # -- files ---------------------------------------------------------------------------------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays of the ``.npz`` file (schema ``slth-verify/planted`` v1; see :func:`save_planted`)."""
        out = {"schema": np.array(SCHEMA), "schema_version": np.array(SCHEMA_VERSION, dtype=np.int64),
               "scale": np.asarray(self.scale, dtype=np.float64),
               "metadata": np.array(json.dumps(self.summary(), sort_keys=True, allow_nan=False))}
        for i in range(self.network.depth):
            out[f"W{i + 1}"] = self.network.weights[i]
            out[f"b{i + 1}"] = self.network.biases[i]
            out[f"mask_W{i + 1}"] = self.ticket.weights[i]
            out[f"mask_b{i + 1}"] = self.ticket.biases[i]
            out[f"target_W{i + 1}"] = self.target.weights[i]
            out[f"target_b{i + 1}"] = self.target.biases[i]
        return out

    def save(self, path) -> Path:
        return save_planted(self, path)

    def __repr__(self) -> str:
        return (f"PlantedNetwork({self.target.task!r}, depth {self.depth}, width {self.width}, match {self.match!r}: "
                f"{self.ticket_weight_count()} ticket weights, density {self.ground_truth_density():.4g})")


def _hiding_row(layer, percentiles, random, planted) -> dict:
    has = percentiles.size > 0 and not np.all(np.isnan(percentiles))
    return {"layer": layer, "planted_weights": int(percentiles.size),
            "percentile_median": float(np.nanmedian(percentiles)) if has else np.nan,
            "percentile_q25": float(np.nanpercentile(percentiles, 25)) if has else np.nan,
            "percentile_q75": float(np.nanpercentile(percentiles, 75)) if has else np.nan,
            "random_abs_median": float(np.median(random)) if random.size else np.nan,
            "planted_abs_median": float(np.median(planted)) if planted.size else np.nan}


def _probe_inputs(n_in: int) -> np.ndarray:
    """A fixed grid of inputs in [−1, 1]^n_in for the exactness check."""
    if n_in == 1:
        return np.linspace(-1.0, 1.0, 2001)[:, None]
    axis = np.linspace(-1.0, 1.0, 61)
    return np.stack(np.meshgrid(*([axis] * n_in)), axis=-1).reshape(-1, n_in)


# -- the algorithm -----------------------------------------------------------------------------------------------
def check_match(match: str) -> str:
    """One of the planting rules :data:`MATCHES`."""
    return check_choice("match", match, MATCHES)


def check_width_fits(target: Target, width: int) -> int:
    width = check_int("width", width, 1)
    hidden = target.widths[1:-1]
    widest = max(hidden)
    if width < widest:
        layer = hidden.index(widest) + 1
        raise InvalidInput(f"width {width} is below the {target.task} target's layer {layer} of {widest} neurons "
                           f"(depth {target.depth}); use --width >= {widest}")
    return int(width)


def plant(task, width: int, depth: int | None = None, *, match: str = "l2", init: str = "he_normal",
          seed=None) -> PlantedNetwork:
    """Plant the target of ``task`` (a name, or a :class:`verify.plantnseek.targets.Target`) at ``depth`` neuron layers
    into a fresh mother network with hidden width ``width`` (see the module docstring).

    >>> planted = plant("circle", width=100, depth=5, seed=0)
    >>> planted.ground_truth_density()          # 108 of 20,600 weights
    0.005242718446601942
    """
    if isinstance(task, Target):
        target = task
        if depth is not None and check_depth(depth) != target.depth:
            raise InvalidInput(f"depth {depth} differs from the given target's depth {target.depth}")
    else:
        if depth is None:
            raise InvalidInput("give the depth (neuron layers including input and output, e.g. 5)")
        target = make_target(task, depth)
    width = check_width_fits(target, width)
    if init not in WEIGHT_INITS:
        raise InvalidInput(f"init {init!r} is not known; allowed: {', '.join(WEIGHT_INITS)}")
    seed = resolve_seed(seed)
    params = initial_parameters(target.mother_widths(width), init=init, bias=True, bias_init="product", seed=seed)
    return plant_into(target, Network(params.weights, params.biases), match=match, init=init, seed=seed,
                      width=width)


def plant_into(target: Target, mother: Network, *, match: str = "l2", init: str = "given", seed=None,
               width: int | None = None) -> PlantedNetwork:
    """Plant ``target`` into a copy of ``mother`` (same depth and ends, hidden layers at least as wide)."""
    check_match(match)
    if not isinstance(mother, Network) or not mother.has_biases:
        raise InvalidInput("the mother network must be a Network with biases")
    if mother.depth != target.network.depth:
        raise InvalidInput(f"the mother network has {mother.depth} weight matrices, the target {target.network.depth}")
    tw, mw = target.widths, mother.widths
    if tw[0] != mw[0] or tw[-1] != mw[-1] or any(m < t for m, t in zip(mw, tw)):
        raise InvalidInput(f"a mother network {'-'.join(map(str, mw))} cannot hold the target "
                           f"{'-'.join(map(str, tw))}: same ends and hidden layers at least as wide are needed")
    weights = [w.copy() for w in mother.weights]
    biases = [b.copy() for b in mother.biases]
    mask_w = [np.zeros(w.shape, np.bool_) for w in weights]
    mask_b = [np.zeros(b.shape, np.bool_) for b in biases]
    previous = np.arange(tw[0])
    previous_scale = np.ones(tw[0])
    neurons, scales = [], []
    fallbacks = 0
    last = len(target.weights) - 1
    for layer, (w_target, b_target) in enumerate(zip(target.weights, target.biases)):
        used = np.zeros(weights[layer].shape[0], np.bool_)
        index = np.empty(w_target.shape[0], dtype=np.int64)
        scale = np.empty(w_target.shape[0])
        for i in range(w_target.shape[0]):
            support = np.flatnonzero(w_target[i])
            theta = np.concatenate([[b_target[i]], w_target[i, support] / previous_scale[support]])
            columns = previous[support]
            candidates = np.concatenate([biases[layer][:, None], weights[layer][:, columns]], axis=1)
            winner, s = _best_neuron(theta, candidates, used, match, output=layer == last)
            if winner < 0:
                winner = int(np.flatnonzero(~used)[0])
                norm_theta = np.linalg.norm(theta)
                s = np.linalg.norm(candidates[winner]) / norm_theta if norm_theta > 0 else 1.0
                fallbacks += 1
            used[winner] = True
            index[i], scale[i] = winner, s
            biases[layer][winner] = s * theta[0]
            weights[layer][winner, columns] = s * theta[1:]
            mask_w[layer][winner, columns] = True
            mask_b[layer][winner] = b_target[i] != 0.0
        neurons.append(index)
        scales.append(scale)
        previous, previous_scale = index, scale
    # Output rows back in the target's order.
    order = neurons[-1]
    weights[-1], biases[-1] = weights[-1][order], biases[-1][order]
    mask_w[-1], mask_b[-1] = mask_w[-1][order], mask_b[-1][order]
    neurons[-1] = np.arange(order.size)
    network = Network(weights, biases)
    ticket = LayerArrays(tuple(mask_w), tuple(mask_b))
    return PlantedNetwork(target=target, network=network, ticket=ticket, scale=scales[-1].copy(),
                          neurons=tuple(neurons), neuron_scales=tuple(scales),
                          width=int(width if width is not None else max(mw[1:-1], default=mw[-1])), match=match,
                          init=init, seed=seed, fallbacks=fallbacks)


def _best_neuron(theta: np.ndarray, candidates: np.ndarray, used: np.ndarray, match: str,
                 output: bool = False) -> tuple[int, float]:
    """(winner, scale s) among the unused rows of ``candidates``; winner −1 when none qualifies.  In the (linear)
    output layer the L2 rule accepts λ < 0 too."""
    dots = candidates @ theta
    if match == "l2":
        norms = np.einsum("ij,ij->i", candidates, candidates)
        with np.errstate(divide="ignore", invalid="ignore"):
            lam = dots / norms
        residual = theta[None, :] - lam[:, None] * candidates
        distance = np.sqrt(np.einsum("ij,ij->i", residual, residual))
        valid = (~used) & (norms > 0) & ((lam != 0) if output else (lam > 0)) & np.isfinite(lam)
        if not valid.any():
            return -1, 0.0
        distance = np.where(valid, distance, np.inf)
        winner = int(np.argmin(distance))
        return winner, float(1.0 / lam[winner])
    theta_norm = float(theta @ theta)
    if theta_norm == 0.0:
        return -1, 0.0
    c = dots / theta_norm
    distance = np.abs(candidates - c[:, None] * theta[None, :]).sum(axis=1)
    nonzero = theta != 0
    agree = np.all(np.sign(candidates[:, nonzero]) == np.sign(theta[nonzero])[None, :], axis=1)
    valid = (~used) & (c > 0) & agree
    if not valid.any():
        return -1, 0.0
    winner = int(np.argmin(np.where(valid, distance, np.inf)))
    return winner, float(c[winner])


# -- files -------------------------------------------------------------------------------------------------------
def save_planted(planted: PlantedNetwork, path) -> Path:
    """Write ``path`` (.npz, never pickled): ``W{i}``, ``b{i}`` (the planted network, i = 1..L), ``mask_W{i}``,
    ``mask_b{i}`` (the ticket), ``scale`` (one per output), ``target_W{i}``, ``target_b{i}`` (the target; zero-padded
    nowhere: the target's own shapes), plus ``schema``, ``schema_version`` and ``metadata`` (JSON).  Convention:
    h_i = σ(W_i h_{i−1} + b_i), W_i of shape (n_i, n_{i−1}), the last layer linear; ticket(x) / scale = target(x)."""
    import io

    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidInput(f"cannot write {str(path)!r}: directory {str(directory)!r} does not exist")
    if path.is_dir():
        raise InvalidInput(f"--out {str(path)!r} is a directory; give a file name such as ticket.npz")
    buffer = io.BytesIO()
    np.savez(buffer, **planted.arrays())
    atomic_write_bytes(path, buffer.getvalue())
    return path


def load_planted_arrays(path) -> dict:
    """Read a file written by :func:`save_planted` (``allow_pickle=False``; the schema is checked)."""
    from verify.arrayfiles import open_npz

    with open_npz(path, "planted-ticket file") as data:
        if "schema" not in data or data.declared("schema")[0] != () or str(data.get("schema")) != SCHEMA:
            raise InvalidInput(f"{path} is not a planted-ticket file (schema {SCHEMA!r} expected)")
        data.reserve()
        arrays = {name: data.get(name) for name in data.files}
    if str(arrays.get("schema", "")) != SCHEMA:
        raise InvalidInput(f"{path} is not a planted-ticket file (schema {SCHEMA!r} expected)")
    return arrays
