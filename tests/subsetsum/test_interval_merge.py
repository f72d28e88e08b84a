"""The two merge kernels against an obviously correct union: sort every interval of A and A + s, join the ones that
touch, clip to the window.  The two-chain merge must give the same numbers as that and as the single-chain merge,
and the engine must not change a bit whichever merge a step takes."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rss_oracle import expected_reported
from rss_strategies import dyadic_instances

from verify.subsetsum import interval_merge as M
from verify.subsetsum.paths import sample_paths
from verify.subsetsum.worst_error import worst_errors_of

NEVER = 2**62  # a split_min no windowed input reaches: every step takes the single-chain merge


def union_reference(lo, hi, shift, wl, wr):
    """(A ∪ (A + shift)) ∩ [wl, wr] by sorting, as plain Python floats (the same IEEE sums as the kernels)."""
    pieces = [(float(l), float(h)) for l, h in zip(lo, hi)] + [(float(l) + shift, float(h) + shift)
                                                             for l, h in zip(lo, hi)]
    pieces = sorted(p for p in pieces if p[1] >= wl and p[0] <= wr)
    merged: list[list[float]] = []
    for l, h in pieces:
        if merged and l <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], h)
        else:
            merged.append([l, h])
    if merged:
        merged[0][0] = max(merged[0][0], wl)
        merged[-1][1] = min(merged[-1][1], wr)
    return merged


@st.composite
def merge_instances(draw):
    """Sorted disjoint intervals on a grid of 2^-6 (sums exact), a shift, a window, and a buffer length that is
    sometimes only just large enough for the union."""
    count = draw(st.integers(1, 300))
    ends = draw(st.lists(st.integers(-20_000, 20_000), min_size=2 * count, max_size=2 * count, unique=True))
    ends = np.sort(np.array(ends, dtype=np.float64)) * 2.0**-6
    lo, hi = ends[0::2].copy(), ends[1::2].copy()
    span = float(ends[-1] - ends[0])
    shift = draw(st.one_of(st.integers(-4 * 64, 4 * 64).map(lambda k: k * 2.0**-6),
                           st.floats(-span, span, allow_nan=False).map(lambda x: float(np.round(x * 64) / 64))))
    wide = draw(st.booleans())
    wl, wr = ((float(ends[0]) - 10.0, float(ends[-1]) + 10.0) if wide else
              tuple(sorted(draw(st.lists(st.sampled_from(list(ends) + [float(ends[0]) + shift]), min_size=2,
                                         max_size=2)))))
    slack = draw(st.sampled_from([2, 3, 4, 8, count + 8]))
    split_min = draw(st.sampled_from([2, 3, 16]))
    return lo, hi, shift, wl, wr, slack, split_min


def _run(kernel, lo, hi, shift, wl, wr, length, *extra):
    count = lo.size
    lo_a, hi_a = np.empty(max(length, count)), np.empty(max(length, count))
    lo_a[:count], hi_a[:count] = lo, hi
    lo_b, hi_b = np.full(length, np.nan), np.full(length, np.nan)
    n = kernel(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, *extra)
    return n, [[float(l), float(h)] for l, h in zip(lo_b[:max(n, 0)], hi_b[:max(n, 0)])]


@settings(max_examples=1500)
@given(merge_instances())
def test_both_merges_equal_the_sorted_union(instance):
    lo, hi, shift, wl, wr, slack, split_min = instance
    expected = union_reference(lo, hi, shift, wl, wr)
    length = len(expected) + slack
    single, single_out = _run(M._merge_shifted, lo, hi, shift, wl, wr, length)
    assert single >= 0 and single_out == expected
    traffic = np.zeros(2, dtype=np.int64)
    split, split_out = _run(M._merge_split, lo, hi, shift, wl, wr, length, split_min, traffic)
    assert split_out == expected  # when the two parts do not fit, the single chain (which does) is run
    window = sum(1 for l, h in zip(lo, hi) if h >= wl and l <= wr) + sum(1 for l, h in zip(lo, hi)
                                                                        if h + shift >= wl and l + shift <= wr)
    assert traffic[0] >= window and traffic[1] >= len(expected)



GUARD = 3  # slots on each side of a too-small output buffer that no kernel may touch


@settings(max_examples=600)
@given(merge_instances(), st.integers(-3, 3), st.booleans())
def test_a_buffer_too_small_gives_minus_one_and_nothing_is_written_past_it(instance, offset, from_empty):
    """Buffers from empty up to a few slots past the union: each kernel returns the exact union or -1, and never
    writes outside the buffer it was given (views into a larger array whose guard slots must stay NaN)."""
    lo, hi, shift, wl, wr, _, split_min = instance
    expected = union_reference(lo, hi, shift, wl, wr)
    length = max(0, (0 if from_empty else len(expected)) + offset)
    count = lo.size
    for kernel, extra in ((M._merge_shifted, ()), (M._merge_split, (split_min, np.zeros(2, dtype=np.int64)))):
        lo_big, hi_big = np.full(length + 2 * GUARD, np.nan), np.full(length + 2 * GUARD, np.nan)
        n = kernel(lo.copy(), hi.copy(), count, shift, wl, wr, lo_big[GUARD:GUARD + length],
                   hi_big[GUARD:GUARD + length], *extra)
        outside = np.r_[lo_big[:GUARD], lo_big[GUARD + length:], hi_big[:GUARD], hi_big[GUARD + length:]]
        assert np.all(np.isnan(outside)), (kernel.__name__, length)
        if n >= 0:
            got = [[float(l), float(h)] for l, h in zip(lo_big[GUARD:GUARD + n], hi_big[GUARD:GUARD + n])]
            assert got == expected, (kernel.__name__, length)
        else:
            assert n == -1 and length <= len(expected), (kernel.__name__, length)

def test_the_two_chain_merge_falls_back_when_one_long_interval_absorbs_the_upper_part():
    # A: one long interval [-(N+10), -10] and N short ones [k, k + 1/2].  Shifted by N + 10 the long one becomes
    # [0, N] and swallows the short ones; the union has N + 2 intervals but the upper part alone has about 1.5 N.
    n = 400
    lo = np.concatenate([[-(n + 10.0)], np.arange(n, dtype=np.float64)])
    hi = np.concatenate([[-10.0], np.arange(n, dtype=np.float64) + 0.5])
    shift = n + 10.0
    expected = union_reference(lo, hi, shift, -1e9, 1e9)
    assert len(expected) == n + 2
    window = 2 * (n + 1)  # every interval of A and of A + shift lies in the window
    traffic = np.zeros(2, dtype=np.int64)
    tight, out = _run(M._merge_split, lo, hi, shift, -1e9, 1e9, len(expected) + 2, 2, traffic)
    assert tight == n + 2 and out == expected
    assert traffic[0] == 2 * window  # the abandoned two-chain attempt, then the single chain
    traffic[:] = 0
    roomy, out = _run(M._merge_split, lo, hi, shift, -1e9, 1e9, 3 * n, 2, traffic)
    assert roomy == n + 2 and out == expected
    assert window < traffic[0] < 2 * window  # the join reads the upper part again, no single-chain rerun


@settings(max_examples=600)
@given(dyadic_instances())
def test_the_engine_with_every_step_split_matches_brute_force_bit_for_bit(instance):
    values, a, b, eps0, reach = instance
    got, _ = worst_errors_of(values[None, :], a, b, eps0, reach, split_min=2)
    np.testing.assert_array_equal(got[0], expected_reported(values, a, b, eps0, reach))


def test_the_merge_a_step_takes_does_not_change_a_bit_on_long_paths():
    for law, eps, n in (("uniform", 1e-4, 40), ("pensia-mixture", 1e-3, 30), ("product", 1e-4, 40)):
        samples = sample_paths(law, 24, n, 3)
        reference, reference_peaks = worst_errors_of(samples, -1.0, 1.0, eps, 4 * eps, split_min=NEVER)
        for split_min in (2, 64, 256):
            got, peaks = worst_errors_of(samples, -1.0, 1.0, eps, 4 * eps, split_min=split_min)
            assert got.tobytes() == reference.tobytes() and peaks.tobytes() == reference_peaks.tobytes()
