"""Binary masks and pruning: the machinery that Plant 'n' Seek's pruners and iterative magnitude pruning share.

A mask set is a :class:`verify.nets.layered.LayerArrays` of boolean arrays aligned with a network's weights (and,
optionally, biases; ``masks.biases is None`` means the biases are not masked).  ``True`` keeps an entry.

Pruning (:func:`prune`) turns per-entry scores into a smaller mask.  It is **nested**: only entries that survive
the current mask are ranked; entries already pruned are not candidates at all (not merely scored low), so they can
never come back, whatever their scores.  Within a pool, the surviving entries with the smallest scores are removed;
ties are broken by position (the entry earlier in the pool's order — layers in order, weights row-major, then the
layer's biases — is removed first), so the result is a deterministic function of the scores.

Counts are rounded half up: keeping a fraction ρ of a pool of N entries keeps ⌊ρN + ½⌋; removing a fraction q of the
S survivors removes ⌊qS + ½⌋.  Iterative magnitude pruning (Frankle & Carbin 2019, spec lth.md) is
``prune(magnitude_scores(net), net.masks, fraction=[0.2, ..., 0.2, 0.1], scope="layer")``: 20 % of the surviving
weights of each hidden layer and 10 % of the output layer per round, biases never pruned; Plant 'n' Seek's
multishot round r is ``prune(scores, masks, density=ρ ** (r / 10), scope="global")``.

Layer collapse (Tanaka et al. 2020, "SynFlow"): with the masks alone no path of kept weights leads from any input
to any output, so the network's output does not depend on its input.  :func:`layer_collapse` checks this
structurally (values and ReLU states are ignored).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from verify.errors import InvalidInput
from verify.nets.layered import LayerArrays
from verify.nets.network import Network
from verify.streams import PURPOSE_PRUNING, resolve_seed, stream

SCOPES = ("layer", "global")


# -- construction and counting -----------------------------------------------------------------------------------
def dense_masks(template, biases: bool = False) -> LayerArrays:
    """All-true masks shaped like ``template`` (a network or a :class:`LayerArrays`); bias masks only if
    ``biases`` and the template has biases."""
    params = _params_of(template)
    bias_masks = None
    if biases and params.biases is not None:
        bias_masks = tuple(np.ones(b.shape, np.bool_) for b in params.biases)
    return LayerArrays(tuple(np.ones(w.shape, np.bool_) for w in params.weights), bias_masks)


def _params_of(template) -> LayerArrays:
    if isinstance(template, LayerArrays):
        return template
    params = getattr(template, "params", None)
    if isinstance(params, LayerArrays):
        return params
    raise InvalidInput(f"expected a Network or LayerArrays, got {type(template).__name__}")


def kept_counts(masks: LayerArrays) -> list[int]:
    """Kept weights per layer."""
    return [int(np.count_nonzero(m)) for m in masks.weights]


def layer_densities(masks: LayerArrays) -> list[float]:
    """Fraction of kept weights in each layer."""
    return [int(np.count_nonzero(m)) / m.size for m in masks.weights]


def density(masks: LayerArrays | None, biases: bool = False) -> float:
    """Kept weights / all weights (with ``biases``, biases counted too; unmasked biases count as kept)."""
    if masks is None:
        return 1.0
    kept = sum(int(np.count_nonzero(m)) for m in masks.weights)
    total = sum(m.size for m in masks.weights)
    if biases and masks.biases is not None:
        kept += sum(int(np.count_nonzero(m)) for m in masks.biases)
        total += sum(m.size for m in masks.biases)
    return kept / total


def density_table(masks: LayerArrays):
    """A pandas DataFrame: one row per layer (shape, kept, total, density of weights and of biases) and a total."""
    import pandas as pd

    rows = []
    for i, m in enumerate(masks.weights):
        row = {"layer": i + 1, "shape": f"{m.shape[0]}x{m.shape[1]}", "kept": int(np.count_nonzero(m)),
               "total": m.size}
        row["density"] = row["kept"] / row["total"]
        if masks.biases is not None:
            row["bias_kept"] = int(np.count_nonzero(masks.biases[i]))
            row["bias_density"] = row["bias_kept"] / masks.biases[i].size
        rows.append(row)
    kept = sum(r["kept"] for r in rows)
    total = sum(r["total"] for r in rows)
    rows.append({"layer": "all", "shape": "", "kept": kept, "total": total, "density": kept / total})
    return pd.DataFrame(rows)


# -- scores ------------------------------------------------------------------------------------------------------
def magnitude_scores(net) -> LayerArrays:
    """|W ⊙ M| and |b ⊙ m|: the scores of magnitude pruning."""
    return net.effective().map(np.abs)


# -- pruning -----------------------------------------------------------------------------------------------------
def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def _per_pool(value, pools: int, name: str) -> list[float]:
    values = list(value) if isinstance(value, (list, tuple, np.ndarray)) else [value] * pools
    if len(values) != pools:
        raise InvalidInput(f"{name} has {len(values)} entries for {pools} layers")
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)) or not 0.0 <= v <= 1.0:
            raise InvalidInput(f"{name} {v!r} must lie in [0, 1]")
    return [float(v) for v in values]


def prune(scores: LayerArrays, masks: LayerArrays | None = None, *, density: float | Sequence[float] | None = None,
          fraction: float | Sequence[float] | None = None, scope: str = "layer",
          biases: bool = False) -> LayerArrays:
    """Nested pruning of ``masks`` (``None``: all kept) by ``scores`` (higher = more important).

    Exactly one of

    * ``density``: the kept fraction of each pool's *total* size afterwards (``scope="layer"``: a number or one per
      layer; ``"global"``: one number for the pool of all layers); must not exceed what survives already;
    * ``fraction``: the fraction of each pool's *surviving* entries to remove (number or one per layer).

    ``scope="layer"`` makes one pool per layer; ``"global"`` ranks all layers together (scores must then be
    comparable across layers).  With ``biases`` the biases join their layer's pool (and must have scores);
    otherwise bias masks are returned unchanged.
    """
    if scope not in SCOPES:
        raise InvalidInput(f"scope {scope!r} is not known; allowed: {', '.join(SCOPES)}")
    if (density is None) == (fraction is None):
        raise InvalidInput("give exactly one of density= and fraction=")
    if masks is None:
        masks = dense_masks(scores, biases=biases)
    scores._check_alignment(masks)
    if biases and scores.biases is None:
        raise InvalidInput("biases=True needs bias scores")
    depth = masks.depth
    bias_masks = masks.biases
    if biases and bias_masks is None:
        bias_masks = tuple(np.ones(b.shape, np.bool_) for b in scores.biases)

    # Pools: flat score and mask vectors, one per layer (weights then biases).
    pool_scores, pool_masks = [], []
    for i in range(depth):
        s = [np.asarray(scores.weights[i], dtype=np.float64).reshape(-1)]
        m = [np.asarray(masks.weights[i], dtype=np.bool_).reshape(-1)]
        if biases:
            s.append(np.asarray(scores.biases[i], dtype=np.float64).reshape(-1))
            m.append(np.asarray(bias_masks[i], dtype=np.bool_).reshape(-1))
        pool_scores.append(np.concatenate(s))
        pool_masks.append(np.concatenate(m))
    for s, m in zip(pool_scores, pool_masks):
        if np.isnan(s[m]).any():
            raise InvalidInput("scores of surviving entries must not be NaN")

    if scope == "global":
        pool_scores, pool_masks = [np.concatenate(pool_scores)], [np.concatenate(pool_masks)]
        if (density is not None and isinstance(density, (list, tuple, np.ndarray))) or (
                fraction is not None and isinstance(fraction, (list, tuple, np.ndarray))):
            raise InvalidInput("scope='global' takes a single density or fraction")
    targets = _per_pool(density if density is not None else fraction, len(pool_scores),
                        "density" if density is not None else "fraction")

    new_pools = []
    for p, (s, m, target) in enumerate(zip(pool_scores, pool_masks, targets)):
        survivors = np.flatnonzero(m)
        if density is not None:
            keep = _round_half_up(target * m.size)
            if keep > survivors.size:
                where = "overall" if scope == "global" else f"in layer {p + 1}"
                raise InvalidInput(f"density {target:g} {where} would keep {keep} entries but only "
                                   f"{survivors.size} survive; masks are nested, pruned entries never return")
        else:
            keep = survivors.size - _round_half_up(target * survivors.size)
        order = np.argsort(s[survivors], kind="stable")  # ascending; ties keep position order
        new = np.zeros(m.size, np.bool_)
        new[survivors[order[survivors.size - keep:]]] = True
        new_pools.append(new)

    if scope == "global":
        sizes = [w.size + (bias_masks[i].size if biases else 0) for i, w in enumerate(masks.weights)]
        new_pools = np.split(new_pools[0], np.cumsum(sizes)[:-1])
    new_weights, new_biases = [], []
    for i, new in enumerate(new_pools):
        shape = masks.weights[i].shape
        n = masks.weights[i].size
        new_weights.append(new[:n].reshape(shape))
        if biases:
            new_biases.append(new[n:].reshape(bias_masks[i].shape))
    out_biases = tuple(new_biases) if biases else (None if masks.biases is None else
                                                   tuple(np.array(b, np.bool_) for b in masks.biases))
    return LayerArrays(tuple(new_weights), out_biases)


# -- random masks ------------------------------------------------------------------------------------------------
def random_masks(template, density: float | Sequence[float], seed=None, biases: bool = False) -> LayerArrays:
    """Masks keeping exactly ⌊ρ_i N_i + ½⌋ uniformly random entries of each layer's N_i weights (and of its
    biases, with ``biases``).  Randomness: ``(seed, PURPOSE_PRUNING, block 0)``."""
    params = _params_of(template)
    rho = _per_pool(density, params.depth, "density")
    generator = stream(resolve_seed(seed), PURPOSE_PRUNING, 0)

    def draw(shape, r):
        size = int(np.prod(shape))
        mask = np.zeros(size, np.bool_)
        mask[generator.permutation(size)[:_round_half_up(r * size)]] = True
        return mask.reshape(shape)

    weights = tuple(draw(w.shape, r) for w, r in zip(params.weights, rho))
    bias_masks = None
    if biases and params.biases is not None:
        bias_masks = tuple(draw(b.shape, r) for b, r in zip(params.biases, rho))
    return LayerArrays(weights, bias_masks)


def shuffle_masks(masks: LayerArrays, seed=None) -> LayerArrays:
    """Masks with the same number of kept entries per layer (and per bias vector) at uniformly random positions
    (the lottery ticket paper's "random pruning" control).  Randomness: ``(seed, PURPOSE_PRUNING, block 1)``."""
    generator = stream(resolve_seed(seed), PURPOSE_PRUNING, 1)

    def shuffle(m):
        flat = np.asarray(m, np.bool_).reshape(-1)
        out = np.zeros(flat.size, np.bool_)
        out[generator.permutation(flat.size)[:int(np.count_nonzero(flat))]] = True
        return out.reshape(np.shape(m))

    weights = tuple(shuffle(m) for m in masks.weights)
    return LayerArrays(weights, None if masks.biases is None else tuple(shuffle(m) for m in masks.biases))


# -- reset and structure -----------------------------------------------------------------------------------------
def reset(snapshot, masks: LayerArrays):
    """The ticket m ⊙ θ: a network whose surviving entries take their values in ``snapshot`` (θ₀ for the lottery
    ticket reset, θ_k for rewinding; a Network or its ``params``) and whose pruned entries are exactly 0, carrying
    ``masks``."""
    if isinstance(snapshot, LayerArrays):
        snapshot = Network(snapshot.weights, snapshot.biases)
    return snapshot.with_masks(masks, zero_pruned=True)


def reachable(masks: LayerArrays) -> list[np.ndarray]:
    """For each neuron layer 0..L, which neurons are reached from some input by a path of kept weights."""
    first = masks.weights[0]
    reach = [np.ones(first.shape[1], np.bool_)]
    for m in masks.weights:
        reach.append(np.asarray(m, np.bool_)[:, reach[-1]].any(axis=1))
    return reach


def layer_collapse(masks: LayerArrays | None) -> bool:
    """True when no path of kept weights leads from any input to any output."""
    if masks is None:
        return False
    return not bool(reachable(masks)[-1].any())
