"""The pytest plugin: users assert bounds against measurements; failures show the evidence; importing it is cheap."""

import subprocess
import sys

import pytest

from verify.subsetsum.montecarlo import coverage


def test_the_fixture_checks_the_counting_floor_on_a_real_measurement(slth):
    result = coverage("gaussian", [1e-3], trials=300, n_max=30, seed=0)
    verdict = slth.assert_bound("counting.rss_samples", slth.required_count(result, eps=1e-3, delta=0.05),
                                at={"eps": 1e-3, "L": 2})
    assert verdict.outcome == "holds" and verdict.bound.value == pytest.approx(9.965784284662087)


def test_a_violated_bound_fails_with_the_evidence(slth):
    from verify.pytest_plugin import BoundCheckFailed

    measured = slth.measurement("n_0.05(eps=1e-3)", 18, 22, confidence=0.95, method="bracket")
    with pytest.raises(BoundCheckFailed) as failure:
        slth.assert_bound("lueker1998.rss_samples", measured, at={"eps": 1e-3}, constants={"C": 1.0})
    message = str(failure.value)
    assert "violated" in message and "[18, 22]" in message and "lueker1998.rss_samples" in message
    assert "C = 1 (given)" in message and "restated" in message and "≤ 7.601" in message
    assert failure.value.verdict.outcome == "violated"


def test_inconclusive_is_a_failure_unless_allowed(slth):
    from verify.pytest_plugin import BoundCheckFailed

    measured = slth.measurement("n", 5, None, confidence=0.95)  # upper end unknown
    with pytest.raises(BoundCheckFailed, match="inconclusive"):
        slth.assert_bound("counting.rss_samples", measured, at={"eps": 0.01, "L": 2})
    verdict = slth.assert_bound("counting.rss_samples", measured, at={"eps": 0.01, "L": 2}, allow_inconclusive=True)
    assert verdict.outcome == "inconclusive"


def test_empirical_constants_are_labelled_in_the_verdict(slth):
    from bounds import get

    bound = get("lueker1998.rss_samples").with_empirical(C=3.0, evidence="a measured constant")
    verdict = slth.assert_bound(bound, slth.measurement("n", 15, 19, 0.95), at={"eps": 1e-3})
    assert verdict.bound.constants["C"]["origin"] == "empirical"


def test_users_get_the_fixture_through_the_entry_point(pytester):
    pytester.makepyfile("""
        def test_probability(slth):
            m = slth.probability("success", successes=299, trials=300, one_sided="lower")
            from verify.compare import BoundValue
            slth.assert_bound(BoundValue(id="want 0.95", kind="lower", value=0.95, confidence_tag="derived"), m)

        def test_failing(slth):
            m = slth.probability("success", successes=200, trials=300)
            from verify.compare import BoundValue
            slth.assert_bound(BoundValue(id="want 0.95", kind="lower", value=0.95, confidence_tag="derived"), m)
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*slth bound check: violated*", "*measured   success*"])
    # the failure is reported at the user's line, not inside the plugin
    result.stdout.fnmatch_lines(["test_users_get_the_fixture_through_the_entry_point.py:*: BoundCheckFailed"])
    assert "pytest_plugin.py:" not in result.stdout.str()


def test_loading_the_plugin_imports_nothing_heavy():
    code = ("import sys, verify.pytest_plugin; "
            "print(sorted(m for m in ('numpy', 'numba', 'sympy', 'scipy', 'pandas', 'bounds') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

