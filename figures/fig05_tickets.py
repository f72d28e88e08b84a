"""Figure 5 — Pensia et al.'s construction against hidden width: success probability and sup error.

Left: probability that the construction's *certified* sup error is at most ε for a random target (one square layer
d × d, spectral norm 1) against the first hidden width, for several d, with exact Clopper–Pearson bands; hidden
widths are the catalog's ``pensia2020.width`` on a grid of the unspecified constant C, and the smallest width
certified to reach 1 − δ is marked.  Right: median certified and empirical sup error against the same widths.
"""

from __future__ import annotations

import numpy as np

NAME = "tickets_width"
TITLE = "Pensia tickets: success probability and sup error against hidden width"
VERSION = 3
# One grid of C per target width d, kept where blocks stay under the exact solver's 40 units (about 30 per sign).
PROFILES = {
    "mini": {"targets": [{"d": 3, "constants": [1, 3, 6]}], "eps": 0.05, "delta": 0.2, "trials": 6, "empirical": 2},
    "quick": {"targets": [{"d": 4, "constants": [1, 2, 3, 4, 5, 6, 7]},
                          {"d": 8, "constants": [1, 2, 3, 4, 5, 6]}],
              "eps": 0.01, "delta": 0.1, "trials": 60, "empirical": 6},
    "full": {"targets": [{"d": 4, "constants": [1, 2, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8]},
                         {"d": 8, "constants": [1, 2, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5]},
                         {"d": 16, "constants": [1, 2, 3, 3.5, 4, 4.5, 5, 5.5]}],
             "eps": 0.01, "delta": 0.05, "trials": 300, "empirical": 20},
}


def compute(params: dict, store, progress: bool = True) -> dict:
    from figures.runner import keyed_store
    from verify.tickets.montecarlo import success_curve

    curves = []
    for target in params["targets"]:
        dims = [target["d"], target["d"]]
        curve = success_curve(dims, eps=params["eps"], delta=params["delta"], constants=target["constants"],
                              trials=params["trials"], seed=0, empirical_trials=params["empirical"],
                              out=keyed_store(store, "tickets", "x".join(map(str, dims)),
                                              identity={"target": target, "eps": params["eps"],
                                                        "delta": params["delta"], "trials": params["trials"],
                                                        "empirical": params["empirical"]}),
                              progress=progress)
        table = curve.table()
        curves.append({"dims": dims, "table": table.to_dict(orient="list"), "required": curve.required()})
    return {"eps": params["eps"], "delta": params["delta"], "trials": params["trials"], "curves": curves}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    colors = sns.color_palette("colorblind", len(data["curves"]))
    for color, curve in zip(colors, data["curves"]):
        t = curve["table"]
        width = np.array(t["first_hidden_width"], dtype=float)
        label = f"d = {curve['dims'][0]}"
        left.plot(width, t["p_success"], "o-", color=color, label=label)
        left.fill_between(width, t["ci_low"], t["ci_high"], color=color, alpha=0.2, lw=0)
        required = curve["required"]
        if required["widths_sufficient"]:
            left.axvline(required["widths_sufficient"][0], color=color, ls=":", lw=1)
        paired = [np.nan if v is None else v for v in t["median_certified_paired"]]
        right.plot(width, paired, "o-", color=color, label=f"{label}, certified")
        empirical = [np.nan if v is None else v for v in t["median_empirical"]]
        right.plot(width, empirical, "s--", color=color, alpha=0.7, label=f"{label}, empirical")
    left.axhline(1 - data["delta"], color="grey", lw=0.8, ls="--")
    left.set_xlabel("hidden width (pensia2020.width on a grid of C)")
    left.set_ylabel(f"P(certified sup error ≤ ε = {data['eps']:g})")
    left.set_title(f"success probability, {data['trials']} random draws per point\n"
                   f"dotted: smallest width certified to reach 1 − δ = {1 - data['delta']:g}")
    left.legend(fontsize="small")
    right.axhline(data["eps"], color="black", lw=0.8, ls="--")
    right.set_yscale("log")
    right.set_xlabel("hidden width")
    right.set_ylabel("median sup error on the unit ball")
    right.set_title("median over the trials with an empirical search:\ncertified bound and empirical maximum")
    right.legend(fontsize="x-small")
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {"eps": {"value": data["eps"], "description": "accuracy of the ticket curves"},
           "delta": {"value": data["delta"], "description": "failure probability of the ticket curves"},
           "trials": {"value": data["trials"], "description": "random draws per width"}}
    for index, curve in enumerate(data["curves"]):
        d = curve["dims"][0]
        r = curve["required"]
        if index == len(data["curves"]) - 1:  # the largest target of the profile, under a stable name
            out["largest.d"] = {"value": d, "description": "the largest target width of the profile"}
            out["largest.width_sufficient"] = {"value": r["widths_sufficient"][0] if r["widths_sufficient"] else None,
                                               "description": "smallest width certified to reach 1 - delta there"}
            out["largest.ratio_to_lower_width"] = {"value": r.get("ratio_to_lower_width"),
                                                   "description": "that width over pensia2020.lower_width"}
            out["largest.ratio_to_malach_width"] = {"value": r.get("ratio_to_malach_width"),
                                                    "description": "that width over malach2020.width (C = 1)"}
        out[f"d{d}.c_sufficient"] = {"value": r["c_sufficient"],
                                     "description": f"smallest grid C certified to reach 1 - delta, d = {d}"}
        out[f"d{d}.width_sufficient"] = {"value": r["widths_sufficient"][0] if r["widths_sufficient"] else None,
                                         "description": f"hidden width at that C, d = {d}"}
        out[f"d{d}.c_insufficient"] = {"value": r["c_insufficient"],
                                       "description": f"largest grid C certified to fall short, d = {d}"}
        out[f"d{d}.ratio_to_lower_width"] = {"value": r.get("ratio_to_lower_width"),
                                             "description": f"sufficient width over pensia2020.lower_width, d = {d}"}
        out[f"d{d}.ratio_to_malach_width"] = {"value": r.get("ratio_to_malach_width"),
                                              "description": f"sufficient width over malach2020.width (C = 1), "
                                                             f"d = {d}"}
    return out
