"""Pensia et al. (2020), Experiment 2, on the 8×8 digits: edge-popup on "our structure" against a wide network.

Spec pensia2020.md "Experiment 2" [code].  The target architecture is FC2, 64 → H → 10 (H = 100 here; the paper's
MNIST FC2 is 784 → 500 → 10), without biases (the theory's target class).  Three random networks, all pruned by
edge-popup (:mod:`verify.prune.edgepopup`, per-layer top-k, weights frozen):

* **ours-relu** — the literal construction: each target layer d_in → d_out becomes a degree-1 stage with r = 5
  copies of every input (weights N(0, 2), one incoming edge per copy: a structural mask), a ReLU, then a dense layer
  r·d_in → d_out (weights N(0, 2/(r·d_in))) followed by the target layer's own ReLU (none after the last):
  64 → 320 → 100 → 500 → 10.
* **ours-linear** — the same without the ReLU after the degree-1 stages.  Two linear maps compose, so the network
  computes x ↦ (Ṽ₂Ã₂) σ((Ṽ₁Ã₁) x) with Ṽ = V ⊙ M_V, Ã = A ⊙ M_A; it is evaluated as the 64-100-10 network of those
  products, and the mask gradients follow by the chain rule: with G = ∂ℓ/∂(ṼÃ), ∂ℓ/∂M_V = (G Ãᵀ) ⊙ V and
  ∂ℓ/∂M_A = (Ṽᵀ G) ⊙ A [derived].
* **wide** — a plain 64 → h → 10 network with h chosen to match the parameter count of "ours" (He normal weights).

Parameters of "ours": 320 + 32,000 + 500 + 5,000 = 37,820 (degree-1 stages count their r·d_in edges); wide
h = 511: 37,814; the trained baseline FC2 has 7,400.  Density ρ = 1 − sparsity applies to every layer, the degree-1
stages included (the spec says "keep the top fraction by score per layer").  Sparsity grid
{0, .01, .02, .025, .05, .1, .25, .5, .75, .9, .95, .975, .98, .99} [code]; SGD momentum 0.9, weight decay 5e−4,
cosine schedule, batch 64, lr 0.1 [code]; runs of 30, 50, 100, 125 and 150 epochs (the public scripts'
``for epochs in 30 50 100 125 150``).  Every run is its own training (the cosine schedule depends on its length).

Selection.  The paper plots, for each point, the best *test* accuracy over the runs of different lengths — a
selection on the test set.  :func:`select` reports it (``"test"``) and, beside it, the honest variant: the run with
the best *validation* accuracy, reported at its test accuracy (``"validation"``).  The trained baseline (the FC2
network itself, trained with the same optimiser and epoch grid) is selected both ways too.  Selection is per training
seed: a seed (network initialisation, edge-popup's initial scores, minibatch order) is the unit of replication; the
digits split is fixed, so every seed shares the test set, and each run also records which test examples it classifies
correctly (``test_correct``), so that a comparison can add the test set's sampling variance
(:func:`verify.stats.crossed_mean`).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import numpy as np

from verify.data import load_digits
from verify.errors import InvalidInput
from verify.executors import run_chunks
from verify.nets import losses
from verify.nets.layered import LayerArrays
from verify.nets.network import Network, backward, forward
from verify.prune.edgepopup import NetworkSupermask, edge_popup
from verify.store import ResultStore
from verify.streams import PURPOSE_NETWORK_INIT, stream
from verify.train.loop import evaluate, train
from verify.train.optim import SGD

SPARSITIES = (0.0, 0.01, 0.02, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.98, 0.99)
EPOCHS = (30, 50, 100, 125, 150)
STRUCTURES = ("ours-linear", "ours-relu", "wide")
REDUNDANCY = 5
HIDDEN = 100
BLOCK_STRUCTURE = 20  # PURPOSE_NETWORK_INIT blocks used here (clear of initial_parameters' 0 and 1)


def degree_one(d_in: int, r: int) -> np.ndarray:
    """The structural mask of a degree-1 stage: copy c of input j is row c·d_in + j, with its single edge to j."""
    mask = np.zeros((r * d_in, d_in), np.bool_)
    rows = np.arange(r * d_in)
    mask[rows, rows % d_in] = True
    return mask


def ours_parameters(widths=(64, HIDDEN, 10), r: int = REDUNDANCY) -> int:
    return sum(r * a + r * a * b for a, b in zip(widths[:-1], widths[1:]))


def wide_hidden(widths=(64, HIDDEN, 10), r: int = REDUNDANCY) -> int:
    """Hidden width h of a 64-h-10 network with (as nearly as possible, not more) the parameters of "ours"."""
    return ours_parameters(widths, r) // (widths[0] + widths[-1])


def structure_arrays(seed: int, widths, r: int):
    """(A_1, V_1, A_2, V_2): degree-1 stages N(0, 2) on their structure, dense stages N(0, 2/(r d_in))."""
    generator = stream(seed, PURPOSE_NETWORK_INIT, BLOCK_STRUCTURE)
    arrays, allowed = [], []
    for d_in, d_out in zip(widths[:-1], widths[1:]):
        structure = degree_one(d_in, r)
        arrays.append(math.sqrt(2.0) * generator.standard_normal(structure.shape) * structure)
        allowed.append(structure)
        arrays.append(math.sqrt(2.0 / (r * d_in)) * generator.standard_normal((d_out, r * d_in)))
        allowed.append(np.ones((d_out, r * d_in), np.bool_))
    return arrays, allowed


class LinearStructureSupermask:
    """"Ours-linear": masks over (A_1, V_1, A_2, V_2), evaluated through the products Ṽ_i Ã_i (see the module
    docstring); the same interface as :class:`verify.prune.edgepopup.NetworkSupermask`."""

    def __init__(self, arrays, allowed):
        self.arrays = list(arrays)
        self.allowed = list(allowed)
        self.fan_in = [a.shape[1] for a in self.arrays]
        self.output_scale = None

    def _products(self, masks):
        tilde = [a * m for a, m in zip(self.arrays, masks)]
        return tilde, [tilde[2 * i + 1] @ tilde[2 * i] for i in range(len(tilde) // 2)]

    def outputs(self, masks, x) -> np.ndarray:
        _, products = self._products(masks)
        return Network._from_params(LayerArrays(tuple(products), None), None).forward(x)

    def loss_and_mask_gradients(self, masks, x, y, loss: str):
        tilde, products = self._products(masks)
        trace = forward(LayerArrays(tuple(products), None), x)
        value, delta = losses.loss_and_gradient(loss, trace.outputs, y)
        grads = backward(trace, delta).weights
        out = []
        for i, g in enumerate(grads):
            a, v = tilde[2 * i], tilde[2 * i + 1]
            out.append((v.T @ g) * self.arrays[2 * i])        # ∂ℓ/∂M_A
            out.append((g @ a.T) * self.arrays[2 * i + 1])    # ∂ℓ/∂M_V
        return value, out


def build(structure: str, seed: int, widths=(64, HIDDEN, 10), r: int = REDUNDANCY):
    """The edge-popup model of ``structure`` and its parameter count."""
    if structure not in STRUCTURES:
        raise InvalidInput(f"structure {structure!r} is not known; allowed: {', '.join(STRUCTURES)}")
    if structure == "wide":
        hidden = wide_hidden(widths, r)
        net = Network.init([widths[0], hidden, widths[-1]], init="he_normal", bias=False, seed=seed)
        return NetworkSupermask(net, biases=False), net.params.total
    arrays, allowed = structure_arrays(seed, widths, r)
    count = sum(int(a.sum()) for a in allowed)
    if structure == "ours-linear":
        return LinearStructureSupermask(arrays, allowed), count
    net = Network(arrays, None)
    structure_masks = LayerArrays(tuple(allowed), None)
    return NetworkSupermask(net, biases=False, allowed=structure_masks), count


@dataclass(frozen=True)
class Exp2Settings:
    hidden: int = HIDDEN
    redundancy: int = REDUNDANCY
    lr: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 5e-4
    batch: int = 64
    baseline_lr: float = 0.1


def run_point(structure: str, sparsity: float, epochs: int, seed: int = 0,
              settings: Exp2Settings | None = None) -> dict:
    """One edge-popup run (or, for ``structure="baseline"``, the FC2 trained): final test and validation accuracy,
    parameters kept, and ``test_correct`` (a boolean per test example: the run's prediction is the label)."""
    settings = settings or Exp2Settings()
    if not 0.0 <= sparsity < 1.0:
        raise InvalidInput(f"sparsity {sparsity!r} must lie in [0, 1)")
    data = load_digits()
    widths = (data.n_inputs, settings.hidden, data.n_outputs)
    started = time.perf_counter()
    if structure == "baseline":
        net = Network.init(list(widths), init="he_normal", bias=False, seed=seed)
        optimizer = SGD(lr=settings.baseline_lr, momentum=settings.momentum, weight_decay=settings.weight_decay,
                        schedule="cosine")
        train(net, data, optimizer=optimizer, epochs=epochs, batch=settings.batch, seed=seed,
              eval_every=10 ** 9, progress=False)
        test, validation = evaluate(net, data.test, data.loss), evaluate(net, data.validation, data.loss)
        kept = total = net.params.total
        outputs = net.forward(data.test.x)
    else:
        model, total = build(structure, seed, widths, settings.redundancy)
        result = edge_popup(model, data, 1.0 - sparsity, epochs=epochs, lr=settings.lr, momentum=settings.momentum,
                            weight_decay=settings.weight_decay, batch=settings.batch, seed=seed,
                            evaluate_every_epoch=False)
        record = result.epochs[-1]
        test, validation = (record.test_loss, record.test_accuracy), (record.validation_loss,
                                                                      record.validation_accuracy)
        kept = sum(int(m.sum()) for m in result.masks)
        outputs = model.outputs(result.masks, data.test.x)
    correct = np.argmax(outputs, axis=1) == data.test.y
    return {"structure": structure, "sparsity": float(sparsity), "epochs": int(epochs), "seed": int(seed),
            "parameters": int(total), "kept": int(kept), "test_accuracy": float(test[1]),
            "validation_accuracy": float(validation[1]), "test_loss": float(test[0]),
            "test_correct": correct, "seconds": time.perf_counter() - started}


def select(rows: list[dict]) -> list[dict]:
    """Per (structure, sparsity, seed): the paper's point (best test accuracy over the epoch runs, first on ties) and
    the honest one (the run of best validation accuracy, first on ties, at its test accuracy)."""
    groups: dict = {}
    for row in rows:
        groups.setdefault((row["structure"], row["sparsity"], row.get("seed", 0)), []).append(row)
    out = []
    for (structure, sparsity, seed), runs in groups.items():
        runs = sorted(runs, key=lambda r: r["epochs"])
        by_test = max(runs, key=lambda r: r["test_accuracy"])
        by_validation = max(runs, key=lambda r: r["validation_accuracy"])
        out.append({"structure": structure, "sparsity": sparsity, "seed": seed, "kept": by_test["kept"],
                    "parameters": by_test["parameters"],
                    "test_selected_accuracy": by_test["test_accuracy"], "test_selected_epochs": by_test["epochs"],
                    "validation_selected_accuracy": by_validation["test_accuracy"],
                    "validation_selected_epochs": by_validation["epochs"],
                    "selection_gain": by_test["test_accuracy"] - by_validation["test_accuracy"]})
    return out


@dataclass(frozen=True)
class PointTask:
    """Picklable chunk function: point ``start`` of ``points`` (structure, sparsity, epochs, seed) → its row as
    arrays."""

    points: tuple
    settings: Exp2Settings

    def __call__(self, start: int, stop: int) -> dict:
        structure, sparsity, epochs, seed = self.points[start]
        row = run_point(structure, sparsity, epochs, seed, self.settings)
        out = {k: np.array([row[k]], dtype=np.float64) for k in ("parameters", "kept", "test_accuracy",
                                                                  "validation_accuracy", "test_loss", "seconds")}
        out["test_correct"] = np.asarray(row["test_correct"], dtype=np.bool_)[None, :]
        return out


def run_experiment(structures=STRUCTURES, sparsities=SPARSITIES, epochs=EPOCHS, seeds=(0,),
                   settings: Exp2Settings | None = None, out=None, workers: int | None = None,
                   executor: str = "processes", progress: bool = False) -> list[dict]:
    """Every (structure, sparsity, epochs) run plus the trained baseline for every epoch count, for every training
    seed of ``seeds`` (seed-major order); resumable in ``out`` (one results-store chunk per run).  Rows carry
    ``test_correct`` (a boolean array over the test examples)."""
    settings = settings or Exp2Settings()
    seeds = [int(seed) for seed in seeds]
    if not seeds or len(set(seeds)) != len(seeds):
        raise InvalidInput(f"seeds {seeds!r} must be a non-empty list of distinct training seeds")
    points = []
    for seed in seeds:
        points += [(s, float(p), int(e), seed) for s in structures for p in sparsities for e in epochs]
        points += [("baseline", 0.0, int(e), seed) for e in epochs]
    store = None
    if out is not None:
        store = ResultStore(out, {"seeds": seeds, "settings": asdict(settings), "points": points,
                                  "outputs": "per-example/1"},
                            kind="pensia-exp2").open()
    results = run_chunks(PointTask(tuple(points), settings), [(i, i + 1) for i in range(len(points))],
                         executor=executor, workers=workers, store=store,
                         store_meta=lambda i, a, b: {"point": list(points[i])}, progress=progress, unit="run",
                         description="pensia exp2")
    rows = []
    for (structure, sparsity, e, seed), arrays in zip(points, results):
        row = {"structure": structure, "sparsity": sparsity, "epochs": e, "seed": seed}
        row.update({k: float(v[0]) for k, v in arrays.items() if k != "test_correct"})
        row["parameters"], row["kept"] = int(row["parameters"]), int(row["kept"])
        row["test_correct"] = np.asarray(arrays["test_correct"][0], dtype=np.bool_)
        rows.append(row)
    return rows
