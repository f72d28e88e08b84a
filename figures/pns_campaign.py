"""The shared Plant 'n' Seek campaigns behind the singleshot, multishot and recall figures.

One run grid per protocol and profile (:func:`verify.plantnseek.run.run_grid`), kept in a results store under
``<store>/pns/<protocol>-<digest>``, so the recall figure reads the runs the singleshot and multishot figures computed,
and an interrupted paper-grade build resumes.  Depth counts neuron layers (5 = 4 weight matrices).

Profiles:

* ``mini`` (test suite, seconds): Circle and ReLU, width 30, 400 samples, one epoch, three pruners;
* ``quick`` (``make reproduce``): every task and pruner at the paper's densities with the paper's settings, one
  repetition; multishot with 2,000 samples (1,800 training points) instead of 10,000 and two densities (0.1 and the
  planted ticket's);
* ``full``: the paper's grids — singleshot 25 repetitions, multishot 10, 10,000 samples, width 100, depth 5.
"""

from __future__ import annotations

from pathlib import Path

PAPER_PRUNERS = ["random", "magnitude", "snip", "grasp", "synflow", "edge-popup"]
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
                          "seed": 0}, "settings": {}, "workers": None},
    },
    "multishot": {
        "mini": {"grid": {"tasks": ["circle", "relu"], "pruners": ["magnitude", "synflow"],
                          "densities": [0.1, "gt"], "reps": 1, "seed": 0}, "settings": _MINI_SETTINGS,
                 "workers": 1},
        "quick": {"grid": {"tasks": TASKS, "pruners": MULTISHOT_PRUNERS, "densities": [0.1, "gt"], "reps": 1,
                           "seed": 0}, "settings": {"samples": 2000}, "workers": None},
        "full": {"grid": {"tasks": TASKS, "pruners": MULTISHOT_PRUNERS, "densities": PAPER_DENSITIES, "reps": 10,
                          "seed": 0}, "settings": {}, "workers": None},
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
