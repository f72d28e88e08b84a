"""Shared by the lottery-ticket figures: one resumable IMP run per dataset, and the paper-style panels.

Like Frankle & Carbin's Figures 3–4: x = P_m (percent of weights remaining, log scale, decreasing to the right);
y = the early-stopping iteration (minimum validation loss) and the test accuracy (or MSE) there; lines are means over
trials with min–max bands, for the winning ticket (IMP with reset to θ₀), its random reinitialisation and a random
mask of the same per-layer size.  The paper's density thresholds (21 %, 3.6 %) are marked.

The figures that own the runs also write them as result tables (:func:`table`, columns of :func:`run_columns`): per
run and arm the early-stopping iterations, the metrics there and the per-example test outcomes, from which
:mod:`verify.claims.lth` decides the claims.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

ARM_STYLE = {
    "ticket": {"label": "winning ticket (IMP, reset to θ₀)", "ls": "-", "marker": "o"},
    "reinit": {"label": "random reinit (same mask, new θ₀′)", "ls": "--", "marker": "s"},
    "random_mask": {"label": "random mask (same layer sizes, θ₀)", "ls": ":", "marker": "^"},
}
THRESHOLDS = ((0.21, "21 %"), (0.036, "3.6 %"))


def result(data: str, params: dict, store: Path, progress: bool = True):
    """The run's :class:`verify.lth.result.IMPResult` (resumable: one store directory per run identity).
    ``params["controls"]`` (default both): the control arms trained beside the ticket
    (:func:`verify.lth.run.run_imp`); not part of the run's identity, so a ticket-only run shares its store with the
    full run of the same settings and seed."""
    from verify.lth import protocol, run_imp
    from verify.lth.method import CONTROLS
    from verify.lth.run import store_identity
    from verify.store import identity_digest

    settings = protocol(data, **params.get("settings", {}))
    # One directory per run identity (settings, seed and record version; more trials extend it), so a changed
    # profile never meets a store of other settings.
    run_id = identity_digest(store_identity(settings, params["seed"]))[:12]
    return run_imp(settings, trials=params["trials"], seed=params["seed"],
                   out=Path(store) / "lth" / f"{data}-{run_id}", controls=params.get("controls", CONTROLS),
                   executor=params.get("executor", "processes"), progress=progress)


def run(data: str, params: dict, store: Path, progress: bool = True) -> dict:
    """The run's per-trial data (:meth:`verify.lth.method.IMPResult.to_data`) plus per-level medians."""
    out = result(data, params, store, progress).to_data()
    out["medians"] = per_level_medians(out)
    return out


# -- the result tables (verify.claims.lth) ------------------------------------------------------------------------
def stored_result(data: str, params: dict, store: Path):
    """The run of :func:`result` read back from its store (the figure's ``compute`` trained it): threads, no
    worker processes to start (the numbers do not depend on the executor)."""
    return result(data, {**params, "executor": "threads"}, store, progress=False)


def table(name: str, runs: dict, figure: str, description: str):
    """The result table ``name`` of IMP runs ``{run name: IMPResult}`` (:func:`verify.lth.result.result_table`)."""
    from verify.lth.result import result_table

    return result_table(name, runs, campaign=f"iterative magnitude pruning with controls (figures/{figure}.py; "
                                             f"verify.lth)", description=description)


def draw_panels(ax_speed, ax_metric, run_data: dict, title: str) -> None:
    import seaborn as sns

    density = 100 * np.asarray(run_data["density"])
    colors = dict(zip(ARM_STYLE, sns.color_palette("colorblind", len(ARM_STYLE))))
    classification = run_data["task"] == "classification"
    for arm, style in ARM_STYLE.items():
        arrays = run_data["arms"][arm]
        for ax, key, scale in ((ax_speed, "early_stop", 1.0), (ax_metric, "metric", 100.0 if classification else 1.0)):
            values = scale * np.asarray(arrays[key], dtype=float)
            mean = values.mean(axis=0)
            ax.plot(density, mean, ls=style["ls"], marker=style["marker"], ms=3, lw=1.4, label=style["label"],
                    color=colors[arm])
            ax.fill_between(density, values.min(axis=0), values.max(axis=0), alpha=0.18, lw=0, color=colors[arm])
    for ax in (ax_speed, ax_metric):
        density_axis(ax, density, THRESHOLDS)
    if classification:  # like the paper: zoom on the ticket and its reinit; say where the random mask goes
        shown = [100 * np.asarray(run_data["arms"][arm]["metric"], dtype=float) for arm in ("ticket", "reinit")]
        low = min(v.min() for v in shown)
        high = max(v.max() for v in shown)
        margin = max(0.1 * (high - low), 0.2)
        ax_metric.set_ylim(low - margin, min(100.0, high + margin))
        lowest = 100 * np.asarray(run_data["arms"]["random_mask"]["metric"], dtype=float).mean(axis=0)
        if lowest.min() < low - margin:
            ax_metric.annotate(f"random mask falls to {lowest.min():.1f} % (mean), below the axis", (0.98, 0.97),
                               xycoords="axes fraction", fontsize="x-small", ha="right", va="top",
                               color=colors["random_mask"])
    ax_speed.axhline(run_data["last_evaluation"], color="0.5", lw=0.8, ls="--")
    ax_speed.annotate("end of training (a minimum here is censored)", (0.02, run_data["last_evaluation"]),
                      xycoords=("axes fraction", "data"), fontsize="x-small", va="top", color="0.35")
    ax_speed.set_ylabel("early-stopping iteration")
    ax_metric.set_ylabel("test accuracy at early stop (%)" if classification else "test MSE at early stop")
    if not classification:
        ax_metric.set_yscale("log")
    trials = run_data["trials"]
    ax_speed.set_title(f"{title}: learning speed ({trials} trial{'s' if trials != 1 else ''}, min–max)")
    ax_metric.set_title(f"{title}: {'accuracy' if classification else 'MSE'} at the early-stopping iteration")


def density_axis(ax, density: np.ndarray, thresholds) -> None:
    """x = P_m in percent on a log scale, decreasing to the right, with the paper's thresholds marked."""
    from matplotlib.ticker import NullFormatter

    ax.set_xscale("log")
    ax.set_xlim(density.max() * 1.15, density.min() / 1.15)
    ax.set_xlabel("P_m: weights remaining (%)")
    for value, label in thresholds:
        if density.min() <= 100 * value <= density.max():
            ax.axvline(100 * value, color="0.5", lw=0.8, ls=(0, (1, 3)))
            ax.annotate(label, (100 * value, 1.0), xycoords=("data", "axes fraction"), fontsize="x-small",
                        ha="left", va="top", color="0.35")
    ticks = [t for t in (100, 70, 50, 30, 20, 10, 5, 3, 2, 1) if density.min() <= t <= density.max()]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())


def nearest_level(data: dict, density: float) -> int:
    """The level whose P_m is closest to ``density`` (on a log scale)."""
    values = np.log(np.asarray(data["density"], dtype=np.float64))
    return int(np.argmin(np.abs(values - np.log(density))))


def per_level_medians(data: dict) -> dict:
    """Median over trials, per level, of each trained arm's early-stop iteration and metric, and of the ratio
    ES_reinit / ES_ticket (how many times faster the ticket is; levels where the ticket stops at 0: None; a run
    without the reinit control has no ``speedup``)."""
    out = {}
    for arm in data["arms"]:
        out[f"{arm}_early_stop"] = np.median(np.asarray(data["arms"][arm]["early_stop"], float), axis=0).tolist()
        out[f"{arm}_metric"] = np.median(np.asarray(data["arms"][arm]["metric"], float), axis=0).tolist()
    if "reinit" not in data["arms"]:
        return out
    ticket = np.asarray(data["arms"]["ticket"]["early_stop"], float)
    reinit = np.asarray(data["arms"]["reinit"]["early_stop"], float)
    speedup = []
    for k in range(ticket.shape[1]):
        valid = ticket[:, k] > 0
        speedup.append(float(np.median(reinit[valid, k] / ticket[valid, k])) if valid.any() else None)
    out["speedup"] = speedup
    return out


def facts(prefix: str, run_data: dict, description: str) -> dict:
    """Settings the write-up may quote, and descriptive medians at the levels nearest the paper's densities (no
    interval: the verdicts and their intervals are computed from the result tables by verify.claims.lth)."""
    out = {f"{prefix}trials": {"value": run_data["trials"], "description": f"trials ({description})"},
           f"{prefix}rounds": {"value": len(run_data["density"]) - 1, "description": f"pruning rounds ({description})"},
           f"{prefix}iterations": {"value": run_data["settings"]["iterations"],
                                   "description": f"training iterations per level ({description})"},
           f"{prefix}eval_every": {"value": run_data["settings"]["eval_every"],
                                   "description": f"iterations between evaluations ({description})"}}
    medians = per_level_medians(run_data)
    metric = np.asarray(run_data["arms"]["ticket"]["metric"], dtype=float)
    for paper_density, key in ((0.513, "51"), (0.211, "21"), (0.135, "13"), (0.036, "3.6")):
        if min(run_data["density"]) > paper_density * 1.2:  # not reached: the keys exist, without a value
            for name in ("density", "speedup", "ticket_change", "ticket_over_dense_es"):
                out[f"{prefix}{name}_near_{key}"] = {"value": None,
                                                     "description": f"not reached by this run ({description})"}
            continue
        level = nearest_level(run_data, paper_density)
        out[f"{prefix}density_near_{key}"] = {"value": float(run_data["density"][level]),
                                              "description": f"P_m of the level nearest {key} % ({description})"}
        out[f"{prefix}speedup_near_{key}"] = {
            "value": medians["speedup"][level],
            "description": f"median over trials of ES_reinit / ES_ticket at that level ({description}; descriptive)"
        } if "speedup" in medians else {
            "value": None, "description": f"not measured: this run trained no reinit control ({description})"}
        early = np.asarray(run_data["arms"]["ticket"]["early_stop"], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = early[:, level] / early[:, 0]
        out[f"{prefix}ticket_over_dense_es_near_{key}"] = {
            "value": float(np.median(relative)) if np.all(np.isfinite(relative)) else None,
            "description": f"median over trials of ES_ticket at that level / ES of the dense network ({description}; "
                           f"descriptive)"}
        change = metric[:, level] - metric[:, 0]
        out[f"{prefix}ticket_change_near_{key}"] = {
            "value": float(np.median(change)),
            "description": f"median over trials of the ticket's test metric minus the dense network's at that "
                           f"level ({description}; descriptive)"}
    return out
