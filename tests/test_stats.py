"""Exact binomial statistics agree with scipy's binomtest and with the spec's numbers."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from verify.errors import InvalidInput
from verify.stats import (
    clopper_pearson,
    clopper_pearson_bound,
    fit_required_counts,
    required_count_bracket,
    zero_failure_trials,
)


@given(st.integers(1, 3000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from([0.9, 0.95, 0.99, 0.999999]))
def test_two_sided_interval_is_scipys_exact_interval(kn, confidence):
    k, n = kn
    low, high = clopper_pearson(k, n, confidence)
    reference = binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
    assert low == pytest.approx(reference.low, abs=1e-9)
    assert high == pytest.approx(reference.high, abs=1e-9)



@given(st.integers(1, 100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.floats(0.5, 1.0 - 1e-12), st.sampled_from(["lower", "upper"]))
def test_one_sided_bound_is_the_beta_quantile_bit_for_bit(kn, level, side):
    # the bound is computed without scipy.stats; it must be scipy.stats.beta.ppf's number exactly, or every stored
    # interval (and the committed paper built from them) would change
    from scipy.stats import beta

    k, n = kn
    if side == "lower":
        expected = beta.ppf(1.0 - level, k, n - k + 1) if k > 0 else 0.0
    else:
        expected = beta.ppf(level, k + 1, n - k) if k < n else 1.0
    assert clopper_pearson_bound(k, n, level, side) == expected


def test_array_bounds_are_the_beta_quantiles_elementwise():
    from scipy.stats import beta

    k = np.array([[0, 1, 7, 300], [2, 299, 300, 150]])
    n = np.array([300, 300, 300, 300])
    lower = clopper_pearson_bound(k, n, 0.975, "lower")
    upper = clopper_pearson_bound(k, n, 0.975, "upper")
    with np.errstate(invalid="ignore", divide="ignore"):
        assert np.array_equal(lower, np.where(k > 0, beta.ppf(1.0 - 0.975, k, n - k + 1), 0.0))
        assert np.array_equal(upper, np.where(k < n, beta.ppf(0.975, k + 1, n - k), 1.0))
    assert lower.shape == upper.shape == k.shape

def test_arrays_broadcast_and_edges_are_exact():
    low, high = clopper_pearson(np.array([0, 5, 10]), 10)
    assert low[0] == 0.0 and high[2] == 1.0
    assert np.all(low <= np.array([0, 0.5, 1.0])) and np.all(high >= np.array([0, 0.5, 1.0]))


def test_one_sided_bounds_have_their_coverage():
    # Upper bound with 0 successes out of n at level 1 - a is 1 - a^(1/n) (rule of three family).
    assert clopper_pearson_bound(0, 100, 0.95, "upper") == pytest.approx(1 - 0.05 ** (1 / 100))
    assert clopper_pearson_bound(100, 100, 0.95, "lower") == pytest.approx(0.05 ** (1 / 100))


def test_zero_failure_count_from_the_spec():
    assert zero_failure_trials(0.01, 0.05) == 299


def test_bracket_brackets_a_known_threshold():
    # P_n = 0 for n < 10 and 1 from n = 10 on, with plenty of trials: the bracket is exactly [10, 10].
    counts = np.array([0] * 9 + [5000] * 6)
    bracket = required_count_bracket(counts, 5000, delta=0.01)
    assert (bracket.lo, bracket.hi) == (10, 10)
    # A curve that never reaches 1 - delta has no upper end.
    assert required_count_bracket(np.full(10, 4000), 5000, delta=0.01).hi is None


def test_bracket_uses_a_multiplicity_correction():
    # 296/300 covered: pointwise 95% lower bound is ~0.966 but the Bonferroni bound over 40 points is lower.
    counts = np.full(40, 296)
    pointwise = clopper_pearson_bound(296, 300, 0.975, "lower")
    simultaneous = clopper_pearson_bound(296, 300, 1 - 0.05 / 80, "lower")
    assert simultaneous < pointwise
    assert required_count_bracket(counts, 300, delta=1 - (pointwise + simultaneous) / 2).hi is None


def test_fit_recovers_a_planted_slope():
    eps = np.logspace(-1, -7, 7)
    n = 1.3 * np.log2(1 / eps) + 0.5 * np.log2(np.log2(1 / eps)) + 2.0
    fit = fit_required_counts(eps, n)
    assert (fit.a, fit.b, fit.c) == pytest.approx((1.3, 0.5, 2.0))


@pytest.mark.parametrize("call", [
    lambda: clopper_pearson(3, 2), lambda: clopper_pearson(1, 2, 1.5), lambda: zero_failure_trials(1.0),
    lambda: required_count_bracket([1, 2], 5, delta=0.0), lambda: fit_required_counts([0.1], [3]),
])
def test_bad_input_is_refused(call):
    with pytest.raises(InvalidInput):
        call()
