"""Figure 4 — lottery tickets on the 8×8 digits (Frankle & Carbin 2019, Figures 3–4, offline stand-in for MNIST).

A 64-300-100-10 network (LeNet-300-100's shape), Gaussian Glorot initialisation, Adam 1.2e-3, batch 60; iterative
magnitude pruning, 20 % per round of each hidden layer and 10 % of the output layer, survivors reset to θ₀
(:mod:`verify.lth.method`).  Against P_m: the early-stopping iteration (minimum validation loss) and the test accuracy
there, for the winning ticket, its random reinitialisation and a random mask of the same per-layer size.
"""

from __future__ import annotations

from figures import lth_common
from verify.claims.registry import CONFIRMATORY_SEED

NAME = "lth_digits"
TITLE = "Lottery tickets on digits: learning speed and accuracy against P_m"
VERSION = 3
# "executor" does not change any number (results are identical for every executor and worker count).  The full
# profile runs on the confirmatory seed (the claims' rules were registered before it was used); mini and quick on
# the exploratory seed 0.
PROFILES = {
    "mini": {"trials": 2, "seed": 0, "executor": "threads",
             "settings": {"rounds": 2, "iterations": 40, "eval_every": 10}},
    # quick: a smoke test of every arm and level, 100 iterations per training (600 until 2026-12-02: make reproduce
    # took 7 min 53 s on the Zen 3 host; at 600 the early-stopping iteration was already the last or nearly so at
    # every level, so the runs were too short to show it either way; see CHANGELOG)
    # Threads in quick: its trainings are short, so starting worker processes and shipping them work cost more than
    # the training (lth_variants' quick runs: 8.8 s on threads, 18.7 s on processes, Zen 3 host, 2026-12-02).
    "quick": {"trials": 2, "seed": 0, "executor": "threads",
              "settings": {"rounds": 16, "iterations": 100, "eval_every": 20}},
    "full": {"trials": 5, "seed": CONFIRMATORY_SEED, "executor": "processes", "settings": {"rounds": 20}},
}


def compute(params: dict, store, progress: bool = True) -> dict:
    return lth_common.run("digits", params, store, progress)


def tables(params: dict, store) -> dict:
    """The ``lth_digits`` result table: the digits run, columns ``digits.*`` (verify.lth.result.result_table)."""
    run = lth_common.stored_result("digits", params, store)
    return {"lth_digits": lth_common.table("lth_digits", {"digits": run}, NAME,
                                           "IMP with reset on the 8x8 digits, 64-300-100-10")}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt

    figure, (ax_speed, ax_metric) = plt.subplots(1, 2, figsize=(11.0, 4.0))
    lth_common.draw_panels(ax_speed, ax_metric, data, "digits 64-300-100-10")
    ax_metric.legend(loc="lower left", fontsize="small")
    return figure


def facts(data: dict, params: dict) -> dict:
    return lth_common.facts("", data, "digits")
