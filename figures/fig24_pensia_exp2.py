"""Pensia et al.'s Experiment 2 on the 8×8 digits: edge-popup accuracy against the parameters kept, for "our
structure" (r = 5 copies per input; Linear and ReLU variants) and a parameter-matched wide network, with the trained
target as baseline, for the FC2 (64-100-10) and FC4 (64-100-100-100-10) targets.  Left: the paper's selection (best
*test* accuracy over runs of 30, 50, 100, 125 and 150 epochs); right: the run of best *validation* accuracy, at its
test accuracy.  Every point is selected per training seed; lines are means over the seeds, bands their min–max.

Why digits and not MNIST-5k (5,000 of the 70,000 MNIST images): measured on this machine (two shared cores), an
edge-popup epoch on MNIST-5k costs 0.8–1.6 s per structure at H = 100 (FC2 and FC4) against 0.05–0.19 s on digits;
the public scripts' 455 epochs per point (30 + 50 + 100 + 125 + 150) for five seeds and two targets at the claim's
sparsities would take 11–16 CPU hours on MNIST-5k, about ten times the campaign's budget.  The full profile runs the
structures each registered comparison needs at the sparsities it names (``PLAN``): ours-linear and ours-relu at 0.05,
0.5 and 0.9, wide and ours-linear at 0.99 — not the paper's 14-point grid.

The ``pensia_exp2`` result table (:func:`tables`) holds every run: one row per (dataset, target, structure, sparsity,
epochs, seed) with its test and validation accuracy and, per test example, whether the run classified it correctly
(:mod:`verify.claims.experiments`).
"""

from __future__ import annotations

import numpy as np

from verify.claims.registry import CONFIRMATORY_SEED

NAME = "pensia_exp2"
TITLE = "Pensia et al. Experiment 2 on digits: edge-popup on 'our structure' vs a wide network"
VERSION = 3
DATASET = "digits"
HIDDEN = 100     # the targets' hidden width (the paper's MNIST targets: 500)
TARGETS = ["fc2", "fc4"]
TARGET_SHAPES = {"fc2": "64-100-10", "fc4": "64-100-100-100-10"}
# The structures each comparison of the registered rule needs, at the sparsities it names.
PLAN = [[0.05, ["ours-linear", "ours-relu"]], [0.5, ["ours-linear", "ours-relu"]],
        [0.9, ["ours-linear", "ours-relu"]], [0.99, ["ours-linear", "wide"]]]
PROFILES = {
    "mini": {"dataset": DATASET, "targets": TARGETS, "plan": [[0.05, ["ours-linear", "ours-relu"]],
                                                               [0.99, ["ours-linear", "wide"]]],
             "epochs": [1, 2], "seeds": [0, 1], "workers": 1},
    # quick (a smoke test): three seeds and runs of 1 and 3 epochs (until 2026-12-02: five seeds, 3 and 6 epochs)
    "quick": {"dataset": DATASET, "targets": TARGETS, "plan": PLAN, "epochs": [1, 3], "seeds": [0, 1, 2],
              "workers": None},
    # The public scripts' epochs (455 per point), both targets, five training seeds CONFIRMATORY_SEED + k, the plan's
    # structures and sparsities (see the module docstring for the measured cost and why not MNIST-5k).
    "full": {"dataset": DATASET, "targets": TARGETS, "plan": PLAN, "epochs": [30, 50, 100, 125, 150],
             "seeds": [CONFIRMATORY_SEED + k for k in range(5)], "workers": None},
}


def _runs(params: dict, store, progress: bool) -> list[dict]:
    from pathlib import Path

    from verify.experiments.experiment2 import Exp2Settings, run_experiment
    from verify.store import identity_digest

    digest = identity_digest(params)[:16]
    return run_experiment(plan=params["plan"], epochs=params["epochs"], seeds=params["seeds"],
                          targets=params["targets"], settings=Exp2Settings(dataset=params["dataset"], hidden=HIDDEN),
                          out=Path(store) / "pensia_exp2" / digest, workers=params.get("workers"), progress=progress)


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.experiments.experiment2 import Exp2Settings, select

    rows = _runs(params, store, progress)
    rows = [{k: v for k, v in row.items() if k not in ("seconds", "test_correct")} for row in rows]
    return {"rows": rows, "selected": select(rows),
            "settings": Exp2Settings(dataset=params["dataset"], hidden=HIDDEN).__dict__,
            "seeds": list(params["seeds"]), "targets": list(params["targets"])}


def tables(params: dict, store) -> dict:
    """The ``pensia_exp2`` result table: every run, with its per-example test correctness."""
    from verify.experiments.experiment2 import Exp2Settings
    from verify.tables import Table

    rows = _runs(params, store, progress=False)
    arrays = {
        "dataset": np.array([params["dataset"]] * len(rows), dtype="U16"),
        "target": np.array([r["target"] for r in rows], dtype="U16"),
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
                    "data split is fixed, so every seed shares the test set",
            "datasets": {"digits": "scikit-learn 8x8 digits, fixed 1,253 / 180 / 364 split",
                         "mnist5k": "MNIST-5k (5,000 of the 70,000 MNIST images), fixed 3,500 / 500 / 1,000 split"},
            "targets": {t: f"{TARGET_SHAPES[t]} without biases" for t in params["targets"]},
            "seeds": list(params["seeds"]), "epochs": list(params["epochs"]), "plan": params["plan"],
            "settings": Exp2Settings(dataset=params["dataset"], hidden=HIDDEN).__dict__,
            "columns": "one row per run; test_correct (runs, test examples) boolean"}
    return {"pensia_exp2": Table("pensia_exp2", arrays, meta)}


def _by_point(selected: list[dict]) -> dict:
    out: dict = {}
    for s in selected:
        out.setdefault((s.get("target", "fc2"), s["structure"], s["sparsity"]), []).append(s)
    return out


NEAR_DENSE = 0.1  # sparsities up to this are bunched at the right end of a log axis of parameters kept


def _near_dense_panel(inset, points: dict, target: str, structures: list[str], colors: dict, key: str):
    """The near-dense points (sparsity <= NEAR_DENSE) of one target, which decide the verdict and overlap at the right
    end of the main panel's log axis, on their own: accuracy against sparsity on a linear axis, same colours, mean
    and min–max over seeds per point."""
    near = sorted({k[2] for k in points if k[0] == target and k[1] in structures and k[2] <= NEAR_DENSE})
    if not near:
        inset.set_visible(False)
        return None
    for offset, structure in enumerate(structures):
        keys = [(target, structure, sparsity) for sparsity in near if (target, structure, sparsity) in points]
        if not keys:
            continue
        values = [np.array([s[key] for s in points[k]]) for k in keys]
        dodge = (offset - (len(structures) - 1) / 2) * NEAR_DENSE / 60  # side by side at a shared sparsity
        x = [k[2] + dodge for k in keys]
        inset.errorbar(x, [v.mean() for v in values], yerr=[[v.mean() - v.min() for v in values],
                                                             [v.max() - v.mean() for v in values]],
                       marker="o", ms=3, lw=1, capsize=2, color=colors[structure])
    inset.set_xlim(-0.005, NEAR_DENSE + 0.005)
    inset.set_title(f"{target.upper()} near dense (sparsity ≤ {NEAR_DENSE:g}), zoomed: mean and min–max over seeds",
                    fontsize="small")
    inset.set_xlabel("sparsity (fraction of weights removed)")
    return inset


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    structures = ["ours-linear", "ours-relu", "wide"]
    colors = dict(zip(structures + ["baseline"], sns.color_palette("colorblind", 4)))
    targets = list(data.get("targets", ["fc2"]))
    figure, grid = plt.subplots(2 * len(targets), 2, figsize=(10.5, 6.6 * len(targets)), squeeze=False,
                                gridspec_kw={"height_ratios": [1.6, 1.0] * len(targets)})
    points = _by_point(data["selected"])
    for row, target in enumerate(targets):
        axes, zooms = grid[2 * row], grid[2 * row + 1]
        axes[1].sharey(axes[0])
        for ax, zoom, (key, label) in zip(axes, zooms, (("test_selected_accuracy", "paper's selection: best test "
                                                                                   "accuracy"),
                                                        ("validation_selected_accuracy",
                                                         "selected on validation, test accuracy"))):
            for structure in structures:
                keys = sorted((k for k in points if k[0] == target and k[1] == structure),
                              key=lambda k: points[k][0]["kept"])
                if not keys:
                    continue
                kept = [points[k][0]["kept"] for k in keys]
                values = [np.array([s[key] for s in points[k]]) for k in keys]
                ax.plot(kept, [v.mean() for v in values], marker="o", ms=4, color=colors[structure], label=structure)
                ax.fill_between(kept, [v.min() for v in values], [v.max() for v in values], color=colors[structure],
                                alpha=0.15, lw=0)
            baseline = [s for s in data["selected"] if s["structure"] == "baseline" and s.get("target") == target]
            if baseline:
                ax.axhline(float(np.mean([s[key] for s in baseline])), color=colors["baseline"], ls="--", lw=1,
                           label=f"{target.upper()} trained ({baseline[0]['parameters']:,} weights)")
            ax.set_xscale("log")
            ax.set_xlabel("parameters kept")
            ax.set_title(f"{target.upper()} ({TARGET_SHAPES.get(target, target)}): {label}", fontsize="medium")
            _near_dense_panel(zoom, points, target, structures, colors, key)
        axes[0].set_ylabel("test accuracy")
        zooms[0].set_ylabel("test accuracy")
        axes[0].legend(fontsize="small", loc="lower right")
    seeds = len(data.get("seeds", [0]))
    figure.suptitle(f"{TITLE}\nepochs tried: {', '.join(map(str, params['epochs']))}; {seeds} training seed(s): "
                    "mean, band min–max")
    figure.tight_layout()
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {}
    for (target, structure, sparsity), selected in _by_point(data["selected"]).items():
        for key in ("test_selected_accuracy", "validation_selected_accuracy"):
            out[f"{target}.{structure}.{sparsity:g}.{key}"] = {
                "value": float(np.mean([s[key] for s in selected])),
                "description": f"{target}, {structure} at sparsity {sparsity:g}: {key.replace('_', ' ')}, mean over "
                               f"{len(selected)} seed(s)"}
        out[f"{target}.{structure}.{sparsity:g}.kept"] = {"value": int(selected[0]["kept"]),
                                                          "description": f"parameters kept, {target}, {structure} at "
                                                                         f"sparsity {sparsity:g}"}
    gains = [s["selection_gain"] for s in data["selected"]]
    out["max_selection_gain"] = {"value": float(max(gains)),
                                 "description": "largest gain in test accuracy of selecting on the test set instead "
                                                "of the validation set (one target, structure, sparsity and seed)"}
    out["mean_selection_gain"] = {"value": float(np.mean(gains)),
                                  "description": "mean gain in test accuracy of selecting on the test set"}
    out["seeds"] = {"value": len(data.get("seeds", [0])), "description": "training seeds"}
    for target in data.get("targets", ["fc2"]):
        total = [s["parameters"] for s in data["selected"] if s["structure"] == "ours-linear"
                 and s.get("target") == target]
        if total:
            out[f"{target}.ours_parameters"] = {"value": int(total[0]),
                                                "description": f"parameters of 'our structure' ({target}, digits)"}
    return out
