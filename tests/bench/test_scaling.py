"""The scaling target's sign test against a brute-force binomial and order-statistic oracle, on random ratio sets."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.bench.scaling import SCALING_TARGET, describe, judge_scaling, pairs_needed


def _tail(n: int, k: int) -> float:
    """P(Bin(n, 1/2) >= k) by summing the probabilities one by one."""
    return sum(math.comb(n, i) * 0.5**n for i in range(n + 1) if i >= k)


def _oracle(values, target, level):
    above = sum(v > target for v in values)
    below = sum(v < target for v in values)
    # H1 median > target: too few ratios at or below the target; H1 median < target: too few at or above it
    p_met = _tail(len(values), len(values) - sum(v <= target for v in values))
    p_not_met = _tail(len(values), len(values) - sum(v >= target for v in values))
    verdict = "met" if p_met <= level else "not met" if p_not_met <= level else "undecided"
    return above, below, p_met, p_not_met, verdict


def _order_statistic_interval(values):
    """The widest-k interval [x_(k), x_(n+1-k)] whose binomial coverage is at least 95 %, or None."""
    ordered = sorted(values)
    n = len(ordered)
    best = None
    for k in range(1, n // 2 + 1):
        coverage = sum(math.comb(n, i) * 0.5**n for i in range(k, n - k + 1))
        if coverage >= 0.95:
            best = (ordered[k - 1], ordered[n - k])
    return best


ratios = st.lists(st.floats(1.2, 2.3, allow_nan=False).map(lambda v: round(v, 2)), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(ratios, st.sampled_from([0.05, 0.01]))
def test_the_verdict_and_p_values_agree_with_a_brute_force_sign_test(values, level):
    judged = judge_scaling(values, level=level)
    above, below, p_met, p_not_met, verdict = _oracle(values, SCALING_TARGET, level)
    assert (judged["above"], judged["below"], judged["verdict"]) == (above, below, verdict)
    assert judged["p_met"] == pytest.approx(p_met, abs=1e-4)
    assert judged["p_not_met"] == pytest.approx(p_not_met, abs=1e-4)


@settings(max_examples=300, deadline=None)
@given(ratios)
def test_the_interval_is_the_order_statistic_interval_and_holds_the_median(values):
    judged = judge_scaling(values)
    expected = _order_statistic_interval(values)
    if expected is None:
        assert judged["interval"] == [None, None]
    else:
        assert judged["interval"] == [round(expected[0], 3), round(expected[1], 3)]
        assert judged["interval"][0] <= judged["median"] <= judged["interval"][1]


def test_what_n_pairs_need_to_decide():
    assert [pairs_needed(n) for n in (1, 2, 3, 4)] == [None] * 4  # 2^-4 = 0.0625 > 0.05
    assert pairs_needed(5) == 5 and pairs_needed(6) == 6 and pairs_needed(8) == 7
    for n in range(5, 40):
        k = pairs_needed(n)
        assert _tail(n, k) <= 0.05 < _tail(n, k - 1)


def test_measured_series_are_decided_as_a_referee_would():
    # today's eight pairs of slth bench rss (2026-12-02, before the rule was written): seven below 1.8
    today = [1.739, 1.72, 1.691, 1.729, 1.875, 1.681, 1.613, 1.693]
    judged = judge_scaling(today)
    assert judged["verdict"] == "not met" and judged["p_not_met"] == pytest.approx(9 / 256, abs=1e-4)
    assert judge_scaling([1.9, 1.85, 1.95, 1.82, 1.88])["verdict"] == "met"   # five of five above: p = 1/32
    assert judge_scaling([1.9, 1.85, 1.95, 1.82])["verdict"] == "undecided"   # four can never decide
    assert "can never decide" in describe(judge_scaling([1.9, 1.85]))
    assert "7 of 8 on one side were needed" in describe(judged)


@pytest.mark.parametrize("bad", [[], [float("nan")], [0.0], [-1.5], [float("inf")]])
def test_bad_ratios_are_refused(bad):
    with pytest.raises(ValueError, match="ratios must be"):
        judge_scaling(bad)
