"""Compute, draw and quote one Plant 'n' Seek protocol (singleshot or multishot): the paper's Figures 3 and 4 layout.

Top row: after pruning (the strong ticket: better of raw outputs and outputs divided by the planted scales); bottom
row: after training (the weak ticket); one column per task; x the kept fraction of weights (log), one line per pruner
(mean over plantings and repetitions, band from min to max) for the reference campaign (the public code's planting
rule), thin dashed lines of the same colours for the campaign beside it (the paper's L2 rule, means), the planted
ticket as a dashed reference line (its exact quality), its density as a dotted vertical line, a star for the planted
ticket trained under the same protocol and a square for the dense mother network trained under it (density 1).
"""

from __future__ import annotations

import math

import numpy as np

from figures import pns_campaign

PRUNER_ORDER = ["random", "magnitude", "snip", "grasp", "synflow", "synflow-iterative", "edge-popup",
                "edge-popup-anneal"]


def compute(mode: str, params: dict, store, progress: bool = True) -> dict:
    result = pns_campaign.run(mode, params, store, progress)
    beside = pns_campaign.run_beside(mode, params, store, progress)
    return {"mode": mode, "grid": params["grid"], "settings": result.to_json()["settings"],
            "rows": pns_campaign.clean_rows(result.rows), "summary": pns_campaign.aggregate(result),
            "beside": None if beside is None else {"match": beside.settings.match,
                                                   "summary": pns_campaign.aggregate(beside)}}


def _value(record, key):
    value = record.get(key)
    return np.nan if value is None else float(value)


def draw(data: dict, title: str):
    import matplotlib.pyplot as plt
    import seaborn as sns

    summary = data["summary"]
    tasks = [t for t in pns_campaign.TASKS if any(r["task"] == t for r in summary)]
    pruners = [p for p in PRUNER_ORDER if any(r["pruner"] == p for r in summary)]
    colors = dict(zip(pruners, sns.color_palette("colorblind", len(pruners))))
    figure, axes = plt.subplots(2, len(tasks), figsize=(4.2 * len(tasks), 6.6), squeeze=False)
    for column, task in enumerate(tasks):
        suffix, label = pns_campaign.metric_name(task)
        planted = [r for r in summary if r["task"] == task and r["pruner"] == "planted"]
        for row, (stage, key) in enumerate((("after pruning (strong ticket)", "pruned"),
                                            ("after training (weak ticket)", "trained"))):
            ax = axes[row, column]
            for pruner in pruners:
                records = sorted((r for r in summary if r["task"] == task and r["pruner"] == pruner),
                                 key=lambda r: r["achieved_density"])
                x = np.array([r["achieved_density"] for r in records])
                y = np.array([_value(r, f"{key}_{suffix}") for r in records])
                if not np.isfinite(y).any():
                    continue
                low = np.array([_value(r, f"{key}_{suffix}_min") for r in records])
                high = np.array([_value(r, f"{key}_{suffix}_max") for r in records])
                ax.plot(x, y, marker="o", ms=3.5, lw=1.4, color=colors[pruner], label=pruner)
                ax.fill_between(x, low, high, color=colors[pruner], alpha=0.15, lw=0)
                beside = sorted((r for r in (data.get("beside") or {}).get("summary", [])
                                 if r["task"] == task and r["pruner"] == pruner), key=lambda r: r["achieved_density"])
                if beside:
                    ax.plot([r["achieved_density"] for r in beside], [_value(r, f"{key}_{suffix}") for r in beside],
                            ls="--", lw=0.8, marker=".", ms=3, color=colors[pruner], alpha=0.7)
            if planted:
                reference = planted[0]
                ax.axhline(_value(reference, f"pruned_{suffix}"), color="black", ls="--", lw=1.0,
                           label="planted ticket")
                ax.axvline(reference["achieved_density"], color="black", ls=":", lw=0.8)
                if key == "trained":
                    ax.plot([reference["achieved_density"]], [_value(reference, f"trained_{suffix}")], marker="*",
                            ms=10, color="black", ls="none", label="planted, trained")
            dense = [r for r in summary if r["task"] == task and r["pruner"] == "dense"]
            if dense and key == "trained":
                ax.plot([1.0], [_value(dense[0], f"trained_{suffix}")], marker="s", ms=6, color="black", ls="none",
                        label="dense, trained")
            ax.set_xscale("log")
            if suffix == "loss":
                ax.set_yscale("log")
            else:
                ax.set_ylim(0.0, 1.02)
            ax.set_xlabel("kept fraction of weights")
            ax.set_ylabel(label)
            ax.set_title(f"{task}: {stage}", fontsize="medium")
    handles, labels = axes[1, 0].get_legend_handles_labels()
    for ax in axes.ravel():
        for h, l in zip(*ax.get_legend_handles_labels()):
            if l not in labels:
                handles.append(h)
                labels.append(l)
    figure.legend(handles, labels, loc="lower center", ncol=min(len(labels), 5), fontsize="small", frameon=False)
    reps = data["grid"]["reps"]
    settings = data["settings"]
    repetitions = data["grid"].get("repetitions", 1)
    beside = data.get("beside")
    figure.suptitle(f"{title}\n{settings['match']} planting, {reps} planting(s) × {repetitions} repetition(s); lines: "
                    f"mean, bands: min–max" + (f"; thin dashed: {beside['match']} planting (means)" if beside else "")
                    + f"\ndepth {settings['depth']} ({settings['depth'] - 1} weight matrices), width "
                    f"{settings['width']}, {settings['samples']:,} samples")
    figure.tight_layout(rect=(0, 0.07, 1, 1))
    return figure


def facts(data: dict, prefix: str) -> dict:
    """Means per (task, pruner, density) of the numbers a write-up may quote."""
    out = {}
    for r in data["summary"]:
        key = f"{r['task']}.{r['pruner']}.{r['density_label']}"
        for name in ("pruned_accuracy", "pruned_loss", "pruned_accuracy_raw", "pruned_loss_raw",
                     "trained_accuracy", "trained_loss", "recall", "precision", "layer_collapse",
                     "achieved_density"):
            value = r.get(name)
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                continue
            out[f"{key}.{name}"] = {"value": float(value),
                                    "description": f"{prefix}: mean {name} of {r['pruner']} on {r['task']} at "
                                                   f"density {r['density_label']} over {r['reps']} repetition(s)"}
    out["runs"] = {"value": len(data["rows"]), "description": f"{prefix}: runs (rows) in the campaign"}
    out["reps"] = {"value": data["grid"]["reps"], "description": f"{prefix}: repetitions per cell"}
    return out
