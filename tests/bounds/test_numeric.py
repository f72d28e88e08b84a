"""Evaluating bounds: broadcasting, implicit bounds against brute force, monotonicity, solve_for, empirical constants,
LaTeX, and refusals of bad input."""

import json
import math

import numpy as np
import pytest
import sympy as sp
from bounds_oracles import examples, h2, smallest_n_binomial, smallest_n_entropy, sparse_width_lambert
from bounds_strategies import in_domain, point_strategy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bounds import BoundsInputError, get, ids

IMPLICIT = [i for i in ids() if get(i).implicit is not None]


# ---------------------------------------------------------------------- vectorised float64 evaluation
def test_arrays_broadcast_and_match_scalar_calls():
    b = get("pensia2020.width")
    d = np.array([[10], [100], [1000]])
    eps = np.array([0.1, 0.01, 0.001, 1e-4])
    values = b(d_in=d, d_out=50, l=3, eps=eps, delta=0.05, C=2.0)
    assert values.shape == (3, 4) and values.dtype == np.float64
    for r in range(3):
        for c in range(4):
            assert values[r, c] == b(d_in=float(d[r, 0]), d_out=50, l=3, eps=float(eps[c]), delta=0.05, C=2.0)


def test_integer_inputs_do_not_overflow():
    """d**5 with int64 d = 10**4 would wrap around; inputs are cast to float64 first."""
    b = get("malach2020.width")
    value = b(d=np.array([10_000, 20_000], dtype=np.int64), l=np.int64(3), eps=0.5, C=1)
    expected = np.array([1e20, 3.2e21]) * 9 / 0.25
    np.testing.assert_allclose(value, expected, rtol=1e-14)


def test_scalar_inputs_give_a_python_float():
    assert isinstance(get("counting.rss_samples")(eps=0.01, L=2), float)


def test_implicit_bounds_broadcast():
    b = get("natale2024.rfss_fixed_target")
    ks = np.array([1.0, 4.0, 16.0])
    values = b(k=ks, eps=0.01, c_hyp=1.5)
    assert values.shape == (3,)
    for k, v in zip(ks, values):
        assert v == b(k=k, eps=0.01, c_hyp=1.5)


# ---------------------------------------------------------------------- implicit bounds against oracles
def assert_threshold(threshold: float, brute: int, lower: float) -> None:
    """The real threshold t and the brute-force smallest admissible integer n agree: n = ceil(t), or t is the
    smallest admissible value itself (up to floating-point rounding at integer boundaries)."""
    tol = 1e-9 * brute
    if abs(threshold - lower) <= 1e-12 * lower:
        assert brute - 1 < lower + tol          # the inequality already holds at the smallest value
        assert brute <= math.ceil(lower - tol) or brute == math.ceil(lower + tol)
    else:
        assert brute - 1 - tol <= threshold <= brute + tol


@settings(max_examples=examples(60))
@given(k=st.integers(1, 40), eps=st.floats(1e-5, 0.5))
def test_fixed_size_counting_floor_against_exact_binomials(k, eps):
    threshold = get("counting.rss_fixed_size")(k=k, eps=eps)
    assert_threshold(threshold, smallest_n_binomial(k, eps), lower=k)


@settings(max_examples=examples(60))
@given(n=st.floats(1.0, 1e15), data=st.data())
def test_log2_binomial_against_50_digit_mpmath(n, data):
    """The continuous log2 C(n, k) behind counting.rss_fixed_size keeps full precision for large n."""
    import mpmath

    from bounds.papers.counting import log2_binomial_numpy

    k = data.draw(st.floats(0.0, n))
    mpmath.mp.dps = 50
    N, K = mpmath.mpf(n), mpmath.mpf(k)            # n - k + 1 in float64 would already lose digits
    exact = (mpmath.loggamma(N + 1) - mpmath.loggamma(K + 1) - mpmath.loggamma(N - K + 1)) / mpmath.log(2)
    # measured worst case over n up to 1e15 (k near 0, n/2, n): 3e-10 relative, from scipy's betaln; the
    # log-gamma difference it replaces loses up to 18 % at n ~ 5e14, k = n - 1
    scale = max(abs(float(exact)), 1 + math.log1p(n))
    assert abs(float(log2_binomial_numpy(n, k)) - float(exact)) <= 1e-9 * scale


@settings(max_examples=examples(60))
@given(n=st.integers(2, 200), data=st.data())
def test_binomial_form_is_implied_by_the_exact_counting_condition(n, data):
    """The catalog's second form is weaker: whenever C(n,k) 2 eps >= 2 sqrt(k), the H2 form holds too."""
    k = data.draw(st.integers(1, n - 1))
    eps = data.draw(st.floats(1e-9, 0.5))
    exact = math.comb(n, k) * 2 * eps >= 2 * math.sqrt(k)
    relaxed = n * h2(k / n) >= math.log2(math.sqrt(k) / eps) + 0.5 * math.log2(2 * math.pi * k * (n - k) / n)
    assert relaxed or not exact


@pytest.mark.parametrize("ident, constant, need", [
    ("natale2024.rfss_fixed_target", {"c_hyp": 1.7}, lambda k, eps: 1.7 * math.log2(k / eps)),
    ("natale2024.rfss_all_targets", {"c_amp": 0.6}, lambda k, eps: 0.6 * math.log2(k / eps) ** 2),
])
@settings(max_examples=examples(40))
@given(k=st.integers(1, 60), eps=st.floats(1e-6, 0.5))
def test_rfss_thresholds_against_brute_force(ident, constant, need, k, eps):
    threshold = get(ident)(k=k, eps=eps, **constant)
    assert_threshold(threshold, smallest_n_entropy(k, need(k, eps), 2 * k), lower=2 * k)


@settings(max_examples=examples(40))
@given(d=st.integers(1, 8), k=st.integers(1, 60), eps=st.floats(1e-8, 0.062))
def test_lower_sparse_against_brute_force(d, k, eps):
    threshold = get("natale2024.lower_sparse")(d=d, k=k, eps=eps)
    smallest = math.ceil(k / 0.84 - 1e-12)
    brute = smallest_n_entropy(k, d * d / 2 * math.log2(k / eps), smallest)
    assert_threshold(threshold, brute, lower=k / 0.84)


@settings(max_examples=examples(60))
@given(l=st.integers(1, 20), d_in=st.integers(1, 2000), d_out=st.integers(1, 2000), eps=st.floats(1e-8, 0.5),
       gamma=st.floats(1e-4, 0.5), rho=st.floats(1, 10), c_amp=st.floats(0.05, 20))
def test_sparse_width_is_the_lambert_w_closed_form(l, d_in, d_out, eps, gamma, rho, c_amp):
    g = gamma / rho
    b_coef = 2 * l * d_in * d_out * g / eps
    a = c_amp / (h2(g) * math.log(2) ** 2)
    assume(2 * math.sqrt(a * b_coef) >= math.e * 1.001 and gamma <= rho / 2 and b_coef >= 2)
    value = get("natale2024.sparse_width")(l=l, d_in=d_in, d_out=d_out, eps=eps, gamma=gamma, rho=rho, c_amp=c_amp)
    assert value == pytest.approx(sparse_width_lambert(l, d_in, d_out, eps, gamma, rho, c_amp), rel=1e-9)


def test_c_amp_can_come_from_c_hyp_and_c_thm():
    b = get("natale2024.rfss_all_targets")
    direct = b.evaluate(k=9, eps=1e-3, c_amp=8 * 1.3 / 0.25)
    derived = b.evaluate(k=9, eps=1e-3, c_hyp=1.3, c_thm=0.25)
    assert derived.value == pytest.approx(direct.value, rel=1e-12)
    assert derived.constants["c_amp"]["origin"] == "derived"
    assert derived.constants["c_amp"]["from"] == "8*c_hyp/c_thm"


# ---------------------------------------------------------------------- monotonicity (declared trends)
@pytest.mark.parametrize("ident", [i for i in ids() if get(i).trends])
@settings(max_examples=examples(30), suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_monotone_in_each_declared_variable(ident, data):
    b = get(ident)
    values = point_strategy(b, data)
    assume(in_domain(b, values))
    name = data.draw(st.sampled_from(sorted(b.trends)), label="variable")
    factor = data.draw(st.floats(1.0001, 10.0), label="factor")
    moved = dict(values, **{name: values[name] * factor})
    assume(in_domain(b, moved))
    before, after = b(**values), b(**moved)
    assume(math.isfinite(before) and math.isfinite(after))
    slack = 1e-9 * max(abs(before), abs(after)) + 1e-300
    if b.trends[name] > 0:
        assert after >= before - slack, (name, values, moved)
    else:
        assert after <= before + slack, (name, values, moved)


def test_trends_are_not_vacuous():
    """The monotonicity test above must be able to fail: a wrong declared trend is caught on a plain example."""
    b = get("pensia2020.width")
    small = b(d_in=10, d_out=10, l=1, eps=0.1, delta=0.1, C=1)
    large = b(d_in=10, d_out=10, l=1, eps=0.01, delta=0.1, C=1)
    assert large > small and b.trends["eps"] == -1


# ---------------------------------------------------------------------- solve_for
# existence_probability saturates at 0 and 1 over most of the space: it has its own test below
SOLVABLE = [(i, v) for i in ids() for v in get(i).trends if i != "fischer2022.existence_probability"]


@pytest.mark.parametrize("ident, name", SOLVABLE)
@settings(max_examples=examples(8), suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_solve_for_inverts_evaluation(ident, name, data):
    b = get(ident)
    values = point_strategy(b, data)
    # keep min(eps, delta) strictly on eps's or delta's side so the bound depends on the unknown
    if {"eps", "delta"} <= set(b.variables) and name in ("eps", "delta"):
        other = "delta" if name == "eps" else "eps"
        values[other] = min(0.9, max(values[other], values[name] * 10))
        assume(values[name] * 10 <= 0.9)
    assume(in_domain(b, values))
    goal = b(**values)
    assume(math.isfinite(goal) and goal > 0)
    if b.implicit is not None:
        lower = float(sp.lambdify(list(b.symbols.values()), b.implicit.lower)(*[values[v] for v in b.variables]))
        assume(goal > lower * (1 + 1e-6))           # not clipped at the smallest admissible value
    given_values = {k: v for k, v in values.items() if k != name}
    try:
        solved = b.solve_for(name, **{b.target_name: goal}, **given_values)
    except BoundsInputError as error:
        # a flat or non-monotone stretch is reported, never silently resolved
        assert "no unique" in str(error) or "not monotone" in str(error)
        assume(False)
    assert b(**dict(given_values, **{name: solved})) == pytest.approx(goal, rel=1e-7)


def test_solve_for_a_probability():
    b = get("fischer2022.existence_probability")
    n0 = b.solve_for("n0", probability=0.9, eps_l=0.5, k=2, n=10, l=3)
    assert (1 - 10 * 0.75 ** n0) ** 3 == pytest.approx(0.9, rel=1e-12)
    eps_l = b.solve_for("eps_l", probability=0.5, k=3, n=20, n0=500, l=2)
    assert (1 - 20 * (1 - eps_l ** 3) ** 500) ** 2 == pytest.approx(0.5, rel=1e-10)


def test_solve_for_finds_a_root_on_the_domain_boundary():
    """sparse_width's domain needs l d_in d_out gamma / (rho eps) >= 1; the root can sit on that boundary."""
    b = get("natale2024.sparse_width")
    at = dict(l=1, d_in=1, d_out=1, gamma=math.exp(-1), rho=1, c_amp=1)
    goal = b(eps=math.exp(-1), **at)
    assert b.solve_for("eps", n_star=goal, **at) == pytest.approx(math.exp(-1), rel=1e-12)


def test_solve_for_the_issue_example():
    b = get("pensia2020.width")
    eps = b.solve_for("eps", width=5000, d_in=100, d_out=100, l=5, delta=0.5, C=1)
    assert 100 * math.log(100 * 100 * 5 / eps) == pytest.approx(5000, rel=1e-12)


def test_solve_for_a_constant_gives_the_implied_constant():
    b = get("lueker1998.rss_samples")
    implied = b.solve_for("C", n=20, eps=1e-3)
    assert implied == pytest.approx(20 / math.log(2000), rel=1e-12)


def test_solve_for_reports_plateaus_and_impossible_values():
    b = get("pensia2020.width")
    at = dict(d_in=100, d_out=100, l=5, delta=0.01, C=1)
    flat = b(eps=0.01, **at)
    with pytest.raises(BoundsInputError, match="no unique eps"):
        b.solve_for("eps", width=flat, **at)
    with pytest.raises(BoundsInputError, match="no eps with 0 < eps < 1 gives width = 1 "):
        b.solve_for("eps", width=1, **at)
    with pytest.raises(BoundsInputError, match="cannot solve"):
        b.solve_for("width", **at)
    with pytest.raises(BoundsInputError, match="missing value for width"):
        b.solve_for("eps", **at)


# ---------------------------------------------------------------------- empirical constants
def test_empirical_constants_are_kept_apart_and_labelled():
    b = get("pensia2020.width")
    e = b.with_empirical(C=0.8, evidence="slth ticket, 200 trials")
    assert b.empirical == {} and "C" in e.empirical           # the catalog's object is unchanged
    assert e.constant("C").value is None                     # the source still gives no value
    evaluation = e.evaluate(d_in=100, d_out=100, l=5, eps=0.01, delta=0.01)
    assert evaluation.constants["C"] == {"value": 0.8, "origin": "empirical", "evidence": "slth ticket, 200 trials"}
    assert evaluation.uses_empirical
    assert evaluation.value == pytest.approx(0.8 * 100 * math.log(5e6), rel=1e-14)
    assert "EMPIRICAL value 0.8" in repr(e) and "no value given by the source" in repr(e)
    document = json.loads(json.dumps(e.as_dict()))
    assert document["empirical_constants"]["C"]["origin"] == "empirical"
    assert document["constants"][0]["value"] is None
    # a value passed at the call wins, and is labelled as given
    given_value = e.evaluate(d_in=100, d_out=100, l=5, eps=0.01, delta=0.01, C=1.0)
    assert given_value.constants["C"]["origin"] == "given" and not given_value.uses_empirical


def test_with_empirical_refuses_bad_input():
    b = get("pensia2020.width")
    with pytest.raises(BoundsInputError, match="evidence"):
        b.with_empirical(C=1.0, evidence=" ")
    with pytest.raises(BoundsInputError, match="has no constant 'K'"):
        b.with_empirical(K=1.0, evidence="x")
    with pytest.raises(BoundsInputError, match="must be > 0"):
        b.with_empirical(C=-1.0, evidence="x")


# ---------------------------------------------------------------------- LaTeX and display
@pytest.mark.parametrize("ident", list(ids()))
def test_latex_is_sympys_and_shows_every_symbol(ident):
    b = get(ident)
    text = b.latex()
    assert text == sp.latex(b.statement)
    for s in b.statement.free_symbols:
        assert sp.latex(s) in text
    assert b.as_dict()["latex"] == text
    assert "⎝" in b.pretty() or "≥" in b.pretty() or "≤" in b.pretty()


def test_latex_of_pensias_width_is_the_expected_formula():
    """A hand-written expectation, so a change in the expression or its symbols shows."""
    assert get("pensia2020.width").latex() == (
        r"width \geq C d_{in} \log{\left(\frac{d_{in} d_{out} l}{\min\left(\delta, \epsilon\right)} \right)}")
    assert get("counting.rss_samples").latex() == r"n \geq \operatorname{log}_{2}{\left(\frac{L}{2 \epsilon} \right)}"


def test_as_dict_is_json():
    for ident in ids():
        document = json.loads(json.dumps(get(ident).as_dict(), allow_nan=False))
        assert document["id"] == ident


# ---------------------------------------------------------------------- refusals
@pytest.mark.parametrize("values, message", [
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": -1, "delta": 0.1, "C": 1}, "eps = -1 is outside the domain"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": 0, "delta": 0.1, "C": 1}, "eps = 0 is outside the domain"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": 0.1, "delta": 1, "C": 1}, "delta = 1 is outside the domain"),
    ({"d_in": 100, "d_out": 100, "l": 0.5, "eps": 0.1, "delta": 0.1, "C": 1}, "l = 0.5 is outside the domain"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": 0.1, "C": 1}, "missing value for delta"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": 0.1, "delta": 0.1, "C": 1, "x": 2}, "unknown name 'x'"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": 0.1, "delta": 0.1}, "needs a value for the constant C"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": "0.1", "delta": 0.1, "C": 1}, "is not a number"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": sp.Symbol("e"), "delta": 0.1, "C": 1}, "is not a number"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": float("nan"), "delta": 0.1, "C": 1}, "must be finite"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": [0.1, -0.1], "delta": 0.1, "C": 1}, "eps = -0.1 is outside"),
    ({"d_in": 100, "d_out": 100, "l": 5, "eps": 0.1, "delta": 0.1, "C": 0}, "constant C = 0 must be > 0"),
])
def test_bad_input_is_refused_with_one_clear_line(values, message):
    with pytest.raises(BoundsInputError) as error:
        get("pensia2020.width")(**values)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_cross_variable_domain_conditions_are_enforced():
    with pytest.raises(BoundsInputError, match=r"i = 5, l = 3 is outside the domain .* it needs i ≤ l"):
        get("fischer2022.error_propagation")(eps=0.1, l=3, i=5, n=4, k=4, x_norm=1, w_norm=1)
    with pytest.raises(BoundsInputError, match="eps = 0.1 is outside the domain .* eps < 1/16"):
        get("natale2024.lower_sparse")(d=4, k=10, eps=0.1)
