"""The exact closest-subset-sum solver agrees with brute force over all 2^n subsets and with a MILP (HiGHS)."""

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from subset_sum_oracle import closest_brute, closest_brute_many, closest_exact_error, index_order_sums

from verify.errors import InvalidInput
from verify.subsetsum.solve import MAX_COEFFICIENTS, closest_subset_sums

# Dyadic values: multiples of 2^-8 in [-4, 4]; every sum of up to 16 of them is exact in float64, so the canonical
# objective is the exact one and agreement with brute force must be bit for bit, ties included.
RESOLUTION = 2.0**-8
dyadic = st.integers(-4 * 256, 4 * 256).map(lambda k: k * RESOLUTION)


@st.composite
def dyadic_coefficients(draw, max_n=16):
    n = draw(st.integers(0, max_n))
    kind = draw(st.sampled_from(["mixed", "positive", "repeated", "with_zeros", "zeros", "tiny_set"]))
    if kind == "positive":
        values = draw(st.lists(st.integers(1, 4 * 256).map(lambda k: k * RESOLUTION), min_size=n, max_size=n))
    elif kind == "repeated":
        values = [draw(dyadic)] * n
    elif kind == "with_zeros":
        values = draw(st.lists(st.one_of(st.just(0.0), dyadic), min_size=n, max_size=n))
    elif kind == "zeros":
        values = [0.0] * n
    elif kind == "tiny_set":  # few distinct values: many equal sums, many ties
        values = draw(st.lists(st.sampled_from([-0.5, 0.25, 0.5, 1.0]), min_size=n, max_size=n))
    else:
        values = draw(st.lists(dyadic, min_size=n, max_size=n))
    return np.array(values, dtype=float)


@st.composite
def dyadic_targets(draw, coefficients, max_targets=24):
    """Targets inside and outside the reachable range, exactly on subset sums, and exactly between two sums."""
    span = float(np.abs(coefficients).sum()) + 1.0
    sums = index_order_sums(coefficients)
    count = draw(st.integers(1, max_targets))
    targets = []
    for _ in range(count):
        kind = draw(st.sampled_from(["anywhere", "outside", "on_sum", "midpoint"]))
        if kind == "anywhere":
            targets.append(draw(st.integers(int(-span * 512), int(span * 512))) * RESOLUTION / 2)
        elif kind == "outside":
            sign = draw(st.sampled_from([-1.0, 1.0]))
            targets.append(sign * (span + draw(st.integers(0, 1000)) * RESOLUTION))
        elif kind == "on_sum":
            targets.append(float(sums[draw(st.integers(0, sums.size - 1))]))
        else:
            i, j = draw(st.integers(0, sums.size - 1)), draw(st.integers(0, sums.size - 1))
            targets.append(float(sums[i] + sums[j]) / 2.0)  # exact: dyadic with one more bit
    return np.array(targets)


@st.composite
def shared_instances(draw):
    coefficients = draw(dyadic_coefficients())
    return coefficients, draw(dyadic_targets(coefficients))


def assert_matches(expected, targets, solution, coefficients):
    for k, target in enumerate(targets):
        got = (int(solution.masks[k]), float(solution.sums[k]), float(solution.errors[k]))
        assert got == expected[k], f"target {target!r}, coefficients {coefficients[k].tolist()}"


def assert_matches_brute(coefficients_per_target, targets, solution):
    expected = [closest_brute(coefficients_per_target[k], target) for k, target in enumerate(targets)]
    assert_matches(expected, targets, solution, coefficients_per_target)


def assert_shared_matches_brute(coefficients, targets, solution):
    assert_matches(closest_brute_many(coefficients, targets), targets, solution, [coefficients] * len(targets))


@settings(max_examples=1000)
@given(shared_instances())
def test_shared_coefficients_match_brute_force_bit_for_bit(instance):
    coefficients, targets = instance
    solution = closest_subset_sums(coefficients, targets)
    assert solution.masks.dtype == np.uint64
    assert_shared_matches_brute(coefficients, targets, solution)


@st.composite
def independent_instances(draw):
    rows = draw(st.integers(1, 12))
    n_max = draw(st.integers(0, 14))
    coefficient_rows, sizes, targets = [], [], []
    for _ in range(rows):
        size = draw(st.integers(0, n_max))
        coefficients = draw(dyadic_coefficients(max_n=size).filter(lambda c, size=size: c.size == size)) \
            if size else np.zeros(0)
        padded = np.concatenate([coefficients, draw(st.lists(dyadic, min_size=n_max - size, max_size=n_max - size))])
        coefficient_rows.append(padded)
        sizes.append(size)
        targets.append(draw(dyadic_targets(coefficients, max_targets=1))[0])
    return np.array(coefficient_rows).reshape(rows, n_max), np.array(sizes), np.array(targets)


@settings(max_examples=400)
@given(independent_instances())
def test_independent_ragged_instances_match_brute_force_bit_for_bit(instance):
    coefficients, sizes, targets = instance
    solution = closest_subset_sums(coefficients, targets, sizes=sizes)
    assert_matches_brute([coefficients[k, :sizes[k]] for k in range(len(targets))], targets, solution)
    # Padding beyond each instance's size is never chosen.
    assert np.all(solution.masks >> sizes.astype(np.uint64) == 0)


@settings(max_examples=400)
@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=0, max_size=14),
       st.lists(st.floats(-3, 3, allow_nan=False), min_size=1, max_size=8))
def test_arbitrary_floats_match_the_documented_objective_and_the_real_optimum(values, targets):
    """On any floats the solver reproduces the canonical objective exactly, which is the real-number optimum up to
    rounding (n·2^-52·(Σ|c| + |t|))."""
    coefficients, targets = np.array(values), np.array(targets)
    solution = closest_subset_sums(coefficients, targets)
    assert_shared_matches_brute(coefficients, targets, solution)
    if coefficients.size <= 10:
        for k, target in enumerate(targets):
            tolerance = 4 * (coefficients.size + 2) * 2.0**-52 * (np.abs(coefficients).sum() + abs(target))
            assert abs(solution.errors[k] - closest_exact_error(coefficients, target)) <= tolerance


def test_error_of_the_reported_subset_is_recomputed_from_its_mask():
    rng = np.random.default_rng(1)
    coefficients = rng.uniform(-1, 1, size=(300, 17))
    targets = rng.uniform(-1, 1, size=300)
    solution = closest_subset_sums(coefficients, targets)
    chosen = solution.selected()
    assert chosen.shape == (300, 17)
    recomputed = np.where(chosen, coefficients, 0.0).sum(axis=1)
    np.testing.assert_allclose(solution.sums, recomputed, rtol=0, atol=1e-13)
    np.testing.assert_array_equal(solution.errors, np.abs(targets - solution.sums))
    np.testing.assert_array_equal(solution.kept(), chosen.sum(axis=1))


def _milp_closest(coefficients, target):
    """min e s.t. |t − c·x| <= e, x binary (HiGHS); returns the subset it finds as a boolean vector."""
    n = coefficients.size
    objective = np.concatenate([np.zeros(n), [1.0]])
    rows = np.vstack([np.concatenate([coefficients, [-1.0]]), np.concatenate([-coefficients, [-1.0]])])
    constraints = LinearConstraint(rows, [-np.inf, -np.inf], [target, -target])
    result = milp(objective, constraints=constraints, integrality=np.concatenate([np.ones(n), [0]]),
                  bounds=Bounds(np.zeros(n + 1), np.concatenate([np.ones(n), [np.inf]])),
                  options={"mip_rel_gap": 0.0})
    assert result.success
    return np.round(result.x[:n]).astype(bool)


@settings(max_examples=120)
@given(st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_agrees_with_milp_on_the_optimal_error(n, seed):
    """HiGHS and the solver agree on the optimal error (subsets may differ on ties).  The solver is exact: it is
    never worse than the MILP's subset; the MILP is optimal up to its tolerances (absolute gap 1e-6)."""
    rng = np.random.default_rng(seed)
    coefficients = rng.uniform(-1, 1, size=n) * rng.choice([1.0, 0.1])
    target = float(rng.uniform(-1.5, 1.5))
    ours = closest_subset_sums(coefficients, target)
    chosen = _milp_closest(coefficients, target)
    milp_error = abs(target - float(np.sum(coefficients[chosen])))
    assert float(ours.errors) <= milp_error + 1e-12
    assert milp_error <= float(ours.errors) + 1e-6


def test_twenty_coefficients_against_brute_force():
    rng = np.random.default_rng(2)
    coefficients = rng.uniform(-1, 1, size=20)
    targets = rng.uniform(-2, 2, size=5)
    assert_shared_matches_brute(coefficients, targets, closest_subset_sums(coefficients, targets))


def test_forty_coefficients_hit_a_planted_subset_exactly():
    """n = 40 (beyond brute force): the target is the sum of a planted subset of dyadic values, so the optimum error
    is 0 and the reported subset must sum to the target exactly."""
    rng = np.random.default_rng(3)
    coefficients = rng.integers(-2**20, 2**20, size=(6, MAX_COEFFICIENTS)) * 2.0**-20
    planted = rng.random((6, MAX_COEFFICIENTS)) < 0.5
    targets = np.where(planted, coefficients, 0.0).sum(axis=1)
    solution = closest_subset_sums(coefficients, targets)
    np.testing.assert_array_equal(solution.errors, 0.0)
    np.testing.assert_array_equal(np.where(solution.selected(), coefficients, 0.0).sum(axis=1), targets)
    shared = closest_subset_sums(coefficients[0], targets[:1])
    assert float(shared.errors[0]) == 0.0


def test_shared_and_independent_forms_give_the_same_bytes():
    rng = np.random.default_rng(4)
    coefficients = rng.uniform(-1, 1, size=19)
    targets = rng.uniform(-3, 3, size=500)
    shared = closest_subset_sums(coefficients, targets)
    independent = closest_subset_sums(np.tile(coefficients, (500, 1)), targets)
    for field in ("masks", "sums", "errors"):
        np.testing.assert_array_equal(getattr(shared, field), getattr(independent, field))


def test_results_do_not_depend_on_thread_count_or_chunking():
    rng = np.random.default_rng(5)
    coefficients = rng.uniform(-1, 1, size=(3000, 21))
    targets = rng.uniform(-1, 1, size=3000)
    shared_coefficients = rng.uniform(-1, 1, size=28)
    previous = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = closest_subset_sums(coefficients, targets, chunk=7)
        one_shared = closest_subset_sums(shared_coefficients, targets[:200])
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        two = closest_subset_sums(coefficients, targets, chunk=64)
        two_shared = closest_subset_sums(shared_coefficients, targets[:200])
    finally:
        numba.set_num_threads(previous)
    for field in ("masks", "sums", "errors"):
        assert getattr(one, field).tobytes() == getattr(two, field).tobytes()
        assert getattr(one_shared, field).tobytes() == getattr(two_shared, field).tobytes()


def test_output_has_the_targets_shape():
    solution = closest_subset_sums([0.5, 0.25], np.zeros((2, 3)))
    assert solution.masks.shape == solution.sums.shape == solution.errors.shape == (2, 3)
    scalar = closest_subset_sums([0.5, 0.25], 0.7)
    assert scalar.masks.shape == () and int(scalar.masks) == 3


def test_tie_rule_smallest_mask():
    # 0.25 = {c0} (mask 1) = {c1} (mask 2); 0.5 = {c0, c1} (mask 3) = {c2} (mask 4); 0.125 is as far from the empty
    # sum (mask 0) as from 0.25 (mask 1).  The smallest mask wins every tie.
    solution = closest_subset_sums([0.25, 0.25, 0.5], [0.25, 0.5, 0.125])
    assert solution.masks.tolist() == [1, 3, 0]


@pytest.mark.parametrize("coefficients, targets, sizes, message", [
    (np.zeros(MAX_COEFFICIENTS + 1), [0.0], None, "limit"),
    ([0.5, np.nan], [0.0], None, "NaN"),
    ([0.5, 0.25], [np.inf], None, "NaN or infinite"),
    (np.zeros((3, 4)), np.zeros(2), None, "shape"),
    (np.zeros((2, 4)), np.zeros(2), [1, 5], r"\[0, 4\]"),
    (np.zeros(4), np.zeros(2), [1, 2], "independent"),
    (["a", "b"], [0.0], None, "numeric"),
    ([1e308, 1e308], [0.0], None, "overflow"),
])
def test_bad_input_is_refused(coefficients, targets, sizes, message):
    with pytest.raises(InvalidInput, match=message):
        closest_subset_sums(coefficients, targets, sizes=sizes)
