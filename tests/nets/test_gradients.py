"""The hand-written forward and backward passes agree with a per-neuron oracle and with central finite differences
(float64) for weights, biases and masks, under both losses, on random small networks (Hypothesis)."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from net_oracle import central_differences, oracle_loss, oracle_outputs

from verify.errors import InvalidInput
from verify.nets.layered import LayerArrays
from verify.nets.network import Network

STEP = 1e-6
KINK_MARGIN = 1e-4  # finite differences are only meaningful away from ReLU kinks (|z| ≫ STEP·|h|)


@st.composite
def problems(draw):
    widths = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    loss = draw(st.sampled_from(["mse", "cross_entropy"]))
    if loss == "cross_entropy" and widths[-1] < 2:
        widths[-1] = 2
    bias = draw(st.booleans())
    masked = draw(st.sampled_from(["none", "weights", "weights+biases"] if bias else ["none", "weights"]))
    init = draw(st.sampled_from(["uniform", "he_normal", "glorot_normal", "kaiming_uniform"]))
    seed = draw(st.integers(0, 2**32 - 1))
    batch = draw(st.integers(1, 4))
    return widths, loss, bias, masked, init, seed, batch


def build(widths, loss, bias, masked, init, seed, batch):
    rng = np.random.default_rng(seed)
    net = Network.init(widths, init=init, bias=bias, bias_init="product" if bias else "zeros", seed=seed)
    if bias:  # non-zero biases everywhere, so bias gradients and bias-mask gradients are exercised
        for b in net.biases:
            b[:] = rng.normal(0.0, 0.5, b.shape)
    masks = None
    if masked != "none":
        weight_masks = tuple(rng.random(w.shape) < 0.7 for w in net.weights)
        bias_masks = tuple(rng.random(b.shape) < 0.7 for b in net.biases) if masked == "weights+biases" else None
        masks = LayerArrays(weight_masks, bias_masks)
        net = net.with_masks(masks, zero_pruned=False)  # keep raw values under the masks: ∂L/∂M = G ⊙ W ≠ 0
    x = rng.normal(0.0, 1.0, (batch, widths[0]))
    if loss == "mse":
        y = rng.normal(0.0, 1.0, (batch, widths[-1]))
    else:
        y = rng.integers(0, widths[-1], batch)
    return net, x, y


def oracle_arrays(net):
    """Mutable float copies of W, b, M, m (all-ones masks where the network has none)."""
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases] if net.has_biases else None
    full = net.mask_arrays()
    weight_masks = [m.astype(np.float64) for m in full.weights]
    bias_masks = [m.astype(np.float64) for m in full.biases] if net.has_biases else None
    return weights, biases, weight_masks, bias_masks


def tolerance_check(actual, expected, what):
    for k, (a, e) in enumerate(zip(actual, expected)):
        np.testing.assert_allclose(a, e, rtol=1e-5, atol=1e-6, err_msg=f"{what} {k}")


@given(problems())
def test_forward_matches_oracle(problem):
    net, x, y = build(*problem)
    weights, biases, weight_masks, bias_masks = oracle_arrays(net)
    expected, _ = oracle_outputs(weights, biases, weight_masks, bias_masks, x)
    np.testing.assert_allclose(net.forward(x), expected, rtol=1e-12, atol=1e-12)
    loss = problem[1]
    assert net.loss(x, y, loss) == pytest.approx(oracle_loss(expected, y, loss), rel=1e-12, abs=1e-12)


@given(problems())
def test_gradients_match_finite_differences(problem):
    net, x, y = build(*problem)
    loss = problem[1]
    weights, biases, weight_masks, bias_masks = oracle_arrays(net)
    _, pre = oracle_outputs(weights, biases, weight_masks, bias_masks, x)
    assume(pre.size == 0 or np.min(np.abs(pre)) > KINK_MARGIN)

    def objective():
        outputs, _ = oracle_outputs(weights, biases, weight_masks, bias_masks, x)
        return oracle_loss(outputs, y, loss)

    value, grads = net.loss_and_gradients(x, y, loss=loss, mask_gradients=True)
    assert value == pytest.approx(objective(), rel=1e-12, abs=1e-12)
    tolerance_check(grads.weights, central_differences(objective, weights, STEP), "dL/dW")
    tolerance_check(grads.masks.weights, central_differences(objective, weight_masks, STEP), "dL/dM")
    if net.has_biases:
        tolerance_check(grads.biases, central_differences(objective, biases, STEP), "dL/db")
        tolerance_check(grads.masks.biases, central_differences(objective, bias_masks, STEP), "dL/dm")
    else:
        assert grads.biases is None


@given(problems(), st.integers(0, 2**32 - 1))
def test_backward_with_any_output_gradient(problem, seed):
    """ℓ = Σ c ⊙ f for a random c: the form SynFlow uses (c = 1 on a network with |W|)."""
    net, x, _ = build(*problem)
    weights, biases, weight_masks, bias_masks = oracle_arrays(net)
    _, pre = oracle_outputs(weights, biases, weight_masks, bias_masks, x)
    assume(pre.size == 0 or np.min(np.abs(pre)) > KINK_MARGIN)
    c = np.random.default_rng(seed).normal(size=(x.shape[0], net.widths[-1]))

    def objective():
        outputs, _ = oracle_outputs(weights, biases, weight_masks, bias_masks, x)
        return float(np.sum(c * outputs))

    grads = net.backward(net.trace(x), c, mask_gradients=True)
    tolerance_check(grads.weights, central_differences(objective, weights, STEP), "dl/dW")
    tolerance_check(grads.masks.weights, central_differences(objective, weight_masks, STEP), "dl/dM")


def test_masked_entries_have_zero_parameter_gradient_and_nonzero_mask_gradient():
    net = Network.init([3, 4, 2], seed=1)
    masks = LayerArrays((np.array([[True, False, True]] * 4), np.ones((2, 4), bool)), None)
    net = net.with_masks(masks, zero_pruned=False)
    x = np.random.default_rng(0).normal(size=(5, 3))
    _, grads = net.loss_and_gradients(x, np.array([0, 1, 0, 1, 1]), mask_gradients=True)
    assert np.all(grads.weights[0][:, 1] == 0.0)
    assert np.any(grads.masks.weights[0][:, 1] != 0.0)  # SNIP-style scores exist for pruned entries too


def test_synflow_scores_of_a_positive_linear_chain():
    """For a single-path network 1-1-1 with |W|, input 1: R = |w1||w2| (+ biases), ∂R/∂M_i ⊙ 1 = |w1||w2|."""
    net = Network([[[-2.0]], [[3.0]]], None).map(np.abs)
    grads = net.backward(net.trace(np.ones((1, 1))), np.ones((1, 1)), mask_gradients=True)
    assert grads.masks.weights[0][0, 0] == 6.0 and grads.masks.weights[1][0, 0] == 6.0


def test_bad_inputs_are_refused():
    net = Network.init([3, 2])
    with pytest.raises(InvalidInput, match="shape"):
        net.forward(np.zeros((4, 5)))
    with pytest.raises(InvalidInput, match="labels"):
        net.loss_and_gradients(np.zeros((2, 3)), np.array([0, 2]))
    with pytest.raises(InvalidInput, match="targets"):
        net.loss_and_gradients(np.zeros((2, 3)), np.zeros((2, 3)), loss="mse")
    with pytest.raises(InvalidInput, match="loss"):
        net.loss(np.zeros((2, 3)), np.array([0, 1]), loss="hinge")
    with pytest.raises(InvalidInput, match="W_i must be"):
        Network([np.zeros((2, 3)), np.zeros((2, 3))])
    with pytest.raises(InvalidInput, match="binary"):
        Network.init([2, 2]).with_masks(LayerArrays((np.full((2, 2), 0.5),)))
