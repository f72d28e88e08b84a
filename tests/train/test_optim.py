"""The fused optimiser kernels agree with the textbook update rules written out in numpy, never move a masked
entry and keep its state at zero; the cosine schedule has its documented values."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.errors import InvalidInput
from verify.train.optim import SGD, Adam, learning_rate, make_optimizer


def reference_adam(w, grads, keep, lr, b1, b2, eps, wd):
    """torch.optim.Adam's rule (L2 weight decay), one array, masked entries skipped."""
    w = w.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        g = g + wd * w
        m_new = b1 * m + (1 - b1) * g
        v_new = b2 * v + (1 - b2) * g * g
        denom = np.sqrt(v_new) / math.sqrt(1 - b2 ** t) + eps
        w_new = w - (lr / (1 - b1 ** t)) * (m_new / denom)
        m, v, w = np.where(keep, m_new, 0.0), np.where(keep, v_new, 0.0), np.where(keep, w_new, w)
    return w, m, v


def reference_sgd(w, grads, keep, lr, mu, wd, nesterov):
    w = w.copy()
    u = None
    for g in grads:
        g = g + wd * w
        u = g if u is None else mu * u + g
        step = (g + mu * u if nesterov else u) if mu else g
        w = np.where(keep, w - lr * step, w)
        u = np.where(keep, u, 0.0)
    return w, u


@st.composite
def runs(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    size = draw(st.integers(1, 40))
    steps = draw(st.integers(1, 8))
    rng = np.random.default_rng(seed)
    w = rng.normal(size=size)
    grads = [rng.normal(size=size) for _ in range(steps)]
    keep = rng.random(size) < draw(st.floats(0.0, 1.0))
    return w, grads, keep


@given(runs(), st.sampled_from([0.0, 5e-4, 0.1]))
def test_adam_matches_reference_and_respects_masks(run, wd):
    w, grads, keep = run
    params = [w.copy()]
    state = Adam(lr=1e-2, weight_decay=wd).start(params)
    for g in grads:
        state.step([g], [keep], total_steps=len(grads))
    expected_w, expected_m, expected_v = reference_adam(w, grads, keep, 1e-2, 0.9, 0.999, 1e-8, wd)
    np.testing.assert_allclose(params[0], expected_w, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(state.m[0], expected_m, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(state.v[0], expected_v, rtol=1e-14, atol=1e-15)
    assert np.array_equal(params[0][~keep], w[~keep])  # masked weights never move, bit for bit
    assert np.all(state.m[0][~keep] == 0.0) and np.all(state.v[0][~keep] == 0.0)


@given(runs(), st.sampled_from([0.0, 0.9]), st.sampled_from([0.0, 5e-4]), st.booleans())
def test_sgd_matches_reference_and_respects_masks(run, momentum, wd, nesterov):
    nesterov = nesterov and momentum > 0
    w, grads, keep = run
    params = [w.copy()]
    state = SGD(lr=0.05, momentum=momentum, weight_decay=wd, nesterov=nesterov).start(params)
    for g in grads:
        state.step([g], [keep], total_steps=len(grads))
    expected_w, expected_u = reference_sgd(w, grads, keep, 0.05, momentum, wd, nesterov)
    np.testing.assert_allclose(params[0], expected_w, rtol=1e-14, atol=1e-15)
    if momentum:
        np.testing.assert_allclose(state.velocity[0], expected_u, rtol=1e-14, atol=1e-15)
    assert np.array_equal(params[0][~keep], w[~keep])
    assert np.all(state.velocity[0][~keep] == 0.0)


def test_updates_are_in_place_on_2d_arrays():
    w = np.ones((3, 4))
    state = SGD(lr=0.5).start([w])
    state.step([np.ones((3, 4))], [np.ones((3, 4), bool)], total_steps=1)
    assert np.all(w == 0.5)


def test_cosine_schedule_values():
    assert learning_rate(0.1, "cosine", 1, 10) == 0.1
    assert learning_rate(0.1, "cosine", 6, 10) == pytest.approx(0.05)
    assert learning_rate(0.1, "cosine", 10, 10) == pytest.approx(0.1 * 0.5 * (1 + math.cos(0.9 * math.pi)))
    assert learning_rate(0.1, "constant", 7, 10) == 0.1
    w = np.zeros(1)
    state = SGD(lr=1.0, schedule="cosine").start([w])
    used = [state.step([np.ones(1)], [np.ones(1, bool)], total_steps=4) for _ in range(4)]
    assert used == pytest.approx([1.0, 0.5 + 0.5 * math.cos(math.pi / 4), 0.5, 0.5 - 0.5 * math.cos(math.pi / 4)])
    assert w[0] == pytest.approx(-sum(used))


@pytest.mark.parametrize("make, message", [
    (lambda: Adam(lr=0.0), "lr"), (lambda: Adam(lr=float("nan")), "lr"), (lambda: Adam(beta1=1.0), "beta1"),
    (lambda: SGD(momentum=-0.1), "momentum"), (lambda: SGD(weight_decay=-1.0), "weight_decay"),
    (lambda: SGD(schedule="step"), "schedule"), (lambda: SGD(nesterov=True), "nesterov"),
    (lambda: make_optimizer("rmsprop"), "optimizer"),
])
def test_bad_settings(make, message):
    with pytest.raises(InvalidInput, match=message):
        make()
