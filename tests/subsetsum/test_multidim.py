"""Cube coverage by subset sums of vectors: exact in d <= 2 and certified brackets in d = 3, against brute force."""

import numpy as np
import pytest
from cube_oracle import first_covering_prefix
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.errors import InvalidInput
from verify.subsetsum.montecarlo import coverage
from verify.subsetsum.multidim import brackets_of, cube_brackets
from verify.subsetsum.multidim_run import cube_coverage

STEP = 2.0**-5   # dyadic coordinates: every sum, box edge and cell centre is exact in float64


@st.composite
def vector_instances(draw, d, n_max):
    n = draw(st.integers(1, n_max))
    coordinate = st.integers(-40, 40).map(lambda v: v * STEP)
    vectors = np.array(draw(st.lists(st.lists(coordinate, min_size=d, max_size=d), min_size=n, max_size=n)))
    eps = draw(st.integers(4, 24)) * STEP
    half = draw(st.integers(8, 40)) * STEP
    return vectors, eps, -half, half


@settings(max_examples=400)
@given(vector_instances(2, 7), st.integers(1, 4))
def test_two_dimensions_are_exact_against_brute_force(instance, resolution):
    """(A coarse grid leaves most decisions to the exact sweep; a fine one to the grid tests.)"""
    vectors, eps, a, b = instance
    lower, upper = cube_brackets(vectors, eps, interval=(a, b), resolution=resolution)
    truth = first_covering_prefix(vectors, eps, a, b)
    assert lower[0, 0] == upper[0, 0] == truth


@settings(max_examples=250)
@given(vector_instances(3, 5), st.integers(1, 6))
def test_three_dimensions_bracket_the_brute_force_answer(instance, resolution):
    vectors, eps, a, b = instance
    lower, upper = cube_brackets(vectors, eps, interval=(a, b), resolution=resolution)
    truth = first_covering_prefix(vectors, eps, a, b)
    assert lower[0, 0] <= truth <= upper[0, 0]


@settings(max_examples=200)
@given(vector_instances(1, 10))
def test_one_dimension_is_exact_against_brute_force(instance):
    vectors, eps, a, b = instance
    lower, upper = cube_brackets(vectors, eps, interval=(a, b))
    assert lower[0, 0] == upper[0, 0] == first_covering_prefix(vectors, eps, a, b)


def test_three_dimensions_on_random_real_vectors_bracket_the_truth():
    rng = np.random.default_rng(11)
    vectors = rng.uniform(-1, 1, size=(6, 6, 3))
    lower, upper = cube_brackets(vectors, [0.7, 0.9], resolution=3)
    for t in range(6):
        for j, eps in enumerate((0.7, 0.9)):
            truth = first_covering_prefix(vectors[t], eps, -1.0, 1.0)
            assert lower[t, j] <= truth <= upper[t, j]


def test_three_dimensions_are_exact_on_small_instances_after_cell_refinement():
    """Within the refinement budget (few sums, so few boxes per cell) the d = 3 bracket closes on the brute-force
    n*: the grid tests alone leave it open at these coarse resolutions, the cell-by-cell decision closes it."""
    rng = np.random.default_rng(7)
    for _ in range(120):
        n = int(rng.integers(3, 8))
        vectors = rng.integers(-40, 41, size=(n, 3)) * STEP
        eps, half = int(rng.integers(8, 24)) * STEP, int(rng.integers(8, 24)) * STEP
        truth = first_covering_prefix(vectors, eps, -half, half)
        for resolution in (1, 2):
            lower, upper = cube_brackets(vectors, eps, interval=(-half, half), resolution=resolution)
            assert lower[0, 0] == upper[0, 0] == truth


def test_dimension_one_equals_the_scalar_engine():
    cube = cube_coverage("uniform", eps=[0.1, 0.02], dim=1, trials=200, n_max=24, seed=5)
    scalar = coverage("uniform", eps=[0.02], eps_max=0.1, trials=200, n_max=24, seed=5)
    for eps in (0.1, 0.02):
        lower, upper = cube.n_star_bracket(eps)
        np.testing.assert_array_equal(lower, scalar.n_star(eps))
        np.testing.assert_array_equal(upper, scalar.n_star(eps))


def test_same_bytes_for_any_thread_count_and_chunking():
    one = cube_coverage("uniform", eps=[0.45], dim=2, trials=40, n_max=20, seed=2, threads=1)
    two = cube_coverage("uniform", eps=[0.45], dim=2, trials=40, n_max=20, seed=2, threads=2, chunk_size=7)
    assert one.n_lower.tobytes() == two.n_lower.tobytes() and one.n_upper.tobytes() == two.n_upper.tobytes()


def test_a_path_that_exceeds_the_capacity_is_unresolved_not_guessed():
    rng = np.random.default_rng(3)
    vectors = rng.uniform(-1, 1, size=(3, 20, 2))
    full_lower, full_upper, _, _, _ = brackets_of(vectors, np.array([0.2]), -1.0, 1.0, 0.2, 4, 2**22)
    lower, upper, overflow, _, _ = brackets_of(vectors, np.array([0.2]), -1.0, 1.0, 0.2, 4, 64)
    assert np.all(overflow > 0)
    assert np.all(upper == 21)                           # unresolved: beyond n_max
    assert np.all(lower <= full_lower)                   # still a valid lower end
    assert np.all(full_lower == full_upper)


def test_the_store_resumes_with_the_same_bytes(tmp_path):
    first = cube_coverage("uniform", eps=[0.45], dim=2, trials=30, n_max=18, seed=4, out=tmp_path / "run")
    again = cube_coverage("uniform", eps=[0.45], dim=2, trials=30, n_max=18, seed=4, out=tmp_path / "run")
    assert first.n_upper.tobytes() == again.n_upper.tobytes()
    with pytest.raises(InvalidInput, match="different run"):
        cube_coverage("uniform", eps=[0.45], dim=3, trials=30, n_max=18, seed=4, out=tmp_path / "run")


@pytest.mark.parametrize("kwargs, match", [({"dim": 4}, "dim"), ({"dim": 0}, "dim"), ({"resolution": 0}, "resolution"),
                                           ({"capacity": 0}, "capacity"), ({"keep": 0.0}, "keep")])
def test_bad_input_is_refused(kwargs, match):
    with pytest.raises(InvalidInput, match=match):
        cube_coverage("uniform", eps=[0.4], trials=4, n_max=8, **kwargs)


def test_the_memory_guard_refuses_before_running():
    with pytest.raises(InvalidInput, match="memory limit"):
        cube_coverage("uniform", eps=[0.4], dim=3, trials=4, n_max=8, capacity=2**30, memory_limit=2**20)


def test_law_text_with_parameters_is_the_law_it_names():
    by_text = cube_coverage("gaussian:sigma=0.5", eps=[0.1], dim=1, trials=30, n_max=20, seed=6)
    scalar = coverage("gaussian:sigma=0.5", eps=[0.1], trials=30, n_max=20, seed=6)
    assert np.array_equal(by_text.n_star_bracket(0.1)[0], scalar.n_star(0.1))
