"""Pensia et al. (2020), Experiment 2: edge-popup on "our structure" against a wide network, FC2 and FC4 targets.

Spec pensia2020.md "Experiment 2" [code].  Targets without biases (the theory's target class): **FC2** n_0 → H → n_L
and **FC4** n_0 → H → H → H → n_L (the public code's ``RedTwoLayerFC``/``RedFourLayerFC``, H = 500 on MNIST there;
``hidden`` here).  Datasets: the 8×8 digits or MNIST-5k (5,000 of the 70,000 MNIST images,
:mod:`verify.data.mnist5k`).  Three random networks, all pruned by edge-popup (:mod:`verify.prune.edgepopup`,
per-layer top-k, weights frozen):

* **ours-relu** — the literal construction: each target layer d_in → d_out becomes a degree-1 stage with r = 5
  copies of every input (weights N(0, 2), one incoming edge per copy), a ReLU, then a dense layer r·d_in → d_out
  (weights N(0, 2/(r·d_in))) followed by the target layer's own ReLU (none after the last);
* **ours-linear** — the same without the ReLU after the degree-1 stages (the pair is one linear map);
* **wide** — a plain network of the target's depth whose equal hidden widths h are the largest with at most the
  parameters of "ours" (He normal weights): h = ⌊P/(n_0 + n_L)⌋ for FC2, the largest h with (n_0 + n_L)·h + 2h² ≤ P
  for FC4 (the public code rounds the same equations).

"Ours" is :class:`verify.experiments.structure.RedundantStructure` (degree-1 stages stored as (r, d_in) arrays).
Parameters of "ours" for digits FC2 (H = 100): 320 + 32,000 + 500 + 5,000 = 37,820, wide h = 511; MNIST FC2
(H = 500): 1,991,420, wide h = 2,508 (the spec's counts).  Density ρ = 1 − sparsity applies to every array, the
degree-1 stages included ("keep the top fraction by score per layer").  Sparsity grid
{0, .01, .02, .025, .05, .1, .25, .5, .75, .9, .95, .975, .98, .99} [code]; SGD momentum 0.9, weight decay 5e−4,
cosine schedule, batch 64, lr 0.1 [code]; runs of 30, 50, 100, 125 and 150 epochs (the public scripts'
``for epochs in 30 50 100 125 150``).  Every run is its own training (the cosine schedule depends on its length).

Selection.  The paper plots, for each point, the best *test* accuracy over the runs of different lengths — a
selection on the test set.  :func:`select` reports it (``"test"``) and, beside it, the honest variant: the run with
the best *validation* accuracy, reported at its test accuracy (``"validation"``).  The trained baseline (the target
network itself, trained with the same optimiser and epoch grid) is selected both ways too.  Selection is per training
seed: a seed (network initialisation, edge-popup's initial scores, minibatch order) is the unit of replication; the
data split is fixed, so every seed shares the test set, and each run also records which test examples it classifies
correctly (``test_correct``), so that a comparison can add the test set's sampling variance
(:func:`verify.stats.crossed_mean`).
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import asdict, dataclass

import numpy as np

from verify.data import load_dataset
from verify.errors import InvalidInput
from verify.executors import run_chunks
from verify.experiments.structure import RedundantStructure, compact_arrays, structure_parameters
from verify.nets.network import Network
from verify.prune.edgepopup import NetworkSupermask, edge_popup
from verify.store import ResultStore
from verify.train.loop import evaluate, train
from verify.train.optim import SGD

SPARSITIES = (0.0, 0.01, 0.02, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.98, 0.99)
EPOCHS = (30, 50, 100, 125, 150)
STRUCTURES = ("ours-linear", "ours-relu", "wide")
REDUNDANCY = 5
HIDDEN = 100
TARGETS = {"fc2": 1, "fc4": 3}   # hidden layers of the target
DATASETS = ("digits", "mnist5k")


def degree_one(d_in: int, r: int) -> np.ndarray:
    """The structural mask of a degree-1 stage: copy c of input j is row c·d_in + j, with its single edge to j."""
    mask = np.zeros((r * d_in, d_in), np.bool_)
    rows = np.arange(r * d_in)
    mask[rows, rows % d_in] = True
    return mask


def target_widths(target: str, n_in: int, n_out: int, hidden: int = HIDDEN) -> tuple[int, ...]:
    """The widths of ``target`` ("fc2": n_in-H-n_out, "fc4": n_in-H-H-H-n_out)."""
    if target not in TARGETS:
        raise InvalidInput(f"target {target!r} is not known; allowed: {', '.join(TARGETS)}")
    return (int(n_in), *([int(hidden)] * TARGETS[target]), int(n_out))


def ours_parameters(widths=(64, HIDDEN, 10), r: int = REDUNDANCY) -> int:
    return structure_parameters(widths, r)


def wide_hidden(widths=(64, HIDDEN, 10), r: int = REDUNDANCY) -> int:
    """The equal hidden width h of a plain network of the target's depth with (as nearly as possible, not more) the
    parameters of "ours": the largest h with (n_0 + n_L)·h + (L − 2)·h² ≤ P (L weight matrices)."""
    budget = ours_parameters(widths, r)
    ends, inner = widths[0] + widths[-1], len(widths) - 3

    def count(h: int) -> int:
        return ends * h + inner * h * h

    h = budget // ends if inner == 0 else int((math.sqrt(ends * ends + 4 * inner * budget) - ends) / (2 * inner))
    while count(h + 1) <= budget:
        h += 1
    while h > 1 and count(h) > budget:
        h -= 1
    return h


def build(structure: str, seed: int, widths=(64, HIDDEN, 10), r: int = REDUNDANCY):
    """The edge-popup model of ``structure`` and its parameter count."""
    if structure not in STRUCTURES:
        raise InvalidInput(f"structure {structure!r} is not known; allowed: {', '.join(STRUCTURES)}")
    if structure == "wide":
        hidden = wide_hidden(widths, r)
        net = Network.init([widths[0], *([hidden] * (len(widths) - 2)), widths[-1]], init="he_normal", bias=False,
                           seed=seed)
        return NetworkSupermask(net, biases=False), net.params.total
    model = RedundantStructure(compact_arrays(seed, widths, r), relu=structure == "ours-relu")
    return model, ours_parameters(widths, r)


@dataclass(frozen=True)
class Exp2Settings:
    dataset: str = "digits"
    hidden: int = HIDDEN
    redundancy: int = REDUNDANCY
    lr: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 5e-4
    batch: int = 64
    baseline_lr: float = 0.1


@functools.lru_cache(maxsize=2)
def _data(name: str):
    if name not in DATASETS:
        raise InvalidInput(f"dataset {name!r} is not known; allowed: {', '.join(DATASETS)}")
    return load_dataset(name)


def run_point(structure: str, sparsity: float, epochs: int, seed: int = 0,
              settings: Exp2Settings | None = None, target: str = "fc2") -> dict:
    """One edge-popup run (or, for ``structure="baseline"``, the target trained): final test and validation
    accuracy, parameters kept, and ``test_correct`` (a boolean per test example: the run's prediction is the
    label)."""
    settings = settings or Exp2Settings()
    if not 0.0 <= sparsity < 1.0:
        raise InvalidInput(f"sparsity {sparsity!r} must lie in [0, 1)")
    data = _data(settings.dataset)
    widths = target_widths(target, data.n_inputs, data.n_outputs, settings.hidden)
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
    return {"structure": structure, "target": target, "sparsity": float(sparsity), "epochs": int(epochs),
            "seed": int(seed),
            "parameters": int(total), "kept": int(kept), "test_accuracy": float(test[1]),
            "validation_accuracy": float(validation[1]), "test_loss": float(test[0]),
            "test_correct": correct, "seconds": time.perf_counter() - started}


def select(rows: list[dict]) -> list[dict]:
    """Per (target, structure, sparsity, seed): the paper's point (best test accuracy over the epoch runs, first on
    ties) and the honest one (the run of best validation accuracy, first on ties, at its test accuracy)."""
    groups: dict = {}
    for row in rows:
        groups.setdefault((row.get("target", "fc2"), row["structure"], row["sparsity"], row.get("seed", 0)),
                          []).append(row)
    out = []
    for (target, structure, sparsity, seed), runs in groups.items():
        runs = sorted(runs, key=lambda r: r["epochs"])
        by_test = max(runs, key=lambda r: r["test_accuracy"])
        by_validation = max(runs, key=lambda r: r["validation_accuracy"])
        out.append({"target": target, "structure": structure, "sparsity": sparsity, "seed": seed,
                    "kept": by_test["kept"],
                    "parameters": by_test["parameters"],
                    "test_selected_accuracy": by_test["test_accuracy"], "test_selected_epochs": by_test["epochs"],
                    "validation_selected_accuracy": by_validation["test_accuracy"],
                    "validation_selected_epochs": by_validation["epochs"],
                    "selection_gain": by_test["test_accuracy"] - by_validation["test_accuracy"]})
    return out


@dataclass(frozen=True)
class PointTask:
    """Picklable chunk function: point ``start`` of ``points`` (target, structure, sparsity, epochs, seed) → its row
    as arrays."""

    points: tuple
    settings: Exp2Settings

    def __call__(self, start: int, stop: int) -> dict:
        target, structure, sparsity, epochs, seed = self.points[start]
        row = run_point(structure, sparsity, epochs, seed, self.settings, target=target)
        out = {k: np.array([row[k]], dtype=np.float64) for k in ("parameters", "kept", "test_accuracy",
                                                                  "validation_accuracy", "test_loss", "seconds")}
        out["test_correct"] = np.asarray(row["test_correct"], dtype=np.bool_)[None, :]
        return out


def experiment_points(structures=STRUCTURES, sparsities=SPARSITIES, epochs=EPOCHS, seeds=(0,), targets=("fc2",),
                      plan=None) -> list[tuple]:
    """The runs of a campaign, (target, structure, sparsity, epochs, seed), seed-major, then target: every structure
    at every sparsity (or, with ``plan`` = [[sparsity, [structures]], ...], the structures listed at each sparsity),
    every epoch count, then the trained baseline for every epoch count."""
    seeds = [int(seed) for seed in seeds]
    if not seeds or len(set(seeds)) != len(seeds):
        raise InvalidInput(f"seeds {seeds!r} must be a non-empty list of distinct training seeds")
    for target in targets:
        if target not in TARGETS:
            raise InvalidInput(f"target {target!r} is not known; allowed: {', '.join(TARGETS)}")
    if plan is None:
        plan = [[p, list(structures)] for p in sparsities]
    for sparsity, chosen in plan:
        if not 0.0 <= float(sparsity) < 1.0:
            raise InvalidInput(f"sparsity {sparsity!r} must lie in [0, 1)")
        for structure in chosen:
            if structure not in STRUCTURES:
                raise InvalidInput(f"structure {structure!r} is not known; allowed: {', '.join(STRUCTURES)}")
    points = []
    for seed in seeds:
        for target in targets:
            points += [(target, s, float(p), int(e), seed) for p, chosen in plan for s in chosen for e in epochs]
            points += [(target, "baseline", 0.0, int(e), seed) for e in epochs]
    return points


def run_experiment(structures=STRUCTURES, sparsities=SPARSITIES, epochs=EPOCHS, seeds=(0,),
                   settings: Exp2Settings | None = None, out=None, workers: int | None = None,
                   executor: str = "processes", progress: bool = False, targets=("fc2",), plan=None) -> list[dict]:
    """Every run of :func:`experiment_points`, for every training seed of ``seeds``; resumable in ``out`` (one
    results-store chunk per run).  Rows carry ``test_correct`` (a boolean array over the test examples)."""
    settings = settings or Exp2Settings()
    if settings.dataset not in DATASETS:
        raise InvalidInput(f"dataset {settings.dataset!r} is not known; allowed: {', '.join(DATASETS)}")
    points = experiment_points(structures, sparsities, epochs, seeds, targets, plan)
    store = None
    if out is not None:
        store = ResultStore(out, {"settings": asdict(settings), "points": points, "outputs": "per-example/1",
                                  "structure": "compact/1"},
                            kind="pensia-exp2").open()
    results = run_chunks(PointTask(tuple(points), settings), [(i, i + 1) for i in range(len(points))],
                         executor=executor, workers=workers, store=store,
                         store_meta=lambda i, a, b: {"point": list(points[i])}, progress=progress, unit="run",
                         description="pensia exp2")
    rows = []
    for (target, structure, sparsity, e, seed), arrays in zip(points, results):
        row = {"target": target, "structure": structure, "sparsity": sparsity, "epochs": e, "seed": seed}
        row.update({k: float(v[0]) for k, v in arrays.items() if k != "test_correct"})
        row["parameters"], row["kept"] = int(row["parameters"]), int(row["kept"])
        row["test_correct"] = np.asarray(arrays["test_correct"][0], dtype=np.bool_)
        rows.append(row)
    return rows
