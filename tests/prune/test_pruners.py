"""Pruners against slow oracles: SNIP = |∂L/∂m| by finite differences, SynFlow = brute-force sum over paths, GraSP's
Hessian-gradient product = finite differences of the gradient, edge-popup's straight-through step written out;
nested masks never revive."""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from net_oracle import central_differences, oracle_loss, oracle_outputs

from verify.data import Dataset
from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.nets.curvature import hessian_vector_product
from verify.nets.layered import LayerArrays
from verify.nets.network import Network
from verify.prune.edgepopup import NetworkSupermask, edge_popup, top_fraction
from verify.prune.pruners import PRUNERS, PruneContext, get_pruner, synflow_scores
from verify.streams import PURPOSE_PRUNING, stream


def small_net(seed, widths=(3, 4, 3, 2), bias=True, mask_density=None):
    net = Network.init(list(widths), init="he_normal", bias=bias, bias_init="product", seed=seed)
    # Random biases of both signs so that some neurons are off, others on.
    if bias:
        rng = np.random.default_rng(seed + 1)
        for b in net.biases:
            b[...] = rng.normal(0, 0.3, size=b.shape)
    if mask_density is not None:
        net.set_masks(M.random_masks(net, mask_density, seed=seed, biases=bias))
        net.zero_pruned()
    return net


def batch(seed, n_in, n_out, classification, size=7):
    rng = np.random.default_rng(seed + 2)
    x = rng.uniform(-1, 1, size=(size, n_in))
    y = rng.integers(0, n_out, size) if classification else rng.normal(size=(size, n_out))
    return x, y


def relaxed_loss(net, x, y, loss, weight_masks, bias_masks, factor=None):
    """The loss with real-valued masks (the relaxation SNIP differentiates), from the slow oracle forward pass."""
    outputs, _ = oracle_outputs(net.weights, net.biases, weight_masks, bias_masks, x)
    if factor is not None:
        outputs = outputs * factor
    return oracle_loss(outputs, y, loss)


# -- SNIP ---------------------------------------------------------------------------------------------------------
@settings(max_examples=15)
@given(st.integers(0, 10_000), st.booleans())
def test_snip_scores_are_the_absolute_mask_gradient_by_finite_differences(seed, classification):
    net = small_net(seed)
    x, y = batch(seed, 3, 2, classification)
    loss = "cross_entropy" if classification else "mse"
    context = PruneContext(None, x, y, loss)
    scores = PRUNERS["snip"].scores(net, context)
    weight_masks = [np.ones(w.shape) for w in net.weights]
    bias_masks = [np.ones(b.shape) for b in net.biases]
    numeric = central_differences(lambda: relaxed_loss(net, x, y, loss, weight_masks, bias_masks),
                                  weight_masks + bias_masks)
    for got, expected in zip(scores.arrays(), numeric):
        np.testing.assert_allclose(got, np.abs(expected), rtol=1e-5, atol=1e-7)


# -- SynFlow ------------------------------------------------------------------------------------------------------
def synflow_by_paths(weights, biases, weight_masks, bias_masks):
    """Σ over every path (from an input node of value 1 or a bias node of value |b|) to any output of the product of
    absolute kept weights, collected per weight and per bias it passes through or starts at."""
    depth = len(weights)
    widths = [weights[0].shape[1]] + [w.shape[0] for w in weights]
    w_scores = [np.zeros(w.shape) for w in weights]
    b_scores = [np.zeros(b.shape) for b in biases]
    starts = [(0, j, 1.0, None) for j in range(widths[0])]
    starts += [(layer + 1, j, abs(biases[layer][j]) * bias_masks[layer][j], (layer, j))
               for layer in range(depth) for j in range(widths[layer + 1])]
    for start_layer, start, value, bias in starts:
        for tail in itertools.product(*[range(n) for n in widths[start_layer + 1:]]):
            nodes = (start,) + tail
            product = value
            for step, (a, b) in enumerate(zip(nodes[:-1], nodes[1:])):
                layer = start_layer + step
                product *= abs(weights[layer][b, a]) * weight_masks[layer][b, a]
            for step, (a, b) in enumerate(zip(nodes[:-1], nodes[1:])):
                w_scores[start_layer + step][b, a] += product
            if bias is not None:
                b_scores[bias[0]][bias[1]] += product
    return w_scores, b_scores


@settings(max_examples=20)
@given(st.integers(0, 10_000), st.sampled_from([None, 0.6]))
def test_synflow_scores_equal_the_sum_over_paths(seed, density):
    net = small_net(seed, widths=(2, 3, 3, 2), mask_density=density)
    scores = synflow_scores(net)
    masks = net.mask_arrays()
    w_expected, b_expected = synflow_by_paths(net.weights, net.biases, masks.weights, masks.biases)
    for got, expected in zip(scores.arrays(), w_expected + b_expected):
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14)


def test_iterative_synflow_reaches_the_exact_count_and_is_nested():
    net = small_net(0, widths=(3, 20, 20, 2))
    pruned = PRUNERS["synflow-iterative"].prune(net, 0.05, PruneContext(None, None, None, "mse"))
    kept = sum(int(m.sum()) for m in pruned.masks.weights)
    total = sum(m.size for m in pruned.masks.weights)
    assert kept == int(np.floor(0.05 * total + 0.5))
    single = PRUNERS["synflow"].prune(net, 0.05, PruneContext(None, None, None, "mse"))
    assert single.masks.weights[0].shape == pruned.masks.weights[0].shape


# -- GraSP and the Hessian-vector product --------------------------------------------------------------------------
def _gradient(net, x, y, loss, factor):
    zero = net.params.map(np.zeros_like)
    return hessian_vector_product(net, x, y, loss, zero, output_scale=factor)[1]


@settings(max_examples=15)
@given(st.integers(0, 10_000), st.booleans(), st.sampled_from([None, 1 / 200, "per-output"]),
       st.sampled_from([None, 0.7]))
def test_hessian_vector_product_matches_finite_differences_of_the_gradient(seed, classification, factor, density):
    net = small_net(seed, mask_density=density)
    x, y = batch(seed, 3, 2, classification)
    loss = "cross_entropy" if classification else "mse"
    if factor == "per-output":
        factor = np.array([0.5, 3.0])
    rng = np.random.default_rng(seed + 5)
    direction = net.params.map(lambda a: rng.normal(size=a.shape))
    value, gradient, product = hessian_vector_product(net, x, y, loss, direction, output_scale=factor)
    # The gradient agrees with the engine's (which is checked against finite differences elsewhere).
    if factor is None:
        reference_value, reference = net.loss_and_gradients(x, y, loss)
        assert value == pytest.approx(reference_value, rel=1e-12)
        for a, b in zip(gradient.arrays(), reference.arrays()):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)
    # Hv = (g(θ + εv) − g(θ − εv)) / 2ε, in the masked directions.
    step = 1e-6
    keep = net.mask_arrays()
    shifted = []
    for sign in (1.0, -1.0):
        moved = net.copy()
        for p, d, k in zip(moved.params.arrays(), direction.arrays(), keep.arrays()):
            p += sign * step * d * k
        shifted.append(_gradient(moved, x, y, loss, factor))
    for got, up, down in zip(product.arrays(), shifted[0].arrays(), shifted[1].arrays()):
        np.testing.assert_allclose(got, (up - down) / (2 * step), rtol=1e-4, atol=1e-7)


def test_hessian_vector_product_is_symmetric():
    net = small_net(3)
    x, y = batch(3, 3, 2, True)
    rng = np.random.default_rng(9)
    u = net.params.map(lambda a: rng.normal(size=a.shape))
    v = net.params.map(lambda a: rng.normal(size=a.shape))
    hu = hessian_vector_product(net, x, y, "cross_entropy", u)[2]
    hv = hessian_vector_product(net, x, y, "cross_entropy", v)[2]
    def dot(a, b):
        return sum(float(np.sum(p * q)) for p, q in zip(a.arrays(), b.arrays()))
    assert dot(u, hv) == pytest.approx(dot(v, hu), rel=1e-10)


def test_grasp_scores_are_theta_times_hessian_gradient_at_temperature_200():
    net = small_net(4)
    x, y = batch(4, 3, 2, True)
    context = PruneContext(None, x, y, "cross_entropy")
    scores = PRUNERS["grasp"].scores(net, context)
    g = _gradient(net, x, y, "cross_entropy", 1 / 200)
    step = 1e-5
    shifted = []
    for sign in (1.0, -1.0):
        moved = net.copy()
        for p, d in zip(moved.params.arrays(), g.arrays()):
            p += sign * step * d
        shifted.append(_gradient(moved, x, y, "cross_entropy", 1 / 200))
    for s, theta, up, down in zip(scores.arrays(), net.params.arrays(), shifted[0].arrays(), shifted[1].arrays()):
        np.testing.assert_allclose(s, theta * (up - down) / (2 * step), rtol=1e-4, atol=1e-12)


# -- all score pruners: nested, exact counts, scopes ---------------------------------------------------------------
@settings(max_examples=30)
@given(st.sampled_from(["random", "magnitude", "snip", "grasp", "synflow", "synflow-iterative"]),
       st.integers(0, 1000), st.sampled_from(["global", "layer"]), st.floats(0.05, 0.6))
def test_pruned_entries_never_revive(name, seed, scope, fraction):
    net = small_net(seed, widths=(3, 8, 6, 2), mask_density=[0.9, 0.6, 0.75])
    x, y = batch(seed, 3, 2, False)
    before = net.mask_arrays()
    density = fraction * M.density(before) if scope == "global" else fraction * min(M.layer_densities(before))
    pruned = get_pruner(name).prune(net, density, PruneContext(None, x, y, "mse", seed=seed), scope=scope)
    for old, new in zip(before.weights, pruned.masks.weights):
        assert not np.any(new & ~old)
    if scope == "global":
        total = sum(m.size for m in before.weights)
        assert sum(int(m.sum()) for m in pruned.masks.weights) == int(np.floor(density * total + 0.5))


def test_random_scores_are_seeded():
    net = small_net(0, widths=(3, 30, 2))
    a = PRUNERS["random"].prune(net, 0.3, PruneContext(None, None, None, "mse", seed=5)).masks
    b = PRUNERS["random"].prune(net, 0.3, PruneContext(None, None, None, "mse", seed=5)).masks
    c = PRUNERS["random"].prune(net, 0.3, PruneContext(None, None, None, "mse", seed=6)).masks
    assert a.equal(b) and not a.equal(c)


@pytest.mark.parametrize("bad", [0, 1.5, -0.1, True])
def test_density_outside_the_unit_interval_is_refused(bad):
    with pytest.raises(InvalidInput, match="density"):
        PRUNERS["magnitude"].prune(small_net(0), bad, PruneContext(None, None, None, "mse"))


def test_unknown_pruner_is_refused():
    with pytest.raises(InvalidInput, match="pruner 'obd' is not known; allowed: random, magnitude"):
        get_pruner("obd")


# -- edge-popup ----------------------------------------------------------------------------------------------------
def test_top_fraction_keeps_the_largest_allowed_scores():
    rng = np.random.default_rng(0)
    scores = [rng.normal(size=(7, 5)), rng.normal(size=4)]
    allowed = [rng.uniform(size=(7, 5)) < 0.6, np.ones(4, bool)]
    masks = top_fraction(scores, allowed, 0.3)
    for s, a, m in zip(scores, allowed, masks):
        n = int(a.sum())
        keep = int(np.floor(0.3 * n + 0.5))
        assert m.sum() == keep and not np.any(m & ~a)
        ranked = sorted(np.abs(s[a]), reverse=True)
        assert set(np.abs(s[m])) == set(ranked[:keep])


def toy_data(seed, n_in=3, n_out=2, size=16, classification=False):
    x, y = batch(seed, n_in, n_out, classification, size)
    task = "classification" if classification else "regression"
    return Dataset.from_arrays("toy", task, (x, y), (x, y), n_outputs=n_out)


# Many draws put a ReLU at its kink (a unit whose inputs are all masked sits exactly at 0), where finite differences
# are meaningless; those draws are discarded, so the filter health check is expected to see many of them.
@settings(max_examples=10, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.integers(0, 1000), st.booleans(), st.sampled_from([None, np.array([2.0, 0.5])]))
def test_one_edge_popup_step_is_the_straight_through_update(seed, classification, factor):
    net = small_net(seed)
    data = toy_data(seed, classification=classification)
    loss = data.loss
    density, lr, wd = 0.6, 0.05, 5e-4
    model = NetworkSupermask(net, biases=True, output_scale=factor)
    result = edge_popup(model, data, density, epochs=1, lr=lr, momentum=0.9, weight_decay=wd, batch=len(data.train),
                        seed=seed)
    # Expected: S1 = S0 − lr (sign(S0) ⊙ ∂L/∂M at M0 = top(|S0|) + wd S0), ∂L/∂M by finite differences of the
    # oracle forward pass with real-valued masks (the first SGD step has no momentum history; cosine lr = lr).
    generator = stream(seed, PURPOSE_PRUNING, 2)
    initial = [generator.uniform(-1, 1, size=a.shape) / np.sqrt(fan) for a, fan in zip(model.arrays, model.fan_in)]
    masks0 = [m.astype(float) for m in top_fraction(initial, model.allowed, density)]
    weight_masks, bias_masks = masks0[:net.depth], masks0[net.depth:]
    _, pre = oracle_outputs(net.weights, net.biases, weight_masks, bias_masks, data.train.x)
    assume(np.all(np.abs(pre) > 1e-4))   # finite differences need every ReLU away from its kink
    numeric = central_differences(
        lambda: relaxed_loss(net, data.train.x, data.train.y, loss, weight_masks, bias_masks, factor),
        weight_masks + bias_masks)
    for got, s0, g in zip(result.scores, initial, numeric):
        np.testing.assert_allclose(got, s0 - lr * (np.sign(s0) * g + wd * s0), rtol=1e-5, atol=1e-9)


def test_edge_popup_never_changes_weights_and_finds_a_planted_subnetwork():
    """Targets computed by a random half of the network itself: a supermask with zero loss exists."""
    net = small_net(1, widths=(3, 40, 40, 2))
    before = [a.copy() for a in net.params.arrays()]
    x = np.random.default_rng(3).uniform(-1, 1, size=(256, 3))
    hidden = net.with_masks(M.random_masks(net, 0.5, seed=4, biases=True))
    data = Dataset.from_arrays("toy", "regression", (x, hidden.forward(x)), (x, hidden.forward(x)))
    model = NetworkSupermask(net)
    result = edge_popup(model, data, 0.5, epochs=40, lr=0.1, batch=32, seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.params.arrays()))
    assert result.epochs[-1].train_loss < 0.25 * result.epochs[0].train_loss
    kept = [int(m.sum()) for m in result.masks]
    assert kept == [int(np.floor(0.5 * a.size + 0.5)) for a in model.arrays]


def test_edge_popup_annealing_and_structure():
    net = small_net(2, widths=(3, 10, 2))
    allowed = LayerArrays((np.eye(10, 3, dtype=bool), np.ones((2, 10), bool)), (np.ones(10, bool), np.ones(2, bool)))
    model = NetworkSupermask(net, allowed=allowed)
    result = edge_popup(model, toy_data(2), 0.25, epochs=4, batch=4, anneal=True, seed=1)
    assert [round(e.density, 6) for e in result.epochs] == [round(0.25 ** (e / 4), 6) for e in range(1, 5)]
    assert not np.any(result.masks[0] & ~allowed.weights[0])
    assert np.all(result.scores[0][~allowed.weights[0]] == 0.0)       # scores outside the structure never move
