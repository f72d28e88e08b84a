"""A pilot of the dense network alone: where its early-stopping iteration lies, before any ticket is trained.

The lottery ticket claims time learning by the early-stopping iteration ES (the evaluated iteration of minimum
validation loss) and read accuracy there, so a run must be long enough for ES to be *interior*: a minimum at the last
evaluation is censored (the true minimum may lie later, :mod:`verify.claims.lth`).  The length has to be chosen
before the ticket arms are seen (issue 14); this module trains only the dense network — level 0 of the ticket chain,
θ₀ of trial t drawn and its minibatches ordered exactly as :func:`verify.lth.run.run_imp` does for (seed, t) — on
the seeds and trials given, and reports per run ES, the minimum validation loss, the test accuracy at ES and the
last evaluation.  Since training is deterministic and evaluations fall on the same iterations, a pilot run of length
I' ≥ I has, up to iteration I, exactly the curve of a run of length I: the pilot's ES is the run's whenever it lies
within the run.

The **interior rule** (issue 14): the last evaluation is at least ``factor`` (2) times the dense ES of every pilot run;
:meth:`DensePilot.shortest_interior` is the shortest length, a multiple of the evaluation step, that meets it.

**Design resolution** (classification): pairs of independent dense networks (trials 2i and 2i + 1 of a seed: other
θ₀, other minibatch order) have no true difference in expected accuracy, so the crossed interval of their paired
per-example difference (:func:`verify.stats.crossed_mean` over pairs × the shared test examples, the interval the
accuracy claims use) measures how finely a campaign with that many trials resolves an accuracy difference: a
non-inferiority margin below its half-width cannot be met even by identical networks.  Two networks that share θ₀
and the minibatch order (a ticket and its dense network) disagree less, so this is conservative.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput
from verify.lth.method import ROLE_ORDER, IMPSettings, dataset, initial_network, train_arm, trial_seed
from verify.memory import require
from verify.streams import check_seed
from verify.train.loop import EVALUATION_BYTES
from verify.validate import check_int, check_real

MAX_PILOT_RUNS = 200
SHARED_TEST_SET = ("digits", "mnist5k", "mnist")  # fixed splits: every seed sees the same test examples


@dataclass(frozen=True)
class _DenseTask:
    """Train the dense network of run ``index`` (a (seed, trial) pair): picklable, for worker processes."""

    settings: IMPSettings
    runs: tuple

    def __call__(self, start: int, stop: int) -> dict:
        out: dict[str, list] = {}
        for index in range(start, stop):
            seed, trial = self.runs[index]
            data = dataset(self.settings, seed)
            net = initial_network(self.settings, seed, trial)
            history, _ = train_arm(net, data, self.settings, trial_seed(seed, ROLE_ORDER, trial))
            metric = history.early_stop.test_accuracy if data.is_classification else history.early_stop.test_loss
            row = {"early_stop": np.array([history.early_stop_iteration], np.int64),
                   "validation_loss": np.array([history.early_stop.validation_loss]),
                   "metric": np.array([metric], np.float64),
                   "final_validation_loss": np.array([history.final.validation_loss]),
                   "test_outcome": np.asarray(history.test_outcome, np.float64)[None, :],
                   "curve_iteration": np.array([[e.iteration for e in history.evaluations]], np.int64),
                   "curve_validation_loss": np.array([[e.validation_loss for e in history.evaluations]])}
            for key, value in row.items():
                out.setdefault(key, []).append(value)
        return {key: np.concatenate(values) for key, values in out.items()}


@dataclass(frozen=True)
class DensePilot:
    """What a dense pilot measured: per run (``runs``: (seed, trial) pairs, in order) the early-stopping iteration,
    the validation loss there, the test metric there (accuracy, or MSE on regression tasks), the final validation
    loss, the per-example test outcomes at ES (N,) and the validation curve."""

    settings: IMPSettings
    runs: tuple
    classification: bool
    early_stop: np.ndarray
    validation_loss: np.ndarray
    metric: np.ndarray
    final_validation_loss: np.ndarray
    test_outcome: np.ndarray
    curve_iteration: np.ndarray
    curve_validation_loss: np.ndarray

    @property
    def last_evaluation(self) -> int:
        return int(self.curve_iteration[0, -1])

    def shortest_interior(self, factor: float = 2.0) -> int:
        """The shortest training length, a multiple of ``eval_every``, whose last evaluation is at least ``factor``
        times every pilot run's dense early-stopping iteration."""
        factor = check_real("factor", factor, 1.0)
        step = self.settings.eval_every
        return max(step, int(math.ceil(factor * int(self.early_stop.max()) / step)) * step)

    def interior(self, iterations: int, factor: float = 2.0) -> bool:
        """Whether a run of ``iterations`` meets the interior rule on every pilot run (its ES lies before the end of
        the pilot, and the last evaluation is at least ``factor`` × the largest ES)."""
        return bool(self.early_stop.max() < self.last_evaluation) and iterations >= factor * self.early_stop.max()

    def resolution(self, confidence: float = 0.95, margin: float = 0.01, project=(5, 6, 7, 8, 10)) -> dict | None:
        """The crossed interval of the paired accuracy difference between independent dense networks (trials 2i and
        2i + 1 of each seed; see the module docstring), and its projection to other numbers of trials.

        Measured: ``pairs``, ``mean``, ``se`` and ``half_width`` (of the two-sided ``confidence`` interval, Student t
        on pairs − 1 df) of :func:`verify.stats.crossed_mean`.  Projected: the two-way random-effects model
        d(t, n) = μ + a_t + b_n + e_tn fitted by the ANOVA of the (pairs × examples) table (σ_e² = MS_residual,
        σ_b² = (MS_examples − MS_residual)/P, σ_a² = (MS_pairs − MS_residual)/N, negative estimates set to 0); with T
        trials the crossed variance is (σ_a² + σ_e²/N)/T + (σ_b² + σ_e²/T)/N, the half-width t_{T−1}·se, and
        ``p_clear`` = P(t_{T−1} > (half-width − margin)/se): the chance that a ticket with no true difference clears
        the non-inferiority ``margin`` at one level.  None on regression tasks, on data drawn per seed (the Plant 'n'
        Seek tasks: no test set shared across seeds) or with fewer than two pairs."""
        from scipy.stats import t as student

        from verify import stats

        if not self.classification or self.settings.data not in SHARED_TEST_SET:
            return None
        by_seed: dict[int, list[int]] = {}
        for index, (seed, _) in enumerate(self.runs):
            by_seed.setdefault(seed, []).append(index)
        pairs = [(group[i], group[i + 1]) for group in by_seed.values() for i in range(0, len(group) - 1, 2)]
        if len(pairs) < 2:
            return None
        outcome = self.test_outcome.astype(np.float64)
        d = np.array([outcome[a] - outcome[b] for a, b in pairs])
        evidence = stats.crossed_mean(d)
        low, high = evidence.interval(confidence)
        p, n = d.shape
        grand = d.mean()
        rows, cols = d.mean(axis=1), d.mean(axis=0)
        ms_rows = n * np.sum((rows - grand) ** 2) / (p - 1)
        ms_cols = p * np.sum((cols - grand) ** 2) / (n - 1)
        residual = d - rows[:, None] - cols[None, :] + grand
        ms_residual = np.sum(residual ** 2) / ((p - 1) * (n - 1))
        sigma_e2 = float(ms_residual)
        sigma_b2 = float(max(0.0, (ms_cols - ms_residual) / p))
        sigma_a2 = float(max(0.0, (ms_rows - ms_residual) / n))
        projected = {}
        for trials in project:
            trials = check_int("trials", trials, 2)
            se = math.sqrt((sigma_a2 + sigma_e2 / n) / trials + (sigma_b2 + sigma_e2 / trials) / n)
            # the judge's one-sided level is (1 - confidence) / 2 (verify.compare.judge): the lower end of the
            # two-sided interval, so one quantile serves the half-width and the margin test
            half = float(student.ppf(0.5 + confidence / 2.0, trials - 1)) * se
            p_clear = float(student.sf((half - margin) / se, trials - 1)) if se > 0 else 1.0
            projected[str(trials)] = {"se": se, "half_width": half, "p_clear": p_clear}
        return {"pairs": len(pairs), "mean": float(evidence.estimate), "se": float(evidence.se),
                "half_width": float((high - low) / 2.0), "confidence": confidence, "margin": margin,
                "components": {"sigma_a2": sigma_a2, "sigma_b2": sigma_b2, "sigma_e2": sigma_e2},
                "projected": projected}

    def to_json(self, margin: float = 0.01) -> dict:
        return {"data": self.settings.data, "settings": self.settings.identity(),
                "metric": "test_accuracy" if self.classification else "test_mse",
                "last_evaluation": self.last_evaluation,
                "runs": [{"seed": int(seed), "trial": int(trial), "early_stop_iter": int(self.early_stop[i]),
                          "validation_loss": float(self.validation_loss[i]), "metric": float(self.metric[i]),
                          "final_validation_loss": float(self.final_validation_loss[i])}
                         for i, (seed, trial) in enumerate(self.runs)],
                "early_stop_max": int(self.early_stop.max()), "early_stop_median": float(np.median(self.early_stop)),
                "censored_runs": int(np.count_nonzero(self.early_stop >= self.last_evaluation)),
                "shortest_interior": self.shortest_interior(), "resolution": self.resolution(margin=margin)}


def pilot_memory(runs: int, settings: IMPSettings, test_examples: int) -> list[tuple[str, float]]:
    """The pilot's peak beyond one training (closed form, :func:`verify.memory.require`): every run keeps its
    validation curve (an iteration and a loss, 16 bytes per evaluation, in the task's rows and again when joined) and
    its per-example test outcomes (8 bytes each, twice); while a run trains, its history holds
    ``EVALUATION_BYTES`` per evaluation."""
    evaluations = settings.iterations // settings.eval_every + 2
    return [(f"{runs} validation curves of {evaluations} evaluations", 2.0 * 16 * runs * evaluations),
            (f"{runs} x {test_examples} per-example test outcomes", 2.0 * 8 * runs * test_examples),
            ("the training histories in flight", float(EVALUATION_BYTES) * evaluations * (os.cpu_count() or 1))]


def dense_pilot(settings: IMPSettings, seeds, trials: int = 2, *, workers: int | None = None,
                executor: str = "processes", progress: bool = False) -> DensePilot:
    """Train the dense network (level 0 of the ticket chain) of every (seed, trial), seeds × range(trials), with
    ``settings`` (their ``rounds`` play no part); see the module docstring.  Nothing else is trained.  ``executor``:
    ``processes`` or ``local`` (threads); the numbers are the same."""
    from verify.executors import run_chunks

    if not isinstance(settings, IMPSettings):
        raise InvalidInput(f"settings must be IMPSettings, got {type(settings).__name__}")
    seeds = [check_seed(s) for s in seeds]
    if not seeds or len(set(seeds)) != len(seeds):
        raise InvalidInput(f"seeds must be distinct and at least one, got {seeds}")
    trials = check_int("trials", trials, 1)
    if len(seeds) * trials > MAX_PILOT_RUNS:  # before the runs are listed
        raise InvalidInput(f"a pilot of {len(seeds)} seeds x {trials} trials = {len(seeds) * trials:,} runs exceeds "
                           f"{MAX_PILOT_RUNS}; allowed: at most {MAX_PILOT_RUNS} runs")
    runs = tuple((s, t) for s in seeds for t in range(trials))
    data = dataset(settings, seeds[0])  # refuse a network that does not fit the data before any work
    require(f"a dense pilot of {len(runs)} runs", pilot_memory(len(runs), settings, len(data.test)),
            advice="use fewer seeds or trials, fewer iterations, or evaluate less often")
    task = _DenseTask(settings, runs)
    parts = run_chunks(task, [(i, i + 1) for i in range(len(runs))], executor=executor, workers=workers,
                       progress=progress, unit="training", description=f"dense pilot {settings.data}")
    joined = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    outcome = joined["test_outcome"]
    return DensePilot(settings, runs, data.is_classification, joined["early_stop"], joined["validation_loss"],
                      joined["metric"], joined["final_validation_loss"],
                      outcome.astype(bool) if data.is_classification else outcome, joined["curve_iteration"],
                      joined["curve_validation_loss"])


__all__ = ["DensePilot", "dense_pilot", "pilot_memory"]
