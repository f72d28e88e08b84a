"""The lottery-ticket claims: the median interval against brute-force enumeration, and verdicts on constructed
data whose answer is known (holds, violated, inconclusive; censoring; strictness; regression ratios)."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.claims import lth as C
from verify.compare import combine
from verify.errors import InvalidInput

# LeNet-like density sequence for 16 rounds of the digits schedule.
DENSITY = [(49_200 * 0.8 ** k + 1_000 * 0.9 ** k) / 50_200 for k in range(17)]


def coverage_by_enumeration(count, rank):
    """P(at least `rank` values on each side of the median) over all 2^count sign patterns."""
    good = sum(1 for signs in itertools.product((0, 1), repeat=count) if rank <= sum(signs) <= count - rank)
    return good / 2 ** count


@pytest.mark.parametrize("count", range(2, 13))
def test_order_statistic_coverage_equals_enumeration(count):
    for rank in range(1, (count + 1) // 2 + 1):
        assert C.order_statistic_coverage(count, rank) == pytest.approx(coverage_by_enumeration(count, rank),
                                                                        abs=1e-12)


def test_median_interval_for_five_and_ten_trials():
    five = C.median_interval([3.0, 1.0, 2.0, 5.0, 4.0])
    assert (five.low, five.high, five.median, five.rank) == (1.0, 5.0, 3.0, 1)
    assert five.confidence == pytest.approx(1 - 2 / 32)
    ten = C.median_interval(np.arange(10.0))
    assert (ten.low, ten.high, ten.rank) == (1.0, 8.0, 2)
    assert ten.confidence == pytest.approx(1 - 2 * 11 / 1024)
    with pytest.raises(InvalidInput):
        C.median_interval([1.0])


@given(st.lists(st.floats(-5, 5), min_size=2, max_size=30))
def test_median_interval_contains_the_sample_median_and_reaches_the_target_when_possible(values):
    interval = C.median_interval(values)
    assert interval.low <= interval.median <= interval.high
    if len(values) >= 5:
        assert interval.confidence >= C.TARGET_CONFIDENCE
        if interval.rank + 1 <= (len(values) + 1) // 2:  # the next narrower interval would miss the target
            assert C.order_statistic_coverage(len(values), interval.rank + 1) < C.TARGET_CONFIDENCE


def make_data(ticket_es, reinit_es, ticket_metric, reinit_metric, task="classification", last=3000):
    trials, levels = np.shape(ticket_es)
    arms = {"ticket": {"early_stop": ticket_es, "metric": ticket_metric},
            "reinit": {"early_stop": reinit_es, "metric": reinit_metric},
            "random_mask": {"early_stop": reinit_es, "metric": reinit_metric}}
    return {"task": task, "density": DENSITY[:levels], "last_evaluation": last, "trials": trials,
            "arms": {arm: {k: np.asarray(v, float).tolist() for k, v in a.items()} for arm, a in arms.items()}}


def flat(value, trials=5, levels=17):
    return np.full((trials, levels), value, float)


def test_faster_holds_is_violated_or_inconclusive_as_constructed():
    rng = np.random.default_rng(0)
    reinit = rng.integers(1000, 2000, (5, 17)).astype(float)
    acc = flat(0.97)
    holds = C.faster_than_reinit(make_data(np.round(0.5 * reinit), reinit, acc, acc))[0]
    assert holds.outcome == "holds" and holds.measurement.high < 1
    assert holds.measurement.details["levels"] == [1, 2, 3, 4, 5, 6, 7]  # P_m >= 21 %: 80 % ... 21.5 %
    violated = C.faster_than_reinit(make_data(np.round(1.5 * reinit), reinit, acc, acc))[0]
    assert violated.outcome == "violated" and violated.measurement.low > 1
    mixed = np.round(reinit * np.where(np.arange(5)[:, None] % 2 == 0, 0.5, 1.5))
    assert C.faster_than_reinit(make_data(mixed, reinit, acc, acc))[0].outcome == "inconclusive"
    # Equal iterations in every trial: "faster" is strict, so a ratio of exactly 1 breaks it.
    assert C.faster_than_reinit(make_data(reinit, reinit, acc, acc))[0].outcome == "violated"
    # An interval from just below 1 up to 1 exactly: not evidence of a speed-up either way.
    touching = reinit.copy()
    touching[:2] = np.round(0.9 * reinit[:2])
    assert C.faster_than_reinit(make_data(touching, reinit, acc, acc))[0].outcome == "inconclusive"
    # Four trials cannot give a 90 % interval: inconclusive even when all agree.
    assert C.faster_than_reinit(make_data(np.round(0.5 * reinit[:4]), reinit[:4], acc[:4],
                                          acc[:4]))[0].outcome == "inconclusive"


def test_faster_is_also_judged_against_the_dense_network():
    dense = np.array([1000.0, 1200.0, 900.0, 1100.0, 1000.0])
    ticket = np.repeat(dense[:, None], 17, axis=1) * 0.6
    ticket[:, 0] = dense
    acc = flat(0.97)
    # the reinit arm is exactly as fast as the ticket: the first (strict) comparison fails, the second one holds
    verdicts = C.faster_than_reinit(make_data(ticket, ticket, acc, acc))
    assert [v.outcome for v in verdicts] == ["violated", "holds"]
    assert "ES_dense" in verdicts[1].measurement.quantity
    assert verdicts[1].measurement.point == pytest.approx(0.6)
    slower = ticket * np.where(np.arange(17) > 0, 2.5, 1.0)
    assert C.faster_than_reinit(make_data(slower, slower, acc, acc))[1].outcome == "violated"


def test_censored_runs_make_the_speed_unmeasured():
    reinit = flat(2990.0)
    reinit[:, :] = 3000.0  # every reinit ends at the last evaluation
    verdict = C.faster_than_reinit(make_data(flat(1000.0), reinit, flat(0.9), flat(0.9)))[0]
    assert verdict.outcome == "inconclusive" and verdict.measurement.low is None
    assert verdict.measurement.details["pairs_censored"] == 35
    # Minimum at iteration 0 (no learning) is left out, not counted as infinitely fast.
    ticket = flat(1000.0)
    ticket[:, 1] = 0.0
    verdict = C.faster_than_reinit(make_data(ticket, flat(2000.0), flat(0.9), flat(0.9)))[0]
    assert verdict.measurement.details["pairs_excluded_minimum_at_iteration_0"] == 5
    assert verdict.measurement.point == pytest.approx(0.5)


def test_accuracy_claims_on_constructed_classification_data():
    dense = np.array([0.95, 0.96, 0.97, 0.955, 0.965])
    ticket = np.repeat(dense[:, None], 17, axis=1) + 0.002
    ticket[:, 0] = dense
    reinit = ticket - 0.01
    data = make_data(flat(1000.0), flat(1500.0), ticket, reinit)
    as_accurate = C.as_accurate_as_dense(data)
    assert [v.outcome for v in as_accurate] == ["holds", "holds"]
    assert as_accurate[0].measurement.point == pytest.approx(0.002)
    assert as_accurate[1].measurement.details["levels"] == [15]  # 3.86 % is the sparsest level >= 3.6 %
    degrades = C.reinit_degrades_earlier(data)
    assert [v.outcome for v in degrades] == ["holds", "holds", "holds"]
    assert degrades[0].measurement.details["levels"] == list(range(8, 17))  # 17.3 % ... 3.1 %
    assert degrades[2].measurement.point == pytest.approx(0.002)  # the ticket against the dense network
    worse = make_data(flat(1000.0), flat(1500.0), ticket - 0.02 * (np.arange(17) > 0), reinit + 0.05)
    assert [v.outcome for v in C.as_accurate_as_dense(worse)] == ["violated", "violated"]
    assert [v.outcome for v in C.reinit_degrades_earlier(worse)] == ["violated", "violated", "violated"]
    assert combine(C.evaluate(worse)) == "violated"


def test_regression_claims_use_mse_ratios():
    dense = np.array([1e-3, 2e-3, 1.5e-3, 1.2e-3, 0.8e-3])
    ticket = np.repeat(dense[:, None], 17, axis=1) * 0.9
    ticket[:, 0] = dense
    reinit = ticket * 2.0
    data = make_data(flat(1000.0), flat(1500.0), ticket, reinit, task="regression")
    as_accurate = C.as_accurate_as_dense(data)
    assert [v.outcome for v in as_accurate] == ["holds", "holds"]
    assert as_accurate[0].measurement.point == pytest.approx(0.9)
    assert as_accurate[0].bound.kind == "upper" and as_accurate[0].bound.value == 1.0
    degrades = C.reinit_degrades_earlier(data)
    assert degrades[0].measurement.point == pytest.approx(0.5) and degrades[0].outcome == "holds"
    assert degrades[1].measurement.point == pytest.approx(1.8) and degrades[1].outcome == "holds"
    assert degrades[2].measurement.point == pytest.approx(0.9) and degrades[2].outcome == "holds"


def test_too_few_rounds_are_inconclusive_not_an_error():
    data = make_data(flat(10.0, levels=2), flat(20.0, levels=2), flat(0.9, levels=2), flat(0.8, levels=2))
    verdicts = C.evaluate(data)
    assert {v.claim for v in verdicts} == set(C.CLAIM_IDS)
    assert [v.outcome for v in C.reinit_degrades_earlier(data)] == ["inconclusive"] * 3
    assert all(isinstance(C.verdict_json(v), dict) for v in verdicts)


@given(st.lists(st.floats(0.01, 10.0), min_size=1, max_size=40), st.sampled_from([0.0, 0.1, 0.5, 2.0]))
def test_first_within_against_a_loop(losses, fraction):
    from verify.lth.result import first_within

    iterations = np.arange(len(losses)) * 20
    threshold = (1 + fraction) * min(losses)
    expected = next(i for i, loss in zip(iterations, losses) if loss <= threshold)
    assert first_within(iterations, np.array(losses), fraction) == expected
    stacked = first_within(iterations, np.array([losses, losses[::-1]]), fraction)
    assert stacked[0] == expected and stacked.shape == (2,)


def test_the_derived_speed_measure_is_judged_like_the_papers():
    reinit = np.full((5, 17), 1000.0)
    data = make_data(flat(900.0), reinit, flat(0.9), flat(0.9))
    for arm, value in (("ticket", 500.0), ("reinit", 1000.0)):
        for q in ("0.1", "0.5"):
            data["arms"][arm][f"within_{q}"] = flat(value).tolist()
    verdicts = C.derived(data)
    assert [v.outcome for v in verdicts] == ["holds", "holds"]
    assert verdicts[0].measurement.point == pytest.approx(0.5) and verdicts[0].bound.confidence_tag == "derived"
    data["arms"]["ticket"]["within_0.1"] = flat(1000.0).tolist()
    assert C.derived(data)[0].outcome == "violated"  # equal in every trial: no strict speed-up


def test_per_level_medians_and_nearest_level():
    ticket = flat(1000.0, levels=3)
    ticket[:, 2] = 0.0  # no learning at level 2: no speed-up defined
    reinit = flat(1000.0, levels=3) * np.arange(1, 6)[:, None]
    data = make_data(ticket, reinit, flat(0.9, levels=3), flat(0.8, levels=3))
    medians = C.per_level_medians(data)
    assert medians["speedup"] == [3.0, 3.0, None]
    assert medians["reinit_early_stop"] == [3000.0] * 3 and medians["ticket_metric"] == [0.9] * 3
    assert C.nearest_level({"density": DENSITY}, 0.21) == 7 and C.nearest_level({"density": DENSITY}, 0.036) == 15


# -- the paper's variants: one-shot pruning, and reset (strategy 1) against continued training (strategy 2) -------
def with_settings(data, schedule="iterative", rewind="init", seed=0):
    return {**data, "seed": seed, "settings": {"schedule": schedule, "rewind": rewind}}


def test_oneshot_claims_use_the_papers_density_ranges_and_the_dense_network_as_comparator():
    dense_es = np.array([1000.0, 1100.0, 900.0, 1200.0, 1000.0])
    ticket_es = np.repeat(dense_es[:, None], 17, axis=1) * 0.6
    ticket_es[:, 0] = dense_es
    dense_acc = np.array([0.95, 0.96, 0.97, 0.955, 0.965])
    ticket_acc = np.repeat(dense_acc[:, None], 17, axis=1) + 0.004
    ticket_acc[:, 0] = dense_acc
    # The reinit arm is deliberately faster and more accurate: the one-shot claims must not look at it.
    data = with_settings(make_data(ticket_es, flat(10.0), ticket_acc, flat(0.99)), schedule="oneshot")
    faster = C.oneshot_faster(data)[0]
    assert faster.outcome == "holds" and faster.measurement.point == pytest.approx(0.6)
    assert faster.measurement.details["levels"] == [k for k in range(1, 17) if 0.176 <= DENSITY[k] <= 0.675]
    accurate = C.oneshot_more_accurate(data)[0]
    assert accurate.outcome == "holds" and accurate.measurement.point == pytest.approx(0.004)
    assert accurate.measurement.details["levels"] == [k for k in range(1, 17) if 0.0517 <= DENSITY[k] <= 0.95]
    assert {v.claim for v in C.evaluate(data)} >= {"frankle2019.oneshot_faster", "frankle2019.oneshot_more_accurate"}
    pruned = np.arange(17) > 0
    slower = with_settings(make_data(ticket_es * np.where(pruned, 3.0, 1.0), flat(10.0),
                                     ticket_acc - 0.01 * pruned, flat(0.99)), schedule="oneshot")
    assert C.oneshot_faster(slower)[0].outcome == "violated"
    assert C.oneshot_more_accurate(slower)[0].outcome == "violated"
    equal = with_settings(make_data(flat(1000.0), flat(10.0), flat(0.95), flat(0.99)), schedule="oneshot")
    assert C.oneshot_more_accurate(equal)[0].outcome == "violated"  # "higher" is strict: equal breaks it
    assert C.oneshot_more_accurate(equal)[0].bound.relation == ">"
    with pytest.raises(InvalidInput, match="schedule 'oneshot'"):
        C.oneshot_faster(with_settings(make_data(flat(1.0), flat(1.0), flat(0.9), flat(0.9))))
    assert not {"frankle2019.oneshot_faster"} & {v.claim for v in C.evaluate(with_settings(
        make_data(flat(1.0), flat(1.0), flat(0.9), flat(0.9))))}


def test_reset_against_continue_pairs_trials_and_is_strict():
    reset_acc = np.array([0.95, 0.96, 0.97, 0.955, 0.965])[:, None] + np.zeros(17)
    continued_acc = reset_acc - np.array([0.01, 0.0, 0.02, 0.005, 0.01])[:, None]
    reset = with_settings(make_data(flat(1000.0), flat(1000.0), reset_acc, reset_acc))
    continued = with_settings(make_data(flat(1000.0), flat(1000.0), continued_acc, reset_acc), rewind="continue")
    verdict = C.reset_beats_continue(reset, continued)[0]
    assert verdict.outcome == "inconclusive"  # trial 2 ties: the interval reaches 0
    assert verdict.measurement.details["per_trial"] == pytest.approx([0.01, 0.0, 0.02, 0.005, 0.01])
    continued["arms"]["ticket"]["metric"] = (reset_acc - 0.003).tolist()
    assert C.reset_beats_continue(reset, continued)[0].outcome == "holds"
    continued["arms"]["ticket"]["metric"] = (reset_acc + 0.003).tolist()
    assert C.reset_beats_continue(reset, continued)[0].outcome == "violated"
    with pytest.raises(InvalidInput, match="rewind"):
        C.reset_beats_continue(continued, reset)
    with pytest.raises(InvalidInput, match="same seed"):
        C.reset_beats_continue(reset, {**continued, "seed": 3})
