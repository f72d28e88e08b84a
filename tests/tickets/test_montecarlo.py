"""Nested random networks for Theorem 1's test: nesting, soundness of the first succeeding width, determinism, store."""

import numpy as np
import pytest

from verify.errors import InvalidInput
from verify.tickets.construction import build_ticket, check_target
from verify.tickets.montecarlo import certified_error, nested_network, required_widths, target_family

GRID = (2, 6, 10, 14, 18, 22, 26, 30, 40)


@pytest.fixture(scope="module")
def result():
    return required_widths([3, 3], eps=0.05, units=GRID, trials=10, seed=1)


def test_a_narrower_network_is_the_first_units_of_every_block_of_a_wider_one():
    wide = nested_network([3, 4, 2], 12, seed=5).matrices(12)
    narrow = nested_network([3, 4, 2], 7, seed=5).matrices(5)   # another m_max: the same first units
    for i, d_in in enumerate((3, 4)):
        m1_wide, m2_wide = wide[2 * i], wide[2 * i + 1]
        m1, m2 = narrow[2 * i], narrow[2 * i + 1]
        for j in range(d_in):
            rows_wide, rows = np.arange(j * 12, j * 12 + 5), np.arange(j * 5, (j + 1) * 5)
            np.testing.assert_array_equal(m1[rows], m1_wide[rows_wide])
            np.testing.assert_array_equal(m2[:, rows], m2_wide[:, rows_wide])
        # every hidden unit reads exactly its own coordinate (in-degree one: the construction's first layer)
        assert np.all(np.count_nonzero(m1, axis=1) == 1)
        assert np.all(np.abs(m1) <= 1) and np.all(np.abs(m2) <= 1)


def test_the_family_has_spectral_norm_one_and_rank_one_members():
    random, rank_one = target_family([5, 4, 3], ("random", "rank-one"), seed=2)
    for target in (random, rank_one):
        check_target(target)
        assert all(np.linalg.norm(w, 2) == pytest.approx(1.0, abs=1e-12) for w in target)
    assert all(np.linalg.matrix_rank(w) == 1 for w in rank_one)


def test_first_success_is_the_first_grid_width_that_certifies_every_target(result):
    """Recompute each trial's certified errors at every grid width independently of the scan."""
    from verify.streams import PURPOSE_TICKETS, derive_seed
    from verify.tickets import montecarlo

    for t in range(result.spec.trials):
        network = nested_network([3, 3], GRID[-1], derive_seed(1, PURPOSE_TICKETS, montecarlo.NETWORK_BLOCK, t))
        targets = target_family([3, 3], result.spec.family, derive_seed(1, PURPOSE_TICKETS,
                                                                        montecarlo.TARGET_BLOCK, t))
        ok = [max(certified_error(target, network.matrices(m)) for target in targets) <= 0.05 for m in GRID]
        expected = ok.index(True) if any(ok) else len(GRID)
        assert result.first[t] == expected


def test_success_is_monotone_and_the_required_width_is_a_quantile(result):
    counts = result.success_counts()
    assert np.all(np.diff(counts) >= 0) and counts[0] < counts[-1]
    m_star = np.sort(result.m_star())
    assert result.required(0.2) == m_star[int(np.ceil(0.8 * result.spec.trials)) - 1]


def test_certified_errors_are_sound_against_the_empirical_sup():
    """The certificate the scan uses is the construction's: never below the error found by search."""
    from verify.tickets.construction import random_target

    target = random_target([3, 3], seed=4)
    ticket = build_ticket(target, eps=0.05, delta=0.2, hidden=[3 * 14], seed=3, samples=512, restarts=4)
    assert ticket.sup_error_empirical <= ticket.sup_error_certified * (1 + 1e-9)


def test_same_bytes_at_any_thread_count_chunking_and_from_the_store(tmp_path, result):
    again = required_widths([3, 3], eps=0.05, units=GRID, trials=10, seed=1, threads=1, chunk_size=3,
                            out=tmp_path / "run")
    assert again.first.tobytes() == result.first.tobytes()
    reloaded = required_widths([3, 3], eps=0.05, units=GRID, trials=10, seed=1, chunk_size=3, out=tmp_path / "run")
    np.testing.assert_array_equal(reloaded.certified, result.certified)


@pytest.mark.parametrize("kwargs, message", [(dict(eps=0), "eps"), (dict(units=()), "units"),
                                             (dict(units=(4, 2)), "increasing"), (dict(trials=0), "trials"),
                                             (dict(family=("adversarial",)), "family member")])
def test_bad_input(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        required_widths([3, 3], **{"eps": 0.05, "units": (2, 4), "trials": 2, **kwargs})
