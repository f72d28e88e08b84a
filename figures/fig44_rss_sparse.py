"""Figure 44 — sparse sources (Gadhikar et al. 2023): every sample kept with probability p, replaced by 0 otherwise.

The masks are nested (one uniform per sample decides it at every p) and the kept values are the same numbers, so
the curves share their paths.  Shown: the required count n_δ(ε; p) relative to the dense source, against the
catalog's width factor 1/ln(1/(1 − p)) (``gadhikar2023.random_mask_width``, an abstract-level reading) and against
1/p, on log–log axes, one curve per accuracy.
"""

from __future__ import annotations

import numpy as np

from figures import rss_family_campaign as campaign
from figures import rss_family_panels as panels

NAME = "rss_sparse"
TITLE = "Sparse sources: samples needed when each is kept with probability p"
VERSION = 1
PROFILES = {name: {"campaign": campaign.SPARSE[name], "delta": 0.01} for name in campaign.SPARSE}


def _eps(params: dict) -> list[float]:
    return [e for e in (1e-1, 1e-2, 1e-3) if e >= params["campaign"]["eps_min"] * (1 - 1e-9)]


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.claims.rss_family import mask_factor, quantile_count

    rows = []
    for keep in params["campaign"]["keep"]:
        result = campaign.run_sparse(keep, params["campaign"], store, progress)
        for eps in _eps(params):
            n_star = result.n_star(eps)
            rows.append({"keep": keep, "eps": eps, "n_max": result.n_max, "median": float(np.median(n_star)),
                         "n_delta": int(quantile_count(n_star, 1 - params["delta"])),
                         "factor": float(mask_factor(keep)) if keep < 1 else None})
    return {"delta": params["delta"], "trials": params["campaign"]["trials"], "rows": rows}


def tables(params: dict, store) -> dict:
    """The ``rss_sparse`` result table (:mod:`verify.claims.rss_family`)."""
    from verify.tables import Table

    eps = _eps(params)
    n_star, n_max = [], []
    for keep in params["campaign"]["keep"]:
        result = campaign.run_sparse(keep, params["campaign"], store, progress=False)
        n_star.append(np.stack([result.n_star(e) for e in eps], axis=1))
        n_max.append(result.n_max)
    arrays = {"keep": np.array(params["campaign"]["keep"], dtype=np.float64), "eps": np.array(eps),
              "n_star": np.stack(n_star, axis=1).astype(np.int16), "n_max": np.array(n_max, dtype=np.int64)}
    meta = {"trials": params["campaign"]["trials"], "seed": params["campaign"]["seed"], "law": "uniform",
            "campaign": "coverage of [-1, 1] by subset sums of a source with nested keep masks"}
    return {"rss_sparse": Table("rss_sparse", arrays, meta)}


def draw(data: dict, params: dict):
    import seaborn as sns

    figure, (left, right) = panels.two_panels()
    accuracies = sorted({r["eps"] for r in data["rows"]}, reverse=True)
    colors = sns.color_palette("colorblind", len(accuracies))
    for color, eps in zip(colors, accuracies):
        rows = sorted((r for r in data["rows"] if r["eps"] == eps), key=lambda r: r["keep"])
        dense = next(r for r in rows if r["keep"] == 1.0)["n_delta"]
        sparse = [r for r in rows if r["keep"] < 1.0]
        ratio = np.array([r["n_delta"] for r in sparse]) / dense
        left.plot([r["factor"] for r in sparse], ratio, "o-", color=color, ms=3, label=f"ε = {eps:g}")
        right.plot([1 / r["keep"] for r in sparse], ratio, "o-", color=color, ms=3, label=f"ε = {eps:g}")
    for ax, label in ((left, "1/ln(1/(1 − p))"), (right, "1/p")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        low, high = ax.get_xlim()
        ax.plot([low, high], [low, high], "k:", lw=0.8, label="proportional")
        ax.set_xlabel(label)
        ax.set_ylabel(f"n_δ(p) / n_δ(1), δ = {data['delta']:g}")
        ax.legend(fontsize="x-small")
    left.set_title("against the catalog's width factor", fontsize="small")
    right.set_title("against the thinning factor 1/p", fontsize="small")
    return panels.finish(figure, TITLE)


def facts(data: dict, params: dict) -> dict:
    out = {"trials": {"value": data["trials"], "description": "paths per keep probability"},
           "delta": {"value": data["delta"], "description": "failure probability of the required counts"}}
    for r in data["rows"]:
        out[f"p{r['keep']:g}_eps{r['eps']:g}.n_delta"] = {"value": r["n_delta"],
                                                           "description": f"n_delta at p = {r['keep']:g}, "
                                                                          f"eps = {r['eps']:g}"}
    return out
