"""The nested Monte Carlo of the constructions: Pensia et al.'s campaign is the one of ``required_widths``, the
targets are the same for every construction, results do not depend on threads or chunks, runs resume, and success
is monotone in the width."""

import numpy as np
import pytest

from verify.errors import InvalidInput
from verify.streams import PURPOSE_TICKETS, derive_seed
from verify.tickets.comparison import ComparisonSpec, compare_widths, random_parameters, trial_targets
from verify.tickets.montecarlo import TARGET_BLOCK, required_widths, target_family


def test_the_pensia_campaign_is_required_widths():
    units = tuple(range(4, 40, 4))
    ours = compare_widths("pensia", [2, 3], eps=0.05, units=units, trials=5, seed=3)
    theirs = required_widths([2, 3], eps=0.05, units=units, trials=5, seed=3)
    assert ours.m_star().tolist() == theirs.m_star().tolist()
    assert np.array_equal(np.isnan(ours.certified), np.isnan(theirs.certified))
    assert np.allclose(ours.certified[~np.isnan(ours.certified)], theirs.certified[~np.isnan(theirs.certified)])


def test_every_dense_construction_meets_the_same_targets():
    family = ("random", "rank-one")
    seed = derive_seed(4, PURPOSE_TICKETS, TARGET_BLOCK, 2)
    expected = target_family((2, 3, 2), family, seed)
    for construction in ("pensia", "orseau", "burkholz"):
        spec = ComparisonSpec(construction, (2, 3, 2), (4,), 0.1, 3, 4, family)
        for a, b in zip(trial_targets(spec, 2), expected):
            assert all(x.tobytes() == y.tobytes() for x, y in zip(a, b))


@pytest.mark.parametrize("construction, shape, units", [("burkholz", [2, 2, 2], (6, 12)),
                                                        ("orseau", [2, 2], (8, 16, 24, 32)),
                                                        ("conv", [1, 1], (8, 16))])
def test_threads_chunks_and_a_resumed_run_give_the_same_numbers(tmp_path, construction, shape, units):
    one = compare_widths(construction, shape, eps=0.2, units=units, trials=3, seed=1, threads=1, chunk_size=3)
    two = compare_widths(construction, shape, eps=0.2, units=units, trials=3, seed=1, threads=2, chunk_size=1,
                         out=tmp_path / "store")
    again = compare_widths(construction, shape, eps=0.2, units=units, trials=3, seed=1, threads=2, chunk_size=1,
                           out=tmp_path / "store")
    for result in (two, again):
        assert result.first.tobytes() == one.first.tobytes()
        assert result.certified.tobytes() == one.certified.tobytes()
        assert result.kept.tobytes() == one.kept.tobytes()
    counts = one.success_counts()
    assert np.all(np.diff(counts) >= 0)
    # the first success is certified for every target and every earlier width failed for some target
    for t, k in enumerate(one.first):
        if k < len(units):
            assert np.nanmax(one.certified[t, k]) <= 0.2
            assert np.all(np.nanmax(one.certified[t, :k], axis=1) > 0.2)


def test_random_parameters_count_every_tensor_entry():
    from verify.tickets import burkholz, convolutional

    spec = ComparisonSpec("burkholz", (3, 4, 2), (5,), 0.1, 1, 0, ("random",))
    matrices = burkholz.nested_burkholz((3, 4, 2), 5, 0).matrices(5)
    assert random_parameters(spec, 5) == sum(m.size for m in matrices)
    spec = ComparisonSpec("conv", (2, 3), (4,), 0.1, 1, 0, ("random",))
    tensors = convolutional.nested_cnn((2, 3), 4, 0).tensors(4)
    assert random_parameters(spec, 4) == sum(t.size for t in tensors)


@pytest.mark.parametrize("kwargs, message", [
    ({"construction": "malach"}, "construction"),
    ({"units": (8, 4)}, "increasing"),
    ({"construction": "burkholz", "units": (8, 44)}, "40"),
    ({"construction": "orseau", "negative_slope": 0.1}, "burkholz construction only"),
    ({"family": ("random", "one-hot")}, "family member"),
    ({"eps": 1.5}, "eps"),
])
def test_bad_campaigns_are_refused(kwargs, message):
    arguments = {"construction": "pensia", "shape": [2, 2], "eps": 0.1, "units": (4, 8), "trials": 2, **kwargs}
    with pytest.raises(InvalidInput, match=message):
        compare_widths(arguments.pop("construction"), arguments.pop("shape"), **arguments)
