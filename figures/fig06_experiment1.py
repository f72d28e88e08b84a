"""Figure 6 — Pensia et al.'s Experiment 1 reproduced on the digits, and corrected.

Left: the per-weight error |w − ŵ| of the exact subset-sum approximation of every weight of a trained 64–500–10
network without biases (n = 3·round(log2(1/ε)) coefficients, ε = 0.01), for the paper's per-row coefficient law, for
independent coefficients per weight and for products of uniforms (the theory's law); the dashed line is ε.
Right: test accuracy of the target and of the approximated network itself (the paper reported the target's, by a
defect of its code), with the kept-parameter ratio against the paper's 9.39×.
"""

from __future__ import annotations

import numpy as np

NAME = "experiment1"
TITLE = "Experiment 1: every weight of a trained network as a subset sum"
VERSION = 1
LAWS = ("per-row", "independent", "product")
PROFILES = {
    "mini": {"hidden": 40, "epochs": 3, "eps": 0.01, "seeds": [0]},
    "quick": {"hidden": 500, "epochs": 30, "eps": 0.01, "seeds": [0]},
    "full": {"hidden": 500, "epochs": 30, "eps": 0.01, "seeds": [0, 1, 2]},
}
BINS = np.concatenate([[0.0], np.logspace(-9, 0, 91)])


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.data import load_digits
    from verify.experiments import experiment1

    data = load_digits()
    every_image = np.concatenate([data.train.x, data.validation.x, data.test.x])
    runs = []
    for seed in params["seeds"]:
        target, training = experiment1.train_target(hidden=params["hidden"], epochs=params["epochs"], seed=seed)
        for law in LAWS:
            result = experiment1.run(target, eps=params["eps"], law=law, seed=seed)
            errors = np.concatenate([e.ravel() for e in result.approximation.errors])
            histogram, _ = np.histogram(np.clip(errors, 0, 1), bins=BINS)
            s = result.summary()
            agree = int(np.sum(result.target.predict(every_image) == result.approximated.predict(every_image)))
            runs.append({"seed": seed, "law": law, "histogram": histogram.tolist(),
                         "agreement": agree, "images": int(every_image.shape[0]),
                         **{k: s[k] for k in ("weights", "within_eps", "all_within_eps", "max_weight_error",
                                              "params_random", "params_kept", "ratio_kept_to_target",
                                              "target_test_accuracy", "approximated_test_accuracy", "n")},
                         "test_examples": 364})
    return {"bins": BINS.tolist(), "eps": params["eps"], "runs": runs, "hidden": params["hidden"]}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.0), gridspec_kw={"width_ratios": [1.4, 1]})
    colors = dict(zip(LAWS, sns.color_palette("colorblind", len(LAWS))))
    edges = np.array(data["bins"])
    centers = np.sqrt(np.maximum(edges[1:-1], 1e-12) * edges[2:])
    for law in LAWS:
        counts = np.sum([r["histogram"] for r in data["runs"] if r["law"] == law], axis=0)
        left.plot(centers, counts[1:], color=colors[law], lw=1.5, label=law)
    left.axvline(data["eps"], color="black", ls="--", lw=1, label="ε")
    left.set_xscale("log")
    left.set_yscale("symlog", linthresh=1)
    left.set_ylim(bottom=0)
    left.set_xlabel("per-weight error |w − ŵ|")
    left.set_ylabel("weights")
    left.legend(fontsize="small")
    left.set_title("per-weight errors (all seeds)")
    rows = []
    for law in LAWS:
        for r in (r for r in data["runs"] if r["law"] == law):
            rows.append((law, r["target_test_accuracy"], r["approximated_test_accuracy"], r["ratio_kept_to_target"]))
    x = np.arange(len(LAWS))
    target = [np.mean([t for law_, t, _, _ in rows if law_ == law]) for law in LAWS]
    approx = [np.mean([a for law_, _, a, _ in rows if law_ == law]) for law in LAWS]
    ratio = [np.mean([k for law_, _, _, k in rows if law_ == law]) for law in LAWS]
    right.bar(x - 0.2, target, width=0.4, color="grey", label="target")
    right.bar(x + 0.2, approx, width=0.4, color=[colors[law] for law in LAWS], label="approximated")
    for xi, k in zip(x, ratio):
        right.annotate(f"kept {k:.2f}×", (xi, min(target + approx) - 0.015), ha="center", fontsize="small")
    right.set_xticks(x, LAWS)
    right.set_ylim(min(target + approx) - 0.03, 1.0)
    right.set_ylabel("test accuracy (digits)")
    right.set_title("target vs approximated network (paper: 9.39× kept)")
    right.legend(fontsize="small", loc="upper right")
    figure.suptitle(f"{TITLE} (64–{data['hidden']}–10, ε = {data['eps']:g})")
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {}
    for law in LAWS:
        runs = [r for r in data["runs"] if r["law"] == law]
        prefix = law
        out[f"{prefix}.weights"] = {"value": int(sum(r["weights"] for r in runs)),
                                    "description": f"weights approximated over all seeds ({law})"}
        out[f"{prefix}.within_eps"] = {"value": int(sum(r["within_eps"] for r in runs)),
                                       "description": f"weights within eps over all seeds ({law})"}
        out[f"{prefix}.max_error"] = {"value": max(r["max_weight_error"] for r in runs),
                                      "description": f"largest per-weight error ({law})"}
        out[f"{prefix}.ratio_kept"] = {"value": float(np.mean([r["ratio_kept_to_target"] for r in runs])),
                                       "description": f"kept parameters over target parameters, mean over seeds "
                                                      f"({law})"}
        out[f"{prefix}.target_accuracy"] = {"value": float(np.mean([r["target_test_accuracy"] for r in runs])),
                                            "description": "test accuracy of the target, mean over seeds"}
        out[f"{prefix}.approximated_accuracy"] = {
            "value": float(np.mean([r["approximated_test_accuracy"] for r in runs])),
            "description": f"test accuracy of the approximated network itself, mean over seeds ({law})"}
        out[f"{prefix}.agreement"] = {"value": int(sum(r["agreement"] for r in runs)),
                                      "description": f"digit images on which target and approximated network predict "
                                                     f"the same class, over all seeds ({law})"}
    out["images"] = {"value": int(sum(r["images"] for r in data["runs"] if r["law"] == LAWS[0])),
                     "description": "digit images compared, over all seeds"}
    out["hidden"] = {"value": data["hidden"], "description": "hidden units of the target"}
    out["n"] = {"value": data["runs"][0]["n"], "description": "coefficients per weight"}
    out["seeds"] = {"value": len(params["seeds"]), "description": "independently trained targets"}
    return out
