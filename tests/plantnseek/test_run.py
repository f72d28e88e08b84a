"""Plant 'n' Seek protocols: the reference row is the target's quality, the dense row is every pruner's density-1
point (singleshot and multishot, by the pruners' own code paths), repetitions re-draw the pruning and training
randomness on the same planting, metrics against brute force, both output conventions, identical results at any
worker count, resumable runs, bad input refused."""

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
    repetition_seed,
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
    assert len(serial.rows) == 2 * (2 + 2 * 2)
    for a, b in zip(_strip(serial.rows), _strip(parallel.rows)):
        assert all(_same(a[k], b[k]) for k in a), (a, b)
    out = tmp_path / "run"
    first = run_grid(*args, reps=1, seed=4, settings=SMALL, workers=1, out=out)
    (out / "chunk-000004.npz").unlink()
    again = run_grid(*args, reps=1, seed=4, settings=SMALL, workers=1, out=out)
    for index, (a, b) in enumerate(zip(first.rows, again.rows)):
        assert all(_same(a[k], b[k]) for k in a if k != "seconds")
        if index != 4:   # read back from the store, timing included; chunk 4 was recomputed
            assert a["seconds"] == b["seconds"]
    for a, b in zip(_strip(first.rows), _strip(serial.rows)):
        assert all(_same(a[k], b[k]) for k in a)
    with pytest.raises(InvalidInput, match="holds a different run"):
        run_grid(*args, reps=1, seed=5, settings=SMALL, workers=1, out=out)
    summary = serial.summary()
    assert set(summary["pruner"]) == {"planted", "dense", "magnitude", "random"}


def test_cells_are_ordered_with_the_reference_first():
    cells = grid_cells(["relu"], ["snip"], [0.5, "gt"], reps=2, mode="singleshot")
    assert [(c.pruner, c.density, c.rep) for c in cells] == [
        ("planted", "gt", 0), ("snip", 0.5, 0), ("snip", "gt", 0), ("planted", "gt", 1), ("snip", 0.5, 1),
        ("snip", "gt", 1)]
    cells = grid_cells(["relu"], ["snip"], [0.5], reps=1, mode="singleshot", repetitions=2, dense=True)
    assert [(c.pruner, c.density, c.rep, c.repetition) for c in cells] == [
        ("planted", "gt", 0, 0), ("dense", 1.0, 0, 0), ("snip", 0.5, 0, 0),
        ("planted", "gt", 0, 1), ("dense", 1.0, 0, 1), ("snip", 0.5, 0, 1)]


def test_repetitions_share_the_planting_and_redraw_the_pruning_and_training():
    """Repetition 0 is the planting's own seed (the one-repetition campaign of before); a repetition k >= 1 keeps
    the mother network and data (same planted ticket, same reference metrics) and re-draws the rest: SNIP's pruning
    batch (another mask), edge-popup's scores, every minibatch order (other trained networks)."""
    assert repetition_seed(5, 2, 0) == run_seed(5, 2)
    seeds = {repetition_seed(5, p, k) for p in range(4) for k in range(4)}
    assert len(seeds) == 16 and not seeds & {run_seed(5, p) for p in range(4, 40)}
    rows = {k: {pruner: run_one("relu", pruner, 0.1 if pruner != "planted" else "gt", rep=1, seed=5,
                                settings=SMALL, repetition=k)
                for pruner in ("planted", "magnitude", "snip", "edge-popup")} for k in (0, 1)}
    for pruner in ("planted", "magnitude", "snip", "edge-popup"):
        a, b = rows[0][pruner], rows[1][pruner]
        assert a["run_seed"] == b["run_seed"] == run_seed(5, 1)
        assert (a["repetition"], b["repetition"]) == (0, 1) and a["repetition_seed"] != b["repetition_seed"]
        assert a["ground_truth_density"] == b["ground_truth_density"]
    planted = rows[0]["planted"], rows[1]["planted"]
    assert planted[0]["pruned_loss"] == planted[1]["pruned_loss"]              # the same planted ticket and data
    assert planted[0]["trained_loss"] != planted[1]["trained_loss"]            # trained in another order
    magnitude = rows[0]["magnitude"], rows[1]["magnitude"]
    assert magnitude[0]["recall"] == magnitude[1]["recall"]                     # a deterministic mask
    assert magnitude[0]["trained_loss"] != magnitude[1]["trained_loss"]
    assert rows[0]["snip"]["pruned_loss"] != rows[1]["snip"]["pruned_loss"]     # another pruning batch
    assert rows[0]["edge-popup"]["pruned_loss"] != rows[1]["edge-popup"]["pruned_loss"]


@pytest.mark.parametrize("mode, pruner", [("singleshot", "magnitude"), ("singleshot", "random"),
                                          ("multishot", "synflow")])
def test_the_dense_row_is_every_pruners_density_one_point(mode, pruner):
    """At density 1 a pruner keeps every weight: its trained network — through the pruner, the masks and, in
    multishot, every level of train, prune to density 1 and reset — is the dense row's, trained from the same
    initial values in the same minibatch order."""
    dense = run_one("circle", "dense", 1.0, mode=mode, rep=0, seed=2, settings=SMALL, repetition=1)
    full = run_one("circle", pruner, 1.0, mode=mode, rep=0, seed=2, settings=SMALL, repetition=1)
    assert full["achieved_density"] == dense["achieved_density"] == 1.0
    assert dense["recall"] == dense["bias_recall"] == 1.0 and not dense["layer_collapse"]
    assert full["trained_accuracy"] == dense["trained_accuracy"]
    assert full["trained_loss"] == pytest.approx(dense["trained_loss"], rel=1e-12)
    untrained = planted_network("circle", SMALL, run_seed(2, 0)).network
    data = task_data("circle", SMALL, run_seed(2, 0))
    raw = float(np.mean(np.argmax(untrained.forward(data.test.x), axis=1) == data.test.y))
    assert dense["pruned_accuracy_raw"] == pytest.approx(raw, abs=1e-12)     # before training: the mother network


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
    (lambda: run_grid(["relu"], ["snip"], [0.1], repetitions=0), "repetitions 0"),
    (lambda: run_one("relu", "snip", 0.1, settings=SMALL, repetition=-1), "repetition -1"),
])
def test_bad_input_is_refused(call, message):
    with pytest.raises(InvalidInput, match=message):
        call()


def test_run_seeds_are_distinct_and_stable():
    seeds = {run_seed(s, r) for s in range(20) for r in range(20)}
    assert len(seeds) == 400
    assert run_seed(3, 7) == run_seed(3, 7)
