"""The fixed-size interval programme agrees with enumerating all C(n, k) subsets (bit for bit on dyadic inputs), and
its merge of two different unions agrees with sorting them, whatever room the output has."""

import math

import numpy as np
import pytest
from fixed_size_oracle import expected_fixed_size, k_subset_sums, worst_error_of_sums
from hypothesis import given, settings
from hypothesis import strategies as st
from rss_strategies import RESOLUTION, dyadic

from verify.errors import InvalidInput
from verify.subsetsum import fixed_size as F
from verify.subsetsum.fixed_size import fixed_size_errors


@st.composite
def fixed_size_instances(draw):
    n = draw(st.integers(1, 11))
    k = draw(st.integers(1, min(n + 1, 6)))
    kind = draw(st.sampled_from(["mixed", "positive", "repeated", "with_zeros"]))
    if kind == "positive":
        values = draw(st.lists(st.integers(1, 4 * 1024).map(lambda v: v * RESOLUTION), min_size=n, max_size=n))
    elif kind == "repeated":
        values = [draw(dyadic)] * n
    elif kind == "with_zeros":
        values = draw(st.lists(st.one_of(st.just(0.0), dyadic), min_size=n, max_size=n))
    else:
        values = draw(st.lists(dyadic, min_size=n, max_size=n))
    a = draw(st.integers(-3 * 64, 3 * 64).map(lambda v: v / 64))
    b = draw(st.integers(-3 * 64, 3 * 64).map(lambda v: v / 64))
    if a >= b:
        a, b = min(a, b) - 1.0, max(a, b)
    eps0 = 2.0 ** -draw(st.integers(1, 12))
    reach = eps0 * 2.0 ** draw(st.integers(0, 12))
    targets = draw(st.lists(st.integers(0, 64).map(lambda v: a + (b - a) * v / 64), max_size=4))
    return np.array(values), k, a, b, eps0, reach, targets


def _disjoint(draw, count):
    """count sorted disjoint closed intervals on a grid of 2^-6 (their sums with a grid shift are exact)."""
    ends = draw(st.lists(st.integers(-4_000, 4_000), min_size=2 * count, max_size=2 * count, unique=True))
    ends = np.sort(np.array(ends, dtype=np.float64)) * 2.0**-6
    return ends[0::2].copy(), ends[1::2].copy()


@st.composite
def union_instances(draw):
    """Two different unions A and B (B possibly empty), a grid shift, a window, and a flag for the output's room."""
    lo_a, hi_a = _disjoint(draw, draw(st.integers(0, 200)))
    lo_b, hi_b = _disjoint(draw, draw(st.integers(0, 200)))
    shift = draw(st.integers(-40 * 64, 40 * 64)) * 2.0**-6
    wl, wr = sorted(draw(st.lists(st.integers(-70 * 64, 70 * 64), min_size=2, max_size=2)))
    room = draw(st.sampled_from(["exact", "one more", "one less", "ample"]))
    return lo_a, hi_a, lo_b, hi_b, shift, wl * 2.0**-6, wr * 2.0**-6, room


def _sorted_union(lo_a, hi_a, lo_b, hi_b, shift, wl, wr):
    """(A ∪ (B + shift)) ∩ [wl, wr] by sorting every piece that meets the window and joining the ones that touch."""
    pieces = sorted([(float(l), float(h)) for l, h in zip(lo_a, hi_a)]
                    + [(float(l) + shift, float(h) + shift) for l, h in zip(lo_b, hi_b)])
    merged: list[list[float]] = []
    for l, h in (p for p in pieces if p[1] >= wl and p[0] <= wr):
        if merged and l <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], h)
        else:
            merged.append([l, h])
    if merged:
        merged[0][0] = max(merged[0][0], wl)
        merged[-1][1] = min(merged[-1][1], wr)
    return merged


@settings(max_examples=2000)
@given(union_instances())
def test_merge_of_two_unions_equals_the_sorted_union(instance):
    """The branch-free steps, their hand-over to the plain merge in the output's last slot, and the refusal (-1) of an
    output one interval too small, against sorting; nothing is written past the output's end."""
    lo_a, hi_a, lo_b, hi_b, shift, wl, wr, room = instance
    expected = _sorted_union(lo_a, hi_a, lo_b, hi_b, shift, wl, wr)
    length = {"exact": len(expected), "one more": len(expected) + 1, "one less": len(expected) - 1,
              "ample": 2 * len(expected) + 4}[room]
    length = max(length, 0)
    lo_o, hi_o = np.full(length + 2, np.nan), np.full(length + 2, np.nan)
    count = F._merge_union(lo_a, hi_a, lo_a.size, lo_b, hi_b, lo_b.size, shift, wl, wr, lo_o[:length], hi_o[:length])
    assert np.isnan(lo_o[length:]).all() and np.isnan(hi_o[length:]).all()
    if room == "one less" and expected:
        assert count == -1
    else:
        assert count == len(expected)
        assert [[float(l), float(h)] for l, h in zip(lo_o[:count], hi_o[:count])] == expected


@settings(max_examples=2500)
@given(fixed_size_instances())
def test_matches_enumeration_bit_for_bit_on_dyadic_instances(instance):
    values, k, a, b, eps0, reach, targets = instance
    r, errors = fixed_size_errors(values, k, eps0, interval=(a, b), eps_max=reach, targets=targets)
    expected_r, expected_errors = expected_fixed_size(values, k, a, b, eps0, reach, targets)
    np.testing.assert_array_equal(r[0], expected_r)
    np.testing.assert_array_equal(errors[0], expected_errors)


@settings(max_examples=300)
@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=2, max_size=10), st.integers(1, 4),
       st.floats(1e-4, 0.3))
def test_matches_enumeration_on_real_valued_samples(values, k, eps0):
    """Arbitrary floats: equal to the enumeration up to rounding (sums formed in another order)."""
    values = np.array(values)
    reach = 4.0
    r, _ = fixed_size_errors(values, k, eps0, eps_max=reach)
    a, b = -math.sqrt(k), math.sqrt(k)
    for m in range(1, values.size + 1):
        truth = max(worst_error_of_sums(k_subset_sums(values[:m], k), a, b), eps0)
        if math.isinf(r[0, m - 1]):
            assert truth > reach - 1e-12
        else:
            assert abs(r[0, m - 1] - truth) <= 1e-12


def test_a_hand_computed_instance():
    # k = 2 of {1/2, -1/2, 1/4} on [-1, 1]: {0} -> worst 1; {0, 3/4, -1/4} -> 3/4 (at z = -1).
    r, errors = fixed_size_errors([0.5, -0.5, 0.25], k=2, eps=2**-6, interval=(-1, 1), eps_max=2.0, targets=[0.0, 1.0])
    np.testing.assert_array_equal(r[0], [np.inf, 1.0, 0.75])
    np.testing.assert_array_equal(errors[0, :, 1], [np.inf, 1.0, 0.25])


def test_k_equal_one_is_the_nearest_sample():
    values = np.array([0.3, -0.8, 0.9])
    r, errors = fixed_size_errors(values, 1, 2**-20, interval=(-1, 1), eps_max=4.0, targets=[0.0])
    np.testing.assert_allclose(errors[0, :, 0], [0.3, 0.3, 0.3])
    assert r[0, 2] == pytest.approx(max(0.2, 0.55, 0.1))  # at -1, midpoint of (-0.8, 0.3), at 1


def test_default_interval_is_plus_minus_root_k():
    rng = np.random.default_rng(0)
    values = rng.uniform(-1, 1, size=14)
    default, _ = fixed_size_errors(values, 4, 1e-3, eps_max=1.0)
    explicit, _ = fixed_size_errors(values, 4, 1e-3, interval=(-2.0, 2.0), eps_max=1.0)
    assert default.tobytes() == explicit.tobytes()


def test_worst_error_is_non_increasing_along_a_path():
    rng = np.random.default_rng(5)
    r, errors = fixed_size_errors(rng.uniform(-1, 1, size=(20, 30)), 3, 1e-3, eps_max=2.0, targets=5)
    finite = np.where(np.isinf(r), 10.0, r)
    assert np.all(np.diff(finite, axis=1) <= 0)
    finite = np.where(np.isinf(errors), 10.0, errors)
    assert np.all(np.diff(finite, axis=1) <= 0)


@pytest.mark.parametrize("k", [0, -1, 1.5, True])
def test_bad_subset_size_is_refused(k):
    with pytest.raises(InvalidInput, match="subset_size"):
        fixed_size_errors([0.5], k, 0.1)


def test_targets_outside_the_interval_are_refused():
    with pytest.raises(InvalidInput, match="target"):
        fixed_size_errors([0.5, 0.2], 1, 0.1, targets=[3.0])
