"""Plant 'n' Seek's findings, judged from the figures' results (``pns_singleshot``, ``pns_multishot``).

Each function takes the figures' results documents (``{figure name: {"data": ..., ...}}``) and returns
``(verdicts, facts)`` (:mod:`verify.claims.model`).

Operationalisation [derived] — the paper states its findings from plots; here a run *reaches the planted ticket* when
its test metric is as good as the planted ticket's (same repetition, exact after rescaling) up to a tolerance:
Circle accuracy at least the planted ticket's minus ``ACCURACY_TOLERANCE`` (0.05), ReLU and Helix MSE at most
``MSE_FACTOR`` (2) times the planted ticket's.  A weak ticket is judged after training, a strong one after pruning
(better of raw and planted-scale outputs, :func:`verify.plantnseek.run.best_convention`).  Fractions of runs are
binomial proportions with exact two-sided Clopper–Pearson intervals at 95 %; "never" is tested as "at most 5 % of
runs", "finds" as "at least 10 % of runs".  Accuracies of the planted ticket pool all test points of all repetitions
(each point classified right or wrong).
"""

from __future__ import annotations

from verify.claims.model import expects, fact
from verify.compare import BoundValue, Measurement, judge, probability_measurement

ACCURACY_TOLERANCE = 0.05
MSE_FACTOR = 2.0
NEVER = 0.05
SOMETIMES = 0.10
WEAK_PRUNERS = ("random", "magnitude", "snip", "grasp", "synflow", "synflow-iterative")


_TASKS = ("relu", "circle", "helix")


def _rows(data, figure: str) -> list[dict]:
    return data[figure]["data"]["rows"]


def _planted(rows) -> dict:
    return {(r["task"], r["rep"]): r for r in rows if r["pruner"] == "planted"}


def reaches(row: dict, reference: dict, stage: str) -> bool | None:
    """Whether ``row``'s metric at ``stage`` ("pruned" or "trained") is as good as the planted ticket's (see the
    module docstring); None when the row has no such metric (edge-popup is never trained)."""
    if row["task"] == "circle":
        value, target = row.get(f"{stage}_accuracy"), reference["pruned_accuracy"]
        if value is None:
            return None
        return value >= target - ACCURACY_TOLERANCE
    value, target = row.get(f"{stage}_loss"), reference["pruned_loss"]
    if value is None:
        return None
    return value <= MSE_FACTOR * target


def _fraction(rows, planted, stage) -> tuple[int, int]:
    outcomes = [reaches(r, planted[(r["task"], r["rep"])], stage) for r in rows]
    outcomes = [o for o in outcomes if o is not None]
    return sum(outcomes), len(outcomes)


def _proportion_verdict(claim, quantity, successes, trials, kind, value, tag, description):
    measurement = probability_measurement(quantity, successes, trials, 0.95)
    bound = BoundValue(id=claim, kind=kind, value=value, confidence_tag=tag, description=description)
    return judge(claim, measurement, bound)


# -- the planted ticket ------------------------------------------------------------------------------------------
def planted_exact(data):
    planting = data["pns_singleshot"]["data"]["planting"]
    worst = max(p["exactness"] for p in planting)
    measurement = Measurement(quantity="max |ticket/scale − target| / max(1, |target|)", low=worst, high=worst,
                              confidence=1.0, method=f"maximum over {len(planting)} plantings on a grid of inputs")
    bound = BoundValue(id="pns.planted_exact", kind="upper", value=1e-9, confidence_tag="paper",
                       description="exact up to floating-point rounding")
    return [judge("planted ticket exact after rescaling", measurement, bound)], {
        "max_error": fact(worst, "largest relative deviation of the rescaled ticket from the target"),
        "plantings": fact(len(planting), "plantings checked (every task, repetition and matching rule)")}


@expects("raw_accuracy", "scaled_accuracy", "test_points")
def raw_logits_defect(data):
    rows = [r for r in _rows(data, "pns_singleshot") if r["pruner"] == "planted" and r["task"] == "circle"]
    if not rows:
        return [], {}
    n_test = round(data["pns_singleshot"]["data"]["settings"]["samples"] * 0.1)
    raw = sum(round(r["pruned_accuracy_raw"] * n_test) for r in rows)
    scaled = sum(round(r["pruned_accuracy_scaled"] * n_test) for r in rows)
    trials = n_test * len(rows)
    verdicts = [
        _proportion_verdict("pns.raw_logits_defect", "accuracy of the planted Circle ticket on raw logits", raw,
                            trials, "upper", 0.61, "code", "at most the spec's 61 %"),
        _proportion_verdict("pns.raw_logits_defect", "accuracy of the planted Circle ticket after rescaling", scaled,
                            trials, "lower", 0.96, "code", "at least the spec's 96 %"),
    ]
    return verdicts, {"raw_accuracy": fact(raw / trials, "planted Circle ticket, accuracy on raw logits"),
                      "scaled_accuracy": fact(scaled / trials, "planted Circle ticket, accuracy after rescaling"),
                      "test_points": fact(trials, "test points pooled over repetitions")}


# -- singleshot --------------------------------------------------------------------------------------------------
@expects(*[f"{t}.{k}" for t in _TASKS for k in ("sparse_success", "dense_success")])
def singleshot_weak_density(data):
    rows = _rows(data, "pns_singleshot")
    planted = _planted(rows)
    weak = [r for r in rows if r["pruner"] in WEAK_PRUNERS]
    verdicts, facts = [], {}
    for task in ("relu", "circle", "helix"):
        sparse = [r for r in weak if r["task"] == task and r["density"] <= 0.01 * (1 + 1e-9)]
        if sparse:
            k, n = _fraction(sparse, planted, "trained")
            verdicts.append(_proportion_verdict(
                "pns.singleshot_weak_density", f"fraction of weak tickets reaching the planted ticket, {task}, "
                f"density <= 0.01", k, n, "upper", NEVER, "paper", "never (at most 5 % of runs)"))
            facts[f"{task}.sparse_success"] = fact(k / n, f"{task}: fraction of weak-pruner runs at density <= 0.01 "
                                                           "reaching the planted ticket after training")
        dense = [r for r in weak if r["task"] == task and 0.1 * (1 - 1e-9) <= r["density"] < 1.0]
        if dense:
            k, n = _fraction(dense, planted, "trained")
            facts[f"{task}.dense_success"] = fact(k / n, f"{task}: fraction of weak-pruner runs at density 0.1-0.5 "
                                                          "reaching the planted ticket after training")
            if task == "helix":
                verdicts.append(_proportion_verdict(
                    "pns.singleshot_weak_density", "fraction of weak tickets reaching the planted ticket, helix, "
                    "density 0.1-0.5", k, n, "upper", NEVER, "paper", "fails on Helix"))
            else:
                verdicts.append(_proportion_verdict(
                    "pns.singleshot_weak_density", f"fraction of weak tickets reaching the planted ticket, {task}, "
                    "density 0.1-0.5", k, n, "lower", SOMETIMES, "paper", "found (in at least 10 % of runs)"))
    return verdicts, facts


@expects(*[f"{t}.strong_success" for t in _TASKS])
def no_strong_tickets(data):
    rows = _rows(data, "pns_singleshot")
    planted = _planted(rows)
    verdicts, facts = [], {}
    for task in ("relu", "circle", "helix"):
        candidates = [r for r in rows if r["task"] == task and r["pruner"] in WEAK_PRUNERS and r["density"] < 1.0]
        if not candidates:
            continue
        k, n = _fraction(candidates, planted, "pruned")
        verdicts.append(_proportion_verdict("pns.no_strong_tickets", f"fraction of pruned (untrained) networks "
                                            f"reaching the planted ticket, {task}", k, n, "upper", NEVER, "paper",
                                            "no strong tickets"))
        facts[f"{task}.strong_success"] = fact(k / n, f"{task}: fraction of weak-pruner masks that are strong "
                                                       "tickets before training")
    return verdicts, facts


@expects(*[f"{t}.{k}" for t in ("relu", "helix") for k in ("success", "best_mse", "planted_mse")])
def edge_popup_regression(data):
    rows = _rows(data, "pns_singleshot")
    planted = _planted(rows)
    runs = [r for r in rows if r["pruner"].startswith("edge-popup") and r["task"] in ("relu", "helix")]
    if not runs:
        return [], {}
    verdicts, facts = [], {}
    for task in ("relu", "helix"):
        mine = [r for r in runs if r["task"] == task]
        if not mine:
            continue
        k, n = _fraction(mine, planted, "pruned")
        verdicts.append(_proportion_verdict("pns.edge_popup_regression", f"fraction of edge-popup runs reaching the "
                                            f"planted ticket, {task}", k, n, "upper", NEVER, "paper",
                                            "finds nothing on regression"))
        facts[f"{task}.success"] = fact(k / n, f"fraction of edge-popup runs on {task} reaching the planted ticket "
                                                "(no final softmax)")
        best = min(r["pruned_loss"] for r in mine)
        facts[f"{task}.best_mse"] = fact(best, f"lowest test MSE of an edge-popup mask on {task}")
        facts[f"{task}.planted_mse"] = fact(min(planted[(task, r)]["pruned_loss"] for r in {x["rep"] for x in mine}),
                                             f"test MSE of the planted ticket on {task}")
    return verdicts, facts


@expects("half.accuracy", "sparse.accuracy")
def edge_popup_circle(data):
    rows = _rows(data, "pns_singleshot")
    planted = _planted(rows)
    runs = [r for r in rows if r["pruner"] == "edge-popup" and r["task"] == "circle"]
    verdicts, facts = [], {}
    at_half = [r for r in runs if abs(r["density"] - 0.5) < 1e-9]
    if at_half:
        k, n = _fraction(at_half, planted, "pruned")
        verdicts.append(_proportion_verdict("pns.edge_popup_circle", "fraction of edge-popup runs reaching the "
                                            "planted ticket, circle, density 0.5", k, n, "lower", SOMETIMES,
                                            "paper", "a strong ticket at density 0.5"))
        facts["half.accuracy"] = fact(sum(r["pruned_accuracy"] for r in at_half) / n,
                                       "mean accuracy of edge-popup masks on Circle at density 0.5")
    sparse = [r for r in runs if r["density"] <= 0.1 * (1 + 1e-9)]
    if sparse:
        k, n = _fraction(sparse, planted, "pruned")
        verdicts.append(_proportion_verdict("pns.edge_popup_circle", "fraction of edge-popup runs reaching the "
                                            "planted ticket, circle, density <= 0.1", k, n, "upper", NEVER, "paper",
                                            "not below density 0.5 (without annealing)"))
        facts["sparse.accuracy"] = fact(max(r["pruned_accuracy"] for r in sparse),
                                         "best accuracy of an edge-popup mask on Circle at density <= 0.1")
    return verdicts, facts


# -- multishot ---------------------------------------------------------------------------------------------------
@expects("accuracy", "grasp_collapse")
def multishot_synflow(data):
    rows = _rows(data, "pns_multishot")
    planted = _planted(rows)
    runs = [r for r in rows if r["pruner"] == "synflow" and r["task"] == "circle" and r["density_label"] == "gt"]
    if not runs:
        return [], {}
    k, n = _fraction(runs, planted, "trained")
    verdict = _proportion_verdict("pns.multishot_synflow", "fraction of multishot SynFlow runs on Circle at the "
                                  "ground-truth density reaching the planted ticket after training", k, n, "lower",
                                  SOMETIMES, "paper", "reaches the Circle ticket's density as a weak ticket")
    accuracy = sum(r["trained_accuracy"] for r in runs) / n
    facts = {"accuracy": fact(accuracy, "mean trained accuracy, multishot SynFlow, Circle, ground-truth density")}
    grasp = [r for r in rows if r["pruner"] == "grasp" and r["density"] <= 0.01 * (1 + 1e-9)]
    if grasp:
        facts["grasp_collapse"] = fact(sum(r["layer_collapse"] for r in grasp) / len(grasp),
                                        "fraction of multishot GraSP runs at density <= 0.01 with layer collapse")
    return [verdict], facts


# -- hiding ------------------------------------------------------------------------------------------------------
@expects(*(f"l1-sign.{task}.percentile" for task in ("circle", "helix", "relu")))
def planted_hiding(data):
    """The statement was measured with the code's rule, so only that rule is judged; the paper's L2 rule is reported
    beside it as a fact."""
    planting = data["pns_singleshot"]["data"]["planting"]
    verdicts, facts = [], {}
    for match in ("l1-sign", "l2"):
        mine = [p for p in planting if p["match"] == match]
        below = sum(p["percentile_median"] < 50 for p in mine)
        if match == "l1-sign":
            verdicts.append(_proportion_verdict(
                "pns.planted_hiding", "fraction of plantings (the code's l1-sign rule) whose planted weights sit "
                "below the median of |w|", below, len(mine), "lower", 0.5, "code",
                "planted weights mostly smaller than random ones"))
        values = sorted(p["percentile_median"] for p in mine)
        facts[f"{match}.percentile"] = fact(values[len(values) // 2], f"median percentile of planted |w| among the "
                                                                        f"random |w| ({match} rule)")
        facts[f"{match}.below_median"] = fact(below / len(mine), f"fraction of plantings ({match} rule) whose "
                                                                  "planted weights sit below the median of |w|")
        for task in sorted({p["task"] for p in mine}):
            per_task = sorted(p["percentile_median"] for p in mine if p["task"] == task)
            facts[f"{match}.{task}.percentile"] = fact(per_task[len(per_task) // 2],
                                                        f"median percentile of planted |w| ({match} rule, {task})")
    return verdicts, facts
