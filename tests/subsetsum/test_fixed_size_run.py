"""Fixed-size coverage Monte Carlo and sparse sources: the run equals the kernel on the same paths, the same bytes
for any chunking, thread count and store, and bad input is refused."""

import json

import numpy as np
import pytest

from verify.errors import InvalidInput
from verify.subsetsum.fixed_size import fixed_size_errors
from verify.subsetsum.fixed_size_run import fixed_size_coverage, fixed_size_floor
from verify.subsetsum.montecarlo import coverage
from verify.subsetsum.paths import keep_mask, sample_paths


def test_the_run_is_the_kernel_on_the_law_paths():
    result = fixed_size_coverage("uniform", eps=[0.05, 0.01], subset_size=3, trials=40, n_max=25, seed=7, targets=4)
    paths = sample_paths("uniform", 40, 25, 7)
    r, errors = fixed_size_errors(paths, 3, 0.01, eps_max=0.05, targets=4)
    assert result.worst_error.tobytes() == r.tobytes()
    assert result.target_error.tobytes() == errors.tobytes()
    assert np.all(result.n_star(0.01) >= result.n_star(0.05))
    assert np.all(result.target_n_star(0.01) <= result.n_star(0.01)[:, None])   # a target is hit before all are


def test_same_bytes_for_threads_chunks_and_a_resumed_store(tmp_path):
    kwargs = dict(eps=[0.02], subset_size=4, trials=70, n_max=30, seed=1, targets=3)
    one = fixed_size_coverage("uniform", threads=1, **kwargs)
    two = fixed_size_coverage("uniform", threads=2, chunk_size=9, out=tmp_path / "run", **kwargs)
    again = fixed_size_coverage("uniform", out=tmp_path / "run", **kwargs)
    for other in (two, again):
        assert one.worst_error.tobytes() == other.worst_error.tobytes()
        assert one.target_error.tobytes() == other.target_error.tobytes()
    with pytest.raises(InvalidInput, match="different run"):
        fixed_size_coverage("uniform", out=tmp_path / "run", **{**kwargs, "subset_size": 5})


def test_no_path_is_covered_below_the_counting_floor():
    result = fixed_size_coverage("uniform", eps=[0.1, 0.02], subset_size=2, trials=300, n_max=60, seed=2)
    for eps in (0.1, 0.02):
        assert result.n_star(eps).min() >= fixed_size_floor(2, eps, 2 * np.sqrt(2))


def test_counting_floor_by_hand():
    assert fixed_size_floor(2, 0.01, 2 * np.sqrt(2)) == 18          # C(18, 2) = 153 >= 141.42 > C(17, 2) = 136
    assert fixed_size_floor(1, 0.25, 2.0) == 4


def test_json_adds_the_family_keys():
    result = fixed_size_coverage("uniform", eps=[0.05], subset_size=2, trials=20, n_max=30, targets=2)
    document = json.loads(json.dumps(result.to_json(per_trial=True), allow_nan=False))
    assert document["subset_size"] == 2 and document["dim"] == 1 and document["keep"] == 1.0
    assert document["interval"] == pytest.approx([-np.sqrt(2), np.sqrt(2)])
    assert len(document["results"][0]["target_hit_probability"]) == 2
    plain = coverage("uniform", eps=[0.05], trials=5, n_max=10).to_json()
    assert plain["subset_size"] is None and plain["dim"] == 1 and plain["keep"] == 1.0


def test_keep_masks_are_nested_independent_of_chunking_and_zero_the_dropped_samples():
    low, high = keep_mask(300, 20, 4, 0.3), keep_mask(300, 20, 4, 0.6)
    assert np.all(high[low]) and 0.2 < low.mean() < 0.4
    np.testing.assert_array_equal(keep_mask(100, 20, 4, 0.3, start=150), low[150:250])
    sparse = coverage("uniform", eps=[0.05], trials=50, n_max=40, seed=4, keep=0.5)
    dense = coverage("uniform", eps=[0.05], trials=50, n_max=40, seed=4)
    assert np.all(sparse.n_star(0.05) >= dense.n_star(0.05))         # a sub-path covers no earlier
    masked = np.where(keep_mask(50, 40, 4, 0.5), sample_paths("uniform", 50, 40, 4), 0.0)
    explicit = coverage(samples=masked, eps=[0.05])
    assert sparse.worst_error.tobytes() == explicit.worst_error.tobytes()


@pytest.mark.parametrize("kwargs, match", [({"subset_size": 0}, "subset_size"), ({"targets": [9.0]}, "target"),
                                           ({"keep": 1.5}, "keep"), ({"interval": (1.0, 0.0)}, "interval")])
def test_bad_input_is_refused(kwargs, match):
    arguments = {"eps": [0.1], "subset_size": 2, "trials": 4, "n_max": 8, **kwargs}
    with pytest.raises(InvalidInput, match=match):
        fixed_size_coverage("uniform", **arguments)


def test_keep_with_explicit_samples_is_refused():
    with pytest.raises(InvalidInput, match="keep"):
        coverage(samples=np.zeros((2, 3)), eps=[0.1], keep=0.5)


def test_law_text_with_parameters_is_the_law_it_names():
    from verify.subsetsum.laws import get_law

    kwargs = dict(eps=[0.05], subset_size=2, trials=20, n_max=20, seed=3)
    by_text = fixed_size_coverage("gaussian:sigma=0.5", **kwargs)
    by_law = fixed_size_coverage(get_law("gaussian", sigma=0.5), **kwargs)
    other = fixed_size_coverage("gaussian", **kwargs)
    assert by_text.worst_error.tobytes() == by_law.worst_error.tobytes()
    assert by_text.worst_error.tobytes() != other.worst_error.tobytes()
