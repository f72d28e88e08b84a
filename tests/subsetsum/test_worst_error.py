"""The exact interval programme agrees with brute-force enumeration of all 2^n subset sums."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rss_oracle import expected_reported, worst_errors_brute
from rss_strategies import dyadic_instances

from verify.errors import InvalidInput
from verify.subsetsum.worst_error import worst_errors, worst_errors_of


@settings(max_examples=1500)
@given(dyadic_instances())
def test_matches_brute_force_bit_for_bit_on_dyadic_instances(instance):
    values, a, b, eps0, reach = instance
    got = worst_errors(values, eps0, interval=(a, b), eps_max=reach)[0]
    expected = expected_reported(values, a, b, eps0, reach)
    np.testing.assert_array_equal(got, expected)


@settings(max_examples=400)
@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=12),
       st.floats(1e-6, 0.3), st.floats(1.0, 100.0))
def test_matches_brute_force_on_real_valued_samples(values, eps0, reach_factor):
    """Arbitrary floats: equal up to rounding, and no coverage decision differs away from a rounding-level tie."""
    values = np.array(values)
    reach = min(eps0 * reach_factor, 2.0)
    got = worst_errors(values, eps0, eps_max=reach)[0]
    truth = np.maximum(worst_errors_brute(values, -1.0, 1.0), eps0)
    tolerance = 1e-12
    for reported, exact in zip(got, truth):
        if np.isinf(reported):
            assert exact > reach - tolerance
        else:
            assert abs(reported - exact) <= tolerance
            assert exact <= reach + tolerance


def test_a_hand_computed_instance():
    # Sums of {1/2, 1/4, 1} on [0, 1]: {0, 1/2} -> worst 1/2 (at z = 1); {0, 1/4, 1/2, 3/4} -> 1/4; then 1/8.
    got = worst_errors([0.5, 0.25, 1.0], eps=2.0**-7, interval=(0.0, 1.0), eps_max=1.0)[0]
    np.testing.assert_array_equal(got, [0.5, 0.25, 0.125])


def test_tiny_and_large_eps():
    values = np.array([0.7, -0.3, 0.55, -0.9, 0.05, 0.4, -0.65, 0.2, 0.85, -0.15, 0.33, -0.47])
    # A huge eps is covered from the start (the empty sum 0 is within 1 of all of [-1, 1]).
    np.testing.assert_array_equal(worst_errors(values, eps=1.0)[0], np.full(values.size, 1.0))
    # A tiny eps can never be met by 12 samples (counting floor log2(1/1e-9) ≈ 30).
    assert np.all(np.isinf(worst_errors(values, eps=1e-9)[0]))


def test_interval_far_from_all_sums_is_never_covered():
    got = worst_errors([0.1, 0.2, 0.3], eps=0.05, interval=(5.0, 6.0), eps_max=0.5)[0]
    assert np.all(np.isinf(got))


def test_many_eps_from_one_pass_equal_separate_passes():
    rng = np.random.default_rng(3)
    samples = rng.uniform(-1, 1, size=(40, 22))
    joint = worst_errors(samples, eps=1e-4, eps_max=1e-1)
    for eps in (1e-4, 1e-3, 1e-2, 1e-1):
        alone = worst_errors(samples, eps=eps)
        np.testing.assert_array_equal(joint <= eps, alone <= eps)


def test_first_pass_horizon_does_not_change_a_single_bit():
    rng = np.random.default_rng(4)
    samples = rng.uniform(-1, 1, size=(30, 30))
    reference, _ = worst_errors_of(samples, -1.0, 1.0, 1e-4, 1e-2, horizon=30)
    for horizon in (1, 5, 14, 20, 29):
        got, _ = worst_errors_of(samples, -1.0, 1.0, 1e-4, 1e-2, horizon=horizon)
        assert got.tobytes() == reference.tobytes()


def test_worst_error_is_non_increasing_along_a_path():
    rng = np.random.default_rng(5)
    got = worst_errors(rng.normal(size=(50, 25)), eps=1e-3, eps_max=2.0)
    finite_or_inf = np.where(np.isinf(got), 1e300, got)
    assert np.all(np.diff(finite_or_inf, axis=1) <= 0)


@pytest.mark.parametrize("bad", [0.0, -1e-3, float("nan"), float("inf"), "x"])
def test_bad_eps_is_refused(bad):
    with pytest.raises(InvalidInput, match="eps"):
        worst_errors([0.5], eps=bad)


@pytest.mark.parametrize("samples", [[[np.nan, 0.5]], [[np.inf]], np.zeros((0, 3)), [["a"]]])
def test_bad_samples_are_refused(samples):
    with pytest.raises(InvalidInput):
        worst_errors(samples, eps=0.1)


def test_bad_interval_is_refused():
    with pytest.raises(InvalidInput, match="interval"):
        worst_errors([0.5], eps=0.1, interval=(1.0, -1.0))


@pytest.mark.parametrize("law, eps", [("uniform", 1e-3), ("product", 1e-3), ("gaussian", 1e-4),
                                      ("pensia-mixture", 1e-2), ("hyperbolic", 1e-3)])
def test_first_covering_prefix_agrees_with_the_straightforward_programme_on_long_paths(law, eps):
    """Where brute force is out of reach (n up to 36), a second, independently written interval programme
    (verify/bench/rss_baseline.py: plain merge, full-horizon window, no early stop) must agree on every n*."""
    from verify.bench.rss_baseline import first_covering_prefix
    from verify.subsetsum.paths import sample_paths

    paths = sample_paths(law, 60, 36, seed=17)
    r = worst_errors(paths, eps)
    engine = [int(np.argmax(row <= eps)) + 1 if np.any(row <= eps) else 0 for row in r]
    baseline = [int(first_covering_prefix(path, -1.0, 1.0, eps)) for path in paths]
    assert engine == baseline
    assert any(0 < n for n in engine)  # informative: some paths are covered
