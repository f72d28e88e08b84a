"""Initialisations follow their laws (Kolmogorov–Smirnov at α = 1e-6 on fixed seeds, scales typed from the
papers' formulas, not taken from the code) and are reproducible."""

import math

import numpy as np
import pytest
from scipy import stats

from verify.errors import InvalidInput
from verify.nets.network import Network

ALPHA = 1e-6


def ks_pvalue(sample, law):
    return stats.kstest(np.ravel(sample), law.cdf).pvalue


@pytest.mark.parametrize("init, law", [
    ("uniform", stats.uniform(-1.0, 2.0)),
    ("he_normal", stats.norm(0.0, math.sqrt(2.0 / 400))),
    ("glorot_normal", stats.norm(0.0, math.sqrt(2.0 / (400 + 300)))),
    ("kaiming_uniform", stats.uniform(-math.sqrt(6.0 / 400), 2 * math.sqrt(6.0 / 400))),
])
def test_weight_laws(init, law):
    net = Network.init([400, 300], init=init, bias=False, seed=11)
    assert net.weights[0].shape == (300, 400) and net.weights[0].dtype == np.float64
    assert ks_pvalue(net.weights[0], law) > ALPHA


def test_wrong_scale_is_detected():
    """The KS check has power: He weights are not Glorot weights."""
    net = Network.init([400, 300], init="he_normal", bias=False, seed=11)
    assert ks_pvalue(net.weights[0], stats.norm(0.0, math.sqrt(2.0 / 700))) < ALPHA


def test_uniform_scale_sets_half_width():
    w = Network.init([200, 100], init="uniform", bias=False, scale=0.25, seed=3).weights[0]
    assert np.max(np.abs(w)) <= 0.25
    assert ks_pvalue(w, stats.uniform(-0.25, 0.5)) > ALPHA


def test_plantnseek_bias_scales_he_normal():
    """b_i ~ N(0, s_i²), s_i = Π_{j≤i} √(2/n_{j−1}) (the public code's init_He_scaled): b_i / s_i is N(0, 1)."""
    widths = [5, 40, 30, 3]
    s = np.cumprod([math.sqrt(2.0 / n) for n in widths[:-1]])
    standardised = [[] for _ in s]
    for seed in range(150):
        net = Network.init(widths, init="he_normal", bias=True, bias_init="product", seed=seed)
        for i, b in enumerate(net.biases):
            standardised[i].extend(b / s[i])
    for layer in standardised:
        assert ks_pvalue(layer, stats.norm()) > ALPHA


def test_plantnseek_bias_scales_uniform():
    """The theory's version: weights U[−σ, σ], biases of layer i U[−σ^i, σ^i]."""
    widths, sigma = [4, 30, 20, 2], 0.5
    pooled = [[] for _ in range(3)]
    for seed in range(150):
        net = Network.init(widths, init="uniform", scale=sigma, bias=True, bias_init="product", seed=seed)
        for i, b in enumerate(net.biases):
            pooled[i].extend(b / sigma ** (i + 1))
    for layer in pooled:
        assert np.max(np.abs(layer)) <= 1.0
        assert ks_pvalue(layer, stats.uniform(-1.0, 2.0)) > ALPHA


def test_zero_biases_and_seed_behaviour():
    a = Network.init([6, 5, 4], seed=7)
    assert all(np.all(b == 0.0) for b in a.biases)
    b = Network.init([6, 5, 4], seed=7, bias=False)
    c = Network.init([6, 5, 4], seed=7, bias_init="product")
    for wa, wb, wc in zip(a.weights, b.weights, c.weights):
        assert np.array_equal(wa, wb) and np.array_equal(wa, wc)  # biases never shift the weight stream
    d = Network.init([6, 5, 4], seed=8)
    assert not np.array_equal(a.weights[0], d.weights[0])
    assert a.params.equal(Network.init([6, 5, 4], seed=7).params)


@pytest.mark.parametrize("kwargs, message", [
    ({"widths": [3]}, "at least two"),
    ({"widths": [3, 0, 2]}, "positive"),
    ({"widths": [3, 2.5]}, "integers"),
    ({"widths": [3, 2], "init": "xavier"}, "init"),
    ({"widths": [3, 2], "bias_init": "ones"}, "bias_init"),
    ({"widths": [3, 2], "scale": -1.0}, "scale"),
    ({"widths": [3, 2], "seed": -1}, "seed"),
])
def test_bad_arguments(kwargs, message):
    widths = kwargs.pop("widths")
    with pytest.raises(InvalidInput, match=message):
        Network.init(widths, **kwargs)
