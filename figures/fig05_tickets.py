"""Figure 5 — Pensia et al.'s construction on nested random networks: how the required width grows with the target.

Left: for every target shape, the probability that some width ≤ m certifies every target of the trial's family
(:func:`verify.tickets.montecarlo.required_widths`; monotone by construction) against the hidden units per input
coordinate m, with exact Clopper–Pearson bands.  Right: the required units m_δ(d) (the ⌈(1 − δ)T⌉-th smallest first
succeeding m) against log(d_{i−1} d_i l / min(ε, δ)) on log–log axes, per target depth, with the fitted exponent β of
m_δ ∝ log(·)^β: Pensia et al.'s Theorem 1 width has β = 1 [recalled], a width linear in d has β = 0.  Open
diamonds: the *searched family*, where every draw must serve the worst of eight targets at once (six random, two
rank-one), at depth 1 — Theorem 1 quantifies over every target, so a draw's required width is at least the worst of
any family it serves.
"""

from __future__ import annotations

import math

import numpy as np

from verify.claims.registry import CONFIRMATORY_SEED

NAME = "tickets_width"
TITLE = "Pensia tickets on nested networks: success against width, required width against the target's size"
VERSION = 5
FAMILY = ["random", "rank-one"]
#: The searched family: every draw must serve the worst of eight targets (six random, two rank-one) at once.
HARD_FAMILY = ["random"] * 6 + ["rank-one"] * 2
PROFILES = {
    "mini": {"configs": [{"dims": [2, 2]}, {"dims": [3, 3]}, {"dims": [4, 4]}], "units": list(range(4, 44, 4)),
             "eps": 0.05, "delta": 0.2, "trials": 6, "family": FAMILY, "seed": 0,
             "hard": {"configs": [{"dims": [2, 2]}, {"dims": [3, 3]}, {"dims": [4, 4]}], "family": HARD_FAMILY[:4],
                      "trials": 4}},
    # quick: every fourth width and 20 trials (every second width and 40 trials until 2026-12-02, when make reproduce
    # was trimmed to stay under 5 min)
    "quick": {"configs": [{"dims": [2, 2]}, {"dims": [4, 4]}, {"dims": [8, 8]}], "units": list(range(4, 66, 4)),
              "eps": 0.01, "delta": 0.05, "trials": 20, "family": FAMILY, "seed": 0,
              "hard": {"configs": [{"dims": [2, 2]}, {"dims": [4, 4]}, {"dims": [8, 8]}], "family": HARD_FAMILY,
                       "trials": 8}},
    "full": {"configs": [{"dims": [d] * 2} for d in (2, 4, 8, 16, 32)] + [{"dims": [d] * 3} for d in (2, 4, 8)]
             + [{"dims": [d] * 4} for d in (2, 4, 8)],
             "units": list(range(4, 74, 2)), "eps": 0.01, "delta": 0.05, "trials": 500, "family": FAMILY,
             "seed": CONFIRMATORY_SEED,
             "hard": {"configs": [{"dims": [d] * 2} for d in (2, 4, 8, 16, 32)], "family": HARD_FAMILY,
                      "trials": 300}},
}


def log_term(dims, eps: float, delta: float) -> float:
    """log(d_0 d_1 l / min(ε, δ)) for a square target of depth l (the logarithm in Theorem 1's width)."""
    layers = len(dims) - 1
    return math.log(dims[0] * dims[1] * layers / min(eps, delta))


def _campaign(params: dict, hard: bool) -> dict:
    """The settings of the base campaign, or of the searched family (``hard``: its own shapes, family and trials)."""
    if not hard:
        return params
    return {**params, **params["hard"]}


def _run(config: dict, params: dict, store, progress: bool):
    from figures.runner import keyed_store
    from verify.tickets.montecarlo import required_widths

    dims = config["dims"]
    return required_widths(dims, eps=params["eps"], units=params["units"], trials=params["trials"],
                           seed=params["seed"], family=params["family"], progress=progress,
                           out=keyed_store(store, "tickets", "x".join(map(str, dims)),
                                           identity={"dims": dims, **{k: params[k] for k in
                                                                      ("units", "eps", "trials", "family", "seed")}}))


def _curves(params: dict, store, progress: bool) -> list[dict]:
    curves = []
    for config in params["configs"]:
        result = _run(config, params, store, progress)
        table = result.table()
        required = result.required(params["delta"])
        curves.append({"dims": config["dims"], "layers": len(config["dims"]) - 1, "table": table.to_dict(orient="list"),
                       "required_units": required, "log_term": log_term(config["dims"], params["eps"],
                                                                        params["delta"])})
    return curves


def compute(params: dict, store, progress: bool = True) -> dict:
    hard = _campaign(params, hard=True)
    return {"eps": params["eps"], "delta": params["delta"], "trials": params["trials"],
            "curves": _curves(params, store, progress), "hard_trials": hard["trials"],
            "hard_family": hard["family"], "hard_curves": _curves(hard, store, progress)}


def tables(params: dict, store) -> dict:
    """The ``tickets`` result table: every trial's first succeeding units per coordinate, per target shape, for the
    base family (``c<i>.m_star``) and the searched family (``h<i>.m_star``)."""
    from verify.tables import Table

    arrays = {"units": np.array(params["units"], dtype=np.int64)}
    meta = {"eps": params["eps"], "delta": params["delta"], "seed": params["seed"],
            "campaign": "Pensia et al.'s construction on nested random networks (verify.tickets.montecarlo)"}
    for prefix, campaign, key in (("c", params, ""), ("h", _campaign(params, hard=True), "hard_")):
        configs = []
        for index, config in enumerate(campaign["configs"]):
            result = _run(config, campaign, store, progress=False)
            arrays[f"{prefix}{index}.m_star"] = result.m_star().astype(np.int16)
            configs.append({"dims": config["dims"], "layers": len(config["dims"]) - 1})
        meta.update({f"{key}configs": configs, f"{key}trials": campaign["trials"], f"{key}family": campaign["family"]})
    return {"tickets": Table("tickets", arrays, meta)}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, (left, right) = plt.subplots(1, 2, figsize=(11.5, 4.4))
    colors = sns.color_palette("colorblind", len(data["curves"]))
    markers = {1: "o", 2: "s", 3: "^"}
    for color, curve in zip(colors, data["curves"]):
        t = curve["table"]
        label = "×".join(map(str, curve["dims"]))
        left.plot(t["units"], t["p_success"], "-", marker=markers.get(curve["layers"], "o"), ms=3, color=color,
                  label=label)
        left.fill_between(t["units"], t["ci_low"], t["ci_high"], color=color, alpha=0.15, lw=0)
    left.axhline(1 - data["delta"], color="grey", lw=0.8, ls="--")
    left.set_xlabel("hidden units per input coordinate m (width m·d)")
    left.set_ylabel(f"P(every target certified at ε = {data['eps']:g} by width ≤ m)")
    left.set_title(f"nested networks, {data['trials']} draws per shape; dashed: 1 − δ")
    left.legend(fontsize="x-small", ncol=2)
    for layers in sorted({c["layers"] for c in data["curves"]}):
        points = [(c["log_term"], c["required_units"]) for c in data["curves"]
                  if c["layers"] == layers and c["required_units"] is not None]
        if not points:
            continue
        x, y = np.array(points, dtype=float).T
        right.plot(x, y, markers.get(layers, "o"), color="black", ms=5, label=f"l = {layers}")
        if len(x) >= 2:
            beta, alpha = np.polyfit(np.log(x), np.log(y), 1)
            xs = np.linspace(x.min(), x.max(), 20)
            right.plot(xs, np.exp(alpha) * xs ** beta, "-", color="black", lw=0.8, alpha=0.6)
            right.annotate(f"β = {beta:.2f}", (x[-1], y[-1]), fontsize="x-small", xytext=(4, -8),
                           textcoords="offset points")
    hard = [(c["log_term"], c["required_units"]) for c in data.get("hard_curves", [])
            if c["required_units"] is not None]
    if hard:
        x, y = np.array(hard, dtype=float).T
        right.plot(x, y, "D", color="tab:purple", ms=5, mfc="none",
                   label=f"l = 1, worst of {len(data['hard_family'])} targets per draw")
        if len(x) >= 2:
            beta, alpha = np.polyfit(np.log(x), np.log(y), 1)
            xs = np.linspace(x.min(), x.max(), 20)
            right.plot(xs, np.exp(alpha) * xs ** beta, "-", color="tab:purple", lw=0.8, alpha=0.6)
            right.annotate(f"β = {beta:.2f}", (x[-1], y[-1]), fontsize="x-small", xytext=(4, 4),
                           textcoords="offset points", color="tab:purple")
    if data["curves"]:
        xs = np.array(sorted({c["log_term"] for c in data["curves"]}))
        anchor = next((c for c in data["curves"] if c["required_units"] is not None), None)
        if anchor is not None:
            scale = anchor["required_units"] / anchor["log_term"]
            right.plot(xs, scale * xs, "--", color="tab:red", lw=1, label="β = 1 (Theorem 1's width)")
            right.plot(xs, np.full_like(xs, anchor["required_units"]), ":", color="tab:blue", lw=1,
                       label="β = 0 (width linear in d)")
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("log(d_{i−1} d_i l / min(ε, δ))")
    right.set_ylabel(f"required units m_δ, δ = {data['delta']:g}")
    right.set_title("required units per coordinate against Theorem 1's logarithm")
    right.legend(fontsize="x-small")
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {"eps": {"value": data["eps"], "description": "accuracy of the ticket runs"},
           "delta": {"value": data["delta"], "description": "failure probability of the required widths"},
           "trials": {"value": data["trials"], "description": "random network draws per target shape"}}
    square = [c for c in data["curves"] if c["layers"] == 1]
    if square:
        largest = square[-1]
        d = largest["dims"][0]
        width = None if largest["required_units"] is None else largest["required_units"] * d
        out["largest.d"] = {"value": d, "description": "the largest single-layer target width of the profile"}
        out["largest.width_sufficient"] = {"value": width, "description": "required hidden width there"}
        ratio_lower = ratio_malach = None
        if width is not None:
            from bounds import get

            ratio_lower = width / float(get("pensia2020.lower_width")(d=d, eps=data["eps"]))
            ratio_malach = width / float(get("malach2020.width")(d=d, l=1, eps=data["eps"], C=1.0))
        out["largest.ratio_to_lower_width"] = {"value": ratio_lower,
                                               "description": "that width over pensia2020.lower_width"}
        out["largest.ratio_to_malach_width"] = {"value": ratio_malach,
                                                "description": "that width over malach2020.width (C = 1)"}
    for curve in data["curves"]:
        key = "x".join(map(str, curve["dims"]))
        out[f"{key}.required_units"] = {"value": curve["required_units"],
                                        "description": f"required units per coordinate, target {key}"}
    out["hard.trials"] = {"value": data["hard_trials"], "description": "random network draws per shape, searched "
                                                                       "family"}
    out["hard.family"] = {"value": len(data["hard_family"]), "description": "targets every draw must serve at once "
                                                                            "in the searched family"}
    for curve in data["hard_curves"]:
        key = "x".join(map(str, curve["dims"]))
        out[f"hard.{key}.required_units"] = {"value": curve["required_units"], "description": "required units per "
                                             f"coordinate, target {key}, worst of the searched family"}
    return out
