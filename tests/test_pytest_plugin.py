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



def _guide_failure_block() -> str:
    from pathlib import Path

    text = (Path(__file__).parents[1] / "docs" / "guide" / "pytest-plugin.md").read_text()
    start = text.index("```text\nslth bound check:") + len("```text\n")
    return text[start:text.index("```", start)].rstrip("\n")


def test_the_readme_sample_failure_is_the_real_message(slth):
    from verify.pytest_plugin import BoundCheckFailed

    result = coverage("uniform", [1e-3], trials=300, n_max=30, seed=0)
    with pytest.raises(BoundCheckFailed) as failure:
        slth.assert_bound("lueker1998.rss_samples", slth.required_count(result, eps=1e-3, delta=0.05),
                          at={"eps": 1e-3}, constants={"C": 1})
    assert str(failure.value) == _guide_failure_block()
    assert "  reason     " in str(failure.value)


def test_a_probability_threshold_is_not_called_a_necessary_size(slth):
    from verify.pytest_plugin import BoundCheckFailed

    with pytest.raises(BoundCheckFailed) as failure:
        slth.assert_threshold(slth.probability("success", successes=200, trials=300), ">=", 0.95)
    message = str(failure.value)
    assert "size" not in message and "(a threshold of your own): claims success ≥ 0.95" in message
    with pytest.raises(BoundCheckFailed) as failure:
        slth.assert_bound("counting.rss_samples", slth.measurement("n", 1, 2, 0.95), at={"eps": 1e-3, "L": 2})
    assert "(necessary size)" in str(failure.value)  # a catalog lower bound on a size is one


def test_thresholds_hold_and_fail_by_the_exact_test_at_the_chosen_level(slth):
    from scipy.stats import binomtest

    from verify.pytest_plugin import BoundCheckFailed

    # 291 of 300 against P >= 0.95: the exact one-sided p of H0 "P <= 0.95" is between 0.025 and 0.1
    p = binomtest(291, 300, 0.95, alternative="greater").pvalue
    assert 0.025 < p < 0.1
    measured = slth.probability("success", successes=291, trials=300)
    with pytest.raises(BoundCheckFailed, match="inconclusive"):
        slth.assert_threshold(measured, ">=", 0.95)                   # default level 0.025
    assert slth.assert_threshold(measured, ">=", 0.95, level=0.1).outcome == "holds"
    assert slth.assert_threshold(measured, ">=", 0.96, margin=0.02, level=0.1).outcome == "holds"
    # strict: an exact value at the threshold cannot hold, and is violated
    exact = slth.measurement("ratio", 1.0, 1.0)
    with pytest.raises(BoundCheckFailed, match="violated"):
        slth.assert_threshold(exact, "<", 1.0)
    assert slth.assert_threshold(exact, "<=", 1.0).outcome == "holds"


def test_a_custom_bound_object_goes_through_assert_bound(slth):
    import sympy as sp

    from bounds import Bound, Constant, Source
    from bounds.symbols import constant_symbol, symbol

    eps, n, C = symbol("eps"), symbol("n"), constant_symbol("C")
    mine = Bound(id="mine2026.rss_samples", title="1.1 log2(1/eps) + C samples suffice",
                 source=Source(authors="A. Researcher", year=2026, title="A conjecture", venue="notebook"),
                 confidence="derived", kind="upper", quantity="samples", target=n,
                 expr=sp.Rational(11, 10) * sp.log(1 / eps, 2) + C, variables=("eps",),
                 constants=(Constant(C, "an additive constant"),), conclusion="coverage", log_base="2")
    measured = slth.measurement("n", 18, 22, 0.95)
    # 1.1 * log2(1000) = 10.96: C = 12 gives 22.96 >= 22 (holds), C = 1 gives 11.96 < 18 (violated)
    assert slth.assert_bound(mine, measured, at={"eps": 1e-3}, constants={"C": 12}).outcome == "holds"
    from verify.pytest_plugin import BoundCheckFailed

    with pytest.raises(BoundCheckFailed, match="violated"):
        slth.assert_bound(mine, measured, at={"eps": 1e-3}, constants={"C": 1})


def test_users_assert_thresholds_through_the_entry_point(pytester):
    pytester.makepyfile("""
        def test_failing(slth):
            slth.assert_threshold(slth.probability("success", successes=200, trials=300), ">=", 0.95)
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*reason     The test establishes the opposite of ≥ 0.95.*"])
    result.stdout.fnmatch_lines(["test_users_assert_thresholds_through_the_entry_point.py:*: BoundCheckFailed"])
    assert "pytest_plugin.py:" not in result.stdout.str()


def test_a_strict_claim_prints_its_strict_relation(slth):
    from verify.compare import judge, threshold
    from verify.pytest_plugin import BoundCheckFailed

    with pytest.raises(BoundCheckFailed) as failure:
        slth.assert_threshold(slth.measurement("ratio", 1.0, 1.2, 0.95), "<", 1)
    assert "claims ratio < 1" in str(failure.value) and "≤" not in str(failure.value)
    verdict = judge("c", slth.measurement("ratio", 1.0, 1.2, 0.95), threshold("c", "<", 1))
    assert "claim ratio < c = 1" in str(verdict) and "< 1" in verdict.explanation
