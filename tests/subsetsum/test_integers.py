"""Exact integer subset sums: the bitset programme and the split enumeration against brute force."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.errors import InvalidInput
from verify.subsetsum.integers import has_perfect_partition_bitset, perfect_partitions, represented_counts
from verify.subsetsum.integers_run import (
    LAMBDA_HALF,
    crossing_kappa,
    partition_instances,
    partition_phase,
    poisson_prediction,
    quantized_coverage,
    quantized_paths,
    window_lambda,
)


def brute_perfect_partitions(values) -> int:
    """Unordered partitions {A, complement} with discrepancy 0 (even total) or 1 (odd total)."""
    values = list(values)
    total = sum(values)
    count = 0
    for mask in itertools.product((0, 1), repeat=len(values)):
        side = sum(v for v, m in zip(values, mask) if m)
        if abs(total - 2 * side) == total % 2:
            count += 1
    return count // 2


@settings(max_examples=400)
@given(st.lists(st.integers(1, 60), min_size=1, max_size=12))
def test_perfect_partitions_match_brute_force(values):
    truth = brute_perfect_partitions(values)
    assert perfect_partitions(values)[0] == truth
    assert has_perfect_partition_bitset(values)[0] == (truth > 0)


@settings(max_examples=300)
@given(st.lists(st.integers(-40, 40), min_size=1, max_size=10), st.integers(1, 60))
def test_represented_counts_match_brute_force(values, q):
    counts = represented_counts(values, q)[0]
    for m in range(1, len(values) + 1):
        sums = {sum(c) for r in range(m + 1) for c in itertools.combinations(values[:m], r)}
        assert counts[m - 1] == sum(1 for s in sums if -q <= s <= q)


def test_large_integers_stay_exact():
    rng = np.random.default_rng(1)
    values = rng.integers(1, 2**30, size=(20, 22))
    split = perfect_partitions(values)
    values[:, -1] = values[:, :-1].sum(axis=1)   # the last one balances all the others: a perfect partition
    assert np.all(perfect_partitions(values) >= 1)
    assert split.shape == (20,)


def test_partition_runs_are_the_same_bytes_for_any_chunking(tmp_path):
    one = partition_phase([10, 14], [0.7, 1.1], trials=60, seed=3, threads=1)
    two = partition_phase([10, 14], [0.7, 1.1], trials=60, seed=3, threads=2, chunk_size=7, out=tmp_path / "run")
    again = partition_phase([10, 14], [0.7, 1.1], trials=60, seed=3, out=tmp_path / "run")
    assert one.counts.tobytes() == two.counts.tobytes() == again.counts.tobytes()
    instances = partition_instances(14, 1.1, 60, 3)
    np.testing.assert_array_equal(one.counts[:, 3], perfect_partitions(instances))
    assert instances.min() >= 1 and instances.max() <= 2 ** (1.1 * 14)


def test_quantized_runs_are_the_same_bytes_for_any_chunking():
    one = quantized_coverage(32, trials=50, n_max=12, seed=2, threads=1)
    two = quantized_coverage(32, trials=50, n_max=12, seed=2, threads=2, chunk_size=9)
    assert one.represented.tobytes() == two.represented.tobytes()
    paths = quantized_paths(32, 50, 12, 2)
    assert paths.min() >= -32 and paths.max() <= 32
    np.testing.assert_array_equal(quantized_paths(32, 50, 8, 2), paths[:, :8])   # prefixes do not depend on n_max


def test_crossing_interpolates_and_the_window():
    assert crossing_kappa([0.5, 1.0, 1.5], [1.0, 0.8, 0.2]) == pytest.approx(1.0 + 0.3 / 0.6 * 0.5)
    assert crossing_kappa([0.5, 1.0], [0.3, 0.1]) is None and crossing_kappa([0.5, 1.0], [0.9, 0.8]) is None
    assert window_lambda(16, 1.0 - 2.0 / 16) == pytest.approx(0.0)
    n = 20
    kappa = 1.0 - np.log2(n) / (2 * n) + LAMBDA_HALF / n
    assert poisson_prediction(n, kappa) == pytest.approx(0.5, abs=0.01)   # M is rounded down to an integer


@pytest.mark.parametrize("call, match", [
    (lambda: partition_phase([1], [0.5], trials=2), "n"),
    (lambda: partition_phase([10], [0.0], trials=2), "kappa"),
    (lambda: partition_phase([40], [1.5], trials=2), "64 bits"),
    (lambda: quantized_coverage(0, trials=2), "q"),
    (lambda: perfect_partitions([[1, 0, 2]]), "positive"),
    (lambda: perfect_partitions([[1.5, 2.0]]), "integer"),
])
def test_bad_input_is_refused(call, match):
    with pytest.raises(InvalidInput, match=match):
        call()
