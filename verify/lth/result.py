"""What an IMP run measured: per (arm, trial, level) arrays and the views the CLI, figures and claims read."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from verify.errors import InvalidInput
from verify.lth.method import ARMS, IMPSettings, dataset
from verify.tables import Table

_SCALARS = ("early_stop", "metric", "validation_loss", "final_metric", "final_validation_loss")
# What a stored record (one chunk: one trained arm) holds.  1: early stop, metrics, curves, kept counts (and the next
# level's start); 2: also the per-example test outcomes at the early-stopping iteration (``test_outcome``).  Part of
# the store's identity (verify.lth.run.store_identity): records of another version are refused, never mixed in.
RECORD_VERSION = 2
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

    ``metric`` is the test accuracy (classification) or the test MSE (regression) at the early-stopping iteration;
    ``arrays[arm]["test_outcome"]`` (trials, levels, n_test) the per-example test outcomes there: correct (bool) for
    classification, the squared error summed over the outputs (float64) for regression — the same test examples for
    every trial, level and arm.  Its mean over examples is ``metric`` exactly (classification) or K·``metric`` up to
    rounding (regression, K outputs).

    ``arms``: the arms the run trained, in :data:`verify.lth.method.ARMS` order — all three by default, the ticket
    alone for a ticket-only run (``run_imp(..., controls=())``).  An arm not trained is absent from ``arrays`` and
    from every view (no zeros, no NaN); :meth:`arm` refuses it with one line.
    """

    settings: IMPSettings
    seed: int
    trials: int
    task: str
    density: np.ndarray                      # (levels,) P_m
    kept: np.ndarray                         # (trials, levels, layers) ticket's kept weights
    arrays: dict = field(default_factory=dict)  # arm -> name -> (trials, levels) ; curves (trials, levels, E)
    arms: tuple = ARMS                       # the arms trained (the ticket first)

    @property
    def metric_name(self) -> str:
        return "test_accuracy" if self.task == "classification" else "test_mse"

    @property
    def ticket_only(self) -> bool:
        return self.arms == ("ticket",)

    def arm(self, name: str) -> dict:
        """The arrays of arm ``name``; an arm the run did not train is refused (a ticket-only run has no controls)."""
        if name not in self.arms:
            raise InvalidInput(f"arm {name!r} was not trained in this run (its arms: {', '.join(self.arms)}); run it "
                               f"with that control to read it")
        return self.arrays[name]

    @classmethod
    def assemble(cls, settings, seed, trials, chains, controls, arms: tuple = ARMS) -> IMPResult:
        """The result of the finished ``chains`` ({trial: {level: ticket record}}) and ``controls`` ({(trial, level,
        arm): record}) of the trained ``arms``."""
        levels = settings.rounds + 1
        data = dataset(settings, seed)
        kept = np.array([[chains[t][k]["kept"] for k in range(levels)] for t in range(trials)], np.int64)
        density = kept[0].sum(axis=1) / sum(settings.layer_sizes())
        if not np.all(kept.sum(axis=2) == kept[0].sum(axis=1)):
            raise RuntimeError("trials disagree on the number of kept weights")  # pragma: no cover - invariant
        arrays = {}
        for arm in arms:
            def record(t, k, arm=arm):
                if arm == "ticket" or (arm == "random_mask" and k == 0):
                    return chains[t][k]
                return controls[(t, k, arm)]
            arrays[arm] = {name: np.array([[record(t, k)[name] for k in range(levels)] for t in range(trials)])
                           for name in _SCALARS + ("curve_validation_loss", "curve_metric", "test_outcome")}
            arrays[arm]["kept"] = np.array([[record(t, k)["kept"] for k in range(levels)] for t in range(trials)])
        arrays["curve_iteration"] = np.asarray(chains[0][0]["curve_iteration"])
        for arm in arms:
            for fraction in WITHIN_FRACTIONS:
                arrays[arm][f"within_{fraction:g}"] = first_within(
                    arrays["curve_iteration"], arrays[arm]["curve_validation_loss"], fraction)
        return cls(settings, seed, trials, data.task, density, kept, arrays, tuple(arms))

    # -- views ---------------------------------------------------------------------------------------------------
    def table(self):
        """Tidy pandas DataFrame: one row per (arm, trial, level)."""
        import pandas as pd

        rows = []
        for arm in self.arms:
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
                           "final_metric": self.arrays[arm]["final_metric"].tolist()} for arm in self.arms},
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
            for arm in self.arms:
                for name, key, cast in ((metric, "metric", float), ("early_stop_iter", "early_stop", int),
                                        ("validation_loss", "validation_loss", float)):
                    values = self.arrays[arm][key][:, k]
                    entry[f"{arm}_{name}"] = float(np.mean(values))
                    entry[f"{arm}_{name}_min"] = cast(np.min(values))
                    entry[f"{arm}_{name}_max"] = cast(np.max(values))
                    entry[f"{arm}_{name}_per_trial"] = [cast(v) for v in values]
            levels.append(entry)
        document = {"data": self.settings.data, "task": self.task, "metric": metric, "trials": self.trials,
                    "seed": self.seed, "settings": self.settings.identity(),
                    "last_evaluation": int(self.arrays["curve_iteration"][-1]), "levels": levels}
        if self.arms != ARMS:  # a run without every control says which arms it has (the default's bytes unchanged)
            document["arms"] = list(self.arms)
        return document


    # -- the result table ------------------------------------------------------------------------------------
    def columns(self, prefix: str) -> tuple[dict, dict]:
        """The run's columns in a result table, named ``<prefix>.…``, and its meta entry (see :func:`result_table`)."""
        classification = self.task == "classification"
        columns = {f"{prefix}.density": np.asarray(self.density, np.float64),
                   f"{prefix}.kept": np.asarray(self.kept[0], np.int64),
                   f"{prefix}.last_evaluation": np.array(int(self.arrays["curve_iteration"][-1]), np.int64)}
        n_test = 0
        for arm in self.arms:
            a = self.arrays[arm]
            columns[f"{prefix}.{arm}.early_stop"] = np.asarray(a["early_stop"], np.int64)
            columns[f"{prefix}.{arm}.metric"] = np.asarray(a["metric"], np.float64)
            columns[f"{prefix}.{arm}.validation_loss"] = np.asarray(a["validation_loss"], np.float64)
            outcome = np.asarray(a["test_outcome"], bool if classification else np.float64)
            columns[f"{prefix}.{arm}.test_outcome"] = outcome
            n_test = int(outcome.shape[-1])
            for q in WITHIN_FRACTIONS:
                columns[f"{prefix}.{arm}.within_{q:g}"] = np.asarray(a[f"within_{q:g}"], np.int64)
        data = dataset(self.settings, self.seed)
        meta = {"name": prefix, "data": self.settings.data, "task": self.task, "metric": self.metric_name,
                "outcome": "correct" if classification else "squared_error_sum", "n_test": n_test,
                "n_outputs": int(data.n_outputs), "trials": int(self.trials), "seed": int(self.seed),
                "settings": self.settings.identity(), "last_evaluation": int(self.arrays["curve_iteration"][-1]),
                "within_fractions": list(WITHIN_FRACTIONS)}
        if self.arms != ARMS:  # only a run without every control names its arms (the default's bytes unchanged)
            meta["arms"] = list(self.arms)
        return columns, meta


def result_table(name: str, runs: dict, campaign: str = "", description: str = ""):
    """A result table (:class:`verify.tables.Table`) of IMP runs ``{run name: IMPResult}``, the table
    :mod:`verify.claims.lth` decides the lottery-ticket claims from.  Columns, per run ``R`` (level 0 is the dense
    network; T trials, L levels, N test examples):

    * ``R.density`` (L,) float64 P_m; ``R.kept`` (L, layers) int64 the ticket's kept weights per layer;
      ``R.last_evaluation`` () int64 the last evaluated iteration (an early stop there is censored);
    * per arm ``A`` the run trained (ticket, reinit, random_mask; a ticket-only run has ``R.ticket.*`` alone and
      its meta says ``"arms": ["ticket"]``): ``R.A.early_stop`` (T, L) int64 the early-stopping iteration;
      ``R.A.metric`` (T, L) float64 the test accuracy (or MSE) there; ``R.A.validation_loss`` (T, L) float64;
      ``R.A.test_outcome`` (T, L, N) the per-example test outcomes there — bool (correct) for classification,
      float64 (squared error summed over the outputs) for regression; ``R.A.within_<q>`` (T, L) int64, the
      [derived] first iteration within a factor 1 + q of the run's minimum validation loss (:func:`first_within`).

    ``meta["arms"]`` lists the arms any run holds; ``meta["runs"]`` lists each run's meta in order (its data, task,
    metric, outcome kind, N, trials, seed and settings, and ``arms`` for a run without every control); the test
    examples are the same for every trial, level and arm of a run (crossed with the trials)."""
    arrays, metas = {}, []
    for run_name, imp in runs.items():
        columns, meta = imp.columns(run_name)
        arrays.update(columns)
        metas.append(meta)
    present = [arm for arm in ARMS if not runs or any(arm in imp.arms for imp in runs.values())]
    meta = {"campaign": campaign, "description": description, "record_version": RECORD_VERSION, "arms": present,
            "runs": metas, "trials_are": "independent training seeds (theta_0, reinit draws, minibatch order)",
            "examples_are": "the fixed test split, shared by every trial, level and arm (crossed with the trials)"}
    return Table(name, arrays, meta)


__all__ = ["IMPResult", "RECORD_VERSION", "WITHIN_FRACTIONS", "first_within", "result_table"]
