"""Iterative magnitude pruning: the paper's density schedule, exact resets and rewinds, one-shot and global masks
against brute-force oracles, controls with the ticket's per-layer counts, determinism and resumption."""

import json
import math

import numpy as np
import pytest

from verify.errors import InvalidInput
from verify.lth import run_imp
from verify.lth.method import (
    IMPSettings,
    control_network,
    dataset,
    density_schedule,
    initial_network,
    iterative_magnitude_pruning,
    kept_schedule,
    lth_rates,
    protocol,
    train_arm,
    trial_seed,
)
from verify.nets import masks as M
from verify.train.loop import train
from verify.train.optim import Adam

LENET_SIZES = [784 * 300, 300 * 100, 100 * 10]


def half_up(x):
    return int(np.floor(x + 0.5))


def tiny(data="circle", **overrides):
    """A small network on a Plant 'n' Seek task (product biases: non-zero biases to check resets on)."""
    widths = {"circle": (2, 16, 12, 4), "digits": (64, 20, 12, 10)}[data]
    options = dict(widths=widths, iterations=30, eval_every=10, rounds=4)
    options.update(overrides)
    return protocol(data, **options)


# -- the schedule ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("k, percent", [(3, 51.3), (7, 21.1), (9, 13.5), (12, 6.95), (15, 3.6), (20, 1.2)])
def test_lenet_schedule_reproduces_the_papers_densities(k, percent):
    kept = kept_schedule(LENET_SIZES, lth_rates(3), 20)[k]
    density = sum(kept) / 266_200
    formula = (265_200 * 0.8 ** k + 1_000 * 0.9 ** k) / 266_200
    decimals = len(str(percent).split(".")[1])
    assert round(100 * density, decimals) == percent
    # Rounding half up moves each layer by at most 1/2 per round, shrunk by the rate since: < 2.5 + 5 weights.
    assert abs(density - formula) * 266_200 < 7.5


def test_digits_density_schedule_follows_its_formula_and_the_exact_integer_recursion():
    settings = protocol("digits")
    sizes = [64 * 300, 300 * 100, 100 * 10]
    assert settings.layer_sizes() == sizes
    exact = [sizes]
    for _ in range(20):
        exact.append([n - half_up(r * n) for n, r in zip(exact[-1], (0.2, 0.2, 0.1))])
    densities = density_schedule(settings)
    for k, counts in enumerate(exact):
        assert densities[k] == sum(counts) / 50_200
        formula = (49_200 * 0.8 ** k + 1_000 * 0.9 ** k) / 50_200
        assert abs(densities[k] - formula) * 50_200 < 7.5


def test_a_real_run_keeps_exactly_the_scheduled_counts_in_every_arm():
    settings = protocol("digits", rounds=20, iterations=2, eval_every=1)
    result = run_imp(settings, trials=1, workers=1, executor="threads", progress=False)
    expected = np.array(kept_schedule(settings.layer_sizes(), settings.rates, 20))
    np.testing.assert_array_equal(result.kept[0], expected)
    np.testing.assert_array_equal(result.density, expected.sum(axis=1) / 50_200)
    for arm in ("ticket", "reinit", "random_mask"):
        np.testing.assert_array_equal(result.arrays[arm]["kept"][0], expected)
    assert round(100 * result.density[7], 1) == 21.5 and round(100 * result.density[15], 2) == 3.86


# -- resets, rewinds, one-shot and global masks -------------------------------------------------------------------
def run_chain(settings, seed=3, trial=1):
    """IMP on one trial, recording every level's start network and trained network."""
    data = __import__("verify.lth.method", fromlist=["dataset"]).dataset(settings, seed)
    net = initial_network(settings, seed, trial)
    starts, trained = {}, {}
    iterative_magnitude_pruning(
        net, data, settings, order_seed=trial_seed(seed, 2, trial),
        on_start=lambda k, n: starts.__setitem__(k, n.copy()),
        on_level=lambda level, n, extras: trained.__setitem__(level.level, n.copy()))
    return data, starts, trained


def expected_layer_mask(scores, survivors, rate):
    """Brute force: drop the ⌊rate·S + ½⌋ survivors with the smallest score (no ties with random weights)."""
    flat_scores, flat_keep = np.abs(scores).ravel(), survivors.ravel()
    alive = np.flatnonzero(flat_keep)
    drop = alive[np.argsort(flat_scores[alive])[:half_up(rate * alive.size)]]
    out = flat_keep.copy()
    out[drop] = False
    return out.reshape(survivors.shape)


def test_every_level_starts_from_theta0_on_survivors_and_exact_zeros_elsewhere():
    settings = tiny()
    _, starts, trained = run_chain(settings)
    theta0 = initial_network(settings, 3, 1)
    assert starts[0].masks is None
    for k in range(1, settings.rounds + 1):
        start = starts[k]
        for w, w0, m in zip(start.weights, theta0.weights, start.masks.weights):
            np.testing.assert_array_equal(w[m], w0[m])
            assert np.all(w[~m] == 0.0)
        for b, b0 in zip(start.biases, theta0.biases):  # biases are never pruned and return to θ₀
            np.testing.assert_array_equal(b, b0)
        assert start.masks.biases is None
        # The new mask removes exactly the smallest trained magnitudes among the survivors, layer by layer.
        previous = trained[k - 1].mask_arrays().weights
        for i, (w, keep, rate) in enumerate(zip(trained[k - 1].weights, previous, settings.rates)):
            np.testing.assert_array_equal(start.masks.weights[i], expected_layer_mask(w, keep, rate))


def test_rewinding_to_iteration_j_uses_the_dense_networks_parameters_after_j_steps():
    settings = tiny(rewind=20)
    data, starts, _ = run_chain(settings)
    oracle = initial_network(settings, 3, 1)
    train_arm_settings = IMPSettings(**{**settings.__dict__, "iterations": 20, "rewind": "init"})
    train_arm(oracle, data, train_arm_settings, trial_seed(3, 2, 1))  # 20 steps, the same minibatches
    theta0 = initial_network(settings, 3, 1)
    for k in (1, 2, 3):
        start = starts[k]
        for w, wj, w0, m in zip(start.weights, oracle.weights, theta0.weights, start.masks.weights):
            np.testing.assert_array_equal(w[m], wj[m])
            assert not np.array_equal(w[m], w0[m])
            assert np.all(w[~m] == 0.0)
        for b, bj in zip(start.biases, oracle.biases):
            np.testing.assert_array_equal(b, bj)


def test_continue_keeps_the_trained_values_of_the_previous_level():
    settings = tiny(rewind="continue")
    _, starts, trained = run_chain(settings)
    for k in (1, 2, 3):
        start = starts[k]
        for w, t, m in zip(start.weights, trained[k - 1].weights, start.masks.weights):
            np.testing.assert_array_equal(w[m], t[m])
            assert np.all(w[~m] == 0.0)


def test_oneshot_masks_are_the_top_magnitudes_of_the_trained_dense_network():
    settings = tiny(schedule="oneshot")
    _, starts, trained = run_chain(settings)
    kept = kept_schedule(settings.layer_sizes(), settings.rates, settings.rounds)
    dense = trained[0].weights
    for k in range(1, settings.rounds + 1):
        for i, w in enumerate(dense):
            flat = np.abs(w).ravel()
            expected = np.zeros(flat.size, bool)
            expected[np.argsort(flat)[flat.size - kept[k][i]:]] = True
            np.testing.assert_array_equal(starts[k].masks.weights[i].ravel(), expected)


def test_global_scope_ranks_all_layers_together():
    settings = tiny(scope="global", rates=0.3)
    _, starts, trained = run_chain(settings)
    for k in (1, 2):
        scores = np.concatenate([np.abs(w).ravel() for w in trained[k - 1].weights])
        keep = np.concatenate([m.ravel() for m in trained[k - 1].mask_arrays().weights])
        expected = expected_layer_mask(scores, keep, 0.3)
        got = np.concatenate([m.ravel() for m in starts[k].masks.weights])
        np.testing.assert_array_equal(got, expected)
    assert density_schedule(settings)[2] == kept_schedule(settings.layer_sizes(), 0.3, 4, "global")[2] / sum(
        settings.layer_sizes())


# -- controls ----------------------------------------------------------------------------------------------------
def test_controls_have_the_tickets_per_layer_counts_and_the_documented_values():
    settings = tiny()
    _, starts, _ = run_chain(settings, seed=5, trial=0)
    theta0 = initial_network(settings, 5, 0)
    for k in (1, 3):
        ticket_masks = starts[k].masks
        reinit = control_network(settings, 5, 0, k, "reinit", ticket_masks)
        fresh = initial_network(settings, 5, 0, role=1, level=k)
        for w, wf, w0, m, mr in zip(reinit.weights, fresh.weights, theta0.weights, ticket_masks.weights,
                                    reinit.masks.weights):
            np.testing.assert_array_equal(mr, m)
            np.testing.assert_array_equal(w[m], wf[m])
            assert not np.array_equal(w[m], w0[m]) and np.all(w[~m] == 0.0)
        random = control_network(settings, 5, 0, k, "random_mask", ticket_masks)
        assert M.kept_counts(random.masks) == M.kept_counts(ticket_masks)
        assert any(not np.array_equal(a, b) for a, b in zip(random.masks.weights, ticket_masks.weights))
        for w, w0, m in zip(random.weights, theta0.weights, random.masks.weights):
            np.testing.assert_array_equal(w[m], w0[m])
            assert np.all(w[~m] == 0.0)
        np.testing.assert_array_equal(random.biases[0], theta0.biases[0])
    with pytest.raises(InvalidInput, match="not a control"):
        control_network(settings, 5, 0, 1, "ticket", None)


def test_trial_seeds_differ_by_role_trial_and_level_and_are_stable():
    seeds = {trial_seed(0, role, trial, level) for role in range(4) for trial in range(3) for level in range(3)}
    assert len(seeds) == 36
    assert trial_seed(7, 1, 2, 3) == trial_seed(7, 1, 2, 3)
    assert all(0 <= s < 2 ** 63 for s in seeds)


# -- determinism and resumption ----------------------------------------------------------------------------------
def canonical(result):
    return json.dumps(result.to_json(), sort_keys=True)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    settings = tiny("digits", rounds=3, iterations=20, eval_every=5)
    out = tmp_path_factory.mktemp("lth") / "reference"
    result = run_imp(settings, trials=2, seed=1, out=out, workers=1, executor="threads", progress=False)
    return settings, out, canonical(result)


def test_same_seed_same_bytes_for_any_worker_count_and_executor(reference):
    settings, _, expected = reference
    assert canonical(run_imp(settings, trials=2, seed=1, workers=2, executor="threads", progress=False)) == expected
    assert canonical(run_imp(settings, trials=2, seed=1, workers=2, executor="processes",
                             progress=False)) == expected
    assert canonical(run_imp(settings, trials=2, seed=2, workers=1, executor="threads",
                             progress=False)) != expected


def test_more_trials_extend_a_stored_run_without_touching_the_first(reference, tmp_path):
    settings, out, expected = reference
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    before = {p.name: p.stat().st_mtime_ns for p in copy.glob("chunk-*.npz")}
    grown = run_imp(settings, trials=3, seed=1, out=copy, workers=1, executor="threads", progress=False)
    assert {p.name: p.stat().st_mtime_ns for p in copy.glob("chunk-*.npz") if p.name in before} == before
    document = grown.to_json()
    first_two = json.loads(expected)
    for level, old in zip(document["levels"], first_two["levels"]):
        assert level["ticket_test_accuracy_per_trial"][:2] == old["ticket_test_accuracy_per_trial"]
        assert level["reinit_early_stop_iter_per_trial"][:2] == old["reinit_early_stop_iter_per_trial"]


@pytest.mark.parametrize("lost", [["ticket-middle"], ["ticket-middle", "controls"], ["all-ticket"]])
def test_resume_recomputes_only_missing_chunks_and_gives_identical_bytes(reference, tmp_path, lost):
    settings, out, expected = reference
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    levels = settings.rounds + 1
    index = lambda t, k, a: (t * levels + k) * 3 + a  # noqa: E731 - the documented chunk numbering
    removed = set()
    if "ticket-middle" in lost:
        removed |= {index(1, 2, 0), index(1, 3, 0)}  # trial 1 must resume its chain at level 2
    if "controls" in lost:
        removed |= {index(0, 1, 1), index(1, 3, 2)}
    if "all-ticket" in lost:
        removed |= {index(0, k, 0) for k in range(levels)}
    for i in removed:
        (copy / f"chunk-{i:06d}.npz").unlink()
    kept = {p.name: p.stat().st_mtime_ns for p in copy.glob("chunk-*.npz")}
    resumed = run_imp(settings, trials=2, seed=1, out=copy, workers=1, executor="threads", progress=False)
    assert canonical(resumed) == expected
    assert {p.name: p.stat().st_mtime_ns for p in copy.glob("chunk-*.npz") if p.name in kept} == kept
    for i in removed:
        name = f"chunk-{i:06d}.npz"
        assert (copy / name).read_bytes() == (out / name).read_bytes()


def test_resume_with_rewind_iteration_continue_and_oneshot(tmp_path):
    for options in ({"rewind": 10}, {"rewind": "continue"}, {"schedule": "oneshot"}):
        settings = tiny("circle", rounds=3, iterations=20, **options)
        first = tmp_path / f"a{len(list(tmp_path.iterdir()))}"
        expected = canonical(run_imp(settings, trials=1, seed=0, out=first, workers=1, executor="threads",
                                     progress=False))
        for level in (1, 2, 3):  # lose the end of the chain: it resumes from the start of level 1
            (first / f"chunk-{level * 3:06d}.npz").unlink()
        resumed = run_imp(settings, trials=1, seed=0, out=first, workers=1, executor="threads", progress=False)
        assert canonical(resumed) == expected, options


# -- the controls a run trains ---------------------------------------------------------------------------------------
# Computed on main (ad3cd93, before run_imp had a ``controls`` option) by verify.lth.run.store_identity and
# figures.lth_common's run-id rule: the default's store identity, so its store keys, must not have moved.  The quick
# directories were computed again on 2026-12-02, when the quick profile went from 600 to 100 iterations per training
# (a changed setting is a new run identity, so new directories; the full profile's stayed).
MAIN_REFERENCE_MANIFEST_DIGEST = "552cbdd30b701087742260f040ce9bb9a75ed91e037b0b2b1ee44a99ab3b89c0"
MAIN_VARIANT_RUN_DIRS = {
    ("quick", "reset"): "digits-93dc8430868f", ("quick", "oneshot"): "digits-2beebc13af34",
    ("quick", "continue"): "digits-89bc46daf72f", ("full", "reset"): "digits-6954d4ff183f",
    ("full", "oneshot"): "digits-b8c8d9903d0b", ("full", "continue"): "digits-358dbf86d40a"}


def _chunk_names(directory):
    return sorted(p.name for p in directory.glob("chunk-*.npz"))


def test_the_default_run_keeps_the_store_identity_and_chunks_main_wrote(reference):
    settings, out, _ = reference
    assert json.loads((out / "manifest.json").read_text())["digest"] == MAIN_REFERENCE_MANIFEST_DIGEST
    levels = settings.rounds + 1
    # every (trial, level, arm) but the dense level's random mask (the ticket's record): 2 x (3 x 4 - 1) chunks
    expected = [f"chunk-{(t * levels + k) * 3 + a:06d}.npz" for t in range(2) for k in range(levels) for a in range(3)
                if not (a == 2 and k == 0)]
    assert _chunk_names(out) == sorted(expected)


def test_the_variants_figure_keeps_the_run_directories_main_used():
    from figures import fig31_lth_digits, fig33_lth_variants
    from verify.lth.run import store_identity
    from verify.store import identity_digest

    for (profile, name), directory in MAIN_VARIANT_RUN_DIRS.items():
        params = fig33_lth_variants._variant(fig33_lth_variants.PROFILES[profile], name)
        settings = protocol("digits", **params["settings"])
        assert f"digits-{identity_digest(store_identity(settings, params['seed']))[:12]}" == directory
        # quick trains the one-shot and continued tickets alone; full (paper/full) keeps every control
        expected = [] if profile == "quick" and name != "reset" else None
        assert params.get("controls") == expected, (profile, name)
    assert fig33_lth_variants.PROFILES["full"] == fig31_lth_digits.PROFILES["full"]


def test_a_ticket_only_run_trains_the_same_ticket_bit_for_bit_and_holds_no_control(reference, tmp_path):
    from verify.lth.result import result_table

    settings, out, expected = reference
    full = run_imp(settings, trials=2, seed=1, out=out, workers=1, executor="threads", progress=False)  # stored
    alone = tmp_path / "alone"
    ticket = run_imp(settings, trials=2, seed=1, out=alone, controls=(), workers=1, executor="threads",
                     progress=False)
    assert ticket.arms == ("ticket",) and set(ticket.arrays) == {"ticket", "curve_iteration"}
    assert set(ticket.arrays["ticket"]) == set(full.arrays["ticket"])
    for name, array in full.arrays["ticket"].items():
        assert ticket.arrays["ticket"][name].dtype == array.dtype, name
        assert ticket.arrays["ticket"][name].tobytes() == array.tobytes(), name
    np.testing.assert_array_equal(ticket.kept, full.kept)
    assert ticket.density.tobytes() == full.density.tobytes()
    # the ticket chunks it wrote are the full run's, byte for byte, and it wrote no other
    names = _chunk_names(alone)
    assert names == [n for n in _chunk_names(out) if int(n[6:12]) % 3 == 0]
    assert all((alone / n).read_bytes() == (out / n).read_bytes() for n in names)
    # absent, not zero: no control in any view; reading one is refused
    with pytest.raises(InvalidInput, match="arm 'reinit' was not trained"):
        ticket.arm("reinit")
    document = ticket.to_json()
    assert document["arms"] == ["ticket"] and not any("reinit" in key or "random" in key
                                                      for level in document["levels"] for key in level)
    assert set(ticket.to_data()["arms"]) == {"ticket"} and set(ticket.table()["arm"]) == {"ticket"}
    table = result_table("t", {"digits": ticket})
    assert not [key for key in table.arrays if ".reinit." in key or ".random_mask." in key]
    assert table.meta["runs"][0]["arms"] == ["ticket"] and table.meta["arms"] == ["ticket"]
    assert "arms" not in result_table("t", {"digits": full}).meta["runs"][0] and "arms" not in full.to_json()
    # the figures' facts: those of the ticket as with the controls; the reinit speed-up is not measured, not made up
    from figures import lth_common

    facts, reference_facts = (lth_common.facts("", r.to_data(), "test") for r in (ticket, full))
    assert reference_facts["speedup_near_51"]["value"] is not None and facts["speedup_near_51"]["value"] is None
    assert "trained no reinit control" in facts["speedup_near_51"]["description"]
    assert {k: v for k, v in facts.items() if "speedup" not in k} == {
        k: v for k, v in reference_facts.items() if "speedup" not in k}
    # a full run over the ticket-only store trains the controls alone and gives the reference bytes
    before = {p.name: p.stat().st_mtime_ns for p in alone.glob("chunk-*.npz")}
    grown = run_imp(settings, trials=2, seed=1, out=alone, workers=1, executor="threads", progress=False)
    assert canonical(grown) == expected
    assert {n: (alone / n).stat().st_mtime_ns for n in before} == before
    # one control: its arrays are the full run's
    mask_only = run_imp(settings, trials=2, seed=1, out=out, controls=["random_mask"], workers=1, executor="threads",
                        progress=False)
    assert mask_only.arms == ("ticket", "random_mask")
    for name, array in full.arrays["random_mask"].items():
        assert mask_only.arrays["random_mask"][name].tobytes() == array.tobytes(), name


@pytest.mark.parametrize("controls, message", [
    (("ticket",), "control 'ticket' is not known; allowed: reinit, random_mask"),
    (["reinit", "shuffle"], "control 'shuffle' is not known"),
    (("reinit", "reinit"), "names an arm twice"),
    ("reinit", "not a list of control arms"),
    (None, "not a list of control arms"),
    ([1], "control 1 is not known")])
def test_bad_controls_are_refused_before_any_work(controls, message, tmp_path):
    with pytest.raises(InvalidInput, match=message):
        run_imp(tiny("digits", rounds=1), trials=1, out=tmp_path / "run", controls=controls, executor="threads",
                progress=False)
    assert not (tmp_path / "run").exists()


# -- settings ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("overrides, message", [
    ({"rounds": 101}, "rounds"), ({"rates": (0.2, 0.2)}, "entries"), ({"rates": 1.0}, "rate"),
    ({"rewind": 15}, "multiple of eval_every"), ({"rewind": -1}, "rewind"), ({"rewind": "theta"}, "rewind"),
    ({"scope": "global", "rates": (0.2, 0.2, 0.1)}, "one rate"), ({"eval_every": 5000}, "exceeds"),
    ({"schedule": "twice"}, "schedule"), ({"widths": (63, 10)}, None), ({"lr": -1.0}, "lr")])
def test_bad_settings_are_refused(overrides, message):
    if message is None:  # a network that does not fit the data: refused before any work
        with pytest.raises(InvalidInput, match="does not fit"):
            run_imp(protocol("digits", **overrides), trials=1, progress=False)
        return
    with pytest.raises(InvalidInput, match=message):
        protocol("digits", **overrides)


def test_protocols_follow_the_papers():
    digits = protocol("digits")
    assert (digits.widths, digits.init, digits.lr, digits.batch, digits.rates) == (
        (64, 300, 100, 10), "glorot_normal", 1.2e-3, 60, (0.2, 0.2, 0.1))
    circle = protocol("circle")
    assert (circle.widths, circle.init, circle.bias_init, circle.lr, circle.batch, circle.rates) == (
        (2, 100, 100, 100, 4), "he_normal", "product", 1e-3, 32, (0.2, 0.2, 0.2, 0.1))
    assert circle.iterations == 10 * math.ceil(9000 / 32)  # ten epochs of the 9,000 training points
    assert protocol("digits", rewind=0).rewind == "init"
    mnist5k = protocol("mnist5k")  # LeNet-300-100 at the length the dense pilot chose (rules/lth.toml)
    assert (mnist5k.widths, mnist5k.init, mnist5k.bias_init, mnist5k.lr, mnist5k.batch, mnist5k.rates) == (
        (784, 300, 100, 10), "glorot_normal", "zeros", 1.2e-3, 60, (0.2, 0.2, 0.1))
    assert (mnist5k.iterations, mnist5k.eval_every) == (1500, 20)
    assert dataset(mnist5k, 0).name == "mnist5k" and mnist5k.layer_sizes() == LENET_SIZES


def test_recorded_metrics_are_read_at_the_minimum_of_the_validation_curve(reference):
    settings, _, _ = reference
    result = run_imp(settings, trials=2, seed=1, workers=1, executor="threads", progress=False)
    iterations = result.arrays["curve_iteration"]
    assert iterations[0] == 0 and iterations[-1] == settings.iterations
    for arm in ("ticket", "reinit", "random_mask"):
        a = result.arrays[arm]
        for t in range(2):
            for k in range(settings.rounds + 1):
                curve = a["curve_validation_loss"][t, k]
                best = int(np.argmin(curve))  # first minimum on ties, as the paper's definition
                assert a["early_stop"][t, k] == iterations[best]
                assert a["metric"][t, k] == a["curve_metric"][t, k][best]
                assert a["validation_loss"][t, k] == curve[best]
                assert a["final_metric"][t, k] == a["curve_metric"][t, k][-1]


def test_arm_record_reads_the_metric_at_the_first_minimum_of_validation_loss():
    from verify.lth.method import arm_record
    from verify.train.loop import Evaluation, History

    losses = [2.0, 0.5, 0.3, 0.4, 0.3, 0.6]  # minimum 0.3 first at iteration 20, again at 40
    evaluations = [Evaluation(iteration=10 * i, epoch=i, train_loss=None, validation_loss=v,
                              validation_accuracy=None, test_loss=1.0 + i, test_accuracy=0.5 + 0.01 * i,
                              learning_rate=None, seconds=0.0) for i, v in enumerate(losses)]
    history = History(evaluations, 50, 5, 60, 0, "cross_entropy")
    record = arm_record(history, True, None, [12, 6])
    assert (int(record["early_stop"]), float(record["metric"]), float(record["validation_loss"])) == (20, 0.52, 0.3)
    assert float(record["final_metric"]) == 0.55 and list(record["kept"]) == [12, 6]
    regression = arm_record(history, False, None, [12, 6])
    assert float(regression["metric"]) == 3.0 and float(regression["final_metric"]) == 6.0


# -- per-example test outcomes, the store's record version and the result table ------------------------------------
def test_every_arm_records_its_per_example_test_outcomes_at_its_early_stop(reference):
    settings, _, _ = reference
    result = run_imp(settings, trials=2, seed=1, workers=1, executor="threads", progress=False)
    n_test = len(dataset(settings, 1).test)
    for arm in ("ticket", "reinit", "random_mask"):
        outcome = result.arrays[arm]["test_outcome"]
        assert outcome.dtype == bool and outcome.shape == (2, settings.rounds + 1, n_test)
        np.testing.assert_array_equal(outcome.mean(axis=2), result.arrays[arm]["metric"])  # exactly
    np.testing.assert_array_equal(result.arrays["random_mask"]["test_outcome"][:, 0],
                                  result.arrays["ticket"]["test_outcome"][:, 0])  # level 0: the same network
    assert not np.array_equal(result.arrays["ticket"]["test_outcome"], result.arrays["reinit"]["test_outcome"])


def test_the_outcomes_are_those_of_the_network_at_its_early_stopping_iteration():
    """An independent evaluation: retrain one control exactly (same θ₀′, mask and minibatch order), keep the
    network at every evaluation, and score the one at the recorded early-stopping iteration."""
    settings = tiny("digits", rounds=2, iterations=30, eval_every=5)
    result = run_imp(settings, trials=1, seed=4, workers=1, executor="threads", progress=False)
    data = dataset(settings, 4)
    net = control_network(settings, 4, 0, 0, "reinit", None)
    snapshots = {}
    history = train(net, data, optimizer=Adam(lr=settings.lr), steps=settings.iterations, batch=settings.batch,
                    seed=trial_seed(4, 2, 0), eval_every=settings.eval_every, progress=False,
                    callback=lambda e, n: snapshots.__setitem__(e.iteration, n.copy()))
    es = int(result.arrays["reinit"]["early_stop"][0, 0])
    assert es == history.early_stop_iteration
    expected = snapshots[es].predict(data.test.x) == data.test.y
    np.testing.assert_array_equal(result.arrays["reinit"]["test_outcome"][0, 0], expected)


def test_regression_runs_record_squared_errors():
    regression = protocol("relu", widths=(1, 12, 8, 1), iterations=20, eval_every=5, rounds=1)
    result = run_imp(regression, trials=1, seed=0, workers=1, executor="threads", progress=False)
    outcome = result.arrays["ticket"]["test_outcome"]
    assert outcome.dtype == np.float64 and np.all(outcome >= 0)
    np.testing.assert_allclose(outcome.mean(axis=2), result.arrays["ticket"]["metric"], rtol=1e-12)  # one output


def test_outcomes_are_the_same_bytes_for_any_worker_count_and_executor(reference):
    settings, _, _ = reference
    one = run_imp(settings, trials=2, seed=1, workers=1, executor="threads", progress=False)
    two = run_imp(settings, trials=2, seed=1, workers=2, executor="processes", progress=False)
    for arm in ("ticket", "reinit", "random_mask"):
        assert one.arrays[arm]["test_outcome"].tobytes() == two.arrays[arm]["test_outcome"].tobytes()


def test_the_store_identity_records_the_record_version_and_refuses_older_stores(tmp_path):
    from verify.lth.result import RECORD_VERSION
    from verify.lth.run import STORE_KIND, store_identity
    from verify.store import ResultStore

    settings = tiny("digits", rounds=1, iterations=10, eval_every=5)
    identity = store_identity(settings, 0)
    assert identity["record_version"] == RECORD_VERSION == 2
    old = {key: value for key, value in identity.items() if key != "record_version"}  # a store of version-1 records
    ResultStore(tmp_path / "old", old, STORE_KIND).open().write_manifest()
    with pytest.raises(InvalidInput, match="different run"):
        run_imp(settings, trials=1, seed=0, out=tmp_path / "old", workers=1, executor="threads", progress=False)


def test_the_result_table_has_the_documented_columns_and_is_deterministic(reference, tmp_path):
    from verify.lth.result import result_table
    from verify.tables import load_table, save_table

    settings, out, _ = reference
    result = run_imp(settings, trials=2, seed=1, out=out, workers=1, executor="threads", progress=False)
    table = result_table("lth_test", {"digits": result}, campaign="test")
    levels = settings.rounds + 1
    assert table["digits.density"].shape == (levels,) and table["digits.last_evaluation"].shape == ()
    for arm in ("ticket", "reinit", "random_mask"):
        assert table[f"digits.{arm}.early_stop"].dtype == np.int64
        assert table[f"digits.{arm}.metric"].shape == (2, levels)
        assert table[f"digits.{arm}.test_outcome"].dtype == bool
        assert table[f"digits.{arm}.within_0.1"].shape == (2, levels)
    meta = table.meta["runs"][0]
    assert (meta["name"], meta["task"], meta["outcome"], meta["n_test"], meta["trials"]) == (
        "digits", "classification", "correct", 364, 2)
    first = save_table(tmp_path / "a.npz", table)
    again = result_table("lth_test", {"digits": run_imp(settings, trials=2, seed=1, out=out, workers=1,
                                                        executor="threads", progress=False)}, campaign="test")
    assert save_table(tmp_path / "b.npz", again) == first
    loaded = load_table(tmp_path / "a.npz")
    np.testing.assert_array_equal(loaded["digits.reinit.test_outcome"], table["digits.reinit.test_outcome"])


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.5, 2.0])
def test_first_within_against_a_loop(fraction):
    from verify.lth.result import first_within

    rng = np.random.default_rng(int(10 * fraction))
    for _ in range(50):
        losses = rng.uniform(0.01, 10.0, rng.integers(1, 40))
        iterations = np.arange(losses.size) * 20
        threshold = (1 + fraction) * losses.min()
        expected = next(i for i, loss in zip(iterations, losses) if loss <= threshold)
        assert first_within(iterations, losses, fraction) == expected
        stacked = first_within(iterations, np.array([losses, losses[::-1]]), fraction)
        assert stacked[0] == expected and stacked.shape == (2,)
