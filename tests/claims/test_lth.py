"""The lottery ticket claims on synthetic result tables whose verdicts are known (violated, holds with the margin,
insufficient, censored; a crossover placed at a known level is recovered), the crossed interval against an
independent computation and a simulation, the fast crossed bootstrap against verify.stats.crossed_bootstrap, the
registered rules (thresholds from the rule, not the module), and the mini profile end to end (tables, verdicts and
prose)."""

from dataclasses import replace

import numpy as np
import pytest
from scipy import stats as scipy_stats

from verify import stats
from verify.claims import lth as C
from verify.claims import registry
from verify.claims.results import Results
from verify.errors import InvalidInput
from verify.tables import Table

# The digits schedule's densities (64-300-100-10, 20 % per hidden layer and 10 % of the output layer per round).
DENSITY = np.array([(49_200 * 0.8 ** k + 1_000 * 0.9 ** k) / 50_200 for k in range(17)])
ARMS = ("ticket", "reinit", "random_mask")
# LeNet-300-100's schedule (the paper's rates): the MNIST-5k run's densities.
DENSITY_LENET = np.array([(265_200 * 0.8 ** k + 1_000 * 0.9 ** k) / 266_200 for k in range(17)])
MNIST5K_CLAIMS = ["frankle2019.faster.mnist5k", "frankle2019.as_accurate.mnist5k",
                  "frankle2019.reinit_degrades_earlier.mnist5k"]


def run_columns(name, outcomes, early_stop=None, task="classification", density=DENSITY, last=3000,
                settings=None, seed=0, within=None):
    """Columns and meta of one run: ``outcomes`` {arm: (T, L, N)}; ``early_stop`` {arm: (T, L)}."""
    trials, levels, examples = outcomes["ticket"].shape
    early_stop = early_stop or {}
    columns = {f"{name}.density": np.asarray(density[:levels], np.float64),
               f"{name}.last_evaluation": np.array(last, np.int64)}
    for arm in ARMS:
        y = np.asarray(outcomes.get(arm, outcomes["ticket"]))
        columns[f"{name}.{arm}.test_outcome"] = y.astype(bool) if task == "classification" else y.astype(np.float64)
        metric = y.mean(axis=2) if task == "classification" else y.mean(axis=2)
        columns[f"{name}.{arm}.metric"] = np.asarray(metric, np.float64)
        columns[f"{name}.{arm}.validation_loss"] = np.ones((trials, levels))
        es = np.asarray(early_stop.get(arm, np.full((trials, levels), 1000)), np.int64)
        columns[f"{name}.{arm}.early_stop"] = es
        for q in (0.1, 0.5):
            columns[f"{name}.{arm}.within_{q:g}"] = np.asarray((within or {}).get((arm, q), es), np.int64)
    meta = {"name": name, "task": task, "metric": "test_accuracy" if task == "classification" else "test_mse",
            "trials": trials, "seed": seed, "settings": {"schedule": "iterative", "rewind": "init", **(settings or {})}}
    return columns, meta


def results_of(table_name, *runs):
    arrays, metas = {}, []
    for columns, meta in runs:
        arrays.update(columns)
        metas.append(meta)
    return Results(tables={table_name: Table(table_name, arrays, {"runs": metas})})


def claim(claim_id):
    return registry.get(claim_id)


def outcome_of(claim_id, results, rule=None):
    return claim(claim_id).decide(results, rule)


def correct_outcomes(rng, trials=5, levels=17, examples=1000, p=0.95, drop=None, arms=("ticket", "reinit")):
    """Per-example correctness: a dense network correct with probability p (its own draws per trial and example),
    and each arm equal to it except that at level k a fraction ``drop[arm][k]`` of the correct examples turn
    wrong (negative: wrong ones turn correct)."""
    dense = rng.random((trials, examples)) < p
    out = {}
    for arm in arms:
        y = np.repeat(dense[:, None, :], levels, axis=1).copy()
        for k in range(1, levels):
            fraction = (drop or {}).get(arm, np.zeros(levels))[k]
            flips = rng.random((trials, examples)) < abs(fraction) / max(p if fraction > 0 else 1 - p, 1e-9)
            if fraction > 0:
                y[:, k, :] &= ~flips
            elif fraction < 0:
                y[:, k, :] |= flips
        out[arm] = y
    out["random_mask"] = out["ticket"]
    return out


def digits_results(outcomes, **options):
    return results_of("lth_digits", run_columns("digits", outcomes, **options))


# -- the crossed interval and the crossed bootstrap ------------------------------------------------------------------
def test_a_level_comparison_is_the_crossed_mean_computed_independently():
    rng = np.random.default_rng(1)
    outcomes = correct_outcomes(rng, drop={"ticket": np.full(17, 0.004)})
    _, verdicts, _ = outcome_of("frankle2019.as_accurate.digits", digits_results(outcomes))
    first = verdicts[0]
    assert first.measurement.details["level"] == 1
    d = outcomes["ticket"][:, 1, :].astype(float) - outcomes["ticket"][:, 0, :].astype(float)
    trials, examples = d.shape
    se = np.sqrt(d.mean(axis=1).var(ddof=1) / trials + d.mean(axis=0).var(ddof=1) / examples)
    half = scipy_stats.t.ppf(0.975, trials - 1) * se
    assert first.measurement.point == pytest.approx(d.mean(), abs=1e-15)
    assert (first.measurement.low, first.measurement.high) == pytest.approx((d.mean() - half, d.mean() + half),
                                                                            abs=1e-12)
    assert first.measurement.units == 5 and first.bound.threshold == pytest.approx(-0.01)
    assert first.p_holds == pytest.approx(scipy_stats.t.sf((d.mean() + 0.01) / se, trials - 1), rel=1e-9)


def test_the_crossed_variance_covers_the_test_set_sampling_in_a_simulation():
    """Trials and examples both random (a crossed random-effects model with an interaction): the crossed interval
    reaches its coverage, the interval of trial means alone (what the old rules used) does not."""
    rng = np.random.default_rng(7)
    trials, examples, runs = 5, 364, 3000
    covered = {"crossed": 0, "trials only": 0}
    for _ in range(runs):
        values = (rng.normal(0, 0.004, (trials, 1)) + rng.normal(0, 0.15, (1, examples))
                  + rng.normal(0, 0.1, (trials, examples)))
        evidence = stats.crossed_mean(values)
        low, high = evidence.interval(0.95)
        covered["crossed"] += low <= 0.0 <= high
        per_trial = stats.unit_mean(values.mean(axis=1))
        low, high = per_trial.interval(0.95)
        covered["trials only"] += low <= 0.0 <= high
    assert covered["crossed"] / runs >= 0.94
    assert covered["trials only"] / runs < 0.80


def test_the_fast_crossed_bootstrap_draws_what_verify_stats_crossed_bootstrap_draws():
    rng = np.random.default_rng(3)
    values = (rng.random((4, 6, 50)) < 0.7).astype(np.float64)
    alpha, beta = C.bootstrap_weights(4, 50, 200, seed=11)
    sums = C.weighted_sums(values, alpha, beta) / (4 * 50)
    for k in (0, 3, 5):
        reference = stats.crossed_bootstrap(values, lambda v, k=k: v[:, k, :].mean(), replicates=200, seed=11)
        np.testing.assert_array_equal(sums[:, k], reference)  # exact: integer sums
    errors = rng.exponential(1.0, (4, 6, 50))
    sums = C.weighted_sums(errors, alpha, beta) / (4 * 50)
    reference = stats.crossed_bootstrap(errors, lambda v: v[:, 2, :].mean(), replicates=200, seed=11)
    np.testing.assert_allclose(sums[:, 2], reference, rtol=1e-12)


def test_crossover_level_is_the_first_level_below_the_margin():
    worse = np.array([[False, False, True, False, True], [False, False, False, False, False]])
    np.testing.assert_array_equal(C.crossover_level(worse), [2, 5])
    assert C.crossover_level(np.array([True, False, False])) == 3  # level 0 (the dense network) never counts


# -- as accurate (non-inferiority with a margin) ---------------------------------------------------------------------
def test_a_ticket_three_points_below_the_dense_network_is_violated():
    rng = np.random.default_rng(0)
    outcomes = correct_outcomes(rng, drop={"ticket": np.full(17, 0.03)})
    verdict, verdicts, facts = outcome_of("frankle2019.as_accurate.digits", digits_results(outcomes))
    assert verdict == "violated"
    assert [v.measurement.details["level"] for v in verdicts] == [1, 2, 3, 4, 5, 6, 7]  # P_m >= 21 %
    assert all(v.outcome == "violated" for v in verdicts)
    assert facts["worst.delta"]["value"] == pytest.approx(-0.03, abs=0.006)
    assert facts["crossover.level"]["value"] == 1 and facts["crossover.density"]["value"] == DENSITY[1]


def test_a_ticket_equal_to_the_dense_network_holds_with_the_margin():
    rng = np.random.default_rng(0)
    outcomes = correct_outcomes(rng)
    evaluated = claim("frankle2019.as_accurate.digits").judge(digits_results(outcomes))
    assert evaluated.outcome == "holds"
    assert all(v.measurement.point == 0.0 for v in evaluated.verdicts)
    # Without the margin the same data decide nothing: the margin is what the test relies on.
    no_margin = replace(claim("frankle2019.as_accurate.digits").rule, margin=0.0)
    assert outcome_of("frankle2019.as_accurate.digits", digits_results(outcomes), no_margin)[0] != "holds"
    assert {row["name"] for row in evaluated.sensitivity} == {"margin", "density_min"}
    assert evaluated.facts["crossover.beyond"]["value"] is True and evaluated.facts["crossover.density"]["value"] \
        is None


def test_the_margin_and_the_scope_come_from_the_rule():
    rng = np.random.default_rng(5)
    outcomes = correct_outcomes(rng, drop={"ticket": np.full(17, 0.004)})  # 0.4 points below the dense network
    rule = claim("frankle2019.as_accurate.digits").rule
    assert outcome_of("frankle2019.as_accurate.digits", digits_results(outcomes))[0] == "holds"
    assert outcome_of("frankle2019.as_accurate.digits", digits_results(outcomes), rule.scaled("margin", 0.5))[0] \
        == "inconclusive"
    narrower = rule.scaled("density_min", 2.0)  # P_m >= 42 %: 80.2 %, 64.3 %, 51.6 % (level 4 keeps 41.5 %)
    assert [v.measurement.details["level"] for v in
            outcome_of("frankle2019.as_accurate.digits", digits_results(outcomes), narrower)[1]] == [1, 2, 3]


def test_a_crossover_placed_at_a_known_level_is_recovered_with_its_interval():
    rng = np.random.default_rng(2)
    drop = {"ticket": np.where(np.arange(17) >= 11, 0.05, 0.0), "reinit": np.where(np.arange(17) >= 6, 0.05, 0.0)}
    outcomes = correct_outcomes(rng, drop=drop)
    results = digits_results(outcomes)
    _, _, facts = outcome_of("frankle2019.as_accurate.digits", results)
    assert facts["crossover.level"]["value"] == 11
    assert facts["crossover.density"]["value"] == DENSITY[11]
    assert facts["crossover.low"]["value"] == DENSITY[11] == facts["crossover.high"]["value"]
    verdict, verdicts, facts = outcome_of("frankle2019.reinit_degrades_earlier.digits", results)
    assert verdict == "holds"
    assert facts["reinit.level"]["value"] == 6 and facts["ticket.level"]["value"] == 11
    assert facts["difference"]["value"] == 5 == verdicts[0].measurement.point
    assert facts["paper.reinit_degrades_from"]["value"] == 0.21  # from the rule, beside the estimate
    swapped = correct_outcomes(rng, drop={"ticket": drop["reinit"], "reinit": drop["ticket"]})
    assert outcome_of("frankle2019.reinit_degrades_earlier.digits", digits_results(swapped))[0] == "violated"
    same = correct_outcomes(rng, drop={"ticket": drop["ticket"], "reinit": drop["ticket"]})
    assert outcome_of("frankle2019.reinit_degrades_earlier.digits", digits_results(same))[0] == "inconclusive"


def test_a_crossover_beyond_the_sparsest_level_is_reported_as_such():
    rng = np.random.default_rng(4)
    outcomes = correct_outcomes(rng, drop={"reinit": np.where(np.arange(17) >= 3, 0.05, 0.0)})
    verdict, _, facts = outcome_of("frankle2019.reinit_degrades_earlier.digits", digits_results(outcomes))
    assert facts["ticket.beyond"]["value"] is True and facts["ticket.level"]["value"] == 17
    assert facts["ticket.density"]["value"] is None and facts["ticket.low"]["value"] == 0.0
    assert facts["difference"]["value"] == 14 and verdict == "holds"


def test_four_trials_are_insufficient_whatever_the_data_say():
    rng = np.random.default_rng(0)
    outcomes = correct_outcomes(rng, trials=4, drop={"ticket": np.full(17, 0.05)})
    for claim_id in ("frankle2019.as_accurate.digits", "frankle2019.reinit_degrades_earlier.digits",
                     "frankle2019.faster.digits"):
        verdict, verdicts, _ = outcome_of(claim_id, digits_results(outcomes))
        assert verdict == "insufficient" and all(v.outcome == "insufficient" for v in verdicts), claim_id


def test_regression_uses_the_log_ratio_of_pooled_squared_errors():
    rng = np.random.default_rng(6)
    dense = rng.exponential(1e-3, (5, 1, 1000))
    ticket = np.repeat(dense, 17, axis=1) * rng.uniform(0.97, 1.03, (5, 17, 1000))
    ticket[:, 0] = dense[:, 0]
    outcomes = {"ticket": ticket, "reinit": ticket * np.where(np.arange(17) >= 4, 2.0, 1.0)[None, :, None]}
    rule = replace(claim("frankle2019.as_accurate.digits").rule,
                   parameters={**claim("frankle2019.as_accurate.digits").rule.parameters, "bootstrap": 500})
    results = digits_results(outcomes, task="regression")
    verdict, verdicts, facts = outcome_of("frankle2019.as_accurate.digits", results, rule)
    assert verdict == "holds" and verdicts[0].bound.kind == "upper"
    assert verdicts[0].bound.threshold == pytest.approx(np.log(1.1), rel=1e-6)
    pooled = np.log(ticket[:, 1, :].sum() / dense.sum())
    assert verdicts[0].measurement.point == pytest.approx(pooled, rel=1e-12)
    worse = {"ticket": ticket * 1.5, "reinit": outcomes["reinit"]}
    worse["ticket"][:, 0, :] = dense[:, 0, :]
    assert outcome_of("frankle2019.as_accurate.digits", digits_results(worse, task="regression"), rule)[0] \
        == "violated"
    degrades = replace(claim("frankle2019.reinit_degrades_earlier.digits").rule,
                       parameters={**claim("frankle2019.reinit_degrades_earlier.digits").rule.parameters,
                                   "bootstrap": 500})
    verdict, _, facts = outcome_of("frankle2019.reinit_degrades_earlier.digits", results, degrades)
    assert facts["reinit.level"]["value"] == 4 and facts["ticket.beyond"]["value"] is True and verdict == "holds"


# -- faster ------------------------------------------------------------------------------------------------------
def speed_results(ticket_es, reinit_es, last=5000):
    rng = np.random.default_rng(0)
    outcomes = correct_outcomes(rng, trials=np.shape(ticket_es)[0], examples=50)
    return digits_results(outcomes, early_stop={"ticket": ticket_es, "reinit": reinit_es}, last=last)


def test_faster_holds_is_violated_or_censored_as_constructed():
    rng = np.random.default_rng(0)
    reinit = rng.integers(1000, 2000, (5, 17))
    ticket = np.round(0.5 * reinit)
    ticket[:, 0] = 2 * reinit[:, 0]  # the dense network is slower still
    verdict, verdicts, facts = outcome_of("frankle2019.faster.digits", speed_results(ticket, reinit))
    assert verdict == "holds" and [v.outcome for v in verdicts] == ["holds", "holds"]
    assert verdicts[0].measurement.details["levels"] == [1, 2, 3, 4, 5, 6, 7]
    assert facts["reinit.ratio"]["value"] == pytest.approx(np.exp(np.mean(np.log(ticket[:, 1:8] / reinit[:, 1:8]))),
                                                           rel=1e-12)
    slower = np.round(1.5 * reinit)
    assert outcome_of("frankle2019.faster.digits", speed_results(slower, reinit))[1][0].outcome == "violated"
    # equal in every trial: no evidence of a strict speed-up
    assert outcome_of("frankle2019.faster.digits", speed_results(reinit, reinit))[1][0].outcome != "holds"


def test_mostly_censored_pairs_leave_the_speed_unmeasured_and_iteration_zero_is_left_out():
    reinit = np.full((5, 17), 3000)
    verdict, verdicts, facts = outcome_of("frankle2019.faster.digits", speed_results(np.full((5, 17), 1000), reinit,
                                                                                     last=3000))
    assert verdicts[0].outcome == "inconclusive" and verdicts[0].measurement.evidence is None
    assert "censored" in verdicts[0].explanation and facts["reinit.censored"]["value"] == 35
    ticket = np.full((5, 17), 1000)
    ticket[:, 1] = 0
    _, verdicts, _ = outcome_of("frankle2019.faster.digits", speed_results(ticket, np.full((5, 17), 2000)))
    assert verdicts[0].measurement.details["pairs_excluded_minimum_at_iteration_0"] == 5
    assert verdicts[0].measurement.point == pytest.approx(np.log(0.5))


def test_the_oneshot_claims_read_the_oneshot_run_and_its_range():
    rng = np.random.default_rng(9)
    outcomes = correct_outcomes(rng, drop={"ticket": np.full(17, -0.02)})
    es = np.full((5, 17), 600)
    es[:, 0] = 1000
    oneshot = run_columns("oneshot", outcomes, early_stop={"ticket": es}, settings={"schedule": "oneshot"})
    results = results_of("lth_variants", oneshot)
    verdict, verdicts, _ = outcome_of("frankle2019.oneshot_faster.digits", results)
    assert verdict == "holds" and verdicts[0].measurement.details["levels"] == [
        k for k in range(1, 17) if 0.176 <= DENSITY[k] <= 0.675]
    verdict, verdicts, facts = outcome_of("frankle2019.oneshot_more_accurate.digits", results)
    assert verdict == "holds" and [v.measurement.details["level"] for v in verdicts] == [
        k for k in range(1, 17) if 0.0517 <= DENSITY[k] <= 0.95]
    assert facts["held"]["value"] == len(verdicts)
    equal = results_of("lth_variants", run_columns("oneshot", correct_outcomes(rng), settings={"schedule": "oneshot"}))
    assert outcome_of("frankle2019.oneshot_more_accurate.digits", equal)[0] != "holds"  # "higher" is strict
    iterative = results_of("lth_variants", run_columns("oneshot", outcomes))
    with pytest.raises(InvalidInput, match="schedule 'oneshot'"):
        outcome_of("frankle2019.oneshot_faster.digits", iterative)


def test_reset_against_continue_is_paired_strict_and_checked():
    rng = np.random.default_rng(8)
    # one dense network per trial; the reset tickets equal it, the continued ones lose 2 points at every level
    both = correct_outcomes(rng, drop={"reinit": np.full(17, 0.02)})
    reset, continued = {"ticket": both["ticket"]}, {"ticket": both["reinit"]}

    def table(first, second, rewinds=("init", "continue"), seeds=(0, 0)):
        return results_of("lth_variants", run_columns("reset", first, settings={"rewind": rewinds[0]}, seed=seeds[0]),
                          run_columns("continue", second, settings={"rewind": rewinds[1]}, seed=seeds[1]))

    verdict, verdicts, facts = outcome_of("frankle2019.reset_beats_continue.digits", table(reset, continued))
    assert verdict == "holds" and facts["delta"]["value"] == pytest.approx(0.02, abs=0.005)
    assert outcome_of("frankle2019.reset_beats_continue.digits", table(continued, reset))[0] == "violated"
    with pytest.raises(InvalidInput, match="rewind"):
        outcome_of("frankle2019.reset_beats_continue.digits", table(reset, continued, rewinds=("continue", "init")))
    with pytest.raises(InvalidInput, match="same seed"):
        outcome_of("frankle2019.reset_beats_continue.digits", table(reset, continued, seeds=(0, 3)))


def ticket_only(run):
    """A run's columns and meta as a ticket-only run writes them (verify.lth.result): no control column, its arms."""
    columns, meta = run
    return ({key: value for key, value in columns.items() if ".reinit." not in key and ".random_mask." not in key},
            {**meta, "arms": ["ticket"]})


def _same(first, second):
    (outcome_a, verdicts_a, facts_a), (outcome_b, verdicts_b, facts_b) = first, second
    assert outcome_a == outcome_b and facts_a == facts_b
    assert [(v.outcome, v.measurement.point, v.measurement.low, v.measurement.high) for v in verdicts_a] == [
        (v.outcome, v.measurement.point, v.measurement.low, v.measurement.high) for v in verdicts_b]


def test_the_variants_claims_need_no_control_and_a_control_of_a_ticket_only_run_is_refused():
    """The claims on lth_variants read the tickets alone: on ticket-only one-shot and continued runs they decide
    exactly what they decide with the controls present; a claim that reads a control of such a run is refused."""
    rng = np.random.default_rng(11)
    outcomes = correct_outcomes(rng, drop={"ticket": np.full(17, -0.02), "reinit": np.full(17, 0.03)})
    es = np.full((5, 17), 600)
    es[:, 0] = 1000
    reset = run_columns("reset", correct_outcomes(rng))
    oneshot = run_columns("oneshot", outcomes, early_stop={"ticket": es}, settings={"schedule": "oneshot"})
    continued = run_columns("continue", correct_outcomes(rng, drop={"ticket": np.full(17, 0.01)}),
                            settings={"rewind": "continue"})
    full = results_of("lth_variants", reset, oneshot, continued)
    alone = results_of("lth_variants", reset, ticket_only(oneshot), ticket_only(continued))
    for claim_id in ("frankle2019.oneshot_faster.digits", "frankle2019.oneshot_more_accurate.digits",
                     "frankle2019.reset_beats_continue.digits"):
        _same(outcome_of(claim_id, full), outcome_of(claim_id, alone))
    run = C.load_run(alone, "lth_variants", "oneshot")
    assert run.arms == ("ticket",) and C.load_run(full, "lth_variants", "oneshot").arms == ARMS
    with pytest.raises(C.UntrainedArm, match="run oneshot of table lth_variants trained no reinit arm"):
        run.column("reinit", "early_stop")
    rule = replace(claim("frankle2019.faster.digits").rule,
                   parameters={**claim("frankle2019.faster.digits").rule.parameters, "table": "lth_variants",
                               "run": "oneshot"})
    with pytest.raises(InvalidInput, match="trained no reinit arm"):
        outcome_of("frankle2019.faster.digits", alone, rule)


# -- the pattern on the Plant 'n' Seek tasks ------------------------------------------------------------------------
def pattern_table(rng, tasks, ticket_drop=0.0):
    runs = []
    for task in tasks:
        if task == "circle":
            outcomes = correct_outcomes(rng, drop={"ticket": np.where(np.arange(17) >= 12, 0.05, ticket_drop),
                                                   "reinit": np.where(np.arange(17) >= 5, 0.05, 0.0)})
            runs.append(run_columns(task, outcomes))
        else:
            dense = rng.exponential(1e-3, (5, 1, 1000))
            ticket = np.repeat(dense, 17, axis=1) * np.where(np.arange(17) >= 12, 3.0, 1.0)[None, :, None]
            reinit = np.repeat(dense, 17, axis=1) * np.where(np.arange(17) >= 5, 3.0, 1.0)[None, :, None]
            runs.append(run_columns(task, {"ticket": ticket, "reinit": reinit}, task="regression"))
    return results_of("lth_plantnseek", *runs)


def fast(claim_id):
    rule = claim(claim_id).rule
    return replace(rule, parameters={**rule.parameters, "bootstrap": 300})


def test_the_pattern_holds_on_every_task_and_a_missing_task_is_insufficient():
    rng = np.random.default_rng(10)
    claim_id = "frankle2019.pattern_transfers.plantnseek"
    verdict, verdicts, facts = outcome_of(claim_id, pattern_table(rng, ["relu", "circle", "helix"]), fast(claim_id))
    assert verdict == "holds", [(v.measurement.quantity, v.outcome) for v in verdicts if v.outcome != "holds"]
    assert facts["circle.reinit.density"]["value"] == DENSITY[5] and facts["helix.difference"]["value"] == 7
    assert facts["missing"]["value"] is None
    verdict, verdicts, facts = outcome_of(claim_id, pattern_table(rng, ["circle"]), fast(claim_id))
    assert verdict == "insufficient" and facts["missing"]["value"] == "relu, helix"
    assert facts["relu.worst.delta"]["value"] is None  # quoted by the prose: exists, without a value
    verdict, _, facts = outcome_of(claim_id, pattern_table(rng, ["relu", "circle", "helix"], ticket_drop=0.04),
                                   fast(claim_id))
    assert verdict == "violated" and facts["circle.outcome"]["value"] == "violated"


def test_the_statement_says_the_paper_makes_no_claim_on_the_tasks():
    pattern = claim("frankle2019.pattern_transfers.plantnseek")
    assert "make no claim" in pattern.statement and pattern.confidence == "derived"
    assert pattern.rule.parameters["tasks"] == ["relu", "circle", "helix"]


# -- MNIST-5k: the same evaluators under the MNIST-5k rules -----------------------------------------------------------
def mnist5k_results(outcomes, **options):
    options.setdefault("last", 1500)
    return results_of("lth_mnist5k", run_columns("mnist5k", outcomes, density=DENSITY_LENET, **options))


def test_the_mnist5k_rules_read_their_own_table_and_decide_known_answers():
    rng = np.random.default_rng(20)
    lower = correct_outcomes(rng, trials=7, drop={"ticket": np.full(17, 0.03)}, p=0.94)
    verdict, verdicts, facts = outcome_of("frankle2019.as_accurate.mnist5k", mnist5k_results(lower))
    assert verdict == "violated" and all(v.outcome == "violated" for v in verdicts)
    assert [v.measurement.details["level"] for v in verdicts] == [1, 2, 3, 4, 5, 6, 7]  # P_m >= 21 %: 21.07 % last
    assert facts["examples"]["value"] == 1000 and facts["trials"]["value"] == 7
    assert facts["crossover.level"]["value"] == 1
    # equal to the dense network: holds with the one-point margin; half a point below still holds, two do not
    assert outcome_of("frankle2019.as_accurate.mnist5k", mnist5k_results(correct_outcomes(rng, trials=7)))[0] == "holds"
    half = correct_outcomes(rng, trials=7, drop={"ticket": np.full(17, 0.005)}, p=0.94)
    assert outcome_of("frankle2019.as_accurate.mnist5k", mnist5k_results(half))[0] == "holds"
    # one level alone two points below violates the claim (each level must hold)
    one = correct_outcomes(rng, trials=7, drop={"ticket": np.where(np.arange(17) == 7, 0.02, 0.0)}, p=0.94)
    verdict, verdicts, _ = outcome_of("frankle2019.as_accurate.mnist5k", mnist5k_results(one))
    assert verdict == "violated" and [v.outcome for v in verdicts].count("violated") == 1
    # the digits rules do not read the MNIST-5k table
    with pytest.raises(InvalidInput, match="lth_digits"):
        outcome_of("frankle2019.as_accurate.digits", mnist5k_results(one))


def test_the_mnist5k_crossovers_are_estimated_beside_the_papers_full_mnist_numbers():
    rng = np.random.default_rng(21)
    drop = {"ticket": np.where(np.arange(17) >= 15, 0.04, 0.0), "reinit": np.where(np.arange(17) >= 7, 0.04, 0.0)}
    results = mnist5k_results(correct_outcomes(rng, trials=7, drop=drop, p=0.94))
    verdict, verdicts, facts = outcome_of("frankle2019.reinit_degrades_earlier.mnist5k", results)
    assert verdict == "holds" and verdicts[0].measurement.point == 8
    assert facts["reinit.density"]["value"] == DENSITY_LENET[7] and facts["ticket.density"]["value"] == \
        DENSITY_LENET[15]
    assert facts["reinit.low"]["value"] <= DENSITY_LENET[7] <= facts["reinit.high"]["value"]
    assert (facts["paper.reinit_degrades_from"]["value"], facts["paper.ticket_degrades_from"]["value"]) == (0.21,
                                                                                                              0.029)
    assert "full MNIST" in facts["paper.ticket_degrades_from"]["description"]
    _, _, facts = outcome_of("frankle2019.as_accurate.mnist5k", results)
    assert facts["crossover.density"]["value"] == DENSITY_LENET[15]
    assert facts["paper.ticket_as_accurate_down_to"]["value"] == 0.036
    swapped = {"ticket": drop["reinit"], "reinit": drop["ticket"]}
    assert outcome_of("frankle2019.reinit_degrades_earlier.mnist5k",
                      mnist5k_results(correct_outcomes(rng, trials=7, drop=swapped, p=0.94)))[0] == "violated"


def test_the_mnist5k_speed_rule_holds_is_violated_and_reports_the_dense_early_stop():
    rng = np.random.default_rng(22)
    reinit = rng.integers(300, 600, (7, 17))
    ticket = np.round(0.6 * reinit)
    ticket[:, 0] = reinit[:, 0] + 100  # the dense network stops later than every ticket
    outcomes = correct_outcomes(rng, trials=7, examples=50)
    results = mnist5k_results(outcomes, early_stop={"ticket": ticket, "reinit": reinit})
    verdict, verdicts, facts = outcome_of("frankle2019.faster.mnist5k", results)
    assert verdict == "holds" and [v.outcome for v in verdicts] == ["holds", "holds"]
    assert facts["dense_early_stop_max"]["value"] == int(ticket[:, 0].max()) and facts["last_evaluation"]["value"] \
        == 1500
    slower = mnist5k_results(outcomes, early_stop={"ticket": np.round(1.4 * reinit), "reinit": reinit})
    assert outcome_of("frankle2019.faster.mnist5k", slower)[0] == "violated"
    censored = mnist5k_results(outcomes, early_stop={"ticket": np.full((7, 17), 1500), "reinit": reinit})
    _, verdicts, _ = outcome_of("frankle2019.faster.mnist5k", censored)
    assert verdicts[0].outcome == "inconclusive" and "censored" in verdicts[0].explanation


def test_slth_lth_run_picks_the_rules_registered_for_its_dataset():
    from verify.lth import protocol

    def chosen(data, **overrides):
        return [c.id for c, _ in C.rules_for_run(protocol(data, **overrides), registry.CLAIMS)]

    assert chosen("mnist5k") == MNIST5K_CLAIMS
    assert chosen("digits") == ["frankle2019.faster.digits", "frankle2019.as_accurate.digits",
                                "frankle2019.reinit_degrades_earlier.digits"]
    assert chosen("circle") == chosen("digits")  # no rules of its own: the digits rules
    for _, rule in C.rules_for_run(protocol("mnist5k"), registry.CLAIMS):
        assert (rule.parameters["table"], rule.parameters["run"]) == (C.RUN_TABLE, "mnist5k")


# -- the registered rules --------------------------------------------------------------------------------------------
def test_every_lth_rule_is_registered_with_its_history_and_the_confirmatory_seed_runs_the_full_profiles():
    from figures import fig31_lth_digits, fig32_lth_plantnseek, fig33_lth_variants, fig34_lth_mnist5k

    lth_claims = [c for c in registry.CLAIMS if c.evaluator.startswith("lth.")]
    assert [c.id for c in lth_claims] == [*MNIST5K_CLAIMS,
        "frankle2019.faster.digits", "frankle2019.as_accurate.digits", "frankle2019.reinit_degrades_earlier.digits",
        "frankle2019.oneshot_faster.digits", "frankle2019.oneshot_more_accurate.digits",
        "frankle2019.reset_beats_continue.digits", "frankle2019.pattern_transfers.plantnseek"]
    for item in lth_claims:
        rule = item.rule
        assert rule.min_replicates == 5 and rule.confidence == 0.95 and rule.familywise == "holm", item.id
        assert rule.registered == "2026-12-01", item.id
        assert rule.sensitivity["factors"] and rule.sensitivity["vary"], item.id
        assert item.history[-1].rule_sha256 == rule.digest(), item.id
        if item.id in MNIST5K_CLAIMS:  # registered before any MNIST-5k ticket arm existed
            assert not rule.after_first_look and not any(h.data_seen for h in item.history), item.id
            assert "dense pilot" in " ".join(h.change for h in item.history), item.id
            continue
        assert rule.after_first_look and len(item.history) >= 2, item.id
        assert all(h.commit for h in item.history[:-1]), item.id
    assert claim("frankle2019.as_accurate.digits").rule.margin == 0.01
    assert claim("frankle2019.as_accurate.digits").rule.parameters["density_min"] == 0.21
    for module in (fig31_lth_digits, fig32_lth_plantnseek, fig33_lth_variants, fig34_lth_mnist5k):
        assert module.PROFILES["full"]["seed"] == registry.CONFIRMATORY_SEED
        assert module.PROFILES["quick"]["seed"] == 0 == module.PROFILES["mini"]["seed"]
    full = fig34_lth_mnist5k.PROFILES["full"]
    assert full["trials"] >= 5 and 15 <= full["settings"]["rounds"] <= 20 and "iterations" not in full["settings"]


# -- the mini profile end to end -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mini_results(tmp_path_factory):
    from figures import runner
    from verify.claims.results import load_results

    out = tmp_path_factory.mktemp("lth-mini")
    runner.build("mini", only=["lth_digits", "lth_plantnseek", "lth_variants", "lth_mnist5k"], out=out,
                 progress=False, draw=False)
    return load_results(out / "mini" / "results")


def test_the_mini_tables_hold_per_example_outcomes_for_every_run(mini_results):
    digits = mini_results.table("lth_digits")
    assert [run["name"] for run in digits.meta["runs"]] == ["digits"]
    outcome = digits["digits.ticket.test_outcome"]
    assert outcome.dtype == bool and outcome.shape == (2, 3, 364)
    np.testing.assert_array_equal(outcome.mean(axis=2), digits["digits.ticket.metric"])
    variants = mini_results.table("lth_variants")
    assert [run["name"] for run in variants.meta["runs"]] == ["reset", "oneshot", "continue"]
    np.testing.assert_array_equal(variants["reset.ticket.test_outcome"], outcome)  # the digits run itself
    assert variants.meta["runs"][1]["settings"]["schedule"] == "oneshot"
    # the mini profile trains the one-shot and continued tickets alone (nothing reads their controls)
    assert "arms" not in variants.meta["runs"][0] and variants.meta["arms"] == list(ARMS)
    assert [run.get("arms") for run in variants.meta["runs"][1:]] == [["ticket"], ["ticket"]]
    assert not [key for key in variants.arrays if key.startswith(("oneshot.reinit", "oneshot.random_mask",
                                                                  "continue.reinit", "continue.random_mask"))]
    assert variants["oneshot.ticket.test_outcome"].shape == (2, 3, 364)
    circle = mini_results.table("lth_plantnseek")
    assert circle["circle.reinit.test_outcome"].shape == (2, 3, 1000)
    mnist = mini_results.table("lth_mnist5k")
    assert [run["name"] for run in mnist.meta["runs"]] == ["mnist5k"]
    assert mnist.meta["runs"][0]["settings"]["widths"] == [784, 300, 100, 10]
    outcome = mnist["mnist5k.ticket.test_outcome"]
    assert outcome.dtype == bool and outcome.shape == (2, 3, 1000)  # the 1,000 MNIST-5k test images
    np.testing.assert_array_equal(outcome.mean(axis=2), mnist["mnist5k.ticket.metric"])
    np.testing.assert_allclose(mnist["mnist5k.density"], DENSITY_LENET[:3], rtol=0, atol=5e-5)


def test_every_lth_claim_is_insufficient_on_the_mini_profile_and_its_prose_renders(mini_results):
    from paper import builder, prose
    from paper.prose.findings import LTH_FINDINGS

    lth_claims = [c for c in registry.CLAIMS if c.evaluator.startswith("lth.")]
    evaluated = [c.judge(mini_results) for c in lth_claims]
    assert {item.outcome for item in evaluated} == {"insufficient"}  # two trials, five registered
    sources, _ = builder.sources_for(mini_results, evaluated)
    section = next(s for s in prose.SECTIONS if s["claims"][0].startswith("frankle2019"))
    assert section["claims"] == [c.id for c in lth_claims]
    texts = [builder.render(section["intro"], sources)]
    texts += [builder.render(prose.MEASURED[c.id], sources) for c in lth_claims]
    texts += [builder.render(prose.CAPTIONS[f], sources)
              for f in ("lth_digits", "lth_plantnseek", "lth_variants", "lth_mnist5k")]
    texts += [builder.render(finding, sources) for finding in LTH_FINDINGS]
    assert all("{{" not in text for text in texts)
    for claim_id in MNIST5K_CLAIMS:  # every MNIST-5k result names its data and calls full MNIST another setting
        text = builder.render(prose.MEASURED[claim_id], sources)
        assert "`MNIST-5k` (`5,000` of the `70,000` images)" in text and "full MNIST" in text, claim_id
    for key, origin in sources.used.items():  # every quoted number points at a results file with its sha256
        assert origin["file"].endswith((".npz", "facts.json")) and len(origin["sha256"]) == 64, key
