"""Theorem 2's event decided exactly: the search against brute force over every map, nesting, frequencies."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.plantnseek.existence import contains_ticket, existence_frequency, random_sparse_target


def contains_by_brute_force(target, biases, weights, eps):
    """Try every injective map of every layer (all n0!/(n0-n)! per layer, all combinations)."""
    n0 = biases[0].size
    layers = []
    for t in range(target.depth):
        layers.append(list(itertools.permutations(range(n0), target.biases[t].size)))
    for maps in itertools.product(*layers):
        ok = True
        for t, pi in enumerate(maps):
            for i, mother in enumerate(pi):
                if abs(biases[t][mother] - target.biases[t][i]) > eps:
                    ok = False
                for column, source in enumerate(target.sources[t][i]):
                    mother_source = source if t == 0 else maps[t - 1][source]
                    if abs(weights[t][mother, mother_source] - target.weights[t][i, column]) > eps:
                        ok = False
        if ok:
            return True
    return False


@settings(max_examples=150)
@given(st.integers(0, 10_000), st.integers(1, 3), st.integers(1, 2), st.integers(1, 3), st.integers(2, 5),
       st.sampled_from([0.3, 0.5, 0.8]))
def test_the_search_agrees_with_brute_force(seed, depth, neurons, k, n0, eps):
    k = min(k, neurons + 1)
    target = random_sparse_target(depth, neurons, k, eps, seed)
    generator = np.random.default_rng(seed)
    biases = [generator.uniform(-1, 1, n0) for _ in range(depth)]
    weights = [generator.uniform(-1, 1, (n0, target.inputs if t == 0 else n0)) for t in range(depth)]
    assert contains_ticket(target, biases, weights, eps) == contains_by_brute_force(target, biases, weights, eps)


def test_containment_is_monotone_in_the_nested_width_and_reaches_one():
    result = existence_frequency(depth=2, neurons=2, k=2, eps=0.2, widths=(2, 8, 32, 128, 512), trials=40, seed=1)
    assert np.all(np.diff(result.contains.astype(int), axis=0) >= 0)   # per trial, once contained always contained
    successes = result.successes()
    assert successes[0] < 5 and successes[-1] == 40


def test_the_frequency_is_a_proportion_near_the_match_probability_for_one_neuron():
    """One layer, one neuron, k = 1: contained iff some of n0 biases is within eps: P = 1 - (1 - eps)^n0 exactly."""
    result = existence_frequency(depth=1, neurons=1, k=1, eps=0.05, widths=(10,), trials=2000, seed=2)
    p = 1 - (1 - 0.05) ** 10
    assert abs(result.successes()[0] / 2000 - p) < 4 * np.sqrt(p * (1 - p) / 2000)
    assert result.bound()[0] == pytest.approx(p, rel=1e-12)   # the bound is exact here
