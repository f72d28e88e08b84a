"""Figure 3 — the worst error ε*_n = sup_{z∈[−1,1]} min_S |z − Σ_S| against n, per law (log scale).

Median and 10–90 % band over sample paths, where resolved exactly (between the campaign's smallest ε and 1).  The
exponential decay rate r (ε*_n ≈ 2^{−r n}) is fitted on the tail of the median (median ≤ 1e-2).  The counting floor
ε*_n ≥ (L/2)·2^{−n} caps the long-run rate at 1 for every law; a fit over a finite window may exceed it when a law
starts slowly and then catches up.
"""

from __future__ import annotations

import numpy as np

from figures import rss_campaign

NAME = "rss_worst_error_decay"
TITLE = "Worst error of random subset sum against n"
VERSION = 2
PROFILES = {profile: {"campaign": campaign} for profile, campaign in rss_campaign.PROFILES.items()}


def compute(params: dict, store, progress: bool = True) -> dict:
    eps_min = params["campaign"]["eps_min"]
    laws = []
    for law in params["campaign"]["n_max"]:
        result = rss_campaign.run(law, params["campaign"], store, progress)
        worst = result.worst_error  # floored at eps_min, inf above 1
        quantiles = np.quantile(worst, [0.1, 0.5, 0.9], axis=0)
        resolved = (quantiles > eps_min * (1 + 1e-9)) & np.isfinite(quantiles)
        n = np.arange(1, result.n_max + 1)
        median_ok = resolved[1] & (quantiles[1] <= 1e-2)
        rate = None
        if median_ok.sum() >= 3:
            slope, _ = np.polyfit(n[median_ok], np.log2(quantiles[1][median_ok]), 1)
            rate = float(-slope)
        laws.append({"law": law, "n": n.tolist(),
                     "q10": [float(v) if ok else None for v, ok in zip(quantiles[0], resolved[0])],
                     "median": [float(v) if ok else None for v, ok in zip(quantiles[1], resolved[1])],
                     "q90": [float(v) if ok else None for v, ok in zip(quantiles[2], resolved[2])],
                     "rate": rate, "trials": result.trials})
    return {"eps_min": eps_min, "laws": laws}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, ax = plt.subplots(figsize=(6.4, 4.2))
    colors = sns.color_palette("colorblind", len(data["laws"]))
    for color, law in zip(colors, data["laws"]):
        n = np.array(law["n"], dtype=float)
        median = np.array([np.nan if v is None else v for v in law["median"]])
        low = np.array([np.nan if v is None else v for v in law["q10"]])
        high = np.array([np.nan if v is None else v for v in law["q90"]])
        label = law["law"] + (f"  (local slope r = {law['rate']:.2f})" if law["rate"] is not None else "")
        ax.plot(n, median, color=color, lw=1.6, label=label)
        ax.fill_between(n, low, high, color=color, alpha=0.2, lw=0)
    ax.set_yscale("log")
    ax.axhline(data["eps_min"], color="grey", lw=0.8, ls=":")
    ax.set_xlabel("number of samples n")
    ax.set_ylabel("worst error ε*_n on [−1, 1]")
    ax.set_title(f"{TITLE}\nmedian and 10–90 % band; local slope r: −log2 ε* per sample, fitted where the median "
                 "≤ 1e-2\n(a finite-window fit, not the long-run rate, which the counting floor caps at 1)",
                 fontsize="small")
    ax.legend(fontsize="x-small")
    return figure


def facts(data: dict, params: dict) -> dict:
    return {f"{law['law']}.decay_rate": {"value": law["rate"],
                                         "description": f"fitted decay rate r of the median worst error, "
                                                        f"ε*_n ≈ 2^(−r n), {law['law']}"}
            for law in data["laws"]}
