"""The dense pilot: it trains exactly the dense network of the ticket chain (against run_imp), the interior rule's
arithmetic, and the design resolution's projection against a simulation of whole campaigns."""

import numpy as np
import pytest
from scipy import stats as scipy_stats

from verify import stats
from verify.errors import InvalidInput
from verify.lth import run_imp
from verify.lth.method import protocol
from verify.lth.pilot import DensePilot, dense_pilot


def tiny_digits(**overrides):
    options = dict(widths=(64, 20, 12, 10), iterations=60, eval_every=10, rounds=1)
    options.update(overrides)
    return protocol("digits", **options)


def test_the_pilot_trains_the_dense_network_of_the_ticket_chain_and_nothing_else():
    settings = tiny_digits()
    pilot = dense_pilot(settings, seeds=[0, 3], trials=2, workers=1, executor="local")
    assert pilot.runs == ((0, 0), (0, 1), (3, 0), (3, 1))
    for row, seed in ((0, 0), (2, 3)):
        imp = run_imp(settings, trials=2, seed=seed, workers=1, executor="threads", progress=False)
        dense = imp.arrays["ticket"]
        np.testing.assert_array_equal(pilot.early_stop[row:row + 2], dense["early_stop"][:, 0])
        np.testing.assert_array_equal(pilot.metric[row:row + 2], dense["metric"][:, 0])
        np.testing.assert_array_equal(pilot.test_outcome[row:row + 2], dense["test_outcome"][:, 0])
        np.testing.assert_array_equal(pilot.curve_validation_loss[row:row + 2], dense["curve_validation_loss"][:, 0])
    assert pilot.test_outcome.dtype == bool and pilot.last_evaluation == 60


def test_a_longer_pilot_has_the_shorter_runs_curve_as_its_prefix():
    short = dense_pilot(tiny_digits(iterations=40), seeds=[1], trials=1, workers=1, executor="local")
    long = dense_pilot(tiny_digits(iterations=90), seeds=[1], trials=1, workers=1, executor="local")
    np.testing.assert_array_equal(long.curve_iteration[0, :5], short.curve_iteration[0])
    np.testing.assert_array_equal(long.curve_validation_loss[0, :5], short.curve_validation_loss[0])


def synthetic(early_stop, last=6000, eval_every=20, outcomes=None, runs=None, data="mnist5k"):
    settings = protocol(data, iterations=last, eval_every=eval_every, rounds=0)
    count = len(early_stop)
    runs = runs or tuple((i // 2, i % 2) for i in range(count))
    outcome = np.zeros((count, 10), bool) if outcomes is None else outcomes
    curve = np.tile(np.arange(0, last + 1, eval_every), (count, 1))
    return DensePilot(settings, runs, True, np.asarray(early_stop), np.ones(count), np.ones(count), np.ones(count),
                      outcome, curve, np.ones(curve.shape))


def test_the_interior_rule_and_the_shortest_interior_length():
    pilot = synthetic([360, 320, 400, 420, 460, 380, 280, 220, 400, 400])
    assert pilot.shortest_interior() == 920 and pilot.shortest_interior(3.0) == 1380
    assert synthetic([470, 100]).shortest_interior() == 940  # 2 x 470 rounded up to the evaluation step
    assert pilot.interior(1500) and pilot.interior(920) and not pilot.interior(900)
    censored = synthetic([200, 6000])
    assert not censored.interior(20_000)  # a minimum at the pilot's last evaluation says nothing about the length
    assert censored.to_json()["censored_runs"] == 1
    with pytest.raises(InvalidInput, match="factor"):
        pilot.shortest_interior(0.5)


def simulated_outcomes(rng, pairs, examples, skill, shift=0.0):
    """Pairs of runs (rows 2i, 2i + 1), each correct on example n with probability sigmoid(beta_n + s_r), plus
    ``shift``·delta_n for the first of each pair: examples of fixed difficulty beta_n, runs of random skill s_r (a
    trial effect) and, with a shift, a fixed per-example difference between the two members (an example effect)."""
    beta = np.linspace(0.5, 5.0, examples)
    delta = np.where(np.arange(examples) % 2 == 0, 1.0, -1.0)
    logits = beta[None, :] + rng.normal(0.0, skill, (2 * pairs, 1))
    logits[0::2] += shift * delta[None, :]
    return rng.random((2 * pairs, examples)) < 1.0 / (1.0 + np.exp(-logits))


def pilot_of(outcomes):
    runs = tuple((i // 2, i % 2) for i in range(outcomes.shape[0]))
    return synthetic([100] * outcomes.shape[0], outcomes=outcomes, runs=runs)


def campaigns(rng, count, pairs, examples, skill, shift=0.0):
    for _ in range(count):
        y = simulated_outcomes(rng, pairs, examples, skill, shift).astype(float)
        yield stats.crossed_mean(y[0::2] - y[1::2])


@pytest.mark.parametrize("skill, shift", [(0.3, 0.0), (0.05, 1.5)])
def test_the_projected_crossed_se_is_the_mean_crossed_se_of_simulated_campaigns(skill, shift):
    """The projection (two-way random effects fitted to 300 pilot pairs) against 1,000 simulated campaigns of 7 pairs
    from the same model, with a trial effect (skill) or an example effect (shift) dominating."""
    rng = np.random.default_rng(12)
    examples = 400
    pilot = pilot_of(simulated_outcomes(rng, 300, examples, skill, shift))
    found = pilot.resolution(project=(7,))
    components = found["components"]
    assert (components["sigma_a2"] > components["sigma_b2"]) == (skill > 0.1)
    ses = [evidence.se for evidence in campaigns(rng, 1000, 7, examples, skill, shift)]
    assert found["projected"]["7"]["se"] == pytest.approx(np.sqrt(np.mean(np.square(ses))), rel=0.06)


def test_a_zero_difference_clears_the_margin_at_least_as_often_as_projected():
    """p_clear reads the crossed se (which counts the interaction twice) as the sampling error of the estimate: a
    conservative projection of how often a ticket with no true difference clears the margin."""
    rng = np.random.default_rng(5)
    examples, margin = 400, 0.05
    pilot = pilot_of(simulated_outcomes(rng, 300, examples, 0.3))
    projected = pilot.resolution(margin=margin, project=(7,))["projected"]["7"]
    quantile = scipy_stats.t.ppf(0.975, 6)
    assert projected["half_width"] == pytest.approx(quantile * projected["se"], rel=1e-12)
    cleared = [e.estimate - quantile * e.se > -margin for e in campaigns(rng, 1000, 7, examples, 0.3)]
    assert 0.15 < projected["p_clear"] < 0.95  # an informative margin for this check
    assert np.mean(cleared) >= projected["p_clear"] - 0.03


def test_the_measured_resolution_is_the_crossed_interval_of_the_pairs():
    rng = np.random.default_rng(3)
    outcomes = simulated_outcomes(rng, 5, 200, 0.2)
    pilot = synthetic([100] * 10, outcomes=outcomes)
    found = pilot.resolution()
    d = outcomes[0::2].astype(float) - outcomes[1::2].astype(float)
    reference = stats.crossed_mean(d)
    low, high = reference.interval(0.95)
    assert found["pairs"] == 5 and found["mean"] == pytest.approx(d.mean(), abs=1e-15)
    assert found["half_width"] == pytest.approx((high - low) / 2, rel=1e-12)
    assert synthetic([100, 100, 100]).resolution() is None  # one pair: no interval
    circle = synthetic([100] * 4, data="circle")
    assert circle.resolution() is None  # the tasks draw their test set per seed: no shared examples


def test_bad_pilots_are_refused():
    with pytest.raises(InvalidInput, match="distinct"):
        dense_pilot(tiny_digits(), seeds=[1, 1])
    with pytest.raises(InvalidInput, match="seed"):
        dense_pilot(tiny_digits(), seeds=[-1])
    with pytest.raises(InvalidInput, match="IMPSettings"):
        dense_pilot({"data": "digits"}, seeds=[0])


def test_a_pilot_beyond_the_memory_limit_is_refused_before_any_training(monkeypatch):
    trained = []
    monkeypatch.setattr("verify.lth.pilot.train_arm", lambda *args, **kwargs: trained.append(args))
    monkeypatch.setenv("SLTH_MEMORY_LIMIT", "64MB")
    # 10 runs x 10^8 / 1 evaluations: curves alone 2 x 16 x 10 x 10^8 bytes = 32 GB, far above 64 MB
    with pytest.raises(InvalidInput, match=r"a dense pilot of 10 runs would need .* above the memory limit"):
        dense_pilot(tiny_digits(iterations=10**8, eval_every=1), seeds=[0, 1, 2, 3, 4], trials=2, workers=1,
                    executor="local")
    assert trained == []


def test_the_pilot_memory_estimate_covers_what_a_pilot_holds():
    from verify.lth.pilot import pilot_memory

    settings = tiny_digits()
    pilot = dense_pilot(settings, seeds=[0, 2], trials=2, workers=1, executor="local")
    held = sum(getattr(pilot, name).nbytes for name in ("early_stop", "validation_loss", "metric",
                                                        "final_validation_loss", "test_outcome", "curve_iteration",
                                                        "curve_validation_loss"))
    estimate = sum(size for label, size in pilot_memory(len(pilot.runs), settings, pilot.test_outcome.shape[1])
                   if "in flight" not in label)
    assert held <= estimate


def test_too_many_runs_are_refused_from_the_counts_before_the_runs_are_listed():
    with pytest.raises(InvalidInput, match=r"2 seeds x 1000000 trials = 2,000,000 runs exceeds 200"):
        dense_pilot(tiny_digits(), seeds=[0, 1], trials=10**6, workers=1, executor="local")
