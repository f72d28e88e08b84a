"""Figure 42 — vectors (Becchetti et al. 2022): the samples needed to cover [−1, 1]^d in the max norm, d = 1, 2, 3.

Per dimension and accuracy, every path's first covering prefix n* is known exactly (d ≤ 2) or certified in a bracket
(d = 3, exact on the paths where the outer and inner grid tests meet; a path that would need more partial sums than
the capacity is left unresolved and counted as not covered).  Shown: the median and the required count n_δ against
the counting floor d·log2(1/ε), and the implied constant n_δ / (d³·ln(1/ε)·(ln(1/ε) + ln d)) of Becchetti et al.'s
order (their abstract's; no constant is given).
"""

from __future__ import annotations

import numpy as np

from figures import rss_family_campaign as campaign
from figures import rss_family_panels as panels

NAME = "rss_multidim"
TITLE = "Vectors: samples needed to cover [−1, 1]^d in the max norm"
VERSION = 1
PROFILES = {name: {"campaign": campaign.CUBE[name], "delta": 0.25} for name in campaign.CUBE}


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.claims.rss_family import becchetti_form, cube_floor, quantile_count

    rows = []
    for dim in params["campaign"]["dims"]:
        result = campaign.run_cube(dim, params["campaign"], store, progress)
        for eps in dim["eps"]:
            lower, upper = result.n_star_bracket(eps)
            rows.append({"d": dim["d"], "eps": eps, "n_max": dim["n_max"], "trials": dim["trials"],
                         "median_lower": float(np.median(lower)), "median_upper": float(np.median(upper)),
                         "n_delta_lower": int(quantile_count(lower, 1 - params["delta"])),
                         "n_delta_upper": int(quantile_count(upper, 1 - params["delta"])),
                         "exact_fraction": result.exact_fraction(eps),
                         "unresolved": result.unresolved_fraction(),
                         "floor": float(cube_floor(dim["d"], eps)), "form": float(becchetti_form(dim["d"], eps))})
    return {"delta": params["delta"], "rows": rows}


def tables(params: dict, store) -> dict:
    """The ``rss_multidim`` result table (:mod:`verify.claims.rss_family`)."""
    from verify.tables import Table

    arrays, dims = {}, []
    for dim in params["campaign"]["dims"]:
        d = dim["d"]
        dims.append(d)
        result = campaign.run_cube(dim, params["campaign"], store, progress=False)
        arrays[f"d{d}.eps"] = np.array(dim["eps"], dtype=np.float64)
        order = [result.eps.index(e) for e in dim["eps"]]
        arrays[f"d{d}.n_lower"] = result.n_lower[:, order].astype(np.int16)
        arrays[f"d{d}.n_upper"] = result.n_upper[:, order].astype(np.int16)
        arrays[f"d{d}.n_max"] = np.array(dim["n_max"], dtype=np.int64)
    meta = {"dims": dims, "seed": params["campaign"]["seed"], "law": "uniform coordinates",
            "norm": "max", "resolution": params["campaign"]["resolution"], "capacity": params["campaign"]["capacity"],
            "campaign": "cube coverage by subset sums of vectors (figures/rss_family_campaign.py)"}
    return {"rss_multidim": Table("rss_multidim", arrays, meta)}


def draw(data: dict, params: dict):
    figure, (left, right) = panels.two_panels()
    for d, color, rows in panels.groups(data["rows"], "d"):
        floor = np.array([r["floor"] for r in rows])
        left.plot(floor, [r["median_upper"] for r in rows], "o-", color=color, ms=3, label=f"d = {d}: median n*")
        left.vlines(floor, [r["n_delta_lower"] for r in rows], [r["n_delta_upper"] for r in rows], color=color,
                    lw=3, alpha=0.5)
        left.plot(floor, [r["n_delta_upper"] for r in rows], "s--", color=color, ms=3, lw=1,
                  label=f"d = {d}: n_δ (δ = {data['delta']:g}), bracket bars")
        right.plot([r["form"] for r in rows], np.array([r["n_delta_upper"] for r in rows]) /
                   np.array([r["form"] for r in rows]), "o-", color=color, ms=3, label=f"d = {d}")
    top = max(r["floor"] for r in data["rows"])
    left.plot([0, top], [0, top], "k:", lw=1, label="counting floor d·log2(1/ε)")
    panels.label(left, "counting floor d·log2(1/ε)", "samples", "exact in d ≤ 2; d = 3: certified brackets")
    right.set_xscale("log")
    right.set_yscale("log")
    panels.label(right, "d³·ln(1/ε)·(ln(1/ε) + ln d)", "implied constant n_δ / form",
                 "Becchetti et al.'s order (abstract): the implied constant")
    return panels.finish(figure, TITLE)


def facts(data: dict, params: dict) -> dict:
    out = {"delta": {"value": data["delta"], "description": "failure probability of the required counts"}}
    for r in data["rows"]:
        tag = f"d{r['d']}_eps{r['eps']:g}"
        out[f"{tag}.median"] = {"value": r["median_upper"], "description": f"median n* (upper end) at {tag}"}
        out[f"{tag}.exact"] = {"value": r["exact_fraction"], "description": f"fraction of exact brackets at {tag}"}
        out[f"d{r['d']}.trials"] = {"value": r["trials"], "description": f"paths in dimension {r['d']}"}
    return out
