"""Figure 4 — lottery tickets on the 8×8 digits (Frankle & Carbin 2019, Figures 3–4, offline stand-in for MNIST).

A 64-300-100-10 network (LeNet-300-100's shape), Gaussian Glorot initialisation, Adam 1.2e-3, batch 60; iterative
magnitude pruning, 20 % per round of each hidden layer and 10 % of the output layer, survivors reset to θ₀
(:mod:`verify.lth.method`).  Against P_m: the early-stopping iteration (minimum validation loss) and the test accuracy
there, for the winning ticket, its random reinitialisation and a random mask of the same per-layer size.
"""

from __future__ import annotations

from figures import lth_common

NAME = "lth_digits"
TITLE = "Lottery tickets on digits: learning speed and accuracy against P_m"
VERSION = 2
# "executor" does not change any number (results are identical for every executor and worker count).
PROFILES = {
    "mini": {"trials": 2, "seed": 0, "executor": "threads",
             "settings": {"rounds": 2, "iterations": 40, "eval_every": 10}},
    "quick": {"trials": 2, "seed": 0, "executor": "processes",
              "settings": {"rounds": 16, "iterations": 800, "eval_every": 20}},
    "full": {"trials": 5, "seed": 0, "executor": "processes", "settings": {"rounds": 20}},
}


def compute(params: dict, store, progress: bool = True) -> dict:
    return lth_common.run("digits", params, store, progress)


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt

    figure, (ax_speed, ax_metric) = plt.subplots(1, 2, figsize=(11.0, 4.0))
    lth_common.draw_panels(ax_speed, ax_metric, data, "digits 64-300-100-10")
    ax_metric.legend(loc="lower left", fontsize="small")
    return figure


def facts(data: dict, params: dict) -> dict:
    return lth_common.facts("", data, "digits")
