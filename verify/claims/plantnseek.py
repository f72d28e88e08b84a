"""Plant 'n' Seek's findings, decided from the result tables ``pns_singleshot``, ``pns_multishot`` and
``pns_planting`` (figures ``pns_singleshot``, ``pns_multishot``).

Tables (:func:`figures.pns_campaign.runs_table`, ``figures/fig21_pns_singleshot.py``):

* ``pns_singleshot``, ``pns_multishot`` — one row per run: ``task``, ``pruner``, ``mode``, ``match`` (the planting
  rule of its campaign), ``density_label``, ``density`` (asked; the ground-truth density for ``"gt"``),
  ``planting``, ``repetition``, the metrics after pruning (``pruned_loss``/``pruned_accuracy``, the better of raw and
  planted-scale outputs, and both conventions) and after training (``trained_*``, NaN where not trained),
  ``recall``, ``precision``, ``layer_collapse``; the planted ticket itself is the row ``pruner = "planted"`` of each
  (task, planting, repetition), the dense mother network trained with the campaign's protocol the row
  ``pruner = "dense"``;
* ``pns_planting`` — one row per (task, planting, repetition, matching rule): ``exactness``, ``percentile_median``.

**The reference campaign.**  Every claim on the runs tables is decided on the runs of the campaign whose planting rule
is the rule's ``match`` parameter — the public code's ``l1-sign``, the rule behind the paper's numbers; the runs of
the campaign beside it (the paper's ``l2`` rule) give the same facts under the prefix ``l2.`` and decide nothing
(:func:`on_reference`).  A table without a ``match`` column is read as one campaign.

**Unit of replication: the planting.**  Each planting of a campaign plants a new mother network and draws its own
data, so plantings are independent; the runs of different pruners, densities and repetitions on one planting share
that network and data and are not (a repetition re-draws only the pruning and training randomness).  Plantings of
different tasks with the same index share their seed, so every comparison is made within one task, on that task's
plantings.  A fraction of runs is computed per planting first (over its
repetitions and the runs in scope), then averaged over plantings with its Student t interval
(:func:`verify.stats.unit_mean`); each comparison's ``units`` are plantings, and the rule's ``min_replicates`` counts
them.  When every planting gives the same fraction the t standard error is zero and the test decides from the mean
alone (its severity reads 0): the rules say so.

**Operationalisation [derived].**  A run *reaches the planted ticket* when its test metric is as good as the planted
ticket's on the same planting and repetition (the reference row's metric after pruning, i.e. the exact ticket), up to
the rule's tolerances: accuracy at least the planted ticket's minus ``accuracy_tolerance`` (Circle), MSE at most
``mse_factor`` times the planted ticket's (ReLU, Helix).  A strong ticket is judged after pruning, a weak one after
training.  A run without the metric (a training that diverged) is left out of its planting's fraction and counted.
"Never" is the mean fraction at most ``never``, "finds" at least ``finds``.  Evaluators take (results, rule) and
return (verdicts, facts) (:mod:`verify.claims.model`).

**Is the threshold informative?  The dense check [derived].**  For a weak ticket (trained after pruning) the threshold
can only separate a pruner's failure from the training's if the dense mother network, trained with the same protocol
on the same planting, passes it.  Per task the dense rows give the mean per-planting fraction of dense runs reaching
the planted ticket (:func:`dense_fraction`); the task is *informative* when it is at least the rule's ``dense_pass``.
On a task that is not, a comparison whose outcome the dense network's failure alone would produce — "never" holding,
"finds" violated — is reported as inconclusive, saying so (:func:`uninformative`); the opposite outcomes ("never"
violated, "finds" holding: pruned networks reach what the dense one does not) stand.  Strong tickets need no such
check: the planted ticket is a subnetwork of the mother network, so their threshold is attainable by construction.
The claim ``pns.dense_reaches`` judges the dense check itself, per task and protocol.
"""

from __future__ import annotations

import numpy as np

from verify.claims.model import expects, fact
from verify.compare import (
    BoundValue,
    Measurement,
    counterexample_measurement,
    judge,
    mean_measurement,
    probability_measurement,
)
from verify.stats import unit_mean
from verify.tables import Table
from verify.validate import format_confidence

SINGLESHOT = "pns_singleshot"
MULTISHOT = "pns_multishot"
PLANTING = "pns_planting"
REFERENCE = "planted"
DENSE = "dense"
REFERENCE_MATCH = "l1-sign"
TASKS = ("relu", "circle", "helix")
RUNS_TABLES = (SINGLESHOT, MULTISHOT)
_RELATIVE = 1e-9   # density comparisons: asked densities are exact decimals or the ground-truth density


# -- shared machinery ----------------------------------------------------------------------------------------------

def _lower_end(rule) -> str:
    return f"lower end of its {format_confidence(rule.confidence)} interval"


def _upper_end(rule) -> str:
    return f"upper end of its {format_confidence(rule.confidence)} interval"

def _in_range(density: np.ndarray, low: float, high: float) -> np.ndarray:
    return (density >= low * (1 - _RELATIVE)) & (density <= high * (1 + _RELATIVE))


def _rows_of(table: Table, keep: np.ndarray) -> Table:
    return Table(table.name, {k: v[keep] for k, v in table.arrays.items()}, table.meta)


def matches(results) -> list[str]:
    """The planting rules present in the runs tables of ``results``."""
    found: set = set()
    for name in RUNS_TABLES:
        if results.has(name) and "match" in results.table(name):
            found |= {str(m) for m in np.unique(results.table(name)["match"])}
    return sorted(found)


def campaign(results, match: str):
    """``results`` with the runs tables restricted to the campaign planted with ``match`` (tables without a
    ``match`` column are kept whole)."""
    from verify.claims.results import Results

    tables = dict(results.tables)
    for name in RUNS_TABLES:
        if name in tables and "match" in tables[name]:
            tables[name] = _rows_of(tables[name], tables[name]["match"] == match)
    return Results(tables=tables, figure_facts=results.figure_facts, files=results.files, profile=results.profile)


def on_reference(function):
    """Decide on the reference campaign (the rule's ``match``, default the code's ``l1-sign``); the other campaigns'
    facts are added under ``<match>.`` (reported beside it, deciding nothing)."""

    def evaluate(results, rule):
        match = rule.parameters.get("match", REFERENCE_MATCH)
        verdicts, facts = function(campaign(results, match), rule)
        for other in matches(results):
            if other == match:
                continue
            _, beside = function(campaign(results, other), rule)
            facts.update({f"{other}.{k}": {**v, "description": f"[{other} planting, reported beside] "
                                                               f"{v['description']}"} for k, v in beside.items()})
        return verdicts, facts

    evaluate.__name__ = function.__name__
    evaluate.__qualname__ = function.__qualname__
    evaluate.__doc__ = function.__doc__
    evaluate.__wrapped__ = function
    return evaluate


def select(table, *, task: str, pruners, densities) -> np.ndarray:
    """Row indices of ``task`` and ``pruners`` whose asked density lies in ``densities = [low, high]``."""
    mask = (table["task"] == task) & np.isin(table["pruner"], list(pruners)) & \
        _in_range(table["density"], float(densities[0]), float(densities[1]))
    return np.flatnonzero(mask)


def _references(table) -> dict:
    task, planting, repetition = table["task"], table["planting"], table["repetition"]
    return {(str(task[i]), int(planting[i]), int(repetition[i])): i
            for i in np.flatnonzero(table["pruner"] == REFERENCE)}


def reaches(table, rows, stage: str, rule) -> np.ndarray:
    """Per row: 1.0 when the run reaches the planted ticket at ``stage`` ("pruned" or "trained"), 0.0 when not, NaN
    when it has no such metric or its planting has no reference row (see the module docstring)."""
    p = rule.parameters
    references = _references(table)
    out = np.full(len(rows), np.nan)
    for j, i in enumerate(rows):
        ref = references.get((str(table["task"][i]), int(table["planting"][i]), int(table["repetition"][i])))
        if ref is None:
            continue
        target = float(table["pruned_accuracy"][ref])
        if np.isfinite(target):   # classification: accuracy
            value = float(table[f"{stage}_accuracy"][i])
            if np.isfinite(value):
                out[j] = float(value >= target - float(p["accuracy_tolerance"]))
        else:                     # regression: MSE
            value, target = float(table[f"{stage}_loss"][i]), float(table["pruned_loss"][ref])
            if np.isfinite(value):
                out[j] = float(value <= float(p["mse_factor"]) * target)
    return out


def planting_fractions(table, rows, stage: str, rule) -> tuple[np.ndarray, np.ndarray, int]:
    """(plantings, the fraction of their runs in ``rows`` that reach the planted ticket, runs left out)."""
    hit = reaches(table, rows, stage, rule)
    keep = np.isfinite(hit)
    plantings = table["planting"][np.asarray(rows, dtype=np.int64)][keep]
    unique = np.unique(plantings)
    return unique, np.array([hit[keep][plantings == u].mean() for u in unique]), int(np.count_nonzero(~keep))


def planting_mean(quantity: str, values, confidence: float, details: dict | None = None) -> Measurement:
    """The mean of per-planting values with its Student t interval (units: plantings); a single planting is a point
    value (insufficient whatever the rule)."""
    values = np.asarray(values, dtype=np.float64)
    details = {"plantings": int(values.size), **(details or {})}
    if values.size >= 2:
        return mean_measurement(quantity, unit_mean(values), confidence, details)
    value = float(values[0])
    return Measurement(quantity=quantity, low=value, high=value, confidence=confidence,
                       method="one planting: a point value", point=value,
                       details={**details, "point_value": True}, units=1)


def absent(quantity: str, confidence: float) -> Measurement:
    """A registered comparison the campaign has no data for: no interval, no units (insufficient)."""
    return Measurement(quantity=quantity, low=None, high=None, confidence=confidence,
                       method="not measured in this campaign", details={"absent": True}, units=0)


def _bound(claim: str, kind: str, value: float, description: str, tag: str = "paper") -> BoundValue:
    return BoundValue(id=claim, kind=kind, value=float(value), confidence_tag=tag, description=description)


def _fraction_comparison(claim: str, table, rows, stage: str, rule, kind: str, label: str, facts: dict, key: str,
                         threshold: float | None = None, word: str | None = None):
    """One comparison of the mean per-planting fraction of ``rows`` reaching the ticket: ``kind="upper"`` against
    ``never``, ``"lower"`` against ``finds`` (or against ``threshold``, described by ``word``); its mean and interval
    go into ``facts`` under ``key``."""
    plantings, fractions, left_out = planting_fractions(table, rows, stage, rule)
    if threshold is None:
        threshold = float(rule.parameters["never"] if kind == "upper" else rule.parameters["finds"])
    if word is None:
        word = "never (mean fraction at most never)" if kind == "upper" else "finds (mean fraction at least finds)"
    quantity = f"mean over plantings of the fraction of {label} reaching the planted ticket"
    if fractions.size == 0:
        return judge(claim, absent(quantity, rule.confidence), _bound(claim, kind, threshold, word), level=rule.level)
    measurement = planting_mean(quantity, fractions, rule.confidence, {"runs": int(len(rows) - left_out),
                                                                        "left_out": left_out})
    verdict = judge(claim, measurement, _bound(claim, kind, threshold, word), level=rule.level)
    classification = bool(np.isfinite(table["pruned_accuracy"][np.asarray(rows, dtype=np.int64)]).any())
    column = (table.name, f"{stage}_accuracy" if classification else f"{stage}_loss")
    facts[f"{key}.mean"] = fact(float(fractions.mean()), f"mean per-planting fraction of {label} reaching the "
                                                         "planted ticket", column)
    facts[f"{key}.low"] = fact(measurement.low, _lower_end(rule), column)
    facts[f"{key}.high"] = fact(measurement.high, _upper_end(rule), column)
    facts[f"{key}.plantings"] = fact(int(plantings.size), f"plantings behind {label}", (table.name, "planting"))
    facts[f"{key}.runs"] = fact(int(len(rows) - left_out), f"runs behind {label}", column)
    return verdict


def _keys(prefixes, parts=("mean", "low", "high", "plantings", "runs")) -> list[str]:
    return [f"{prefix}.{part}" for prefix in prefixes for part in parts]


def _beside(keys, match: str = "l2") -> list[str]:
    """The same fact keys as reported for the campaign beside the reference (:func:`on_reference`)."""
    return [f"{match}.{key}" for key in keys]


# -- the planted ticket ----------------------------------------------------------------------------------------------
@expects("max_error", "plantings", "counterexamples")
def planted_exact(results, rule):
    """Deterministic: the masked planted network divided by the output scales is the target.  Every planting is
    checked on a grid of inputs; one whose relative deviation exceeds ``tolerance`` refutes it.  One comparison per
    task and matching rule (a counterexample search over that task's plantings)."""
    table = results.table(PLANTING)
    tolerance = float(rule.parameters["tolerance"])
    bound = BoundValue(id="pns.planted_exact", kind="upper", value=0.0, confidence_tag="paper",
                       description=f"no planting deviates by more than {tolerance:g}")
    verdicts, found_total = [], 0
    for task in rule.parameters["tasks"]:
        for match in rule.parameters["matches"]:
            rows = (table["task"] == task) & (table["match"] == match)
            plantings = np.unique(table["planting"][rows])
            bad = np.unique(table["planting"][rows & (table["exactness"] > tolerance)])
            found_total += int(bad.size)
            quantity = (f"plantings whose rescaled ticket deviates from the target by more than {tolerance:g} "
                        f"[{task}, {match} matching]")
            measurement = (counterexample_measurement(quantity, int(bad.size), int(plantings.size)) if plantings.size
                           else absent(quantity, rule.confidence))
            verdicts.append(judge("pns.planted_exact", measurement, bound, level=rule.level))
    source = (PLANTING, "exactness")
    return verdicts, {
        "max_error": fact(float(np.max(table["exactness"])), "largest relative deviation of the rescaled ticket from "
                                                               "the target (every planting, both matching rules)",
                          source),
        "plantings": fact(int(len(table["exactness"])), "planted networks checked (task, planting, matching rule)",
                          source),
        "counterexamples": fact(found_total, "planted networks (task, planting, matching rule) deviating by more than "
                                             "the tolerance", source)}


@expects("raw_accuracy", "raw_low", "raw_high", "scaled_accuracy", "scaled_low", "scaled_high", "plantings",
         *_beside(["raw_accuracy", "scaled_accuracy", "plantings"]))
@on_reference
def raw_logits_defect(results, rule):
    """The exact planted Circle ticket scores at most ``raw_max`` on raw logits and at least ``scaled_min`` after
    dividing by the planted output scales: per planting (each with its own test set, so the spread between
    plantings includes test-set sampling), the mean over plantings with its t interval."""
    p = rule.parameters
    table = results.table(SINGLESHOT)
    rows = np.flatnonzero((table["task"] == p["task"]) & (table["pruner"] == REFERENCE))
    plantings = table["planting"][rows]
    unique = np.unique(plantings)
    verdicts, facts = [], {}
    for column, kind, value, name, label in (("pruned_accuracy_raw", "upper", p["raw_max"], "raw", "on raw logits"),
                                             ("pruned_accuracy_scaled", "lower", p["scaled_min"], "scaled",
                                              "after dividing by the planted scales")):
        quantity = f"accuracy of the planted {p['task']} ticket {label}, mean over plantings"
        description = (f"at most the spec's {value:g}" if kind == "upper" else f"at least the spec's {value:g}")
        bound = _bound("pns.raw_logits_defect", kind, value, description, "code")
        if unique.size == 0:
            verdicts.append(judge("pns.raw_logits_defect", absent(quantity, rule.confidence), bound, level=rule.level))
            continue
        values = np.array([table[column][rows][plantings == u].mean() for u in unique])
        measurement = planting_mean(quantity, values, rule.confidence)
        verdicts.append(judge("pns.raw_logits_defect", measurement, bound, level=rule.level))
        facts[f"{name}_accuracy"] = fact(float(values.mean()), f"planted ticket, mean accuracy {label}",
                                         (SINGLESHOT, column))
        facts[f"{name}_low"] = fact(measurement.low, _lower_end(rule),
                                    (SINGLESHOT, column))
        facts[f"{name}_high"] = fact(measurement.high, _upper_end(rule),
                                     (SINGLESHOT, column))
    facts["plantings"] = fact(int(unique.size), f"plantings of {p['task']}", (SINGLESHOT, "planting"))
    return verdicts, facts


@expects(*(f"{match}.{task}.{part}" for match in ("l1-sign", "l2") for task in TASKS
           for part in ("percentile", "low", "high")))
def planted_hiding(results, rule):
    """Per task, with the code's matching rule (``match``): the mean over plantings of the median percentile of the
    planted |w| among the random |w| of their layer is below ``percentile``.  The paper's L2 rule is reported beside
    it (facts), not judged: the statement was measured with the code's rule."""
    p = rule.parameters
    table = results.table(PLANTING)
    verdicts, facts = [], {}
    source = (PLANTING, "percentile_median")
    bound = _bound("pns.planted_hiding", "upper", float(p["percentile"]), "planted weights mostly smaller than random "
                   "ones", "code")
    for task in p["tasks"]:
        for match in ("l1-sign", "l2"):
            rows = (table["task"] == task) & (table["match"] == match)
            quantity = f"median percentile of the planted |w| among the random |w| [{task}, {match} matching], mean " \
                       "over plantings"
            if not rows.any():
                if match == p["match"]:
                    verdicts.append(judge("pns.planted_hiding", absent(quantity, rule.confidence), bound,
                                          level=rule.level))
                continue
            plantings = table["planting"][rows]
            values = np.array([table["percentile_median"][rows][plantings == u].mean() for u in np.unique(plantings)])
            measurement = planting_mean(quantity, values, rule.confidence)
            facts[f"{match}.{task}.percentile"] = fact(float(values.mean()), f"mean over plantings of the median "
                                                                             f"percentile of planted |w| ({match}, "
                                                                             f"{task})", source)
            facts[f"{match}.{task}.low"] = fact(measurement.low, _lower_end(rule),
                                                source)
            facts[f"{match}.{task}.high"] = fact(measurement.high, _upper_end(rule),
                                                 source)
            if match == p["match"]:
                verdicts.append(judge("pns.planted_hiding", measurement, bound, level=rule.level))
    return verdicts, facts


# -- the dense check -------------------------------------------------------------------------------------------------
def dense_fraction(table, task: str, rule) -> tuple[np.ndarray, np.ndarray, int]:
    """(plantings, per-planting fraction of the task's dense runs — the mother network trained with the campaign's
    protocol — that reach the planted ticket after training, runs left out)."""
    rows = np.flatnonzero((table["task"] == task) & (table["pruner"] == DENSE))
    return planting_fractions(table, rows, "trained", rule)


def dense_informative(table, task: str, rule) -> tuple[bool | None, float | None]:
    """(is the threshold informative on ``task``: the mean per-planting dense fraction is at least the rule's
    ``dense_pass``; that mean) — (None, None) when the table has no dense rows for the task."""
    _, fractions, _ = dense_fraction(table, task, rule)
    if fractions.size == 0:
        return None, None
    mean = float(fractions.mean())
    return mean >= float(rule.parameters["dense_pass"]), mean


def uninformative(verdict, kind: str, task: str, dense_mean: float, dense_pass: float):
    """The verdict of a weak-ticket comparison on a task whose dense network misses the threshold: an outcome that
    the dense network's failure alone would produce ("never" holding, "finds" violated) becomes inconclusive,
    saying why; the opposite outcomes stand (pruned networks reach what the dense one does not)."""
    from dataclasses import replace

    explained = (kind == "upper" and verdict.outcome == "holds") or (kind == "lower" and verdict.outcome == "violated")
    if not explained:
        return verdict
    return replace(verdict, outcome="inconclusive",
                   measurement=replace(verdict.measurement, details={**verdict.measurement.details,
                                                                     "uninformative": True,
                                                                     "dense_fraction": dense_mean}),
                   explanation=f"Uninformative on {task}: the dense network trained with the same protocol reaches the "
                               f"planted ticket in a mean fraction {dense_mean:.3g} of its runs, below the "
                               f"{dense_pass:g} the rule requires, so this threshold cannot tell a pruner's failure "
                               f"from the training's (the test's own outcome was {verdict.outcome}).")


def _dense_facts(table, task: str, rule, facts: dict, key: str) -> tuple[bool | None, float | None]:
    """Facts ``<key>.mean/low/high/plantings`` of the task's dense fraction and ``<key>.informative``; returns
    :func:`dense_informative`."""
    plantings, fractions, _ = dense_fraction(table, task, rule)
    informative, mean = dense_informative(table, task, rule)
    source = (table.name, "trained_accuracy" if task == "circle" else "trained_loss")
    facts[f"{key}.informative"] = fact(informative, f"is the threshold informative on {task} (the dense network "
                                                    "reaches the planted ticket in at least dense_pass of its runs)",
                                       source)
    if fractions.size:
        facts[f"{key}.mean"] = fact(mean, f"mean per-planting fraction of dense runs on {task} reaching the planted "
                                          "ticket after training", source)
        facts[f"{key}.plantings"] = fact(int(plantings.size), f"plantings behind the dense check on {task}",
                                         (table.name, "planting"))
        if fractions.size >= 2:
            low, high = unit_mean(fractions).interval(rule.confidence)
            facts[f"{key}.low"] = fact(float(low), _lower_end(rule), source)
            facts[f"{key}.high"] = fact(float(high), _upper_end(rule), source)
    return informative, mean


@expects(*(f"{mode}.{task}.{part}" for mode in ("singleshot", "multishot") for task in TASKS
           for part in ("mean", "low", "high", "plantings", "runs")),
         *(f"{mode}.{task}.informative" for mode in ("singleshot", "multishot") for task in TASKS),
         *_beside(f"singleshot.{task}.mean" for task in TASKS))
@on_reference
def dense_reaches(results, rule):
    """The dense check as a claim: per protocol and task, the mean per-planting fraction of dense runs (the mother
    network trained with the campaign's protocol) reaching the planted ticket is at least ``dense_pass``."""
    p = rule.parameters
    verdicts, facts = [], {}
    for mode, name in (("singleshot", SINGLESHOT), ("multishot", MULTISHOT)):
        if not results.has(name):
            continue
        table = results.table(name)
        for task in p["tasks"]:
            rows = np.flatnonzero((table["task"] == task) & (table["pruner"] == DENSE))
            verdicts.append(_fraction_comparison(
                "pns.dense_reaches", table, rows, "trained", rule, "lower",
                f"dense networks trained with the {mode} protocol on {task}", facts, f"{mode}.{task}",
                threshold=float(p["dense_pass"]), word="the dense network passes (mean fraction at least dense_pass)"))
            informative, _ = dense_informative(table, task, rule)
            facts[f"{mode}.{task}.informative"] = fact(informative, f"is the threshold informative on {task} "
                                                                    f"({mode})", (name, "pruner"))
    return verdicts, facts


# -- singleshot ------------------------------------------------------------------------------------------------------
@expects(*_keys(f"{t}.{k}" for t in TASKS for k in ("sparse", "dense")),
         *(f"{t}.dense_network.{part}" for t in TASKS for part in ("mean", "low", "high", "plantings", "informative")),
         *_beside(f"{t}.{k}.{part}" for t in TASKS for k in ("sparse", "dense") for part in ("mean", "plantings")))
@on_reference
def singleshot_weak_density(results, rule):
    """Weak-ticket pruners, trained after pruning, per task: at densities in ``sparse`` they never reach the planted
    ticket; in ``dense`` they find it, except on the tasks of ``fails_on`` (Helix), where they never do.  On a task
    where the dense network misses the threshold (:func:`dense_informative`) the outcomes it explains are
    inconclusive (:func:`uninformative`)."""
    p = rule.parameters
    table = results.table(SINGLESHOT)
    verdicts, facts = [], {}
    for task in p["tasks"]:
        informative, dense_mean = _dense_facts(table, task, rule, facts, f"{task}.dense_network")
        for key, densities in (("sparse", p["sparse"]), ("dense", p["dense"])):
            rows = select(table, task=task, pruners=p["pruners"], densities=densities)
            kind = "upper" if key == "sparse" or task in p["fails_on"] else "lower"
            label = f"weak tickets (trained) on {task} at densities {densities[0]:g}-{densities[1]:g}"
            verdict = _fraction_comparison("pns.singleshot_weak_density", table, rows, "trained", rule, kind,
                                           label, facts, f"{task}.{key}")
            if informative is False:
                verdict = uninformative(verdict, kind, task, dense_mean, float(p["dense_pass"]))
            verdicts.append(verdict)
    return verdicts, facts


@expects(*_keys(TASKS), *_beside(f"{t}.mean" for t in TASKS))
@on_reference
def no_strong_tickets(results, rule):
    """The weak-ticket pruners' masks before training, per task: never a strong ticket at densities in
    ``densities``."""
    p = rule.parameters
    table = results.table(SINGLESHOT)
    verdicts, facts = [], {}
    for task in p["tasks"]:
        rows = select(table, task=task, pruners=p["pruners"], densities=p["densities"])
        verdicts.append(_fraction_comparison("pns.no_strong_tickets", table, rows, "pruned", rule, "upper",
                                             f"untrained masks on {task}", facts, task))
    return verdicts, facts


@expects(*_keys(["all"]), "best_mse", "planted_mse", *(f"{pruner}.mean" for pruner in ("edge-popup",
                                                                                         "edge-popup-anneal")),
         *_beside(["all.mean", "all.plantings"]))
@on_reference
def edge_popup_regression(results, rule):
    """Edge-popup (fixed and annealed density) on one regression task (``task``): never a strong ticket at densities
    in ``densities``.  The runs have no final softmax (the public code's defect is not reproduced)."""
    p = rule.parameters
    table = results.table(SINGLESHOT)
    task = p["task"]
    rows = select(table, task=task, pruners=p["pruners"], densities=p["densities"])
    facts: dict = {}
    verdict = _fraction_comparison(f"pns.edge_popup_{task}", table, rows, "pruned", rule, "upper",
                                   f"edge-popup masks on {task}", facts, "all")
    if rows.size == 0:
        return [verdict], facts
    for pruner in p["pruners"]:
        mine = select(table, task=task, pruners=[pruner], densities=p["densities"])
        if mine.size:
            _, fractions, _ = planting_fractions(table, mine, "pruned", rule)
            facts[f"{pruner}.mean"] = fact(float(fractions.mean()), f"mean per-planting fraction of {pruner} masks on "
                                                                    f"{task} reaching the planted ticket",
                                           (SINGLESHOT, "pruned_loss"))
    references = np.flatnonzero((table["task"] == task) & (table["pruner"] == REFERENCE))
    facts["best_mse"] = fact(float(np.nanmin(table["pruned_loss"][rows])), f"lowest test MSE of an edge-popup mask "
                                                                            f"on {task}", (SINGLESHOT, "pruned_loss"))
    facts["planted_mse"] = fact(float(np.median(table["pruned_loss"][references])), f"median test MSE of the planted "
                                                                                    f"ticket on {task}",
                                (SINGLESHOT, "pruned_loss"))
    return [verdict], facts


@expects(*_keys(["half", "sparse", "anneal", "anneal_sparse"]), "half.accuracy", "anneal.accuracy",
         *_beside(f"{key}.mean" for key in ("half", "sparse", "anneal", "anneal_sparse")))
@on_reference
def edge_popup_circle(results, rule):
    """Edge-popup on Circle: finds a strong ticket at density ``finds_at``, never at ``never_at`` ("only at 0.5");
    annealed (``edge-popup-anneal``), finds one at ``anneal_finds_at`` and never at ``anneal_never_at``."""
    p = rule.parameters
    table = results.table(SINGLESHOT)
    verdicts, facts = [], {}
    for key, pruner, densities, kind in (("half", "edge-popup", p["finds_at"], "lower"),
                                         ("sparse", "edge-popup", p["never_at"], "upper"),
                                         ("anneal", "edge-popup-anneal", p["anneal_finds_at"], "lower"),
                                         ("anneal_sparse", "edge-popup-anneal", p["anneal_never_at"], "upper")):
        rows = select(table, task="circle", pruners=[pruner], densities=densities)
        verdict = _fraction_comparison("pns.edge_popup_circle", table, rows, "pruned", rule, kind,
                                       f"{pruner} masks on circle at densities {densities[0]:g}-{densities[1]:g}",
                                       facts, key)
        verdicts.append(verdict)
        if kind == "lower" and rows.size:
                facts[f"{key}.accuracy"] = fact(float(np.mean(table["pruned_accuracy"][rows])),
                                                f"mean accuracy of {pruner} masks on circle at densities "
                                                f"{densities[0]:g}-{densities[1]:g}", (SINGLESHOT, "pruned_accuracy"))
    return verdicts, facts


# -- multishot -------------------------------------------------------------------------------------------------------
@expects(*_keys(["synflow"]), "accuracy", "grasp_collapse", "best_pruner",
         *(f"dense_network.{part}" for part in ("mean", "low", "high", "plantings", "informative")),
         *_beside(["synflow.mean", "synflow.plantings"]))
@on_reference
def multishot_synflow(results, rule):
    """Multishot SynFlow reaches the Circle ticket's density as a weak ticket: at the ground-truth density, trained,
    it finds the planted ticket (mean per-planting fraction at least ``finds``).  "SynFlow best" and "GraSP collapses
    early" are reported as facts.  If the dense network trained with the multishot protocol misses the threshold on
    the task, a violation is inconclusive (:func:`uninformative`)."""
    p = rule.parameters
    table = results.table(MULTISHOT)
    at_gt = (table["task"] == p["task"]) & (table["density_label"] == "gt")
    rows = np.flatnonzero(at_gt & (table["pruner"] == "synflow"))
    facts: dict = {}
    informative, dense_mean = _dense_facts(table, p["task"], rule, facts, "dense_network")
    verdict = _fraction_comparison("pns.multishot_synflow", table, rows, "trained", rule, "lower",
                                   f"multishot SynFlow runs on {p['task']} at the ground-truth density, trained",
                                   facts, "synflow")
    if informative is False:
        verdict = uninformative(verdict, "lower", p["task"], dense_mean, float(p["dense_pass"]))
    if rows.size == 0:
        return [verdict], facts
    facts["accuracy"] = fact(float(np.nanmean(table["trained_accuracy"][rows])),
                             f"mean trained accuracy, multishot SynFlow, {p['task']}, ground-truth density",
                             (MULTISHOT, "trained_accuracy"))
    means = {str(pruner): float(np.nanmean(table["trained_accuracy"][at_gt & (table["pruner"] == pruner)]))
             for pruner in np.unique(table["pruner"][at_gt]) if pruner not in (REFERENCE, DENSE)}
    facts["best_pruner"] = fact(max(means, key=means.get), f"pruner of the highest mean trained accuracy on "
                                                           f"{p['task']} at the ground-truth density (multishot)",
                                (MULTISHOT, "trained_accuracy"))
    grasp = np.flatnonzero((table["pruner"] == "grasp") & _in_range(table["density"], 0.0, float(p["collapse_at"])))
    if grasp.size:
        facts["grasp_collapse"] = fact(float(np.mean(table["layer_collapse"][grasp])),
                                       f"fraction of multishot GraSP runs at density <= {p['collapse_at']:g} with "
                                       "layer collapse (every task)", (MULTISHOT, "layer_collapse"))
    return [verdict], facts


# -- Theorem 2 (existence of the ticket in a same-depth random network) ----------------------------------------
@expects(*[f"s{i}.{key}" for i in range(3) for key in ("width_measured", "width_bound")])
def existence(results, rule):
    """Theorem 2: at every registered width, the frequency of containment (an exact binomial over independent draws
    of target and mother network) is at least the theorem's lower bound — a lower claim per (shape, width), held only
    if every one holds (intersection-union), violated if some width's frequency is established below its bound
    (Holm over the family)."""
    from bounds import get

    table = results.table("pns_existence")
    bound = get("fischer2022.existence_probability")
    widths = table["widths"]
    verdicts, facts = [], {}
    for i, shape in enumerate(table.meta["shapes"]):
        contains = table[f"s{i}.contains"]
        label = f"l = {shape['depth']}, n = {shape['neurons']}, k = {shape['k']}, eps = {shape['eps']:g}"
        for w, row in zip(widths, contains):
            value = float(bound(eps_l=shape["eps"], k=shape["k"], n=shape["neurons"], n0=int(w), l=shape["depth"]))
            if not float(rule.parameters["bound_min"]) <= value <= float(rule.parameters["bound_max"]):
                continue   # where the bound says (almost) nothing or (almost) everything the test has no power
            measurement = probability_measurement(f"P(contains the ticket) [{label}, n0 = {int(w)}]",
                                                  int(row.sum()), int(row.size), rule.confidence)
            verdicts.append(judge("fischer2022.existence_probability", measurement,
                                  BoundValue(id="fischer2022.existence_probability", kind="lower", value=value,
                                             confidence_tag="paper", description="Theorem 2's lower bound"),
                                  level=rule.level))
        frequency = contains.mean(axis=1)
        reached = [int(w) for w, f in zip(widths, frequency) if f >= 1 - float(rule.parameters["delta"])]
        facts[f"s{i}.width_measured"] = fact(reached[0] if reached else None, f"smallest width with frequency "
                                             f">= 1 - delta ({label})", ("pns_existence", f"s{i}.contains"))
        bound_widths = [int(w) for w in widths if float(bound(eps_l=shape["eps"], k=shape["k"], n=shape["neurons"],
                                                              n0=int(w), l=shape["depth"])) >= 1 - float(
            rule.parameters["delta"])]
        facts[f"s{i}.width_bound"] = fact(bound_widths[0] if bound_widths else None,
                                          f"smallest width at which the bound reaches 1 - delta ({label})",
                                          ("pns_existence", "widths"))
    facts["comparisons"] = fact(len(verdicts), "shape and width pairs judged", ("pns_existence", "widths"))
    return verdicts, facts


EVALUATORS = {"planted_exact": planted_exact, "raw_logits_defect": raw_logits_defect,
              "planted_hiding": planted_hiding, "singleshot_weak_density": singleshot_weak_density,
              "no_strong_tickets": no_strong_tickets, "edge_popup_regression": edge_popup_regression,
              "dense_reaches": dense_reaches,
              "edge_popup_circle": edge_popup_circle, "multishot_synflow": multishot_synflow,
              "existence": existence}
