"""The training loop: reproducible to the bit, masks respected (optimiser state included), evaluations and the
early-stopping iteration as documented, and the digits target (>= 95 % test accuracy with Adam)."""

import numpy as np
import pytest

from verify.data import Dataset, load_digits
from verify.data.tasks import plantnseek_task
from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.nets.network import Network
from verify.train.loop import TrainingDiverged, train
from verify.train.optim import SGD, Adam


@pytest.fixture(scope="module")
def circle():
    return plantnseek_task("circle", samples=1200, validation_samples=200, seed=3)


@pytest.fixture(scope="module")
def digit_data():
    return load_digits()


def fresh(widths=(2, 16, 16, 4), seed=0, **kwargs):
    return Network.init(list(widths), init="he_normal", bias=True, bias_init="product", seed=seed, **kwargs)


@pytest.mark.parametrize("optimizer", [Adam(lr=3e-3), SGD(lr=0.05, momentum=0.9, weight_decay=5e-4,
                                                          schedule="cosine")])
def test_same_seed_same_bits_and_other_seed_other_bits(circle, optimizer):
    runs = {}
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        net = fresh()
        train(net, circle, optimizer=optimizer, epochs=3, batch=32, seed=seed, progress=False)
        runs[name] = net
    assert runs["a"].params.equal(runs["b"].params)
    assert not runs["a"].params.equal(runs["c"].params)
    assert not runs["a"].params.equal(fresh().params)  # training did move the weights


@pytest.mark.parametrize("optimizer", [Adam(lr=3e-3, weight_decay=1e-3),
                                       SGD(lr=0.05, momentum=0.9, weight_decay=5e-4, nesterov=True)])
@pytest.mark.parametrize("zero_pruned", [True, False])
def test_masked_entries_never_move(circle, optimizer, zero_pruned):
    net = fresh(seed=1)
    masks = M.random_masks(net, [0.5, 0.3, 0.5], seed=2, biases=True)
    masked = net.with_masks(masks, zero_pruned=zero_pruned)
    before = masked.copy()
    history = train(masked, circle, optimizer=optimizer, epochs=3, batch=32, seed=0, progress=False)
    for w, w0, m in zip(masked.params, before.params, masks):
        assert np.array_equal(w[~m], w0[~m])  # bit for bit: exactly 0 for a ticket, the raw value otherwise
        assert np.any(w[m] != w0[m])
        if zero_pruned:
            assert np.all(w[~m] == 0.0)
    for state_arrays, m in zip(history.optimizer_state.moments(), masks):
        for s in state_arrays:
            assert np.all(s.reshape(m.shape)[~m] == 0.0)
    assert M.density(masked.masks) == M.density(masks)


def test_evaluations_and_early_stopping_iteration(circle):
    net = fresh(seed=2)
    seen = []

    def callback(evaluation, network):
        # an independent recomputation of the recorded validation loss at this very iteration
        seen.append(network.loss(circle.validation.x, circle.validation.y, "cross_entropy"))

    history = train(net, circle, optimizer=Adam(lr=1e-2), steps=95, batch=50, seed=1, eval_every=10,
                    callback=callback, progress=False)
    iterations = [e.iteration for e in history.evaluations]
    assert iterations == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]
    losses = [e.validation_loss for e in history.evaluations]
    assert losses == pytest.approx(seen, rel=1e-12)
    assert history.early_stop_iteration == iterations[int(np.argmin(losses))]
    assert history.early_stop.validation_loss == min(losses)
    assert history.evaluations[0].train_loss is None and history.evaluations[1].train_loss > 0
    assert history.iterations == 95 and history.steps_per_epoch == 22  # ceil(1080 / 50)
    assert all(0.0 <= e.test_accuracy <= 1.0 for e in history.evaluations)


def test_callback_can_stop_training(circle):
    history = train(fresh(), circle, steps=100, eval_every=7, progress=False,
                    callback=lambda evaluation, net: evaluation.iteration >= 14)
    assert history.iterations == 14 and history.stopped_by_callback
    assert [e.iteration for e in history.evaluations] == [0, 7, 14]


def test_regression_without_validation_has_no_early_stop():
    data = plantnseek_task("relu", samples=500, validation_samples=0, seed=0)
    net = Network.init([1, 8, 1], seed=0)
    history = train(net, data, epochs=2, batch=32, progress=False)
    assert history.early_stop_iteration is None and history.final.test_accuracy is None
    assert history.final.test_loss == pytest.approx(net.loss(data.test.x, data.test.y, "mse"), rel=1e-12)


def test_digits_lenet_like_reaches_95_percent_reproducibly(digit_data):
    """The contract targets: 64-300-100-10, Glorot normal, Adam lr 1.2e-3, batch 60 reaches >= 95 % test accuracy,
    and the same seed gives bitwise-identical weights."""
    nets = []
    for _ in range(2):
        net = Network.init([64, 300, 100, 10], init="glorot_normal", bias=True, seed=0)
        history = train(net, digit_data, optimizer=Adam(lr=1.2e-3), epochs=30, batch=60, seed=0, progress=False)
        nets.append(net)
    accuracy = float(np.mean(net.predict(digit_data.test.x) == digit_data.test.y))
    assert accuracy == history.final.test_accuracy
    assert accuracy >= 0.95
    assert nets[0].params.equal(nets[1].params)


def test_divergence_is_reported(circle):
    net = fresh()
    for w in net.weights:
        w *= 1e150
    with pytest.raises(TrainingDiverged, match="diverged"):
        train(net, circle, optimizer=SGD(lr=1e10), epochs=1, progress=False)


def test_bad_arguments(circle):
    net = fresh()
    with pytest.raises(InvalidInput, match="does not fit"):
        train(Network.init([3, 4]), circle, epochs=1)
    with pytest.raises(InvalidInput, match="exactly one"):
        train(net, circle, epochs=1, steps=3)
    with pytest.raises(InvalidInput, match="epochs"):
        train(net, circle, epochs=0)
    with pytest.raises(InvalidInput, match="batch"):
        train(net, circle, epochs=1, batch=0)
    with pytest.raises(InvalidInput, match="loss"):
        train(net, circle, epochs=1, loss="mse")
    with pytest.raises(InvalidInput, match="Dataset"):
        train(net, (circle.train.x, circle.train.y), epochs=1)
    assert isinstance(circle, Dataset)


def test_masks_changed_by_a_callback_take_effect(circle):
    net = fresh(seed=4)
    snapshots = {}

    def prune_at_first_epoch(evaluation, network):
        if evaluation.iteration == 10:
            network.set_masks(M.prune(M.magnitude_scores(network), fraction=0.5))
            network.zero_pruned()
            snapshots["masks"] = network.masks
            snapshots["params"] = network.params.copy()

    history = train(net, circle, optimizer=Adam(lr=3e-3), steps=40, batch=32, eval_every=10,
                    callback=prune_at_first_epoch, progress=False)
    masks = snapshots["masks"]
    for w, m in zip(net.params, masks):
        assert np.all(w[~m] == 0.0)
    for s, m in zip(history.optimizer_state.moments(), masks):
        assert all(np.all(a.reshape(m.shape)[~m] == 0.0) for a in s)
    assert not net.params.equal(snapshots["params"])


# -- per-example test outcomes at the early-stopping iteration (opt-in) -------------------------------------------
def _train_with_snapshots(net, data, **options):
    """Train with per-example outcomes, keeping a copy of the network at every evaluation (an independent record)."""
    snapshots = {}

    def callback(evaluation, network):
        snapshots[evaluation.iteration] = network.copy()

    history = train(net, data, callback=callback, progress=False, test_outcomes=True, **options)
    return history, snapshots


def test_test_outcomes_are_the_early_stopping_networks_own_per_example_results(circle):
    history, snapshots = _train_with_snapshots(fresh(seed=3), circle, optimizer=Adam(lr=3e-2), steps=300, batch=50,
                                               seed=2, eval_every=10)
    best = snapshots[history.early_stop_iteration]  # the network as it was at the early-stopping iteration
    expected = best.predict(circle.test.x) == circle.test.y
    assert history.early_stop_iteration not in (0, 300)  # a minimum inside the run: the check is not trivial
    assert history.test_outcome.dtype == bool and history.test_outcome.shape == (len(circle.test),)
    np.testing.assert_array_equal(history.test_outcome, expected)
    assert float(np.mean(history.test_outcome)) == history.early_stop.test_accuracy  # exactly
    final = snapshots[history.iterations].predict(circle.test.x) == circle.test.y
    assert not np.array_equal(final, expected)  # what a final-iteration record would have given differs


def test_regression_outcomes_are_squared_errors_summed_over_the_outputs():
    data = plantnseek_task("helix", samples=800, validation_samples=200, seed=1)
    net = Network.init([1, 16, 16, 3], init="he_normal", bias=True, bias_init="product", seed=0)
    history, snapshots = _train_with_snapshots(net, data, optimizer=Adam(lr=3e-3), steps=80, batch=32, seed=0,
                                               eval_every=10)
    best = snapshots[history.early_stop_iteration]
    residual = best.forward(data.test.x) - data.test.y
    expected = np.sum(residual ** 2, axis=1)
    assert history.test_outcome.dtype == np.float64 and history.test_outcome.shape == (len(data.test),)
    np.testing.assert_allclose(history.test_outcome, expected, rtol=1e-12)
    # the recorded metric is the MSE over all entries: the mean of the outcomes over the 3 outputs
    assert np.mean(history.test_outcome) / 3 == pytest.approx(history.early_stop.test_loss, rel=1e-12)


def test_ties_keep_the_first_minimum_like_the_early_stopping_iteration(circle, monkeypatch):
    from verify.train import loop

    initial = fresh(seed=5)
    expected = initial.copy().predict(circle.test.x) == circle.test.y
    monkeypatch.setattr(loop, "evaluate", lambda net, split, loss, output_scale=None: (1.0, 0.5))  # flat validation
    history = train(initial, circle, optimizer=Adam(lr=1e-2), steps=30, batch=50, eval_every=10, progress=False,
                    test_outcomes=True)
    assert history.early_stop_iteration == 0
    np.testing.assert_array_equal(history.test_outcome, expected)


def test_test_outcomes_change_no_number_and_cost_nothing_when_off(circle):
    runs = {}
    for flag in (False, True):
        net = fresh(seed=6)
        runs[flag] = (net, train(net, circle, optimizer=Adam(lr=3e-3), steps=40, batch=32, seed=1, eval_every=10,
                                 progress=False, test_outcomes=flag))
    assert runs[False][0].params.equal(runs[True][0].params)
    assert [e.validation_loss for e in runs[False][1].evaluations] == [e.validation_loss
                                                                       for e in runs[True][1].evaluations]
    assert runs[False][1].test_outcome is None and runs[True][1].test_outcome is not None
    no_validation = plantnseek_task("relu", samples=300, validation_samples=0, seed=0)
    with pytest.raises(InvalidInput, match="validation split"):
        train(Network.init([1, 4, 1], seed=0), no_validation, epochs=1, test_outcomes=True, progress=False)
