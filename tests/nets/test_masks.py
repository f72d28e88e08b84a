"""Pruning is nested, exact in its counts and ranks only survivors; random masks, reset and layer collapse."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.nets.layered import LayerArrays
from verify.nets.network import Network


def random_layers(rng, widths, biases=False, kind=float, p=0.6):
    shapes = [(widths[i + 1], widths[i]) for i in range(len(widths) - 1)]
    if kind is bool:
        w = tuple(rng.random(s) < p for s in shapes)
        b = tuple(rng.random(s[0]) < p for s in shapes) if biases else None
    else:
        w = tuple(rng.normal(size=s) for s in shapes)
        b = tuple(rng.normal(size=s[0]) for s in shapes) if biases else None
    return LayerArrays(w, b)


def half_up(x):
    return int(np.floor(x + 0.5))


@st.composite
def pruning_cases(draw):
    widths = draw(st.lists(st.integers(1, 6), min_size=2, max_size=4))
    seed = draw(st.integers(0, 2**32 - 1))
    biases = draw(st.booleans())
    scope = draw(st.sampled_from(["layer", "global"]))
    use_fraction = draw(st.booleans())
    amount = draw(st.floats(0.0, 1.0))
    ties = draw(st.booleans())
    return widths, seed, biases, scope, use_fraction, amount, ties


def pools(arrays, biases, scope):
    """Flat per-pool vectors in the documented pool order (weights row-major, then the layer's biases)."""
    per_layer = [np.concatenate([arrays.weights[i].ravel()] + ([arrays.biases[i].ravel()] if biases else []))
                 for i in range(arrays.depth)]
    return [np.concatenate(per_layer)] if scope == "global" else per_layer


@given(pruning_cases())
def test_prune_is_nested_exact_and_ranks_only_survivors(case):
    widths, seed, biases, scope, use_fraction, amount, ties = case
    rng = np.random.default_rng(seed)
    scores = random_layers(rng, widths, biases)
    if ties:
        scores = scores.map(lambda a: np.round(a))  # many equal scores
    old = random_layers(rng, widths, biases, kind=bool)
    # Pruned entries get the highest scores of all: they must still not come back.
    scores = scores.combine(old, lambda s, m: np.where(m, s, 1e9))
    survivors = [int(m.sum()) for m in pools(old, biases, scope)]
    totals = [m.size for m in pools(old, biases, scope)]
    if use_fraction:
        expected_keep = [n - half_up(amount * n) for n in survivors]
        new = M.prune(scores, old, fraction=amount, scope=scope, biases=biases)
    else:
        density = min(amount, min(s / t for s, t in zip(survivors, totals)))
        expected_keep = [half_up(density * t) for t in totals]
        if any(k > s for k, s in zip(expected_keep, survivors)):  # rounding pushed past the survivors
            with pytest.raises(InvalidInput, match="nested"):
                M.prune(scores, old, density=density, scope=scope, biases=biases)
            return
        new = M.prune(scores, old, density=density, scope=scope, biases=biases)
    for new_array, old_array in zip(new, old):
        assert new_array.dtype == np.bool_
        assert not np.any(new_array & ~old_array)  # nested: nothing revived
    for s, m_old, m_new, keep in zip(pools(scores, biases, scope), pools(old, biases, scope),
                                     pools(new, biases, scope), expected_keep):
        assert int(m_new.sum()) == keep
        removed = m_old & ~m_new
        if keep and removed.any():
            # every kept survivor outranks every removed one; on equal scores the earlier position went first
            kept_idx, removed_idx = np.flatnonzero(m_new), np.flatnonzero(removed)
            assert s[kept_idx].min() >= s[removed_idx].max()
            tied_kept = kept_idx[s[kept_idx] == s[removed_idx].max()]
            assert np.all(tied_kept > removed_idx[s[removed_idx] == s[removed_idx].max()].max())
    if not biases:
        assert (new.biases is None) == (old.biases is None)


def test_lottery_ticket_schedule_on_lenet_shapes():
    """20 % of surviving hidden weights and 10 % of the output layer per round (spec lth.md): after k rounds
    P_m = (265,200·0.8^k + 1,000·0.9^k)/266,200, up to one rounding per layer and round."""
    rng = np.random.default_rng(0)
    shapes = [(300, 784), (100, 300), (10, 100)]
    masks = LayerArrays(tuple(np.ones(s, bool) for s in shapes))
    quoted = {3: 51.3, 7: 21.1, 9: 13.5, 12: 6.95, 15: 3.6, 20: 1.2}  # the paper's percentages
    for k in range(1, 21):
        scores = LayerArrays(tuple(rng.random(s) for s in shapes))
        masks = M.prune(scores, masks, fraction=[0.2, 0.2, 0.1], scope="layer")
        kept = M.kept_counts(masks)
        for count, (rows, cols), rate in zip(kept, shapes, [0.8, 0.8, 0.9]):
            assert abs(count - rows * cols * rate ** k) <= 0.5 * k
        if k in quoted:
            formula = (265_200 * 0.8 ** k + 1_000 * 0.9 ** k) / 266_200
            assert 100 * M.density(masks) == pytest.approx(quoted[k], abs=0.051 if k != 12 else 0.0051)
            assert M.density(masks) == pytest.approx(formula, abs=10 * k / 266_200)


def test_global_scope_ranks_across_layers():
    scores = LayerArrays((np.array([[5.0, 1.0]]), np.array([[2.0], [3.0]])))
    masks = M.prune(scores, density=0.5, scope="global")  # 4 weights, keep 2: the 5 and the 3
    assert masks.weights[0].tolist() == [[True, False]] and masks.weights[1].tolist() == [[False], [True]]
    layerwise = M.prune(scores, density=0.5, scope="layer")
    assert layerwise.weights[0].tolist() == [[True, False]] and layerwise.weights[1].tolist() == [[False], [True]]


def test_biases_join_their_pool_only_when_asked():
    scores = LayerArrays((np.array([[1.0, 2.0]]),), (np.array([10.0]),))
    with_biases = M.prune(scores, fraction=1 / 3, biases=True)
    assert with_biases.weights[0].tolist() == [[False, True]] and with_biases.biases[0].tolist() == [True]
    without = M.prune(scores, fraction=0.5)
    assert without.weights[0].tolist() == [[False, True]] and without.biases is None


def test_bad_pruning_requests():
    scores = LayerArrays((np.ones((2, 2)),))
    with pytest.raises(InvalidInput, match="exactly one"):
        M.prune(scores)
    with pytest.raises(InvalidInput, match="scope"):
        M.prune(scores, density=0.5, scope="neuron")
    with pytest.raises(InvalidInput, match=r"\[0, 1\]"):
        M.prune(scores, density=1.5)
    half = M.prune(scores, density=0.5)
    with pytest.raises(InvalidInput, match="never return"):
        M.prune(scores, half, density=0.75)
    with pytest.raises(InvalidInput, match="NaN"):
        M.prune(LayerArrays((np.full((2, 2), np.nan),)), density=0.5)


def test_random_masks_have_exact_sizes_and_are_seeded():
    net = Network.init([20, 30, 10, 3], seed=0)
    a = M.random_masks(net, [0.5, 0.1, 1.0], seed=4, biases=True)
    assert M.kept_counts(a) == [300, 30, 30]
    assert [int(b.sum()) for b in a.biases] == [15, 1, 3]
    assert M.random_masks(net, [0.5, 0.1, 1.0], seed=4, biases=True).equal(a)
    assert not M.random_masks(net, [0.5, 0.1, 1.0], seed=5, biases=True).equal(a)
    shuffled = M.shuffle_masks(a, seed=1)
    assert M.kept_counts(shuffled) == M.kept_counts(a) and not shuffled.equal(a)


def test_reset_takes_survivors_from_the_snapshot_and_zeroes_the_rest():
    theta0 = Network.init([4, 5, 2], bias=True, bias_init="product", seed=2)
    trained = theta0.copy()
    for w in trained.weights:
        w += 1.0
    masks = M.prune(M.magnitude_scores(trained), fraction=0.4)
    ticket = M.reset(theta0, masks)
    for w, w0, m in zip(ticket.weights, theta0.weights, masks.weights):
        assert np.array_equal(w[m], w0[m]) and np.all(w[~m] == 0.0)
    assert ticket.masks.equal(masks) and ticket.params.biases[0] is not theta0.params.biases[0]
    assert np.array_equal(ticket.biases[1], theta0.biases[1])


def brute_force_collapse(mask_list):
    widths = [mask_list[0].shape[1]] + [m.shape[0] for m in mask_list]
    for path in itertools.product(*[range(n) for n in widths]):
        if all(mask_list[i][path[i + 1], path[i]] for i in range(len(mask_list))):
            return False
    return True


@given(st.lists(st.integers(1, 3), min_size=2, max_size=5), st.integers(0, 2**32 - 1), st.floats(0.0, 1.0))
def test_layer_collapse_matches_path_enumeration(widths, seed, p):
    masks = random_layers(np.random.default_rng(seed), widths, kind=bool, p=p)
    assert M.layer_collapse(masks) == brute_force_collapse(masks.weights)


def test_density_helpers():
    masks = LayerArrays((np.array([[True, False], [True, True]]), np.array([[False, False]])),
                        (np.array([True, False]), np.array([True])))
    assert M.layer_densities(masks) == [0.75, 0.0]
    assert M.density(masks) == pytest.approx(3 / 6)
    assert M.density(masks, biases=True) == pytest.approx(5 / 9)
    table = M.density_table(masks)
    assert table["kept"].tolist() == [3, 0, 3]
    assert M.layer_collapse(masks)


def test_reset_accepts_plain_parameters():
    theta0 = Network.init([3, 4, 2], seed=5)
    masks = M.random_masks(theta0, 0.5, seed=0)
    assert M.reset(theta0.params, masks).params.equal(M.reset(theta0, masks).params)
