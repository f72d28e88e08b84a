"""Plant 'n' Seek experiments: plant a ticket, run a pruner, measure what it found (spec plantnseek.md).

Protocols (Fischer & Burkholz 2022, "Pruning methods and settings") [paper]:

* **singleshot**: score once at initialisation, prune to density ρ, train 10 epochs;
* **multishot**: 10 levels of (train 5 epochs, prune to ρ^{(k+1)/10}, reset the survivors to their initial values),
  then train 10 epochs — the shared loop :func:`verify.prune.iterative.iterative_pruning` (masks nested: a pruned weight
  never returns; the public code recomputed global masks over already-pruned weights, so some methods revived them —
  a known defect, not reproduced).  Edge-popup and ``synflow-iterative`` have no multishot mode (refused).

Training: Adam lr 1e−3, batch 32, MSE (ReLU, Helix) or cross-entropy (Circle) on the network's own outputs (no
softmax anywhere for regression).  Densities count weights; biases are not pruned by the weak-ticket pruners
(``prune_biases`` to change that); edge-popup masks biases too.

Evaluation, fair to the planted ticket.  The planted ticket computes ``scale ⊙ target``
(:mod:`verify.plantnseek.planting`): it solves the task only once its outputs are divided by the planted output scales;
evaluated on its raw outputs, as the public code evaluated pruned networks, it scores far lower (the spec's 15–61 %
against 96–99 % on Circle).  A pruned network is therefore judged as a *strong ticket* under both conventions — raw
outputs (``pruned_*_raw``) and outputs divided by the planted scales (``pruned_*_scaled``) — and ``pruned_loss``,
``pruned_accuracy`` are those of the better convention (higher accuracy for Circle, lower MSE otherwise): a subnetwork
counts if it solves the task as it is or with the planted scales, the same rule for every method.  After training
(*weak ticket*) the network is evaluated on its own outputs (``trained_loss``, ``trained_accuracy``; not measured for
edge-popup, whose weights are never trained; a training run that diverges leaves NaN there).  Edge-popup's loss sees
the raw outputs by default (``edge_popup_outputs="raw"``, the code's objective without its final softmax);
``"planted"`` divides them by the planted scales first, an objective the planted ticket minimises, but whose gradients
are larger by the factor 1/scale (~1e2–1e5) and which worked much worse in our runs (measured: Circle at density 0.5,
accuracy 0.80 against 0.95 with raw outputs; ReLU at 0.1, MSE 6.7 against 1.1e−4).

Per run (one row): densities asked and achieved, test loss (MSE for regression, cross-entropy for Circle) and accuracy
after pruning and after training, **recall** (fraction of planted weights kept) and **precision** (fraction of kept
weights that are planted) of the planted edges — the paper did not measure these — ``recall_material`` (ignoring the
Helix target's rounding residues, :meth:`verify.plantnseek.targets.Target.negligible`), and **layer collapse** (no path
of kept weights from input to output).  Every (task, planting, repetition) also gets two reference rows:

* ``pruner = "planted"`` at the ground-truth density: the planted ticket itself (its strong metrics are the target's
  quality) and the planted ticket trained like the weak tickets (whether the training protocol is fair to it).  It
  often is not, and this is the measurement, not a defect: training starts from the ticket's *raw* outputs ``scale ·
  target`` (output scales ~1e-7 to 1e-4 under the code's rule; hidden neurons carry scales ~1e-4 to 1e-2), so the
  first cross-entropy steps see near-uniform logits, and Adam's steps (about ``lr`` per parameter whatever the
  gradient's size) are large against the weights of the tiny-scale neurons: the exact planted function is lost in the
  first epoch and the narrow sparse network must relearn the task.  Measured (Circle, code's rule, seed 0, planting 0;
  masks checked to stay on the ticket): with the multishot ``quick`` profile's 1,800 training points (570 steps) the
  trained ticket predicts almost only the majority class (190 of the 200 test points; that class is 49 % of them:
  accuracy 0.49 after 1 and after 10 epochs, 0.86 after 40); with 9,000 points (2,820 steps) 0.77; on the confirmatory
  seed's plantings 0 and 1 with the full settings 0.93 and 0.92, against 0.98 for the ticket itself (outputs divided
  by the planted scales).  The same ticket with its hidden-neuron scales moved into the output layer (the same
  function, by positive homogeneity) trains to 0.79 on 1,800 points and 0.93 on 9,000 in 10 epochs: the per-layer
  distribution of the tiny scales, not the sparsity alone, is what Adam's learning rate meets.  The weak-ticket
  thresholds compare with the ticket's untrained metric, so this row changes no verdict; the dense row says whether
  the protocol can reach the ticket at all;
* ``pruner = "dense"`` at density 1 (``Settings.dense``): the planted mother network, unpruned, trained with the
  campaign's protocol — the singleshot training of ``epochs`` epochs, or the multishot protocol at density 1, which
  prunes nothing and resets to the initial values at every level, so it reduces to its final training of ``epochs``
  epochs from the initial values with the final level's minibatch seed.  Its trained metrics say whether the protocol
  can reach the planted ticket's quality at all: a success threshold that the dense network misses cannot tell a
  pruner's failure from the training's.  Every pruner at density 1 keeps every weight, so this row *is* the density-1
  point of every weak-ticket pruner (and, before training, of edge-popup): campaigns need not run density 1 per
  pruner.

Randomness.  A *planting* p has the seed ``run_seed(seed, p) = derive_seed(seed, PURPOSE_PLANTNSEEK, p)``
(:mod:`verify.streams`): it draws the mother network and the data, so all pruners, densities and repetitions of a
planting see the same planted network and data.  A *repetition* k of a planting re-draws the rest — the pruning batch,
random scores, edge-popup's scores and the minibatch order (separate streams) — from
``repetition_seed(seed, p, k)``: the planting's own seed for k = 0 (so a one-repetition campaign is the campaign of
before), ``derive_seed(seed, PURPOSE_PLANTNSEEK, p, k)`` for k ≥ 1.  Deterministic pruners (magnitude, SynFlow) give
the same mask in every repetition; their trained networks differ through the minibatch order.  Every cell is
reproducible on its own: results are identical at any worker count and after an interrupted run resumes.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import numpy as np

from verify.data.tasks import plantnseek_task
from verify.errors import InvalidInput
from verify.executors import run_chunks
from verify.memory import require
from verify.nets import masks as M
from verify.plantnseek.planting import MATCHES, PlantedNetwork, check_width_fits, plant
from verify.plantnseek.targets import NEGLIGIBLE, TASKS, check_depth, check_task, target
from verify.prune.iterative import iterative_pruning
from verify.prune.pruners import get_pruner, prune_context
from verify.store import ResultStore
from verify.streams import PURPOSE_PLANTNSEEK, check_seed, derive_seed
from verify.train.loop import TrainingDiverged, evaluate, train
from verify.train.optim import Adam
from verify.validate import format_count

MODES = ("singleshot", "multishot")
GT = "gt"
EDGE_POPUP_OUTPUTS = ("planted", "raw")
PAPER_DENSITIES = (0.01, 0.1, 0.5, 1.0, GT)
REFERENCE = "planted"
DENSE = "dense"
MULTISHOT_PRUNERS = ("random", "magnitude", "snip", "grasp", "synflow")


@dataclass(frozen=True)
class Settings:
    """Everything that changes a number (defaults: the paper's).  Depth counts neuron layers (5 = 4 weight
    matrices)."""

    depth: int = 5
    width: int = 100
    epochs: int = 10                  # training after pruning
    lr: float = 1e-3
    batch: int = 32
    multishot_levels: int = 10
    multishot_epochs: int = 5
    scope: str = "global"
    prune_biases: bool = False
    match: str = "l2"
    init: str = "he_normal"
    samples: int = 10_000
    noise: float = 0.01              # target noise (ReLU, Helix) and label-flip probability (Circle), as the code's
    prune_samples: int = 40
    edge_popup_outputs: str = "raw"
    edge_popup_epochs: int = 10
    edge_popup_lr: float = 0.1
    reference: bool = True            # add the planted-ticket reference rows
    dense: bool = True                # add the dense rows (the mother network trained with the campaign's protocol)

    def validate(self) -> Settings:
        check_depth(self.depth)
        for name in ("width", "epochs", "batch", "multishot_levels", "multishot_epochs", "samples", "prune_samples",
                     "edge_popup_epochs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidInput(f"{name} {value!r} must be an integer >= 1")
        if isinstance(self.noise, bool) or not isinstance(self.noise, (int, float)) or not 0.0 <= self.noise <= 1.0:
            raise InvalidInput(f"noise {self.noise!r} must lie in [0, 1] (a standard deviation for relu and helix, "
                               "a flip probability for circle)")
        if self.scope not in M.SCOPES:
            raise InvalidInput(f"scope {self.scope!r} is not known; allowed: {', '.join(M.SCOPES)}")
        if self.match not in MATCHES:
            raise InvalidInput(f"match {self.match!r} is not known; allowed: {', '.join(MATCHES)}")
        if self.edge_popup_outputs not in EDGE_POPUP_OUTPUTS:
            raise InvalidInput(f"edge_popup_outputs {self.edge_popup_outputs!r} is not known; allowed: "
                               f"{', '.join(EDGE_POPUP_OUTPUTS)}")
        return self


def run_seed(seed: int, rep: int) -> int:
    """The seed of planting ``rep`` of a run with ``seed`` (its mother network and data):
    ``derive_seed(seed, PURPOSE_PLANTNSEEK, rep)``."""
    return derive_seed(seed, PURPOSE_PLANTNSEEK, rep)


def repetition_seed(seed: int, rep: int, repetition: int) -> int:
    """The seed of repetition ``repetition`` on planting ``rep`` (pruning batch, random and edge-popup scores,
    minibatch order): the planting's own seed :func:`run_seed` for repetition 0, ``derive_seed(seed,
    PURPOSE_PLANTNSEEK, rep, repetition)`` otherwise."""
    if repetition == 0:
        return run_seed(seed, rep)
    return derive_seed(seed, PURPOSE_PLANTNSEEK, rep, repetition)


# -- setup -------------------------------------------------------------------------------------------------------
def planted_network(task: str, settings: Settings, seed: int) -> PlantedNetwork:
    return plant(task, settings.width, settings.depth, match=settings.match, init=settings.init, seed=seed)


def task_data(task: str, settings: Settings, seed: int):
    return plantnseek_task(task, samples=settings.samples, noise=settings.noise, label_noise=settings.noise, seed=seed)


def parse_density(value, ground_truth: float | None = None):
    """A density: a number in (0, 1] or ``"gt"`` (the planted ticket's weight density, if given)."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text == GT:
            return GT if ground_truth is None else float(ground_truth)
        try:
            value = float(text)
        except ValueError:
            raise InvalidInput(f"density {value!r} must be a number in (0, 1] or 'gt'") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (0.0 < value <= 1.0) \
            or not math.isfinite(value):
        raise InvalidInput(f"density {value!r} must lie in (0, 1] (or be 'gt', the planted ticket's density)")
    return float(value)


def density_label(value) -> str:
    return GT if value == GT else f"{float(value):g}"


# -- evaluation --------------------------------------------------------------------------------------------------
def edge_metrics(masks, planted: PlantedNetwork) -> dict:
    """Recall and precision of the planted weights, also without the target's rounding residues; bias recall."""
    ticket = planted.ticket.weights
    material = planted_material(planted)
    kept = sum(int(m.sum()) for m in masks.weights)
    hits = sum(int((m & t).sum()) for m, t in zip(masks.weights, ticket))
    total = sum(int(t.sum()) for t in ticket)
    hits_material = sum(int((m & t).sum()) for m, t in zip(masks.weights, material))
    total_material = sum(int(t.sum()) for t in material)
    out = {"recall": hits / total, "precision": hits / kept if kept else float("nan"),
           "recall_material": hits_material / total_material if total_material else float("nan"),
           "layer_collapse": bool(M.layer_collapse(masks))}
    bias_ticket = planted.ticket.biases
    bias_total = sum(int(t.sum()) for t in bias_ticket)
    if masks.biases is not None and bias_total:
        out["bias_recall"] = sum(int((m & t).sum()) for m, t in zip(masks.biases, bias_ticket)) / bias_total
    else:
        out["bias_recall"] = 1.0 if bias_total else float("nan")  # unpruned biases are all kept
    return out


def planted_material(planted: PlantedNetwork) -> list[np.ndarray]:
    """The ticket's weight masks without entries that are rounding residues of the target."""
    out = []
    for w, t in zip(planted.network.weights, planted.ticket.weights):
        values = np.abs(w) * t
        top = values.max() if values.size else 0.0
        out.append(t & (values >= NEGLIGIBLE * top))
    return out


# -- one run -----------------------------------------------------------------------------------------------------
def _nan(value):
    return float("nan") if value is None else float(value)


def best_convention(row: dict) -> dict:
    """``pruned_loss``/``pruned_accuracy``: the better of the raw and the planted-scale evaluation (accuracy decides
    for classification, the loss for regression); ``pruned_scaled`` says which one it was."""
    raw = (row["pruned_loss_raw"], row["pruned_accuracy_raw"])
    scaled = (row["pruned_loss_scaled"], row["pruned_accuracy_scaled"])
    if not math.isnan(raw[1]):
        use_scaled = scaled[1] > raw[1] or (scaled[1] == raw[1] and scaled[0] < raw[0])
    else:
        use_scaled = scaled[0] < raw[0] or (math.isnan(raw[0]) and not math.isnan(scaled[0]))
    best = scaled if use_scaled else raw
    return {"pruned_loss": best[0], "pruned_accuracy": best[1], "pruned_scaled": bool(use_scaled)}


def run_one(task: str, pruner: str, density, mode: str = "singleshot", rep: int = 0, seed: int = 0,
            settings: Settings | None = None, repetition: int = 0) -> dict:
    """One cell: plant (seeded by (seed, rep): planting ``rep``), prune with ``pruner`` to ``density`` ("gt" allowed)
    in ``mode`` with the randomness of repetition ``repetition``, train, measure.  ``pruner="planted"`` gives the
    planted reference row, ``pruner="dense"`` the dense row.  Returns one tidy row (a dict)."""
    settings = (settings or Settings()).validate()
    check_task(task)
    if mode not in MODES:
        raise InvalidInput(f"mode {mode!r} is not known; allowed: {', '.join(MODES)}")
    if isinstance(repetition, bool) or not isinstance(repetition, int) or repetition < 0:
        raise InvalidInput(f"repetition {repetition!r} must be an integer >= 0")
    started = time.perf_counter()
    seed_p = run_seed(seed, rep)
    seed_r = repetition_seed(seed, rep, repetition)
    planted = planted_network(task, settings, seed_p)
    data = task_data(task, settings, seed_p)
    gt = planted.ground_truth_density()
    rho = parse_density(density, gt)
    factor = 1.0 / planted.scale
    loss = data.loss
    optimizer = Adam(lr=settings.lr)

    def fit(net, epochs, level_seed):
        steps = epochs * math.ceil(len(data.train) / settings.batch)
        try:
            return train(net, data, optimizer=optimizer, epochs=epochs, batch=settings.batch, seed=level_seed,
                         eval_every=steps, progress=False)
        except TrainingDiverged:   # recorded as NaN trained metrics rather than stopping a whole grid
            for array in net.params.arrays():
                array[...] = np.nan
            return None

    strong_net = None
    trained = (None, None)
    if pruner == REFERENCE:
        strong_net = planted.ticket_network()
        net = strong_net.copy()
        fit(net, settings.epochs, seed_r)
        trained = evaluate(net, data.test, loss)
        masks = planted.ticket
    elif pruner == DENSE:
        strong_net = planted.network.copy()
        net = strong_net.copy()
        fit(net, settings.epochs, seed_r if mode == "singleshot" else seed_r + settings.multishot_levels)
        trained = evaluate(net, data.test, loss)
        masks = M.dense_masks(planted.network, biases=True)
    else:
        method = get_pruner(pruner)
        context = prune_context(data, seed=seed_r, samples=settings.prune_samples,
                                output_factor=factor if settings.edge_popup_outputs == "planted" else None,
                                epochs=settings.edge_popup_epochs, lr=settings.edge_popup_lr)
        if mode == "singleshot":
            net = planted.network.copy()
            pruned = method.prune(net, rho, context, scope=settings.scope,
                                  **({} if method.strong else {"biases": settings.prune_biases}))
            masks = pruned.masks
            strong_net = planted.network.with_masks(masks, zero_pruned=True)
            if not method.strong:
                net = strong_net.copy()
                fit(net, settings.epochs, seed_r)
                trained = evaluate(net, data.test, loss)
        else:
            if pruner not in MULTISHOT_PRUNERS:
                raise InvalidInput(f"pruner {pruner!r} has no multishot mode (multishot already iterates; use "
                                   f"synflow, or edge-popup-anneal in singleshot)")
            strong_net, net = _multishot(planted, data, method, rho, context, settings, fit, seed_r)
            masks = net.masks
            trained = evaluate(net, data.test, loss)
    pruned_scaled = evaluate(strong_net, data.test, loss, output_scale=factor)  # outputs divided by the planted scales
    pruned_raw = evaluate(strong_net, data.test, loss)
    row = {"task": task, "pruner": pruner, "mode": mode, "density_label": density_label(density), "rep": rep,
           "repetition": repetition, "seed": seed, "run_seed": seed_p, "repetition_seed": seed_r,
           "match": settings.match, "depth": settings.depth, "width": settings.width,
           "density": rho, "achieved_density": M.density(masks), "ground_truth_density": gt,
           "pruned_loss_raw": _nan(pruned_raw[0]), "pruned_accuracy_raw": _nan(pruned_raw[1]),
           "pruned_loss_scaled": _nan(pruned_scaled[0]), "pruned_accuracy_scaled": _nan(pruned_scaled[1]),
           "trained_loss": _nan(trained[0]), "trained_accuracy": _nan(trained[1])}
    row.update(best_convention(row))
    row.update(edge_metrics(masks, planted))
    row = {k: row[k] for k in ROW_ORDER if k in row}
    row["seconds"] = time.perf_counter() - started
    return row


def _multishot(planted, data, method, rho, context, settings, fit, seed_r):
    """Returns (the network after the last prune and reset, the trained network)."""
    levels = settings.multishot_levels
    net = planted.network.copy()
    captured = {}

    def train_level(n, k):
        if k == levels:
            captured["pruned"] = n.copy()
            return fit(n, settings.epochs, seed_r + k)
        return fit(n, settings.multishot_epochs, seed_r + k)

    iterative_pruning(net, levels=levels, train_level=train_level,
                      score=lambda n, k: method.scores(n, context),
                      target=lambda k: {"density": rho ** ((k + 1) / levels)}, rewind="init",
                      scope=settings.scope, biases=settings.prune_biases)
    return captured["pruned"], net


# -- grids -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    task: str
    pruner: str
    density: object      # float or "gt"
    rep: int             # the planting
    repetition: int = 0  # the repetition within the planting

    def meta(self) -> dict:
        return {"task": self.task, "pruner": self.pruner, "density": density_label(self.density), "rep": self.rep,
                "repetition": self.repetition}


#: Bytes one run of the grid holds in the parent process: its cell, its entry in the store identity, its result row
#: and its arrays (loss and accuracy curves, per-layer counts) — an upper estimate for the memory guard.
CELL_BYTES = 64 * 2**10


def grid_cells(tasks, pruners, densities, reps: int, mode: str, reference: bool = True, *, repetitions: int = 1,
               dense: bool = False) -> list[Cell]:
    """Cells in a fixed order: task, planting (``reps`` of them), repetition, pruner, density; the planted reference
    (and, with ``dense``, the dense row) first in each (task, planting, repetition)."""
    tasks = [check_task(t) for t in tasks]
    if not tasks:
        raise InvalidInput("give at least one task")
    pruners = list(pruners)
    for p in pruners:
        get_pruner(p)
        if mode == "multishot" and p not in MULTISHOT_PRUNERS:
            raise InvalidInput(f"pruner {p!r} has no multishot mode; allowed there: random, magnitude, snip, grasp, "
                               "synflow")
    if not pruners:
        raise InvalidInput("give at least one pruner")
    parsed = [parse_density(d) for d in densities]
    if not parsed:
        raise InvalidInput("give at least one density")
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise InvalidInput(f"reps {reps!r} must be an integer >= 1")
    if isinstance(repetitions, bool) or not isinstance(repetitions, int) or repetitions < 1:
        raise InvalidInput(f"repetitions {repetitions!r} must be an integer >= 1")
    count = len(tasks) * reps * repetitions * (len(pruners) * len(parsed) + int(reference) + int(dense))
    require(f"a grid of {format_count(count)} runs", [("cells, store identity and result rows",
                                                      CELL_BYTES * count)], advice="use fewer --reps")
    cells = []
    for task in tasks:
        for rep in range(reps):
            for repetition in range(repetitions):
                if reference:
                    cells.append(Cell(task, REFERENCE, GT, rep, repetition))
                if dense:
                    cells.append(Cell(task, DENSE, 1.0, rep, repetition))
                for pruner in pruners:
                    for density in parsed:
                        cells.append(Cell(task, pruner, density, rep, repetition))
    return cells


@dataclass
class RunResult:
    rows: list[dict]
    settings: Settings
    mode: str
    seed: int
    seconds: float = 0.0

    def table(self):
        import pandas as pd

        return pd.DataFrame(self.rows)

    def summary(self):
        """Mean, min and max over repetitions per (task, pruner, density)."""
        table = self.table()
        keys = ["task", "pruner", "density_label"]
        numeric = ["density", "achieved_density", "pruned_loss", "pruned_accuracy", "pruned_loss_raw",
                   "pruned_accuracy_raw", "pruned_loss_scaled", "pruned_accuracy_scaled", "trained_loss",
                   "trained_accuracy", "recall", "precision", "layer_collapse"]
        frame = table[keys + numeric].copy()
        frame["layer_collapse"] = frame["layer_collapse"].astype(float)
        grouped = frame.groupby(keys, sort=False)
        out = grouped.mean()
        for column in ("pruned_loss", "pruned_accuracy", "trained_loss", "trained_accuracy"):
            out[column + "_min"] = grouped[column].min()
            out[column + "_max"] = grouped[column].max()
        out["reps"] = grouped.size()
        return out.reset_index()

    def to_json(self) -> dict:
        return {"mode": self.mode, "seed": self.seed, "settings": asdict(self.settings), "rows": self.rows,
                "seconds": self.seconds}


_FLOAT_FIELDS = ("density", "achieved_density", "ground_truth_density", "pruned_loss_raw", "pruned_accuracy_raw",
                 "pruned_loss_scaled", "pruned_accuracy_scaled", "trained_loss", "trained_accuracy", "recall",
                 "precision", "recall_material", "bias_recall", "seconds")
ROW_ORDER = ("task", "pruner", "mode", "density_label", "rep", "repetition", "seed", "run_seed", "repetition_seed",
             "match", "depth", "width", "density",
             "achieved_density", "ground_truth_density", "pruned_loss", "pruned_accuracy", "pruned_scaled",
             "pruned_loss_raw", "pruned_accuracy_raw", "pruned_loss_scaled", "pruned_accuracy_scaled",
             "trained_loss", "trained_accuracy", "recall", "precision", "recall_material", "bias_recall",
             "layer_collapse", "seconds")


def _row_arrays(row: dict) -> dict:
    arrays = {name: np.array([row[name]], dtype=np.float64) for name in _FLOAT_FIELDS}
    arrays["layer_collapse"] = np.array([row["layer_collapse"]], dtype=np.bool_)
    arrays["run_seed"] = np.array([row["run_seed"]], dtype=np.int64)
    arrays["repetition_seed"] = np.array([row["repetition_seed"]], dtype=np.int64)
    return arrays


def _row_from_arrays(cell: Cell, arrays: dict, mode: str, seed: int, settings: Settings) -> dict:
    row = {"task": cell.task, "pruner": cell.pruner, "mode": mode, "density_label": density_label(cell.density),
           "rep": cell.rep, "repetition": cell.repetition, "seed": seed, "run_seed": int(arrays["run_seed"][0]),
           "repetition_seed": int(arrays["repetition_seed"][0]), "match": settings.match, "depth": settings.depth,
           "width": settings.width}
    for name in _FLOAT_FIELDS:
        row[name] = float(arrays[name][0])
    row["layer_collapse"] = bool(arrays["layer_collapse"][0])
    row.update(best_convention(row))
    return {k: row[k] for k in ROW_ORDER}


@dataclass(frozen=True)
class CellTask:
    """The picklable chunk function of :func:`run_grid`: cell ``start`` → its row as arrays."""

    cells: tuple
    mode: str
    seed: int
    settings: Settings

    def __call__(self, start: int, stop: int) -> dict:
        cell = self.cells[start]
        return _row_arrays(run_one(cell.task, cell.pruner, cell.density, self.mode, cell.rep, self.seed,
                                   self.settings, repetition=cell.repetition))


def run_grid(tasks, pruners, densities, *, mode: str = "singleshot", reps: int = 1, seed: int = 0,
             settings: Settings | None = None, out=None, executor: str = "processes", workers: int | None = None,
             scheduler=None, progress: bool = False, repetitions: int = 1) -> RunResult:
    """Every cell of tasks × plantings (``reps``) × ``repetitions`` × pruners × densities (plus the planted references
    and the dense rows of ``settings``), resumable in ``out``.

    One results-store chunk per cell, computed on ``workers`` processes by default (training is Python-bound, so
    threads do not help); ``seconds`` is the only field that depends on the machine or the worker count."""
    settings = (settings or Settings()).validate()
    if mode not in MODES:
        raise InvalidInput(f"mode {mode!r} is not known; allowed: {', '.join(MODES)}")
    seed = check_seed(seed)
    cells = grid_cells(tasks, pruners, densities, reps, mode, settings.reference, repetitions=repetitions,
                       dense=settings.dense)
    for task in {c.task for c in cells}:  # refuse a width below a target layer before any work
        check_width_fits(target(task, settings.depth), settings.width)
    store = None
    if out is not None:
        identity = {"mode": mode, "seed": seed, "settings": asdict(settings),
                    "cells": [c.meta() for c in cells], "stream": "plant-run/3"}
        store = ResultStore(out, identity, kind="plant-run").open()

    started = time.perf_counter()
    chunks = [(i, i + 1) for i in range(len(cells))]
    results = run_chunks(CellTask(tuple(cells), mode, seed, settings), chunks, executor=executor, workers=workers,
                         scheduler=scheduler, store=store,
                         store_meta=lambda index, start, stop: cells[index].meta(), progress=progress,
                         unit="run", description="plant run")
    rows = [_row_from_arrays(cell, arrays, mode, seed, settings) for cell, arrays in zip(cells, results)]
    return RunResult(rows, settings, mode, seed, time.perf_counter() - started)


__all__ = ["Settings", "run_one", "run_grid", "grid_cells", "RunResult", "edge_metrics", "repetition_seed",
           "best_convention", "MODES", "PAPER_DENSITIES", "TASKS", "DENSE", "REFERENCE"]
