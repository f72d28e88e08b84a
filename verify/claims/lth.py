"""The lottery ticket paper's claims (Frankle & Carbin, ICLR 2019; spec lth.md, [paper]), decided from the result
tables of the IMP runs: ``lth_mnist5k`` (LeNet-300-100 on MNIST-5k, 5,000 of the 70,000 MNIST images),
``lth_digits``, ``lth_plantnseek`` and ``lth_variants``.  The speed, accuracy and reinit claims are registered per
dataset (rule parameters ``dataset``, ``table``, ``run``) and judged by the same evaluators.

**Data** (:func:`verify.lth.result.result_table`).  A table holds one or more runs, columns prefixed ``<run>.``: for
arm a ∈ {ticket, reinit, random_mask}, trial t = 1..T and level k = 0..K (density P_m(k); level 0 is the dense
network trained from θ₀, "the original network"), the early-stopping iteration ES_a(t, k) (the iteration of minimum
validation loss), the metric there and the per-example test outcomes y_a(t, k, n), n = 1..N: correct (0/1) for
classification, the squared error summed over the outputs for regression.  The N test examples are the same for
every trial, level and arm (a fixed split; the synthetic tasks are drawn once per run): trials and examples are
**crossed** factors, and every interval below samples both.  Trials are the independent units (seeds of θ₀, of the
reinitialisations and of the minibatch order): levels within a trial share a ticket lineage and are never counted
as replicates, and a rule's ``min_replicates`` counts trials.  Every parameter — table, run, density scope, margins,
bootstrap replicates, the paper's numbers — comes from the claim's rule (``rules/lth.toml``).

**Speed** (:func:`faster`).  Per trial, the mean over the levels in scope of the log ratio of early-stopping
iterations,

.. math::  L_t = \\frac{1}{|S_t|} \\sum_{k ∈ S_t} \\log \\frac{ES_{ticket}(t, k)}{ES_c(t, k)},

c = reinit (same level) or dense (ES_ticket(t, 0)); pairs where either run stops at iteration 0 are left out (no
learning to time).  The claim is E[L] < 0 (strict), a t-test over trials (:func:`verify.stats.unit_mean`, T − 1 df);
exp(mean L) is the geometric-mean ratio.  Censoring: an early stop at the last evaluation is censored (the true
minimum may lie later); when more than ``max_censored_fraction`` of the pairs have a censored member the comparison
is not judged (inconclusive, with the reason; train longer).

**Accuracy** (:func:`as_accurate`, :func:`more_accurate`, :func:`reset_beats_continue`).  Paired differences on the
same trial and example, Δ_k(t, n) = y_ticket(t, k, n) − y_ticket(t, 0, n) (against the dense network of the same
trial), and their crossed mean

.. math::  \\bar Δ_k = \\frac{1}{TN} \\sum_{t, n} Δ_k(t, n), \\qquad
           \\widehat{\\mathrm{Var}}(\\bar Δ_k) = s_T^2 / T + s_N^2 / N

(:func:`verify.stats.crossed_mean`: s_T² the variance of the trial means, s_N² of the example means; Student t on
T − 1 df).  Non-inferiority at level k: Δ̄_k ≥ −m, m the margin (accuracy as a fraction); every level in scope must
hold (an intersection-union test), violations Holm-adjusted (:meth:`verify.claims.model.Claim.decide`).  On a
regression task the quantity is the log ratio of pooled squared errors,

.. math::  R_k = \\log \\frac{\\sum_{t,n} e_{ticket}(t, k, n)}{\\sum_{t,n} e_{ticket}(t, 0, n)},

claimed ≤ m_reg (``regression_margin``, a log ratio: log 1.1 allows 10 % more squared error), with a crossed-bootstrap
percentile test.

**Crossed bootstrap.**  Each replicate draws T trials and N examples with replacement, independently (the examples
once for every arm and level: the test set is shared), exactly the draws of :func:`verify.stats.crossed_bootstrap`
with the same seed; with multiplicities α_t, β_n a replicate's crossed mean is Σ_{t,n} α_t β_n v(t, n) / (TN),
computed as that weighted sum (a test checks it against :func:`verify.stats.crossed_bootstrap`).  The seed is derived
from the table and run names, so every claim on a run resamples it the same way.

**Crossover density.**  P*_a(m) = P_m(k*_a), k*_a the first level k ≥ 1, going sparser, at which arm a falls a margin
below the dense network: Δ̄_{a,k} < −m (Δ of the arm against the dense network of its trial), or R_{a,k} > m_reg on
regression.  A curve that never falls that far gives k* = K + 1, "beyond the sparsest level" (its density reported
as 0).  The interval is the crossed bootstrap's percentile interval.  The densities the paper reports (LeNet-300-100
on MNIST: at least as accurate down to 3.6 %, reinit losing accuracy from 21 %, tickets only from 2.9 %) belong to
another network and dataset: they are shown beside the estimates, never used as thresholds.

**Reinit degrades earlier** (:func:`reinit_degrades_earlier`).  D = k*_ticket − k*_reinit (pruning rounds) > 0,
strict: the reinitialisation falls a margin below the dense network at a denser level than the ticket.  Crossed
bootstrap of D (the same replicates for both arms), percentile p-values.

**Variants** (:func:`faster` with the dense network as comparator on the one-shot run; :func:`more_accurate`:
Δ̄_k > 0 strictly at every level of the paper's one-shot range; :func:`reset_beats_continue`: the crossed mean over
trials and examples of the mean over the pruned levels of y_reset − y_continue, > 0 strictly — the runs share their
seed, so θ₀ and the minibatch order: paired trials).

**The pattern on other tasks** (:func:`pattern_transfers`).  Frankle & Carbin make no claim about the Plant 'n' Seek
tasks; the claim judged there is that the paper's *qualitative* pattern transfers: on every registered task the
ticket is non-inferior to the dense network at moderate sparsity (as :func:`as_accurate`) and the reinitialisation
falls behind before the ticket does (as :func:`reinit_degrades_earlier`).  A registered task without data is an
insufficient comparison, so the claim cannot hold on a subset of the tasks.

**[derived]** (not the paper's measure): the same speed comparison with T_q, the first evaluated iteration within a
factor 1 + q of the run's minimum validation loss, which a flat validation curve cannot move the way it moves the
argmin (:func:`derived_speed`); reported as facts and by ``slth lth run``, never part of a claim.

Evaluators take (results, rule) and return (verdicts, facts) (:mod:`verify.claims.model`); :func:`run_verdicts` is
what ``slth lth run --json`` adds to a run's measurements.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, replace

import numpy as np

from verify import stats
from verify.claims.model import expects, fact
from verify.claims.results import Results
from verify.compare import BoundValue, Measurement, Verdict, bootstrap_measurement, combine, judge, mean_measurement
from verify.errors import InvalidInput
from verify.evidence import Bootstrap
from verify.lth.method import ARMS
from verify.lth.result import WITHIN_FRACTIONS, result_table
from verify.streams import PURPOSE_STATISTICS, stream
from verify.validate import format_confidence

_TOLERANCE = 1e-9  # densities compared to a scope's ends (the schedule's densities are not round numbers)
_BLOCK = 64        # bootstrap replicates per weighted sum (memory: block × levels × examples floats)


# -- reading a run from a table ---------------------------------------------------------------------------------------
class UntrainedArm(InvalidInput):
    """A claim read an arm its run did not train (a ticket-only run has no controls)."""


@dataclass(frozen=True)
class Run:
    """One IMP run of a result table: its columns (``<name>.<arm>.<field>``), meta and the derived views."""

    table: str
    name: str
    meta: dict
    columns: dict

    @property
    def classification(self) -> bool:
        return self.meta["task"] == "classification"

    @property
    def density(self) -> np.ndarray:
        return np.asarray(self.columns[f"{self.name}.density"], dtype=np.float64)

    @property
    def last_evaluation(self) -> int:
        return int(self.columns[f"{self.name}.last_evaluation"])

    @property
    def trials(self) -> int:
        return int(self.column("ticket", "early_stop").shape[0])

    @property
    def examples(self) -> int:
        return int(self.column("ticket", "test_outcome").shape[-1])

    @property
    def arms(self) -> tuple[str, ...]:
        """The arms the run trained: its meta's ``arms`` (a run without every control), else all three."""
        return tuple(self.meta.get("arms", ARMS))

    def key(self, arm: str, field: str) -> str:
        return f"{self.name}.{arm}.{field}"

    def column(self, arm: str, field: str) -> np.ndarray:
        if arm not in self.arms:
            raise UntrainedArm(f"run {self.name} of table {self.table} trained no {arm} arm (its arms: "
                               f"{', '.join(self.arms)}): a comparison with its {arm} cannot be judged on it")
        key = self.key(arm, field)
        if key not in self.columns:
            raise InvalidInput(f"table {self.table} has no column {key!r}")
        return self.columns[key]

    def outcomes(self, arm: str) -> np.ndarray:
        """y_arm(t, k, n) as float64 (0/1 for classification)."""
        return np.asarray(self.column(arm, "test_outcome"), dtype=np.float64)

    def settings(self) -> dict:
        return self.meta.get("settings", {})


def load_run(results, table: str, name: str) -> Run:
    """Run ``name`` of result table ``table``."""
    found = results.table(table)
    for meta in found.meta.get("runs", []):
        if meta.get("name") == name:
            return Run(table, name, meta, found.arrays)
    names = ", ".join(m.get("name", "?") for m in found.meta.get("runs", []))
    raise InvalidInput(f"table {table} has no run {name!r} (runs: {names or 'none'})")


def has_run(results, table: str, name: str) -> bool:
    return results.has(table) and any(m.get("name") == name for m in results.table(table).meta.get("runs", []))


def _check_settings(run: Run, parameters: dict, claim: str) -> None:
    """The rule's ``schedule`` and ``rewind`` (when given) must be the run's."""
    for name in ("schedule", "rewind"):
        if name in parameters and run.settings().get(name) != parameters[name]:
            raise InvalidInput(f"{claim} is judged on a run with {name} {parameters[name]!r}; run {run.name} of "
                               f"table {run.table} has {run.settings().get(name)!r}")


def scope_levels(density, low: float = 0.0, high: float = 1.0) -> list[int]:
    """Pruned levels k ≥ 1 with low ≤ P_m(k) ≤ high."""
    return [k for k, d in enumerate(np.asarray(density, dtype=np.float64)) if k >= 1
            and low * (1 - _TOLERANCE) <= d <= high * (1 + _TOLERANCE)]


def _scope(run: Run, parameters: dict) -> list[int]:
    return scope_levels(run.density, float(parameters.get("density_min", 0.0)),
                        float(parameters.get("density_max", 1.0)))


def _percent(value: float) -> str:
    return f"{100 * value:.3g} %"


def _scope_text(run: Run, levels: list[int]) -> str:
    if not levels:
        return "no level"
    d = run.density[levels]
    return f"{len(levels)} level(s), P_m {_percent(d.max())} ... {_percent(d.min())}"


def _unmeasured(claim: str, quantity: str, bound: BoundValue, why: str, units: int, level: float,
                details: dict | None = None) -> Verdict:
    """A comparison that could not be measured: inconclusive (insufficient with fewer units than the rule's
    minimum), with the reason as its explanation."""
    measurement = Measurement(quantity=quantity, low=None, high=None, confidence=0.95, method=why, units=units,
                              details=dict(details or {}))
    return replace(judge(claim, measurement, bound, level=level), explanation=f"Not measured: {why}.")


# -- the crossed bootstrap ------------------------------------------------------------------------------------------
def bootstrap_seed(table: str, run: str) -> int:
    """The seed of a run's crossed bootstrap: the same for every claim on that run."""
    return zlib.crc32(f"lth|{table}|{run}".encode())


def bootstrap_weights(trials: int, examples: int, replicates: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Multiplicities (replicates, T) of trials and (replicates, N) of examples: the draws of
    :func:`verify.stats.crossed_bootstrap` with the same seed (rows then columns, per replicate)."""
    generator = stream(seed, PURPOSE_STATISTICS, 0)
    alpha = np.empty((replicates, trials))
    beta = np.empty((replicates, examples))
    for b in range(replicates):
        alpha[b] = np.bincount(generator.integers(0, trials, trials), minlength=trials)
        beta[b] = np.bincount(generator.integers(0, examples, examples), minlength=examples)
    return alpha, beta


def weighted_sums(values: np.ndarray, alpha: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """Σ_{t,n} α_bt β_bn v(t, k, n) for every replicate b and level k: (replicates, L) from ``values`` (T, L, N)."""
    trials, levels, examples = values.shape
    flat = values.reshape(trials, levels * examples)
    out = np.empty((alpha.shape[0], levels))
    for start in range(0, alpha.shape[0], _BLOCK):
        stop = min(start + _BLOCK, alpha.shape[0])
        partial = (alpha[start:stop] @ flat).reshape(stop - start, levels, examples)
        out[start:stop] = np.einsum("bln,bn->bl", partial, beta[start:stop])
    return out


@dataclass(frozen=True)
class Curves:
    """Per-level gaps of arms against the dense network, observed and in every bootstrap replicate: Δ̄ (mean
    difference of outcomes; classification) or R (log ratio of pooled squared errors; regression), shape (L,) and
    (replicates, L); level 0 is 0 by construction."""

    observed: dict
    replicates: dict
    classification: bool

    def worse(self, gap: np.ndarray, margin: float) -> np.ndarray:
        """Where the arm is worse than the dense network by more than the margin."""
        return gap < -margin if self.classification else gap > margin


def gap_curves(run: Run, arms, replicates: int, seed: int | None = None) -> Curves:
    """Δ̄_a,k or R_a,k (see the module docstring) of each arm against the ticket's level 0 (the dense network)."""
    seed = bootstrap_seed(run.table, run.name) if seed is None else seed
    dense = run.outcomes("ticket")[:, :1, :]
    alpha, beta = bootstrap_weights(run.trials, run.examples, replicates, seed)
    scale = float(run.trials * run.examples)
    dense_sums = weighted_sums(dense, alpha, beta)[:, 0]
    dense_total = float(dense.sum())
    observed, resampled = {}, {}
    for arm in arms:
        values = run.outcomes(arm)
        sums = weighted_sums(values, alpha, beta)
        totals = values.sum(axis=(0, 2))
        if run.classification:
            observed[arm] = (totals - dense_total) / scale
            resampled[arm] = (sums - dense_sums[:, None]) / scale
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                observed[arm] = np.log(totals / dense_total)
                resampled[arm] = np.log(sums / dense_sums[:, None])
    return Curves(observed, resampled, run.classification)


def crossover_level(worse: np.ndarray) -> np.ndarray:
    """k* along the last axis: the first level k ≥ 1 where ``worse`` holds, L (one past the sparsest) if none."""
    worse = np.asarray(worse, dtype=bool)[..., 1:]
    levels = worse.shape[-1] + 1
    return np.where(worse.any(axis=-1), np.argmax(worse, axis=-1) + 1, levels)


def _density_at(run: Run, level: float) -> float:
    """P_m at a level, 0 beyond the sparsest (a quantile of k* may fall between levels: the denser end)."""
    level = int(math.floor(level))
    return 0.0 if level >= run.density.size else float(run.density[level])


def _crossover_facts(prefix: str, run: Run, curves: Curves, arm: str, margin: float, confidence: float,
                     what: str) -> tuple[dict, np.ndarray]:
    observed = int(crossover_level(curves.worse(curves.observed[arm], margin)))
    replicated = crossover_level(curves.worse(curves.replicates[arm], margin))
    tail = (1.0 - confidence) / 2.0
    low_level, high_level = np.quantile(replicated, [tail, 1.0 - tail], method="inverted_cdf")
    beyond = observed >= run.density.size
    source = (run.table, run.key(arm, "test_outcome"))
    facts = {
        f"{prefix}.density": fact(None if beyond else _density_at(run, observed),
                                  f"estimated crossover density P*_{arm}: first level, going sparser, where {what} "
                                  f"(None: beyond the sparsest level)", source),
        f"{prefix}.level": fact(observed, f"its level k* (pruning rounds; {run.density.size} = beyond the sparsest)",
                                source),
        f"{prefix}.beyond": fact(bool(beyond), f"P*_{arm} lies beyond the sparsest level measured", source),
        # the interval of a density: the sparser end comes from the larger level
        f"{prefix}.low": fact(_density_at(run, high_level), f"lower end of the {format_confidence(confidence)} "
                              f"crossed-bootstrap percentile interval of P*_{arm} (0: beyond the sparsest level)",
                              source),
        f"{prefix}.high": fact(_density_at(run, low_level), "upper end of that interval", source),
    }
    return facts, replicated


# -- speed ----------------------------------------------------------------------------------------------------------
def speed_measurement(run: Run, levels: list[int], comparator: str, field: str = "early_stop",
                      max_censored_fraction: float = 0.5, confidence: float = 0.95, label: str = ""):
    """(measurement or None, details): the mean over trials of the per-trial mean log ratio of ``field`` (early
    stop, or a [derived] ``within_<q>``) of the ticket against ``comparator`` ("reinit", "dense") over ``levels``;
    None with the reason in ``details["why"]`` when it cannot be measured."""
    ticket = np.asarray(run.column("ticket", field), dtype=np.float64)
    if comparator == "dense":
        other = np.repeat(ticket[:, :1], ticket.shape[1], axis=1)
    else:
        other = np.asarray(run.column(comparator, field), dtype=np.float64)
    last = run.last_evaluation
    pairs = run.trials * len(levels)
    ticket_censored = int(np.count_nonzero(ticket[:, levels] >= last))
    other_censored = int(np.count_nonzero(other[:, levels] >= last))
    censored = int(np.count_nonzero((ticket[:, levels] >= last) | (other[:, levels] >= last)))
    valid = (ticket[:, levels] > 0) & (other[:, levels] > 0)
    details = {"levels": levels, "densities": run.density[levels].tolist(), "pairs": pairs,
               "pairs_excluded_minimum_at_iteration_0": int(pairs - np.count_nonzero(valid)),
               "pairs_censored": censored, "ticket_censored": ticket_censored,
               f"{comparator}_censored": other_censored, "last_evaluation": last, "field": field}
    if not levels:
        details["why"] = "no pruned level in the registered density scope"
        return None, details
    if censored > max_censored_fraction * pairs:
        details["why"] = (f"in {censored} of {pairs} pairs a run reached its minimum validation loss at the last "
                          f"evaluation (censored), more than the rule's {max_censored_fraction:.0%}; train longer")
        return None, details
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(valid, np.log(ticket[:, levels] / other[:, levels]), np.nan)
    counted = valid.sum(axis=1)
    per_trial = np.where(counted > 0, np.nansum(np.where(valid, logs, 0.0), axis=1) / np.maximum(counted, 1), np.nan)
    finite = per_trial[np.isfinite(per_trial)]
    details["per_trial_log_ratio"] = [None if not math.isfinite(v) else float(v) for v in per_trial]
    quantity = (f"{label}log({_speed_name(field)}_ticket / {_speed_name(field)}_{comparator}): mean over trials of "
                f"the per-trial mean over {_scope_text(run, levels)}")
    if finite.size < 2:
        details["why"] = f"{finite.size} trial(s) with a pair to time"
        return None, details
    evidence = stats.unit_mean(finite)
    return mean_measurement(quantity, evidence, confidence, details), details


def _speed_name(field: str) -> str:
    """ES (the early-stopping iteration) or T_q (the [derived] first iteration within a factor 1 + q)."""
    return "ES" if field == "early_stop" else "T_" + field.removeprefix("within_")


def _speed_verdict(claim: str, run: Run, levels: list[int], comparator: str, rule, field: str = "early_stop",
                   label: str = "", tag: str = "paper", description: str = "") -> tuple[Verdict, dict]:
    p = rule.parameters
    measurement, details = speed_measurement(run, levels, comparator, field,
                                             float(p.get("max_censored_fraction", 0.5)), rule.confidence, label)
    bound = BoundValue(id=claim, kind="upper", value=0.0, strict=True, confidence_tag=tag,
                       description=description or f"the ticket reaches its {field} earlier than {comparator}")
    if measurement is None:
        quantity = f"{label}log({_speed_name(field)}_ticket / {_speed_name(field)}_{comparator}) over " \
                   f"{_scope_text(run, levels)}"
        return _unmeasured(claim, quantity, bound, details["why"], run.trials, rule.level, details), details
    return judge(claim, measurement, bound, level=rule.level), details


def _ratio_facts(prefix: str, verdict: Verdict, details: dict, run: Run, field: str, what: str) -> dict:
    m = verdict.measurement
    source = (run.table, run.key("ticket", field))
    measured = m.evidence is not None
    return {
        f"{prefix}.ratio": fact(math.exp(m.point) if measured else None,
                                f"geometric-mean ratio {what} (exp of the mean per-trial log ratio)", source),
        f"{prefix}.ratio_low": fact(math.exp(m.low) if measured else None,
                                    f"lower end of its {format_confidence(m.confidence)} interval (t over trials)",
                                    source),
        f"{prefix}.ratio_high": fact(math.exp(m.high) if measured else None, "upper end of that interval", source),
        f"{prefix}.pairs": fact(details.get("pairs"), f"(trial, level) pairs timed ({what})", source),
        f"{prefix}.censored": fact(details.get("pairs_censored"), f"pairs with a censored early stop ({what})",
                                   source),
        f"{prefix}.outcome": fact(verdict.outcome, f"verdict of that comparison on its own ({what})"),
    }


def _paper_facts(rule) -> dict:
    """The paper's numbers the rule records (LeNet-300-100 on MNIST): beside the estimates, never thresholds."""
    return {f"paper.{key}": fact(value, f"[paper] Frankle & Carbin 2019, LeNet-300-100 on full MNIST (55,000 "
                                        f"training images): {key} (a number of another setting; shown for "
                                        f"comparison, never judged)")
            for key, value in rule.parameters.get("paper", {}).items()}


def derived_speed(run: Run, levels: list[int], fraction: float, rule, claim: str = "") -> tuple[Verdict, dict]:
    """[derived] T_q,ticket / T_q,reinit judged like the paper's speed (strictly < 1 as a geometric mean), T_q the
    first evaluated iteration within a factor 1 + q of the run's minimum validation loss."""
    claim = claim or f"derived.faster_within_{fraction:g}"
    return _speed_verdict(claim, run, levels, "reinit", rule, field=f"within_{fraction:g}", label="[derived] ",
                          tag="derived", description=f"the ticket's validation loss gets within {fraction:.0%} of "
                                                     f"its minimum earlier than its reinitialisation's")


@expects("trials", "levels", "density_low", "density_high", "reinit.ratio", "reinit.ratio_low", "reinit.ratio_high",
         "reinit.pairs", "reinit.censored", "reinit.outcome", "dense.ratio", "dense.ratio_low", "dense.ratio_high",
         "dense.pairs", "dense.censored", "dense.outcome", "within_0.1.ratio", "within_0.1.ratio_low",
         "within_0.1.ratio_high", "within_0.1.outcome", "within_0.5.ratio", "within_0.5.ratio_low",
         "within_0.5.ratio_high", "within_0.5.outcome", "dense_early_stop_max", "last_evaluation",
         "paper.speedup_over_reinit_at_21", "paper.earlier_than_dense")
def faster(results, rule):
    """Tickets learn faster (see the module docstring): per comparator in ``comparators`` ("reinit", "dense") the
    mean over trials of the per-trial mean log ratio of early-stopping iterations over the levels with
    ``density_min`` ≤ P_m ≤ ``density_max``, claimed < 0 (strict); the censoring rule; the [derived] within-fraction
    measures (``derived_within``) as facts."""
    p = rule.parameters
    run = load_run(results, p["table"], p["run"])
    claim = p.get("claim", "frankle2019.faster")
    _check_settings(run, p, claim)
    levels = _scope(run, p)
    label = f"[{run.name}] "
    verdicts, facts = [], {"trials": fact(run.trials, f"trials ({run.name})", (run.table, run.key("ticket",
                                                                                                   "early_stop"))),
                           "levels": fact(len(levels), "pruned levels in the registered density scope",
                                          (run.table, f"{run.name}.density")),
                           "dense_early_stop_max": fact(int(np.max(run.column("ticket", "early_stop")[:, 0])),
                                                        "the dense network's latest early-stopping iteration over "
                                                        "the trials (interior when the last evaluation is at least "
                                                        "twice it)", (run.table, run.key("ticket", "early_stop"))),
                           "last_evaluation": fact(run.last_evaluation, "the last evaluated iteration of every "
                                                   "training (an early stop there is censored)",
                                                   (run.table, f"{run.name}.last_evaluation")),
                           **_paper_facts(rule)}
    if levels:
        facts["density_low"] = fact(float(run.density[levels].min()), "sparsest level in scope",
                                    (run.table, f"{run.name}.density"))
        facts["density_high"] = fact(float(run.density[levels].max()), "densest level in scope",
                                     (run.table, f"{run.name}.density"))
    for comparator in p.get("comparators", ["reinit", "dense"]):
        what = "ES_ticket / ES_" + comparator
        other = "the dense network" if comparator == "dense" else f"its {comparator}"
        verdict, details = _speed_verdict(claim, run, levels, comparator, rule, label=label,
                                          description=f"the ticket reaches minimum validation loss earlier than "
                                                      f"{other}")
        verdicts.append(verdict)
        facts.update(_ratio_facts(comparator, verdict, details, run, "early_stop", what))
    for fraction in p.get("derived_within", []):
        verdict, details = derived_speed(run, levels, float(fraction), rule)
        verdict = _enforce_units(verdict, rule.min_replicates)
        facts.update(_ratio_facts(f"within_{float(fraction):g}", verdict, details, run, f"within_{float(fraction):g}",
                                  f"T_ticket / T_reinit, T within {float(fraction):.0%} of the minimum validation "
                                  f"loss [derived]"))
    return verdicts, facts


def _enforce_units(verdict: Verdict, min_units: int) -> Verdict:
    units = verdict.measurement.units
    if verdict.outcome != "insufficient" and (units is None or units < min_units):
        return replace(verdict, outcome="insufficient",
                       explanation=f"{units} independent units, fewer than the {min_units} the rule registers.")
    return verdict


# -- accuracy -----------------------------------------------------------------------------------------------------
def _margin(run: Run, rule) -> float:
    """The non-inferiority margin in the run's quantity: accuracy (the rule's margin) or a log MSE ratio."""
    if run.classification:
        return float(rule.margin)
    if "regression_margin" not in rule.parameters:
        raise InvalidInput(f"run {run.name} is a regression task: its rule needs a regression_margin (log MSE ratio)")
    return float(rule.parameters["regression_margin"])


def _too_few_trials(claim: str, quantity: str, bound: BoundValue, run: Run, level: float) -> Verdict:
    return _unmeasured(claim, quantity, bound, f"{run.trials} trial(s): a crossed interval needs two", run.trials,
                       level)


def level_comparison(claim: str, run: Run, arm: str, k: int, curves: Curves | None, bound: BoundValue,
                     rule) -> Verdict:
    """One level's paired comparison of ``arm`` against the dense network (the ticket's level 0, same trial):
    classification by :func:`verify.stats.crossed_mean` of y_arm(t, k, n) − y_dense(t, n); regression by the crossed
    bootstrap of R (``curves``, from :func:`gap_curves`)."""
    density = float(run.density[k])
    what = f"acc_{arm} - acc_dense" if run.classification else f"log(MSE_{arm} / MSE_dense)"
    quantity = f"[{run.name}] {what} at P_m = {_percent(density)} (level {k})"
    details = {"level": k, "density": density}
    if run.trials < 2:
        return _too_few_trials(claim, quantity, bound, run, rule.level)
    if run.classification:
        differences = run.outcomes(arm)[:, k, :] - run.outcomes("ticket")[:, 0, :]
        evidence = stats.crossed_mean(differences)
        measurement = mean_measurement(quantity, evidence, rule.confidence, details)
    else:
        evidence = Bootstrap(float(curves.observed[arm][k]), curves.replicates[arm][:, k], units=run.trials,
                             method=f"crossed bootstrap over trials and test examples, "
                                    f"{curves.replicates[arm].shape[0]} replicates, percentile")
        measurement = bootstrap_measurement(quantity, evidence, rule.confidence, details)
    return judge(claim, measurement, bound, level=rule.level)


def _non_inferior_bound(claim: str, run: Run, margin: float, description: str) -> BoundValue:
    if run.classification:
        return BoundValue(id=claim, kind="lower", value=0.0, margin=margin, confidence_tag="paper",
                          description=description)
    return BoundValue(id=claim, kind="upper", value=0.0, margin=margin, confidence_tag="paper",
                      description=description)


def _better_bound(claim: str, run: Run, description: str) -> BoundValue:
    """Strictly better: Δ > 0 (classification) or log MSE ratio < 0 (regression)."""
    return BoundValue(id=claim, kind="lower" if run.classification else "upper", value=0.0, strict=True,
                      confidence_tag="paper", description=description)


def _worst_facts(prefix: str, run: Run, verdicts: list[Verdict], arm: str = "ticket") -> dict:
    """The level whose comparison is the least favourable (smallest lower end; largest upper end on regression)."""
    measured = [v for v in verdicts if v.measurement.evidence is not None]
    source = (run.table, run.key(arm, "test_outcome"))
    if not measured:
        return {}
    if run.classification:
        worst = min(measured, key=lambda v: (v.measurement.low, v.measurement.details["level"]))
    else:
        worst = max(measured, key=lambda v: (v.measurement.high, -v.measurement.details["level"]))
    m = worst.measurement
    return {f"{prefix}.delta": fact(m.point, "its gap (accuracy difference, or log MSE ratio)", source),
            f"{prefix}.low": fact(m.low, f"lower end of its {format_confidence(m.confidence)} interval", source),
            f"{prefix}.high": fact(m.high, "upper end of that interval", source),
            f"{prefix}.density": fact(m.details["density"], "P_m of the least favourable level in scope", source)}


def _accuracy_comparisons(claim: str, run: Run, rule, levels: list[int], margin: float, description: str):
    curves = None
    if not run.classification and run.trials >= 2:
        curves = gap_curves(run, ["ticket"], int(rule.parameters.get("bootstrap", 2000)))
    bound = _non_inferior_bound(claim, run, margin, description)
    return [level_comparison(claim, run, "ticket", k, curves, bound, rule) for k in levels]


@expects("trials", "examples", "levels", "density_low", "density_high", "margin", "dense_metric", "worst.delta",
         "worst.low", "worst.high", "worst.density", "crossover.density", "crossover.level", "crossover.beyond",
         "crossover.low", "crossover.high", "sparsest_measured", "paper.ticket_as_accurate_down_to",
         "paper.gain_at_13_5")
def as_accurate(results, rule):
    """Tickets are as accurate as the dense network at moderate sparsity (non-inferiority, see the module
    docstring): at every level with ``density_min`` ≤ P_m ≤ ``density_max``, Δ̄_k ≥ −margin (regression: R_k ≤
    ``regression_margin``), crossed over trials and examples; and, as facts, the estimated crossover density
    P*_ticket(margin) with its crossed-bootstrap interval beside the paper's density."""
    p = rule.parameters
    run = load_run(results, p["table"], p["run"])
    claim = p.get("claim", "frankle2019.as_accurate")
    _check_settings(run, p, claim)
    levels = _scope(run, p)
    margin = _margin(run, rule)
    description = ("the ticket is at least as accurate as the dense network, within the margin" if run.classification
                   else "the ticket's squared error exceeds the dense network's by at most the margin (log ratio)")
    verdicts = _accuracy_comparisons(claim, run, rule, levels, margin, description)
    density_source = (run.table, f"{run.name}.density")
    outcome_source = (run.table, run.key("ticket", "test_outcome"))
    facts = {"trials": fact(run.trials, f"trials ({run.name})", outcome_source),
             "examples": fact(run.examples, f"test examples shared by every trial ({run.name})", outcome_source),
             "levels": fact(len(levels), "pruned levels in the registered density scope", density_source),
             "margin": fact(margin, "the non-inferiority margin (accuracy as a fraction, or a log MSE ratio)"),
             "dense_metric": fact(float(np.mean(run.column("ticket", "metric")[:, 0])),
                                  f"the dense network's {run.meta['metric']}, mean over trials",
                                  (run.table, run.key("ticket", "metric"))),
             "sparsest_measured": fact(float(run.density[-1]), "the sparsest level of the run", density_source),
             **_paper_facts(rule), **_worst_facts("worst", run, verdicts)}
    if levels:
        facts["density_low"] = fact(float(run.density[levels].min()), "sparsest level in scope", density_source)
        facts["density_high"] = fact(float(run.density[levels].max()), "densest level in scope", density_source)
    if run.trials >= 2 and run.density.size > 1:
        curves = gap_curves(run, ["ticket"], int(p.get("bootstrap", 2000)))
        worse = "the mean accuracy falls more than the margin below the dense network's" if run.classification \
            else "the squared error exceeds the dense network's by more than the margin"
        found, _ = _crossover_facts("crossover", run, curves, "ticket", margin, rule.confidence, worse)
        facts.update(found)
    return verdicts, facts


@expects("trials", "levels", "density_low", "density_high", "held", "worst.delta", "worst.low", "worst.high",
         "worst.density")
def more_accurate(results, rule):
    """Tickets are more accurate than the dense network (strictly: Δ̄_k > 0, or R_k < 0) at every level with
    ``density_min`` ≤ P_m ≤ ``density_max`` (the one-shot claim's range), crossed over trials and examples."""
    p = rule.parameters
    run = load_run(results, p["table"], p["run"])
    claim = p.get("claim", "frankle2019.more_accurate")
    _check_settings(run, p, claim)
    levels = _scope(run, p)
    curves = None
    if not run.classification and run.trials >= 2:
        curves = gap_curves(run, ["ticket"], int(p.get("bootstrap", 2000)))
    bound = _better_bound(claim, run, "the ticket is more accurate than the dense network")
    verdicts = [level_comparison(claim, run, "ticket", k, curves, bound, rule) for k in levels]
    density_source = (run.table, f"{run.name}.density")
    facts = {"trials": fact(run.trials, f"trials ({run.name})", (run.table, run.key("ticket", "test_outcome"))),
             "levels": fact(len(levels), "pruned levels in the registered density scope", density_source),
             "held": fact(sum(v.outcome == "holds" for v in verdicts), "levels at which the ticket is established "
                          "more accurate on its own (before the claim's minimum of trials)", density_source),
             **_worst_facts("worst", run, verdicts)}
    if levels:
        facts["density_low"] = fact(float(run.density[levels].min()), "sparsest level in scope", density_source)
        facts["density_high"] = fact(float(run.density[levels].max()), "densest level in scope", density_source)
    return verdicts, facts


@expects("trials", "levels", "delta", "low", "high")
def reset_beats_continue(results, rule):
    """Resetting to θ₀ (run ``run``, rewind init) beats continuing from the trained values (run ``against``, rewind
    continue): the crossed mean over trials and examples of the mean over the levels in scope of
    y_reset(t, k, n) − y_continue(t, k, n), claimed > 0 (strict; regression: the log ratio of pooled squared errors
    < 0, crossed bootstrap).  The runs must share seed and schedule (paired trials)."""
    p = rule.parameters
    reset, continued = load_run(results, p["table"], p["run"]), load_run(results, p["table"], p["against"])
    claim = p.get("claim", "frankle2019.reset_beats_continue")
    if reset.settings().get("rewind") != "init" or continued.settings().get("rewind") != "continue":
        raise InvalidInput(f"{claim} compares a run with rewind 'init' to one with rewind 'continue'")
    if reset.meta.get("seed") != continued.meta.get("seed") or reset.density.shape != continued.density.shape or \
            not np.allclose(reset.density, continued.density, rtol=0, atol=1e-12):
        raise InvalidInput(f"{claim} needs runs with the same seed and the same pruning schedule (paired trials)")
    trials = min(reset.trials, continued.trials)
    levels = _scope(reset, p)
    what = "acc_reset - acc_continue" if reset.classification else "log(MSE_reset / MSE_continue)"
    quantity = f"[{reset.name} vs {continued.name}] {what}, mean over {_scope_text(reset, levels)}"
    bound = _better_bound(claim, reset, "resetting to theta_0 finds more accurate tickets than continuing")
    source = (reset.table, reset.key("ticket", "test_outcome"))
    facts = {"trials": fact(trials, "paired trials", source),
             "levels": fact(len(levels), "pruned levels compared", (reset.table, f"{reset.name}.density"))}
    if not levels or trials < 2:
        why = "no pruned level in scope" if not levels else f"{trials} paired trial(s)"
        return [_unmeasured(claim, quantity, bound, why, trials, rule.level)], facts
    first = reset.outcomes("ticket")[:trials][:, levels, :]
    second = continued.outcomes("ticket")[:trials][:, levels, :]
    details = {"levels": levels, "densities": reset.density[levels].tolist()}
    if reset.classification:
        evidence = stats.crossed_mean((first - second).mean(axis=1))
        measurement = mean_measurement(quantity, evidence, rule.confidence, details)
    else:
        alpha, beta = bootstrap_weights(trials, reset.examples, int(p.get("bootstrap", 2000)),
                                        bootstrap_seed(reset.table, reset.name))
        numerator = weighted_sums(first.sum(axis=1, keepdims=True), alpha, beta)[:, 0]
        denominator = weighted_sums(second.sum(axis=1, keepdims=True), alpha, beta)[:, 0]
        evidence = Bootstrap(float(math.log(first.sum() / second.sum())), np.log(numerator / denominator),
                             units=trials, method="crossed bootstrap over trials and test examples, percentile")
        measurement = bootstrap_measurement(quantity, evidence, rule.confidence, details)
    verdict = judge(claim, measurement, bound, level=rule.level)
    m = verdict.measurement
    facts.update({"delta": fact(m.point, f"{what}, mean over the pruned levels", source),
                  "low": fact(m.low, f"lower end of its {format_confidence(m.confidence)} interval "
                              "(trials and examples crossed)", source),
                  "high": fact(m.high, "upper end of that interval", source)})
    return [verdict], facts


# -- reinit degrades earlier ----------------------------------------------------------------------------------------
def crossover_comparison(claim: str, run: Run, rule, margin: float, prefix: str = "") -> tuple[Verdict, dict]:
    """D = k*_ticket − k*_reinit > 0 (strict) by the crossed bootstrap, and both crossovers as facts."""
    quantity = (f"[{run.name}] k*_ticket - k*_reinit: pruning rounds between the reinit's and the ticket's fall "
                f"below the dense network by more than the margin")
    bound = BoundValue(id=claim, kind="lower", value=0.0, strict=True, confidence_tag="paper",
                       description="the reinitialisation falls behind the dense network at a denser level than the "
                                   "ticket")
    facts = {}
    if run.density.size < 2:
        return _unmeasured(claim, quantity, bound, "no pruned level", run.trials, rule.level), facts
    if run.trials < 2:
        return _too_few_trials(claim, quantity, bound, run, rule.level), facts
    curves = gap_curves(run, ["ticket", "reinit"], int(rule.parameters.get("bootstrap", 2000)))
    if run.classification:
        worse = "the mean accuracy falls more than the margin below the dense network's"
    else:
        worse = "the squared error exceeds the dense network's by more than the margin"
    ticket_facts, ticket_levels = _crossover_facts(f"{prefix}ticket", run, curves, "ticket", margin,
                                                   rule.confidence, worse)
    reinit_facts, reinit_levels = _crossover_facts(f"{prefix}reinit", run, curves, "reinit", margin,
                                                   rule.confidence, worse)
    observed = float(ticket_facts[f"{prefix}ticket.level"]["value"] - reinit_facts[f"{prefix}reinit.level"]["value"])
    replicates = (ticket_levels - reinit_levels).astype(np.float64)
    evidence = Bootstrap(observed, replicates, units=run.trials,
                         method=f"crossed bootstrap over trials and test examples, {replicates.size} replicates, "
                                f"percentile")
    details = {"margin": margin, "ticket_level": ticket_facts[f"{prefix}ticket.level"]["value"],
               "reinit_level": reinit_facts[f"{prefix}reinit.level"]["value"], "levels": int(run.density.size)}
    verdict = judge(claim, bootstrap_measurement(quantity, evidence, rule.confidence, details), bound,
                    level=rule.level)
    source = (run.table, run.key("reinit", "test_outcome"))
    m = verdict.measurement
    facts.update(ticket_facts)
    facts.update(reinit_facts)
    facts.update({f"{prefix}difference": fact(m.point, "k*_ticket - k*_reinit (pruning rounds)", source),
                  f"{prefix}difference_low": fact(m.low, f"lower end of its {format_confidence(m.confidence)} "
                                                         "crossed-bootstrap interval", source),
                  f"{prefix}difference_high": fact(m.high, "upper end of that interval", source)})
    return verdict, facts


@expects("trials", "margin", "ticket.density", "ticket.level", "ticket.beyond", "ticket.low", "ticket.high",
         "reinit.density", "reinit.level", "reinit.beyond", "reinit.low", "reinit.high", "difference",
         "difference_low", "difference_high", "sparsest_measured", "paper.reinit_degrades_from",
         "paper.ticket_degrades_from")
def reinit_degrades_earlier(results, rule):
    """Random reinitialisation falls behind the dense network at a denser level than the ticket (see the module
    docstring): D = k*_ticket − k*_reinit > 0 at the rule's ``crossover_margin`` (accuracy; regression:
    ``regression_margin``), crossed bootstrap; both crossover densities as facts beside the paper's."""
    p = rule.parameters
    run = load_run(results, p["table"], p["run"])
    claim = p.get("claim", "frankle2019.reinit_degrades_earlier")
    _check_settings(run, p, claim)
    margin = float(p["crossover_margin"]) if run.classification else float(p["regression_margin"])
    verdict, facts = crossover_comparison(claim, run, rule, margin)
    facts.update({"trials": fact(run.trials, f"trials ({run.name})", (run.table, run.key("ticket", "test_outcome"))),
                  "margin": fact(margin, "the crossover margin (accuracy, or a log MSE ratio)"),
                  "sparsest_measured": fact(float(run.density[-1]), "the sparsest level of the run",
                                            (run.table, f"{run.name}.density")),
                  **_paper_facts(rule)})
    return [verdict], facts


# -- the pattern on other tasks -------------------------------------------------------------------------------------
PATTERN_TASK_FACTS = ("outcome", "trials", "kind", "worst.delta", "worst.low", "worst.high", "worst.density",
                      "ticket.density", "ticket.low", "ticket.high", "reinit.density", "reinit.low", "reinit.high",
                      "difference", "difference_low", "difference_high")
PATTERN_TASKS = ("relu", "circle", "helix")  # the facts the write-up may quote exist for these (None when not run)


@expects(*[f"{task}.{key}" for task in PATTERN_TASKS for key in PATTERN_TASK_FACTS], "tasks", "missing")
def pattern_transfers(results, rule):
    """The paper's qualitative pattern on each task of ``tasks`` in table ``table`` (the module docstring): the
    ticket non-inferior to the dense network at every level with P_m ≥ ``density_min`` (margin: the rule's on
    classification, ``regression_margin`` on regression), and D = k*_ticket − k*_reinit > 0 at the same margin.  A
    registered task without data is an insufficient comparison."""
    p = rule.parameters
    claim = p.get("claim", "frankle2019.pattern_transfers")
    verdicts, facts, measured, missing = [], {}, [], []
    for task in p["tasks"]:
        if not has_run(results, p["table"], task):
            missing.append(task)
            bound = BoundValue(id=claim, kind="lower", value=0.0, confidence_tag="derived",
                               description="the qualitative pattern on this task")
            verdicts.append(_unmeasured(claim, f"[{task}] the pattern (no run of this task)", bound,
                                        f"table {p['table']} has no run of task {task}", 0, rule.level))
            continue
        run = load_run(results, p["table"], task)
        measured.append(task)
        margin = _margin(run, rule)
        description = "ticket non-inferior to the dense network at moderate sparsity (the paper's pattern)"
        found = _accuracy_comparisons(claim, run, rule, _scope(run, p), margin, description)
        facts.update({f"{task}.{key}": value for key, value in _worst_facts("worst", run, found).items()})
        crossover, crossover_facts = crossover_comparison(claim, run, rule, margin)
        found.append(crossover)
        verdicts += found
        facts.update({f"{task}.{key}": value for key, value in crossover_facts.items()})
        source = (run.table, run.key("ticket", "test_outcome"))
        facts[f"{task}.trials"] = fact(run.trials, f"trials ({task})", source)
        facts[f"{task}.kind"] = fact(run.meta["task"], f"task kind ({task})")
        facts[f"{task}.outcome"] = fact(combine(found), f"the comparisons on {task} combined on their own (before "
                                                        f"Holm over all tasks and the minimum of trials)")
    facts["tasks"] = fact(", ".join(measured) or None, "tasks measured")
    facts["missing"] = fact(", ".join(missing) or None, "registered tasks without data")
    return verdicts, facts


EVALUATORS = {"faster": faster, "as_accurate": as_accurate, "reinit_degrades_earlier": reinit_degrades_earlier,
              "more_accurate": more_accurate, "reset_beats_continue": reset_beats_continue,
              "pattern_transfers": pattern_transfers}


# -- one run on the command line (slth lth run --json) --------------------------------------------------------------
RUN_TABLE = "run"
_PER_DATASET = ("lth.faster", "lth.as_accurate", "lth.reinit_degrades_earlier")


def rules_for_run(settings, claims) -> list:
    """The claims of the registry ``claims`` (:data:`verify.claims.registry.CLAIMS`) that ``slth lth run`` judges
    on one run, as (claim, rule) with each rule pointed at the run's own table
    (:data:`RUN_TABLE`, run name = the dataset): the speed, accuracy and reinit claims registered for the run's
    dataset (rule parameter ``dataset``) — the digits rules when the dataset has none — and, on a one-shot run, the
    one-shot claims (rule parameter ``schedule = "oneshot"``).  Claims that need several runs (reset against
    continue) or several tasks (the pattern) are not judged on one run."""
    def registered_for(dataset):
        return [c for c in claims if c.evaluator in _PER_DATASET and c.rule.parameters.get("dataset") == dataset
                and "schedule" not in c.rule.parameters]

    per_dataset = registered_for(settings.data) or registered_for("digits")
    chosen = list(per_dataset)
    if settings.schedule == "oneshot":
        chosen += [c for c in claims if c.evaluator.startswith("lth.")
                   and c.rule.parameters.get("schedule") == "oneshot"]
    out = []
    for claim in chosen:
        parameters = {**claim.rule.parameters, "table": RUN_TABLE, "run": settings.data}
        parameters.pop("schedule", None)  # the run's schedule was chosen above
        out.append((claim, replace(claim.rule, parameters=parameters)))
    return out


def run_verdicts(result, registry) -> dict:
    """What ``slth lth run --json`` adds to a run's measurements: ``{"claims": [...], "derived": [...]}``, the claims
    taken from ``registry`` (:data:`verify.claims.registry.CLAIMS`).

    The run (:class:`verify.lth.result.IMPResult`) becomes a result table of its own (:data:`RUN_TABLE`); each claim
    of :func:`rules_for_run` is decided on it under its registered rule (minimum of trials, margins, Holm), and
    listed as ``{"claim", "outcome", "rule_sha256" (the registered rule's digest), "comparisons": [...], "facts"}``.
    ``derived``: the [derived] within-fraction speed comparisons (not the paper's measure; never a claim).  A run
    without a control a claim compares with (``run_imp(..., controls=...)``) does not judge that claim: it is listed
    under ``not_judged`` as ``{"claim", "reason"}`` (the key is there only for such a run), and the [derived]
    comparisons, against the reinit, need the reinit."""
    table = result_table(RUN_TABLE, {result.settings.data: result}, campaign="slth lth run")
    results = Results(tables={RUN_TABLE: table})
    claims, derived, not_judged = [], [], []
    for claim, rule in rules_for_run(result.settings, registry):
        try:
            outcome, verdicts, facts = claim.decide(results, rule)
        except UntrainedArm as error:
            not_judged.append({"claim": claim.id, "reason": str(error)})
            continue
        claims.append({"claim": claim.id, "outcome": outcome, "rule_sha256": claim.rule.digest(),
                       "comparisons": [verdict_json(v) for v in verdicts],
                       "facts": {key: _json_value(item["value"]) for key, item in facts.items()}})
        if claim.evaluator == "lth.faster" and not derived and "reinit" in result.arms:
            run = load_run(results, RUN_TABLE, result.settings.data)
            levels = _scope(run, rule.parameters)
            for fraction in WITHIN_FRACTIONS:
                verdict, _ = derived_speed(run, levels, fraction, rule)
                derived.append(verdict_json(_enforce_units(verdict, rule.min_replicates)))
    document = {"claims": claims, "derived": derived}
    if not_judged:
        document["not_judged"] = not_judged
    return document


def _json_value(value):
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


def verdict_json(verdict: Verdict) -> dict:
    """A compact JSON form of one comparison."""
    m, b = verdict.measurement, verdict.bound
    details = {key: value for key, value in m.details.items()}
    return {"claim": verdict.claim, "outcome": verdict.outcome, "quantity": m.quantity,
            "point": _json_value(m.point), "low": _json_value(m.low), "high": _json_value(m.high),
            "confidence": m.confidence, "method": m.method, "units": m.units,
            "bound": {"kind": b.kind, "relation": b.relation, "value": b.value, "margin": b.margin,
                      "threshold": b.threshold, "description": b.description, "tag": b.confidence_tag},
            "p_holds": _json_value(verdict.p_holds), "p_violated": _json_value(verdict.p_violated),
            "p_violated_adjusted": _json_value(verdict.p_violated_adjusted),
            "details": details, "explanation": verdict.explanation}
