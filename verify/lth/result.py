"""What an IMP run measured: per (arm, trial, level) arrays and the views the CLI, figures and claims read."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from verify.lth.method import ARMS, IMPSettings, dataset

_SCALARS = ("early_stop", "metric", "validation_loss", "final_metric", "final_validation_loss")
WITHIN_FRACTIONS = (0.1, 0.5)  # a steadier speed measure [derived]: see first_within


def first_within(iterations: np.ndarray, validation_loss: np.ndarray, fraction: float) -> np.ndarray:
    """The first evaluated iteration at which the validation loss is at most (1 + fraction) × the run's minimum
    (along the last axis).  Not the paper's measure (its early-stopping iteration is the argmin itself, which sits
    anywhere on a flat validation curve); a [derived] companion that a plateau cannot move."""
    loss = np.asarray(validation_loss, dtype=np.float64)
    reached = loss <= (1.0 + fraction) * loss.min(axis=-1, keepdims=True)
    return np.asarray(iterations)[np.argmax(reached, axis=-1)]


@dataclass
class IMPResult:
    """Per (arm, trial, level) arrays of a run, and the views the CLI, figures and claims read.

    ``metric`` is the test accuracy (classification) or the test MSE (regression) at the early-stopping iteration.
    """

    settings: IMPSettings
    seed: int
    trials: int
    task: str
    density: np.ndarray                      # (levels,) P_m
    kept: np.ndarray                         # (trials, levels, layers) ticket's kept weights
    arrays: dict = field(default_factory=dict)  # arm -> name -> (trials, levels) ; curves (trials, levels, E)

    @property
    def metric_name(self) -> str:
        return "test_accuracy" if self.task == "classification" else "test_mse"

    @classmethod
    def assemble(cls, settings, seed, trials, chains, controls) -> IMPResult:
        levels = settings.rounds + 1
        data = dataset(settings, seed)
        kept = np.array([[chains[t][k]["kept"] for k in range(levels)] for t in range(trials)], np.int64)
        density = kept[0].sum(axis=1) / sum(settings.layer_sizes())
        if not np.all(kept.sum(axis=2) == kept[0].sum(axis=1)):
            raise RuntimeError("trials disagree on the number of kept weights")  # pragma: no cover - invariant
        arrays = {}
        for arm in ARMS:
            def record(t, k, arm=arm):
                if arm == "ticket" or (arm == "random_mask" and k == 0):
                    return chains[t][k]
                return controls[(t, k, arm)]
            arrays[arm] = {name: np.array([[record(t, k)[name] for k in range(levels)] for t in range(trials)])
                           for name in _SCALARS + ("curve_validation_loss", "curve_metric")}
            arrays[arm]["kept"] = np.array([[record(t, k)["kept"] for k in range(levels)] for t in range(trials)])
        arrays["curve_iteration"] = np.asarray(chains[0][0]["curve_iteration"])
        for arm in ARMS:
            for fraction in WITHIN_FRACTIONS:
                arrays[arm][f"within_{fraction:g}"] = first_within(
                    arrays["curve_iteration"], arrays[arm]["curve_validation_loss"], fraction)
        return cls(settings, seed, trials, data.task, density, kept, arrays)

    # -- views ---------------------------------------------------------------------------------------------------
    def table(self):
        """Tidy pandas DataFrame: one row per (arm, trial, level)."""
        import pandas as pd

        rows = []
        for arm in ARMS:
            a = self.arrays[arm]
            for t in range(self.trials):
                for k in range(self.density.size):
                    rows.append({"arm": arm, "trial": t, "level": k, "density": float(self.density[k]),
                                 "early_stop_iter": int(a["early_stop"][t, k]),
                                 self.metric_name: float(a["metric"][t, k]),
                                 "validation_loss": float(a["validation_loss"][t, k]),
                                 f"final_{self.metric_name}": float(a["final_metric"][t, k])})
        return pd.DataFrame(rows)

    def summary(self):
        """Per level and arm: mean, min and max over trials of the early-stop iteration and the metric."""
        table = self.table()
        return (table.groupby(["level", "density", "arm"], sort=True)[["early_stop_iter", self.metric_name]]
                .agg(["mean", "min", "max"]))

    def to_data(self) -> dict:
        """JSON-able per-trial numbers: what figures store and :mod:`verify.claims.lth` judges."""
        return {
            "data": self.settings.data, "task": self.task, "trials": self.trials, "seed": self.seed,
            "settings": self.settings.identity(), "metric": self.metric_name,
            "density": self.density.tolist(), "kept": self.kept[0].tolist(),
            "last_evaluation": int(self.arrays["curve_iteration"][-1]),
            "curve_iteration": self.arrays["curve_iteration"].tolist(),
            "arms": {arm: {"early_stop": self.arrays[arm]["early_stop"].tolist(),
                           **{f"within_{q:g}": self.arrays[arm][f"within_{q:g}"].tolist() for q in WITHIN_FRACTIONS},
                           "metric": self.arrays[arm]["metric"].tolist(),
                           "validation_loss": self.arrays[arm]["validation_loss"].tolist(),
                           "final_metric": self.arrays[arm]["final_metric"].tolist()} for arm in ARMS},
        }

    def to_json(self) -> dict:
        """The measurements of the ``slth lth run --json`` document: ``{"levels": [{"density",
        "ticket_test_accuracy", ...}, ...]}`` (means over trials, with ``_min``, ``_max`` and ``_per_trial``) and the
        settings; the command adds the verdicts (:func:`verify.claims.lth.run_verdicts`)."""
        metric = self.metric_name
        levels = []
        for k in range(self.density.size):
            entry = {"level": k, "density": float(self.density[k]),
                     # the same in every trial with layer-wise pruning; the mean over trials with global pruning
                     "layer_densities": (self.kept[:, k].mean(axis=0) / np.array(self.settings.layer_sizes())).tolist()}
            for arm in ARMS:
                for name, key, cast in ((metric, "metric", float), ("early_stop_iter", "early_stop", int),
                                        ("validation_loss", "validation_loss", float)):
                    values = self.arrays[arm][key][:, k]
                    entry[f"{arm}_{name}"] = float(np.mean(values))
                    entry[f"{arm}_{name}_min"] = cast(np.min(values))
                    entry[f"{arm}_{name}_max"] = cast(np.max(values))
                    entry[f"{arm}_{name}_per_trial"] = [cast(v) for v in values]
            levels.append(entry)
        return {"data": self.settings.data, "task": self.task, "metric": metric, "trials": self.trials,
                "seed": self.seed, "settings": self.settings.identity(),
                "last_evaluation": int(self.arrays["curve_iteration"][-1]), "levels": levels}


__all__ = ["IMPResult", "WITHIN_FRACTIONS", "first_within"]
