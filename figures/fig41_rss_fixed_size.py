"""Figure 41 — fixed-size subsets (Natale et al. 2024): the samples needed when only sums of exactly k count.

Per subset size k and accuracy ε, from every path's exact first covering prefix n* of [−√k, √k] and every target's
first hit (9 evenly spaced targets): left, the median n*, the count n_ε at which all of [−√k, √k] is covered with
frequency ≥ 1 − ε (Corollary 1's probability) and the count n_hit at which every target is hit with frequency ≥ ½
(Theorem 2's event), against log2(k/ε), with the counting floor C(n, k)·2ε ≥ 2√k; right, n·H2(k/n) against
log2(k/ε) on log–log axes, where Natale et al.'s form is a line of slope 1 (Theorem 2) or 2 (Corollary 1).  The
paper's own thresholds need its unspecified constants; they are drawn with c_hyp = c_amp = 1 (dotted), to show their
shape only.
"""

from __future__ import annotations

import math

import numpy as np

from figures import rss_family_campaign as campaign
from figures import rss_family_panels as panels

NAME = "rss_fixed_size"
TITLE = "Fixed-size subset sums: samples needed for sums of exactly k samples"
VERSION = 1
PROFILES = {name: {"campaign": campaign.FIXED[name], "delta": 0.05, "level": 0.5} for name in campaign.FIXED}


def _paper_thresholds(k: int, eps: float) -> dict:
    from bounds import get

    out = {"fixed_target": float(get("natale2024.rfss_fixed_target")(k=k, eps=eps, c_hyp=1.0)),
           "all_targets": float(get("natale2024.rfss_all_targets")(k=k, eps=eps, c_amp=1.0)),
           "counting": math.ceil(float(get("counting.rss_fixed_size")(k=k, eps=eps)) - 1e-9)}
    out["lower_sparse"] = float(get("natale2024.lower_sparse")(d=1, k=k, eps=eps)) if eps < 1 / 16 else None
    return out


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify.claims.rss_family import fixed_target_count, quantile_count

    rows = []
    for size in params["campaign"]["sizes"]:
        k = size["k"]
        result = campaign.run_fixed(size, params["campaign"], store, progress)
        for eps in campaign.eps_between(size["eps_min"]):
            n_star = result.n_star(eps)
            targets = result.target_n_star(eps)
            rows.append({"k": k, "eps": eps, "n_max": result.n_max, "median": float(np.median(n_star)),
                         "n_delta": int(quantile_count(n_star, 1 - params["delta"])),
                         "n_eps": int(quantile_count(n_star, 1 - eps)),
                         "n_hit": int(fixed_target_count(targets[:, :, None], params["level"])[0]),
                         "floor": result.counting_floor(eps), **_paper_thresholds(k, eps)})
    return {"delta": params["delta"], "level": params["level"], "trials": params["campaign"]["trials"],
            "targets": params["campaign"]["targets"], "rows": rows}


def tables(params: dict, store) -> dict:
    """The ``rss_fixed_size`` result table (:mod:`verify.claims.rss_family`)."""
    from verify.tables import Table

    arrays, sizes = {}, []
    relative = None
    for size in params["campaign"]["sizes"]:
        k = size["k"]
        sizes.append(k)
        result = campaign.run_fixed(size, params["campaign"], store, progress=False)
        grid = campaign.eps_between(size["eps_min"])
        arrays[f"k{k}.eps"] = np.array(grid, dtype=np.float64)
        arrays[f"k{k}.n_star"] = np.stack([result.n_star(e) for e in grid], axis=1).astype(np.int16)
        arrays[f"k{k}.target_n_star"] = np.stack([result.target_n_star(e) for e in grid], axis=2).astype(np.int16)
        arrays[f"k{k}.n_max"] = np.array(result.n_max, dtype=np.int64)
        relative = (np.array(result.targets) / math.sqrt(k)).round(12).tolist()
    meta = {"subset_sizes": sizes, "targets_relative": relative, "trials": params["campaign"]["trials"],
            "seed": params["campaign"]["seed"], "law": "uniform",
            "campaign": "fixed-size subset sum coverage of [-sqrt(k), sqrt(k)] (figures/rss_family_campaign.py)"}
    return {"rss_fixed_size": Table("rss_fixed_size", arrays, meta)}


def draw(data: dict, params: dict):
    from verify.claims.rss_family import h2

    figure, (left, right) = panels.two_panels()
    for k, color, rows in panels.groups(data["rows"], "k"):
        x = np.array([math.log2(k / r["eps"]) for r in rows])
        left.plot(x, [r["median"] for r in rows], "o-", color=color, ms=3, label=f"k = {k}: median n*")
        left.plot(x, [r["n_eps"] for r in rows], "s--", color=color, ms=3, lw=1, alpha=0.8)
        left.plot(x, [r["n_hit"] for r in rows], "^:", color=color, ms=3, lw=1)
        left.plot(x, [r["floor"] for r in rows], "-", color=color, lw=0.8, alpha=0.5)
        left.plot(x, [r["fixed_target"] for r in rows], ":", color=color, lw=0.8, alpha=0.6)
        for key, marker in (("median", "o"), ("n_hit", "^")):
            n = np.array([r[key] for r in rows], dtype=float)
            right.plot(x, n * h2(k / n), marker + "-", color=color, ms=3, lw=1,
                       label=f"k = {k}" if key == "median" else None)
    xs = np.linspace(1.5, max(math.log2(r["k"] / r["eps"]) for r in data["rows"]), 50)
    for power, style in ((1, "--"), (2, ":")):
        right.plot(xs, xs ** power * (4.0 / 4.0 ** power), style, color="black", lw=0.8,
                   label=f"slope {power} (log2^{power})")
    left.set_yscale("log")
    panels.label(left, "log2(k/ε)", "samples n", "median n* (o), n_ε: all targets w.p. 1 − ε (s), n_hit: each target "
                 "w.p. ½ (^);\nthin: counting floor; dotted: Theorem 2's n with c_hyp = 1", ncol=2)
    right.set_xscale("log")
    right.set_yscale("log")
    panels.label(right, "log2(k/ε)", "n·H2(k/n)", "the entropy form: o median n*, ^ n_hit")
    return panels.finish(figure, TITLE)


def facts(data: dict, params: dict) -> dict:
    from verify.claims.rss_family import h2, loglog_slope

    out = {"trials": {"value": data["trials"], "description": "sample paths per subset size"},
           "targets": {"value": data["targets"], "description": "targets of the fixed-target event per size"}}
    rows = data["rows"]
    x = np.array([math.log2(r["k"] / r["eps"]) for r in rows])
    for key in ("median", "n_hit", "n_eps"):
        n = np.array([r[key] for r in rows], dtype=float)
        censored = any(r[key] > r["n_max"] for r in rows)
        out[f"{key}_entropy_slope"] = {"value": None if censored else loglog_slope(x, n * h2(np.array(
            [r["k"] for r in rows]) / n)), "description": f"log-log slope of {key}·H2(k/n) against log2(k/eps)"}
    for r in rows:
        tag = f"k{r['k']}_eps{r['eps']:g}"
        out[f"{tag}.median"] = {"value": r["median"], "description": f"median n* at k = {r['k']}, eps = {r['eps']:g}"}
        out[f"{tag}.floor"] = {"value": r["floor"], "description": f"counting floor at k = {r['k']}, eps = "
                                                                   f"{r['eps']:g}"}
    return out
