"""Figure 5 — lottery tickets on the Plant 'n' Seek tasks (IMP as in Frankle & Carbin 2019, tasks of Fischer &
Burkholz 2022).

Width-100 networks with 4 weight layers (the Plant 'n' Seek code's "depth 5"), He normal weights with product
biases, Adam 1e-3, batch 32, 10 epochs per level; iterative magnitude pruning with the lottery ticket schedule
(20 % per hidden layer, 10 % of the output layer per round, reset to θ₀).  One row per task: early-stopping
iteration and test accuracy (Circle) or test MSE (ReLU, Helix) at it, against P_m, for the ticket and both controls.
"""

from __future__ import annotations

from figures import lth_common
from verify.claims.registry import CONFIRMATORY_SEED

NAME = "lth_plantnseek"
TITLE = "Lottery tickets on the Plant 'n' Seek tasks"
VERSION = 3
PROFILES = {
    "mini": {"tasks": ["circle"], "trials": 2, "seed": 0, "executor": "threads",
             "settings": {"rounds": 2, "iterations": 40, "eval_every": 20}},
    # quick: threads (short trainings, see fig31_lth_digits) and 100 iterations (processes and 600 until 2026-12-02)
    "quick": {"tasks": ["circle"], "trials": 2, "seed": 0, "executor": "threads",
              "settings": {"rounds": 12, "iterations": 100, "eval_every": 20}},
    "full": {"tasks": ["circle", "helix", "relu"], "trials": 5, "seed": CONFIRMATORY_SEED, "executor": "processes",
             "settings": {"rounds": 20}},
}


def compute(params: dict, store, progress: bool = True) -> dict:
    return {"tasks": list(params["tasks"]),
            "runs": {task: lth_common.run(task, params, store, progress) for task in params["tasks"]}}


def tables(params: dict, store) -> dict:
    """The ``lth_plantnseek`` result table: one run per task, columns prefixed by the task (``circle.*``, ...;
    :func:`verify.lth.result.result_table`)."""
    runs = {task: lth_common.stored_result(task, params, store) for task in params["tasks"]}
    return {"lth_plantnseek": lth_common.table("lth_plantnseek", runs, NAME,
                                               "IMP with reset on the Plant 'n' Seek tasks, width 100, 4 layers")}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt

    rows = len(data["tasks"])
    figure, axes = plt.subplots(rows, 2, figsize=(11.0, 3.8 * rows), squeeze=False)
    for row, task in enumerate(data["tasks"]):
        run = data["runs"][task]
        widths = "-".join(map(str, run["settings"]["widths"]))
        lth_common.draw_panels(axes[row][0], axes[row][1], run, f"{task} {widths}")
    axes[0][1].legend(loc="best", fontsize="small")
    figure.tight_layout()
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {}
    for task in data["tasks"]:
        out.update(lth_common.facts(f"{task}.", data["runs"][task], f"Plant 'n' Seek {task}"))
    return out
