"""Long checks of the coverage engine, run by `make test-all` (markers `slow` and `mc`)."""

import numpy as np
import pytest
from hypothesis import given, settings
from rss_oracle import expected_reported, worst_errors_brute
from rss_strategies import dyadic_instances
from scipy.stats import fisher_exact

from verify.subsetsum.montecarlo import coverage
from verify.subsetsum.worst_error import worst_errors


@pytest.mark.slow
@settings(max_examples=20_000)
@given(dyadic_instances())
def test_brute_force_agreement_on_twenty_thousand_dyadic_instances(instance):
    values, a, b, eps0, reach = instance
    got = worst_errors(values, eps0, interval=(a, b), eps_max=reach)[0]
    np.testing.assert_array_equal(got, expected_reported(values, a, b, eps0, reach))


@pytest.mark.mc
@pytest.mark.parametrize("law, n, eps", [("uniform", 12, 0.02), ("product", 14, 0.05), ("gaussian", 12, 0.02)])
def test_coverage_probability_matches_an_independent_brute_force_monte_carlo(law, n, eps):
    """Engine (seed 0) against brute-force enumeration on independent paths: Fisher's exact test at α = 1e-6."""
    from verify.subsetsum.laws import get_law

    trials = 6000
    engine = coverage(law, [eps], trials=trials, n_max=n, seed=0).covered_counts(eps)[-1]
    paths = get_law(law).sample(np.random.default_rng(99), (trials, n))
    brute = sum(worst_errors_brute(path, -1.0, 1.0)[-1] <= eps for path in paths)
    assert 0.02 * trials < engine < 0.98 * trials  # the comparison is informative
    assert fisher_exact([[engine, trials - engine], [brute, trials - brute]]).pvalue > 1e-6


@pytest.mark.mc
@pytest.mark.parametrize("law, n_max", [("uniform", 40), ("product", 48), ("gaussian", 40), ("hyperbolic", 56),
                                        ("pensia-mixture", 64)])
def test_no_law_beats_the_counting_floor_down_to_one_in_a_million(law, n_max):
    result = coverage(law, [1e-6], eps_max=1.0, trials=200, n_max=n_max, seed=1)
    for eps in (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6):
        assert result.n_star(eps).min() >= np.ceil(result.counting_floor(eps))


@pytest.mark.slow
def test_large_run_is_identical_across_thread_counts_and_chunkings():
    runs = [coverage("uniform", [1e-5], eps_max=1e-1, trials=1500, n_max=36, seed=5, threads=t, chunk_size=c)
            for t, c in [(1, 1500), (2, 13), (2, 200)]]
    assert len({run.worst_error.tobytes() for run in runs}) == 1
