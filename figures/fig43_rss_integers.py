"""Figure 43 — integers: perfect partitions across κ = log2(M)/n (Borgs, Chayes, Pittel) and exactly represented
targets of a quantized source (Kumar & Natale 2025).

Left: the probability that n integers uniform on {1, …, ⌊2^{κn}⌋} have a perfect partition (exact counts per
instance, Clopper–Pearson bands), against κ, with the first-moment Poisson prediction 1 − ½(e^{−E₀} + e^{−2E₀})
[derived, heuristic] dashed and the κ = 1 transition marked.  Right: the mean fraction of the 2q + 1 targets of the
1/q grid of [−1, 1] that the first n samples of a source uniform on the same grid represent exactly, against n, one
curve per precision, with each counting floor log2(2q + 1) marked.
"""

from __future__ import annotations

import numpy as np

from figures import rss_family_campaign as campaign
from figures import rss_family_panels as panels

NAME = "rss_integers"
TITLE = "Integers: perfect partitions across κ and exactly represented quantized targets"
VERSION = 1
PROFILES = {name: {"partitions": campaign.PARTITIONS[name], "quantized": campaign.QUANTIZED[name], "delta": 0.01}
            for name in campaign.PARTITIONS}


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.claims.rss_family import quantile_count

    result = campaign.run_partitions(params["partitions"], store, progress)
    table = result.table()
    partitions = {"n": params["partitions"]["n"], "kappa": params["partitions"]["kappa"],
                  "trials": params["partitions"]["trials"], "cells": table.to_dict(orient="records"),
                  "crossing": {str(n): result.crossing(n) for n in params["partitions"]["n"]}}
    quantized = []
    for bits in params["quantized"]["bits"]:
        q = campaign.run_quantized(bits, params["quantized"], store, progress)
        n_star = q.n_star()
        quantized.append({"bits": bits, "q": 2**bits, "fraction": q.fraction().tolist(),
                          "median": float(np.median(n_star)),
                          "n_delta": int(quantile_count(n_star, 1 - params["delta"])),
                          "floor": q.counting_floor()})
    return {"partitions": partitions, "quantized": quantized, "delta": params["delta"],
            "quantized_trials": params["quantized"]["trials"], "n_max": params["quantized"]["n_max"]}


def tables(params: dict, store) -> dict:
    """The ``rss_partitions`` and ``rss_quantized`` result tables (:mod:`verify.claims.rss_family`)."""
    from verify.tables import Table

    result = campaign.run_partitions(params["partitions"], store, progress=False)
    counts = result.counts.reshape(result.counts.shape[0], len(params["partitions"]["n"]),
                                   len(params["partitions"]["kappa"]))
    partitions = Table("rss_partitions", {"n": np.array(params["partitions"]["n"], dtype=np.int64),
                                          "kappa": np.array(params["partitions"]["kappa"], dtype=np.float64),
                                          "counts": counts.astype(np.int64)},
                       {"trials": params["partitions"]["trials"], "seed": params["partitions"]["seed"],
                        "campaign": "perfect partitions of integers uniform on 1..floor(2^(kappa n))"})
    n_star = np.stack([campaign.run_quantized(b, params["quantized"], store, progress=False).n_star()
                       for b in params["quantized"]["bits"]], axis=1)
    quantized = Table("rss_quantized", {"q": np.array([2**b for b in params["quantized"]["bits"]], dtype=np.int64),
                                        "n_star": n_star.astype(np.int16),
                                        "n_max": np.array(params["quantized"]["n_max"], dtype=np.int64)},
                      {"trials": params["quantized"]["trials"], "seed": params["quantized"]["seed"],
                       "campaign": "targets of the 1/q grid of [-1, 1] represented exactly by a source on the grid"})
    return {"rss_partitions": partitions, "rss_quantized": quantized}


def draw(data: dict, params: dict):
    import seaborn as sns

    figure, (left, right) = panels.two_panels()
    part = data["partitions"]
    colors = sns.color_palette("colorblind", max(len(part["n"]), len(data["quantized"])))
    for color, n in zip(colors, part["n"]):
        cells = [c for c in part["cells"] if c["n"] == n]
        kappa = [c["kappa"] for c in cells]
        left.plot(kappa, [c["p_perfect"] for c in cells], "o-", ms=2.5, color=color, label=f"n = {n}")
        left.fill_between(kappa, [c["ci_low"] for c in cells], [c["ci_high"] for c in cells], color=color,
                          alpha=0.2, lw=0)
        left.plot(kappa, [c["poisson_prediction"] for c in cells], "--", color=color, lw=0.8)
    left.axvline(1.0, color="black", lw=0.8, ls=":")
    panels.label(left, "κ = log2(M)/n", "P(perfect partition)",
                 f"{part['trials']} instances per point; dashed: first-moment prediction")
    for color, q in zip(colors, data["quantized"]):
        n = np.arange(1, len(q["fraction"]) + 1)
        right.plot(n, q["fraction"], "-", color=color, label=f"δ = 2^-{q['bits']}")
        right.axvline(q["floor"], color=color, lw=0.6, ls=":")
    panels.label(right, "samples n", "fraction of grid targets represented exactly",
                 f"{data['quantized_trials']} sources per precision; dotted: counting floors")
    return panels.finish(figure, TITLE)


def facts(data: dict, params: dict) -> dict:
    out = {"partition_trials": {"value": data["partitions"]["trials"], "description": "instances per (n, kappa)"},
           "quantized_trials": {"value": data["quantized_trials"], "description": "sources per precision"}}
    for n, value in data["partitions"]["crossing"].items():
        out[f"n{n}.crossing"] = {"value": value, "description": f"kappa at which P(perfect) falls through 1/2, n = {n}"}
    for q in data["quantized"]:
        out[f"b{q['bits']}.n_delta"] = {"value": q["n_delta"], "description": f"n_delta for delta = 2^-{q['bits']}"}
        out[f"b{q['bits']}.floor"] = {"value": q["floor"], "description": f"counting floor for delta = 2^-{q['bits']}"}
    return out
