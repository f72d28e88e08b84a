"""Pensia et al.'s Experiment 2: parameter counts from the spec and the public code's formulas, the compact "our
structure" against its dense (r·d_in) × d_in form run through the network engine, an explicit forward pass and
finite differences, FC2 and FC4 targets, the campaign's plan, selection rules."""

import math

import numpy as np
import pytest
from net_oracle import central_differences, oracle_loss, oracle_outputs

from verify.errors import InvalidInput
from verify.experiments.experiment2 import (
    build,
    degree_one,
    experiment_points,
    ours_parameters,
    run_experiment,
    run_point,
    select,
    target_widths,
    wide_hidden,
)
from verify.experiments.structure import RedundantStructure, compact_arrays
from verify.nets.layered import LayerArrays
from verify.nets.network import Network
from verify.prune.edgepopup import NetworkSupermask


def test_parameter_counts_match_the_spec_for_mnist_fc2():
    assert ours_parameters((784, 500, 10)) == 1_991_420
    assert wide_hidden((784, 500, 10)) == 2508
    assert 784 * 2508 + 2508 * 10 == 1_991_352
    assert ours_parameters() == 37_820 and wide_hidden() == 511


def test_fc4_wide_width_is_the_largest_within_the_parameter_budget():
    """The public code's WideFourLayerFC solves (n_0 + n_L)·h + 2h² = P and rounds; here the largest h within P."""
    for widths in ((784, 500, 500, 500, 10), (64, 100, 100, 100, 10), (7, 3, 3, 3, 2)):
        budget = ours_parameters(widths)
        ends = widths[0] + widths[-1]
        h = wide_hidden(widths)
        assert ends * h + 2 * h * h <= budget < ends * (h + 1) + 2 * (h + 1) ** 2
        code = round((math.sqrt(8 * budget + ends ** 2) - ends) / 4)
        assert abs(code - h) <= 1
    model, total = build("wide", seed=0, widths=(64, 100, 100, 100, 10))
    assert model.net.widths == (64, 245, 245, 245, 10) and total == 64 * 245 + 2 * 245 * 245 + 245 * 10
    assert total <= ours_parameters((64, 100, 100, 100, 10)) == 138_820


def test_targets():
    assert target_widths("fc2", 64, 10) == (64, 100, 10)
    assert target_widths("fc4", 784, 10, hidden=500) == (784, 500, 500, 500, 10)
    with pytest.raises(InvalidInput, match="target 'fc3'"):
        target_widths("fc3", 64, 10)


def test_degree_one_structure():
    mask = degree_one(4, 3)
    assert mask.shape == (12, 4) and np.all(mask.sum(axis=1) == 1) and np.all(mask.sum(axis=0) == 3)


# -- the compact structure against its dense form -------------------------------------------------------------------
WIDTHS = (4, 3, 3, 2)     # an FC3-like target: three target layers
R = 2


def _dense(a):
    """The (r·d_in) × d_in matrix of a degree-1 stage: row c·d_in + j holds a[c, j] at column j."""
    r, d_in = a.shape
    out = np.zeros((r * d_in, d_in), dtype=np.asarray(a).dtype)
    rows = np.arange(r * d_in)
    out[rows, rows % d_in] = np.asarray(a).reshape(-1)
    return out


def _dense_arrays(arrays):
    return [_dense(a) if i % 2 == 0 else a for i, a in enumerate(arrays)]


def _compact_gradient(dense_gradient, shape):
    r, d_in = shape
    rows = np.arange(r * d_in)
    return dense_gradient[rows, rows % d_in].reshape(r, d_in)


def _explicit_linear(dense, masks, x):
    """x → (Ṽ_1 Ã_1) → ReLU → ... → (Ṽ_L Ã_L), written out on the dense matrices."""
    tilde = [a * m for a, m in zip(dense, masks)]
    h = np.asarray(x, dtype=np.float64)
    for i in range(0, len(tilde), 2):
        h = (h @ tilde[i].T) @ tilde[i + 1].T
        if i < len(tilde) - 2:
            h = np.maximum(h, 0.0)
    return h


def _setting(seed=1, keep_degree_one=False):
    """Arrays, random masks, positive inputs and labels.  ``keep_degree_one``: every degree-1 entry kept — a
    masked-off copy computes exactly 0, a ReLU kink, where central differences measure half the one-sided slope."""
    arrays = compact_arrays(seed, WIDTHS, R)
    rng = np.random.default_rng(seed)
    masks = [rng.uniform(size=a.shape) < 0.75 for a in arrays]
    if keep_degree_one:
        masks = [np.ones(m.shape, np.bool_) if i % 2 == 0 else m for i, m in enumerate(masks)]
    x = rng.uniform(0.05, 1.0, size=(6, WIDTHS[0]))
    y = rng.integers(0, WIDTHS[-1], size=6)
    return arrays, masks, x, y


def test_compact_arrays_have_the_layout_and_laws_of_the_structure():
    arrays = compact_arrays(0, (64, 100, 10), 5)
    assert [a.shape for a in arrays] == [(5, 64), (100, 320), (5, 100), (10, 500)]
    assert np.std(arrays[0]) == pytest.approx(math.sqrt(2.0), rel=0.1)
    assert np.std(arrays[1]) == pytest.approx(math.sqrt(2.0 / 320), rel=0.05)
    assert not np.array_equal(compact_arrays(1, (64, 100, 10), 5)[1], arrays[1])


def test_relu_structure_equals_its_dense_form_through_the_network_engine():
    arrays, masks, x, y = _setting()
    model = RedundantStructure(arrays, relu=True)
    dense = _dense_arrays(arrays)
    allowed = LayerArrays(tuple(degree_one(a.shape[1], R) if i % 2 == 0 else np.ones(a.shape, np.bool_)
                                for i, a in enumerate(arrays)), None)
    oracle = NetworkSupermask(Network(dense, None), biases=False, allowed=allowed)
    dense_masks = [_dense(m) if i % 2 == 0 else m for i, m in enumerate(masks)]
    np.testing.assert_allclose(model.outputs(masks, x), oracle.outputs(dense_masks, x), rtol=1e-13, atol=1e-15)
    value, grads = model.loss_and_mask_gradients(masks, x, y, "cross_entropy")
    expected_value, expected = oracle.loss_and_mask_gradients(dense_masks, x, y, "cross_entropy")
    assert value == pytest.approx(expected_value, rel=1e-13)
    for i, (got, want) in enumerate(zip(grads, expected)):
        want = _compact_gradient(want, arrays[i].shape) if i % 2 == 0 else want
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_relu_structure_against_an_explicit_forward_pass_and_finite_differences():
    arrays, masks, x, y = _setting(2, keep_degree_one=True)
    model = RedundantStructure(arrays, relu=True)
    dense = _dense_arrays(arrays)
    relaxed = [(_dense(m) if i % 2 == 0 else m).astype(np.float64) for i, m in enumerate(masks)]
    outputs, pre = oracle_outputs(dense, None, relaxed, None, x)
    np.testing.assert_allclose(model.outputs(masks, x), outputs, rtol=1e-12, atol=1e-14)
    assert np.min(np.abs(pre[pre != 0.0])) > 1e-4      # finite differences stay clear of ReLU kinks
    _, grads = model.loss_and_mask_gradients(masks, x, y, "cross_entropy")
    compact_relaxed = [m.astype(np.float64) for m in masks]

    def loss():
        current = [(_dense(m) if i % 2 == 0 else m) for i, m in enumerate(compact_relaxed)]
        return oracle_loss(oracle_outputs(dense, None, current, None, x)[0], y, "cross_entropy")

    for got, expected in zip(grads, central_differences(loss, compact_relaxed)):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-8)


def test_linear_structure_against_an_explicit_forward_pass_and_finite_differences():
    arrays, masks, x, y = _setting(3)
    model = RedundantStructure(arrays, relu=False)
    dense = _dense_arrays(arrays)
    dense_masks = [(_dense(m) if i % 2 == 0 else m).astype(np.float64) for i, m in enumerate(masks)]
    np.testing.assert_allclose(model.outputs(masks, x), _explicit_linear(dense, dense_masks, x), rtol=1e-12,
                               atol=1e-14)
    value, grads = model.loss_and_mask_gradients(masks, x, y, "cross_entropy")
    assert value == pytest.approx(oracle_loss(_explicit_linear(dense, dense_masks, x), y, "cross_entropy"),
                                  rel=1e-12)
    compact_relaxed = [m.astype(np.float64) for m in masks]

    def loss():
        current = [(_dense(m) if i % 2 == 0 else m) for i, m in enumerate(compact_relaxed)]
        return oracle_loss(_explicit_linear(dense, current, x), y, "cross_entropy")

    for got, expected in zip(grads, central_differences(loss, compact_relaxed)):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-8)


def test_a_structure_needs_matching_stages():
    with pytest.raises(InvalidInput, match="does not feed"):
        RedundantStructure([np.ones((2, 3)), np.ones((4, 5))], relu=True)


# -- runs -----------------------------------------------------------------------------------------------------------
def test_selection_rules():
    rows = [{"structure": "wide", "sparsity": 0.5, "epochs": e, "kept": 10, "parameters": 20,
             "test_accuracy": t, "validation_accuracy": v}
            for e, t, v in ((10, 0.80, 0.90), (20, 0.85, 0.70), (30, 0.82, 0.90))]
    (point,) = select(rows)
    assert point["test_selected_accuracy"] == 0.85 and point["test_selected_epochs"] == 20
    assert point["validation_selected_accuracy"] == 0.80 and point["validation_selected_epochs"] == 10
    assert point["selection_gain"] == pytest.approx(0.05)
    both = select([dict(r, target="fc2") for r in rows] + [dict(r, target="fc4") for r in rows])
    assert sorted(p["target"] for p in both) == ["fc2", "fc4"]


@pytest.mark.parametrize("structure", ["ours-linear", "ours-relu", "wide", "baseline"])
@pytest.mark.parametrize("target", ["fc2", "fc4"])
def test_one_short_run_per_structure_and_target(structure, target):
    sparsity = 0.0 if structure == "baseline" else 0.9
    row = run_point(structure, sparsity, epochs=1, seed=3, target=target)
    again = run_point(structure, sparsity, epochs=1, seed=3, target=target)
    assert row["test_accuracy"] == again["test_accuracy"] and 0.0 <= row["test_accuracy"] <= 1.0
    widths = target_widths(target, 64, 10)
    if structure == "baseline":
        assert row["kept"] == row["parameters"] == sum(a * b for a, b in zip(widths[:-1], widths[1:]))
    else:
        model, total = build(structure, 3, widths)
        allowed = [int(a.sum()) for a in model.allowed]
        density = 1.0 - sparsity       # as the run computes it (0.0999...98, not 0.1)
        assert row["kept"] == sum(int(np.floor(density * n + 0.5)) for n in allowed) and row["parameters"] == total
        assert total == ours_parameters(widths) or structure == "wide"


def test_test_correct_is_the_per_example_outcome_behind_the_test_accuracy():
    for structure in ("ours-linear", "wide", "baseline"):
        row = run_point(structure, 0.0 if structure == "baseline" else 0.5, epochs=1, seed=2)
        assert row["test_correct"].dtype == np.bool_ and row["test_correct"].shape == (364,)
        assert row["test_correct"].mean() == pytest.approx(row["test_accuracy"], abs=1e-12)


def test_a_plan_runs_the_structures_it_lists_at_each_sparsity():
    plan = [[0.05, ["ours-linear", "ours-relu"]], [0.99, ["wide"]]]
    points = experiment_points(epochs=(1, 2), seeds=(7,), targets=("fc2", "fc4"), plan=plan)
    runs = [(t, s, p) for t, s, p, _, _ in points]
    assert sorted(set(runs)) == sorted({(t, s, p) for t in ("fc2", "fc4") for p, chosen in plan for s in chosen}
                                       | {(t, "baseline", 0.0) for t in ("fc2", "fc4")})
    assert len(points) == 2 * (3 + 1) * 2
    with pytest.raises(InvalidInput, match="structure 'narrow'"):
        experiment_points(plan=[[0.5, ["narrow"]]])
    with pytest.raises(InvalidInput, match="sparsity 1.0"):
        experiment_points(plan=[[1.0, ["wide"]]])


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
