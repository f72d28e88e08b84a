"""The constructions beyond Pensia et al.: Burkholz's depth l + 1, Orseau et al.'s hyperbolic weights, da Cunha et al.'s
CNNs.  Oracles: brute force over all subsets on tiny instances, the certificates against dense sampling of the domain
(on the constructions' tickets and on arbitrary masked networks of the same structure, where the bound must hold as
well), nested draws against fresh draws, and a forward pass written from the activations' definitions."""

import itertools

import numpy as np
import pytest

from verify.errors import InvalidInput
from verify.tickets import burkholz, convolutional, orseau
from verify.tickets.activations import RELU, activation
from verify.tickets.builds import burkholz_ticket, conv_ticket, orseau_ticket
from verify.tickets.construction import certify as pensia_certify
from verify.tickets.construction import random_target
from verify.tickets.layered import forward

LEAKY = activation("leaky-relu", 0.2)


def _sphere(dimension, count, seed):
    points = np.random.default_rng(seed).standard_normal((count, dimension))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return np.vstack([points, np.eye(dimension), -np.eye(dimension)])


def _dense(matrices, act, x):
    """x ↦ M_k σ(… σ(M_1 x)) written out from σ's definition (t for t >= 0, s·t below)."""
    h = x
    for k, m in enumerate(matrices):
        h = h @ m.T
        if k < len(matrices) - 1:
            h = np.where(h >= 0, h, act.negative_slope * h)
    return h


def _brute_force(coefficients, target):
    best = abs(target)
    for r in range(1, len(coefficients) + 1):
        for subset in itertools.combinations(coefficients, r):
            best = min(best, abs(target - sum(subset)))
    return best


# ------------------------------------------------------------------------------------------------- activations
def test_activation_facts_the_certificates_use():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=10_000), rng.normal(size=10_000)
    for act in (RELU, LEAKY):
        secant = (act(a) - act(b)) / (a - b)
        assert secant.min() >= act.negative_slope - 1e-12 and secant.max() <= 1 + 1e-12
        lam = rng.uniform(0, 3, a.size)
        assert np.allclose(act(lam * a), lam * act(a))
        assert np.allclose(act(a) - act(-a), act.odd_part * a)
        phi = np.hypot(act(a) - act(b), act(-a) - act(-b))
        assert np.all(phi <= act.pair_factor * np.abs(a - b) * (1 + 1e-12))
    with pytest.raises(InvalidInput, match="strictly between 0 and 1"):
        activation("leaky-relu", 1.5)
    with pytest.raises(InvalidInput, match="not known"):
        activation("tanh")


# ---------------------------------------------------------------------------------------------------- burkholz
@pytest.mark.parametrize("act", [RELU, LEAKY], ids=["relu", "leaky"])
def test_burkholz_subsets_are_exact_optima(act):
    target = random_target([2, 3, 2], seed=4)
    rho = 5
    matrices = burkholz.nested_burkholz([2, 3, 2], rho, seed=2).matrices(rho)
    masks = burkholz.prune(target, matrices, rho, act)
    # layer 3: copy k' of output r keeps, for input neuron j, a subset of the rho weights from j's copies
    c, kept = matrices[2], masks[2]
    for r, j in itertools.product(range(2), range(3)):
        coefficients = c[r, j * rho:(j + 1) * rho]
        chosen = coefficients[kept[r, j * rho:(j + 1) * rho] == 1].sum()
        assert abs(target[1][r, j] - chosen) == pytest.approx(_brute_force(coefficients, target[1][r, j]), abs=1e-15)
    # layer 2: copy (r, k) approximates W1[r, j]/(1 + s) by products of one sign group of block j
    first, second = matrices[0], matrices[1]
    units = 2 * rho
    for row, j in itertools.product(range(3 * rho), range(2)):
        block = np.arange(j * units, (j + 1) * units)
        a = first[block, j]
        for sign in (1, -1):
            group = block[(a >= 0) if sign == 1 else (a < 0)]
            products = np.abs(first[group, j]) * second[row, group]
            goal = sign * target[0][row // rho, j] / act.odd_part
            chosen = products[masks[1][row, group] == 1].sum()
            assert abs(goal - chosen) == pytest.approx(_brute_force(products, goal), abs=1e-14)


def test_burkholz_networks_are_nested():
    wide = burkholz.nested_burkholz([3, 4, 2], 9, seed=5)
    small = burkholz.nested_burkholz([3, 4, 2], 6, seed=5)
    for a, b in zip(wide.matrices(6), small.matrices(6)):
        assert a.tobytes() == b.tobytes()
    shapes = [m.shape for m in wide.matrices(6)]
    assert shapes == [(36, 3), (24, 36), (2, 24)]


@pytest.mark.parametrize("act", [RELU, LEAKY], ids=["relu", "leaky"])
@pytest.mark.parametrize("dims", [[2, 3, 2], [3, 2, 3, 2]])
def test_burkholz_certificate_holds_on_dense_samples_of_the_ball(act, dims):
    """Tickets of the construction and arbitrary masks of the same structure: the certified bound is never below
    the error at 20,000 points of the sphere (the error is positively homogeneous, so the sphere is the worst)."""
    target = random_target(dims, seed=7)
    rho = 6
    matrices = burkholz.nested_burkholz(dims, rho, seed=3).matrices(rho)
    rng = np.random.default_rng(11)
    mask_sets = [burkholz.prune(target, matrices, rho, act)]
    for _ in range(3):   # random masks: layer 1 keeps its in-degree-one block edges, the rest is arbitrary
        masks = [(matrices[0] != 0).astype(np.uint8)]
        masks += [(rng.random(m.shape) < 0.3).astype(np.uint8) for m in matrices[1:]]
        mask_sets.append(masks)
    points = _sphere(dims[0], 20_000, seed=1)
    for masks in mask_sets:
        pruned = [m * k for m, k in zip(matrices, masks)]
        bound, terms = burkholz.certify(target, pruned, rho, act)
        observed = np.linalg.norm(_dense(target, act, points) - _dense(pruned, act, points), axis=1).max()
        assert observed <= bound
        assert bound == pytest.approx(sum(t.term for t in terms), rel=1e-8)


def test_burkholz_ticket_meets_eps_and_its_empirical_error_is_attained():
    target = random_target([3, 4, 2], seed=0)
    ticket = burkholz_ticket(target, 0.05, copies=16, seed=0, samples=512, restarts=2)
    assert ticket.depth == 3 and ticket.widths == [96, 64]
    assert ticket.sup_error_empirical <= ticket.sup_error_certified
    x = _sphere(3, 2000, seed=2)
    pruned = [layer.weights * mask for layer, mask in zip(ticket.random, ticket.masks)]
    assert np.allclose(ticket(x), _dense(pruned, RELU, x))
    assert np.allclose(ticket.target_output(x), _dense(target, RELU, x))
    again = burkholz_ticket(target, 0.05, copies=16, seed=0, samples=512, restarts=2)
    assert again.sup_error_certified == ticket.sup_error_certified
    assert again.sup_error_empirical == ticket.sup_error_empirical
    assert all(a.tobytes() == b.tobytes() for a, b in zip(again.masks, ticket.masks))


def test_burkholz_at_depth_one_is_a_pensia_pair():
    """With one target layer the L + 1 construction is a pair with 2ρ units per coordinate, and its certificate is
    Pensia et al.'s (same matrices, same bound up to the rounding slack)."""
    target = random_target([3, 2], seed=3)
    rho = 8
    matrices = burkholz.nested_burkholz([3, 2], rho, seed=4).matrices(rho)
    masks = burkholz.prune(target, matrices, rho)
    bound = burkholz.certify(target, [m * k for m, k in zip(matrices, masks)], rho)[0]
    reference = pensia_certify(target, matrices, masks)[0]
    assert bound == pytest.approx(reference, rel=1e-8)


# ------------------------------------------------------------------------------------------------------ orseau
def test_orseau_weights_follow_the_hyperbolic_law():
    net = orseau.nested_orseau([3, 2], 4000, seed=1, alpha=0.1, beta=1.0)
    magnitudes = np.abs(np.concatenate([net.first[0].ravel(), net.second[0].ravel()]))
    assert magnitudes.min() >= 0.1 and magnitudes.max() <= 1.0
    # log-magnitudes are uniform on [log 0.1, 0]: compare the quartiles with the law's
    quartiles = np.quantile(np.log(magnitudes), [0.25, 0.5, 0.75])
    assert np.allclose(quartiles, np.log(0.1) * np.array([0.75, 0.5, 0.25]), atol=0.03)
    signs = np.sign(net.second[0]).ravel()
    assert abs(signs.mean()) < 0.03
    with pytest.raises(InvalidInput, match="beta"):
        orseau.hyperbolic_law(0.1, 2.0)


def test_orseau_networks_are_nested_and_certified():
    wide = orseau.nested_orseau([2, 3, 2], 30, seed=2)
    narrow = orseau.nested_orseau([2, 3, 2], 12, seed=2)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(wide.matrices(12), narrow.matrices(12)))
    target = random_target([2, 3, 2], seed=5)
    matrices = wide.matrices(30)
    masks = orseau.prune(target, matrices)
    bound = pensia_certify(target, matrices, masks)[0]
    pruned = [m * k for m, k in zip(matrices, masks)]
    x = _sphere(2, 20_000, seed=3)
    assert np.linalg.norm(_dense(target, RELU, x) - _dense(pruned, RELU, x), axis=1).max() <= bound


def test_a_capped_sign_group_offers_its_largest_units():
    from verify.tickets.construction import prune_pair

    rng = np.random.default_rng(0)
    first = np.zeros((12, 1))
    first[:, 0] = rng.uniform(0.05, 1, 12)          # one sign group of 12 units
    second = rng.uniform(-1, 1, (2, 12))
    w = np.array([[0.3], [-0.2]])
    _, mask2, errors = prune_pair(w, first, second, layer=1, cap=5)
    offered = np.argsort(-first[:, 0], kind="stable")[:5]
    assert set(np.flatnonzero(mask2.any(axis=0))) <= set(offered)
    for r in range(2):
        products = first[offered, 0] * second[r, offered]
        assert errors[r, 0, 0] == pytest.approx(_brute_force(products, w[r, 0]), abs=1e-15)


# -------------------------------------------------------------------------------------------------------- conv
def _conv_reference(kernels, x, padding):
    """(T h)[o, y, x] = Σ_c Σ_p Σ_q K[o, c, p, q] · h̄[c, y + p, x + q], written as loops."""
    channels, height, width = x.shape
    out_channels, _, side, _ = kernels.shape
    padded = np.zeros((channels, height + 2 * padding, width + 2 * padding))
    padded[:, padding:padding + height, padding:padding + width] = x
    out = np.zeros((out_channels, height + 2 * padding - side + 1, width + 2 * padding - side + 1))
    for o, yy, xx in itertools.product(range(out.shape[0]), range(out.shape[1]), range(out.shape[2])):
        out[o, yy, xx] = np.sum(kernels[o] * padded[:, yy:yy + side, xx:xx + side])
    return out


def test_conv_layers_match_a_loop_implementation():
    from verify.tickets.layered import conv2d

    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 2, 5, 6))
    kernels = rng.normal(size=(4, 2, 3, 3))
    out = conv2d(x, kernels, 1)
    for n in range(3):
        assert np.allclose(out[n], _conv_reference(kernels, x[n], 1))


def test_conv_subsets_are_exact_optima_and_the_pair_computes_the_effective_kernels():
    kernels = convolutional.random_kernels([1, 2], 3, seed=2)
    n = 8
    tensors = convolutional.nested_cnn([1, 2], n, seed=1).tensors(n)
    masks = convolutional.prune(kernels, tensors)
    a = tensors[0][:, 0, 0, 0]
    for o, p, q in itertools.product(range(2), range(3), range(3)):
        for sign in (1, -1):
            group = np.flatnonzero(a >= 0) if sign == 1 else np.flatnonzero(a < 0)
            products = np.abs(a[group]) * tensors[1][o, group, p, q]
            chosen = products[masks[1][o, group, p, q] == 1].sum()
            goal = sign * kernels[0][o, 0, p, q]
            assert abs(goal - chosen) == pytest.approx(_brute_force(products, goal), abs=1e-14)


@pytest.mark.parametrize("channels", [[1, 2], [1, 2, 1]])
def test_conv_certificate_holds_on_the_box(channels):
    """Every vertex of the box of 3×3 one-channel images (the error is piecewise linear and homogeneous) and random
    interior points, for the construction's ticket and for random masks of the same structure."""
    kernels = convolutional.random_kernels(channels, 3, seed=3)
    n = 10
    tensors = convolutional.nested_cnn(channels, n, seed=4).tensors(n)
    rng = np.random.default_rng(5)
    mask_sets = [convolutional.prune(kernels, tensors)]
    for _ in range(2):
        masks = []
        for k, t in enumerate(tensors):
            masks.append((t != 0).astype(np.uint8) if k % 2 == 0 else (rng.random(t.shape) < 0.3).astype(np.uint8))
        mask_sets.append(masks)
    vertices = np.array(list(itertools.product([-1.0, 1.0], repeat=9))).reshape(-1, 1, 3, 3)
    inside = rng.uniform(-1, 1, (3000, 1, 3, 3))
    points = np.concatenate([vertices, inside])
    target = convolutional.target_layers(kernels)
    for masks in mask_sets:
        pruned = [layer.with_weights(layer.weights * k)
                  for layer, k in zip(convolutional.network_layers(tensors), masks)]
        bound, _ = convolutional.certify(kernels, [layer.weights for layer in pruned])
        observed = np.abs(forward(target, points) - forward(pruned, points)).max()
        assert observed <= bound


def test_conv_ticket_and_its_empirical_search():
    kernels = convolutional.random_kernels([1, 2], 3, seed=0)
    ticket = conv_ticket(kernels, 0.05, units=24, image=5, seed=0, samples=128, restarts=2)
    assert ticket.domain == "linf-box" and ticket.depth == 2 and ticket.widths == [24]
    assert ticket.sup_error_empirical <= ticket.sup_error_certified
    with pytest.raises(InvalidInput, match="norm"):
        conv_ticket([np.ones((1, 1, 3, 3))], 0.05, units=4)
    with pytest.raises(InvalidInput, match="odd"):
        convolutional.random_kernels([1, 2], 2)


# ------------------------------------------------------------------------------ certificates on tight instances
# Each instance below makes one term of a certificate exact (the sup is attained and equals the bound), so a bound
# that drops or shrinks that term fails them; validity on random instances is tested above and below.
@pytest.mark.parametrize("slope", [0.0, 0.3])
def test_burkholz_first_term_is_exact_when_the_errors_align(slope):
    """Depth one, one input, one output: error(x) = (e⁺ + s e⁻) x for x > 0; with (e⁺, e⁻) ∝ (1, s) the bound
    κ‖[E⁺, −E⁻]‖ = c(1 + s²) is attained at x = 1 (Cauchy–Schwarz with equality)."""
    act = RELU if slope == 0 else activation("leaky-relu", slope)
    w, c = 0.4, 0.01
    first = np.array([[1.0], [-1.0]])
    second = np.array([[w / act.odd_part + c, -(w / act.odd_part + slope * c)]])
    bound, _ = burkholz.certify([np.array([[w]])], [first, second], 1, act)
    attained = abs(_dense([first, second], act, np.array([[1.0]])) - w)[0, 0]
    assert attained == pytest.approx(c * (1 + slope ** 2), rel=1e-9)
    assert bound == pytest.approx(attained, rel=1e-6) and bound >= attained


def _exact_first_pair(w1, rho, act):
    """M_1, M_2 of an exact first layer: per input one unit of weight +1 and one of −1, every copy's weights
    ±W_1/(1 + s), so Ŵ⁺ = Ŵ⁻ = W_1/(1 + s) and F_1 = 0."""
    d1, d0 = w1.shape
    first = np.zeros((2 * d0, d0))
    first[2 * np.arange(d0), np.arange(d0)] = 1.0
    first[2 * np.arange(d0) + 1, np.arange(d0)] = -1.0
    second = np.zeros((rho * d1, 2 * d0))
    rows = np.repeat(w1, rho, axis=0) / act.odd_part
    second[:, 0::2], second[:, 1::2] = rows, -rows
    return first, second


@pytest.mark.parametrize("slope", [0.0, 0.3])
def test_burkholz_last_term_is_exact_when_the_first_layer_is(slope):
    """F_1 = 0 and the copies' block sum misses W_2 by f: the error is f·σ(w₁x), whose sup |f|·|w₁| is the bound."""
    act = RELU if slope == 0 else activation("leaky-relu", slope)
    w1, w2, rho = np.array([[0.7]]), np.array([[0.5]]), 3
    first, second = _exact_first_pair(w1, rho, act)
    last = np.array([[0.2, 0.1, 0.25]])                      # sums to 0.55: f = 0.05
    bound, terms = burkholz.certify([w1, w2], [first, second, last], rho, act)
    attained = abs(_dense([first, second, last], act, np.array([[1.0]])) - 0.5 * 0.7)[0, 0]
    assert attained == pytest.approx(0.05 * 0.7, rel=1e-9)
    assert terms[0].term == pytest.approx(0.0, abs=1e-12)
    assert bound == pytest.approx(attained, rel=1e-6) and bound >= attained


def test_burkholz_copy_errors_add_with_the_weights_magnitudes():
    """Copies of one neuron with errors e_k > 0 read through weights c_k > 0 that sum to W_2 exactly: the error is
    Σ c_k e_k x, which the |C_2||F_1| route of the certificate gives exactly."""
    rho, w1 = 3, 0.6
    c = np.array([[0.1, 0.2, 0.3]])                          # sums to W_2 = 0.6
    e = np.array([0.01, 0.02, 0.005])
    first = np.array([[1.0], [-1.0]])
    second = np.column_stack([w1 + e, -np.full(rho, w1)])   # copy k: Ŵ⁺ = w1 + e_k, Ŵ⁻ = w1
    bound, _ = burkholz.certify([np.array([[w1]]), np.array([[0.6]])], [first, second, c], rho, RELU)
    attained = abs(_dense([first, second, c], RELU, np.array([[1.0]])) - 0.6 * w1)[0, 0]
    assert attained == pytest.approx(float((c @ e)[0]), rel=1e-9)
    assert bound == pytest.approx(attained, rel=1e-6) and bound >= attained


def test_conv_first_layer_term_counts_the_negative_inputs():
    """E⁺ = 0 and every E⁻ coefficient 0.01: at the all −1 image the centre output's error is Σ E⁻ = 0.09, the
    bound e_1 (a bound that reads only E⁺ would give 0)."""
    k = np.full((1, 1, 3, 3), 0.1)
    one = np.array([1.0, -1.0]).reshape(2, 1, 1, 1)
    second = np.zeros((1, 2, 3, 3))
    second[0, 0] = 0.1
    second[0, 1] = -(0.1 + 0.01)                             # Ŵ⁻ = a·b = 0.11: E⁻ = 0.01
    bound, _ = convolutional.certify([k], [one, second])
    target = convolutional.target_layers([k])
    network = convolutional.network_layers([one, second])
    x = -np.ones((1, 1, 5, 5))
    attained = np.abs(forward(target, x) - forward(network, x)).max()
    assert attained == pytest.approx(0.09, rel=1e-9)
    assert bound == pytest.approx(attained, rel=1e-6) and bound >= attained


def test_conv_second_layer_term_is_propagated_through_the_first_layer_norm():
    """Layer 1 exact, layer 2's E⁺ all 0.01: at the all-ones 5×5 image the centre output's error is
    Σ E⁺ · ‖K_1‖_∞ = 0.09 · 0.9, the bound e_2 ρ_1."""
    k1, k2 = np.full((1, 1, 3, 3), 0.1), np.full((1, 1, 3, 3), 0.05)
    one = np.array([1.0, -1.0]).reshape(2, 1, 1, 1)
    exact = np.zeros((1, 2, 3, 3))
    exact[0, 0], exact[0, 1] = 0.1, -0.1
    second = np.zeros((1, 2, 3, 3))
    second[0, 0], second[0, 1] = 0.05 + 0.01, -0.05
    bound, layers = convolutional.certify([k1, k2], [one, exact, one, second])
    target = convolutional.target_layers([k1, k2])
    network = convolutional.network_layers([one, exact, one, second])
    x = np.ones((1, 1, 5, 5))
    attained = np.abs(forward(target, x) - forward(network, x)).max()
    assert attained == pytest.approx(0.09 * 0.9, rel=1e-9)
    assert layers[0].propagated == pytest.approx(0.0, abs=1e-12)
    assert bound == pytest.approx(attained, rel=1e-6) and bound >= attained


@pytest.mark.parametrize("seed", range(6))
def test_every_construction_certifies_above_its_own_empirical_search(seed):
    """Many small instances (random targets, widths around the threshold): the empirical sup, a value attained,
    never exceeds the certified bound."""
    target = random_target([2, 3, 2], seed=seed)
    for ticket in (burkholz_ticket(target, 0.1, copies=6 + seed, seed=seed, samples=256, restarts=2),
                   burkholz_ticket(target, 0.1, copies=6 + seed, act=LEAKY, seed=seed, samples=256, restarts=2),
                   orseau_ticket(target, 0.1, units=8 + 2 * seed, seed=seed, samples=256, restarts=2),
                   conv_ticket(convolutional.random_kernels([1, 2, 1], 3, seed=seed), 0.1, units=6 + seed, image=4,
                               seed=seed, samples=128, restarts=2)):
        assert 0 < ticket.sup_error_empirical <= ticket.sup_error_certified, ticket.construction
