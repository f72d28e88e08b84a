"""Datasets: the digits split, the Plant 'n' Seek generators against the spec's formulas (typed here from
plantnseek.md, not imported), seeding, and user MNIST files (IDX and npz)."""

import math

import numpy as np
import pytest
from mnist_files import mini_mnist, write_idx, write_idx_directory
from scipy import stats

from verify.data import load_dataset, load_digits
from verify.data.digits import digits_split_indices
from verify.data.mnist import load_mnist, read_idx
from verify.data.tasks import plantnseek_task
from verify.errors import InvalidInput
from verify.stats import clopper_pearson

CONFIDENCE = 1 - 1e-6


def covers(successes, trials, p):
    lo, hi = clopper_pearson(successes, trials, CONFIDENCE)
    return lo <= p <= hi


def test_digits_split_is_fixed_disjoint_and_stratified():
    data = load_digits()
    assert (len(data.train), len(data.validation), len(data.test)) == (1253, 180, 364)
    assert data.n_inputs == 64 and data.n_outputs == 10 and data.loss == "cross_entropy"
    assert 0.0 <= data.train.x.min() and data.train.x.max() == 1.0
    from sklearn.datasets import load_digits as sklearn_digits

    labels = sklearn_digits().target
    parts = digits_split_indices(labels)
    assert sorted(np.concatenate(parts).tolist()) == list(range(labels.size))
    for c in range(10):  # the documented rule, per class: rank mod 10 in {0, 5} test, 3 validation
        members = np.flatnonzero(labels == c)
        assert np.array_equal(parts[2][np.isin(parts[2], members)], members[np.isin(np.arange(members.size) % 10,
                                                                                     [0, 5])])
        assert np.array_equal(parts[1][np.isin(parts[1], members)], members[np.arange(members.size) % 10 == 3])
    assert np.array_equal(load_digits().test.x, data.test.x)


def spec_circle_class(g):
    """Boundaries at 0.2, 0.5, 0.7 (spec)."""
    return np.digitize(g, [0.2, 0.5, 0.7])


def spec_circle_logits(g):
    g = np.asarray(g)[:, None]
    return 50 * np.hstack([0.1 * g, 0.2 * g - 0.02, 0.4 * g - 0.12, 0.8 * g - 0.40])


def test_circle_labels_follow_the_spec():
    data = plantnseek_task("circle", samples=100_000, label_noise=0.0, validation_samples=0, seed=1)
    x = np.vstack([data.train.x, data.test.x])
    y = np.concatenate([data.train.y, data.test.y])
    assert x.min() >= -1 and x.max() <= 1 and x.shape[1] == 2
    g = x[:, 0] ** 2 + x[:, 1] ** 2
    assert np.array_equal(y, spec_circle_class(g))
    assert np.array_equal(np.argmax(spec_circle_logits(g), axis=1), spec_circle_class(g))
    # class probabilities of a uniform point in [-1, 1]^2: areas of the annuli / 4
    expected = [0.2 * math.pi / 4, 0.3 * math.pi / 4, 0.2 * math.pi / 4, 1 - 0.7 * math.pi / 4]
    counts = np.bincount(y, minlength=4)
    for k in range(4):
        assert covers(counts[k], y.size, expected[k])
    assert expected[3] == pytest.approx(0.45, abs=0.001)  # the spec's "majority class about 45 %"


def test_circle_label_flips():
    noisy = plantnseek_task("circle", samples=100_000, label_noise=0.01, validation_samples=0, seed=2)
    x = np.vstack([noisy.train.x, noisy.test.x])
    y = np.concatenate([noisy.train.y, noisy.test.y])
    g = x[:, 0] ** 2 + x[:, 1] ** 2
    clean = spec_circle_class(g)
    flipped = y != clean
    assert covers(int(flipped.sum()), y.size, 0.01)
    second = np.argsort(spec_circle_logits(g), axis=1)[:, -2]
    assert np.array_equal(y[flipped], second[flipped])  # a flip goes to the second-largest logit's class


def test_helix_formula_pointwise_and_noise_level():
    clean = plantnseek_task("helix", samples=2000, noise=0.0, seed=3)
    for split in (clean.train, clean.validation, clean.test):
        u = 5 * math.pi + 3 * math.pi * split.x[:, 0]
        expected = np.stack([u * np.cos(u), u * np.sin(u), u], axis=1) / (8 * math.pi)
        np.testing.assert_allclose(split.y, expected, rtol=0, atol=1e-15)
    noisy = plantnseek_task("helix", samples=20_000, noise=0.01, seed=3)
    u = 5 * math.pi + 3 * math.pi * noisy.train.x[:, 0]
    residual = noisy.train.y - np.stack([u * np.cos(u), u * np.sin(u), u], axis=1) / (8 * math.pi)
    assert_gaussian_noise(residual.ravel(), 0.01)


def assert_gaussian_noise(residual, sigma):
    """Residuals are N(0, σ²): chi-square interval for the variance and a KS test, each at α = 1e-6."""
    n = residual.size
    chi2 = float(np.sum(residual ** 2)) / sigma ** 2
    assert stats.chi2.ppf(1e-6 / 2, n) <= chi2 <= stats.chi2.ppf(1 - 1e-6 / 2, n)
    assert stats.kstest(residual / sigma, stats.norm().cdf).pvalue > 1e-6


def test_relu_task():
    clean = plantnseek_task("relu", samples=1000, noise=0.0, seed=4)
    assert np.array_equal(clean.train.y[:, 0], np.maximum(clean.train.x[:, 0], 0.0))
    noisy = plantnseek_task("relu", samples=20_000, seed=4)
    assert_gaussian_noise((noisy.train.y - np.maximum(noisy.train.x, 0.0)).ravel(), 0.01)
    assert stats.kstest(noisy.train.x[:, 0], stats.uniform(-1, 2).cdf).pvalue > 1e-6


def test_split_sizes_seeding_and_registry():
    a = plantnseek_task("circle", seed=7)
    assert (len(a.train), len(a.test), len(a.validation)) == (9000, 1000, 1000)  # the paper's 10 % test
    b = load_dataset("circle", seed=7)
    assert np.array_equal(a.train.x, b.train.x) and np.array_equal(a.test.y, b.test.y)
    c = load_dataset("circle", seed=8)
    assert not np.array_equal(a.train.x, c.train.x)
    assert not np.array_equal(load_dataset("relu", seed=7).train.x[:, 0], load_dataset("helix", seed=7).train.x[:, 0])
    with pytest.raises(InvalidInput, match="not known"):
        load_dataset("cifar")
    with pytest.raises(InvalidInput, match="label_noise"):
        plantnseek_task("circle", label_noise=2.0)


# -- MNIST from user files (synthetic miniature files in the real formats) ----------------------------------------
@pytest.mark.parametrize("gz", [False, True])
def test_mnist_idx_directory(tmp_path, gz):
    xtr, ytr, xte, yte = mini_mnist(np.random.default_rng(0))
    write_idx_directory(tmp_path, (xtr, ytr, xte, yte), gz)
    data = load_mnist(tmp_path)
    assert (len(data.train), len(data.validation), len(data.test)) == (10, 5000, 7)
    assert np.array_equal(data.train.x[3], xtr[3].ravel() / 255.0) and np.array_equal(data.test.y, yte)
    assert np.array_equal(data.validation.y, ytr[10:])


def test_mnist_npz_and_damaged_files(tmp_path):
    xtr, ytr, xte, yte = mini_mnist(np.random.default_rng(1))
    np.savez(tmp_path / "mnist.npz", x_train=xtr.astype(np.uint8), y_train=ytr, x_test=xte.astype(np.uint8),
             y_test=yte)
    data = load_mnist(tmp_path / "mnist.npz")
    assert np.array_equal(data.test.x[0], xte[0].ravel() / 255.0)
    write_idx(tmp_path / "short", xte)
    (tmp_path / "short").write_bytes((tmp_path / "short").read_bytes()[:-5])
    with pytest.raises(InvalidInput, match="truncated"):
        read_idx(tmp_path / "short")
    (tmp_path / "text").write_bytes(b"hello world")
    with pytest.raises(InvalidInput, match="magic"):
        read_idx(tmp_path / "text")
    (tmp_path / "empty_dir").mkdir()
    with pytest.raises(InvalidInput, match="no train-images"):
        load_mnist(tmp_path / "empty_dir")
    np.savez(tmp_path / "partial.npz", x_train=xtr)
    with pytest.raises(InvalidInput, match="missing arrays"):
        load_mnist(tmp_path / "partial.npz")
    with pytest.raises(InvalidInput, match="does not exist"):
        load_mnist(tmp_path / "nowhere")
