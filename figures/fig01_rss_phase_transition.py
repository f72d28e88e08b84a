"""Figure 1 — the phase transition of random subset sum.

P_n(ε) = Pr(every z ∈ [−1, 1] is within ε of a subset sum of X_1..X_n), X_i ~ U[−1, 1], against n for
ε = 1e-1 … ε_min, with exact Clopper–Pearson bands (95 %, pointwise) and the counting floor log2(1/ε) (no sample of
any law can cover before it) as dotted lines.  Lueker (1998), as used by Pensia et al. (Lemma 1), says n = O(log 1/ε)
suffices; the figure shows how sharp the transition is and how far above the floor it sits.
"""

from __future__ import annotations

import numpy as np

from figures import rss_campaign

NAME = "rss_phase_transition"
TITLE = "Phase transition of random subset sum (uniform law)"
VERSION = 1
PROFILES = {profile: {"campaign": campaign, "law": "uniform"} for profile, campaign in rss_campaign.PROFILES.items()}


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify import stats

    result = rss_campaign.run(params["law"], params["campaign"], store, progress)
    curves = []
    for eps in rss_campaign.eps_grid(params["campaign"]["eps_min"]):
        counts = result.covered_counts(eps)
        low, high = stats.clopper_pearson(counts, result.trials, 0.95)
        n_star = result.n_star(eps)
        curves.append({"eps": eps, "n": list(range(1, result.n_max + 1)), "p": (counts / result.trials).tolist(),
                       "ci_low": low.tolist(), "ci_high": high.tolist(), "floor": result.counting_floor(eps),
                       "median_n_star": float(np.median(n_star)), "trials": result.trials})
    return {"law": params["law"], "trials": result.trials, "n_max": result.n_max, "curves": curves}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, ax = plt.subplots(figsize=(6.4, 4.0))
    colors = sns.color_palette("viridis", len(data["curves"]))
    for color, curve in zip(colors, data["curves"]):
        n = np.array(curve["n"])
        ax.plot(n, curve["p"], color=color, lw=1.6, label=f"ε = {curve['eps']:.0e}")
        ax.fill_between(n, curve["ci_low"], curve["ci_high"], color=color, alpha=0.25, lw=0)
        ax.axvline(curve["floor"], color=color, ls=":", lw=1)
    ax.set_xlabel("number of samples n")
    ax.set_ylabel("P_n(ε): all of [−1, 1] covered")
    ax.set_title(f"{TITLE}\n{data['trials']} paths per ε, 95 % Clopper–Pearson bands; dotted: floor log2(1/ε)")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(loc="lower right", fontsize="small", ncol=2)
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {}
    for curve in data["curves"]:
        key = f"eps_{curve['eps']:.0e}"
        out[f"{key}.median_n_star"] = {"value": curve["median_n_star"],
                                       "description": f"median first covering prefix n* at ε = {curve['eps']:.0e}, "
                                                      "uniform law"}
        out[f"{key}.median_minus_floor"] = {"value": curve["median_n_star"] - curve["floor"],
                                            "description": f"median n* minus the counting floor log2(1/ε) at "
                                                           f"ε = {curve['eps']:.0e}"}
    out["trials"] = {"value": data["trials"], "description": "sample paths per ε"}
    return out
