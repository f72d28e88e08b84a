"""Plant 'n' Seek protocols: the reference row is the target's quality, metrics against brute force, both output
conventions, identical results at any worker count, resumable runs, bad input refused."""

import math

import numpy as np
import pytest

from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.plantnseek.run import (
    Settings,
    best_convention,
    edge_metrics,
    grid_cells,
    planted_network,
    run_grid,
    run_one,
    run_seed,
    task_data,
)

SMALL = Settings(width=30, samples=300, epochs=1, edge_popup_epochs=1, multishot_levels=2, multishot_epochs=1,
                 prune_samples=20)


def _same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def _strip(rows):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]


def test_the_planted_reference_row_has_the_targets_quality():
    row = run_one("circle", "planted", "gt", rep=2, seed=5, settings=SMALL)
    seed = run_seed(5, 2)
    planted, data = planted_network("circle", SMALL, seed), task_data("circle", SMALL, seed)
    expected = float(np.mean(np.argmax(planted.target(data.test.x), axis=1) == data.test.y))
    assert row["pruned_accuracy_scaled"] == pytest.approx(expected, abs=1e-12)
    assert row["pruned_accuracy"] == row["pruned_accuracy_scaled"] and row["pruned_scaled"]
    assert row["recall"] == row["precision"] == row["bias_recall"] == 1.0
    assert row["achieved_density"] == row["ground_truth_density"] == planted.ground_truth_density()
    assert not row["layer_collapse"]
    raw = float(np.mean(np.argmax(planted.ticket_network().forward(data.test.x), axis=1) == data.test.y))
    assert row["pruned_accuracy_raw"] == pytest.approx(raw, abs=1e-12)


def test_edge_metrics_match_a_brute_force_count():
    planted = planted_network("helix", SMALL, 3)
    masks = M.random_masks(planted.network, 0.3, seed=1, biases=True)
    metrics = edge_metrics(masks, planted)
    pairs = [(bool(m), bool(t)) for ms, ts in zip(masks.weights, planted.ticket.weights)
             for m, t in zip(ms.ravel(), ts.ravel())]
    hits = sum(m and t for m, t in pairs)
    assert metrics["recall"] == hits / sum(t for _, t in pairs)
    assert metrics["precision"] == hits / sum(m for m, _ in pairs)
    # The Helix target's rounding residues are excluded from recall_material.
    residues = len(planted.target.negligible())
    material_hits = hits - sum(
        bool(masks.weights[layer - 1][planted.neurons[layer - 1][i], planted.neurons[layer - 2][j]]
             and planted.ticket.weights[layer - 1][planted.neurons[layer - 1][i], planted.neurons[layer - 2][j]])
        for kind, layer, (i, j) in planted.target.negligible())
    assert residues > 0
    assert metrics["recall_material"] == pytest.approx(material_hits / (sum(t for _, t in pairs) - residues))


def test_best_convention_picks_the_better_evaluation():
    regression = {"pruned_loss_raw": 0.2, "pruned_accuracy_raw": math.nan, "pruned_loss_scaled": 1e-4,
                  "pruned_accuracy_scaled": math.nan}
    chosen = best_convention(regression)
    assert chosen["pruned_loss"] == 1e-4 and chosen["pruned_scaled"] and math.isnan(chosen["pruned_accuracy"])
    classification = {"pruned_loss_raw": 0.3, "pruned_accuracy_raw": 0.95, "pruned_loss_scaled": 0.1,
                      "pruned_accuracy_scaled": 0.45}
    chosen = best_convention(classification)
    assert chosen["pruned_accuracy"] == 0.95 and chosen["pruned_loss"] == 0.3 and not chosen["pruned_scaled"]


@pytest.mark.parametrize("mode, pruner", [("singleshot", "synflow"), ("singleshot", "edge-popup"),
                                          ("multishot", "magnitude")])
def test_rows_reach_the_asked_density(mode, pruner):
    row = run_one("relu", pruner, 0.1, mode=mode, settings=SMALL)
    planted = planted_network("relu", SMALL, run_seed(0, 0))
    total = sum(w.size for w in planted.network.weights)
    if pruner == "edge-popup":  # per layer
        expected = sum(int(np.floor(0.1 * w.size + 0.5)) for w in planted.network.weights) / total
    else:
        expected = int(np.floor(0.1 * total + 0.5)) / total
    assert row["achieved_density"] == pytest.approx(expected)
    assert math.isnan(row["trained_loss"]) == (pruner == "edge-popup")


def test_grid_is_identical_at_any_worker_count_and_resumes(tmp_path):
    args = (["relu", "circle"], ["magnitude", "random"], [0.1, "gt"])
    serial = run_grid(*args, reps=1, seed=4, settings=SMALL, workers=1)
    parallel = run_grid(*args, reps=1, seed=4, settings=SMALL, workers=2, executor="processes")
    assert len(serial.rows) == 2 * (1 + 2 * 2)
    for a, b in zip(_strip(serial.rows), _strip(parallel.rows)):
        assert all(_same(a[k], b[k]) for k in a), (a, b)
    out = tmp_path / "run"
    first = run_grid(*args, reps=1, seed=4, settings=SMALL, workers=1, out=out)
    (out / "chunk-000003.npz").unlink()
    again = run_grid(*args, reps=1, seed=4, settings=SMALL, workers=1, out=out)
    for index, (a, b) in enumerate(zip(first.rows, again.rows)):
        assert all(_same(a[k], b[k]) for k in a if k != "seconds")
        if index != 3:   # read back from the store, timing included; chunk 3 was recomputed
            assert a["seconds"] == b["seconds"]
    for a, b in zip(_strip(first.rows), _strip(serial.rows)):
        assert all(_same(a[k], b[k]) for k in a)
    with pytest.raises(InvalidInput, match="holds a different run"):
        run_grid(*args, reps=1, seed=5, settings=SMALL, workers=1, out=out)
    summary = serial.summary()
    assert set(summary["pruner"]) == {"planted", "magnitude", "random"}


def test_cells_are_ordered_with_the_reference_first():
    cells = grid_cells(["relu"], ["snip"], [0.5, "gt"], reps=2, mode="singleshot")
    assert [(c.pruner, c.density, c.rep) for c in cells] == [
        ("planted", "gt", 0), ("snip", 0.5, 0), ("snip", "gt", 0), ("planted", "gt", 1), ("snip", 0.5, 1),
        ("snip", "gt", 1)]


@pytest.mark.parametrize("call, message", [
    (lambda: run_one("spiral", "snip", 0.1, settings=SMALL), "task 'spiral'"),
    (lambda: run_one("relu", "obd", 0.1, settings=SMALL), "pruner 'obd'"),
    (lambda: run_one("relu", "snip", 0.0, settings=SMALL), "density 0.0 must lie in"),
    (lambda: run_one("relu", "snip", 1.5, settings=SMALL), "density 1.5"),
    (lambda: run_one("relu", "snip", "half", settings=SMALL), "density 'half'"),
    (lambda: run_one("relu", "edge-popup", 0.1, mode="multishot", settings=SMALL), "no multishot mode"),
    (lambda: grid_cells(["relu"], ["synflow-iterative"], [0.1], 1, "multishot"), "no multishot mode"),
    (lambda: run_grid(["helix"], ["snip"], [0.1], settings=Settings(width=20)), "width 20 is below"),
    (lambda: run_grid(["relu"], ["snip"], [0.1], reps=0), "reps 0"),
])
def test_bad_input_is_refused(call, message):
    with pytest.raises(InvalidInput, match=message):
        call()


def test_run_seeds_are_distinct_and_stable():
    seeds = {run_seed(s, r) for s in range(20) for r in range(20)}
    assert len(seeds) == 400
    assert run_seed(3, 7) == run_seed(3, 7)
