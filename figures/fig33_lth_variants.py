"""Figure — the lottery ticket paper's variants on the 8×8 digits: one-shot pruning, and continued training
("strategy 2") against reset to θ₀ ("strategy 1") (Frankle & Carbin 2019, Sec. 2 and Appendix B; spec lth.md).

Three runs with the settings and seed of ``lth_digits`` (so the reset run *is* that figure's run, read from the same
store): iterative pruning with reset, one-shot pruning (every mask cut from the trained dense network, then reset),
and iterative pruning that keeps the trained values.  Against P_m: the early-stopping iteration and the test accuracy
there of each run's ticket (means over trials with min–max bands), the dense network as a reference line.

Only the tickets of the one-shot and continued runs are read — by this figure, its facts, the claims on the
``lth_variants`` table (``frankle2019.oneshot_faster``, ``oneshot_more_accurate``: the one-shot ticket against its own
dense level; ``reset_beats_continue``: the reset ticket against the continued ticket) and the write-up — so the mini
and quick profiles train those two runs' ticket chains alone (``ticket_only_runs``; ``run_imp(..., controls=())``),
a third of their trainings.  Their tables then hold ``oneshot.ticket.*`` and ``continue.ticket.*`` only (run meta
``"arms": ["ticket"]``), and the facts that would need a reinit (``*.speedup_near_*``) say they were not measured.
The reset run keeps its controls: it is ``lth_digits``' run, shared from the store.
"""

from __future__ import annotations

import numpy as np

from figures import fig31_lth_digits, lth_common

NAME = "lth_variants"
# The same protocol and trials as the digits figure.  Mini and quick train the one-shot and continued runs without
# controls (nothing reads them; see the module docstring).  The full profile keeps them, and its parameters (the
# figure's cache key) exactly as paper/full was built with: its controls are stored, and dropping them would save
# nothing there but change what a rebuild of hours computes.
TICKET_ONLY_RUNS = ("oneshot", "continue")
PROFILES = {name: ({**params, "ticket_only_runs": list(TICKET_ONLY_RUNS)} if name != "full" else params)
            for name, params in fig31_lth_digits.PROFILES.items()}
TITLE = "Lottery tickets on digits: one-shot pruning and continued training against reset"
VERSION = 2
VARIANTS = {
    "reset": ({}, "iterative, reset to θ₀ (strategy 1)", "-", "o"),
    "oneshot": ({"schedule": "oneshot"}, "one-shot, reset to θ₀", "--", "D"),
    "continue": ({"rewind": "continue"}, "iterative, trained values kept (strategy 2)", ":", "v"),
}
ONESHOT_THRESHOLDS = ((0.675, "67.5 %"), (0.176, "17.6 %"), (0.0517, "5.17 %"))


def _variant(params: dict, name: str) -> dict:
    """The run parameters of variant ``name`` (:func:`figures.lth_common.result`): the profile's, the variant's
    settings, and no controls for a run the profile lists in ``ticket_only_runs``."""
    out = {key: value for key, value in params.items() if key != "ticket_only_runs"}
    out["settings"] = {**params["settings"], **VARIANTS[name][0]}
    if name in params.get("ticket_only_runs", ()):
        out["controls"] = []
    return out


def compute(params: dict, store, progress: bool = True) -> dict:
    runs = {name: lth_common.run("digits", _variant(params, name), store, progress) for name in VARIANTS}
    return {"variants": list(VARIANTS), "runs": runs}


def tables(params: dict, store) -> dict:
    """The ``lth_variants`` result table: the reset, one-shot and continued runs on digits, columns prefixed by the
    variant (``reset.*``, ``oneshot.*``, ``continue.*``; :func:`verify.lth.result.result_table`).  Same seed, so the
    same θ₀ and minibatch order in every variant: trials are paired across them."""
    runs = {name: lth_common.stored_result("digits", _variant(params, name), store) for name in VARIANTS}
    return {"lth_variants": lth_common.table("lth_variants", runs, NAME,
                                             "IMP variants on the 8x8 digits: reset, one-shot, continued training")}


def draw(data: dict, params: dict):
    import matplotlib.pyplot as plt
    import seaborn as sns

    figure, (ax_speed, ax_metric) = plt.subplots(1, 2, figsize=(11.0, 4.0))
    colors = dict(zip(VARIANTS, sns.color_palette("colorblind", len(VARIANTS))))
    reference = data["runs"]["reset"]
    density = 100 * np.asarray(reference["density"])
    for name, (_, label, ls, marker) in VARIANTS.items():
        run = data["runs"][name]
        for ax, key, scale in ((ax_speed, "early_stop", 1.0), (ax_metric, "metric", 100.0)):
            values = scale * np.asarray(run["arms"]["ticket"][key], dtype=float)
            ax.plot(100 * np.asarray(run["density"]), values.mean(axis=0), ls=ls, marker=marker, ms=3, lw=1.4,
                    label=label, color=colors[name])
            ax.fill_between(100 * np.asarray(run["density"]), values.min(axis=0), values.max(axis=0), alpha=0.18,
                            lw=0, color=colors[name])
    for ax, key, scale in ((ax_speed, "early_stop", 1.0), (ax_metric, "metric", 100.0)):
        dense = scale * float(np.mean(np.asarray(reference["arms"]["ticket"][key], dtype=float)[:, 0]))
        ax.axhline(dense, color="0.3", lw=0.9, ls="-.", label="dense network (level 0, mean)")
        lth_common.density_axis(ax, density, ONESHOT_THRESHOLDS)
    trials = reference["trials"]
    ax_speed.set_ylabel("early-stopping iteration")
    ax_metric.set_ylabel("test accuracy at early stop (%)")
    ax_speed.set_title(f"digits: learning speed of the tickets ({trials} trial{'s' if trials != 1 else ''}, min–max)")
    ax_metric.set_title("digits: accuracy at the early-stopping iteration")
    ax_metric.legend(loc="best", fontsize="small")
    return figure


def facts(data: dict, params: dict) -> dict:
    return {**lth_common.facts("oneshot.", data["runs"]["oneshot"], "digits, one-shot pruning"),
            **lth_common.facts("continue.", data["runs"]["continue"], "digits, trained values kept")}
