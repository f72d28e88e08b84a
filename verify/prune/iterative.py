"""Iterative pruning with rewinding: the loop shared by iterative magnitude pruning and multishot pruning.

Both protocols are the same loop over *levels* k = 0..K:

1. train the current network (level 0: the dense network; later: the ticket after rewinding),
2. if k < K: score the trained network, prune nested (:func:`verify.nets.masks.prune`: a pruned entry never returns)
   to the level-(k+1) masks, and rewind the survivors to a snapshot (θ₀: reset to initialisation; θ_j: rewinding;
   or keep the trained values: "continue").

* Iterative magnitude pruning (Frankle & Carbin 2019, spec lth.md): score = |W|, prune ``fraction`` 20 % of each
  hidden layer's survivors and 10 % of the output layer's per level, rewind to θ₀, biases never pruned.
* Plant 'n' Seek multishot (Fischer & Burkholz 2022, spec plantnseek.md): ten levels of (train 5 epochs, prune to
  global density ρ^{(k+1)/10} with the method's scores, reset to initial values), then a final 10 epochs.

The caller supplies the three moving parts — how to train at level k, how to score, the pruning target of level
k + 1 — so that each protocol states its own settings and this loop only guarantees their order, the nesting of the
masks and the exactness of the rewind (surviving entries take exactly the snapshot's values; pruned entries are 0).

Two extensions serve long, resumable runs (:mod:`verify.lth.method`):

* ``rewind`` may be a callable ``(k, net) -> LayerArrays`` asked for the snapshot at each rewind, after level k's
  training: rewinding to iteration j of the level-0 training (θ_j is only known once level 0 has been trained).
* ``first_level`` = k₀ > 0 resumes a sequence: ``net`` is the network at the *start* of level k₀ (its masks and its
  rewound parameters), and levels k₀..K follow exactly as they would have in one uninterrupted call — for
  ``rewind="init"`` the snapshot is then ``net``'s values, which equal θ₀ on every entry that can still survive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.nets.layered import LayerArrays


@dataclass
class Level:
    """One trained network of the sequence: its masks' densities and what its training recorded."""

    level: int
    density: float                 # kept fraction of all weights (biases excluded)
    layer_densities: list[float]
    history: object                # verify.train.loop.History (or whatever train_level returned)
    masks: LayerArrays | None      # the masks this level was trained with


@dataclass
class IterativeResult:
    levels: list[Level] = field(default_factory=list)
    final_network: object = None

    def table(self):
        import pandas as pd

        return pd.DataFrame([{"level": lv.level, "density": lv.density,
                              **{f"density_layer_{i + 1}": d for i, d in enumerate(lv.layer_densities)}}
                             for lv in self.levels])


REWINDS = ("init", "continue")


def iterative_pruning(net, *, levels: int, train_level: Callable, score: Callable, target: Callable,
                      rewind="init", scope: str = "layer", biases: bool = False,
                      on_level: Callable | None = None, first_level: int = 0) -> IterativeResult:
    """Run the loop of the module docstring on ``net`` (trained in place; its masks are replaced level by level).

    Parameters
    ----------
    levels : int
        K: the number of prune-and-rewind steps; K + 1 networks are trained (levels 0..K).
    train_level : callable(net, k) -> history
        Trains ``net`` in place at level k.
    score : callable(net, k) -> LayerArrays
        Scores of the trained level-k network (higher = keep).
    target : callable(k) -> dict
        Keyword arguments of :func:`verify.nets.masks.prune` for the step from level k to k + 1: ``{"fraction": ...}``
        or ``{"density": ...}``.
    rewind : "init", "continue", LayerArrays or callable(k, net) -> LayerArrays
        Snapshot the survivors return to: the network's values at the start ("init", θ₀), the trained values
        ("continue"), explicit parameters (θ_j for rewinding to iteration j), or whatever the callable returns
        for the rewind after level k (asked once per rewind, after ``on_level``).
    scope, biases : passed to :func:`verify.nets.masks.prune`.
    on_level : callable(Level, net), optional
        Called after each level is trained (for recording or checkpointing).
    first_level : int
        The number of the first level trained (0 to start a sequence; k₀ > 0 to resume one from the network at the
        start of level k₀); levels first_level..levels are trained.
    """
    if isinstance(levels, bool) or not isinstance(levels, int) or levels < 0:
        raise InvalidInput(f"levels {levels!r} must be an integer >= 0")
    if isinstance(first_level, bool) or not isinstance(first_level, int) or not 0 <= first_level <= levels:
        raise InvalidInput(f"first_level {first_level!r} must be an integer in 0..levels ({levels})")
    if isinstance(rewind, str) and rewind not in REWINDS:
        raise InvalidInput(f"rewind {rewind!r} is not known; allowed: {', '.join(REWINDS)} or a parameter snapshot")
    if not (isinstance(rewind, (str, LayerArrays)) or callable(rewind)):
        raise InvalidInput("rewind must be 'init', 'continue', a LayerArrays snapshot of the parameters or a "
                           "callable(k, net) returning one")
    snapshot = net.params.map(lambda a: a.copy()) if rewind == "init" else rewind
    result = IterativeResult()
    for k in range(first_level, levels + 1):
        current = net.masks
        history = train_level(net, k)
        level = Level(level=k, density=M.density(current), layer_densities=_layer_densities(net, current),
                      history=history, masks=current)
        result.levels.append(level)
        if on_level is not None:
            on_level(level, net)
        if k == levels:
            break
        new_masks = M.prune(score(net, k), current, scope=scope, biases=biases, **target(k))
        source = _snapshot_after(snapshot, k, net)
        rewound = M.reset(source.map(lambda a: a.copy()), new_masks)
        _assign(net, rewound)
    result.final_network = net
    return result


def _snapshot_after(snapshot, k: int, net) -> LayerArrays:
    """The parameters the survivors of level k + 1 take: the trained values ("continue"), a fixed snapshot, or what
    a callable snapshot returns for level k."""
    if isinstance(snapshot, str):  # "continue"
        return net.params
    if isinstance(snapshot, LayerArrays):
        return snapshot
    chosen = snapshot(k, net)
    if not isinstance(chosen, LayerArrays):
        raise InvalidInput(f"the rewind callable returned {type(chosen).__name__}, not a LayerArrays snapshot")
    return chosen


def _layer_densities(net, masks) -> list[float]:
    return [1.0] * net.depth if masks is None else M.layer_densities(masks)


def _assign(net, other) -> None:
    """Give ``net`` the parameters and masks of ``other`` in place (callers keep their reference to ``net``)."""
    for mine, theirs in zip(net.params.arrays(), other.params.arrays()):
        mine[...] = theirs
    net.set_masks(other.masks)
