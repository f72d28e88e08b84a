"""Pensia et al.'s construction: structure, optimality of every subset, the certified and the empirical sup error."""

import math

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from subset_sum_oracle import closest_brute

from verify.errors import InvalidInput
from verify.tickets.construction import build_ticket, check_target, pensia_hidden_widths, prune_pair, random_target
from verify.tickets.sup_error import certified_sup_error, empirical_sup_error, relu_network


# ------------------------------------------------------------------------------------------------------- widths
def test_pensia_widths_by_hand():
    # C·d0·ln(d0·d1·l/min(ε,δ)) = 5·6·ln(9600) = 275.08 → 276 = 6·46; 5·8·ln(6400) = 350.6 → 351 → 8·44 = 352.
    assert pensia_hidden_widths([6, 8, 4], 0.01, 0.01, 5) == [276, 352]
    # 1·3·ln(3·2·1/0.5) = 7.45 → 8 → rounded up to a multiple of 3: 9.
    assert pensia_hidden_widths([3, 2], 0.5, 0.6, 1) == [9]
    # min(ε, δ) is what counts: δ smaller than ε.
    assert pensia_hidden_widths([3, 2], 0.9, 0.5, 1) == [9]


@pytest.mark.parametrize("eps, delta, c", [(0.0, 0.1, 1), (1.0, 0.1, 1), (0.1, 1.5, 1), (0.1, 0.1, 0),
                                           (float("nan"), 0.1, 1), (0.1, 0.1, float("inf"))])
def test_pensia_widths_refuse_bad_parameters(eps, delta, c):
    with pytest.raises(InvalidInput):
        pensia_hidden_widths([3, 2], eps, delta, c)


# ------------------------------------------------------------------------------------------------------- targets
def test_random_target_has_unit_spectral_norms_and_is_seeded():
    target = random_target([5, 7, 3, 2], seed=3)
    assert [w.shape for w in target] == [(7, 5), (3, 7), (2, 3)]
    for w in target:
        assert 1.0 - 1e-12 <= np.linalg.norm(w, 2) <= 1.0
    again = random_target([5, 7, 3, 2], seed=3)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(target, again))
    assert random_target([5, 7, 3, 2], seed=4)[0].tobytes() != target[0].tobytes()


def test_check_target_refuses_norm_above_one_unless_rescaled():
    w = np.diag([2.0, 0.5])
    with pytest.raises(InvalidInput, match="spectral norm 2 > 1"):
        check_target([w])
    (rescaled,) = check_target([w], rescale=True)
    assert np.linalg.norm(rescaled, 2) <= 1.0
    np.testing.assert_allclose(rescaled, np.diag([1.0, 0.25]))


@pytest.mark.parametrize("weights, message", [
    ([np.eye(3) * 0.5, np.ones((2, 4)) * 0.1], "needs 3 columns"),
    ([np.array([[np.nan]])], "NaN"),
    ([np.ones(3)], "matrix"),
    ([], "at least one"),
])
def test_check_target_refuses_bad_targets(weights, message):
    with pytest.raises(InvalidInput, match=message):
        check_target(weights)


# --------------------------------------------------------------------------------------------------- construction
def _pair_network(plus, minus):
    """A literal ReLU network computing h ↦ Ŵ⁺σ(h) − Ŵ⁻σ(−h): hidden units σ(h_j) and σ(−h_j)."""
    d = plus.shape[1]
    return [np.vstack([np.eye(d), -np.eye(d)]), np.hstack([plus, -minus])]


def _chain(pairs):
    return [m for pair in pairs for m in pair]


def test_construction_structure_and_every_subset_is_optimal():
    """Block structure of the first mask; every (r, j, sign) subset is the brute-force optimum of its own group."""
    rng = np.random.default_rng(0)
    d_in, d_out, m = 3, 4, 12
    w = random_target([d_in, d_out], seed=1)[0]
    first = rng.uniform(-1, 1, (d_in * m, d_in))
    second = rng.uniform(-1, 1, (d_out, d_in * m))
    mask1, mask2, _ = prune_pair(w, first, second, layer=1)
    expected_first = np.zeros_like(mask1)
    expected_first[np.arange(d_in * m), np.arange(d_in * m) // m] = 1
    np.testing.assert_array_equal(mask1, expected_first)
    for r in range(d_out):
        for j in range(d_in):
            block = np.arange(j * m, (j + 1) * m)
            a = first[block, j]
            for sign, members, target in ((+1, block[a >= 0], w[r, j]), (-1, block[a < 0], -w[r, j])):
                coefficients = np.abs(first[members, j]) * second[r, members]
                _, _, best = closest_brute(coefficients, target)
                kept = mask2[r, members].astype(bool)
                achieved = float(np.sum(coefficients[kept]))
                assert abs(abs(target - achieved) - best) <= 1e-12, (r, j, sign)


def test_effective_matrices_are_the_sums_of_the_kept_products():
    target = random_target([3, 5, 2], seed=2)
    ticket = build_ticket(target, 0.05, 0.05, c=2, seed=2, samples=64, restarts=1)
    for i, w in enumerate(target):
        first = ticket.random[2 * i] * ticket.masks[2 * i]
        second = ticket.random[2 * i + 1] * ticket.masks[2 * i + 1]
        d_out, d_in = w.shape
        for r in range(d_out):
            for j in range(d_in):
                plus = sum(first[u, j] * second[r, u] for u in range(first.shape[0]) if first[u, j] > 0)
                minus = sum(first[u, j] * second[r, u] for u in range(first.shape[0]) if first[u, j] < 0)
                assert abs(ticket.plus[i][r, j] - plus) <= 1e-12
                assert abs(ticket.minus[i][r, j] - minus) <= 1e-12


def test_the_literal_network_is_the_chain_of_pair_maps():
    """g(x) computed with the stored matrices and masks equals the chain h ↦ Ŵ⁺σ(h) − Ŵ⁻σ(−h) (+ ReLU between)."""
    target = random_target([4, 6, 3], seed=5)
    ticket = build_ticket(target, 0.05, 0.05, c=2, seed=5, samples=64, restarts=1)
    x = np.random.default_rng(0).standard_normal((200, 4))
    literal = ticket(x)
    chained = relu_network(_chain(_pair_network(p, m) for p, m in zip(ticket.plus, ticket.minus)), x)
    np.testing.assert_allclose(literal, chained, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_default_constant_gives_a_certified_ticket_on_the_example(seed):
    """Not vacuous: with C = 5 the certified bound meets ε = 0.01 on the 6–8–4 example, and empirical <= certified."""
    target = random_target([6, 8, 4], seed=seed)
    ticket = build_ticket(target, 0.01, 0.01, seed=seed, samples=512, restarts=2)
    assert ticket.ok and ticket.sup_error_certified <= 0.01
    assert 0 < ticket.sup_error_empirical <= ticket.sup_error_certified
    # The certified bound is within a modest factor of what is observed (it is not vacuous either in shape).
    assert ticket.sup_error_certified <= 50 * ticket.sup_error_empirical
    assert ticket.params_random == 276 * (6 + 8) + 352 * (8 + 4)
    assert ticket.params_kept == sum(int(k.sum()) for k in ticket.masks) < ticket.params_random


@settings(max_examples=25)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=4), st.integers(0, 2**32 - 1), st.sampled_from([0.5, 1, 2]))
def test_empirical_never_exceeds_certified_on_random_constructions(dims, seed, c):
    target = random_target(dims, seed=seed)
    ticket = build_ticket(target, 0.05, 0.1, c=c, seed=seed, samples=256, restarts=2)
    assert ticket.sup_error_empirical <= ticket.sup_error_certified
    x = np.random.default_rng(seed).standard_normal((500, dims[0]))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    # Fresh points are bounded by the certified error too (the empirical one is only a search result).
    assert np.linalg.norm(ticket(x) - ticket.target_output(x), axis=1).max() <= ticket.sup_error_certified


def test_default_search_beats_many_random_points():
    """The empirical sup with the default budget is at least the best of 200,000 random points of the sphere."""
    target = random_target([5, 3], seed=485)
    ticket = build_ticket(target, 0.05, 0.1, c=2, seed=485)
    x = np.random.default_rng(1).standard_normal((200_000, 5))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    best_random = np.linalg.norm(ticket(x) - ticket.target_output(x), axis=1).max()
    assert best_random <= ticket.sup_error_empirical <= ticket.sup_error_certified


# ------------------------------------------------------------------------------------------------- the bound itself
def test_certified_bound_is_tight_for_a_positive_error_on_one_layer():
    """l = 1, Ŵ⁻ = W, Ŵ⁺ = W + E with E > 0 entrywise: the sup over the ball of ‖E σ(x)‖ is ‖E‖ (its top singular
    vector is a non-negative Perron vector).  Both bounds must meet it."""
    rng = np.random.default_rng(7)
    w = random_target([4, 3], seed=7)[0]
    e = rng.uniform(0.01, 0.1, size=w.shape)
    plus, minus = w + e, w.copy()
    exact = np.linalg.norm(e, 2)
    certified, _ = certified_sup_error([w], [plus], [minus], terms=[1])
    empirical = empirical_sup_error([w], _pair_network(plus, minus), samples=256, restarts=4, seed=0)
    assert exact <= certified <= exact * (1 + 1e-9) + 1e-14
    assert exact * (1 - 1e-9) <= empirical <= certified


def test_certified_bound_by_hand_on_scalars():
    # d = 1, two layers: δ1 = hypot(p1 − w1, m1 − w1); δ2 = |p2|·δ1 + |p2 − w2|·|w1| (inputs of layer 2 are >= 0).
    w1, w2, p1, m1, p2, m2 = 0.8, -0.6, 0.75, 0.9, -0.5, 3.0
    target = [np.array([[w1]]), np.array([[w2]])]
    certified, layers = certified_sup_error(target, [np.array([[p1]]), np.array([[p2]])],
                                            [np.array([[m1]]), np.array([[m2]])], terms=[1, 1])
    by_hand = abs(p2) * math.hypot(p1 - w1, m1 - w1) + abs(p2 - w2) * abs(w1)
    assert by_hand <= certified <= by_hand * (1 + 1e-9) + 1e-14
    assert [b.input_norm_bound for b in layers] == pytest.approx([1.0, 0.8], rel=1e-9)


@st.composite
def perturbed_networks(draw):
    dims = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.sampled_from([1e-3, 0.05, 0.3, 1.0]))
    rng = np.random.default_rng(seed)
    target = random_target(dims, seed=seed, norm=float(rng.uniform(0.3, 1.0)))
    plus = [w + scale * rng.standard_normal(w.shape) for w in target]
    minus = [w + scale * rng.standard_normal(w.shape) for w in target]
    return target, plus, minus


@settings(max_examples=150)
@given(perturbed_networks())
def test_certified_bound_holds_for_arbitrary_pair_errors(instance):
    """Large, arbitrary errors (where a wrong propagation rule would show): empirical <= certified."""
    target, plus, minus = instance
    certified, _ = certified_sup_error(target, plus, minus, terms=[1] * len(target))
    network = _chain(_pair_network(p, m) for p, m in zip(plus, minus))
    empirical = empirical_sup_error(target, network, samples=256, restarts=3, seed=1)
    assert empirical <= certified


def test_empirical_sup_matches_a_dense_scan_of_the_circle():
    target = random_target([2, 5, 3], seed=11)
    ticket = build_ticket(target, 0.2, 0.2, c=0.7, seed=11, samples=128, restarts=4)
    angles = np.linspace(0, 2 * np.pi, 400_001)
    circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    dense = np.linalg.norm(ticket(circle) - ticket.target_output(circle), axis=1).max()
    assert dense * (1 - 1e-6) <= ticket.sup_error_empirical <= ticket.sup_error_certified


# ---------------------------------------------------------------------------------------------------- determinism
def test_same_seed_same_bytes_at_any_thread_count():
    target = random_target([5, 6, 3], seed=9)
    previous = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = build_ticket(target, 0.01, 0.01, seed=9, samples=64, restarts=1)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        two = build_ticket(target, 0.01, 0.01, seed=9, samples=64, restarts=1)
    finally:
        numba.set_num_threads(previous)
    for a, b in zip(one.masks + one.random, two.masks + two.random):
        assert a.tobytes() == b.tobytes()
    assert one.sup_error_certified == two.sup_error_certified


@pytest.mark.parametrize("kwargs, message", [
    (dict(hidden=[12]), "give exactly 2"),
    (dict(hidden=[13, 16]), "multiple of d_0 = 6"),
    (dict(hidden=[600, 800]), "at most 40"),
    (dict(hidden=[12, 16], c=2), "not both"),
    (dict(c=-1), "C -1 must be a finite number > 0"),
])
def test_build_refuses_bad_parameters(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        build_ticket(random_target([6, 8, 4]), 0.01, 0.01, **kwargs)


def test_backpropagation_matches_finite_differences():
    from verify.tickets.sup_error import relu_network_jacobian, relu_network_vjp

    rng = np.random.default_rng(12)
    matrices = [rng.standard_normal((7, 4)), rng.standard_normal((5, 7)), rng.standard_normal((3, 5))]
    x = rng.standard_normal(4)
    v = rng.standard_normal(3)
    step = 1e-6   # generic x: no activation changes within this step
    numeric = np.array([(relu_network(matrices, (x + step * e)[None]) - relu_network(matrices, (x - step * e)[None]))[0]
                        for e in np.eye(4)]).T / (2 * step)
    np.testing.assert_allclose(relu_network_jacobian(matrices, x), numeric, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(relu_network_vjp(matrices, x, v), numeric.T @ v, rtol=1e-6, atol=1e-8)


def test_hidden_widths_come_from_the_catalog_bound():
    """The construction's widths are the catalog's pensia2020.width, rounded up to a multiple of d_in."""
    import math

    from bounds import get
    from verify.tickets.construction import pensia_hidden_widths

    dims, eps, delta, c = [6, 8, 4], 0.01, 0.05, 1.7
    width = get("pensia2020.width")
    expected = []
    for i in (1, 2):
        raw = c * dims[i - 1] * math.log(dims[i - 1] * dims[i] * 2 / min(eps, delta))  # the formula by hand
        assert float(width(d_in=dims[i - 1], d_out=dims[i], l=2, eps=eps, delta=delta, C=c)) == pytest.approx(raw)
        expected.append(dims[i - 1] * math.ceil(math.ceil(raw) / dims[i - 1]))
    assert pensia_hidden_widths(dims, eps, delta, c) == expected
