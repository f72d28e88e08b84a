"""Experiment 1's core: every weight at the brute-force optimum of its own coefficients, under each law."""

import dataclasses

import numpy as np
import pytest
from subset_sum_oracle import closest_brute

from verify.bench.approx import LAYERS, WEIGHT_RANGE, brute_force_check, stand_in_weights
from verify.errors import InvalidInput
from verify.tickets.approx import COEFFICIENT_LAWS, approximate_weights, paper_coefficient_count


@pytest.fixture(scope="module")
def weights():
    rng = np.random.default_rng(0)
    return [rng.uniform(-0.464, 0.541, size=(7, 9)), rng.uniform(-0.3, 0.2, size=(3, 7))]


@pytest.mark.parametrize("law", COEFFICIENT_LAWS)
def test_every_weight_is_at_the_brute_force_optimum(weights, law):
    result = approximate_weights(weights, n=10, eps=0.01, law=law, seed=1)
    for k, w in enumerate(weights):
        for r, c in np.ndindex(w.shape):
            coefficients = result.coefficients[k][r] if law == "per-row" else result.coefficients[k][r, c]
            mask, total, error = closest_brute(coefficients, w[r, c])
            assert (int(result.masks[k][r, c]), float(result.approximated[k][r, c]),
                    float(result.errors[k][r, c])) == (mask, total, error)


def test_laws_draw_what_they_say(weights):
    per_row = approximate_weights(weights, n=8, law="per-row", seed=2)
    independent = approximate_weights(weights, n=8, law="independent", seed=2)
    product = approximate_weights(weights, n=8, law="product", seed=2)
    low = min(w.min() for w in weights)
    high = max(w.max() for w in weights)
    assert per_row.coefficient_range == independent.coefficient_range == (low, high)
    assert [c.shape for c in per_row.coefficients] == [(7, 8), (3, 8)]              # one draw per row
    assert [c.shape for c in independent.coefficients] == [(7, 9, 8), (3, 7, 8)]    # one draw per weight
    for result in (per_row, independent):
        assert all(np.all((c >= low) & (c <= high)) for c in result.coefficients)
    assert product.coefficient_range is None
    assert all(np.all(np.abs(c) <= 1) for c in product.coefficients)
    # Products of two U[-1, 1] concentrate near 0: E|XY| = 1/4 (a loose check on 584 draws, not a sharp test).
    assert 0.15 < np.mean(np.abs(np.concatenate([c.ravel() for c in product.coefficients]))) < 0.35
    assert per_row.distinct_coefficients == 10 * 8 and independent.distinct_coefficients == 84 * 8


def test_counts_and_verdicts(weights):
    result = approximate_weights(weights, n=12, eps=0.01, law="independent", seed=3)
    assert result.weight_count == 84 and result.random == 84 * 12
    assert result.kept == sum(int(np.sum(result.masks[k] >> np.uint64(b) & np.uint64(1)))
                              for k in range(2) for b in range(12))
    summary = result.summary()
    assert summary["ratio_kept_to_target"] == result.kept / 84 and summary["ratio_random_to_target"] == 12
    assert summary["within_eps"] == sum(int((e <= 0.01).sum()) for e in result.errors)
    assert summary["all_within_eps"] == (summary["within_eps"] == 84)
    loose = dataclasses.replace(result, eps=10.0)
    strict = dataclasses.replace(result, eps=1e-300)
    assert loose.all_within_eps and not strict.all_within_eps


def test_seeded(weights):
    a = approximate_weights(weights, n=6, seed=4)
    b = approximate_weights(weights, n=6, seed=4)
    c = approximate_weights(weights, n=6, seed=5)
    assert all(x.tobytes() == y.tobytes() for x, y in zip(a.masks + a.coefficients, b.masks + b.coefficients))
    assert a.coefficients[0].tobytes() != c.coefficients[0].tobytes()


def test_paper_rule_for_n():
    assert paper_coefficient_count(0.01) == 21   # 3·round(log2(100)) = 3·7


@pytest.mark.parametrize("kwargs, message", [
    (dict(n=0), "1..40"), (dict(n=41), "1..40"), (dict(law="gaussian"), "not known"),
    (dict(eps=0.0), "> 0"), (dict(weights=[np.array([[np.nan]])]), "NaN"),
    (dict(weights=[np.full((2, 2), 0.3)]), "low < high"), (dict(weights=[]), "at least one"),
    (dict(coefficient_range=(1.0, -1.0)), "low < high"),
])
def test_bad_input_is_refused(weights, kwargs, message):
    arguments = {"weights": weights, **kwargs}
    with pytest.raises(InvalidInput, match=message):
        approximate_weights(**arguments)


def test_bench_instance_is_the_paper_scale_stand_in():
    matrices = stand_in_weights(0)
    assert [w.shape for w in matrices] == [(LAYERS[1], LAYERS[0]), (LAYERS[2], LAYERS[1])]
    assert sum(w.size for w in matrices) == 397_000
    assert all(WEIGHT_RANGE[0] <= w.min() and w.max() <= WEIGHT_RANGE[1] for w in matrices)


def test_bench_brute_force_check_can_fail(weights):
    result = approximate_weights(weights, n=9, eps=0.01, law="per-row", seed=6)
    assert brute_force_check(result, 20, seed=0)["agree"]
    corrupted = [e.copy() for e in result.errors]
    corrupted[0][...] += 1e-3   # every weight now claims a worse error than the optimum
    assert not brute_force_check(dataclasses.replace(result, errors=corrupted), 20, seed=0)["agree"]
