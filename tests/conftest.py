"""Shared test configuration: Hypothesis profiles (no deadlines: numba compiles on first call) and kernel warm-up."""

import os

import pytest
from hypothesis import HealthCheck, settings

# The default profile is derandomized: the same examples on every run and machine, so a CI run cannot differ from a
# local one by the luck of the draw (HYPOTHESIS_PROFILE=thorough explores with fresh random examples).
settings.register_profile("default", deadline=None, max_examples=100, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", deadline=None, max_examples=2000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session", autouse=True)
def _warm_numba_kernels():
    """Load (or compile) the coverage kernels once per session, so no single test pays for it."""
    from verify.subsetsum.worst_error import worst_errors

    worst_errors([[0.5, -0.25]], eps=0.1)
    yield
