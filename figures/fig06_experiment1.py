"""Figure 6 — Pensia et al.'s Experiment 1 reproduced on a trained network, and corrected.

Left: the per-weight error |w − ŵ| of the exact subset-sum approximation of every weight of a trained network without
biases (784–500–10 on MNIST-5k in the paper-grade profile, 64–500–10 on the digits otherwise; n = 3·round(log2(1/ε))
coefficients, ε = 0.01), for the paper's per-row coefficient law, for independent coefficients per weight and for
products of uniforms (the theory's law); the dashed line is ε, and the legend gives the misses observed against
the misses expected under the law.  Right: per seed, the test accuracy of the approximated network itself minus
the target's (the paper reported the target's, by a defect of its code).
"""

from __future__ import annotations

import numpy as np

from verify.claims.registry import CONFIRMATORY_SEED

NAME = "experiment1"
TITLE = "Experiment 1: every weight of a trained network as a subset sum"
VERSION = 2
LAWS = ("per-row", "independent", "product")
PROFILES = {
    "mini": {"data": "digits", "hidden": 40, "epochs": 3, "eps": 0.01, "seeds": [0], "pairs": 2000},
    "quick": {"data": "digits", "hidden": 500, "epochs": 30, "eps": 0.01, "seeds": [0], "pairs": 20000},
    "full": {"data": "mnist5k", "hidden": 500, "epochs": 30, "eps": 0.01,
             "seeds": [CONFIRMATORY_SEED + k for k in range(5)], "pairs": 200000},
}
BINS = np.concatenate([[0.0], np.logspace(-9, 0, 91)])


def _table_path(params: dict, store):
    from figures.runner import keyed_store

    return keyed_store(store, "experiment1", identity=params).with_suffix(".npz")


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.data import load_dataset
    from verify.experiments import experiment1
    from verify.tables import Table, save_table
    from verify.tickets.misses import expected_misses

    data = load_dataset(params["data"])
    runs, arrays = [], {}
    for k, seed in enumerate(params["seeds"]):
        target, _ = experiment1.train_target(hidden=params["hidden"], epochs=params["epochs"], seed=seed,
                                             data=params["data"])
        target_prediction = target.predict(data.test.x)
        arrays[f"s{k}.target_correct"] = target_prediction == data.test.y
        for law in LAWS:
            result = experiment1.run(target, eps=params["eps"], law=law, seed=seed, data=params["data"])
            errors = np.concatenate([e.ravel() for e in result.approximation.errors])
            histogram, _ = np.histogram(np.clip(errors, 0, 1), bins=BINS)
            summary = result.summary()
            weights = list(result.target.effective().weights)
            expected = expected_misses(weights, summary["n"], params["eps"],
                                       law="product" if law == "product" else "uniform", pairs=params["pairs"],
                                       seed=seed)
            prediction = result.approximated.predict(data.test.x)
            arrays[f"s{k}.{law}.approx_correct"] = prediction == data.test.y
            arrays[f"s{k}.{law}.agree"] = prediction == target_prediction
            arrays[f"s{k}.{law}.outside"] = np.array(summary["weights"] - summary["within_eps"], dtype=np.int64)
            arrays[f"s{k}.{law}.expected_misses"] = np.array([expected.misses, expected.pairs], dtype=np.int64)
            runs.append({"seed": seed, "law": law, "histogram": histogram.tolist(),
                         "expected_misses": expected.count(), "expected_misses_interval": expected.count_interval(),
                         **{key: summary[key] for key in ("weights", "within_eps", "all_within_eps",
                                                          "max_weight_error", "params_random", "params_kept",
                                                          "ratio_kept_to_target", "target_test_accuracy",
                                                          "approximated_test_accuracy", "n")},
                         "test_examples": int(data.test.y.size)})
    meta = {"data": params["data"], "architecture": f"{data.n_inputs}-{params['hidden']}-10, no biases",
            "seeds": params["seeds"], "laws": list(LAWS), "eps": params["eps"], "weights": runs[0]["weights"],
            "n": runs[0]["n"], "campaign": "Pensia et al.'s Experiment 1 (verify.experiments.experiment1)"}
    path = _table_path(params, store)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_table(path, Table("experiment1", arrays, meta))
    return {"bins": BINS.tolist(), "eps": params["eps"], "runs": runs, "hidden": params["hidden"],
            "data": params["data"], "inputs": data.n_inputs}


def tables(params: dict, store) -> dict:
    """The ``experiment1`` result table written by :func:`compute` (per seed: misses, expected misses, per test
    example the target's and the approximated network's correctness and their agreement)."""
    from verify.tables import load_table

    path = _table_path(params, store)
    if not path.exists():
        compute(params, store, progress=False)
    return {"experiment1": load_table(path)}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.0), gridspec_kw={"width_ratios": [1.4, 1]})
    colors = dict(zip(LAWS, sns.color_palette("colorblind", len(LAWS))))
    edges = np.array(data["bins"])
    centers = np.sqrt(np.maximum(edges[1:-1], 1e-12) * edges[2:])
    for law in LAWS:
        runs = [r for r in data["runs"] if r["law"] == law]
        counts = np.sum([r["histogram"] for r in runs], axis=0)
        observed = sum(r["weights"] - r["within_eps"] for r in runs) / len(runs)
        expected = float(np.mean([r["expected_misses"] for r in runs]))
        left.plot(centers, counts[1:], color=colors[law], lw=1.5,
                  label=f"{law}: misses {observed:.1f} per network (expected {expected:.1f})")
    left.axvline(data["eps"], color="black", ls="--", lw=1, label="ε")
    left.set_xscale("log")
    left.set_yscale("symlog", linthresh=1)
    left.set_ylim(bottom=0)
    left.set_xlabel("per-weight error |w − ŵ|")
    left.set_ylabel("weights (all seeds)")
    left.legend(fontsize="x-small")
    left.set_title("per-weight errors")
    seeds = sorted({r["seed"] for r in data["runs"]})
    for offset, law in enumerate(LAWS):
        change = [100 * (r["approximated_test_accuracy"] - r["target_test_accuracy"])
                  for r in data["runs"] if r["law"] == law]
        x = np.arange(len(change)) + (offset - 1) * 0.25
        right.bar(x, change, width=0.25, color=colors[law], label=law)
    right.axhline(0, color="black", lw=0.8)
    right.set_xticks(np.arange(len(seeds)), [f"seed {i + 1}" for i in range(len(seeds))], fontsize="x-small")
    right.set_ylabel("approximated − target test accuracy (points)")
    right.set_title("the approximated network itself (paper: 9.39× kept)")
    right.legend(fontsize="x-small")
    figure.suptitle(f"{TITLE} ({data['data']}, {data['inputs']}–{data['hidden']}–10, ε = {data['eps']:g})")
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {}
    for law in LAWS:
        runs = [r for r in data["runs"] if r["law"] == law]
        out[f"{law}.weights"] = {"value": int(sum(r["weights"] for r in runs)),
                                 "description": f"weights approximated over all seeds ({law})"}
        out[f"{law}.within_eps"] = {"value": int(sum(r["within_eps"] for r in runs)),
                                    "description": f"weights within eps over all seeds ({law})"}
        out[f"{law}.expected_misses"] = {"value": float(np.mean([r["expected_misses"] for r in runs])),
                                         "description": f"misses expected per network under the law ({law})"}
        out[f"{law}.max_error"] = {"value": max(r["max_weight_error"] for r in runs),
                                   "description": f"largest per-weight error ({law})"}
        out[f"{law}.ratio_kept"] = {"value": float(np.mean([r["ratio_kept_to_target"] for r in runs])),
                                    "description": f"kept parameters over target parameters, mean over seeds ({law})"}
        out[f"{law}.target_accuracy"] = {"value": float(np.mean([r["target_test_accuracy"] for r in runs])),
                                         "description": "test accuracy of the target, mean over seeds"}
        out[f"{law}.approximated_accuracy"] = {
            "value": float(np.mean([r["approximated_test_accuracy"] for r in runs])),
            "description": f"test accuracy of the approximated network itself, mean over seeds ({law})"}
    out["hidden"] = {"value": data["hidden"], "description": "hidden units of the target"}
    out["inputs"] = {"value": data["inputs"], "description": "inputs of the target"}
    out["data"] = {"value": data["data"], "description": "the data the target is trained and evaluated on"}
    out["n"] = {"value": data["runs"][0]["n"], "description": "coefficients per weight"}
    out["seeds"] = {"value": len(params["seeds"]), "description": "independently trained targets and draws"}
    out["test_examples"] = {"value": data["runs"][0]["test_examples"], "description": "test examples per seed"}
    return out
