"""pytest plugin: assert a published bound against a measurement in your own tests.

Installed with slth-verify (entry point ``pytest11``: ``slth``), it gives every test session a ``slth`` fixture::

    def test_my_subset_sums_respect_the_counting_floor(slth):
        from verify.subsetsum.montecarlo import coverage

        result = coverage("gaussian", [1e-3], trials=300, n_max=30, seed=0)
        measured = slth.required_count(result, eps=1e-3, delta=0.05)
        slth.assert_bound("counting.rss_samples", measured, at={"eps": 1e-3, "L": 2})

    def test_my_success_rate(slth):                      # a threshold of your own: no bound object needed
        slth.assert_threshold(slth.probability("success", successes=297, trials=300), ">=", 0.95)

    def test_my_conjecture(slth):                        # a bounds.Bound of your own, like a catalog one
        slth.assert_bound(my_bound, measured, at={"eps": 1e-3}, constants={"C": 12})

``assert_bound`` judges the measurement against the bound (:mod:`verify.compare`: holds / violated / inconclusive
from the measured interval at its confidence) and fails unless the verdict is ``holds`` (or, with
``allow_inconclusive=True``, unless it is ``violated``).  The failure message shows the measured interval, the
bound's value at the stated parameters, the constants used and where each came from, the bound's confidence tag, and
the reason for the verdict.  ``assert_threshold(measurement, relation, value, margin=..., level=...)`` does the same
for a claim ``Q >= value`` (``<=``, ``>``, ``<``) of your own (:func:`verify.compare.threshold`).

The module imports nothing but pytest when it is loaded, so it costs nothing in test sessions that do not use it.
"""

from __future__ import annotations

import pytest


class BoundCheckFailed(AssertionError):
    """A bound check whose verdict is not acceptable; ``verdict`` holds the full evidence."""

    def __init__(self, message: str, verdict):
        super().__init__(message)
        self.verdict = verdict


def _failure_message(verdict, meaning: str | None) -> str:
    """The evidence of a failed check; ``meaning`` says what the bound is ("sufficient size", "necessary size",
    "a threshold of your own"), None for a catalog bound that is neither."""
    m, b = verdict.measurement, verdict.bound
    relation = b.relation
    constants = ", ".join(f"{name} = {c['value']:.6g} ({c['origin']}"
                          + (f": {c['evidence']}" if c.get("evidence") else "") + ")"
                          for name, c in b.constants.items()) or "none"
    parameters = ", ".join(f"{k} = {v:g}" for k, v in b.parameters.items()) or "-"
    return "\n".join([
        f"slth bound check: {verdict.outcome} — {verdict.claim}",
        f"  measured   {m.quantity} ∈ {m.interval_text()}",
        f"  bound      {b.id} [{b.confidence_tag}]{f' ({meaning})' if meaning else ''}: "
        f"claims {m.quantity} {relation} {b.value:.4g}" + (f" (margin {b.margin:.4g})" if b.margin else ""),
        f"  at         {parameters}",
        f"  constants  {constants}",
        f"  reason     {verdict.explanation}",
    ])


class BoundChecker:
    """The ``slth`` fixture: build measurements and assert bounds against them."""

    def probability(self, quantity: str, successes: int, trials: int, confidence: float = 0.95,
                    one_sided: str | None = None):
        """A success probability as an exact Clopper–Pearson interval (see verify.compare)."""
        from verify.compare import probability_measurement

        return probability_measurement(quantity, successes, trials, confidence, one_sided)

    def required_count(self, result, eps: float, delta: float, confidence: float = 0.95):
        """n_δ(ε) of a coverage result as its simultaneous bracket."""
        from verify.compare import required_count_measurement

        return required_count_measurement(result, eps, delta, confidence)

    def measurement(self, quantity: str, low, high, confidence: float = 1.0, method: str = "exact"):
        """Any interval (low = high for an exact value; None for an unknown side)."""
        from verify.compare import Measurement

        return Measurement(quantity=quantity, low=low, high=high, confidence=confidence, method=method)

    def threshold(self, name: str, relation: str, value: float, *, margin: float = 0.0, confidence_tag: str = "user"):
        """A claim of your own, ``Q relation value`` (:func:`verify.compare.threshold`)."""
        from verify.compare import threshold

        return threshold(name, relation, value, margin=margin, confidence_tag=confidence_tag)

    def verdict(self, bound, measurement, *, at: dict, constants: dict | None = None, claim: str | None = None,
                level: float | None = None):
        """The verdict without asserting (bound: a catalog id, a ``bounds.Bound`` of the catalog or your own, or a
        threshold from :meth:`threshold`); ``level`` is the one-sided level (default from the measurement's
        confidence: 0.025 for 95 %)."""
        from verify.compare import BoundValue, bound_value, judge

        if isinstance(bound, BoundValue):
            return judge(claim or bound.id, measurement, bound, level=level)
        name = bound if isinstance(bound, str) else bound.id
        return judge(claim or name, measurement, bound_value(bound, at=at, constants=constants), level=level)

    def assert_bound(self, bound, measurement, *, at: dict | None = None, constants: dict | None = None,
                     claim: str | None = None, allow_inconclusive: bool = False, level: float | None = None):
        """Fail unless the measurement is judged consistent with the bound; returns the verdict."""
        __tracebackhide__ = True   # the failure points at the user's test, not at this plugin
        verdict = self.verdict(bound, measurement, at=at or {}, constants=constants, claim=claim, level=level)
        acceptable = ("holds", "inconclusive") if allow_inconclusive else ("holds",)
        if verdict.outcome not in acceptable:
            raise BoundCheckFailed(_failure_message(verdict, _meaning(bound)), verdict)
        return verdict

    def assert_threshold(self, measurement, relation: str, value: float, *, name: str | None = None,
                         margin: float = 0.0, level: float | None = None, allow_inconclusive: bool = False):
        """Fail unless the measurement establishes ``Q relation value`` (``>=``, ``<=``, ``>``, ``<``; a margin for
        ``>=``/``<=``); returns the verdict.  ``level``: the one-sided level of the test (default 0.025 at 95 %)."""
        __tracebackhide__ = True
        bound = self.threshold(name or f"{measurement.quantity} {relation} {value:g}", relation, value, margin=margin)
        return self.assert_bound(bound, measurement, claim=name, allow_inconclusive=allow_inconclusive, level=level)


def _meaning(bound) -> str | None:
    """What a bound given to ``assert_bound`` is: a catalog size bound is a sufficient (upper) or necessary (lower)
    size; a probability statement and a threshold are neither."""
    from verify.compare import BoundValue

    if isinstance(bound, BoundValue):
        return "a threshold of your own"
    from bounds import Bound, get

    kind = (bound if isinstance(bound, Bound) else get(bound)).kind
    return {"upper": "sufficient size", "lower": "necessary size"}.get(kind)


@pytest.fixture
def slth() -> BoundChecker:
    """Assert published bounds (the slth-verify catalog) against measurements: ``slth.assert_bound(...)``."""
    return BoundChecker()


def pytest_configure(config):
    config.addinivalue_line("markers", "slth_bound: a test that checks a published bound against a measurement")
