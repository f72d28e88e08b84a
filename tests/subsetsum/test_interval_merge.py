"""The merge kernels against an obviously correct union: sort every interval of A and A + s, join the ones that
touch, clip to the window.  The four-chain merge must give the same numbers as that and as the single-chain merge,
split where the brute-force quartiles say, and the engine must not change a bit whichever merge a step takes."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rss_oracle import expected_reported
from rss_strategies import dyadic_instances

from verify.subsetsum import interval_merge as M
from verify.subsetsum.paths import sample_paths
from verify.subsetsum.worst_error import worst_errors_of

NEVER = 2**62  # a split_min no windowed input reaches: every step takes the single-chain merge


def windowed_pieces(lo, hi, shift, wl, wr):
    """The intervals of A and of A + shift that meet [wl, wr], unclipped and sorted, as plain Python floats."""
    pieces = [(float(l), float(h)) for l, h in zip(lo, hi)] + [(float(l) + shift, float(h) + shift)
                                                             for l, h in zip(lo, hi)]
    return sorted(p for p in pieces if p[1] >= wl and p[0] <= wr)


def joined(pieces):
    """Sorted closed intervals with the touching ones joined."""
    merged: list[list[float]] = []
    for l, h in sorted(pieces):
        if merged and l <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], h)
        else:
            merged.append([l, h])
    return merged


def union_reference(lo, hi, shift, wl, wr):
    """(A ∪ (A + shift)) ∩ [wl, wr] by sorting, as plain Python floats (the same IEEE sums as the kernels)."""
    merged = joined(windowed_pieces(lo, hi, shift, wl, wr))
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
    window = len(windowed_pieces(lo, hi, shift, wl, wr))
    traffic = np.zeros(2, dtype=np.int64)
    _, out = _run(M._merge_four, lo, hi, shift, wl, wr, length, split_min, traffic)
    assert out == expected  # when the parts do not fit, the single chain (which does) is run
    # bit for bit, not only as numbers (== would not see a -0.0 against a 0.0): no input end here is -0.0, the
    # four-chain merge's precondition
    assert np.array(out, dtype=np.float64).tobytes() == np.array(single_out, dtype=np.float64).tobytes()
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
    for kernel, extra in ((M._merge_shifted, ()), (M._merge_four, (split_min, np.zeros(2, dtype=np.int64)))):
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

def _absorbing_instance(n):
    """A: n short intervals [-2n + 2k, -2n + 2k + 1/2] and one long one [1, 4n].  Shifted by 2n + 2, the short ones
    land inside the long one (at 2 + 2k) and the long one becomes [2n + 3, 6n + 2], which overlaps it.  The 2n + 2
    starts, in order: A's short ones, A's long one, the shifted short ones, the shifted long one.  So every part
    from the median on (the shifted intervals) is swallowed by A's long interval: the union has n + 1 intervals,
    the parts' own unions about 2n."""
    lo = np.concatenate([-2.0 * n + 2.0 * np.arange(n), [1.0]])
    hi = np.concatenate([-2.0 * n + 2.0 * np.arange(n) + 0.5, [4.0 * n]])
    return lo, hi, 2.0 * n + 2.0


def test_the_four_chain_merge_falls_back_when_one_long_interval_absorbs_the_later_parts():
    n = 400
    lo, hi, shift = _absorbing_instance(n)
    expected = union_reference(lo, hi, shift, -1e9, 1e9)
    assert len(expected) == n + 1
    window = 2 * (n + 1)  # every interval of A and of A + shift lies in the window
    # The buffer (n + 3 slots) is shorter than the window, so the first region gets a share in proportion to the
    # first half of the input, about (n + 3) / 2 slots, while P1 and P2 (A's intervals) need n + 1: the attempt is
    # abandoned and the single chain reads the window again.
    traffic = np.zeros(2, dtype=np.int64)
    tight, out = _run(M._merge_four, lo, hi, shift, -1e9, 1e9, len(expected) + 2, 2, traffic)
    assert tight == n + 1 and out == expected
    assert traffic[0] == 2 * window
    # With room for the whole window it does not fall back: the joins read the later parts once more, no rerun.
    traffic[:] = 0
    roomy, out = _run(M._merge_four, lo, hi, shift, -1e9, 1e9, window + 8, 2, traffic)
    assert roomy == n + 1 and out == expected
    assert window < traffic[0] < 2 * window


@settings(max_examples=800)
@given(merge_instances(), st.integers(1, 4))
def test_the_split_values_are_the_quantiles_of_the_windowed_starts(instance, quarter):
    """_union_quantile against sorting: the smallest start with at least `target` starts (of both streams, windowed)
    at or below it."""
    lo, hi, shift, wl, wr, _, _ = instance
    starts = sorted(l for l, _ in windowed_pieces(lo, hi, shift, wl, wr))
    count = lo.size
    i0, i_end, j0, j_end = M._window_of(lo, hi, count, shift, wl, wr)
    assert max(i_end - i0, 0) + max(j_end - j0, 0) == len(starts)
    target = max(1, (quarter * len(starts)) // 4) if starts else 1
    got = M._union_quantile(lo, count, shift, i0, i_end, j0, j_end, target)
    assert got == (starts[target - 1] if starts else np.inf)
    assert M._union_quantile(lo, count, shift, i0, i_end, j0, j_end, len(starts) + 1) == np.inf


@settings(max_examples=800)
@given(merge_instances())
def test_the_four_chain_merge_splits_at_the_quartiles_and_moves_what_the_parts_leave(instance):
    """With room for the whole window, the four-chain merge runs to the end without a fallback: it reads the window
    once and writes the union once, and its joins read and move exactly the unions of parts 2-4, the parts being
    cut at the brute-force quartiles of the windowed starts (as intervals of the two streams, before clipping)."""
    lo, hi, shift, wl, wr, _, split_min = instance
    pieces = windowed_pieces(lo, hi, shift, wl, wr)
    window = len(pieces)
    starts = [l for l, _ in pieces]
    if window < max(split_min, 4):
        return  # the kernel hands it to the single chain (checked by the tests above)
    cuts = [starts[t - 1] for t in (window // 4, window // 2, (3 * window) // 4)]
    bounds = [-np.inf, *cuts, np.inf]
    parts = [[p for p in pieces if bounds[k] < p[0] <= bounds[k + 1]] for k in range(4)]
    if window + 8 < 16 or not all(parts):
        return  # the kernel hands this one to the single chain (checked by the tests above)
    expected = union_reference(lo, hi, shift, wl, wr)
    traffic = np.zeros(2, dtype=np.int64)
    got, out = _run(M._merge_four, lo, hi, shift, wl, wr, window + 8, split_min, traffic)
    assert got == len(expected) and out == expected
    moved = sum(len(joined(part)) for part in parts[1:])
    assert traffic[0] == window + moved and traffic[1] == len(expected) + moved


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
