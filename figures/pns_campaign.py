"""The shared Plant 'n' Seek campaigns behind the singleshot, multishot and recall figures.

One run grid per protocol and profile (:func:`verify.plantnseek.run.run_grid`), kept in a results store under
``<store>/pns/<protocol>-<digest>``, so the recall figure reads the runs the singleshot and multishot figures computed,
and an interrupted paper-grade build resumes.  Depth counts neuron layers (5 = 4 weight matrices).

Profiles:

* ``mini`` (test suite, seconds): Circle and ReLU, width 30, 400 samples, one epoch, three pruners;
* ``quick`` (``make reproduce``): every task and pruner at the paper's densities with the paper's settings, one
  repetition; multishot with 2,000 samples (1,800 training points) instead of 10,000 and two densities (0.1 and the
  planted ticket's);
* ``full``: the paper's grids — singleshot 25 repetitions, multishot 10, 10,000 samples, width 100, depth 5 — on the
  registry's confirmatory seed.

The singleshot grids of ``quick`` and ``full`` run edge-popup both as published (fixed density) and annealed
(``edge-popup-anneal``: density ρ^{e/10} in epoch e), because the paper's finding names both.

Units of replication (:func:`runs_table`): each repetition plants a new mother network and draws its own data
(``run_seed(seed, rep)``), so a *planting* — one per task and repetition index — is the independent unit; the runs of
different pruners and densities on one planting are not independent of each other.  The tables name it ``planting``
and carry a ``repetition`` column (0 today) for later campaigns that repeat the pruning runs within a planting.
Plantings of different tasks with the same index share their seed: they are independent only within a task.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from verify.claims.registry import CONFIRMATORY_SEED
from verify.errors import InvalidInput

PAPER_PRUNERS = ["random", "magnitude", "snip", "grasp", "synflow", "edge-popup", "edge-popup-anneal"]
MULTISHOT_PRUNERS = ["random", "magnitude", "snip", "grasp", "synflow"]
PAPER_DENSITIES = [0.01, 0.1, 0.5, 1.0, "gt"]
TASKS = ["relu", "circle", "helix"]

_MINI_SETTINGS = {"width": 30, "samples": 400, "epochs": 1, "edge_popup_epochs": 1, "multishot_levels": 2,
                  "multishot_epochs": 1}

PROFILES = {
    "singleshot": {
        "mini": {"grid": {"tasks": ["circle", "relu"], "pruners": ["magnitude", "synflow", "edge-popup"],
                          "densities": [0.1, "gt"], "reps": 1, "seed": 0}, "settings": _MINI_SETTINGS,
                 "workers": 1},
        "quick": {"grid": {"tasks": TASKS, "pruners": PAPER_PRUNERS, "densities": PAPER_DENSITIES, "reps": 1,
                           "seed": 0}, "settings": {}, "workers": None},
        "full": {"grid": {"tasks": TASKS, "pruners": PAPER_PRUNERS, "densities": PAPER_DENSITIES, "reps": 25,
                          "seed": CONFIRMATORY_SEED}, "settings": {}, "workers": None},
    },
    "multishot": {
        "mini": {"grid": {"tasks": ["circle", "relu"], "pruners": ["magnitude", "synflow"],
                          "densities": [0.1, "gt"], "reps": 1, "seed": 0}, "settings": _MINI_SETTINGS,
                 "workers": 1},
        "quick": {"grid": {"tasks": TASKS, "pruners": MULTISHOT_PRUNERS, "densities": [0.1, "gt"], "reps": 1,
                           "seed": 0}, "settings": {"samples": 2000}, "workers": None},
        "full": {"grid": {"tasks": TASKS, "pruners": MULTISHOT_PRUNERS, "densities": PAPER_DENSITIES, "reps": 10,
                          "seed": CONFIRMATORY_SEED}, "settings": {}, "workers": None},
    },
}


def run(mode: str, params: dict, store, progress: bool = True):
    """The :class:`verify.plantnseek.run.RunResult` of one campaign (computed, or read back from ``store``)."""
    from verify.plantnseek.run import Settings, run_grid
    from verify.store import identity_digest

    grid, settings = params["grid"], Settings(**params["settings"])
    digest = identity_digest({"mode": mode, **params})[:16]
    return run_grid(grid["tasks"], grid["pruners"], grid["densities"], mode=mode, reps=grid["reps"],
                    seed=grid["seed"], settings=settings, out=Path(store) / "pns" / f"{mode}-{digest}",
                    workers=params.get("workers"), progress=progress)


def aggregate(result) -> list[dict]:
    """Mean, min and max over repetitions per (task, pruner, density) — JSON-ready (NaN → None)."""
    import math

    summary = result.summary()
    records = summary.to_dict(orient="records")
    return [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()}
            for r in records]


def clean_rows(rows: list[dict]) -> list[dict]:
    """Rows for a results file: NaN → None, and no timings (results files are byte-identical on every build)."""
    import math

    return [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()
             if k != "seconds"} for row in rows]


def metric_name(task: str) -> tuple[str, str]:
    """(column suffix, axis label) of a task's metric: accuracy for Circle, MSE otherwise."""
    return ("accuracy", "test accuracy") if task == "circle" else ("loss", "test MSE")


# -- result tables -----------------------------------------------------------------------------------------------
_STRINGS = ("task", "pruner", "mode", "density_label")
_FLOATS = ("density", "achieved_density", "ground_truth_density", "pruned_loss", "pruned_accuracy", "pruned_loss_raw",
           "pruned_accuracy_raw", "pruned_loss_scaled", "pruned_accuracy_scaled", "trained_loss", "trained_accuracy",
           "recall", "precision", "recall_material", "bias_recall")
_BOOLS = ("pruned_scaled", "layer_collapse")
_INTS = ("run_seed", "depth", "width")


def strings(values, width: int = 24) -> np.ndarray:
    """A fixed-width unicode column (refuses a value longer than ``width``)."""
    values = [str(v) for v in values]
    if any(len(v) > width for v in values):
        raise InvalidInput(f"a string column value is longer than {width} characters")
    return np.array(values, dtype=f"U{width}")


def runs_table(name: str, result, params: dict):
    """One row per run of a campaign (:class:`verify.plantnseek.run.RunResult`), the planted references included
    (``pruner = "planted"``): the schema of ``pns_singleshot`` and ``pns_multishot`` (:mod:`verify.claims.plantnseek`).

    ``planting`` is the repetition index of the run grid (a new mother network and data set each), ``repetition``
    0 (one run per cell and planting)."""
    from verify.tables import Table

    rows = result.rows
    arrays = {key: strings([r[key] for r in rows]) for key in _STRINGS}
    arrays.update({key: np.array([r[key] for r in rows], dtype=np.float64) for key in _FLOATS})
    arrays.update({key: np.array([r[key] for r in rows], dtype=np.bool_) for key in _BOOLS})
    arrays.update({key: np.array([r[key] for r in rows], dtype=np.int64) for key in _INTS})
    arrays["planting"] = np.array([r["rep"] for r in rows], dtype=np.int64)
    arrays["repetition"] = np.zeros(len(rows), dtype=np.int64)
    meta = {"campaign": f"Plant 'n' Seek, {result.mode} (figures/pns_campaign.py)", "mode": result.mode,
            "seed": result.seed, "grid": params["grid"], "settings": result.to_json()["settings"],
            "unit": "planting (a mother network with its own data), per task; repetition: runs repeated within a "
                    "planting (0 here)",
            "metrics": "pruned_*: the untrained mask (strong ticket), better of raw and planted-scale outputs "
                       "(*_raw, *_scaled); trained_*: after training (weak ticket), NaN where not trained; loss is "
                       "MSE (relu, helix) or cross-entropy (circle), accuracy NaN for regression"}
    return Table(name, arrays, meta)
