"""Figure 2 — required samples n_δ(ε) against log2(1/ε), for every law.

n_δ(ε) = min{n : P_n(ε) ≥ 1 − δ} is shown as its simultaneous 95 % bracket (bars) with the bracket midpoints fitted by
n ≈ a·log2(1/ε) + b·log2 log2(1/ε) + c (the theory only says a ≥ 1; Lueker: a finite).  Reference lines: the counting
floor log2(1/ε) (bounds id ``counting.rss_samples``) and Pensia et al.'s rule of thumb n = 3·round(log2(1/ε)) from
their Experiment 1 code.
"""

from __future__ import annotations

import math

import numpy as np

from figures import rss_campaign

NAME = "rss_required_samples"
TITLE = "Required samples n_δ(ε) for every law"
VERSION = 1  # drawing-only changes do not bump it
PROFILES = {
    "mini": {"campaign": rss_campaign.PROFILES["mini"], "delta": 0.2},
    "quick": {"campaign": rss_campaign.PROFILES["quick"], "delta": 0.05},
    "full": {"campaign": rss_campaign.PROFILES["full"], "delta": 0.01},
}


def pensia_rule(eps: float) -> int:
    """n = 3·round(log2(1/ε)), the coefficient count of Pensia et al.'s Experiment 1 code [code]."""
    return 3 * round(math.log2(1 / eps))


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.stats import fit_required_counts

    laws = []
    grid = rss_campaign.eps_grid(params["campaign"]["eps_min"])
    for law in params["campaign"]["n_max"]:
        result = rss_campaign.run(law, params["campaign"], store, progress)
        points = []
        for eps in grid:
            bracket = result.required(eps, delta=params["delta"])
            points.append({"eps": eps, "lo": bracket.lo, "hi": bracket.hi, "floor": result.counting_floor(eps),
                           "rule": pensia_rule(eps), "mean_n_star": float(result.n_star(eps).mean())})
        complete = [p for p in points if p["lo"] is not None and p["hi"] is not None]
        fit = None
        if len(complete) >= 2:
            f = fit_required_counts([p["eps"] for p in complete], [(p["lo"] + p["hi"]) / 2 for p in complete])
            fit = {"a": f.a, "b": f.b, "c": f.c, "points": f.points}
        laws.append({"law": law, "n_max": result.n_max, "trials": result.trials, "points": points, "fit": fit})
    return {"delta": params["delta"], "laws": laws}


def tables(params: dict, store) -> dict:
    """The ``rss`` result table: per law, the first covering prefix n* of every sample path at every accuracy of the
    grid (:mod:`verify.claims.rss`)."""
    from verify.tables import Table

    grid = rss_campaign.eps_grid(params["campaign"]["eps_min"])
    arrays = {"eps": np.array(grid, dtype=np.float64)}
    laws = list(params["campaign"]["n_max"])
    for law in laws:
        result = rss_campaign.run(law, params["campaign"], store, progress=False)
        arrays[f"{law}.n_star"] = np.stack([result.n_star(e) for e in grid], axis=1).astype(np.int16)
        arrays[f"{law}.n_max"] = np.array(result.n_max, dtype=np.int64)
    meta = {"laws": laws, "trials": params["campaign"]["trials"], "seed": params["campaign"]["seed"],
            "interval": [-1.0, 1.0], "campaign": "random subset sum coverage (figures/rss_campaign.py)"}
    return {"rss": Table("rss", arrays, meta)}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    from verify.stats import LogFit

    figure, ax = plt.subplots(figsize=(6.8, 4.4))
    colors = sns.color_palette("colorblind", len(data["laws"]))
    x_all = sorted({math.log2(1 / p["eps"]) for law in data["laws"] for p in law["points"]})
    xs = np.linspace(min(x_all), max(x_all), 100)
    for offset, (color, law) in enumerate(zip(colors, data["laws"])):
        shift = (offset - len(data["laws"]) / 2) * 0.06
        for p in law["points"]:
            x = math.log2(1 / p["eps"]) + shift
            if p["lo"] is None:
                continue
            top = p["hi"] if p["hi"] is not None else law["n_max"]
            ax.plot([x, x], [p["lo"], top], color=color, lw=2.2, alpha=0.9, ls="-" if p["hi"] else ":")
        label = law["law"]
        if law["fit"]:
            fit = LogFit(law["fit"]["a"], law["fit"]["b"], law["fit"]["c"], law["fit"]["points"])
            ax.plot(xs, fit(2.0 ** -xs), color=color, lw=1, alpha=0.8)
            label += f"  (fit: a = {law['fit']['a']:.2f})"
        ax.plot([], [], color=color, lw=2.2, label=label)
    ax.plot(xs, xs, color="black", ls="--", lw=1, label="counting floor log2(1/ε)")
    rule_x = np.array(x_all)
    ax.step(rule_x, [3 * round(x) for x in rule_x], where="mid", color="grey", lw=1, ls="-.",
            label="Pensia's rule 3·round(log2(1/ε))")
    ax.set_xlabel("log2(1/ε)")
    ax.set_ylabel(f"n_δ(ε), δ = {data['delta']:g}")
    ax.set_title(f"{TITLE}\nbars: simultaneous 95 % brackets (dotted: beyond n_max); lines: three-term fits\n"
                 "n ≈ a·log2(1/ε) + b·log2 log2(1/ε) + c; a = the coefficient of log2(1/ε) (the theory: a ≥ 1)",
                 fontsize="small")
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {"delta": {"value": data["delta"], "description": "failure probability δ of the required counts"}}
    for law in data["laws"]:
        out[f"{law['law']}.slope"] = {"value": law["fit"]["a"] if law["fit"] else None,
                                      "description": f"coefficient a of the fit a·log2(1/ε) + b·log2(log2(1/ε)) + c "
                                                     f"of n_δ(ε), {law['law']}"}
        complete = [p for p in law["points"] if p["lo"] is not None and p["hi"] is not None]
        plain = None
        if len(complete) >= 2:
            x = np.log2(1.0 / np.array([p["eps"] for p in complete]))
            y = np.array([(p["lo"] + p["hi"]) / 2 for p in complete])
            plain = float(np.polyfit(x, y, 1)[0])
        out[f"{law['law']}.plain_slope"] = {"value": plain,
                                            "description": f"least-squares slope of the bracket midpoints of "
                                                           f"n_δ(ε) against log2(1/ε), {law['law']}"}
        floors_respected = all(p["lo"] is None or p["lo"] >= math.floor(p["floor"]) for p in law["points"])
        out[f"{law['law']}.floor_respected"] = {"value": floors_respected,
                                                "description": f"every bracket lies at or above the counting floor "
                                                               f"({law['law']})"}
    return out
