"""Reproducible random streams: one derivation, ``SeedSequence(seed, spawn_key=(purpose, *key))``, for every draw.

Every random number in the toolkit comes from a ``numpy.random.SeedSequence`` keyed by the user's ``seed``, a
``purpose`` (which independent use of that seed: coverage sample paths, network initialisation, data, training
order, pruning, tickets, planting, benchmarks, the resampling of statistics) and a ``key`` (which trial, block, role or
level within that use):

* :func:`stream` gives the ``Generator(PCG64(SeedSequence(seed, spawn_key=(purpose, *key))))`` to draw from;
* :func:`derive_seed` gives a 63-bit integer from the same sequence, for a function that takes an integer seed.

Work is split into chunks *of keyed trials or blocks*, never seeded per chunk, so results are bitwise identical for
any chunk size, thread count or executor (numpy's SPEC 7 and the ``SeedSequence`` spawning scheme).  Keys of
different lengths or first entries never collide: ``SeedSequence`` hashes the whole spawn key.
"""

from __future__ import annotations

import numpy as np

from verify.validate import check_int

# Purposes: small integers, fixed forever (changing one changes every published number).
PURPOSE_RSS_PATHS = 1
PURPOSE_NETWORK_INIT = 2
PURPOSE_DATA = 3
PURPOSE_TRAINING = 4
PURPOSE_PRUNING = 5
PURPOSE_TICKETS = 6
PURPOSE_PLANTNSEEK = 7
PURPOSE_BENCH = 8
PURPOSE_STATISTICS = 9

__all__ = ["PURPOSE_BENCH", "PURPOSE_DATA", "PURPOSE_NETWORK_INIT", "PURPOSE_PLANTNSEEK", "PURPOSE_PRUNING",
           "PURPOSE_RSS_PATHS", "PURPOSE_STATISTICS", "PURPOSE_TICKETS", "PURPOSE_TRAINING", "check_seed",
           "derive_seed", "resolve_seed", "sequence", "stream"]


def check_seed(seed) -> int:
    """A seed is a non-negative integer (bool excluded)."""
    return check_int("seed", seed, 0)


def resolve_seed(rng=None) -> int:
    """SPEC 7 style: ``None`` → 0 (runs are reproducible by default), int → itself, Generator → one draw from it."""
    if rng is None:
        return 0
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63 - 1))
    return check_seed(rng)


def sequence(seed: int, purpose: int, *key: int) -> np.random.SeedSequence:
    """``SeedSequence(seed, spawn_key=(purpose, *key))``: the root of every stream."""
    return np.random.SeedSequence(check_seed(seed), spawn_key=(int(purpose), *(int(k) for k in key)))


def stream(seed: int, purpose: int, *key: int) -> np.random.Generator:
    """The generator for one (seed, purpose, key)."""
    return np.random.Generator(np.random.PCG64(sequence(seed, purpose, *key)))


def derive_seed(seed: int, purpose: int, *key: int) -> int:
    """A 63-bit integer seed for one (seed, purpose, key): the first 64-bit word of the sequence's state, shifted
    right by one bit (so it is a valid seed of every function here, which takes non-negative integers)."""
    return int(sequence(seed, purpose, *key).generate_state(1, np.uint64)[0] >> np.uint64(1))
