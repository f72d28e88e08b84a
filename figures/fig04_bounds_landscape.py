"""Figure 4 — the bounds landscape: required width of the random network against d, l and ε.

Every curve is a catalog bound evaluated by :mod:`bounds` (never a formula typed here):
``pensia2020.width`` [recalled] with C = 1 and with the empirical C that the ticket experiment implies (figure 5),
``malach2020.width`` [recalled] with C = 1, ``orseau2020.neurons_per_weight`` read as a width d·(neurons per weight)
with C_depth = 1, ``natale2024.sparse_width`` at ticket density γ = 0.25 (ρ = 1) with c_hyp = c_thm = 1, and the
depth-2 lower bound ``pensia2020.lower_width`` (only defined for depth 2: drawn flat against l).  Unspecified constants
are set to 1 only to draw a shape; the legend says so.
"""

from __future__ import annotations

import numpy as np

NAME = "bounds_landscape"
TITLE = "Required width of the random network: the bounds landscape"
VERSION = 2
BASE = {"d": 100.0, "l": 2.0, "eps": 0.01}


def _tickets_params(profile_name):
    from figures import fig05_tickets

    return fig05_tickets.PROFILES[profile_name]


PROFILES = {name: {"base": BASE, "tickets": _tickets_params(name), "points": points}
            for name, points in (("mini", 12), ("quick", 40), ("full", 80))}


def _curves(d, l, eps, empirical_c):
    """Every bound's width at (d, l, eps) arrays (δ = ε)."""
    from bounds import get

    d, l, eps = np.broadcast_arrays(np.asarray(d, float), np.asarray(l, float), np.asarray(eps, float))
    pensia = get("pensia2020.width")
    curves = {
        "pensia2020.width (C = 1)": pensia(d_in=d, d_out=d, l=l, eps=eps, delta=eps, C=1.0),
        "malach2020.width (C = 1)": get("malach2020.width")(d=d, l=l, eps=eps, C=1.0),
        "orseau2020: d × neurons per weight (C_depth = 1)": d * get("orseau2020.neurons_per_weight")(
            d=d, eps=eps, delta=eps, C_depth=1.0),
        "pensia2020.lower_width (depth 2)": get("pensia2020.lower_width")(d=d, eps=eps),
    }
    natale = get("natale2024.sparse_width")
    curves["natale2024.sparse_width (γ = 0.25, constants 1)"] = np.array(
        [float(natale(l=li, d_in=di, d_out=di, eps=ei, gamma=0.25, rho=1.0, c_hyp=1.0, c_thm=1.0))
         for di, li, ei in zip(d.ravel(), l.ravel(), eps.ravel())]).reshape(d.shape)
    if empirical_c is not None:
        curves[f"pensia2020.width (empirical C = {empirical_c:.3g})"] = pensia(
            d_in=d, d_out=d, l=l, eps=eps, delta=eps, C=empirical_c)
    return {name: np.asarray(values, float).tolist() for name, values in curves.items()}


def compute(params: dict, store, progress: bool = True) -> dict:
    from figures import fig05_tickets
    from verify.tickets.montecarlo import implied_width_constant

    tickets = fig05_tickets.compute(params["tickets"], store, progress=progress)
    first = next(c for c in tickets["curves"] if c["layers"] == 1)
    empirical_c = None
    if first["required_units"] is not None:
        d0 = first["dims"][0]
        empirical_c = implied_width_constant(d0, d0, 1, first["required_units"] * d0, tickets["eps"],
                                             tickets["delta"])
    base, k = params["base"], params["points"]
    d_grid = np.unique(np.round(np.logspace(0.3, 4, k))).tolist()
    l_grid = list(range(1, 21))
    eps_grid = np.logspace(-6, -1, k).tolist()
    return {
        "base": base, "empirical_c": empirical_c, "empirical_c_source": f"figure tickets_width, d = "
                                                                        f"{first['dims'][0]}",
        "against_d": {"x": d_grid, "curves": _curves(d_grid, base["l"], base["eps"], empirical_c)},
        "against_l": {"x": l_grid, "curves": _curves(base["d"], l_grid, base["eps"], empirical_c)},
        "against_eps": {"x": eps_grid, "curves": _curves(base["d"], base["l"], eps_grid, empirical_c)},
    }


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    names = list(data["against_d"]["curves"])
    plain = [name for name in names if "empirical" not in name]
    colors = dict(zip(plain, sns.color_palette("colorblind", len(plain))))
    for name in names:  # Pensia's bound with the empirical C: Pensia's colour, dashed with markers (never Natale's)
        if "empirical" in name:
            colors[name] = next(colors[p] for p in plain if p.startswith("pensia2020.width"))
    base = data["base"]
    panels = [("against_d", "target width d", f"l = {base['l']:g}, ε = δ = {base['eps']:g}"),
              ("against_l", "target depth l", f"d = {base['d']:g}, ε = δ = {base['eps']:g}"),
              ("against_eps", "accuracy ε (= δ)", f"d = {base['d']:g}, l = {base['l']:g}")]
    for ax, (key, xlabel, fixed) in zip(axes, panels):
        x = np.array(data[key]["x"], float)
        for name, values in data[key]["curves"].items():
            style = "--" if "empirical" in name else (":" if "lower" in name else "-")
            marker = {"marker": "o", "markersize": 3.5, "markevery": max(1, len(x) // 8)} if "empirical" in name else {}
            ax.plot(x, values, style, color=colors[name], lw=1.6, label=name, **marker)
        ax.set_xscale("log" if key != "against_l" else "linear")
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_title(fixed)
    axes[0].set_ylabel("required hidden width")
    axes[2].invert_xaxis()
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=3, fontsize="small", bbox_to_anchor=(0.5, -0.12))
    figure.suptitle(f"{TITLE} (constants without a source value set to 1 to show shapes)", y=1.02)
    return figure


def facts(data: dict, params: dict) -> dict:
    d = data["against_d"]
    curves = d["curves"]
    last = len(d["x"]) - 1
    pensia, malach = curves["pensia2020.width (C = 1)"], curves["malach2020.width (C = 1)"]
    lower = curves["pensia2020.lower_width (depth 2)"]
    return {
        "empirical_c": {"value": data["empirical_c"], "description": "empirical C of pensia2020.width used here"},
        "largest_d": {"value": d["x"][last], "description": "largest target width d drawn"},
        "malach_over_pensia_at_largest_d": {"value": malach[last] / pensia[last],
                                            "description": "Malach's width over Pensia's (both C = 1) at the "
                                                           "largest d"},
        "pensia_over_lower_at_largest_d": {"value": pensia[last] / lower[last],
                                           "description": "Pensia's width (C = 1) over the depth-2 lower bound at "
                                                          "the largest d"},
    }
