"""How much of the planted ticket do pruners keep?  Recall of the planted weights (the fraction of the ticket's
weights a method keeps) against density, singleshot (solid) and multishot (dashed), per task — a measurement the
paper did not make.  A random mask at density ρ keeps a fraction ρ of any fixed set in expectation (grey diagonal);
the planted ticket's own density is the dotted line: recall 1 there means the method found the ticket exactly."""

from __future__ import annotations

import numpy as np

from figures import pns_campaign
from figures.pns_panels import PRUNER_ORDER

NAME = "pns_recall"
TITLE = "Plant 'n' Seek: recall of the planted weights"
VERSION = 1
PROFILES = {profile: {"singleshot": pns_campaign.PROFILES["singleshot"][profile],
                      "multishot": pns_campaign.PROFILES["multishot"][profile]}
            for profile in ("mini", "quick", "full")}


def compute(params: dict, store, progress: bool = True) -> dict:
    out = {}
    for mode in ("singleshot", "multishot"):
        result = pns_campaign.run(mode, params[mode], store, progress)
        out[mode] = pns_campaign.aggregate(result)
    return out


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    tasks = [t for t in pns_campaign.TASKS if any(r["task"] == t for r in data["singleshot"])]
    pruners = [p for p in PRUNER_ORDER if any(r["pruner"] == p for mode in data for r in data[mode])]
    colors = dict(zip(pruners, sns.color_palette("colorblind", len(pruners))))
    figure, axes = plt.subplots(1, len(tasks), figsize=(4.2 * len(tasks), 3.8), squeeze=False)
    for ax, task in zip(axes[0], tasks):
        for mode, style in (("singleshot", "-"), ("multishot", "--")):
            for pruner in pruners:
                records = sorted((r for r in data[mode] if r["task"] == task and r["pruner"] == pruner),
                                 key=lambda r: r["achieved_density"])
                if not records:
                    continue
                ax.plot([r["achieved_density"] for r in records], [r["recall"] for r in records], style,
                        marker="o", ms=3, color=colors[pruner], label=pruner if mode == "singleshot" else None)
        grid = np.logspace(-4, 0, 50)
        ax.plot(grid, grid, color="0.6", lw=0.8, label="random mask (expected)")
        planted = [r for r in data["singleshot"] if r["task"] == task and r["pruner"] == "planted"]
        if planted:
            ax.axvline(planted[0]["achieved_density"], color="black", ls=":", lw=0.8)
        ax.set_xscale("log")
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("kept fraction of weights")
        ax.set_ylabel("recall of planted weights")
        ax.set_title(task)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=min(len(labels), 5), fontsize="small", frameon=False)
    figure.suptitle(f"{TITLE} (solid: singleshot, dashed: multishot; means over repetitions; depth 5 = 4 weight "
                    "matrices)")
    figure.tight_layout(rect=(0, 0.12, 1, 1))
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {}
    for mode in ("singleshot", "multishot"):
        for r in data[mode]:
            if r["pruner"] == "planted":
                continue
            out[f"{mode}.{r['task']}.{r['pruner']}.{r['density_label']}.recall"] = {
                "value": float(r["recall"]),
                "description": f"mean recall of planted weights, {mode}, {r['pruner']} on {r['task']} at density "
                               f"{r['density_label']}"}
        best = max((r for r in data[mode] if r["pruner"] != "planted" and r["density_label"] == "gt"),
                   key=lambda r: r["recall"], default=None)
        if best is not None:
            out[f"{mode}.best_recall_at_gt"] = {"value": float(best["recall"]),
                                                "description": f"highest mean recall at the ground-truth density "
                                                               f"({mode}; {best['pruner']} on {best['task']})"}
    return out
