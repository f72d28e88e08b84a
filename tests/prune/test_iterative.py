"""The shared prune-and-rewind loop: order of operations, nested masks, exact rewinds, the LTH schedule."""

import numpy as np
import pytest

from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.nets.network import Network
from verify.prune.iterative import iterative_pruning

LENET_FRACTIONS = [0.2, 0.2, 0.1]


def fake_training(delta=0.01):
    """A stand-in for training that moves every kept entry by a known amount (and records what it saw)."""
    seen = []

    def train_level(net, k):
        seen.append((k, None if net.masks is None else [m.copy() for m in net.masks.weights],
                     [w.copy() for w in net.weights]))
        for w, keep in zip(net.weights, net.mask_arrays().weights):
            w += delta * (k + 1) * keep
        return {"level": k}

    return train_level, seen


def test_magnitude_pruning_with_reset_follows_the_lenet_schedule_and_rewinds_exactly():
    net = Network.init([20, 30, 10, 4], init="glorot_normal", bias=True, seed=3)
    theta0 = net.copy()
    train_level, seen = fake_training()
    result = iterative_pruning(net, levels=5, train_level=train_level, score=lambda n, k: M.magnitude_scores(n),
                               target=lambda k: {"fraction": LENET_FRACTIONS}, rewind="init")
    assert [lv.level for lv in result.levels] == list(range(6))
    sizes = [w.size for w in theta0.weights]
    expected = [sizes]
    for _ in range(5):
        expected.append([s - int(np.floor(f * s + 0.5)) for s, f in zip(expected[-1], LENET_FRACTIONS)])
    for level, counts in zip(result.levels, expected):
        kept = M.kept_counts(level.masks) if level.masks is not None else sizes
        assert kept == counts
    # Each level starts from theta0 on its survivors and exactly 0 elsewhere; masks are nested.
    for (_k, masks, weights) in seen[1:]:
        for w, w0, m in zip(weights, theta0.weights, masks):
            np.testing.assert_array_equal(w[m], w0[m])
            assert np.all(w[~m] == 0.0)
    for (_, earlier, _), (_, later, _) in zip(seen[1:], seen[2:]):
        assert all(np.all(l <= e) for e, l in zip(earlier, later))
    # Biases are never pruned and rewind to theta0 too.
    np.testing.assert_array_equal(net.biases[0], theta0.biases[0])


def test_scores_come_from_the_trained_network():
    net = Network.init([5, 6, 3], init="uniform", bias=False, seed=1)
    scored = []

    def score(n, k):
        scored.append([w.copy() for w in n.weights])
        return M.magnitude_scores(n)

    train_level, seen = fake_training(delta=0.5)
    iterative_pruning(net, levels=2, train_level=train_level, score=score, target=lambda k: {"fraction": 0.5})
    for k, weights in enumerate(scored):
        before = seen[k][2]
        assert any(not np.array_equal(a, b) for a, b in zip(weights, before))  # trained before being scored


def test_continue_keeps_the_trained_values_and_a_snapshot_rewinds_to_it():
    net = Network.init([4, 8, 2], init="uniform", bias=False, seed=2)
    train_level, seen = fake_training(delta=1.0)
    iterative_pruning(net, levels=1, train_level=train_level, score=lambda n, k: M.magnitude_scores(n),
                      target=lambda k: {"density": 0.5}, rewind="continue", scope="global")
    trained_level0 = [w + 1.0 for w in seen[0][2]]
    k, masks, weights = seen[1]
    for w, t, m in zip(weights, trained_level0, masks):
        np.testing.assert_array_equal(w[m], t[m])

    other = Network.init([4, 8, 2], init="uniform", bias=False, seed=2)
    snapshot = Network.init([4, 8, 2], init="uniform", bias=False, seed=99).params
    train_level, seen = fake_training()
    iterative_pruning(other, levels=1, train_level=train_level, score=lambda n, k: M.magnitude_scores(n),
                      target=lambda k: {"density": 0.25}, rewind=snapshot, scope="global")
    k, masks, weights = seen[1]
    for w, s, m in zip(weights, snapshot.weights, masks):
        np.testing.assert_array_equal(w[m], s[m])


def test_a_pruned_weight_never_returns_even_if_its_score_becomes_the_largest():
    net = Network.init([6, 6, 3], init="uniform", bias=False, seed=4)

    def adversarial(n, k):
        scores = M.magnitude_scores(n)
        return scores.map(lambda s: np.where(s == 0, 1e9, s))  # pruned entries score highest

    result = iterative_pruning(net, levels=3, train_level=lambda n, k: None, score=adversarial,
                               target=lambda k: {"fraction": 0.3})
    for earlier, later in zip(result.levels[1:], result.levels[2:]):
        assert all(np.all(l <= e) for e, l in zip(earlier.masks.weights, later.masks.weights))


@pytest.mark.parametrize("kwargs, message", [(dict(levels=-1), "levels"), (dict(rewind="theta7"), "rewind"),
                                             (dict(rewind=3), "rewind")])
def test_bad_arguments(kwargs, message):
    net = Network.init([3, 3, 2], seed=0)
    args = dict(levels=1, train_level=lambda n, k: None, score=lambda n, k: M.magnitude_scores(n),
                target=lambda k: {"fraction": 0.5})
    args.update(kwargs)
    with pytest.raises(InvalidInput, match=message):
        iterative_pruning(net, **args)


# -- extensions: a callable rewind (theta_j known only after level 0) and resuming at a level ----------------------
def test_a_callable_rewind_is_asked_after_each_level_and_its_snapshot_is_used():
    net = Network.init([5, 7, 3], init="uniform", bias=True, seed=6)
    late = Network.init([5, 7, 3], init="uniform", bias=True, seed=60).params
    asked = []

    def rewind(k, n):
        asked.append(k)
        return late

    train_level, seen = fake_training()
    iterative_pruning(net, levels=3, train_level=train_level, score=lambda n, k: M.magnitude_scores(n),
                      target=lambda k: {"fraction": 0.25}, rewind=rewind)
    assert asked == [0, 1, 2]
    for _k, masks, weights in seen[1:]:
        for w, s, m in zip(weights, late.weights, masks):
            np.testing.assert_array_equal(w[m], s[m])
            assert np.all(w[~m] == 0.0)
    with pytest.raises(InvalidInput, match="rewind callable"):
        iterative_pruning(Network.init([3, 3, 2], seed=0), levels=1, train_level=lambda n, k: None,
                          score=lambda n, k: M.magnitude_scores(n), target=lambda k: {"fraction": 0.5},
                          rewind=lambda k, n: "theta")


@pytest.mark.parametrize("rewind", ["init", "continue"])
def test_resuming_at_a_level_continues_exactly_as_one_uninterrupted_call(rewind):
    def run(net, first_level=0, levels=4):
        train_level, seen = fake_training(delta=0.03)
        result = iterative_pruning(net, levels=levels, train_level=train_level,
                                   score=lambda n, k: M.magnitude_scores(n), target=lambda k: {"fraction": 0.3},
                                   rewind=rewind, first_level=first_level)
        return result, seen

    whole, seen_whole = run(Network.init([6, 9, 4], init="glorot_normal", bias=True, seed=8))
    # Interrupt after level 1: its start network for level 2 is what a store would keep.
    starts = {}

    def recording(net, k):
        starts[k] = net.copy()
        for w, keep in zip(net.weights, net.mask_arrays().weights):
            w += 0.03 * (k + 1) * keep

    iterative_pruning(Network.init([6, 9, 4], init="glorot_normal", bias=True, seed=8), levels=2,
                      train_level=recording, score=lambda n, k: M.magnitude_scores(n),
                      target=lambda k: {"fraction": 0.3}, rewind=rewind)
    resumed, seen_resumed = run(starts[2], first_level=2)
    assert [lv.level for lv in resumed.levels] == [2, 3, 4]
    for (k, masks, weights), (k2, masks2, weights2) in zip(seen_whole[2:], seen_resumed):
        assert k == k2
        assert all(np.array_equal(a, b) for a, b in zip(masks, masks2))
        assert all(np.array_equal(a, b) for a, b in zip(weights, weights2))
    assert whole.final_network.params.equal(resumed.final_network.params)


def test_first_level_is_validated():
    args = dict(levels=2, train_level=lambda n, k: None, score=lambda n, k: M.magnitude_scores(n),
                target=lambda k: {"fraction": 0.5})
    for bad in (-1, 3, 1.0, True):
        with pytest.raises(InvalidInput, match="first_level"):
            iterative_pruning(Network.init([3, 3, 2], seed=0), first_level=bad, **args)
