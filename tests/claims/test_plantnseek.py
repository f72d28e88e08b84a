"""The Plant 'n' Seek claims' evaluation: the operationalisation and the verdicts on synthetic results whose answer
is known (each verdict can come out holds, violated or inconclusive)."""

import pytest

from verify.claims import plantnseek as pns_claims


def row(task, pruner, rep, density, **metrics):
    base = {"task": task, "pruner": pruner, "rep": rep, "density": density, "density_label": str(density),
            "pruned_loss": None, "pruned_accuracy": None, "trained_loss": None, "trained_accuracy": None,
            "layer_collapse": False}
    base.update(metrics)
    return base


def test_reaches_uses_the_tolerances():
    planted_circle = {"pruned_accuracy": 0.97}
    assert pns_claims.reaches({"task": "circle", "trained_accuracy": 0.921}, planted_circle, "trained")
    assert not pns_claims.reaches({"task": "circle", "trained_accuracy": 0.919}, planted_circle, "trained")
    planted_relu = {"pruned_loss": 1e-4}
    assert pns_claims.reaches({"task": "relu", "pruned_loss": 1.9e-4}, planted_relu, "pruned")
    assert not pns_claims.reaches({"task": "relu", "pruned_loss": 2.1e-4}, planted_relu, "pruned")
    assert pns_claims.reaches({"task": "relu", "trained_loss": None}, planted_relu, "trained") is None


def _document(rows, samples=10_000):
    return {"pns_singleshot": {"data": {"rows": rows, "settings": {"samples": samples}, "planting": []}}}


@pytest.mark.parametrize("raw, scaled, outcome", [(0.45, 0.98, "holds"), (0.90, 0.98, "violated"),
                                                   (0.45, 0.90, "violated")])
def test_raw_logits_defect_verdicts(raw, scaled, outcome):
    rows = [row("circle", "planted", r, 0.005, pruned_accuracy_raw=raw, pruned_accuracy_scaled=scaled)
            for r in range(5)]
    verdicts, facts = pns_claims.raw_logits_defect(_document(rows))
    outcomes = {v.outcome for v in verdicts}
    assert (outcome in outcomes) and (outcome == "holds") == (outcomes == {"holds"})
    assert facts["raw_accuracy"]["value"] == pytest.approx(raw) and facts["test_points"]["value"] == 5000


def test_edge_popup_regression_is_violated_when_masks_reach_the_ticket():
    rows = []
    for r in range(30):
        rows.append(row("relu", "planted", r, 0.0002, pruned_loss=1e-4))
        rows.append(row("relu", "edge-popup", r, 0.1, pruned_loss=1.1e-4 if r % 2 else 0.16))
    verdicts, facts = pns_claims.edge_popup_regression(_document(rows))
    assert [v.outcome for v in verdicts] == ["violated"]
    assert facts["relu.success"]["value"] == 0.5 and facts["helix.success"]["value"] is None


def test_no_strong_tickets_holds_when_nothing_is_found_and_is_inconclusive_with_few_runs():
    many = [row("circle", "planted", r, 0.005, pruned_accuracy=0.97) for r in range(30)]
    many += [row("circle", "magnitude", r, 0.1, pruned_accuracy=0.44) for r in range(30)]
    many += [row("circle", "snip", r, 0.1, pruned_accuracy=0.44) for r in range(30)]
    many += [row("circle", "grasp", r, 0.01, pruned_accuracy=0.44) for r in range(30)]   # 0 of 90: upper < 5 %
    verdicts, _ = pns_claims.no_strong_tickets(_document(many))
    assert [v.outcome for v in verdicts] == ["holds"]
    few = many[:1] + many[30:31]
    verdicts, _ = pns_claims.no_strong_tickets(_document(few))
    assert [v.outcome for v in verdicts] == ["inconclusive"]


def test_hiding_verdicts():
    planting = ([{"match": "l1-sign", "task": "circle", "percentile_median": 15.0}] * 10
                + [{"match": "l1-sign", "task": "relu", "percentile_median": 25.0}] * 10
                + [{"match": "l2", "task": "circle", "percentile_median": 80.0}] * 20)
    verdicts, facts = pns_claims.planted_hiding({"pns_singleshot": {"data": {"planting": planting}}})
    assert [v.outcome for v in verdicts] == ["holds"]          # the statement is about the code's rule
    assert facts["l1-sign.percentile"]["value"] == 25.0 and facts["l2.below_median"]["value"] == 0.0
    assert facts["l1-sign.circle.percentile"]["value"] == 15.0 and facts["l1-sign.relu.percentile"]["value"] == 25.0
    assert facts["l1-sign.helix.percentile"]["value"] is None  # no Helix planting in this campaign
    planting[0:20] = [{"match": "l1-sign", "task": "circle", "percentile_median": 70.0}] * 20
    verdicts, _ = pns_claims.planted_hiding({"pns_singleshot": {"data": {"planting": planting}}})
    assert [v.outcome for v in verdicts] == ["violated"]
