"""
Assert a bound in your own test suite
=====================================

Installing slth-verify registers a pytest plugin: the ``slth`` fixture turns a measurement and a catalog bound into
a verdict and fails the test with the evidence when the bound is violated (or the measurement cannot decide);
``slth.assert_threshold`` does the same for a threshold of your own.
Here a small test file is written to a temporary project and run with :func:`pytest.main`, as your CI would.
"""

import tempfile
import textwrap
from pathlib import Path

import pytest

TESTS = textwrap.dedent('''
    from verify.subsetsum import coverage


    def test_uniform_samples_respect_the_counting_floor(slth):
        result = coverage("uniform", [1e-3], trials=300, n_max=30, seed=0)
        slth.assert_bound("counting.rss_samples", slth.required_count(result, eps=1e-3, delta=0.05),
                          at={"eps": 1e-3, "L": 2})


    def test_lueker_with_a_small_constant(slth):
        # Lueker's O(log 1/eps) with C = 1 is far too small: this test fails, and says why.
        result = coverage("uniform", [1e-3], trials=300, n_max=30, seed=0)
        slth.assert_bound("lueker1998.rss_samples", slth.required_count(result, eps=1e-3, delta=0.05),
                          at={"eps": 1e-3}, constants={"C": 1})


    def test_my_threshold(slth):
        # a threshold of your own: P_24(1e-3) >= 0.95, by the exact one-sided binomial test at level 0.025
        result = coverage("uniform", [1e-3], trials=300, n_max=30, seed=0)
        covered = int(result.covered_counts(1e-3)[23])
        slth.assert_threshold(slth.probability("P_24(1e-3)", covered, 300), ">=", 0.95, level=0.025)
''')

with tempfile.TemporaryDirectory() as folder:
    Path(folder, "test_my_sampler.py").write_text(TESTS)
    status = pytest.main(["-q", "-p", "no:cacheprovider", "--no-header", "-rf", str(Path(folder))])
    print("pytest exit status:", int(status), "(1: one test failed, as intended)")
