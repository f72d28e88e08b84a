"""Reproducible random streams.

Every random number in the toolkit comes from a generator keyed by ``(seed, purpose, block)``:

    Generator(PCG64(SeedSequence(seed, spawn_key=(purpose, block))))

``purpose`` separates independent uses of one user seed (coverage sample paths, network initialisation, data, ...);
``block`` numbers fixed-size groups of trials.  Work is split into chunks *of blocks' trials*, never seeded per chunk,
so results are bitwise identical for any chunk size, thread count or executor (numpy's SPEC 7 and the
``SeedSequence`` spawning scheme).
"""

from __future__ import annotations

import numpy as np

from verify.errors import InvalidInput

# Purposes: small integers, fixed forever (changing one changes every published number).
PURPOSE_RSS_PATHS = 1
PURPOSE_NETWORK_INIT = 2
PURPOSE_DATA = 3
PURPOSE_TRAINING = 4
PURPOSE_PRUNING = 5
PURPOSE_TICKETS = 6


def check_seed(seed) -> int:
    """A seed is a non-negative integer (bool excluded)."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidInput(f"seed {seed!r} must be a non-negative integer")
    return int(seed)


def resolve_seed(rng=None) -> int:
    """SPEC 7 style: ``None`` → 0 (runs are reproducible by default), int → itself, Generator → one draw from it."""
    if rng is None:
        return 0
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63 - 1))
    return check_seed(rng)


def block_generator(seed: int, purpose: int, block: int = 0) -> np.random.Generator:
    """The generator for one (seed, purpose, block)."""
    sequence = np.random.SeedSequence(check_seed(seed), spawn_key=(int(purpose), int(block)))
    return np.random.Generator(np.random.PCG64(sequence))
