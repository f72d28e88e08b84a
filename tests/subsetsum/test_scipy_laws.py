"""Continuous scipy.stats distributions as sampling laws: equal to the project's own laws where they coincide, the
right distribution elsewhere (Kolmogorov-Smirnov against scipy's cdf), deterministic under the project's seeding,
named with their parameters in the JSON, and refused with one line when the name or a parameter is wrong.

Power of the KS checks (Dvoretzky-Kiefer-Wolfowitz, Massart's constant): with N samples from a law G and the test of
H0: F at level alpha = 0.001, the critical value is D_crit = sqrt(ln(2/alpha) / (2N)) at most (scipy's exact value is
smaller).  If sup|G - F| >= D_crit + t, the test misses only when sup|F_N - G| > t, which has probability at most
2 exp(-2 N t^2).  With N = 20,000 and t = D_crit (= 0.0138) that is <= 0.001: the checks below detect any law whose
cdf is 0.028 or more away from the claimed one with probability >= 0.999.  The negative controls show a deviation
of that size is rejected.
"""

import json
import math

import numpy as np
import pytest
import scipy.stats

from verify.cli import main
from verify.errors import InvalidInput
from verify.subsetsum import coverage, get_law, parse_law, sample_paths

N_KS = 20_000
ALPHA = 0.001
DETECTABLE = 2 * math.sqrt(math.log(2 / ALPHA) / (2 * N_KS))  # sup-cdf deviation detected with power >= 0.999


def _draws(law, seed=11):
    # 80 paths of 250 samples: 20,000 independent draws through the project's own streams
    return sample_paths(law, 80, N_KS // 80, seed).ravel()


def test_scipy_norm_draws_exactly_the_samples_of_the_gaussian_law():
    mine = sample_paths(get_law("gaussian", sigma=0.5), 300, 17, seed=4)
    theirs = sample_paths(scipy.stats.norm(0, 0.5), 300, 17, seed=4)
    assert np.array_equal(mine, theirs)


def test_scipy_uniform_matches_the_uniform_law_sample_for_sample_up_to_the_open_shift():
    # ppf(u + 2^-54) = -1 + 2 (u + 2^-54): the project's U[-1, 1] plus 2^-53, up to one rounding
    mine = sample_paths("uniform", 300, 17, seed=4)
    theirs = sample_paths(parse_law("scipy:uniform:loc=-1,scale=2"), 300, 17, seed=4)
    assert np.max(np.abs(theirs - mine)) <= 2.0**-52
    assert not np.array_equal(theirs, mine)  # the shift is really there: the comparison is not vacuous


@pytest.mark.parametrize("text, frozen", [
    ("scipy:laplace:scale=0.3", scipy.stats.laplace(scale=0.3)),
    ("scipy:gamma:a=2,loc=-1,scale=0.25", scipy.stats.gamma(2, loc=-1, scale=0.25)),
    ("scipy:t:df=3", scipy.stats.t(3)),
])
def test_draws_follow_the_scipy_cdf_ks(text, frozen):
    draws = _draws(parse_law(text))
    assert scipy.stats.kstest(draws, frozen.cdf).pvalue > ALPHA


@pytest.mark.parametrize("text, wrong", [
    ("scipy:laplace:scale=0.3", scipy.stats.laplace(scale=0.36)),
    ("scipy:gamma:a=2,loc=-1,scale=0.25", scipy.stats.gamma(2.3, loc=-1, scale=0.25)),
])
def test_negative_control_a_detectable_deviation_is_rejected(text, wrong):
    law = parse_law(text)
    grid = np.linspace(-3, 3, 20_001)
    deviation = np.max(np.abs(law.frozen().cdf(grid) - wrong.cdf(grid)))
    assert deviation >= DETECTABLE  # inside the power statement of the module docstring
    assert scipy.stats.kstest(_draws(law), wrong.cdf).pvalue < ALPHA


def test_frozen_and_text_forms_give_the_same_law():
    assert get_law(scipy.stats.norm(0, 0.5)) == parse_law("scipy:norm:loc=0,scale=0.5")
    gamma = get_law(scipy.stats.gamma(2, scale=3))
    assert gamma.params == {"a": 2.0, "loc": 0.0, "scale": 3.0} and gamma.label == "scipy:gamma:a=2,loc=0,scale=3"
    assert get_law("scipy:gamma", a=2, scale=3) == gamma


def test_coverage_is_deterministic_across_chunkings_and_threads_and_equals_the_gaussian_run():
    kw = dict(eps=[1e-2], trials=300, n_max=18, seed=7)
    one = coverage(scipy.stats.norm(0, 0.5), chunk_size=7, threads=1, **kw)
    two = coverage("scipy:norm:scale=0.5", chunk_size=64, threads=2, **kw)
    gaussian = coverage(get_law("gaussian", sigma=0.5), threads=2, **kw)
    assert one.worst_error.tobytes() == two.worst_error.tobytes() == gaussian.worst_error.tobytes()


def test_the_json_names_the_distribution_and_every_parameter(capsys):
    code = main(["rss", "--law", "scipy:gamma:a=2,scale=0.1", "--eps", "1e-2", "--trials", "20", "--n-max", "12",
                 "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert document["law"] == "scipy:gamma:a=2,loc=0,scale=0.1"
    assert document["law_params"] == {"a": 2.0, "loc": 0.0, "scale": 0.1}


def test_a_resumed_store_is_keyed_by_the_parameters(tmp_path):
    coverage("scipy:norm", eps=[1e-2], trials=20, n_max=10, out=tmp_path / "run")
    with pytest.raises(InvalidInput):  # another scale is another run: the store refuses to mix them
        coverage(parse_law("scipy:norm:scale=0.5"), eps=[1e-2], trials=20, n_max=10, out=tmp_path / "run")


class _Custom(scipy.stats.rv_continuous):
    def _cdf(self, x):
        return scipy.stats.norm.cdf(x)


@pytest.mark.parametrize("law, fragment", [
    (scipy.stats.binom(3, 0.5), "discrete"),
    (_Custom(name="norm")(), "custom rv_continuous"),
    (scipy.stats.norm(0, -1), "outside norm's domain"),
    (scipy.stats.gamma(a=-1), "outside gamma's domain"),
])
def test_python_refusals(law, fragment):
    with pytest.raises(InvalidInput, match=fragment):
        get_law(law)


@pytest.mark.parametrize("text, fragment", [
    ("scipy", "names no distribution"),
    ("scipy:", "names no distribution"),
    ("scipy:binom:n=3,p=0.5", "no continuous distribution 'binom'"),
    ("scipy:os.system", "no continuous distribution 'os.system'"),
    ("scipy:gamma", "needs its shape parameter(s) a"),
    ("scipy:norm:sigma=1", "no parameter 'sigma'; allowed: loc, scale"),
    ("scipy:norm:loc=__import__('os')", "is not a number"),
    ("scipy:norm:loc=1+1", "is not a number"),
    ("scipy:norm:scale=nan", "must be finite"),
    ("scipy:norm:scale=-1", "outside norm's domain"),
    ("scipy:norm:scale=1,scale=2", "given twice"),
    ("scipy:norm:", "nothing after ':'"),
])
def test_cli_refusals_exit_2_with_one_line(capsys, text, fragment):
    code = main(["rss", "--law", text, "--eps", "1e-2", "--trials", "5", "--n-max", "5"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in captured.err
