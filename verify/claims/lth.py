"""The lottery ticket paper's claims as measurements and verdicts (Frankle & Carbin 2019, spec lth.md, [paper]).

Each claim becomes one or more per-trial statistics S_1..S_T (one number per independent trial: levels within a
trial share a ticket lineage and are not independent, trials are), summarised by the **median over trials** with the
exact distribution-free order-statistic interval: for sorted S_(1) ≤ … ≤ S_(T),

.. math::  P\\big(S_{(j)} ≤ \\mathrm{median} ≤ S_{(T+1-j)}\\big) ≥ 1 − 2\\,P(\\mathrm{Bin}(T, ½) ≤ j − 1)

(the sign test inverted; ≥ also for discrete statistics, with equality for continuous ones).  j is the largest rank
reaching the target confidence (0.90): with T = 5 trials the interval is [min, max] at 93.75 %.  Fewer than five
trials cannot reach 90 % (T = 4 gives 87.5 %): the measurement then has no interval and the verdict is inconclusive,
with the per-trial values in the evidence.  The comparison layer (:func:`verify.compare.judge`) says *holds* when
the whole interval is on the claimed side, *violated* when it is wholly on the other side, *inconclusive* otherwise.

Density ranges are the paper's (LeNet-300-100): "learn faster down to P_m ≈ 21 %", "at least as accurate down to
3.6 %", "random reinitialisation loses accuracy from 21 %, winning tickets only from 2.9 %".  Level 0 (the dense
network trained from θ₀) is "the original network".  ``metric`` is the test accuracy (classification) or the test MSE
(regression) at the early-stopping iteration; on regression tasks differences become ratios of MSEs (geometric
means), so "at least as accurate" reads MSE ratio ≤ 1.

1. ``frankle2019.faster_than_reinit`` — S_t = geometric mean over levels k ≥ 1 with P_m ≥ 21 % of
   ES_ticket / ES_reinit (early-stopping iterations), and of ES_ticket / ES_dense (the paper's "learn faster" is
   against the original network: 38 % earlier); claim: S < 1 for both.  Pairs where either run reached its minimum
   validation loss at iteration 0 are left out (no learning to time); runs whose minimum is at the last evaluation
   are *censored* (the true minimum may lie later): when more than half of the pairs have a censored member the
   speed is not measured (inconclusive: train longer).  "Faster" is strict: an interval that reaches 1 does not
   support it.
2. ``frankle2019.as_accurate_as_dense`` — S_t = mean over levels k ≥ 1 with P_m ≥ 3.6 % of
   acc_ticket(k) − acc_ticket(0) (claim ≥ 0), and the same at the sparsest of those levels alone.
3. ``frankle2019.reinit_degrades_earlier`` — over levels with 2.9 % ≤ P_m < 21 %: S_t = mean of
   acc_ticket − acc_reinit (claim ≥ 0: the ticket keeps an edge where reinit has degraded), S_t = mean of
   acc_reinit(k) − acc_ticket(0) (claim ≤ 0: reinit has lost accuracy against the dense network there) and
   S_t = mean of acc_ticket(k) − acc_ticket(0) (claim ≥ 0: the ticket itself degrades only from 2.9 %).

The paper's variants (spec lth.md; the comparator of the one-shot claims, "the original network", is the paper's
wording as we read it, the spec leaves it implicit):

4. ``frankle2019.oneshot_faster`` — on a one-shot run: S_t = geometric mean over levels with
   17.6 % ≤ P_m ≤ 67.5 % of ES_ticket(k) / ES_ticket(0); claim: S < 1 (strict, with the censoring rule of 1).
5. ``frankle2019.oneshot_more_accurate`` — on a one-shot run: S_t = mean over levels with 5.17 % ≤ P_m ≤ 95 % of
   acc_ticket(k) − acc_ticket(0); claim: S > 0 (strict; MSE ratio < 1 on regression).
6. ``frankle2019.reset_beats_continue`` — an IMP run that resets to θ₀ ("strategy 1") against one that keeps the
   trained values ("strategy 2"), same seed (so the same θ₀ and minibatch order: paired trials) and schedule:
   S_t = mean over the pruned levels of acc_reset − acc_continue; claim: S > 0 (strict; MSE ratio < 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from verify.claims.model import fact
from verify.compare import BoundValue, Measurement, Verdict, combine, judge
from verify.errors import InvalidInput
from verify.lth.result import WITHIN_FRACTIONS

TARGET_CONFIDENCE = 0.90
FAST_DOWN_TO = 0.21          # [paper] "learn faster down to P_m ≈ 21 %"
ACCURATE_DOWN_TO = 0.036     # [paper] "at least as accurate down to P_m ≈ 3.6 %"
REINIT_DEGRADES_FROM = 0.21  # [paper] "random reinitialization loses accuracy from P_m ≈ 21 %"
TICKET_DEGRADES_FROM = 0.029  # [paper] "winning tickets only from 2.9 %"
ONESHOT_FAST = (0.176, 0.675)      # [paper] one-shot: "faster learning for 67.5 % >= P_m >= 17.6 %"
ONESHOT_ACCURATE = (0.0517, 0.95)  # [paper] one-shot: "higher accuracy for 95 % >= P_m >= 5.17 %"
CLAIM_IDS = ("frankle2019.faster_than_reinit", "frankle2019.as_accurate_as_dense",
             "frankle2019.reinit_degrades_earlier")
VARIANT_CLAIM_IDS = ("frankle2019.oneshot_faster", "frankle2019.oneshot_more_accurate",
                     "frankle2019.reset_beats_continue")


@dataclass(frozen=True)
class MedianInterval:
    """[low, high] covers the median of the per-trial statistic with probability ≥ ``confidence``."""

    low: float
    high: float
    median: float
    confidence: float
    rank: int
    count: int


def order_statistic_coverage(count: int, rank: int) -> float:
    """1 − 2·P(Bin(count, ½) ≤ rank − 1): the coverage of [S_(rank), S_(count+1−rank)] for the median."""
    from scipy.stats import binom

    if not 1 <= rank <= (count + 1) // 2:
        raise InvalidInput(f"rank {rank} must lie in 1..{(count + 1) // 2} for {count} values")
    return float(1.0 - 2.0 * binom.cdf(rank - 1, count, 0.5))


def median_interval(values, confidence: float = TARGET_CONFIDENCE) -> MedianInterval:
    """The order-statistic interval for the median (see the module docstring); needs at least two values.  The
    returned confidence may fall short of ``confidence`` when there are too few values (rank 1 is the widest)."""
    values = np.sort(np.asarray(values, dtype=np.float64))
    if values.ndim != 1 or values.size < 2 or not np.all(np.isfinite(values)):
        raise InvalidInput("a median interval needs at least two finite values")
    count = values.size
    rank = 1
    while rank + 1 <= (count + 1) // 2 and order_statistic_coverage(count, rank + 1) >= confidence:
        rank += 1
    return MedianInterval(float(values[rank - 1]), float(values[count - rank]), float(np.median(values)),
                          order_statistic_coverage(count, rank), rank, count)


# -- measurements ------------------------------------------------------------------------------------------------
def _arrays(data: dict, arm: str, name: str) -> np.ndarray:
    return np.asarray(data["arms"][arm][name], dtype=np.float64)


def _levels(data: dict, low: float | None = None, high: float | None = None, dense: bool = False,
            closed: bool = False) -> list[int]:
    """Levels k ≥ 1 (k = 0 too with ``dense``) with low ≤ P_m < high (≤ high with ``closed``)."""
    density = data["density"]
    return [k for k, d in enumerate(density) if (dense or k >= 1) and (low is None or d >= low - 1e-12)
            and (high is None or d < high or (closed and d <= high + 1e-12))]


def _measurement(quantity: str, per_trial: np.ndarray, method: str, details: dict) -> Measurement:
    finite = per_trial[np.isfinite(per_trial)]
    details = {**details, "per_trial": [None if not math.isfinite(v) else float(v) for v in per_trial]}
    if finite.size < 2 or median_interval(finite).confidence < TARGET_CONFIDENCE:
        return Measurement(quantity=quantity, low=None, high=None, confidence=TARGET_CONFIDENCE,
                           method=f"{method}; {finite.size} trial(s) with a value cannot give a "
                                  f"{TARGET_CONFIDENCE:.0%} interval for the median (5 are needed)",
                           point=float(np.median(finite)) if finite.size else None, details=details)
    interval = median_interval(finite)
    details["rank"] = interval.rank
    return Measurement(quantity=quantity, low=interval.low, high=interval.high, confidence=interval.confidence,
                       method=f"{method}; median over {interval.count} trials, order statistics "
                              f"({interval.rank}, {interval.count + 1 - interval.rank})",
                       point=interval.median, details=details)


def _empty(claim: str, quantity: str, bound: BoundValue, why: str) -> Verdict:
    measurement = Measurement(quantity=quantity, low=None, high=None, confidence=0.5, method=why, details={})
    return judge(claim, measurement, bound)


def _densities(data: dict, levels: list[int]) -> list[float]:
    return [float(data["density"][k]) for k in levels]


def faster_than_reinit(data: dict) -> list[Verdict]:
    """Claim 1 (see the module docstring)."""
    claim = CLAIM_IDS[0]
    bound = BoundValue(id=claim, kind="upper", value=1.0, confidence_tag="paper", strict=True,
                       description="ticket reaches its minimum validation loss earlier than its random "
                                   "reinitialisation, down to P_m ≈ 21 % (paper: 2.51x faster at 21 %)")
    quantity = "ES_ticket / ES_reinit (geometric mean over levels with P_m >= 21 %)"
    levels = _levels(data, FAST_DOWN_TO)
    if not levels:
        return [_empty(claim, quantity, bound, "no pruned level with P_m >= 21 % (too few rounds)")]
    ticket = _arrays(data, "ticket", "early_stop")
    dense_bound = BoundValue(id=claim, kind="upper", value=1.0, confidence_tag="paper", strict=True,
                             description="ticket reaches its minimum validation loss earlier than the original "
                                         "(dense) network, down to P_m ≈ 21 % (paper: 38 % earlier)")
    dense = np.repeat(ticket[:, :1], ticket.shape[1], axis=1)
    return [_speed_verdict(claim, bound, quantity, data, levels, ticket, _arrays(data, "reinit", "early_stop")),
            _speed_verdict(claim, dense_bound, "ES_ticket / ES_dense (geometric mean over levels with P_m >= 21 %)",
                           data, levels, ticket, dense)]


def _speed_verdict(claim: str, bound: BoundValue, quantity: str, data: dict, levels: list[int], ticket: np.ndarray,
                   other: np.ndarray) -> Verdict:
    """Per trial, the geometric mean over ``levels`` of ticket / other (early-stopping iterations), judged against
    ``bound`` (strictly: an interval reaching it is inconclusive).  Pairs with a minimum at iteration 0 are left out;
    a majority of censored pairs (a minimum at the last evaluation) leaves the speed unmeasured."""
    last = data["last_evaluation"]
    per_trial, excluded = [], 0
    for t in range(ticket.shape[0]):
        logs = []
        for k in levels:
            if ticket[t, k] <= 0 or other[t, k] <= 0:
                excluded += 1
                continue
            logs.append(math.log(ticket[t, k] / other[t, k]))
        per_trial.append(math.exp(float(np.mean(logs))) if logs else math.nan)
    trials = range(ticket.shape[0])
    pairs = ticket.shape[0] * len(levels)
    censored = int(sum(ticket[t, k] >= last or other[t, k] >= last for t in trials for k in levels))
    details = {"levels": levels, "densities": _densities(data, levels), "pairs": pairs,
               "pairs_excluded_minimum_at_iteration_0": excluded, "pairs_censored": censored,
               "ticket_censored": int(sum(ticket[t, k] >= last for t in trials for k in levels)),
               "reinit_censored": int(sum(other[t, k] >= last for t in trials for k in levels)),
               "last_evaluation": last}
    if 2 * censored > pairs:
        measurement = Measurement(quantity=quantity, low=None, high=None, confidence=TARGET_CONFIDENCE,
                                  method=f"not measured: in {censored} of {pairs} pairs a run reached its minimum "
                                         f"validation loss at the last evaluation (censored); train longer",
                                  point=None, details=details)
        return judge(claim, measurement, bound)
    return judge(claim, _measurement(quantity, np.array(per_trial), "per-trial geometric mean of ratios", details),
                 bound)


def _accuracy_gap(data: dict, first: np.ndarray, second: np.ndarray, levels: list[int]):
    """Per trial: mean over ``levels`` of first − second (classification) or the geometric mean of first / second
    (regression); ``second`` may be one column (the dense network) broadcast over levels."""
    classification = data["task"] == "classification"
    out = []
    for t in range(first.shape[0]):
        a = first[t, levels]
        b = second[t] if np.ndim(second[t]) == 0 else second[t, levels]
        if classification:
            out.append(float(np.mean(a - b)))
        else:
            out.append(math.exp(float(np.mean(np.log(a / b)))))
    return np.array(out)


def as_accurate_as_dense(data: dict) -> list[Verdict]:
    """Claim 2 (see the module docstring): over the whole range, and at its sparsest level."""
    claim = CLAIM_IDS[1]
    classification = data["task"] == "classification"
    levels = _levels(data, ACCURATE_DOWN_TO)
    bound = _no_worse_bound(claim, classification, "the ticket is at least as accurate as the dense network "
                                                   "(level 0), down to P_m ≈ 3.6 %")
    what = "acc_ticket - acc_dense" if classification else "MSE_ticket / MSE_dense"
    if not levels:
        return [_empty(claim, f"{what} (P_m >= 3.6 %)", bound, "no pruned level with P_m >= 3.6 % (too few rounds)")]
    ticket = _arrays(data, "ticket", "metric")
    dense = ticket[:, 0]
    verdicts = []
    for chosen, label in ((levels, "mean over levels with P_m >= 3.6 %" if classification
                           else "geometric mean over levels with P_m >= 3.6 %"),
                          ([levels[-1]], f"at the sparsest such level, P_m = {data['density'][levels[-1]]:.4g}")):
        per_trial = _accuracy_gap(data, ticket, dense, chosen)
        details = {"levels": chosen, "densities": _densities(data, chosen)}
        verdicts.append(judge(claim, _measurement(f"{what} ({label})", per_trial, "per-trial statistic", details),
                              bound))
    return verdicts


def _no_worse_bound(claim: str, classification: bool, description: str, strict: bool = False) -> BoundValue:
    """Difference ≥ 0 (classification) or MSE ratio ≤ 1 (regression); > 0 and < 1 with ``strict``."""
    if classification:
        return BoundValue(id=claim, kind="lower", value=0.0, confidence_tag="paper", description=description,
                          strict=strict)
    return BoundValue(id=claim, kind="upper", value=1.0, confidence_tag="paper", description=description,
                      strict=strict)


def reinit_degrades_earlier(data: dict) -> list[Verdict]:
    """Claim 3 (see the module docstring)."""
    claim = CLAIM_IDS[2]
    classification = data["task"] == "classification"
    levels = _levels(data, TICKET_DEGRADES_FROM, REINIT_DEGRADES_FROM)
    edge = _no_worse_bound(claim, classification, "between 2.9 % and 21 % the ticket is at least as accurate as "
                                                  "its random reinitialisation")
    if classification:
        worse = BoundValue(id=claim, kind="upper", value=0.0, confidence_tag="paper",
                           description="below 21 % random reinitialisation is less accurate than the dense network")
    else:
        worse = BoundValue(id=claim, kind="lower", value=1.0, confidence_tag="paper",
                           description="below 21 % random reinitialisation has a larger MSE than the dense network")
    kept = _no_worse_bound(claim, classification, "between 2.9 % and 21 % the ticket has not lost accuracy against "
                                                  "the dense network (winning tickets degrade only from 2.9 %)")
    names = (("acc_ticket - acc_reinit", "acc_reinit - acc_dense", "acc_ticket - acc_dense") if classification
             else ("MSE_ticket / MSE_reinit", "MSE_reinit / MSE_dense", "MSE_ticket / MSE_dense"))
    summary = "mean" if classification else "geometric mean"
    if not levels:
        why = "no pruned level with 2.9 % <= P_m < 21 % (too few rounds)"
        return [_empty(claim, name, bound, why) for name, bound in zip(names, (edge, worse, kept))]
    ticket, reinit = _arrays(data, "ticket", "metric"), _arrays(data, "reinit", "metric")
    details = {"levels": levels, "densities": _densities(data, levels)}
    statistics = (_accuracy_gap(data, ticket, reinit, levels), _accuracy_gap(data, reinit, ticket[:, 0], levels),
                  _accuracy_gap(data, ticket, ticket[:, 0], levels))
    label = f"{summary} over levels with 2.9 % <= P_m < 21 %"
    return [judge(claim, _measurement(f"{name} ({label})", statistic, "per-trial statistic", details), bound)
            for name, statistic, bound in zip(names, statistics, (edge, worse, kept))]


def faster_within(data: dict, fraction: float) -> Verdict:
    """[derived] companion of claim 1 (not the paper's measure): the same per-trial geometric mean over levels with
    P_m ≥ 21 % of T_ticket / T_reinit, where T is the first evaluated iteration at which the validation loss is
    within a factor (1 + ``fraction``) of its run's minimum (:func:`verify.lth.method.first_within`), which a flat
    validation curve cannot move the way it moves the argmin."""
    claim = f"derived.faster_within_{fraction:g}"
    bound = BoundValue(id=claim, kind="upper", value=1.0, confidence_tag="derived", strict=True,
                       description=f"ticket's validation loss gets within {fraction:.0%} of its minimum no later "
                                   f"than its random reinitialisation's, down to P_m ≈ 21 %")
    key = f"within_{fraction:g}"
    quantity = f"T{fraction:.0%}_ticket / T{fraction:.0%}_reinit (geometric mean over levels with P_m >= 21 %)"
    levels = _levels(data, FAST_DOWN_TO)
    if not levels or key not in data["arms"]["ticket"]:
        return _empty(claim, quantity, bound, "no pruned level with P_m >= 21 % (too few rounds)")
    ticket, reinit = _arrays(data, "ticket", key), _arrays(data, "reinit", key)
    per_trial = []
    for t in range(ticket.shape[0]):
        logs = [math.log(ticket[t, k] / reinit[t, k]) for k in levels if ticket[t, k] > 0 and reinit[t, k] > 0]
        per_trial.append(math.exp(float(np.mean(logs))) if logs else math.nan)
    details = {"levels": levels, "densities": _densities(data, levels), "fraction": fraction}
    return judge(claim, _measurement(quantity, np.array(per_trial), "per-trial geometric mean of ratios", details),
                 bound)


def derived(data: dict) -> list[Verdict]:
    """The [derived] speed comparisons for every fraction of :data:`verify.lth.result.WITHIN_FRACTIONS`."""
    return [faster_within(data, fraction) for fraction in WITHIN_FRACTIONS]


def _require_schedule(data: dict, schedule: str, claim: str) -> None:
    found = data.get("settings", {}).get("schedule")
    if found != schedule:
        raise InvalidInput(f"{claim} is judged on a run with schedule {schedule!r}, got {found!r}")


def oneshot_faster(data: dict) -> list[Verdict]:
    """Claim 4 (see the module docstring): one-shot tickets reach minimum validation loss before the dense network
    for 17.6 % ≤ P_m ≤ 67.5 %."""
    claim = VARIANT_CLAIM_IDS[0]
    _require_schedule(data, "oneshot", claim)
    bound = BoundValue(id=claim, kind="upper", value=1.0, confidence_tag="paper", strict=True,
                       description="one-shot tickets reach minimum validation loss earlier than the original "
                                   "network for 67.5 % >= P_m >= 17.6 %")
    quantity = "ES_ticket / ES_dense (one-shot; geometric mean over levels with 17.6 % <= P_m <= 67.5 %)"
    levels = _levels(data, *ONESHOT_FAST, closed=True)
    if not levels:
        return [_empty(claim, quantity, bound, "no pruned level with 17.6 % <= P_m <= 67.5 %")]
    ticket = _arrays(data, "ticket", "early_stop")
    dense = np.repeat(ticket[:, :1], ticket.shape[1], axis=1)
    return [_speed_verdict(claim, bound, quantity, data, levels, ticket, dense)]


def oneshot_more_accurate(data: dict) -> list[Verdict]:
    """Claim 5 (see the module docstring): one-shot tickets are more accurate than the dense network for
    5.17 % ≤ P_m ≤ 95 %."""
    claim = VARIANT_CLAIM_IDS[1]
    _require_schedule(data, "oneshot", claim)
    classification = data["task"] == "classification"
    bound = _no_worse_bound(claim, classification, "one-shot tickets reach higher test accuracy than the original "
                                                   "network for 95 % >= P_m >= 5.17 %", strict=True)
    what = "acc_ticket - acc_dense" if classification else "MSE_ticket / MSE_dense"
    quantity = f"{what} (one-shot; {'mean' if classification else 'geometric mean'} over levels with " \
               f"5.17 % <= P_m <= 95 %)"
    levels = _levels(data, *ONESHOT_ACCURATE, closed=True)
    if not levels:
        return [_empty(claim, quantity, bound, "no pruned level with 5.17 % <= P_m <= 95 %")]
    ticket = _arrays(data, "ticket", "metric")
    per_trial = _accuracy_gap(data, ticket, ticket[:, 0], levels)
    details = {"levels": levels, "densities": _densities(data, levels)}
    return [judge(claim, _measurement(quantity, per_trial, "per-trial statistic", details), bound)]


def reset_beats_continue(reset: dict, continued: dict) -> list[Verdict]:
    """Claim 6 (see the module docstring): resetting the survivors to θ₀ gives better tickets than continuing from
    the trained values (paired trials: same seed, same schedule)."""
    claim = VARIANT_CLAIM_IDS[2]
    if reset["settings"].get("rewind") != "init" or continued["settings"].get("rewind") != "continue":
        raise InvalidInput(f"{claim} compares a run with rewind 'init' to one with rewind 'continue'")
    if reset["seed"] != continued["seed"] or not np.allclose(reset["density"], continued["density"], rtol=0,
                                                             atol=1e-12):
        raise InvalidInput(f"{claim} needs runs with the same seed and the same pruning schedule (paired trials)")
    classification = reset["task"] == "classification"
    bound = _no_worse_bound(claim, classification, "iterative pruning with reset to θ₀ (strategy 1) finds more "
                                                   "accurate tickets than continuing from trained weights",
                            strict=True)
    what = "acc_reset - acc_continue" if classification else "MSE_reset / MSE_continue"
    quantity = f"{what} ({'mean' if classification else 'geometric mean'} over the pruned levels)"
    levels = _levels(reset)
    if not levels:
        return [_empty(claim, quantity, bound, "no pruned level (zero rounds)")]
    trials = min(reset["trials"], continued["trials"])
    first = _arrays(reset, "ticket", "metric")[:trials]
    second = _arrays(continued, "ticket", "metric")[:trials]
    per_trial = _accuracy_gap(reset, first, second, levels)
    details = {"levels": levels, "densities": _densities(reset, levels)}
    return [judge(claim, _measurement(quantity, per_trial, "per-trial statistic, paired trials", details), bound)]


CLAIM_FUNCTIONS = {CLAIM_IDS[0]: faster_than_reinit, CLAIM_IDS[1]: as_accurate_as_dense,
                   CLAIM_IDS[2]: reinit_degrades_earlier}


def verdicts_by_claim(data: dict) -> dict[str, list[Verdict]]:
    """{claim id: its verdicts} for one run's data (:meth:`verify.lth.method.IMPResult.to_data`)."""
    return {claim: function(data) for claim, function in CLAIM_FUNCTIONS.items()}


def evaluate(data: dict) -> list[Verdict]:
    """All verdicts of one run, in claim order; a one-shot run also gets the one-shot claims (4, 5)."""
    verdicts = [v for found in verdicts_by_claim(data).values() for v in found]
    if data.get("settings", {}).get("schedule") == "oneshot":
        verdicts += oneshot_faster(data) + oneshot_more_accurate(data)
    return verdicts


def run_verdicts(data: dict) -> dict:
    """The verdicts ``slth lth run --json`` adds to a run's measurements: ``{"claims": [...], "derived": [...]}``
    (:func:`verdict_json` of :func:`evaluate` and of :func:`derived`)."""
    return {"claims": [verdict_json(v) for v in evaluate(data)],
            "derived": [verdict_json(v) for v in derived(data)]}


def verdict_json(verdict: Verdict) -> dict:
    """A compact JSON form for ``slth lth run --json``."""
    m, b = verdict.measurement, verdict.bound
    return {"claim": verdict.claim, "outcome": verdict.outcome, "quantity": m.quantity, "point": m.point,
            "low": m.low, "high": m.high, "confidence": m.confidence, "method": m.method,
            "bound": {"kind": b.kind, "value": b.value, "description": b.description, "tag": b.confidence_tag},
            "details": m.details, "explanation": verdict.explanation}


# -- the claims on the figures' runs (the write-up) --------------------------------------------------------------
def _figure_runs(data, figure: str) -> dict:
    document = data[figure]["data"]
    if figure == "lth_digits":
        return {"digits": document}
    return {task: document["runs"][task] for task in document["tasks"]}


def on_figure(claim_id: str, figure: str):
    """Verdicts of one lottery-ticket claim on every run of ``figure`` (see :func:`_per_dataset`)."""
    def judged(data):
        return {name: (run, CLAIM_FUNCTIONS[claim_id](run)) for name, run in _figure_runs(data, figure).items()}

    return _per_dataset(claim_id, judged)


def on_variants(claim_id: str):
    """Verdicts of one of the paper's variant claims on the runs of figure ``lth_variants`` (digits)."""
    def judged(data):
        runs = data["lth_variants"]["data"]["runs"]
        if claim_id == "frankle2019.reset_beats_continue":
            return {"digits": (runs["reset"], reset_beats_continue(runs["reset"], runs["continue"]))}
        function = {"frankle2019.oneshot_faster": oneshot_faster,
                    "frankle2019.oneshot_more_accurate": oneshot_more_accurate}[claim_id]
        return {"digits": (runs["oneshot"], function(runs["oneshot"]))}

    return _per_dataset(claim_id, judged)


def _per_dataset(claim_id: str, judged):
    """``judged(data) -> {dataset: (run, verdicts)}``; the verdicts are labelled with their dataset, and the facts
    per dataset are: trials, outcome, and point/low/high/confidence of each comparison (i = 0, 1, ...)."""

    def evaluate(data):
        verdicts, facts = [], {}
        runs = judged(data)
        facts["datasets"] = fact(", ".join(runs), f"datasets behind {claim_id}")
        for name, (run, found) in runs.items():
            found = [replace(v, measurement=replace(v.measurement, quantity=f"[{name}] {v.measurement.quantity}"))
                     for v in found]
            verdicts += found
            facts[f"{name}.trials"] = fact(run["trials"], f"trials on {name}")
            facts[f"{name}.outcome"] = fact(combine(found), f"verdict of {claim_id} on {name}")
            for i, v in enumerate(found):
                m = v.measurement
                for key in ("point", "low", "high"):
                    facts[f"{name}.{i}.{key}"] = fact(getattr(m, key), f"{key} of comparison {i} ({name})")
                facts[f"{name}.{i}.confidence"] = fact(m.confidence if m.low is not None else None,
                                                        f"confidence of the interval of comparison {i} ({name})")
                for key in ("pairs", "pairs_censored"):
                    if key in m.details:
                        facts[f"{name}.{i}.{key}"] = fact(m.details[key], f"{key} of comparison {i} ({name})")
        return verdicts, facts

    return evaluate


# -- paper numbers -----------------------------------------------------------------------------------------------
def nearest_level(data: dict, density: float) -> int:
    """The level whose P_m is closest to ``density`` (on a log scale)."""
    values = np.log(np.asarray(data["density"], dtype=np.float64))
    return int(np.argmin(np.abs(values - math.log(density))))


def per_level_medians(data: dict) -> dict:
    """Median over trials, per level, of each arm's early-stop iteration and metric, and of the ratio
    ES_reinit / ES_ticket (how many times faster the ticket is)."""
    out = {}
    for arm in data["arms"]:
        out[f"{arm}_early_stop"] = np.median(_arrays(data, arm, "early_stop"), axis=0).tolist()
        out[f"{arm}_metric"] = np.median(_arrays(data, arm, "metric"), axis=0).tolist()
    ticket, reinit = _arrays(data, "ticket", "early_stop"), _arrays(data, "reinit", "early_stop")
    speedup = []
    for k in range(ticket.shape[1]):
        valid = ticket[:, k] > 0
        speedup.append(float(np.median(reinit[valid, k] / ticket[valid, k])) if valid.any() else None)
    out["speedup"] = speedup
    return out
