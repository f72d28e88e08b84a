"""The expected misses of Experiment 1 against brute force on small instances."""

import itertools

import numpy as np
import pytest

from verify.tickets.misses import expected_misses


def test_the_miss_rate_matches_enumeration_of_every_subset():
    """n = 8 coefficients, eps = 0.01: misses are common enough to compare rates; the oracle enumerates all 256 sums
    of independent draws (a different generator) and counts the weights no sum reaches."""
    weights = np.linspace(-0.45, 0.5, 40)
    estimate = expected_misses(weights, 8, 0.01, pairs=40000, seed=3)
    generator = np.random.default_rng(11)
    masks = np.array(list(itertools.product([0, 1], repeat=8)), dtype=float)
    trials = 40000
    w = weights[generator.integers(0, weights.size, trials)]
    sums = generator.uniform(weights.min(), weights.max(), (trials, 8)) @ masks.T
    brute = np.mean(np.min(np.abs(sums - w[:, None]), axis=1) > 0.01)
    standard_error = np.sqrt(brute * (1 - brute) / trials) * np.sqrt(2)
    assert estimate.p == pytest.approx(brute, abs=4 * standard_error)
    low, high = estimate.count_interval()
    assert low <= estimate.count() <= high and estimate.weights == 40


def test_nothing_is_missed_when_the_coefficients_are_dense_enough():
    estimate = expected_misses(np.zeros(10), 21, 0.01, lo=-0.5, hi=0.5, pairs=2000)
    assert estimate.misses == 0 and estimate.count_interval()[0] == 0.0


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="non-empty"):
        expected_misses(np.array([]), 8, 0.01)
    with pytest.raises(ValueError, match="lo < hi"):
        expected_misses(np.ones(3), 8, 0.01)
