"""Planting: the ticket divided by the output scales is the target, exactly; the matching agrees with a slow,
loop-by-loop reference of Algorithm 1; only planted entries change; hiding percentiles; files."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.errors import InvalidInput
from verify.nets.initializers import initial_parameters
from verify.nets.network import Network
from verify.plantnseek.planting import load_planted_arrays, plant, plant_into
from verify.plantnseek.targets import target


def reference_plant(tgt, weights, biases, match):
    """Algorithm 1 written out with Python loops over target neurons and candidate neurons (slow, obvious)."""
    weights = [w.copy() for w in weights]
    biases = [b.copy() for b in biases]
    previous = list(range(tgt.widths[0]))
    previous_scale = [1.0] * tgt.widths[0]
    last = len(tgt.weights) - 1
    chosen_all = []
    for layer, (wt, bt) in enumerate(zip(tgt.weights, tgt.biases)):
        used = set()
        chosen, scales = [], []
        for i in range(wt.shape[0]):
            support = [k for k in range(wt.shape[1]) if wt[i, k] != 0]
            theta = [bt[i]] + [wt[i, k] / previous_scale[k] for k in support]
            best, best_distance, best_scale = None, None, None
            for j in range(weights[layer].shape[0]):
                if j in used:
                    continue
                m = [biases[layer][j]] + [weights[layer][j, previous[k]] for k in support]
                dot = sum(a * b for a, b in zip(theta, m))
                if match == "l2":
                    lam = dot / sum(v * v for v in m)
                    if not (lam != 0 if layer == last else lam > 0):
                        continue
                    distance = sum((a - lam * b) ** 2 for a, b in zip(theta, m)) ** 0.5
                    scale = 1.0 / lam
                else:
                    c = dot / sum(v * v for v in theta)
                    if c <= 0 or any(np.sign(b) != np.sign(a) for a, b in zip(theta, m) if a != 0):
                        continue
                    distance = sum(abs(b - c * a) for a, b in zip(theta, m))
                    scale = c
                if best is None or distance < best_distance:
                    best, best_distance, best_scale = j, distance, scale
            if best is None:  # the documented fallback: first unused neuron, same norm as the random vector
                best = min(set(range(weights[layer].shape[0])) - used)
                m = [biases[layer][best]] + [weights[layer][best, previous[k]] for k in support]
                best_scale = sum(v * v for v in m) ** 0.5 / sum(v * v for v in theta) ** 0.5
            used.add(best)
            chosen.append(best)
            scales.append(best_scale)
            biases[layer][best] = best_scale * theta[0]
            for k, value in zip(support, theta[1:]):
                weights[layer][best, previous[k]] = best_scale * value
        chosen_all.append(chosen)
        previous, previous_scale = chosen, scales
    order = chosen_all[-1]
    weights[-1], biases[-1] = weights[-1][order], biases[-1][order]
    return weights, biases, np.array(previous_scale)


def mother_for(tgt, width, seed, init="he_normal"):
    p = initial_parameters(tgt.mother_widths(width), init=init, bias=True, bias_init="product", seed=seed)
    return Network(p.weights, p.biases)


def ticket_over_scale(planted, x):
    """The masked planted network computed directly from the arrays (not through the class's helpers)."""
    masked = Network([w * m for w, m in zip(planted.network.weights, planted.ticket.weights)],
                     [b * m for b, m in zip(planted.network.biases, planted.ticket.biases)])
    return masked.forward(x) / planted.scale


CASES = st.tuples(st.sampled_from(["relu", "circle", "helix"]), st.integers(3, 7), st.integers(0, 25),
                  st.sampled_from(["l2", "l1-sign"]), st.sampled_from(["he_normal", "kaiming_uniform", "uniform"]),
                  st.integers(0, 10_000))


@settings(max_examples=60)
@given(CASES)
def test_ticket_divided_by_the_output_scales_is_the_target(case):
    task, depth, extra, match, init, seed = case
    tgt = target(task, depth)
    planted = plant(task, max(tgt.widths[1:-1]) + extra, depth, match=match, init=init, seed=seed)
    x = np.random.default_rng(seed).uniform(-1, 1, size=(400, tgt.widths[0]))
    expected = tgt(x)
    np.testing.assert_allclose(ticket_over_scale(planted, x), expected, rtol=1e-9,
                               atol=1e-9 * max(1.0, np.abs(expected).max()))
    assert planted.exactness(x) < 1e-9
    # The ticket has exactly the target's non-zero weights and biases.
    assert planted.ticket_weight_count() == tgt.nonzero_weights()
    assert sum(int(m.sum()) for m in planted.ticket.biases) == tgt.nonzero_biases()


@settings(max_examples=25)
@given(st.sampled_from(["relu", "circle", "helix"]), st.integers(3, 6), st.integers(0, 1000))
def test_l2_matching_agrees_with_the_reference_loop(task, depth, seed):
    tgt = target(task, depth)
    mother = mother_for(tgt, max(tgt.widths[1:-1]) + 8, seed)
    planted = plant_into(tgt, mother, match="l2")
    weights, biases, scale = reference_plant(tgt, mother.weights, mother.biases, "l2")
    for a, b in zip(planted.network.weights, weights):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)
    for a, b in zip(planted.network.biases, biases):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)
    np.testing.assert_allclose(planted.scale, scale, rtol=1e-12)


@settings(max_examples=25)
@given(st.sampled_from(["relu", "circle", "helix"]), st.integers(3, 6), st.integers(0, 1000))
def test_l1_sign_matching_agrees_with_the_reference_loop(task, depth, seed):
    tgt = target(task, depth)
    mother = mother_for(tgt, max(tgt.widths[1:-1]) + 8, seed)
    planted = plant_into(tgt, mother, match="l1-sign")
    weights, biases, scale = reference_plant(tgt, mother.weights, mother.biases, "l1-sign")
    for a, b in zip(planted.network.weights + planted.network.biases, weights + biases):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)
    np.testing.assert_allclose(planted.scale, scale, rtol=1e-12)


@pytest.mark.parametrize("task", ["relu", "circle", "helix"])
def test_only_the_matched_neurons_bias_and_planted_weights_change(task):
    tgt = target(task, 5)
    mother = mother_for(tgt, 40, seed=7)
    planted = plant_into(tgt, mother)
    depth = len(tgt.weights)
    for layer in range(depth):
        new_w, old_w = planted.network.weights[layer], mother.weights[layer]
        new_b, old_b = planted.network.biases[layer], mother.biases[layer]
        if layer == depth - 1:   # output rows were permuted back into the target's order
            order = _output_order(planted, mother)
            old_w, old_b = old_w[order], old_b[order]
        changed = new_w != old_w
        assert not np.any(changed & ~planted.ticket.weights[layer])
        rows = np.zeros(new_b.shape, bool)
        rows[planted.neurons[layer]] = True
        assert not np.any((new_b != old_b) & ~rows)        # only matched neurons' biases were rewritten


def _output_order(planted, mother):
    """Which mother output row each planted output row came from (rows agree off the ticket)."""
    w, m = planted.network.weights[-1], planted.ticket.weights[-1]
    order = []
    for i in range(w.shape[0]):
        matches = [j for j in range(w.shape[0]) if np.array_equal(w[i][~m[i]], mother.weights[-1][j][~m[i]])]
        assert len(matches) == 1
        order.append(matches[0])
    return order


def test_weight_percentiles_match_a_brute_force_count():
    planted = plant("circle", 30, 5, seed=3)
    for w, m, percentiles in zip(planted.network.weights, planted.ticket.weights, planted.weight_percentiles()):
        random = np.abs(w[~m])
        expected = [100.0 * np.sum(random < abs(v)) / random.size for v in w[m]]
        np.testing.assert_allclose(percentiles, expected)
    table = planted.hiding()
    assert list(table["layer"]) == [1, 2, 3, 4, "all"]
    assert table["planted_weights"].iloc[-1] == 108


def test_the_algorithms_differ_in_how_well_they_hide_the_ticket():
    """L2 scales the random vector onto θ (planted norm ≥ random norm); the code's L1 rule scales θ onto the random
    vector (planted norm ≤ random norm): the medians of the planted percentiles fall on opposite sides of 50."""
    l2 = np.median([plant("circle", 100, 5, seed=s).summary()["weight_percentile_median"] for s in range(5)])
    l1 = np.median([plant("circle", 100, 5, match="l1-sign", seed=s).summary()["weight_percentile_median"]
                    for s in range(5)])
    assert l2 > 50 > l1


def test_same_seed_same_bytes_and_seeds_differ():
    a, b = plant("helix", 50, 5, seed=11), plant("helix", 50, 5, seed=11)
    assert all(np.array_equal(x, y) for x, y in zip(a.network.params.arrays(), b.network.params.arrays()))
    c = plant("helix", 50, 5, seed=12)
    assert not np.array_equal(a.network.weights[1], c.network.weights[1])


def test_file_schema_and_round_trip(tmp_path):
    planted = plant("circle", 25, 5, seed=0)
    path = planted.save(tmp_path / "ticket.npz")
    arrays = load_planted_arrays(path)
    for i in range(1, 5):
        assert arrays[f"W{i}"].shape == planted.network.weights[i - 1].shape
        assert arrays[f"mask_W{i}"].dtype == np.bool_ and arrays[f"mask_b{i}"].dtype == np.bool_
        np.testing.assert_array_equal(arrays[f"target_W{i}"], planted.target.weights[i - 1])
    assert arrays["W1"].shape == (25, 2) and arrays["W4"].shape == (4, 25)       # W_i is (n_i, n_{i-1})
    np.testing.assert_array_equal(arrays["scale"], planted.scale)
    meta = json.loads(str(arrays["metadata"]))
    assert meta["ticket_weights"] == 108 and meta["depth"] == 5


def test_bad_input_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match="width 10 is below the circle target's layer 3 of 20 neurons"):
        plant("circle", 10, 5)
    with pytest.raises(InvalidInput, match="match 'l3'"):
        plant("relu", 10, 5, match="l3")
    with pytest.raises(InvalidInput, match="init"):
        plant("relu", 10, 5, init="xavier")
    with pytest.raises(InvalidInput, match="depth"):
        plant("relu", 10)
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    with pytest.raises(InvalidInput, match="is not an .npz archive"):
        load_planted_arrays(tmp_path / "bad.npz")
