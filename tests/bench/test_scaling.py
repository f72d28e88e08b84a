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


def _order_statistic_interval(values, confidence=0.90):
    """The narrowest interval [x_(k), x_(n+1-k)] whose binomial coverage is at least ``confidence``, or None."""
    ordered = sorted(values)
    n = len(ordered)
    best = None
    for k in range(1, n // 2 + 1):
        coverage = sum(math.comb(n, i) * 0.5**n for i in range(k, n - k + 1))
        if coverage >= confidence:
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


@settings(max_examples=300, deadline=None)
@given(ratios)
def test_met_exactly_when_the_interval_lies_above_the_target_and_not_met_when_below(values):
    judged = judge_scaling(values)
    low, high = _order_statistic_interval(values) or (None, None)
    assert (judged["verdict"] == "met") == (low is not None and low > SCALING_TARGET)
    assert (judged["verdict"] == "not met") == (high is not None and high < SCALING_TARGET)


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
    # the deciding run of 2026-12-02 (12 pairs, one thread first in each): undecided, 5 above and 7 below
    deciding = [1.748, 1.795, 1.608, 1.556, 1.818, 1.809, 1.664, 1.844, 1.812, 1.773, 1.586, 1.910]
    assert {k: judge_scaling(deciding)[k] for k in ("verdict", "above", "below", "interval", "needed")} == {
        "verdict": "undecided", "above": 5, "below": 7, "interval": [1.608, 1.818], "needed": 10}
    # a ratio exactly at the target counts against both decisions
    assert judge_scaling([1.8] * 10)["verdict"] == "undecided"
    assert judge_scaling([1.9, 1.85, 1.95, 1.82])["verdict"] == "undecided"   # four can never decide
    assert "can never decide" in describe(judge_scaling([1.9, 1.85]))
    assert "7 of 8 on one side were needed" in describe(judged)


@pytest.mark.parametrize("bad", [[], [float("nan")], [0.0], [-1.5], [float("inf")]])
def test_bad_ratios_are_refused(bad):
    with pytest.raises(ValueError, match="ratios must be"):
        judge_scaling(bad)


def test_the_bench_alternates_the_order_and_judges_unrounded_ratios_of_the_registered_setup(monkeypatch):
    """`_scaling` with scripted processes: which command ran in which order, which times make which ratio, and
    that only two threads at 600 paths are judged."""
    import json

    from verify.bench import rss

    order = []
    script = {1: iter([10.0, 10.0, 10.0, 10.0, 10.0]), 2: iter([5.5548, 5.5548, 5.5548, 5.5548, 5.5548])}

    def fake(argv):
        threads = int(argv[argv.index("--threads") + 1])
        order.append(threads)
        wall = next(script[threads])
        return wall, 0, json.dumps({"seconds": wall - (0.5 if threads == 1 else 0.4)})

    monkeypatch.setattr(rss, "_run_measured", fake)
    result = rss._scaling(2, 600, 0, 5)
    assert order == [1, 2, 2, 1, 1, 2, 2, 1, 1, 2]
    assert result["whole_process"]["ratios"] == [1.8] * 5          # 10 / 5.5548 = 1.80024, rounded to 1.800
    assert result["whole_process_target"]["above"] == 5             # judged unrounded: all five above 1.8
    assert result["whole_process_target"]["verdict"] == "met"
    assert result["kernel"]["ratios"] == [round(9.5 / 5.1548, 3)] * 5  # the run's own seconds, not the wall time
    assert result["kernel_target"]["median"] == round(9.5 / 5.1548, 3)
    script = {1: iter([10.0] * 5), 2: iter([5.0] * 5)}
    assert "whole_process_target" not in rss._scaling(2, 300, 0, 5)  # not the registered setup
    script = {1: iter([10.0] * 5), 2: iter([5.0] * 5)}
    stricter = rss._scaling(2, 600, 0, 5, level=0.01)  # a later look: all five above give p = 1/32 > 0.01
    assert stricter["whole_process_target"]["level"] == 0.01
    assert stricter["whole_process_target"]["verdict"] == "undecided"
    assert stricter["whole_process_target"]["needed"] is None
    assert len(stricter["load_average_before"]) == len(stricter["load_average_after"]) == 3


_CPUINFO = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 1
model name\t: AMD EPYC 7B13
flags\t\t: fpu vme model

processor\t: 1
cpu family\t: 26
model\t\t: 2
model name\t: Other
"""


def test_the_host_is_read_from_the_first_processor_of_cpuinfo():
    from verify.bench.host import first_processor, host_line

    assert first_processor(_CPUINFO) == {"cpu_family": "25", "cpu_model": "1", "cpu_model_name": "AMD EPYC 7B13"}
    assert first_processor("") == {}
    line = host_line({"cpu_model_name": "AMD EPYC 7B13", "cpu_family": "25", "cpu_model": "1",
                      "machine": "x86_64", "usable_cpus": 2, "load_average": [0.5, 0.2, 0.1]})
    assert line == "host: AMD EPYC 7B13 (family 25, model 1), x86_64, 2 usable CPUs, load 0.50"
    assert host_line({"cpu_model_name": None, "cpu_family": None, "cpu_model": None, "machine": "arm64",
                      "usable_cpus": 8, "load_average": None}) == "host: unknown processor, arm64, 8 usable CPUs"
