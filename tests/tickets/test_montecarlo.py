"""Monte Carlo of the ticket construction against width: soundness, monotone widths, determinism, store."""

import numpy as np
import pytest

from verify.errors import InvalidInput
from verify.tickets.montecarlo import success_curve


@pytest.fixture(scope="module")
def curve():
    return success_curve([3, 3], eps=0.05, delta=0.2, constants=(1, 3, 6), trials=10, seed=1, empirical_trials=4)


def test_empirical_error_never_exceeds_the_certified_bound(curve):
    measured = np.isfinite(curve.empirical)
    assert measured.sum() == 3 * 4
    assert np.all(curve.empirical[measured] <= curve.certified[measured] * (1 + 1e-9) + 1e-15)


def test_wider_networks_succeed_at_least_as_often_on_these_draws(curve):
    widths = [w[0] for w in curve.widths]
    assert widths == sorted(widths) and widths[0] < widths[-1]
    successes = curve.successes()
    assert successes[0] < successes[-1]  # the narrowest width fails where the widest succeeds


def test_required_width_bracket_is_consistent_with_the_table(curve):
    table = curve.table()
    required = curve.required()
    if required["c_sufficient"] is not None:
        row = table[table["C"] == required["c_sufficient"]].iloc[0]
        assert row["lower_one_sided"] >= 1 - curve.spec.delta
    if required["c_insufficient"] is not None:
        row = table[table["C"] == required["c_insufficient"]].iloc[0]
        assert row["upper_one_sided"] < 1 - curve.spec.delta


def test_same_bytes_at_any_thread_count_and_from_the_store(tmp_path, curve):
    again = success_curve([3, 3], eps=0.05, delta=0.2, constants=(6, 1, 3), trials=10, seed=1, empirical_trials=4,
                          threads=1, chunk_size=3, out=tmp_path / "run")
    assert again.certified.tobytes() == curve.certified.tobytes()
    reloaded = success_curve([3, 3], eps=0.05, delta=0.2, constants=(1, 3, 6), trials=10, seed=1,
                             empirical_trials=4, chunk_size=3, out=tmp_path / "run")
    np.testing.assert_array_equal(reloaded.empirical, curve.empirical)


def test_ratios_to_the_lower_bound_and_malach_use_the_catalog():
    from bounds import get

    curve = success_curve([4, 4], eps=0.05, delta=0.2, constants=(8,), trials=15, seed=0)  # 15/15 certifies 0.8
    required = curve.required()
    assert required["c_sufficient"] == 8.0
    width = required["widths_sufficient"][0]
    lower = float(get("pensia2020.lower_width")(d=4, eps=0.05))
    assert required["ratio_to_lower_width"] == pytest.approx(width / lower)
    assert required["ratio_to_malach_width"] == pytest.approx(width / float(get("malach2020.width")(d=4, l=1, eps=0.05,
                                                                                                     C=1)))


@pytest.mark.parametrize("kwargs, message", [(dict(eps=0), "eps"), (dict(delta=1), "delta"),
                                             (dict(constants=()), "constant"), (dict(trials=0), "trials"),
                                             (dict(constants=(-1,)), "C")])
def test_bad_input(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        success_curve([3, 3], **{"eps": 0.05, "delta": 0.2, "constants": (1,), "trials": 2, **kwargs})
