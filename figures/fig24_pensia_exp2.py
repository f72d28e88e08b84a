"""Pensia et al.'s Experiment 2 on the 8×8 digits: edge-popup accuracy against the parameters kept, for "our
structure" (r = 5 copies per input; Linear and ReLU variants) and a parameter-matched wide network, with the trained
FC2 baseline.  Left: the paper's selection (best *test* accuracy over runs of 30, 50, 100, 125 and 150 epochs);
right: the run of best *validation* accuracy, at its test accuracy.  Every point is selected per training seed; lines
are means over the seeds, bands their min–max.

The ``pensia_exp2`` result table (:func:`tables`) holds every run: one row per (dataset, target, structure, sparsity,
epochs, seed) with its test and validation accuracy and, per test example, whether the run classified it correctly
(:mod:`verify.claims.experiments`).
"""

from __future__ import annotations

import numpy as np

from verify.claims.registry import CONFIRMATORY_SEED

NAME = "pensia_exp2"
TITLE = "Pensia et al. Experiment 2 on digits: edge-popup on 'our structure' vs a wide network"
VERSION = 2
DATASET = "digits"
TARGET = "fc2"   # 64-100-10 (the paper's FC2 is 784-500-10)
FULL_SPARSITIES = [0.0, 0.01, 0.02, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.98, 0.99]
PROFILES = {
    "mini": {"sparsities": [0.05, 0.5, 0.99], "epochs": [1, 2], "seeds": [0, 1], "workers": 1},
    "quick": {"sparsities": [0.05, 0.5, 0.9, 0.99], "epochs": [10, 20], "seeds": [0, 1, 2, 3, 4], "workers": None},
    # The paper's grid and the public scripts' epochs; five training seeds CONFIRMATORY_SEED + k.  Measured cost on
    # the two-core machine: about 0.055 s per epoch for the three structures together, so 14 sparsities x 5 seeds
    # x 455 epochs is about 29 CPU minutes (15 minutes on two workers): the whole grid is kept.
    "full": {"sparsities": FULL_SPARSITIES, "epochs": [30, 50, 100, 125, 150],
             "seeds": [CONFIRMATORY_SEED + k for k in range(5)], "workers": None},
}


def _runs(params: dict, store, progress: bool) -> list[dict]:
    from pathlib import Path

    from verify.experiments.experiment2 import run_experiment
    from verify.store import identity_digest

    digest = identity_digest(params)[:16]
    return run_experiment(sparsities=params["sparsities"], epochs=params["epochs"], seeds=params["seeds"],
                          out=Path(store) / "pensia_exp2" / digest, workers=params.get("workers"), progress=progress)


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.experiments.experiment2 import Exp2Settings, select

    rows = _runs(params, store, progress)
    rows = [{k: v for k, v in row.items() if k not in ("seconds", "test_correct")} for row in rows]
    return {"rows": rows, "selected": select(rows), "settings": Exp2Settings().__dict__,
            "seeds": list(params["seeds"])}


def tables(params: dict, store) -> dict:
    """The ``pensia_exp2`` result table: every run, with its per-example test correctness."""
    from verify.experiments.experiment2 import Exp2Settings
    from verify.tables import Table

    rows = _runs(params, store, progress=False)
    arrays = {
        "dataset": np.array([DATASET] * len(rows), dtype="U16"),
        "target": np.array([TARGET] * len(rows), dtype="U16"),
        "structure": np.array([r["structure"] for r in rows], dtype="U16"),
        "sparsity": np.array([r["sparsity"] for r in rows], dtype=np.float64),
        "epochs": np.array([r["epochs"] for r in rows], dtype=np.int64),
        "seed": np.array([r["seed"] for r in rows], dtype=np.int64),
        "parameters": np.array([r["parameters"] for r in rows], dtype=np.int64),
        "kept": np.array([r["kept"] for r in rows], dtype=np.int64),
        "test_accuracy": np.array([r["test_accuracy"] for r in rows], dtype=np.float64),
        "validation_accuracy": np.array([r["validation_accuracy"] for r in rows], dtype=np.float64),
        "test_loss": np.array([r["test_loss"] for r in rows], dtype=np.float64),
        "test_correct": np.stack([r["test_correct"] for r in rows]).astype(np.bool_),
    }
    meta = {"campaign": "Pensia et al. Experiment 2 (figures/fig24_pensia_exp2.py, verify.experiments.experiment2)",
            "unit": "training seed (network initialisation, edge-popup's initial scores, minibatch order); the "
                    "digits split is fixed, so every seed shares the test set",
            "datasets": {DATASET: "scikit-learn 8x8 digits, fixed 1,253 / 180 / 364 split"},
            "targets": {TARGET: "64-100-10 without biases"}, "seeds": list(params["seeds"]),
            "epochs": list(params["epochs"]), "sparsities": list(params["sparsities"]),
            "settings": Exp2Settings().__dict__,
            "columns": "one row per run; test_correct (runs, test examples) boolean"}
    return {"pensia_exp2": Table("pensia_exp2", arrays, meta)}


def _by_point(selected: list[dict]) -> dict:
    out: dict = {}
    for s in selected:
        out.setdefault((s["structure"], s["sparsity"]), []).append(s)
    return out


NEAR_DENSE = 0.1  # sparsities up to this are bunched at the right end of a log axis of parameters kept


def _near_dense_panel(inset, points: dict, structures: list[str], colors: dict, key: str):
    """The near-dense points (sparsity <= NEAR_DENSE), which decide the verdict and overlap at the right end of the
    main panel's log axis, on their own: accuracy against sparsity on a linear axis, same colours, mean and min–max
    over seeds per point."""
    near = sorted({k[1] for k in points if k[1] <= NEAR_DENSE and k[0] in structures})
    if not near:
        inset.set_visible(False)
        return None
    for offset, structure in enumerate(structures):
        keys = [(structure, sparsity) for sparsity in near if (structure, sparsity) in points]
        if not keys:
            continue
        values = [np.array([s[key] for s in points[k]]) for k in keys]
        dodge = (offset - (len(structures) - 1) / 2) * NEAR_DENSE / 60  # side by side at a shared sparsity
        x = [k[1] + dodge for k in keys]
        inset.errorbar(x, [v.mean() for v in values], yerr=[[v.mean() - v.min() for v in values],
                                                             [v.max() - v.mean() for v in values]],
                       marker="o", ms=3, lw=1, capsize=2, color=colors[structure])
    inset.set_xlim(-0.005, NEAR_DENSE + 0.005)
    inset.set_title(f"near dense (sparsity ≤ {NEAR_DENSE:g}), zoomed: mean and min–max over seeds",
                    fontsize="small")
    inset.set_xlabel("sparsity (fraction of weights removed)")
    return inset


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    structures = ["ours-linear", "ours-relu", "wide"]
    colors = dict(zip(structures + ["baseline"], sns.color_palette("colorblind", 4)))
    figure, grid = plt.subplots(2, 2, figsize=(10.5, 7.0), gridspec_kw={"height_ratios": [1.6, 1.0]})
    axes, zooms = grid[0], grid[1]
    axes[1].sharey(axes[0])
    points = _by_point(data["selected"])
    selections = (("test_selected_accuracy", "paper's selection: best test accuracy over runs"),
                  ("validation_selected_accuracy", "selected on validation, test accuracy"))
    for ax, zoom, (key, label) in zip(axes, zooms, selections):
        for structure in structures:
            keys = sorted((k for k in points if k[0] == structure), key=lambda k: points[k][0]["kept"])
            if not keys:
                continue
            kept = [points[k][0]["kept"] for k in keys]
            values = [np.array([s[key] for s in points[k]]) for k in keys]
            ax.plot(kept, [v.mean() for v in values], marker="o", ms=4, color=colors[structure], label=structure)
            ax.fill_between(kept, [v.min() for v in values], [v.max() for v in values], color=colors[structure],
                            alpha=0.15, lw=0)
        baseline = [s for s in data["selected"] if s["structure"] == "baseline"]
        if baseline:
            ax.axhline(float(np.mean([s[key] for s in baseline])), color=colors["baseline"], ls="--", lw=1,
                       label=f"FC2 trained ({baseline[0]['parameters']:,} weights)")
        ax.set_xscale("log")
        ax.set_xlabel("parameters kept")
        ax.set_title(label, fontsize="medium")
        _near_dense_panel(zoom, points, structures, colors, key)
    axes[0].set_ylabel("test accuracy")
    zooms[0].set_ylabel("test accuracy")
    axes[0].legend(fontsize="small", loc="lower right")
    seeds = len(data.get("seeds", [0]))
    figure.suptitle(f"{TITLE}\nepochs tried: {', '.join(map(str, params['epochs']))}; {seeds} training seed(s): mean, "
                    "band min–max")
    figure.tight_layout()
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {}
    for (structure, sparsity), selected in _by_point(data["selected"]).items():
        for key in ("test_selected_accuracy", "validation_selected_accuracy"):
            out[f"{structure}.{sparsity:g}.{key}"] = {
                "value": float(np.mean([s[key] for s in selected])),
                "description": f"{structure} at sparsity {sparsity:g}: {key.replace('_', ' ')}, mean over "
                               f"{len(selected)} seed(s)"}
        out[f"{structure}.{sparsity:g}.kept"] = {"value": int(selected[0]["kept"]),
                                                 "description": f"parameters kept, {structure} at sparsity "
                                                                f"{sparsity:g}"}
    gains = [s["selection_gain"] for s in data["selected"]]
    out["max_selection_gain"] = {"value": float(max(gains)),
                                 "description": "largest gain in test accuracy of selecting on the test set instead "
                                                "of the validation set (one structure, sparsity and seed)"}
    out["mean_selection_gain"] = {"value": float(np.mean(gains)),
                                  "description": "mean gain in test accuracy of selecting on the test set"}
    out["seeds"] = {"value": len(data.get("seeds", [0])), "description": "training seeds"}
    total = [s["parameters"] for s in data["selected"] if s["structure"] == "ours-linear"]
    if total:
        out["ours_parameters"] = {"value": int(total[0]), "description": "parameters of 'our structure' (digits)"}
    return out
