"""Pensia et al.'s Experiment 2: parameter counts from the spec, the linear structure against an explicit forward
pass and finite differences, selection rules."""

import numpy as np
import pytest
from net_oracle import central_differences, oracle_loss

from verify.experiments.experiment2 import (
    LinearStructureSupermask,
    build,
    degree_one,
    ours_parameters,
    run_experiment,
    run_point,
    select,
    structure_arrays,
    wide_hidden,
)


def test_parameter_counts_match_the_spec_for_mnist_fc2():
    assert ours_parameters((784, 500, 10)) == 1_991_420
    assert wide_hidden((784, 500, 10)) == 2508
    assert 784 * 2508 + 2508 * 10 == 1_991_352
    assert ours_parameters() == 37_820 and wide_hidden() == 511


def test_degree_one_structure():
    mask = degree_one(4, 3)
    assert mask.shape == (12, 4) and np.all(mask.sum(axis=1) == 1) and np.all(mask.sum(axis=0) == 3)


def _explicit(arrays, masks, x):
    """x → Ã1 x (no ReLU) → Ṽ1 → ReLU → Ã2 (no ReLU) → Ṽ2, written out."""
    a1, v1, a2, v2 = [a * m for a, m in zip(arrays, masks)]
    hidden = np.maximum((x @ a1.T) @ v1.T, 0.0)
    return (hidden @ a2.T) @ v2.T


def test_linear_structure_forward_and_mask_gradients():
    arrays, allowed = structure_arrays(seed=1, widths=(3, 4, 2), r=2)
    model = LinearStructureSupermask(arrays, allowed)
    rng = np.random.default_rng(0)
    masks = [(rng.uniform(size=a.shape) < 0.7) & k for a, k in zip(arrays, allowed)]
    x = rng.uniform(0, 1, size=(6, 3))
    y = rng.integers(0, 2, size=6)
    np.testing.assert_allclose(model.outputs(masks, x), _explicit(arrays, masks, x), rtol=1e-12, atol=1e-14)
    value, grads = model.loss_and_mask_gradients(masks, x, y, "cross_entropy")
    relaxed = [m.astype(float) for m in masks]
    assert value == pytest.approx(oracle_loss(_explicit(arrays, relaxed, x), y, "cross_entropy"), rel=1e-12)
    numeric = central_differences(lambda: oracle_loss(_explicit(arrays, relaxed, x), y, "cross_entropy"), relaxed)
    for got, expected in zip(grads, numeric):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-8)


def test_relu_structure_respects_the_degree_one_masks():
    model, count = build("ours-relu", seed=0, widths=(5, 4, 3), r=2)
    assert count == 2 * 5 + 10 * 4 + 2 * 4 + 8 * 3
    assert model.net.widths == (5, 10, 4, 8, 3)
    assert np.array_equal(model.allowed[0], degree_one(5, 2)) and model.allowed[1].all()
    assert np.all(model.net.weights[0][~model.allowed[0]] == 0.0)


def test_selection_rules():
    rows = [{"structure": "wide", "sparsity": 0.5, "epochs": e, "kept": 10, "parameters": 20,
             "test_accuracy": t, "validation_accuracy": v}
            for e, t, v in ((10, 0.80, 0.90), (20, 0.85, 0.70), (30, 0.82, 0.90))]
    (point,) = select(rows)
    assert point["test_selected_accuracy"] == 0.85 and point["test_selected_epochs"] == 20
    assert point["validation_selected_accuracy"] == 0.80 and point["validation_selected_epochs"] == 10
    assert point["selection_gain"] == pytest.approx(0.05)


@pytest.mark.parametrize("structure", ["ours-linear", "ours-relu", "wide", "baseline"])
def test_one_short_run_per_structure(structure):
    sparsity = 0.0 if structure == "baseline" else 0.9
    row = run_point(structure, sparsity, epochs=1, seed=3)
    again = run_point(structure, sparsity, epochs=1, seed=3)
    assert row["test_accuracy"] == again["test_accuracy"] and 0.0 <= row["test_accuracy"] <= 1.0
    if structure == "baseline":
        assert row["kept"] == row["parameters"] == 64 * 100 + 100 * 10
    else:
        model, total = build(structure, 3)
        allowed = [int(a.sum()) for a in model.allowed]
        assert row["kept"] == sum(int(np.floor(0.1 * n + 0.5)) for n in allowed) and row["parameters"] == total


def test_test_correct_is_the_per_example_outcome_behind_the_test_accuracy():
    for structure in ("ours-linear", "wide", "baseline"):
        row = run_point(structure, 0.0 if structure == "baseline" else 0.5, epochs=1, seed=2)
        assert row["test_correct"].dtype == np.bool_ and row["test_correct"].shape == (364,)
        assert row["test_correct"].mean() == pytest.approx(row["test_accuracy"], abs=1e-12)


def test_run_experiment_runs_every_seed_and_resumes_from_its_store(tmp_path):
    kwargs = {"structures": ("wide",), "sparsities": (0.5,), "epochs": (1,), "seeds": (3, 4), "out": tmp_path,
              "executor": "local"}
    rows = run_experiment(**kwargs)
    assert [(r["structure"], r["seed"]) for r in rows] == [("wide", 3), ("baseline", 3), ("wide", 4),
                                                           ("baseline", 4)]
    assert rows[0]["test_accuracy"] == run_point("wide", 0.5, 1, seed=3)["test_accuracy"]
    assert not np.array_equal(rows[0]["test_correct"], rows[2]["test_correct"])   # the seeds differ
    again = run_experiment(**kwargs)
    assert all(np.array_equal(a["test_correct"], b["test_correct"]) for a, b in zip(rows, again))
    with pytest.raises(Exception, match="distinct"):
        run_experiment(structures=("wide",), sparsities=(0.5,), epochs=(1,), seeds=(3, 3))
