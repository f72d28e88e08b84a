"""compare, consistency_constant and derived_facts: every symbolic limit against an independent numeric computation."""

import math

import numpy as np
import pytest
import sympy as sp
from bounds_oracles import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from bounds import BoundsInputError, compare, consistency_constant, derived_facts, get

AT = {"l": 1, "eps": 0.01, "delta": 0.01}


def pensia_width(d, l, eps, delta, C=1.0):
    return C * d * math.log(d * d * l / min(eps, delta))


def lower_width(d, eps):
    return (d * d * math.log2(1 / (2 * eps)) - 1) / (2 * d)


def malach_width(d, l, eps, C=1.0):
    return C * d ** 5 * l ** 2 / eps ** 2


# ---------------------------------------------------------------------- Pensia / Malach -> 0
def test_pensia_over_malach_tends_to_zero_symbolically_and_numerically():
    c = compare("pensia2020.width", "malach2020.width", var="d")         # every other symbol left free
    assert c.limit.limit == 0 and c.limit.agrees
    # independent check with plain floats at the numeric check's reference values
    ratios = [pensia_width(d, 10, 0.01, 0.01) / malach_width(d, 10, 0.01) for d in (1e2, 1e4, 1e8, 1e16)]
    assert all(b < a for a, b in zip(ratios, ratios[1:])) and ratios[-1] < 1e-60
    np.testing.assert_allclose(c.limit.values[:4], ratios, rtol=1e-12)
    assert "square layers d_in = d_out = d in pensia2020.width" in c.assumptions
    assert c.order.power == -4 and c.order.log_power == 1


def test_constants_of_different_bounds_stay_different():
    c = compare("pensia2020.width", "malach2020.width", var="d", at={"l": 2, "eps": 0.1, "delta": 0.1})
    names = {s.name for s in c.ratio.free_symbols}
    assert {"C[pensia2020.width]", "C[malach2020.width]"} <= names
    assert c.crossovers is None and "C[malach2020.width]" in c.crossover_note


# ---------------------------------------------------------------------- Pensia upper / lower = Theta(log d)
def test_pensia_over_lower_width_is_theta_log_d():
    c = compare("pensia2020.width", "pensia2020.lower_width", var="d", at=AT)
    assert c.limit.limit == sp.oo and c.limit.agrees
    assert (c.order.power, c.order.log_power) == (0, 1)
    C = sp.Symbol("C[pensia2020.width]", positive=True)
    coefficient = c.order.coefficient.limit
    # by hand: C d (2 ln d + ln 100) / (d log2(50) / 2) / ln d  ->  4 C / log2(50)
    assert float(coefficient.subs(C, 1)) == pytest.approx(4 / math.log2(50), rel=1e-14)
    assert c.order.coefficient.agrees
    # independent float check of the ratio / log d at a huge d
    d = 1e150
    assert pensia_width(d, 1, 0.01, 0.01) / lower_width(d, 0.01) / math.log(d) == pytest.approx(
        4 / math.log2(50), rel=0.01)


def test_order_at_symbolic_eps_is_stated_in_eps():
    c = compare("pensia2020.width", "pensia2020.lower_width", var="d", at={"l": 1})
    eps = get("pensia2020.width").symbols["eps"]
    C = sp.Symbol("C[pensia2020.width]", positive=True)
    coefficient = c.order.coefficient.limit
    for e in (0.3, 0.01, 1e-6):
        assert float(coefficient.subs({C: 1, eps: e})) == pytest.approx(4 * math.log(2) / math.log(1 / (2 * e)),
                                                                       rel=1e-12)


# ---------------------------------------------------------------------- crossovers
def test_crossover_of_lueker_and_the_counting_floor():
    c = compare("lueker1998.rss_samples", "counting.rss_samples", var="eps", at={"L": 2}, constants={"C": 1})
    # by hand: ln(2/eps) = log2(1/eps)  <=>  ln(1/eps) = ln 2 / (1/ln 2 - 1)
    expected = math.exp(-math.log(2) / (1 / math.log(2) - 1))
    assert [x.at for x in c.crossovers] == [pytest.approx(expected, rel=1e-12)]
    assert c.crossovers[0].larger_after == "lueker1998.rss_samples"
    assert c.larger_at_start == "counting.rss_samples"
    assert c.limit.limit == sp.log(2) and c.limit.agrees


@settings(max_examples=examples(6))
@given(C=st.floats(0.2, 5.0), l=st.integers(1, 5))
def test_crossovers_are_where_the_bounds_are_equal(C, l):
    c = compare("pensia2020.width", "malach2020.width", var="d", at={"l": l, "eps": 0.5, "delta": 0.5},
                constants={"pensia2020.width:C": C, "malach2020.width:C": 1e-3})
    for x in c.crossovers:
        assert pensia_width(x.at, l, 0.5, 0.5, C) == pytest.approx(malach_width(x.at, l, 0.5, 1e-3), rel=1e-8)
    # brute force on a fine grid: the number of sign changes equals the number of crossovers found
    grid = np.geomspace(1, 1e6, 50_001)
    diff = C * grid * np.log(grid * grid * l / 0.5) - 1e-3 * grid ** 5 * l ** 2 / 0.25
    assert len(c.crossovers) == int(np.count_nonzero(np.diff(np.sign(diff)) != 0))


# ---------------------------------------------------------------------- consistency constants
def test_pensias_constant_must_be_at_least_one_over_two_ln2():
    fact = consistency_constant("pensia2020.width", "pensia2020.lower_width",
                                over={"d": (1, math.inf), "eps": (0, 0.5)}, at={"l": 1},
                                tie={"delta": "eps", "d_in": "d", "d_out": "d"})
    assert fact.value == pytest.approx(1 / (2 * math.log(2)), rel=1e-14)
    assert fact.exact == 1 / (2 * sp.log(2)) and not fact.attained and "eps → 0+" in fact.where
    # the claim, checked directly: with C = value the upper bound is above the lower one on random points ...
    rng = np.random.default_rng(0)
    d = np.exp(rng.uniform(0, math.log(1e6), 20_000))
    eps = np.exp(rng.uniform(math.log(1e-300), math.log(0.5), 20_000))
    upper = fact.value * d * (2 * np.log(d) - np.log(eps))
    lower = (d * d * np.log2(1 / (2 * eps)) - 1) / (2 * d)
    assert np.all(upper >= lower)
    # ... and any smaller C fails somewhere (the supremum is approached as eps -> 0+ at d = 1)
    smaller = 0.99 * fact.value
    assert smaller * 1 * math.log(1 / 1e-300) < (math.log2(1 / 2e-300) - 1) / 2


def test_luekers_constant_must_be_at_least_one_over_ln2():
    fact = consistency_constant("lueker1998.rss_samples", "counting.rss_samples", over={"eps": (0, 1)},
                                at={"L": 2})
    assert fact.value == pytest.approx(1 / math.log(2), rel=1e-14)
    eps = np.geomspace(1e-300, 1 - 1e-12, 10_001)
    assert np.all(fact.value * np.log(2 / eps) >= np.log2(1 / eps))
    assert 0.99 * fact.value * math.log(2 / 1e-300) < math.log2(1e300)


def test_consistency_refuses_wrong_arguments():
    with pytest.raises(BoundsInputError, match="needs an upper and a lower bound"):
        consistency_constant("counting.rss_samples", "lueker1998.rss_samples", over={"eps": (0, 1)}, at={"L": 2})
    with pytest.raises(BoundsInputError, match="fix or tie"):
        consistency_constant("pensia2020.width", "pensia2020.lower_width", over={"d": (1, math.inf)}, at={"l": 1})


# ---------------------------------------------------------------------- derived facts
def test_derived_facts_are_computed_and_match_closed_forms():
    facts = {f.name: f for f in derived_facts()}
    assert facts["pensia2020.width / malach2020.width"].value == 0.0
    assert "agrees" in facts["pensia2020.width / malach2020.width"].numeric_check
    order = facts["pensia2020.width over the depth-2 lower bound"]
    assert order.value == pytest.approx(4 / math.log2(50), rel=1e-14)
    assert "Θ(log(d))" in order.statement
    consistency = [f for f in facts.values() if f.name.startswith("consistency")]
    assert sorted(round(f.value, 12) for f in consistency) == sorted(
        round(v, 12) for v in (1 / (2 * math.log(2)), 1 / math.log(2), 1 / math.log(2)))
    assert all(f.confidence == "derived" for f in facts.values())
    # a fact computed from a [recalled] bound says so
    assert facts["pensia2020.width / malach2020.width"].as_dict()["rests_on_recalled"]
    assert "pensia2020.width [recalled, width corroborated]  RECALLED" in order.describe()
    assert not facts["consistency of lueker1998.rss_samples with counting.rss_samples"].as_dict()["rests_on_recalled"]


# ---------------------------------------------------------------------- refusals
@pytest.mark.parametrize("kwargs, message", [
    (dict(first="pensia2020.width", second="malach2020.width", var="k"), "has no variable 'k'"),
    (dict(first="pensia2020.width", second="malach2020.width", var="d", at={"zz": 1}), "unknown name 'zz'"),
    (dict(first="pensia2020.width", second="malach2020.width", var="d", at={"eps": 2}), "eps = 2 is outside"),
    (dict(first="pensia2020.width", second="malach2020.width", var="d", at={"eps": "0.1"}), "must be a finite"),
    (dict(first="pensia2020.width", second="malach2020.width", var="d", constants={"K": 1}), "unknown constant"),
    (dict(first="pensia2020.width", second="malach2020.width", var="d", constants={"C": -1}), "must be a finite"),
    (dict(first="natale2024.sparse_width", second="pensia2020.width", var="d_in"), "give a value for l"),
    (dict(first="natale2024.sparse_width", second="pensia2020.width", var="d",
          at={"l": 2, "eps": 0.01, "delta": 0.01, "gamma": 0.1, "rho": 2}, constants={"C": 1}),
     "needs a value for the constant c_amp"),
    (dict(first="pensia2020.width", second="pensia2020.width", var="d"), "two different bounds"),
    (dict(first="pensia2020.widht", second="malach2020.width", var="d"), "did you mean"),
])
def test_compare_refuses_bad_input(kwargs, message):
    with pytest.raises(BoundsInputError, match=message):
        compare(**kwargs)


# ---------------------------------------------------------------------- implicit bounds: a numeric comparison
NATALE_AT = {"l": 2, "eps": 0.01, "delta": 0.01, "gamma": 0.1, "rho": 2}


def test_an_implicit_bound_is_compared_by_its_own_values():
    c = compare("natale2024.sparse_width", "pensia2020.width", var="d", at=NATALE_AT, constants={"C": 1, "c_amp": 1})
    assert c.as_dict()["method"] == "numeric" and c.as_dict()["limit"] is None
    natale, pensia = get("natale2024.sparse_width"), get("pensia2020.width")
    for i in (0, 60, 120, 240):
        d = float(c.points[i])
        # each bound evaluated on its own, one point at a time (square layers, the other variables as given)
        first = natale(d_in=d, d_out=d, l=2, eps=0.01, gamma=0.1, rho=2, c_amp=1)
        second = pensia(d_in=d, d_out=d, l=2, eps=0.01, delta=0.01, C=1)
        assert c.ratios[i] == pytest.approx(first / second, rel=1e-12)
    assert len(c.crossovers) == 1
    x, larger = c.crossovers[0]
    gap = natale(d_in=x, d_out=x, l=2, eps=0.01, gamma=0.1, rho=2, c_amp=1) - pensia(d_in=x, d_out=x, l=2, eps=0.01,
                                                                                   delta=0.01, C=1)
    assert abs(gap) < 1e-6 * pensia(d_in=x, d_out=x, l=2, eps=0.01, delta=0.01, C=1)
    after = 1.01 * x
    assert (natale(d_in=after, d_out=after, l=2, eps=0.01, gamma=0.1, rho=2, c_amp=1)
            < pensia(d_in=after, d_out=after, l=2, eps=0.01, delta=0.01, C=1)) == (larger == "pensia2020.width")
    assert c.larger_at_start == "natale2024.sparse_width"
    # the trend is the least-squares slope of log(ratio) against log(d) over the last decade
    last = c.points >= c.points[-1] / 10
    slope = np.polyfit(np.log(c.points[last]), np.log(c.ratios[last]), 1)[0]
    assert c.end_slope == pytest.approx(slope) and -1.1 < c.end_slope < -0.8
    assert "numeric, not a limit" in c.describe() and "(RECALLED)" in c.describe()


def test_two_implicit_bounds_along_eps_and_a_range_outside_the_domain():
    c = compare("natale2024.rfss_fixed_target", "counting.rss_fixed_size", var="eps", at={"k": 5},
                constants={"c_hyp": 1, "c_thm": 1}, search=(1e-6, 0.5))
    direct = get("counting.rss_fixed_size")(k=5, eps=c.points)
    assert np.allclose(c.second_values, direct, rtol=1e-12)
    assert all(c.points[0] <= x <= c.points[-1] for x, _ in c.crossovers)
    with pytest.raises(BoundsInputError, match="search range"):
        compare("natale2024.rfss_fixed_target", "counting.rss_fixed_size", var="eps", at={"k": 5},
                constants={"c_hyp": 1, "c_thm": 1}, search=(0.5, 0.1))
