"""The element-wise kernels of the forward and backward passes, the reusable buffers and the loss cores compute
exactly — bit for bit, signed zeros, infinities and NaNs included — what the straightforward numpy expressions
compute: ``z + b`` then ``np.maximum(z, 0.0)``, ``delta * (h > 0.0)``, fresh arrays instead of buffers, and
``np.mean`` in the losses.  Bitwise equality is the rule: the committed lottery-ticket results were made with the
numpy expressions, and a training run must give the same bytes."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from verify.nets import losses
from verify.nets import network as N
from verify.nets.layered import LayerArrays
from verify.nets.network import backward, forward

# every kind of float64 the kernels may meet: normal, subnormal, ±0, ±inf, NaN (with the sign bit set or not)
SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 5e-324, -5e-324, 1.0, -1.0]
floats = st.one_of(st.sampled_from(SPECIAL), st.floats(allow_nan=True, allow_infinity=True, width=64))


def bits(a):
    return np.ascontiguousarray(a).view(np.uint64)


def same_bits(a, b) -> bool:
    return a.shape == b.shape and np.array_equal(bits(a), bits(b))


@st.composite
def layers(draw):
    rows, columns = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    z = draw(hnp.arrays(np.float64, (rows, columns), elements=floats))
    bias = draw(hnp.arrays(np.float64, (columns,), elements=floats))
    return z, bias


@given(layers(), st.booleans(), st.booleans())
def test_bias_relu_kernel_is_numpy_add_then_maximum(layer, with_bias, relu):
    z, bias = layer
    with np.errstate(invalid="ignore", over="ignore"):  # inf − inf: NaN, as numpy computes it
        expected = z + bias if with_bias else z.copy()
    if relu:
        expected = np.maximum(expected, 0.0)
    got = z.copy()
    N._add_bias_relu(got, bias if with_bias else np.zeros(0), relu)
    assert same_bits(got, expected)


def test_bias_relu_kernel_signed_zero_and_nan_payload():
    """numpy's maximum(−0.0, 0.0) is +0.0 and it keeps a NaN's sign and payload; so must the kernel."""
    payload_nan = np.array([0x7FF8000000000123, 0xFFF8000000000456], dtype=np.uint64).view(np.float64)
    z = np.concatenate([[-0.0, 0.0, -1.0, np.inf, -np.inf], payload_nan])[None, :].repeat(33, axis=0)
    got = z.copy()
    N._add_bias_relu(got, np.zeros(0), True)
    assert same_bits(got, np.maximum(z, 0.0))
    assert not np.signbit(got[:, 0]).any()
    assert np.array_equal(bits(got[:, 5:]), bits(z[:, 5:]))


@given(layers())
def test_relu_gradient_kernel_is_numpy_product_with_the_indicator(layer):
    delta, h_row = layer
    h = np.broadcast_to(h_row, delta.shape).copy()
    h[::2] = -h[::2]  # both signs of h in every column
    with np.errstate(invalid="ignore"):  # inf · 0: NaN, as numpy computes it
        expected = delta * (h > 0.0)
    got = delta.copy()
    N._relu_gradient(got, h)
    assert same_bits(got, expected)


# -- forward / backward with reused buffers against the plain numpy passes ----------------------------------------
def plain_forward(weights, biases, x):
    """The forward pass as numpy expressions (what the repository computed before the buffers and kernels)."""
    inputs, h = [], x
    for i, w in enumerate(weights):
        inputs.append(h)
        z = h @ w.T
        if biases is not None:
            z = z + biases[i]
        if i < len(weights) - 1:
            z = np.maximum(z, 0.0)
        h = z
    return inputs, h


def plain_backward(weights, inputs, delta, with_biases):
    grad_w, grad_b = [None] * len(weights), [None] * len(weights)
    for i in range(len(weights) - 1, -1, -1):
        grad_w[i] = delta.T @ inputs[i]
        grad_b[i] = delta.sum(axis=0)
        if i:
            delta = (delta @ weights[i]) * (inputs[i] > 0.0)
    return grad_w, (grad_b if with_biases else None)


@st.composite
def passes(draw):
    widths = draw(st.lists(st.integers(1, 12), min_size=2, max_size=5))
    rows = draw(st.integers(1, 10))
    spare_rows = draw(st.integers(0, 3))  # buffers longer than the minibatch (a short last batch)
    seed = draw(st.integers(0, 2**32 - 1))
    return widths, rows, spare_rows, draw(st.booleans()), seed


@given(passes())
def test_forward_and_backward_into_buffers_match_plain_numpy(case):
    widths, rows, spare_rows, with_biases, seed = case
    rng = np.random.default_rng(seed)
    weights = tuple(rng.normal(size=(n, m)) * rng.choice([0.0, 1.0], size=(n, m), p=[0.2, 0.8])
                    for m, n in zip(widths, widths[1:]))
    biases = tuple(rng.normal(size=n) for n in widths[1:]) if with_biases else None
    x = rng.normal(size=(rows, widths[0]))
    x[0] = 0.0  # a zero row: signed zeros in the products
    params = LayerArrays(weights, biases)
    inputs, outputs = plain_forward(weights, biases, x)
    delta = rng.normal(size=outputs.shape)
    expected_w, expected_b = plain_backward(weights, inputs, delta.copy(), with_biases)

    fresh_trace = forward(params, x)
    fresh = backward(fresh_trace, delta.copy())
    layer_buffers = [np.full((rows + spare_rows, n), np.nan) for n in widths[1:]]
    deltas = [np.full((rows + spare_rows, n), np.nan) for n in widths[1:-1]]
    gradient_buffers = params.map(lambda a: np.full(a.shape, np.nan))
    buffered_trace = forward(params, x, out=layer_buffers)
    buffered = backward(buffered_trace, delta.copy(), out=gradient_buffers, scratch=deltas)
    assert buffered is gradient_buffers
    for trace in (fresh_trace, buffered_trace):
        assert same_bits(trace.outputs, outputs)
        assert all(same_bits(a, b) for a, b in zip(trace.inputs, inputs))
    for grads in (fresh, buffered):
        assert all(same_bits(a, b) for a, b in zip(grads.weights, expected_w))
        assert (grads.biases is None) == (not with_biases)
        if with_biases:
            assert all(same_bits(a, b) for a, b in zip(grads.biases, expected_b))


# -- the loss cores against np.mean ------------------------------------------------------------------------------
def plain_cross_entropy(outputs, labels):
    shifted = outputs - outputs.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(outputs.shape[0])
    loss = float(-np.mean(logp[rows, labels]))
    grad = np.exp(logp)
    grad[rows, labels] -= 1.0
    grad /= outputs.shape[0]
    return loss, grad


def plain_mse(outputs, targets):
    residual = outputs - targets
    return float(np.mean(residual * residual)), residual * (2.0 / residual.size)


@st.composite
def loss_cases(draw):
    batch, classes = draw(st.integers(1, 70)), draw(st.integers(1, 12))
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.sampled_from([1e-3, 1.0, 30.0, 700.0]))
    rng = np.random.default_rng(seed)
    return rng.normal(size=(batch, classes)) * scale, rng.integers(0, classes, batch), rng.normal(size=(batch, classes))


@given(loss_cases())
def test_loss_cores_match_the_numpy_mean_expressions(case):
    outputs, labels, targets = case
    for got, expected in ((losses.cross_entropy_and_gradient(outputs, labels.astype(np.intp)),
                           plain_cross_entropy(outputs, labels)),
                          (losses.loss_and_gradient("cross_entropy", outputs, labels),
                           plain_cross_entropy(outputs, labels)),
                          (losses.mse_and_gradient(outputs, targets), plain_mse(outputs, targets)),
                          (losses.loss_and_gradient("mse", outputs, targets), plain_mse(outputs, targets))):
        assert np.float64(got[0]).view(np.uint64) == np.float64(expected[0]).view(np.uint64)
        assert same_bits(got[1], expected[1])
    assert losses.loss_value("cross_entropy", outputs, labels) == plain_cross_entropy(outputs, labels)[0]


@pytest.mark.parametrize("name", ["cross_entropy", "mse"])
def test_loss_cores_leave_their_inputs_alone(name):
    rng = np.random.default_rng(0)
    outputs, targets = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    labels = np.array([0, 2, 1, 1, 0], dtype=np.intp)
    before = outputs.copy(), targets.copy()
    if name == "mse":
        losses.mse_and_gradient(outputs, targets)
    else:
        losses.cross_entropy_and_gradient(outputs, labels)
    assert same_bits(outputs, before[0]) and same_bits(targets, before[1])
