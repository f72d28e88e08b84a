"""The shared Plant 'n' Seek campaigns behind the singleshot, multishot and recall figures.

Two run grids per protocol and profile (:func:`verify.plantnseek.run.run_grid`), kept in a results store under
``<store>/pns/<protocol>-<digest>``, so the recall figure reads the runs the singleshot and multishot figures computed,
and an interrupted paper-grade build resumes.  Depth counts neuron layers (5 = 4 weight matrices).

**The reference campaign plants with the public code's rule** (``match = "l1-sign"``: L1 distance, positive scale,
sign agreement on every entry; :mod:`verify.plantnseek.planting`), the rule behind the paper's numbers.  **The
paper's L2 rule runs beside it** (``"beside"``: the same pruners on the same plantings — same mother networks and data,
since the planting seed does not depend on the rule — at a smaller scale where the cost requires it).

Profiles:

* ``mini`` (test suite, seconds): Circle and ReLU, width 30, 400 samples, one epoch, three pruners, one planting with
  two repetitions (so the repetitions are exercised); beside: one planting, one repetition;
* ``quick`` (``make reproduce``, a smoke test): every task and pruner at the paper's densities with the paper's
  settings except 1,000 samples (900 training points) instead of 10,000 and 5 epochs of training (and of edge-popup)
  instead of 10, one planting, one repetition; multishot at two densities (0.1 and the planted ticket's) with 3
  epochs per level instead of 5; beside: three pruners (singleshot) or SynFlow (multishot) at density 0.1; on
  threads (short runs: worker processes cost more to start and feed than they save).  Until 2026-12-02: 2,000
  samples, the paper's epochs and worker processes; trimmed so that ``make reproduce`` stays under 5 minutes on the
  slowest host seen (see CHANGELOG);
* ``full``: singleshot 5 plantings × 2 repetitions (10 runs per setting; the paper ran 25), multishot 5 × 2 (the
  paper's 10) at densities 0.01 and the planted ticket's (the points its claim and facts use; the paper also ran 0.1,
  0.5 and 1), 10,000 samples, width 100, depth 5, on the registry's confirmatory seed; beside (L2): singleshot every
  pruner at 0.1 and the planted ticket's density on the same 5 plantings with 1 repetition each, multishot GraSP and
  SynFlow on Circle at the planted ticket's density, 5 plantings × 1 — a smaller scale.  Why: the throughput measured
  at the start of the confirmatory campaign on the shared two-core machine (0.375 singleshot runs per second on two
  workers, multishot runs about 5 times as long) put the 5 × 5 design at over 6 hours against a budget of about
  2.5 hours for every full campaign of issue 14's Plant 'n' Seek and Experiment 2 parts; Experiment 2 alone then took
  about 50 minutes (the machine's load average stayed at 11–16 on its two cores), so the singleshot repetitions went
  from 3 to 2.  The plantings are the units: repetitions only average the pruning and training noise within one, so
  the t interval over the 5 plantings loses little.

Density 1 is not run per pruner: every pruner at density 1 keeps every weight, so the ``dense`` row of each planting
and repetition (the mother network trained with the campaign's protocol, :mod:`verify.plantnseek.run`) is that point.
The singleshot grids of ``quick`` and ``full`` run edge-popup both as published (fixed density) and annealed
(``edge-popup-anneal``: density ρ^{e/10} in epoch e), because the paper's finding names both.

Units of replication (:func:`runs_table`): each planting plants a new mother network and draws its own data
(``run_seed(seed, planting)``), so a *planting* — one per task and planting index — is the independent unit; its
repetitions re-draw the pruning and training randomness on the same planted network and data
(``repetition_seed``), and the runs of different pruners, densities and repetitions on one planting are not
independent of each other.  The tables name them ``planting`` and ``repetition``.  Plantings of different tasks with
the same index share their seed: they are independent only within a task.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from verify.claims.registry import CONFIRMATORY_SEED
from verify.errors import InvalidInput

PAPER_PRUNERS = ["random", "magnitude", "snip", "grasp", "synflow", "edge-popup", "edge-popup-anneal"]
MULTISHOT_PRUNERS = ["random", "magnitude", "snip", "grasp", "synflow"]
PAPER_DENSITIES = [0.01, 0.1, 0.5, 1.0, "gt"]
DENSITIES = [0.01, 0.1, 0.5, "gt"]          # density 1: the dense row
TASKS = ["relu", "circle", "helix"]
REFERENCE_MATCH = "l1-sign"
BESIDE_MATCH = "l2"

_MINI_SETTINGS = {"width": 30, "samples": 400, "epochs": 1, "edge_popup_epochs": 1, "multishot_levels": 2,
                  "multishot_epochs": 1}


def _profile(tasks, pruners, densities, plantings, repetitions, seed, settings, beside, workers=None,
             executor=None) -> dict:
    """One protocol's profile: the reference grid (the code's rule) and, beside it, the L2 grid (``beside`` overrides
    tasks, pruners, densities, plantings and repetitions).  ``executor`` (default: processes, and then not written,
    so that the profiles written before it keep their keys) does not change a number."""
    profile = {"grid": {"tasks": tasks, "pruners": pruners, "densities": densities, "reps": plantings,
                        "repetitions": repetitions, "seed": seed},
               "settings": {**settings, "match": REFERENCE_MATCH},
               "beside": {"grid": {"tasks": beside.get("tasks", tasks), "pruners": beside.get("pruners", pruners),
                                   "densities": beside.get("densities", densities),
                                   "reps": beside.get("reps", plantings), "repetitions": beside.get("repetitions", 1),
                                   "seed": seed},
                          "settings": {**settings, "match": BESIDE_MATCH}},
               "workers": workers}
    if executor:
        profile["executor"] = executor
    return profile


PROFILES = {
    "singleshot": {
        "mini": _profile(["circle", "relu"], ["magnitude", "synflow", "edge-popup"], [0.1, "gt"], 1, 2, 0,
                         _MINI_SETTINGS, {"repetitions": 1}, workers=1),
        "quick": _profile(TASKS, PAPER_PRUNERS, DENSITIES, 1, 1, 0,
                          {"samples": 1000, "epochs": 5, "edge_popup_epochs": 5},
                          {"pruners": ["magnitude", "synflow", "edge-popup"], "densities": [0.1]}, executor="threads"),
        "full": _profile(TASKS, PAPER_PRUNERS, DENSITIES, 5, 2, CONFIRMATORY_SEED, {},
                         {"densities": [0.1, "gt"], "repetitions": 1}),
    },
    "multishot": {
        "mini": _profile(["circle", "relu"], ["magnitude", "synflow"], [0.1, "gt"], 1, 2, 0, _MINI_SETTINGS,
                         {"repetitions": 1, "pruners": ["synflow"]}, workers=1),
        "quick": _profile(TASKS, MULTISHOT_PRUNERS, [0.1, "gt"], 1, 1, 0, {"samples": 1000, "multishot_epochs": 3},
                          {"pruners": ["synflow"], "densities": [0.1]}, executor="threads"),
        "full": _profile(TASKS, MULTISHOT_PRUNERS, [0.01, "gt"], 5, 2, CONFIRMATORY_SEED, {},
                         {"tasks": ["circle"], "pruners": ["grasp", "synflow"], "densities": ["gt"],
                          "repetitions": 1}),
    },
}


def _execution(params: dict) -> dict:
    """How a profile's grids run: ``workers`` and ``executor`` (default: processes); neither changes a number."""
    return {"workers": params.get("workers"), "executor": params.get("executor", "processes")}


def _run_grid(mode: str, grid: dict, settings: dict, store, progress: bool, *, workers, executor: str):
    from verify.plantnseek.run import Settings, run_grid
    from verify.store import identity_digest

    digest = identity_digest({"mode": mode, "grid": grid, "settings": settings})[:16]
    return run_grid(grid["tasks"], grid["pruners"], grid["densities"], mode=mode, reps=grid["reps"],
                    repetitions=grid.get("repetitions", 1), seed=grid["seed"], settings=Settings(**settings),
                    out=Path(store) / "pns" / f"{mode}-{digest}", executor=executor, workers=workers,
                    progress=progress)


def run(mode: str, params: dict, store, progress: bool = True):
    """The :class:`verify.plantnseek.run.RunResult` of the reference campaign (the code's planting rule), computed
    or read back from ``store``."""
    return _run_grid(mode, params["grid"], params["settings"], store, progress, **_execution(params))


def run_beside(mode: str, params: dict, store, progress: bool = True):
    """The campaign beside it (the paper's L2 rule), or ``None`` if the profile has none."""
    beside = params.get("beside")
    if not beside:
        return None
    return _run_grid(mode, beside["grid"], beside["settings"], store, progress, **_execution(params))


def campaigns(mode: str, params: dict, store, progress: bool = True) -> list:
    """[reference, beside] (beside left out when the profile has none)."""
    out = [run(mode, params, store, progress)]
    beside = run_beside(mode, params, store, progress)
    return out + ([beside] if beside is not None else [])


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
_STRINGS = ("task", "pruner", "mode", "density_label", "match")
_FLOATS = ("density", "achieved_density", "ground_truth_density", "pruned_loss", "pruned_accuracy", "pruned_loss_raw",
           "pruned_accuracy_raw", "pruned_loss_scaled", "pruned_accuracy_scaled", "trained_loss", "trained_accuracy",
           "recall", "precision", "recall_material", "bias_recall")
_BOOLS = ("pruned_scaled", "layer_collapse")
_INTS = ("run_seed", "repetition_seed", "depth", "width")


def strings(values, width: int = 24) -> np.ndarray:
    """A fixed-width unicode column (refuses a value longer than ``width``)."""
    values = [str(v) for v in values]
    if any(len(v) > width for v in values):
        raise InvalidInput(f"a string column value is longer than {width} characters")
    return np.array(values, dtype=f"U{width}")


def runs_table(name: str, results, params: dict):
    """One row per run of a protocol's campaigns (:class:`verify.plantnseek.run.RunResult`: the reference campaign and
    the one beside it, told apart by ``match``), the planted references (``pruner = "planted"``) and the dense rows
    (``pruner = "dense"``) included: the schema of ``pns_singleshot`` and ``pns_multishot``
    (:mod:`verify.claims.plantnseek`).

    ``planting`` is the planting index of the run grid (a new mother network and data set each), ``repetition`` the
    repetition within it (the pruning and training randomness re-drawn on the same planted network and data)."""
    from verify.tables import Table

    results = results if isinstance(results, (list, tuple)) else [results]
    rows = [r for result in results for r in result.rows]
    arrays = {key: strings([r[key] for r in rows]) for key in _STRINGS}
    arrays.update({key: np.array([r[key] for r in rows], dtype=np.float64) for key in _FLOATS})
    arrays.update({key: np.array([r[key] for r in rows], dtype=np.bool_) for key in _BOOLS})
    arrays.update({key: np.array([r[key] for r in rows], dtype=np.int64) for key in _INTS})
    arrays["planting"] = np.array([r["rep"] for r in rows], dtype=np.int64)
    arrays["repetition"] = np.array([r["repetition"] for r in rows], dtype=np.int64)
    first = results[0]
    meta = {"campaign": f"Plant 'n' Seek, {first.mode} (figures/pns_campaign.py)", "mode": first.mode,
            "seed": first.seed, "grid": params["grid"], "settings": first.to_json()["settings"],
            "reference_match": first.settings.match,
            "beside": [{"match": r.settings.match, "settings": r.to_json()["settings"]} for r in results[1:]],
            "unit": "planting (a mother network with its own data), per task and matching rule; repetition: runs "
                    "repeated within a planting (pruning and training randomness re-drawn)",
            "metrics": "pruned_*: the untrained mask (strong ticket), better of raw and planted-scale outputs "
                       "(*_raw, *_scaled); trained_*: after training (weak ticket), NaN where not trained; loss is "
                       "MSE (relu, helix) or cross-entropy (circle), accuracy NaN for regression; pruner 'planted': "
                       "the planted ticket; pruner 'dense': the mother network trained with the campaign's protocol"}
    return Table(name, arrays, meta)
