"""The comparison layer's interval test (verify.compare.decide), strict and not, against its definition by cases,
and how a strict bound and a point value are shown."""

from hypothesis import given
from hypothesis import strategies as st

from verify.compare import BoundValue, Measurement, decide, judge


@given(st.floats(-3, 3), st.floats(0, 3), st.sampled_from([-1.0, 0.0, 1.0]), st.sampled_from(["lower", "upper"]),
       st.booleans())
def test_decide_against_its_definition(low, width, value, kind, strict):
    high = low + width
    if kind == "lower":   # claim Q >= value (Q > value when strict)
        satisfied = (lambda q: q > value) if strict else (lambda q: q >= value)
    else:                 # claim Q <= value (Q < value when strict)
        satisfied = (lambda q: q < value) if strict else (lambda q: q <= value)
    expected = ("holds" if satisfied(low) and satisfied(high) else
                "violated" if not satisfied(low) and not satisfied(high) else "inconclusive")
    assert decide(kind, low, high, value, strict) == expected


def test_strict_bounds_print_strict_relations_and_point_values_decide_nothing():
    bound = BoundValue(id="x", kind="upper", value=1.0, confidence_tag="paper", strict=True)
    point = Measurement(quantity="q", low=1.0, high=1.0, confidence=1.0, method="one seed",
                        details={"point_value": True})
    verdict = judge("claim", point, bound)
    # on its interval alone the point breaks "q < 1"; a single seed never decides, so it is insufficient
    assert decide("upper", 1.0, 1.0, 1.0, strict=True) == "violated"
    assert verdict.outcome == "insufficient" and bound.relation == "<" and "q < x = 1" in str(verdict)
    assert "point value, no interval" in point.interval_text() and "exact" not in point.interval_text()
