"""The Plant 'n' Seek claims decided on synthetic result tables whose verdicts are known: the planting is the unit
(per-planting fractions over its runs and repetitions, then a t interval over plantings — never a pooled binomial
over runs), the rule's tolerances and thresholds, fewer than five plantings insufficient, a planted deviation refutes
exactness, the reference campaign (the code's l1-sign planting) decides while the l2 campaign is reported beside it,
the dense check makes the outcomes a failing dense network explains inconclusive (and only those), and the
sensitivity rows are computed from the rule."""

import numpy as np
import pytest

from verify.claims import plantnseek as pns
from verify.claims.registry import get
from verify.claims.results import Results
from verify.stats import unit_mean
from verify.tables import Table

NAN = float("nan")


def runs_table(rows, name="pns_singleshot"):
    """A runs table in the schema of figures.pns_campaign.runs_table from dicts (missing metrics NaN)."""
    def column(key, default=NAN, dtype=np.float64):
        return np.array([r.get(key, default) for r in rows], dtype=dtype)

    arrays = {key: np.array([str(r.get(key, "")) for r in rows], dtype="U24")
              for key in ("task", "pruner", "mode", "density_label")}
    if any("match" in r for r in rows):
        arrays["match"] = np.array([str(r.get("match", "l1-sign")) for r in rows], dtype="U24")
    for key in ("density", "pruned_loss", "pruned_accuracy", "pruned_accuracy_raw", "pruned_accuracy_scaled",
                "trained_loss", "trained_accuracy"):
        arrays[key] = column(key)
    arrays["planting"] = column("planting", 0, np.int64)
    arrays["repetition"] = column("repetition", 0, np.int64)
    arrays["layer_collapse"] = column("layer_collapse", False, np.bool_)
    return Table(name, arrays, {})


def results(*tables):
    return Results(tables={t.name: t for t in tables})


def planted(task, planting, **metrics):
    base = {"task": task, "pruner": "planted", "density_label": "gt", "density": 0.005, "planting": planting,
            "repetition": metrics.pop("repetition", 0)}
    if task == "circle":
        base.update(pruned_accuracy=0.97, pruned_loss=0.1)
    else:
        base.update(pruned_loss=1e-4)
    base.update(metrics)
    return base


def run(task, pruner, planting, density, **metrics):
    return {"task": task, "pruner": pruner, "density_label": f"{density:g}", "density": density,
            "planting": planting, **metrics}


def _circle_weak(hits_by_planting, density=0.1, pruner="magnitude"):
    """Circle runs: planting p has one run per entry of hits_by_planting[p] (True: reaches after training)."""
    rows = []
    for p, hits in enumerate(hits_by_planting):
        rows.append(planted("circle", p))
        rows += [run("circle", pruner, p, density, trained_accuracy=0.96 if hit else 0.50, pruned_accuracy=0.40)
                 for hit in hits]
    return rows


# -- the operationalisation ----------------------------------------------------------------------------------------

def test_reaches_uses_the_rule_tolerances_and_leaves_out_runs_without_a_metric():
    rule = get("pns.singleshot_weak_density").rule
    rows = [planted("circle", 0), planted("relu", 0),
            run("circle", "snip", 0, 0.1, trained_accuracy=0.921),
            run("circle", "snip", 0, 0.1, trained_accuracy=0.919),
            run("relu", "snip", 0, 0.1, trained_loss=1.9e-4), run("relu", "snip", 0, 0.1, trained_loss=2.1e-4),
            run("relu", "snip", 0, 0.1)]                                          # diverged: no metric
    table = runs_table(rows)
    got = pns.reaches(table, np.arange(2, 7), "trained", rule)
    assert got[:4].tolist() == [1.0, 0.0, 1.0, 0.0] and np.isnan(got[4])
    strict = rule.scaled("accuracy_tolerance", 0.5).scaled("mse_factor", 0.5)
    assert pns.reaches(table, np.arange(2, 6), "trained", strict).tolist() == [0.0, 0.0, 0.0, 0.0]
    plantings, fractions, left_out = pns.planting_fractions(table, np.flatnonzero(table["task"] == "relu")[1:],
                                                             "trained", rule)
    assert plantings.tolist() == [0] and fractions.tolist() == [0.5] and left_out == 1


def test_a_fraction_is_a_mean_over_plantings_with_a_t_interval_not_a_pooled_binomial():
    """One planting whose ten runs all reach, four whose single run does not: pooled over runs 10/14 would establish
    "finds" (>= 10 %); per planting the fractions are 1, 0, 0, 0, 0 and their t interval is wide."""
    rule = get("pns.singleshot_weak_density").rule
    table = runs_table(_circle_weak([[True] * 10, [False], [False], [False], [False]]))
    verdicts, facts = pns.singleshot_weak_density(results(table), rule)
    (dense,) = [v for v in verdicts if "circle at densities 0.1-0.5" in v.measurement.quantity]
    expected = unit_mean([1.0, 0.0, 0.0, 0.0, 0.0])
    assert dense.measurement.units == 5 and dense.measurement.point == pytest.approx(0.2)
    assert (dense.measurement.low, dense.measurement.high) == pytest.approx(expected.interval(0.95))
    assert dense.outcome == "inconclusive"
    assert facts["circle.dense.mean"]["value"] == pytest.approx(0.2) and facts["circle.dense.plantings"]["value"] == 5
    assert facts["circle.dense.runs"]["value"] == 14


def test_fewer_than_five_plantings_are_insufficient_and_five_decide():
    claim = get("pns.singleshot_weak_density")
    many = [[True, True, False]] * 3 + [[True, False, False]] * 3          # mean 0.5, t interval above 0.10
    outcome, verdicts, _ = claim.decide(results(runs_table(_circle_weak(many))))
    (dense,) = [v for v in verdicts if "circle at densities 0.1-0.5" in v.measurement.quantity]
    assert dense.outcome == "holds" and dense.measurement.units == 6
    outcome, verdicts, _ = claim.decide(results(runs_table(_circle_weak(many[:4]))))
    (dense,) = [v for v in verdicts if "circle at densities 0.1-0.5" in v.measurement.quantity]
    assert dense.outcome == "insufficient" and "fewer than the 5" in dense.explanation
    assert outcome == "insufficient"   # and the absent tasks and densities are insufficient, never silently dropped


def test_never_is_violated_when_every_planting_finds_the_ticket_and_the_tasks_are_judged_apart():
    claim = get("pns.no_strong_tickets")
    rows = []
    for p in range(6):
        rows += [planted("circle", p), planted("relu", p), planted("helix", p)]
        rows += [run("circle", "snip", p, 0.1, pruned_accuracy=0.96), run("circle", "grasp", p, 0.5,
                                                                         pruned_accuracy=0.96 if p % 2 else 0.3)]
        rows += [run("relu", "snip", p, 0.1, pruned_loss=0.3), run("helix", "snip", p, 0.1, pruned_loss=0.3)]
    outcome, verdicts, facts = claim.decide(results(runs_table(rows)))
    assert [v.outcome for v in verdicts] == ["holds", "violated", "holds"]     # relu, circle, helix
    assert outcome == "violated" and facts["circle.mean"]["value"] == pytest.approx(0.75)
    assert all(v.measurement.units == 6 for v in verdicts)


def test_sensitivity_rows_scale_each_registered_threshold():
    claim = get("pns.singleshot_weak_density")
    rows = _circle_weak([[True, False, False, False, False, False, False]] * 6)   # 1/7 = 0.143 in every planting
    for p in range(6):
        rows += [run("circle", "snip", p, 0.01, trained_accuracy=0.5)]
    item = claim.judge(results(runs_table(rows)))
    assert [(r["name"], r["factor"]) for r in item.sensitivity] == [
        (name, factor) for name in ("accuracy_tolerance", "mse_factor", "never", "finds", "dense_pass")
        for factor in (0.5, 2.0)]
    finds = {r["factor"]: r for r in item.sensitivity if r["name"] == "finds"}
    assert finds[2.0]["value"] == pytest.approx(0.2)
    dense = [v for v in claim.decide(results(runs_table(rows)))[1]
             if "circle at densities 0.1" in v.measurement.quantity]
    assert dense[0].outcome == "holds"
    doubled = [v for v in claim.decide(results(runs_table(rows)), claim.rule.scaled("finds", 2.0))[1]
               if "circle at densities 0.1" in v.measurement.quantity]
    assert doubled[0].outcome == "violated"


# -- the planted ticket --------------------------------------------------------------------------------------------

def planting_table(exactness, percentiles, tasks=("relu", "circle", "helix"), matches=("l2", "l1-sign")):
    rows = [(task, match, p) for task in tasks for match in matches for p in range(len(exactness))]
    return Table("pns_planting", {
        "task": np.array([r[0] for r in rows], dtype="U24"), "match": np.array([r[1] for r in rows], dtype="U24"),
        "planting": np.array([r[2] for r in rows], dtype=np.int64),
        "repetition": np.zeros(len(rows), dtype=np.int64),
        "exactness": np.array([exactness[r[2]] for r in rows], dtype=np.float64),
        "percentile_median": np.array([percentiles[(r[0], r[1])][r[2]] for r in rows], dtype=np.float64)}, {})


def _percentiles(n, circle=15.0, relu=20.0, helix=18.0):
    spread = np.linspace(-3, 3, n)
    return {(task, match): list(base + spread) for match in ("l2", "l1-sign")
            for task, base in (("circle", circle), ("relu", relu), ("helix", helix))}


def test_a_planted_deviation_of_1e_6_refutes_exactness():
    claim = get("pns.planted_exact")
    exact = [1e-14] * 5
    outcome, verdicts, facts = claim.decide(results(planting_table(exact, _percentiles(5))))
    assert outcome == "holds" and len(verdicts) == 6 and facts["counterexamples"]["value"] == 0
    deviating = [1e-14, 1e-14, 1e-6, 1e-14, 1e-14]
    outcome, verdicts, facts = claim.decide(results(planting_table(deviating, _percentiles(5))))
    assert outcome == "violated" and {v.outcome for v in verdicts} == {"violated"}
    assert facts["max_error"]["value"] == 1e-6 and facts["counterexamples"]["value"] == 6
    outcome, _, _ = claim.decide(results(planting_table(exact[:4], _percentiles(4))))
    assert outcome == "insufficient"
    deviating[2] = 1e-8                          # refutes at 1e-9 and 1e-11, not at the sensitivity row's 1e-7
    item = claim.judge(results(planting_table(deviating, _percentiles(5))))
    assert item.outcome == "violated"
    assert [(r["value"], r["outcome"]) for r in item.sensitivity] == [(pytest.approx(1e-11), "violated"),
                                                                       (pytest.approx(1e-7), "holds")]


def test_hiding_is_judged_per_task_with_the_codes_rule():
    claim = get("pns.planted_hiding")
    table = planting_table([0.0] * 6, _percentiles(6, circle=15.0, relu=70.0, helix=18.0))
    outcome, verdicts, facts = claim.decide(results(table))
    assert [v.outcome for v in verdicts] == ["violated", "holds", "holds"]   # relu, circle, helix
    assert outcome == "violated" and all("l1-sign" in v.measurement.quantity for v in verdicts)
    assert facts["l1-sign.circle.percentile"]["value"] == pytest.approx(15.0)
    assert facts["l2.relu.percentile"]["value"] == pytest.approx(70.0)
    assert [v.measurement.units for v in verdicts] == [6, 6, 6]


def test_raw_logits_defect_counts_plantings_not_test_points():
    claim = get("pns.raw_logits_defect")
    raw = [0.40, 0.50, 0.45, 0.55, 0.35]
    rows = [planted("circle", p, pruned_accuracy_raw=r, pruned_accuracy_scaled=0.98 + 0.002 * p)
            for p, r in enumerate(raw)]
    outcome, verdicts, facts = claim.decide(results(runs_table(rows)))
    assert outcome == "holds" and [v.measurement.units for v in verdicts] == [5, 5]
    assert facts["raw_accuracy"]["value"] == pytest.approx(0.45) and facts["plantings"]["value"] == 5
    high = [planted("circle", p, pruned_accuracy_raw=0.9 + 0.01 * p, pruned_accuracy_scaled=0.98) for p in range(5)]
    assert claim.decide(results(runs_table(high)))[0] == "violated"
    assert claim.decide(results(runs_table(rows[:4])))[0] == "insufficient"


# -- edge-popup and multishot --------------------------------------------------------------------------------------

def _edge_popup_rows(relu_hits, helix_hits, plantings=6):
    rows = []
    for p in range(plantings):
        rows += [planted("relu", p), planted("helix", p)]
        for pruner in ("edge-popup", "edge-popup-anneal"):
            for density in (0.01, 0.1, 0.5, 1.0):
                rows.append(run("relu", pruner, p, density, pruned_loss=1.5e-4 if relu_hits(p, density) else 0.2))
                rows.append(run("helix", pruner, p, density, pruned_loss=1.5e-4 if helix_hits(p, density) else 0.2))
    return rows


def test_edge_popup_regression_is_decided_per_task():
    rows = _edge_popup_rows(lambda p, d: d >= 0.1, lambda p, d: d == 1.0)   # density 1 is no pruning: out of scope
    relu = get("pns.edge_popup_relu").decide(results(runs_table(rows)))
    helix = get("pns.edge_popup_helix").decide(results(runs_table(rows)))
    assert relu[0] == "violated" and relu[2]["all.mean"]["value"] == pytest.approx(2 / 3)
    assert relu[2]["edge-popup.mean"]["value"] == pytest.approx(2 / 3)
    assert helix[0] == "holds" and helix[2]["all.mean"]["value"] == 0.0
    assert relu[1][0].measurement.units == helix[1][0].measurement.units == 6


def test_edge_popup_circle_judges_both_variants_and_an_absent_variant_is_insufficient():
    claim = get("pns.edge_popup_circle")
    rows = []
    for p in range(6):
        rows.append(planted("circle", p))
        rows += [run("circle", "edge-popup", p, d, pruned_accuracy=0.95 if d == 0.5 else 0.5)
                 for d in (0.005, 0.01, 0.1, 0.5)]
    outcome, verdicts, _ = claim.decide(results(runs_table(rows)))
    assert [v.outcome for v in verdicts] == ["holds", "holds", "insufficient", "insufficient"]
    assert outcome == "insufficient"
    for p in range(6):
        rows += [run("circle", "edge-popup-anneal", p, d, pruned_accuracy=0.95 if d == 0.1 else 0.5)
                 for d in (0.005, 0.01, 0.1, 0.5)]
    outcome, verdicts, facts = claim.decide(results(runs_table(rows)))
    assert outcome == "holds" and facts["anneal.accuracy"]["value"] == pytest.approx(0.95)


def test_multishot_synflow_finds_the_circle_ticket_per_planting():
    claim = get("pns.multishot_synflow")
    rows = []
    for p in range(6):
        rows.append(planted("circle", p))
        rows.append(run("circle", "synflow", p, 0.005, density_label="gt", trained_accuracy=0.95 if p < 4 else 0.5))
        rows.append(run("circle", "grasp", p, 0.005, density_label="gt", trained_accuracy=0.6, layer_collapse=p < 3))
    rows = [dict(r, density_label="gt") if r["pruner"] != "planted" else r for r in rows]
    outcome, verdicts, facts = claim.decide(results(runs_table(rows, "pns_multishot")))
    assert verdicts[0].measurement.point == pytest.approx(4 / 6) and outcome == "holds"
    assert facts["best_pruner"]["value"] == "synflow" and facts["grasp_collapse"]["value"] == pytest.approx(0.5)
    few = [r for r in rows if r["planting"] < 4]
    assert claim.decide(results(runs_table(few, "pns_multishot")))[0] == "insufficient"


# -- the campaign's table ------------------------------------------------------------------------------------------

def test_a_campaign_becomes_a_runs_table_with_plantings_and_repetitions(tmp_path):
    from figures.pns_campaign import runs_table as campaign_table
    from verify.plantnseek.run import Settings, run_grid

    params = {"grid": {"tasks": ["relu"], "pruners": ["magnitude"], "densities": [0.1], "reps": 2, "seed": 0}}
    small = {"width": 30, "samples": 200, "epochs": 1}
    reference = run_grid(["relu"], ["magnitude"], [0.1], reps=2, repetitions=2, executor="local",
                         settings=Settings(**small, match="l1-sign"))
    beside = run_grid(["relu"], ["magnitude"], [0.1], reps=2, executor="local", settings=Settings(**small, match="l2"))
    table = campaign_table("pns_singleshot", [reference, beside], params)
    assert table["task"].dtype.kind == "U" and table["pruner"].dtype.kind == "U"
    assert table["match"].tolist() == ["l1-sign"] * 12 + ["l2"] * 6
    assert table["planting"].tolist() == [0] * 6 + [1] * 6 + [0] * 3 + [1] * 3
    assert table["repetition"].tolist() == [0, 0, 0, 1, 1, 1] * 2 + [0] * 6
    assert table["pruner"].tolist() == ["planted", "dense", "magnitude"] * 6
    assert table["run_seed"][0] == table["run_seed"][3] != table["run_seed"][6]     # repetitions share the planting
    assert table["repetition_seed"][0] != table["repetition_seed"][3]
    assert table["run_seed"][0] == table["run_seed"][12]                  # the l2 campaign plants into the same mothers
    rule = get("pns.no_strong_tickets").rule
    reference_only = pns.campaign(results(table), "l1-sign").table("pns_singleshot")
    rows = np.flatnonzero(reference_only["pruner"] == "magnitude")
    plantings, fractions, left_out = pns.planting_fractions(reference_only, rows, "pruned", rule)
    assert plantings.tolist() == [0, 1] and fractions.shape == (2,) and left_out == 0


# -- repetitions, the reference campaign and the dense check -------------------------------------------------------

def _relu_campaign(plantings=5, repetitions=3, dense_mse=1.5e-4, sparse_mse=0.3, dense_density_mse=1.5e-4,
                   match=None):
    """ReLU rows of one campaign: per planting and repetition the planted ticket (MSE 1e-4), the dense network
    trained (``dense_mse(p, k)`` or a number) and SNIP runs at 0.01 and 0.1, trained."""
    def value(v, p, k):
        return v(p, k) if callable(v) else v

    rows = []
    for p in range(plantings):
        for k in range(repetitions):
            extra = {} if match is None else {"match": match}
            rows.append({**planted("relu", p, repetition=k), **extra})
            rows.append({**run("relu", "dense", p, 1.0, trained_loss=value(dense_mse, p, k), repetition=k), **extra})
            rows.append({**run("relu", "snip", p, 0.01, trained_loss=value(sparse_mse, p, k), repetition=k), **extra})
            rows.append({**run("relu", "snip", p, 0.1, trained_loss=value(dense_density_mse, p, k), repetition=k),
                         **extra})
    return rows


def _relu_verdicts(rows, claim="pns.singleshot_weak_density"):
    outcome, verdicts, facts = get(claim).decide(results(runs_table(rows)))
    relu = [v for v in verdicts if "on relu" in v.measurement.quantity]
    return relu, facts


def test_repetitions_are_averaged_within_their_planting_and_plantings_are_the_units():
    """Planting p reaches at 0.1 in repetitions k < p % 3 + 1: per-planting fractions 1/3, 2/3, 1, 1/3, 2/3 over
    five units — not fifteen runs."""
    rows = _relu_campaign(dense_density_mse=lambda p, k: 1.5e-4 if k < p % 3 + 1 else 0.3)
    relu, facts = _relu_verdicts(rows)
    dense_density = relu[1]
    expected = unit_mean([1 / 3, 2 / 3, 1.0, 1 / 3, 2 / 3])
    assert dense_density.measurement.units == 5
    assert dense_density.measurement.point == pytest.approx(expected.estimate)
    assert (dense_density.measurement.low, dense_density.measurement.high) == pytest.approx(expected.interval(0.95))
    assert facts["relu.dense.runs"]["value"] == 15 and facts["relu.dense.plantings"]["value"] == 5


def test_a_dense_network_that_misses_the_threshold_makes_the_outcomes_it_explains_inconclusive():
    rule = get("pns.singleshot_weak_density").rule
    # the dense network passes: "never" at 0.01 holds, "finds" at 0.1 holds
    relu, facts = _relu_verdicts(_relu_campaign())
    assert [v.outcome for v in relu] == ["holds", "holds"] and facts["relu.dense_network.informative"]["value"]
    # the dense network fails in every planting: "never" holding and "finds" violated are what its failure explains
    relu, facts = _relu_verdicts(_relu_campaign(dense_mse=0.3, dense_density_mse=0.3))
    assert [v.outcome for v in relu] == ["inconclusive", "inconclusive"]
    assert all("Uninformative on relu" in v.explanation and v.measurement.details["uninformative"] for v in relu)
    assert "(the test's own outcome was holds)" in relu[0].explanation
    assert "(the test's own outcome was violated)" in relu[1].explanation
    assert facts["relu.dense_network.informative"]["value"] is False
    assert facts["relu.dense_network.mean"]["value"] == 0.0
    # pruned networks that reach what the dense one does not: "never" violated and "finds" holding stand
    relu, _ = _relu_verdicts(_relu_campaign(dense_mse=0.3, sparse_mse=1.5e-4))
    assert [v.outcome for v in relu] == ["violated", "holds"]
    # the dense network passes in 2 of 5 plantings (mean 0.4 < dense_pass 0.5): uninformative; at dense_pass 0.25
    # (a sensitivity row) informative again
    half = _relu_campaign(dense_mse=lambda p, k: 1.5e-4 if p < 2 else 0.3)
    relu, _ = _relu_verdicts(half)
    assert relu[0].outcome == "inconclusive"
    _, verdicts, _ = get("pns.singleshot_weak_density").decide(results(runs_table(half)),
                                                               rule.scaled("dense_pass", 0.5))
    assert [v for v in verdicts if "on relu" in v.measurement.quantity][0].outcome == "holds"


def test_the_dense_check_claim_holds_and_fails_per_task():
    claim = get("pns.dense_reaches")
    rows = _relu_campaign(dense_mse=lambda p, k: 1.5e-4 if k else 0.3)          # 2 of 3 repetitions pass: 2/3
    for p in range(5):
        for k in range(3):
            rows += [planted("circle", p, repetition=k),
                     run("circle", "dense", p, 1.0, trained_accuracy=0.80, repetition=k)]   # 0.80 < 0.97 - 0.05
    outcome, verdicts, facts = claim.decide(results(runs_table(rows), runs_table(rows, "pns_multishot")))
    by_task = {(v.measurement.quantity.split(" protocol on ")[0].split()[-1],
                v.measurement.quantity.split(" on ")[1].split()[0]): v for v in verdicts}
    assert by_task[("singleshot", "relu")].outcome == "holds"
    assert by_task[("singleshot", "circle")].outcome == "violated"
    assert by_task[("multishot", "helix")].outcome == "insufficient"            # no Helix rows
    assert outcome == "violated"
    assert facts["singleshot.relu.mean"]["value"] == pytest.approx(2 / 3)
    assert facts["singleshot.circle.informative"]["value"] is False
    assert facts["singleshot.relu.informative"]["value"] is True


def test_the_reference_campaign_decides_and_the_l2_campaign_is_reported_beside_it():
    """The l1-sign campaign never reaches at 0.01; the l2 campaign (the same plantings) always does: the verdict
    follows the reference, the l2 facts carry their prefix."""
    rows = _relu_campaign(match="l1-sign") + _relu_campaign(sparse_mse=1.5e-4, match="l2")
    relu, facts = _relu_verdicts(rows)
    assert [v.outcome for v in relu] == ["holds", "holds"] and relu[0].measurement.units == 5
    assert facts["relu.sparse.mean"]["value"] == 0.0 and facts["l2.relu.sparse.mean"]["value"] == 1.0
    assert facts["l2.relu.sparse.mean"]["description"].startswith("[l2 planting, reported beside]")
    flipped = [dict(r, match="l2" if r["match"] == "l1-sign" else "l1-sign") for r in rows]
    relu, _ = _relu_verdicts(flipped)
    assert relu[0].outcome == "violated"
    assert pns.matches(results(runs_table(rows))) == ["l1-sign", "l2"]
