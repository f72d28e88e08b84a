"""Pensia et al.'s Experiment 2 on the 8×8 digits: edge-popup accuracy against the parameters kept, for "our
structure" (r = 5 copies per input; Linear and ReLU variants) and a parameter-matched wide network, with the trained
FC2 baseline.  Left: the paper's selection (best *test* accuracy over runs of different lengths); right: the run of
best *validation* accuracy, at its test accuracy."""

from __future__ import annotations

import numpy as np

NAME = "pensia_exp2"
TITLE = "Pensia et al. Experiment 2 on digits: edge-popup on 'our structure' vs a wide network"
VERSION = 1
PROFILES = {
    "mini": {"sparsities": [0.5, 0.99], "epochs": [1, 2], "seed": 0, "workers": 1},
    "quick": {"sparsities": [0.0, 0.5, 0.9, 0.99], "epochs": [10, 20], "seed": 0, "workers": None},
    "full": {"sparsities": [0.0, 0.01, 0.02, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.98, 0.99],
             "epochs": [10, 20, 30, 50, 100], "seed": 0, "workers": None},
}


def compute(params: dict, store, progress: bool = True) -> dict:
    from pathlib import Path

    from verify.experiments.experiment2 import Exp2Settings, run_experiment, select
    from verify.store import identity_digest

    digest = identity_digest(params)[:16]
    rows = run_experiment(sparsities=params["sparsities"], epochs=params["epochs"], seed=params["seed"],
                          out=Path(store) / "pensia_exp2" / digest, workers=params.get("workers"),
                          progress=progress)
    rows = [{k: v for k, v in row.items() if k != "seconds"} for row in rows]  # results files carry no timings
    return {"rows": rows, "selected": select(rows), "settings": Exp2Settings().__dict__}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    structures = ["ours-linear", "ours-relu", "wide"]
    colors = dict(zip(structures + ["baseline"], sns.color_palette("colorblind", 4)))
    figure, axes = plt.subplots(1, 2, figsize=(10.5, 4.2), sharey=True)
    baseline = [s for s in data["selected"] if s["structure"] == "baseline"]
    for ax, (key, label) in zip(axes, (("test_selected_accuracy", "paper's selection: best test accuracy over runs"),
                                       ("validation_selected_accuracy", "selected on validation, test accuracy"))):
        for structure in structures:
            points = sorted((s for s in data["selected"] if s["structure"] == structure), key=lambda s: s["kept"])
            ax.plot([s["kept"] for s in points], [s[key] for s in points], marker="o", ms=4,
                    color=colors[structure], label=structure)
        if baseline:
            ax.axhline(baseline[0][key], color=colors["baseline"], ls="--", lw=1,
                       label=f"FC2 trained ({baseline[0]['parameters']:,} weights)")
        ax.set_xscale("log")
        ax.set_xlabel("parameters kept")
        ax.set_title(label, fontsize="medium")
    axes[0].set_ylabel("test accuracy")
    axes[0].legend(fontsize="small", loc="lower right")
    figure.suptitle(f"{TITLE}\nepochs tried: {', '.join(map(str, params['epochs']))}; one seed")
    figure.tight_layout()
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {}
    for s in data["selected"]:
        for key in ("test_selected_accuracy", "validation_selected_accuracy"):
            out[f"{s['structure']}.{s['sparsity']:g}.{key}"] = {
                "value": float(s[key]),
                "description": f"{s['structure']} at sparsity {s['sparsity']:g}: {key.replace('_', ' ')}"}
        out[f"{s['structure']}.{s['sparsity']:g}.kept"] = {"value": int(s["kept"]),
                                                            "description": f"parameters kept, {s['structure']} at "
                                                                           f"sparsity {s['sparsity']:g}"}
    gains = [s["selection_gain"] for s in data["selected"]]
    out["max_selection_gain"] = {"value": float(max(gains)),
                                 "description": "largest gain in test accuracy of selecting on the test set instead "
                                                "of the validation set"}
    out["mean_selection_gain"] = {"value": float(np.mean(gains)),
                                  "description": "mean gain in test accuracy of selecting on the test set"}
    total = [s["parameters"] for s in data["selected"] if s["structure"] == "ours-linear"]
    if total:
        out["ours_parameters"] = {"value": int(total[0]), "description": "parameters of 'our structure' (digits)"}
    return out
