"""Each sampling law draws from the distribution it names (Kolmogorov–Smirnov and exact binomial tests, α = 1e-6)."""

import math

import numpy as np
import pytest
from scipy import stats as st

from verify.errors import InvalidInput
from verify.subsetsum.laws import get_law, parse_law
from verify.subsetsum.paths import sample_paths

ALPHA = 1e-6
N = 20_000


def draws(name, **params):
    law = get_law(name, **params)
    return law, law.sample(np.random.default_rng(12345), (N,))


def test_uniform_is_uniform_on_minus_one_one():
    _, x = draws("uniform")
    assert st.kstest(x, st.uniform(loc=-1, scale=2).cdf).pvalue > ALPHA


def test_product_has_cdf_of_a_product_of_two_uniforms():
    # P(|XY| <= t) = t (1 - ln t) for X, Y ~ U[-1, 1], and the sign is symmetric.
    _, x = draws("product")
    assert st.kstest(np.abs(x), lambda t: np.where(t > 0, t * (1 - np.log(np.maximum(t, 1e-300))), 0.0)).pvalue > ALPHA
    assert st.binomtest(int((x > 0).sum()), N, 0.5).pvalue > ALPHA


def test_product_density_matches_the_spec_value():
    assert math.isclose(float(get_law("product").pdf(0.25)), 0.5 * math.log(4), rel_tol=1e-12)  # 0.6931


def test_pensia_mixture_has_half_its_mass_at_zero_and_product_law_elsewhere():
    law, x = draws("pensia-mixture")
    zeros = int((x == 0).sum())
    assert st.binomtest(zeros, N, 0.5).pvalue > ALPHA
    rest = np.abs(x[x != 0])  # |X Y| with X ~ U[0,1], |Y| ~ U[0,1]: same CDF t (1 - ln t)
    assert st.kstest(rest, lambda t: np.where(t > 0, t * (1 - np.log(np.maximum(t, 1e-300))), 0.0)).pvalue > ALPHA
    # It contains U[-1/2, 1/2] with weight ln2/4 (Pensia et al. Corollary 1): the density on |z| <= 1/2 is >= ln2/4.
    assert float(law.pdf(0.5)) == pytest.approx(math.log(2) / 4)


def test_gaussian_has_the_requested_sigma():
    _, x = draws("gaussian", sigma=0.5)
    assert st.kstest(x, st.norm(scale=0.5).cdf).pvalue > ALPHA


def test_hyperbolic_magnitude_is_log_uniform_on_alpha_beta():
    _, x = draws("hyperbolic", alpha=0.01, beta=1.0)
    assert np.all((np.abs(x) >= 0.01) & (np.abs(x) <= 1.0))
    assert st.kstest(np.log(np.abs(x)), st.uniform(loc=math.log(0.01), scale=-math.log(0.01)).cdf).pvalue > ALPHA


@pytest.mark.parametrize("text, message", [
    ("cauchy", "unknown law"), ("gaussian:sigma=0", "sigma"), ("gaussian:sigma=-1", "sigma"),
    ("gaussian:mu=1", "no parameter"), ("hyperbolic:alpha=2,beta=1", "alpha < beta"), ("gaussian:sigma=x", "number"),
    ("gaussian:sigma", "key=value"), ("uniform:low=1,high=1", "low < high"), ("gaussian:sigma=inf", "finite"),
])
def test_bad_laws_are_refused(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_law(text)


def test_paths_do_not_depend_on_n_max_or_on_where_a_chunk_starts():
    long = sample_paths("product", 700, 30, seed=7)
    np.testing.assert_array_equal(sample_paths("product", 700, 12, seed=7), long[:, :12])
    np.testing.assert_array_equal(sample_paths("product", 9, 30, seed=7, start=250), long[250:259])
    assert not np.array_equal(sample_paths("product", 9, 30, seed=8), long[:9])
