"""The pruning methods Plant 'n' Seek compares (spec plantnseek.md "Pruning methods and settings").

Every pruner turns a network into nested masks at a density ρ (:func:`verify.nets.masks.prune`: entries pruned before
are never candidates again), globally (``scope="global"``, the paper's setting) or per layer (``"layer"``).  Scores are
"higher = keep"; biases are scored but only pruned with ``biases=True`` (the weak-ticket default keeps every bias,
so densities count weights, as the ground-truth density does).

Weak-ticket pruners (prune at initialisation, then train):

* ``random``: i.i.d. U(0, 1) scores (``(seed, PURPOSE_PRUNING, block 3)``).
* ``magnitude``: |θ|.
* ``snip`` (Lee et al. 2019): |∂ℓ/∂m| = |G ⊙ θ| on the pruning batch (the relaxed-mask gradient).
* ``grasp`` (Wang et al. 2020): θ ⊙ H g with g = ∇ℓ and H the Hessian of the loss of the outputs divided by the
  temperature T = 200, on the pruning batch (:mod:`verify.nets.curvature`, exact); keeping the largest θ ⊙ Hg is
  removing the largest −θ ⊙ Hg, the paper's rule.
* ``synflow`` (Tanaka et al. 2020): R = 1ᵀ f̄(1) for the network f̄ with every parameter replaced by its absolute value
  and an all-ones input; score |∂R/∂m| = |θ| ∂R/∂|θ|, which is the sum over all input-to-output paths through the
  entry of the product of absolute values along the path (bias nodes start paths with their |b|).
  ``synflow-iterative``: 100 rounds, rescoring the pruned network each round, density going geometrically from the
  current one to ρ (round k of K at d₀(ρ/d₀)^{k/K}; the original's ρ^{k/100} from a dense network).

Strong-ticket pruner (weights never trained):

* ``edge-popup`` (Ramanujan et al. 2020; :mod:`verify.prune.edgepopup`): scores on weights *and* biases, per layer,
  10 epochs of SGD (momentum 0.9, weight decay 5e−4, lr 0.1, cosine, batch 32); ``edge-popup-anneal``: density
  ρ^{e/10} in epoch e.  Its loss sees the outputs times ``output_factor`` (the planted scales' reciprocals by default in
  :mod:`verify.plantnseek.run`, so that the planted ticket is a minimiser).

The pruning batch (SNIP, GraSP) is 40 training samples, the public code's ``prune_dataset_ratio`` 10 × 4 [code].
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.nets.curvature import hessian_vector_product
from verify.nets.layered import LayerArrays
from verify.prune.edgepopup import NetworkSupermask, edge_popup
from verify.streams import PURPOSE_PRUNING, stream
from verify.validate import check_choice, check_unit_interval

GRASP_TEMPERATURE = 200.0
SYNFLOW_ROUNDS = 100
PRUNE_SAMPLES = 40


@dataclass(frozen=True, eq=False)
class PruneContext:
    """What pruners may look at besides the network: the training data (edge-popup), the pruning batch (SNIP,
    GraSP), the loss, a factor on the outputs for edge-popup's loss, a seed and edge-popup's settings."""

    data: object
    prune_x: np.ndarray
    prune_y: np.ndarray
    loss: str
    seed: int = 0
    output_factor: np.ndarray | None = None
    edge_popup: dict = field(default_factory=dict)


def prune_context(data, seed: int = 0, samples: int = PRUNE_SAMPLES, output_factor=None, **edge_popup) -> PruneContext:
    """A context whose pruning batch is ``samples`` training points chosen by ``(seed, PURPOSE_PRUNING, block 4)``."""
    generator = stream(seed, PURPOSE_PRUNING, 4)
    rows = np.sort(generator.permutation(len(data.train))[:samples])
    return PruneContext(data, data.train.x[rows], data.train.y[rows], data.loss, seed,
                        None if output_factor is None else np.asarray(output_factor, dtype=np.float64), edge_popup)


@dataclass
class Pruned:
    masks: LayerArrays
    info: dict = field(default_factory=dict)


class Pruner:
    """Base class: ``scores(net, context)`` → :class:`LayerArrays` (higher = keep); ``prune`` applies them."""

    name = "pruner"
    strong = False          # True: finds strong tickets (weights are never trained)
    description = ""

    def scores(self, net, context: PruneContext) -> LayerArrays:  # pragma: no cover - abstract
        raise NotImplementedError

    def prune(self, net, density: float, context: PruneContext, *, scope: str = "global",
              biases: bool = False) -> Pruned:
        """Nested masks of ``net`` (its current masks, or dense) at ``density``."""
        check_density(density)
        return Pruned(M.prune(self.scores(net, context), net.masks, density=density, scope=scope, biases=biases))

    def __repr__(self) -> str:
        return f"<pruner {self.name}>"


def check_density(density) -> float:
    """A fraction of weights kept, in (0, 1]."""
    return check_unit_interval("density", density, high_open=False)


class RandomPruner(Pruner):
    name = "random"
    description = "uniformly random scores"

    def scores(self, net, context):
        generator = stream(context.seed, PURPOSE_PRUNING, 3)
        return net.params.map(lambda a: generator.uniform(0.0, 1.0, size=a.shape))


class MagnitudePruner(Pruner):
    name = "magnitude"
    description = "|theta|"

    def scores(self, net, context):
        return M.magnitude_scores(net)


class SNIPPruner(Pruner):
    name = "snip"
    description = "|dL/dm| on the pruning batch"

    def scores(self, net, context):
        _, grads = net.loss_and_gradients(context.prune_x, context.prune_y, loss=context.loss, mask_gradients=True)
        return grads.masks.map(np.abs)


class GraSPPruner(Pruner):
    name = "grasp"
    description = "theta * Hg (temperature 200) on the pruning batch"

    def __init__(self, temperature: float = GRASP_TEMPERATURE):
        self.temperature = float(temperature)

    def scores(self, net, context):
        factor = 1.0 / self.temperature
        _, gradient, _ = hessian_vector_product(net, context.prune_x, context.prune_y, context.loss,
                                                net.params.map(np.zeros_like), output_scale=factor)
        _, _, hg = hessian_vector_product(net, context.prune_x, context.prune_y, context.loss, gradient,
                                          output_scale=factor)
        return net.effective().combine(hg, np.multiply)


def synflow_scores(net) -> LayerArrays:
    """|θ| ⊙ ∂R/∂|θ| for R = Σ f̄(1) on the absolute-valued network (masks respected)."""
    absolute = net.map(np.abs)
    trace = absolute.trace(np.ones((1, net.widths[0])))
    grads = absolute.backward(trace, np.ones_like(trace.outputs), mask_gradients=True)
    return grads.masks.map(np.abs)


class SynFlowPruner(Pruner):
    description = "path-product flow of |theta| with an all-ones input"

    def __init__(self, rounds: int = 1):
        if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
            raise InvalidInput(f"rounds {rounds!r} must be an integer >= 1")
        self.rounds = rounds
        self.name = "synflow" if rounds == 1 else "synflow-iterative"

    def scores(self, net, context):
        return synflow_scores(net)

    def prune(self, net, density, context, *, scope="global", biases=False):
        check_density(density)
        current = net.masks
        if scope == "layer":   # one geometric schedule per layer, from its own current density
            starts = (np.array(M.layer_densities(current), dtype=np.float64) if current is not None
                      else np.ones(net.depth))
        else:
            starts = np.array([M.density(current, biases=biases) if current is not None else 1.0])
        if np.any(density > starts * (1 + 1e-12)):
            raise InvalidInput(f"density {density:g} exceeds a current density ({starts.min():g}); masks are nested")
        work = net.copy()
        for k in range(1, self.rounds + 1):
            levels = np.full(starts.shape, density) if k == self.rounds else starts * (density / starts) ** (
                k / self.rounds)
            target = float(levels[0]) if scope != "layer" else [float(v) for v in levels]
            current = M.prune(synflow_scores(work), current, density=target, scope=scope, biases=biases)
            work.set_masks(current)
        return Pruned(current, {"rounds": self.rounds})


class EdgePopupPruner(Pruner):
    strong = True
    description = "edge-popup: learned scores, straight-through, per-layer top-k (weights and biases)"

    def __init__(self, anneal: bool = False):
        self.anneal = bool(anneal)
        self.name = "edge-popup-anneal" if anneal else "edge-popup"

    def scores(self, net, context):  # pragma: no cover - edge-popup has no one-shot scores
        raise InvalidInput("edge-popup learns its scores; use prune()")

    def prune(self, net, density, context, *, scope="global", biases=True):
        check_density(density)
        if net.masks is not None:
            raise InvalidInput("edge-popup starts from a dense network (it has no multishot mode; "
                               "use edge-popup-anneal for a gradual density)")
        model = NetworkSupermask(net, biases=True, output_scale=context.output_factor)
        settings = {"epochs": 10, "lr": 0.1, "momentum": 0.9, "weight_decay": 5e-4, "batch": 32}
        settings.update(context.edge_popup)
        result = edge_popup(model, context.data, density, anneal=self.anneal, seed=context.seed, loss=context.loss,
                            evaluate_every_epoch=False, **settings)
        return Pruned(model.masks_to_layer_arrays(result.masks),
                      {"steps": result.steps, "final_train_loss": result.epochs[-1].train_loss,
                       "settings": settings, "anneal": self.anneal})


PRUNERS = {
    "random": RandomPruner(),
    "magnitude": MagnitudePruner(),
    "snip": SNIPPruner(),
    "grasp": GraSPPruner(),
    "synflow": SynFlowPruner(),
    "synflow-iterative": SynFlowPruner(rounds=SYNFLOW_ROUNDS),
    "edge-popup": EdgePopupPruner(),
    "edge-popup-anneal": EdgePopupPruner(anneal=True),
}
PAPER_PRUNERS = ("random", "magnitude", "snip", "grasp", "synflow", "edge-popup")


def get_pruner(name: str) -> Pruner:
    """The pruner registered under ``name`` (one of :data:`PRUNERS`)."""
    return PRUNERS[check_choice("pruner", name, PRUNERS)]
