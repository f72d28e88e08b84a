"""Figure 7 — four constructions of strong lottery tickets on the same targets: how wide must each random network be?

Pensia et al. (depth 2l, uniform weights), Orseau et al. (depth 2l, hyperbolic weights), Burkholz (depth l + 1, ReLU
and leaky ReLU) and da Cunha et al. (random CNNs) on nested random networks
(:func:`verify.tickets.comparison.compare_widths`): every draw must certify, within ε, every target of its family —
the same targets for every dense construction in a given draw (a random and a rank-one target; the searched family
of eight at depth 2), random and one-hot kernels for the CNNs.  Top left: the required units m_δ (the
⌈(1 − δ)T⌉-th smallest first succeeding width, with its exact distribution-free 95 % interval) against the target
width d at depth 1 and 2.  Top right: random parameters of the network at m_δ over the target's parameters — the
over-parameterization — against d, depth 2 (filled) and 3 (open).  Bottom left: CNNs, random channels per input
channel against the channel count.  Bottom right: the empirical constant of each construction's own bound (the C at
which the catalog's bound equals the measured width) against d.
"""

from __future__ import annotations

import math

import numpy as np

from verify.claims.registry import CONFIRMATORY_SEED

NAME = "constructions"
TITLE = "Strong-ticket constructions compared on the same targets: required width, parameters, depth"
VERSION = 2
BASE = ["random", "rank-one"]
CONV_BASE = ["random", "one-hot"]
HARD = ["random"] * 6 + ["rank-one"] * 2
LEAKY_SLOPE = 0.1


def _square(widths, layers):
    return [{"shape": [d] * (layers + 1)} for d in widths]


def _campaign(name, construction, configs, units, trials, family=None, negative_slope=0.0):
    return {"name": name, "construction": construction, "configs": configs, "units": list(units), "trials": trials,
            "family": list(family or (CONV_BASE if construction == "conv" else BASE)),
            "negative_slope": negative_slope}


PROFILES = {
    "mini": {"eps": 0.2, "delta": 0.25, "seed": 0, "campaigns": [
        _campaign("pensia", "pensia", _square([2], 1) + _square([2], 2), range(2, 40, 4), 3),
        _campaign("orseau", "orseau", _square([2], 1) + _square([2], 2), range(2, 40, 4), 3),
        _campaign("burkholz", "burkholz", _square([2], 2), range(2, 30, 4), 3),
        _campaign("burkholz-leaky", "burkholz", _square([2], 2), range(2, 30, 4), 3, negative_slope=LEAKY_SLOPE),
        _campaign("conv", "conv", [{"shape": [1, 1]}], range(2, 40, 4), 3),
    ]},
    "quick": {"eps": 0.05, "delta": 0.1, "seed": 0, "campaigns": [
        _campaign("pensia", "pensia", _square([2, 4], 1) + _square([2], 2), range(8, 60, 2), 8),
        _campaign("orseau", "orseau", _square([2, 4], 1) + _square([2], 2), range(8, 60, 2), 8),
        _campaign("burkholz", "burkholz", _square([2], 2), range(8, 40, 2), 8),
        _campaign("burkholz-leaky", "burkholz", _square([2], 2), range(8, 40, 2), 8, negative_slope=LEAKY_SLOPE),
        _campaign("conv", "conv", [{"shape": [1, 1]}, {"shape": [2, 2]}], range(8, 60, 2), 8),
    ]},
    "full": {"eps": 0.01, "delta": 0.05, "seed": CONFIRMATORY_SEED, "executor": "processes", "campaigns": [
        # the campaigns the claims are decided on come first, the reference and descriptive ones after them
        _campaign("orseau", "orseau", _square([2, 4, 8, 16], 1) + _square([2, 4, 8], 2), range(12, 100, 2), 200),
        _campaign("burkholz", "burkholz", _square([2, 4, 8], 2), range(8, 41, 2), 120),
        _campaign("burkholz-leaky", "burkholz", _square([2, 4, 8], 2), range(8, 41, 2), 100,
                  negative_slope=LEAKY_SLOPE),
        _campaign("conv", "conv", [{"shape": [c, c]} for c in (1, 2, 4, 8)], range(16, 90, 2), 100),
        _campaign("pensia", "pensia", _square([2, 4, 8, 16], 1) + _square([2, 4, 8], 2), range(8, 80, 2), 100),
        _campaign("pensia-deep", "pensia", _square([2, 4], 3), range(8, 80, 2), 40),
        _campaign("burkholz-deep", "burkholz", _square([2, 4], 3), range(8, 41, 2), 40),
        _campaign("pensia-hard", "pensia", _square([2, 4], 2), range(8, 80, 2), 20, family=HARD),
        _campaign("orseau-hard", "orseau", _square([2, 4], 2), range(12, 100, 2), 20, family=HARD),
        _campaign("burkholz-hard", "burkholz", _square([2, 4], 2), range(8, 41, 2), 20, family=HARD),
        _campaign("conv-deep", "conv", [{"shape": [c, c, c]} for c in (1, 2, 4)], range(16, 90, 2), 20),
    ]},
}

#: The catalog bound each construction's measured widths are compared with, and the constant it leaves open.
BOUNDS = {"pensia": ("pensia2020.width", "C"), "orseau": ("orseau2020.neurons_per_weight", "C_depth"),
          "burkholz": ("burkholz2022.depth_l_plus_1", "C"), "conv": ("dacunha2022.cnn_channels", "C")}


def _run(campaign: dict, config: dict, params: dict, store, progress: bool):
    from figures.runner import keyed_store
    from verify.tickets.comparison import compare_widths

    shape = config["shape"]
    identity = {"shape": shape, "eps": params["eps"], "seed": params["seed"],
                **{k: campaign[k] for k in ("construction", "units", "trials", "family", "negative_slope")}}
    return compare_widths(campaign["construction"], shape, eps=params["eps"], units=campaign["units"],
                          trials=campaign["trials"], seed=params["seed"], family=campaign["family"],
                          negative_slope=campaign["negative_slope"], progress=progress,
                          executor=params.get("executor", "local"),
                          out=keyed_store(store, "constructions", campaign["name"], "x".join(map(str, shape)),
                                          identity=identity))


def quantile_interval(m_star: np.ndarray, delta: float, confidence: float = 0.95) -> tuple[int, int | None]:
    """Exact distribution-free interval of the (1 − δ)-quantile of m* from order statistics: ranks r, s with
    P(Binomial(T, 1 − δ) < r) ≤ α/2 and P(Binomial(T, 1 − δ) ≥ s) ≤ α/2.  When s > T (few trials: T = 20 or 40
    at δ = 0.05) no order statistic bounds the quantile from above and the upper end is None (unbounded), never
    the sample maximum; m_K + 1 (beyond the grid) stays as it is, a censored value."""
    from scipy.stats import binom

    ordered = np.sort(m_star)
    t = ordered.size
    alpha = 1.0 - confidence
    low_rank = int(binom.ppf(alpha / 2, t, 1.0 - delta))            # 1-based rank r: P(B < r) <= alpha/2
    high_rank = int(binom.ppf(1 - alpha / 2, t, 1.0 - delta)) + 1
    low = int(ordered[max(low_rank, 1) - 1])
    high = int(ordered[high_rank - 1]) if high_rank <= t else None
    return low, high


def implied_constant(construction: str, shape, m: int, width: int, eps: float, delta: float,
                     kernel: int = 3) -> float:
    """The constant of the construction's catalog bound at which it equals the measured width (an empirical
    constant): Pensia et al. and Burkholz the widest hidden layer, Orseau et al. the units per input coordinate
    (the neurons each target weight can use), da Cunha et al. the channels per input channel."""
    from verify.compare import implied_constant as solve

    bound, name = BOUNDS[construction]
    layers = len(shape) - 1
    if construction in ("pensia", "burkholz"):
        return solve(bound, name, width, at={"d_in": shape[0], "d_out": shape[1], "l": layers, "eps": eps,
                                             "delta": delta})
    if construction == "orseau":
        return solve(bound, name, m, at={"d": shape[0], "eps": eps, "delta": delta})
    return solve(bound, name, m, at={"d": kernel, "c_in": shape[0], "c_out": shape[1], "l": layers, "eps": eps,
                                     "delta": delta})


def _summary(campaign: dict, config: dict, result, params: dict) -> dict:
    from verify.tickets.comparison import hidden_width, random_parameters

    spec = result.spec
    required = result.required(params["delta"])
    low, high = quantile_interval(result.m_star(), params["delta"])
    shape = config["shape"]
    target_params = int(sum(a * b * (spec.kernel ** 2 if spec.construction == "conv" else 1)
                            for a, b in zip(shape[:-1], shape[1:])))
    out = {"shape": shape, "layers": len(shape) - 1, "depth": spec.depth, "required_units": required,
           "interval": [low, high], "censored": required is None, "params_target": target_params,
           "table": result.table().to_dict(orient="list")}
    if required is not None:
        width = hidden_width(spec, required)
        random = random_parameters(spec, required)
        succeeded = result.first < len(spec.units)
        kept = result.kept[succeeded].mean(axis=1)
        out.update({"hidden_width": width, "params_random": random, "ratio_random": random / target_params,
                    "kept_median": float(np.median(kept)) if kept.size else None,
                    "ratio_kept": float(np.median(kept)) / target_params if kept.size else None,
                    "implied_constant": implied_constant(spec.construction, shape, required, width, params["eps"],
                                                         params["delta"])})
    return out


def compute(params: dict, store, progress: bool = True) -> dict:
    campaigns = []
    for campaign in params["campaigns"]:
        curves = [_summary(campaign, config, _run(campaign, config, params, store, progress), params)
                  for config in campaign["configs"]]
        campaigns.append({"name": campaign["name"], "construction": campaign["construction"],
                          "negative_slope": campaign["negative_slope"], "trials": campaign["trials"],
                          "family": campaign["family"], "curves": curves})
    return {"eps": params["eps"], "delta": params["delta"], "campaigns": campaigns}


def tables(params: dict, store) -> dict:
    """The ``constructions`` result table: per campaign and target shape, every trial's first succeeding units
    (``<name>.<i>.m_star``, m_K + 1 where none) and its tickets' kept parameters (``<name>.<i>.kept``, mean over the
    family, 0 where none)."""
    from verify.tables import Table

    arrays, campaigns = {}, []
    for campaign in params["campaigns"]:
        configs = []
        for index, config in enumerate(campaign["configs"]):
            result = _run(campaign, config, params, store, progress=False)
            arrays[f"{campaign['name']}.{index}.m_star"] = result.m_star().astype(np.int16)
            arrays[f"{campaign['name']}.{index}.kept"] = result.kept.mean(axis=1)
            configs.append({"shape": config["shape"], "layers": len(config["shape"]) - 1})
        campaigns.append({"name": campaign["name"], "construction": campaign["construction"],
                          "negative_slope": campaign["negative_slope"], "family": campaign["family"],
                          "trials": campaign["trials"], "units": campaign["units"], "configs": configs})
    meta = {"eps": params["eps"], "delta": params["delta"], "seed": params["seed"], "campaigns": campaigns,
            "campaign": "strong-ticket constructions on nested random networks (verify.tickets.comparison)"}
    return {"constructions": Table("constructions", arrays, meta)}


STYLE = {"pensia": ("tab:blue", "o"), "orseau": ("tab:green", "s"), "burkholz": ("tab:red", "^"),
         "burkholz-leaky": ("tab:orange", "v"), "conv": ("tab:purple", "D"), "pensia-deep": ("tab:blue", "o"),
         "burkholz-deep": ("tab:red", "^"), "pensia-hard": ("tab:blue", "o"), "orseau-hard": ("tab:green", "s"),
         "burkholz-hard": ("tab:red", "^"), "conv-deep": ("tab:purple", "D")}


def _points(curves, layers):
    rows = [(c["shape"][0], c["required_units"], c["interval"]) for c in curves
            if c["layers"] == layers and c["required_units"] is not None]
    if not rows:
        return None
    d, m, interval = zip(*rows)
    interval = np.array([[low, np.nan if high is None else high] for low, high in interval], dtype=float)
    m = np.array(m, dtype=float)
    return np.array(d, dtype=float), m, np.vstack([m - interval[:, 0], interval[:, 1] - m])   # NaN: no upper bar


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(2, 2, figsize=(12, 8.6))
    (units, over), (conv, constant) = axes
    for campaign in data["campaigns"]:
        name = campaign["name"]
        color, marker = STYLE.get(name, ("black", "o"))
        hard = name.endswith("-hard")
        for layers, offset in ((1, 0.97), (2, 1.0), (3, 1.03)):
            points = _points(campaign["curves"], layers)
            if points is None:
                continue
            d, m, err = points
            target = conv if campaign["construction"] == "conv" else units
            face = "none" if (hard or layers == 3 or (campaign["construction"] == "conv" and layers == 2)) else color
            style = "--" if layers == 1 else ("-" if layers == 2 else ":")
            label = f"{name}, l = {layers}"
            target.errorbar(d * offset, m, yerr=err, fmt=style, marker=marker, color=color, mfc=face, ms=5,
                            capsize=2, lw=1, label=label)
            if campaign["construction"] != "conv" and layers >= 2 and not hard:
                ratios = [c["ratio_random"] for c in campaign["curves"] if c["layers"] == layers
                          and c["required_units"] is not None]
                over.plot(d, ratios, style, marker=marker, color=color, mfc=face, ms=5, lw=1, label=label)
            implied = [c["implied_constant"] for c in campaign["curves"] if c["layers"] == layers
                       and c["required_units"] is not None]
            if not hard and len(implied) == len(d):
                constant.plot(d, implied, style, marker=marker, color=color, mfc=face, ms=5, lw=1, label=label)
    units.set_xscale("log", base=2)
    units.set_xlabel("target width d (square targets d × … × d)")
    units.set_ylabel(f"required units m_δ, δ = {data['delta']:g}")
    units.set_title(f"dense targets, ε = {data['eps']:g}: units per input coordinate (Pensia, Orseau) or copies "
                    f"per neuron (Burkholz)", fontsize="small")
    units.legend(fontsize="xx-small", ncol=2)
    over.set_xscale("log", base=2)
    over.set_yscale("log")
    over.set_xlabel("target width d")
    over.set_ylabel("random parameters at m_δ / target parameters")
    over.set_title("over-parameterization, depth 2 (filled) and 3 (open)", fontsize="small")
    over.legend(fontsize="xx-small")
    conv.set_xscale("log", base=2)
    conv.set_xlabel("channels c (kernels 3×3, c → … → c)")
    conv.set_ylabel(f"required channels per input channel n_δ, δ = {data['delta']:g}")
    conv.set_title("random CNNs (da Cunha et al.): depth 1 (filled), 2 (open)", fontsize="small")
    conv.legend(fontsize="xx-small")
    constant.set_xscale("log", base=2)
    constant.set_yscale("log")
    constant.set_xlabel("target width d (channels c for the CNNs)")
    constant.set_ylabel("empirical constant of the construction's catalog bound")
    constant.set_title("C at which each bound equals the measured width (Orseau: C_depth)", fontsize="small")
    constant.legend(fontsize="xx-small", ncol=2)
    return figure


def _fact_keys() -> list[tuple[str, list]]:
    """Every (campaign, shape) of the full profile: the facts exist in every profile (None where not measured), so
    the write-up's placeholders resolve in the quick and miniature builds too."""
    return [(campaign["name"], config["shape"]) for campaign in PROFILES["full"]["campaigns"]
            for config in campaign["configs"]]


FIELDS = (("required_units", "required units (copies, channels) m_δ"),
          ("interval_low", "lower end of the exact distribution-free 95 % interval of m_δ"),
          ("interval_high", "upper end of the exact distribution-free 95 % interval of m_δ (None: unbounded, too "
                            "few trials; m_K + 1: beyond the grid)"),
          ("depth", "weight layers of the random network"),
          ("params_target", "parameters of the target"),
          ("hidden_width", "widest hidden layer at m_δ"),
          ("params_random", "random parameters at m_δ"),
          ("ratio_random", "random parameters at m_δ over the target's"),
          ("kept_median", "median kept parameters of the tickets at the first success"),
          ("ratio_kept", "median kept parameters at the first success over the target's"),
          ("implied_constant", "constant of the construction's catalog bound that gives the measured width "
                               "(empirical)"))


def facts(data: dict, params: dict) -> dict:
    out = {"eps": {"value": data["eps"], "description": "accuracy of every campaign"},
           "delta": {"value": data["delta"], "description": "failure probability of the required widths"}}
    measured = {}
    for campaign in data["campaigns"]:
        out[f"{campaign['name']}.trials"] = {"value": campaign["trials"],
                                             "description": f"random network draws per shape, {campaign['name']}"}
        out[f"{campaign['name']}.family"] = {"value": len(campaign["family"]),
                                             "description": f"targets per draw, {campaign['name']}"}
        for curve in campaign["curves"]:
            measured[(campaign["name"], tuple(curve["shape"]))] = curve
    for name in {campaign["name"] for campaign in PROFILES["full"]["campaigns"]}:
        for key in (f"{name}.trials", f"{name}.family"):
            out.setdefault(key, {"value": None, "description": f"{key} (not measured in this profile)"})
    for name, shape in _fact_keys() + [(name, list(shape)) for name, shape in measured]:
        curve = measured.get((name, tuple(shape)), {})
        if "interval" in curve:
            curve = {**curve, "interval_low": curve["interval"][0], "interval_high": curve["interval"][1]}
        key = f"{name}.{'x'.join(map(str, shape))}"
        for field, description in FIELDS:
            value = curve.get(field)
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            out[f"{key}.{field}"] = {"value": value, "description": f"{description}, {name}, shape {shape}"}
    return out
