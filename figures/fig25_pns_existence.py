"""Figure — Plant 'n' Seek's Theorem 2 measured: how often a random network of the target's depth contains the ticket.

For sparse targets of several shapes (depth l, n neurons per layer, k parameters per neuron) the frequency, over
independent draws of target and mother network, of the event "some injective, layer-consistent map puts every target
parameter within ε of a mother parameter" (:mod:`verify.plantnseek.existence`, decided exactly), with exact
Clopper–Pearson bands, against the mother network's width n_0 — beside Theorem 2's lower bound
:math:`\\max(0, 1 − n(1 − ε^k)^{n_0})^l` (``fischer2022.existence_probability``, evaluated by the catalog).
"""

from __future__ import annotations

import numpy as np

from verify.claims.registry import CONFIRMATORY_SEED

NAME = "pns_existence"
TITLE = "Plant 'n' Seek, Theorem 2: how often a same-depth random network contains the ticket"
VERSION = 1
WIDTHS = [10, 14, 20, 28, 40, 56, 80, 113, 160, 226, 320, 453, 640]
SHAPES = [{"depth": 3, "neurons": 2, "k": 3, "eps": 0.3}, {"depth": 3, "neurons": 3, "k": 3, "eps": 0.3},
          {"depth": 5, "neurons": 2, "k": 2, "eps": 0.2}]
PROFILES = {
    "mini": {"shapes": SHAPES[:1], "widths": [10, 40, 160], "trials": 20, "seed": 0},
    "quick": {"shapes": SHAPES, "widths": WIDTHS, "trials": 100, "seed": 0},
    "full": {"shapes": SHAPES, "widths": WIDTHS, "trials": 1000, "seed": CONFIRMATORY_SEED},
}


def _run(shape: dict, params: dict, store, progress: bool):
    from figures.runner import keyed_store
    from verify.plantnseek.existence import existence_frequency

    return existence_frequency(shape["depth"], shape["neurons"], shape["k"], shape["eps"], widths=params["widths"],
                               trials=params["trials"], seed=params["seed"], progress=progress,
                               out=keyed_store(store, "pns_existence", identity={"shape": shape, **params}))


def compute(params: dict, store, progress: bool = True) -> dict:
    from verify import stats

    curves = []
    for shape in params["shapes"]:
        result = _run(shape, params, store, progress)
        successes = result.successes()
        low, high = stats.clopper_pearson(successes, params["trials"])
        curves.append({"shape": shape, "successes": successes.tolist(), "low": np.atleast_1d(low).tolist(),
                       "high": np.atleast_1d(high).tolist(), "bound": result.bound().tolist()})
    return {"widths": params["widths"], "trials": params["trials"], "curves": curves}


def tables(params: dict, store) -> dict:
    """The ``pns_existence`` result table: per shape, whether each trial's mother network contains the target at
    every width (nested draws)."""
    from verify.tables import Table

    arrays = {"widths": np.array(params["widths"], dtype=np.int64)}
    for i, shape in enumerate(params["shapes"]):
        arrays[f"s{i}.contains"] = _run(shape, params, store, progress=False).contains
    meta = {"shapes": params["shapes"], "trials": params["trials"], "seed": params["seed"],
            "campaign": "Theorem 2's containment event, decided exactly (verify.plantnseek.existence)"}
    return {"pns_existence": Table("pns_existence", arrays, meta)}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, ax = plt.subplots(figsize=(7.2, 4.4))
    colors = sns.color_palette("colorblind", len(data["curves"]))
    widths = np.array(data["widths"], dtype=float)
    for color, curve in zip(colors, data["curves"]):
        s = curve["shape"]
        label = f"l = {s['depth']}, n = {s['neurons']}, k = {s['k']}, ε = {s['eps']:g}"
        ax.plot(widths, np.array(curve["successes"]) / data["trials"], "o-", ms=3, color=color,
                label=f"measured: {label}")
        ax.fill_between(widths, curve["low"], curve["high"], color=color, alpha=0.2, lw=0)
        ax.plot(widths, curve["bound"], "--", color=color, lw=1.2, label="Theorem 2's lower bound")
    ax.set_xscale("log")
    ax.set_xlabel("neurons per layer of the random network n₀")
    ax.set_ylabel("P(the network contains the ticket within ε)")
    ax.set_title(f"{data['trials']} draws of target and network per width (nested); bands: exact 95 %")
    ax.legend(fontsize="x-small")
    return figure


def facts(data: dict, params: dict) -> dict:
    out = {"trials": {"value": data["trials"], "description": "draws of target and mother network per width"},
           "shapes": {"value": len(data["curves"]), "description": "target shapes measured"}}
    for i, curve in enumerate(data["curves"]):
        frequency = np.array(curve["successes"]) / data["trials"]
        reached = [w for w, f in zip(data["widths"], frequency) if f >= 0.95]
        bound_reached = [w for w, b in zip(data["widths"], curve["bound"]) if b >= 0.95]
        out[f"s{i}.width_measured"] = {"value": reached[0] if reached else None,
                                       "description": f"smallest width with measured frequency >= 0.95 (shape {i})"}
        out[f"s{i}.width_bound"] = {"value": bound_reached[0] if bound_reached else None,
                                    "description": f"smallest width at which the bound reaches 0.95 (shape {i})"}
    return out
