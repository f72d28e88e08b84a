"""Evidence and the claim-level rule: p-values against scipy and simulation, Holm against its definition, power."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from verify import stats
from verify.compare import (
    BoundValue,
    Measurement,
    combine,
    counterexample_measurement,
    decide_family,
    judge,
    mean_measurement,
    probability_measurement,
)
from verify.evidence import Binomial, Bootstrap, Counterexamples, TMean


# -------------------------------------------------------------------------------------------------------- Holm
def holm_by_definition(p):
    """Reject H_(1..k) for the largest k with p_(j) <= alpha / (m - j + 1) for all j <= k; the adjusted p-value of
    H_i is the smallest alpha at which it is rejected (searched over every candidate alpha)."""
    m = len(p)
    candidates = sorted({min(1.0, (m - j) * q) for j, q in enumerate(sorted(p))} | {1.0})
    order = sorted(range(m), key=lambda i: p[i])
    adjusted = [1.0] * m
    for alpha in reversed(candidates):
        for rank, i in enumerate(order):
            if p[i] * (m - rank) > alpha * (1 + 1e-12):
                break
            adjusted[i] = alpha
    return adjusted


@settings(max_examples=300)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=8))
def test_holm_matches_its_definition(p):
    np.testing.assert_allclose(stats.holm(p), holm_by_definition(p), rtol=0, atol=1e-12)


def test_holm_refuses_what_is_not_a_p_value():
    with pytest.raises(ValueError, match="p-values"):
        stats.holm([0.1, 1.5])


# -------------------------------------------------------------------------------------------------------- evidence
@pytest.mark.parametrize("k, n, t", [(0, 10, 0.1), (7, 10, 0.5), (10, 10, 0.9), (299, 300, 0.99), (3, 50, 0.05)])
def test_binomial_p_values_are_scipys_exact_tests(k, n, t):
    evidence = Binomial(k, n)
    assert evidence.p_above(t) == pytest.approx(sps.binomtest(k, n, t, alternative="greater").pvalue, rel=1e-12)
    assert evidence.p_below(t) == pytest.approx(sps.binomtest(k, n, t, alternative="less").pvalue, rel=1e-12)


@pytest.mark.parametrize("n, t, side", [(50, 0.5, "above"), (200, 0.1, "below"), (300, 0.95, "below"),
                                        (25, 0.05, "above")])
def test_binomial_detectable_shift_has_the_stated_power_and_no_more(n, t, side):
    level, power = 0.025, 0.8
    delta = Binomial(0, n).detectable(t, side, level, power)
    sign = 1 if side == "above" else -1

    def rejection_probability(p):
        ks = np.arange(n + 1)
        rejects = [(sps.binomtest(k, n, t, alternative="greater" if side == "above" else "less").pvalue <= level)
                   for k in ks]
        return float(sps.binom.pmf(ks, n, p)[rejects].sum())

    assert rejection_probability(t + sign * delta) >= power - 1e-9
    assert rejection_probability(t + sign * delta * 0.97) < power


def test_unit_mean_is_the_one_sample_t_test():
    values = np.array([0.3, -0.1, 0.4, 0.25, 0.1, 0.05])
    evidence = stats.unit_mean(values)
    for t in (-0.2, 0.0, 0.1, 0.5):
        assert evidence.p_above(t) == pytest.approx(sps.ttest_1samp(values, t, alternative="greater").pvalue)
        assert evidence.p_below(t) == pytest.approx(sps.ttest_1samp(values, t, alternative="less").pvalue)


def test_crossed_mean_covers_the_true_mean_under_both_sources_of_noise():
    """Trials and test examples crossed: v[t, n] = mu + a_t + b_n + e_tn.  Ignoring the example effects (as an
    interval over trials alone does) undercovers; the crossed variance covers at >= the nominal rate."""
    generator = np.random.default_rng(7)
    mu, trials, examples, repeats = 0.2, 5, 300, 400
    covered_crossed = covered_trials_only = 0
    for _ in range(repeats):
        v = (mu + generator.normal(0, 0.02, (trials, 1)) + generator.normal(0, 0.5, (1, examples))
             + generator.normal(0, 0.3, (trials, examples)))
        low, high = stats.crossed_mean(v).interval(0.95)
        covered_crossed += low <= mu <= high
        low, high = stats.unit_mean(v.mean(axis=1)).interval(0.95)
        covered_trials_only += low <= mu <= high
    assert covered_crossed / repeats >= 0.93
    assert covered_trials_only / repeats < 0.80


def test_bootstrap_p_values_invert_the_percentile_interval():
    replicates = np.random.default_rng(3).normal(1.0, 0.2, 4000)
    evidence = Bootstrap(1.0, replicates, units=20)
    low, high = evidence.interval(0.95)
    assert evidence.p_above(low - 1e-9) <= 0.0255 and evidence.p_above(low + 0.02) > 0.025
    assert evidence.p_below(high + 1e-9) <= 0.0255 and evidence.p_below(high - 0.02) > 0.025
    assert evidence.detectable(1.0, "above", 0.025) == pytest.approx((1.96 + 0.8416) * 0.2, rel=0.05)


def test_counterexamples_refute_with_one_and_support_with_none():
    assert Counterexamples(1, 300).p_above(0.0) == 0.0 and Counterexamples(1, 300).p_below(0.0) == 1.0
    assert Counterexamples(0, 300).p_below(0.0) == 0.0 and Counterexamples(0, 300).p_above(0.0) == 1.0
    f = Counterexamples(0, 300).detectable(0.0, "above", 0.025)
    assert 1 - (1 - f) ** 300 == pytest.approx(0.8)


def test_t_evidence_detectable_matches_the_textbook_formula():
    evidence = TMean(0.0, 0.1, 4.0, 5)
    expected = (sps.t.ppf(0.975, 4) + sps.t.ppf(0.8, 4)) * 0.1
    assert evidence.detectable(0.0, "above", 0.025) == pytest.approx(expected)


# -------------------------------------------------------------------------------------------------------- the rule
def _bound(kind="lower", value=0.0, margin=0.0):
    return BoundValue(id="b", kind=kind, value=value, confidence_tag="derived", margin=margin)


def test_margin_moves_the_threshold_in_the_claims_favour():
    m = mean_measurement("q", TMean(-0.005, 0.001, 4.0, 5))
    assert judge("c", m, _bound("lower", 0.0)).outcome == "violated"           # q >= 0: clearly not
    assert judge("c", m, _bound("lower", 0.0, margin=0.01)).outcome == "holds"  # q >= -0.01: yes
    assert _bound("upper", 1.0, margin=0.5).threshold == 1.5


def test_point_values_and_too_few_units_are_insufficient():
    m = mean_measurement("q", TMean(5.0, 0.01, 2.0, 3))
    assert judge("c", m, _bound()).outcome == "holds"
    assert judge("c", m, _bound(), min_units=5).outcome == "insufficient"
    point = Measurement("q", 5.0, 5.0, 1.0, "one seed", details={"point_value": True})
    assert judge("c", point, _bound()).outcome == "insufficient"


def test_a_violation_must_survive_holm():
    # five comparisons; one has p_violated = 0.02 (violated alone at 0.025), the others hold nothing
    weak = [mean_measurement("q", TMean(-2.2, 1.0, 1e6, 100)) for _ in range(1)]
    nulls = [mean_measurement("q", TMean(0.0, 1.0, 1e6, 100)) for _ in range(4)]
    verdicts = [judge("c", m, _bound()) for m in weak + nulls]
    assert verdicts[0].outcome == "violated"
    family = decide_family(verdicts)
    assert family[0].outcome == "inconclusive" and family[0].p_violated_adjusted == pytest.approx(
        5 * verdicts[0].p_violated)
    strong = judge("c", mean_measurement("q", TMean(-5.0, 1.0, 1e6, 100)), _bound())
    assert decide_family([strong] + verdicts[1:])[0].outcome == "violated"


@pytest.mark.parametrize("outcomes, expected", [
    (("holds",), "holds"), (("holds", "holds"), "holds"), ((), "inconclusive"),
    (("holds", "inconclusive"), "inconclusive"), (("holds", "insufficient"), "insufficient"),
    (("violated", "insufficient"), "violated"), (("inconclusive", "insufficient"), "insufficient"),
    (("violated", "holds"), "violated")])
def test_combine_is_the_rule_of_the_docstring(outcomes, expected):
    class V:
        def __init__(self, outcome):
            self.outcome = outcome

    assert combine([V(o) for o in outcomes]) == expected


def test_combine_by_exhaustion_against_the_stated_rule():
    class V:
        def __init__(self, outcome):
            self.outcome = outcome

    kinds = ("holds", "violated", "inconclusive", "insufficient")
    for size in range(0, 4):
        for outcomes in itertools.product(kinds, repeat=size):
            if "violated" in outcomes:
                expected = "violated"
            elif outcomes and all(o == "holds" for o in outcomes):
                expected = "holds"
            elif "insufficient" in outcomes:
                expected = "insufficient"
            else:
                expected = "inconclusive"
            assert combine([V(o) for o in outcomes]) == expected


def test_severity_reads_weak_for_a_small_sample():
    small = judge("c", probability_measurement("p", 10, 10), _bound("lower", 0.5))
    large = judge("c", probability_measurement("p", 1000, 1000), _bound("lower", 0.5))
    assert small.outcome == large.outcome == "holds"
    assert small.severity["detectable_violation"] > 5 * large.severity["detectable_violation"]
    assert math.isclose(small.severity["power"], 0.8)


def test_counterexample_measurement_decides_a_deterministic_statement():
    none = judge("c", counterexample_measurement("f", 0, 300), _bound("upper", 0.0))
    one = judge("c", counterexample_measurement("f", 1, 300), _bound("upper", 0.0))
    assert (none.outcome, one.outcome) == ("holds", "violated")
