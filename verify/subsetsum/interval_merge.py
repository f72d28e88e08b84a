"""Merging a sorted union of intervals with its own shift: the inner step of the random subset sum programme.

For sorted disjoint closed intervals A = ∪_k [lo_k, hi_k] (ascending), a shift s and a window [w_l, w_r], a merge
computes

.. math::

    (A ∪ (A + s)) ∩ [w_l, w_r]

as sorted disjoint closed intervals (touching intervals are joined), in one linear pass over the two windowed
streams A and A + s (spec: subsetsum.md, "Algorithms").  :func:`_merge_shifted` is the single-pass merge;
:func:`_merge_four` computes the same numbers with four interleaved passes, which is what the engine runs on large
unions.  The interval programme of :mod:`verify.subsetsum.worst_error` and the fixed-size
programme of :mod:`verify.subsetsum.fixed_size` are built from these kernels.
"""

from __future__ import annotations

import numpy as np
from numba import njit

SPLIT_MIN = 1024  # windowed input intervals from which the engine uses the four-chain merge (speed only; same result)


@njit(cache=True, nogil=True)
def _count_hi_below(hi, count, shift, bound):
    """Number of leading intervals with hi[i] + shift < bound (hi is sorted ascending)."""
    low, high = 0, count
    while low < high:
        mid = (low + high) // 2
        if hi[mid] + shift >= bound:
            high = mid
        else:
            low = mid + 1
    return low


@njit(cache=True, nogil=True)
def _count_lo_at_most(lo, count, shift, bound):
    """Number of leading intervals with lo[i] + shift <= bound (lo is sorted ascending)."""
    low, high = 0, count
    while low < high:
        mid = (low + high) // 2
        if lo[mid] + shift <= bound:
            low = mid + 1
        else:
            high = mid
    return low


# One step of a merge, shared by every kernel (inlined: the loops compile as if written out).  Upward: the next
# interval is the one with the smaller start; its start is written speculatively one slot ahead and kept only when
# it opens a new interval, and since starts arrive in order the running end is max(end, h).  Downward is the mirror
# image: larger end first, a new interval when the next end falls below the running start.
#
# Every index in the merge loops is unsigned (np.uint64).  numba gives a signed index Python's meaning (a negative
# one counts from the end), which costs a compare and a select per array access that the compiler cannot prove away
# in these loops; an unsigned index has no negative values, so the loops compile without them.  That halved the
# instructions of the two-chain loop of the time (48 against 90 per iteration) and made a path about 10 % faster;
# the numbers are the same.  A block of the four-chain loop runs a downward stream at most down to its part's first
# index, so an index wraps only when that is 0, on the block's last step, and converts back to -1 (two's
# complement) when the block hands it to the loops outside the blocks, which run rarely and keep signed counters.
#
# No step branches on its data.  Until 2026-12-02 a step selected the taken interval's other end with a conditional
# expression, and LLVM (llvmlite 0.50, LLVM 22, x86-64) compiled that select, and any select of the index written in
# its place, into a conditional branch: one per chain per step, taken or not as the two streams happen to
# interleave, so mispredicted on a large share of the steps.  The loads are the same either way, so no array
# operation shows it; the compiled loop does (``_merge_four.inspect_asm()``: the four-chain block had four such
# branches, now none but the loop's own).  The steps now store both indices in a scratch pair and load the taken one
# back (:func:`_next_up`), which the compiler cannot turn into a branch.  Measured on a Zen 3 host, one thread, 40
# uniform paths at ε = 1e-6: 3.1 s before, 2.0-2.2 s after, the same bytes (docs/guide/performance.md, "A branch in
# every step").

_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_C1, _C2, _C3, _C4 = np.uint64(0), np.uint64(2), np.uint64(4), np.uint64(6)  # each chain's two scratch slots
_NONE = np.int64(0)  # "nothing abandoned" for _single_chain, typed so that numba compiles it once, not per literal


@njit(cache=True, nogil=True, inline="always")
def _scratch(shift):
    """(addends, slots) for the steps of one merge: the float64 pair (shift·0, shift) and eight unsigned scratch slots,
    two for each of up to four chains."""
    addends = np.empty(2)
    addends[0] = shift * 0.0
    addends[1] = shift
    return addends, np.zeros(8, dtype=np.uint64)


@njit(cache=True, nogil=True, inline="always")
def _next_up(lo_a, hi_a, i, j, shift, addends, slots, c):
    """The next interval upward of A[i:] and (A + shift)[j:] (unsigned i, j): (start, end, 1 if it is A's else 0,
    unsigned).  ``addends`` = (shift·0, shift); ``slots`` is scratch, two unsigned slots per chain from ``c`` on.

    The end is read through memory instead of selected: both indices are stored, the taken one is loaded back at
    ``c + take_a`` and its end is offset by ``addends[1 − take_a]`` (A's own end plus shift·0 = ±0, which adds exactly
    nothing, or the shifted end).  LLVM turns a select of either the index or the end into a conditional branch on
    x86-64, which mispredicts whenever the two streams interleave irregularly; a load cannot become a branch."""
    l_a = lo_a[i]
    l_s = lo_a[j] + shift
    take_a = np.uint64(l_a <= l_s)
    slots[c] = j
    slots[c + _ONE] = i
    return min(l_a, l_s), hi_a[slots[c + take_a]] + addends[_ONE - take_a], take_a


@njit(cache=True, nogil=True, inline="always")
def _next_up_of_two(lo_a, hi_a, i, lo_b, hi_b, j, shift, ends):
    """The next interval upward of A[i:] and (B + shift)[j:] for two different unions A and B (unsigned i, j, both
    streams still open): (start, end, 1 if it is A's else 0, unsigned).  A wins ties.

    Both ends are read (the two unions are different arrays, so no index slot can choose between them), stored in
    the float64 scratch pair ``ends`` and the taken one loaded back at ``take_a``, for the reason given in
    :func:`_next_up`: a select of the end would compile into a branch on the step's data."""
    l_a = lo_a[i]
    l_b = lo_b[j] + shift
    take_a = np.uint64(l_a <= l_b)
    ends[0] = hi_b[j] + shift
    ends[1] = hi_a[i]
    return min(l_a, l_b), ends[take_a], take_a


@njit(cache=True, nogil=True, inline="always")
def _emit_up(lo_b, hi_b, n, current_hi, l, h):
    """Add [l, h] to the upward output whose open interval n (unsigned) ends at current_hi: (n, current_hi) after
    it."""
    lo_b[n + _ONE] = l
    hi_b[n] = current_hi
    return n + np.uint64(l > current_hi), max(current_hi, h)


@njit(cache=True, nogil=True, inline="always")
def _next_down(lo_a, hi_a, p, q, shift, addends, slots, c):
    """The next interval downward of A[:p+1] and (A + shift)[:q+1] (unsigned p, q): (start, end, 1 if it is A's else
    0, unsigned), the start read through memory as :func:`_next_up` reads the end."""
    h_a = hi_a[p]
    h_s = hi_a[q] + shift
    take_a = np.uint64(h_a >= h_s)
    slots[c] = q
    slots[c + _ONE] = p
    return lo_a[slots[c + take_a]] + addends[_ONE - take_a], max(h_a, h_s), take_a


@njit(cache=True, nogil=True, inline="always")
def _emit_down(lo_b, hi_b, top, m, current_lo, l, h):
    """Add [l, h] to the downward output (written from index ``top`` down) whose open interval m starts at
    current_lo: (m, current_lo) after it (unsigned top and m)."""
    hi_b[top - m - _ONE] = h
    lo_b[top - m] = current_lo
    return m + np.uint64(h < current_lo), min(current_lo, l)


@njit(cache=True, nogil=True, inline="always")
def _step_up(lo_a, hi_a, lo_b, hi_b, i, j, n, current_hi, shift, addends, slots, c):
    """One upward step (unsigned indices): the next interval of A[i:] and (A + shift)[j:] added to the output whose
    open interval n ends at current_hi.  Returns (i, j, n, current_hi) after it."""
    l, h, from_a = _next_up(lo_a, hi_a, i, j, shift, addends, slots, c)
    n, current_hi = _emit_up(lo_b, hi_b, n, current_hi, l, h)
    return i + from_a, j + (_ONE - from_a), n, current_hi


@njit(cache=True, nogil=True, inline="always")
def _step_down(lo_a, hi_a, lo_b, hi_b, p, q, top, m, current_lo, shift, addends, slots, c):
    """One downward step (unsigned indices): the mirror image of :func:`_step_up`, into the output written from
    index ``top`` down.  Returns (p, q, m, current_lo) after it."""
    l, h, from_a = _next_down(lo_a, hi_a, p, q, shift, addends, slots, c)
    m, current_lo = _emit_down(lo_b, hi_b, top, m, current_lo, l, h)
    return p - from_a, q - (_ONE - from_a), m, current_lo


@njit(cache=True, nogil=True)
def _merge_shifted(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b):
    """(A ∪ (A + shift)) ∩ [wl, wr] into (lo_b, hi_b); A = sorted disjoint closed intervals.  Returns the count,
    or -1 if the output would not fit in lo_b/hi_b (nothing is written past their end).

    Branch-free inner loop: the next interval is the one with the smaller start (``min``, and its end read back
    through memory by :func:`_next_up`: A's own end plus shift·0 = ±0, which adds exactly nothing, or the shifted
    end); its start is written speculatively one slot ahead and kept only when it opens a new interval, and since
    starts arrive in order the running end is always max(end, h).  Only the first start (below wl) and the last end
    (above wr) can need clipping.  Buffers need one spare slot.
    """
    i = _count_hi_below(hi_a, count, 0.0, wl)
    i_end = _count_lo_at_most(lo_a, count, 0.0, wr)
    j = _count_hi_below(hi_a, count, shift, wl)
    j_end = _count_lo_at_most(lo_a, count, shift, wr)
    if i >= i_end and j >= j_end:
        return 0
    if lo_b.shape[0] == 0:
        return -1
    if j >= j_end or (i < i_end and lo_a[i] <= lo_a[j] + shift):
        first_lo = lo_a[i]
        current_hi = hi_a[i]
        i += 1
    else:
        first_lo = lo_a[j] + shift
        current_hi = hi_a[j] + shift
        j += 1
    lo_b[0] = max(first_lo, wl)
    if lo_b.shape[0] < 2 and (i < i_end or j < j_end):
        return -1
    limit = np.uint64(max(lo_b.shape[0] - 2, 0))  # n + 1 is written each step; n grows by at most one per step
    ui, ui_end, uj, uj_end = np.uint64(i), np.uint64(i_end), np.uint64(j), np.uint64(j_end)
    n = np.uint64(0)
    addends, slots = _scratch(shift)
    while ui < ui_end and uj < uj_end:
        if n > limit:
            return -1
        l, h, from_a = _next_up(lo_a, hi_a, ui, uj, shift, addends, slots, _ZERO)
        ui += from_a
        uj += _ONE - from_a
        n, current_hi = _emit_up(lo_b, hi_b, n, current_hi, l, h)
    while ui < ui_end:
        if n > limit:
            return -1
        n, current_hi = _emit_up(lo_b, hi_b, n, current_hi, lo_a[ui], hi_a[ui])
        ui += _ONE
    while uj < uj_end:
        if n > limit:
            return -1
        n, current_hi = _emit_up(lo_b, hi_b, n, current_hi, lo_a[uj] + shift, hi_a[uj] + shift)
        uj += _ONE
    hi_b[n] = min(current_hi, wr)
    return np.int64(n) + 1


@njit(cache=True, nogil=True)
def _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, reread, written):
    """:func:`_merge_shifted`, counting its writes in ``traffic[1]``, after ``reread`` intervals read and ``written``
    written by a several-chain attempt that is abandoned (counted too)."""
    traffic[0] += reread
    merged = _merge_shifted(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b)
    traffic[1] += written + max(merged, 0)
    return merged


# -- several chains --------------------------------------------------------------------------------------------------
# A merge step's next index depends on the comparison of the values just loaded, so one merge runs at the latency of
# load + add + compare, whatever the memory bandwidth.  The kernels below split the input at values v into parts
# whose merges are independent dependency chains, run in one loop so that the processor overlaps them.  A part is
# merged upward (smaller start first, from the front of its region of the output) or downward (larger end first, a
# new interval when the next end falls below the running start, from the back of its region).  Then the parts are
# joined in order: the output's last interval absorbs the intervals of the next part that it reaches (only it can
# overlap them: every earlier interval ends before the last one starts, and every interval of a part starts above
# the previous part's split value), and the rest of the part moves down behind it.  Every end is an input end or an
# input end plus ``shift`` computed as in :func:`_merge_shifted`, and the union of closed intervals has one
# representation as maximal disjoint intervals, so the result is the same numbers, bit for bit, wherever the splits
# fall.  The splits only decide the speed: a chain stops being overlapped with the others once one of its two
# streams runs out, so the split values are taken at quantiles of the two streams' starts together, where both
# streams are still present.


@njit(cache=True, nogil=True)
def _window_of(lo_a, hi_a, count, shift, wl, wr):
    """The windowed ranges of the two streams: A[i0:i_end] and (A + shift)[j0:j_end] meet [wl, wr]."""
    return (_count_hi_below(hi_a, count, 0.0, wl), _count_lo_at_most(lo_a, count, 0.0, wr),
            _count_hi_below(hi_a, count, shift, wl), _count_lo_at_most(lo_a, count, shift, wr))


@njit(cache=True, nogil=True)
def _union_quantile(lo_a, count, shift, i0, i_end, j0, j_end, target):
    """The smallest start v of the windowed streams A[i0:i_end] and (A + shift)[j0:j_end] with at least ``target``
    of their starts (the two streams together) at or below v; +inf if there are fewer.  Two binary searches, each
    over one stream's starts and counting the other stream's with :func:`_count_lo_at_most`."""
    best = np.inf
    for own, other, a0, a1, b0, b1 in ((0.0, shift, i0, i_end, j0, j_end), (shift, 0.0, j0, j_end, i0, i_end)):
        low, high = a0, a1
        while low < high:
            mid = (low + high) // 2
            v = lo_a[mid] + own
            if mid - a0 + 1 + min(max(_count_lo_at_most(lo_a, count, other, v), b0), b1) - b0 >= target:
                high = mid
            else:
                low = mid + 1
        if low < a1:
            best = min(best, lo_a[low] + own)
    return best


@njit(cache=True, nogil=True)
def _part_end(lo_a, count, shift, v, first, end):
    """End of the part of the windowed stream (A + shift)[first:end] whose starts are at or below v."""
    return min(max(_count_lo_at_most(lo_a, count, shift, v), first), end)


@njit(cache=True, nogil=True)
def _open_up(lo_a, hi_a, i, ia, j, jb, shift, lo_b, at):
    """Start the upward merge of A[i:ia] and (A + shift)[j:jb] (not both empty) at output slot ``at``: writes its
    first start, returns (i, j, running end) after it."""
    if j >= jb or (i < ia and lo_a[i] <= lo_a[j] + shift):
        lo_b[at] = lo_a[i]
        return i + 1, j, hi_a[i]
    lo_b[at] = lo_a[j] + shift
    return i, j + 1, hi_a[j] + shift


@njit(cache=True, nogil=True)
def _open_down(lo_a, hi_a, p, ia, q, jb, shift, hi_b, at):
    """Start the downward merge of A[ia:p+1] and (A + shift)[jb:q+1] (not both empty) at output slot ``at``: writes
    its first end, returns (p, q, running start) after it."""
    if q < jb or (p >= ia and hi_a[p] >= hi_a[q] + shift):
        hi_b[at] = hi_a[p]
        return p - 1, q, lo_a[p]
    hi_b[at] = hi_a[q] + shift
    return p, q - 1, lo_a[q] + shift


@njit(cache=True, nogil=True)
def _finish_up(lo_a, hi_a, i, ia, j, jb, shift, addends, slots, lo_b, hi_b, n, current_hi, n_max):
    """Run the upward merge of A[i:ia] and (A + shift)[j:jb] to its end, the open interval being n (signed) with
    end current_hi, checking before each step that n <= n_max.  Returns (n, current_hi, True), or (n, current_hi,
    False) where the check failed.  ``addends`` and ``slots``: the merge's :func:`_scratch`."""
    while i < ia or j < jb:
        if n > n_max:
            return n, current_hi, False
        if i < ia and j < jb:
            l, h, from_a = _next_up(lo_a, hi_a, np.uint64(i), np.uint64(j), shift, addends, slots, _ZERO)
            i += np.int64(from_a)
            j += 1 - np.int64(from_a)
        elif i < ia:
            l, h = lo_a[i], hi_a[i]
            i += 1
        else:
            l, h = lo_a[j] + shift, hi_a[j] + shift
            j += 1
        un, current_hi = _emit_up(lo_b, hi_b, np.uint64(n), current_hi, l, h)
        n = np.int64(un)
    return n, current_hi, True


@njit(cache=True, nogil=True)
def _finish_down(lo_a, hi_a, p, ia, q, jb, shift, addends, slots, lo_b, hi_b, top, m, current_lo, m_max):
    """The mirror image of :func:`_finish_up`: the downward merge of A[ia:p+1] and (A + shift)[jb:q+1] into the
    output written from index ``top`` down, open interval m (signed) starting at current_lo."""
    utop = np.uint64(top)
    while p >= ia or q >= jb:
        if m > m_max:
            return m, current_lo, False
        if p >= ia and q >= jb:
            l, h, from_a = _next_down(lo_a, hi_a, np.uint64(p), np.uint64(q), shift, addends, slots, _ZERO)
            p -= np.int64(from_a)
            q -= 1 - np.int64(from_a)
        elif p >= ia:
            l, h = lo_a[p], hi_a[p]
            p -= 1
        else:
            l, h = lo_a[q] + shift, hi_a[q] + shift
            q -= 1
        um, current_lo = _emit_down(lo_b, hi_b, utop, np.uint64(m), current_lo, l, h)
        m = np.int64(um)
    return m, current_lo, True


@njit(cache=True, nogil=True)
def _append_part(lo_b, hi_b, out, current_hi, u, u_last):
    """Join the sorted disjoint intervals at lo_b/hi_b[u..u_last] to the output whose open interval ``out`` (out < u)
    ends at current_hi: the open interval absorbs those it reaches, the rest move down behind it.  Returns (out,
    current_hi) after them."""
    while u <= u_last:
        l = lo_b[u]
        h = hi_b[u]
        if l <= current_hi:
            current_hi = max(current_hi, h)
        else:
            hi_b[out] = current_hi
            out += 1
            lo_b[out] = l
            current_hi = h
        u += 1
    return out, current_hi


@njit(cache=True, nogil=True)
def _merge_four(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, split_min, traffic):
    """:func:`_merge_shifted` with four chains: the same output, bit for bit, for inputs without −0.0 endpoints (the
    engine's are never −0.0: they start at ±ε₀ or at a window's end and grow by float sums), sooner on large unions
    (1.5-1.8x on one merge of 1.5 M intervals).  (An upward chain writes an end as ``hi + shift * 0`` like
    :func:`_merge_shifted`, a downward one writes ``hi`` itself, so an input end of −0.0 can come out as −0.0 where
    the single chain writes +0.0: equal as numbers, not as bits.)

    The windowed input is split at the quartiles v1 < v2 < v3 of its starts (:func:`_union_quantile`) into parts
    P1 (starts <= v1), P2, P3, P4 (starts > v3).  The output buffer holds two regions: P1 upward from the front of
    the first and P2 downward from its back, P3 upward from the front of the second and P4 downward from its back,
    all four in one loop; then P2, P3 and P4 are joined behind P1 in turn (see "several chains" above).  Each part's
    union has at most as many intervals as its input, so with room for the whole window the regions are sized from
    the parts' input counts and cannot overflow; otherwise the buffer is divided in proportion to them.

    Runs :func:`_merge_shifted` instead when the windowed input has fewer than ``split_min`` intervals, when the
    buffer is shorter than 16, when a part is empty, and when the two parts of a region would meet (the single
    chain's output always fits; it returns -1 only when the buffers are smaller than the union).

    Memory traffic (what ``slth bench rss`` reports) is added to ``traffic``: ``[0]`` the intervals read (the
    windowed input, and P2, P3 and P4 once more in the joins), ``[1]`` the intervals written (the output, and P2, P3
    and P4 once where their chains leave them; an abandoned attempt adds its window once more to ``[0]`` and what
    it had written to ``[1]``).
    """
    i0, i_end, j0, j_end = _window_of(lo_a, hi_a, count, shift, wl, wr)
    window = max(i_end - i0, 0) + max(j_end - j0, 0)
    traffic[0] += window
    length = lo_b.shape[0]
    if window < max(split_min, 4) or length < 16:
        return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, _NONE, _NONE)
    v1 = _union_quantile(lo_a, count, shift, i0, i_end, j0, j_end, window // 4)
    v2 = _union_quantile(lo_a, count, shift, i0, i_end, j0, j_end, window // 2)
    v3 = _union_quantile(lo_a, count, shift, i0, i_end, j0, j_end, (3 * window) // 4)
    ia1, ia2, ia3 = (_part_end(lo_a, count, 0.0, v1, i0, i_end), _part_end(lo_a, count, 0.0, v2, i0, i_end),
                     _part_end(lo_a, count, 0.0, v3, i0, i_end))
    jb1, jb2, jb3 = (_part_end(lo_a, count, shift, v1, j0, j_end), _part_end(lo_a, count, shift, v2, j0, j_end),
                     _part_end(lo_a, count, shift, v3, j0, j_end))
    low_half = ia2 - i0 + jb2 - j0
    if (ia1 - i0 + jb1 - j0 == 0 or ia2 - ia1 + jb2 - jb1 == 0 or ia3 - ia2 + jb3 - jb2 == 0
            or i_end - ia3 + j_end - jb3 == 0):
        return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, _NONE, _NONE)
    if length >= window + 8:  # every part's union fits in its own input count: regions that cannot overflow
        mid = low_half + 4
        top2 = window + 7
    else:
        mid = min(max(np.int64(length * (low_half / window)), 8), length - 8)
        top2 = length - 1
    top1 = mid - 1
    i1, j1, hi1 = _open_up(lo_a, hi_a, i0, ia1, j0, jb1, shift, lo_b, 0)                    # P1, upward from 0
    p2, q2, lo2 = _open_down(lo_a, hi_a, ia2 - 1, ia1, jb2 - 1, jb1, shift, hi_b, top1)     # P2, downward
    i3, j3, hi3 = _open_up(lo_a, hi_a, ia2, ia3, jb2, jb3, shift, lo_b, mid)                # P3, upward from mid
    p4, q4, lo4 = _open_down(lo_a, hi_a, i_end - 1, ia3, j_end - 1, jb3, shift, hi_b, top2)  # P4, downward
    n1 = np.int64(0)
    m2 = np.int64(0)
    n3 = mid  # P3's open interval, as an index into the buffer
    m4 = np.int64(0)
    # The loop runs in blocks that test nothing: an iteration takes one interval of each part and writes at most one
    # more at each end of each region, so within `steps` iterations no stream runs out and neither region's two parts
    # meet (n1 + m2 + 4 <= mid and n3 + m4 + 4 <= top2 + 1 before an iteration; fewer live values).  A block ends with
    # every stream non-empty only where the next iteration would break that: then the single chain takes over.
    addends, slots = _scratch(shift)
    ut1, ut2 = np.uint64(top1), np.uint64(top2)
    steps = min(ia1 - i1, jb1 - j1, p2 - ia1 + 1, q2 - jb1 + 1, ia3 - i3, jb3 - j3, p4 - ia3 + 1, q4 - jb3 + 1,
                (mid - 4 - n1 - m2) // 2 + 1, (top2 - 3 - n3 - m4) // 2 + 1)
    while steps > 0:
        ui1, uj1, un1 = np.uint64(i1), np.uint64(j1), np.uint64(n1)
        up2, uq2, um2 = np.uint64(p2), np.uint64(q2), np.uint64(m2)
        ui3, uj3, un3 = np.uint64(i3), np.uint64(j3), np.uint64(n3)
        up4, uq4, um4 = np.uint64(p4), np.uint64(q4), np.uint64(m4)
        for _ in range(steps):
            ui1, uj1, un1, hi1 = _step_up(lo_a, hi_a, lo_b, hi_b, ui1, uj1, un1, hi1, shift, addends, slots, _C1)
            up2, uq2, um2, lo2 = _step_down(lo_a, hi_a, lo_b, hi_b, up2, uq2, ut1, um2, lo2, shift, addends, slots,
                                            _C2)
            ui3, uj3, un3, hi3 = _step_up(lo_a, hi_a, lo_b, hi_b, ui3, uj3, un3, hi3, shift, addends, slots, _C3)
            up4, uq4, um4, lo4 = _step_down(lo_a, hi_a, lo_b, hi_b, up4, uq4, ut2, um4, lo4, shift, addends, slots,
                                            _C4)
        i1, j1, n1 = np.int64(ui1), np.int64(uj1), np.int64(un1)
        p2, q2, m2 = np.int64(up2), np.int64(uq2), np.int64(um2)
        i3, j3, n3 = np.int64(ui3), np.int64(uj3), np.int64(un3)
        p4, q4, m4 = np.int64(up4), np.int64(uq4), np.int64(um4)
        steps = min(ia1 - i1, jb1 - j1, p2 - ia1 + 1, q2 - jb1 + 1, ia3 - i3, jb3 - j3, p4 - ia3 + 1, q4 - jb3 + 1,
                    (mid - 4 - n1 - m2) // 2 + 1, (top2 - 3 - n3 - m4) // 2 + 1)
    done = not (i1 < ia1 and j1 < jb1 and p2 >= ia1 and q2 >= jb1 and i3 < ia3 and j3 < jb3 and p4 >= ia3
                and q4 >= jb3)
    if done:  # the rest of each part, one after the other
        n1, hi1, done = _finish_up(lo_a, hi_a, i1, ia1, j1, jb1, shift, addends, slots,
                                   lo_b, hi_b, n1, hi1, mid - 4 - m2)
    if done:
        m2, lo2, done = _finish_down(lo_a, hi_a, p2, ia1, q2, jb1, shift, addends, slots,
                                     lo_b, hi_b, top1, m2, lo2, mid - 4 - n1)
    if done:
        n3, hi3, done = _finish_up(lo_a, hi_a, i3, ia3, j3, jb3, shift, addends, slots,
                                   lo_b, hi_b, n3, hi3, top2 - 3 - m4)
    if done:
        m4, lo4, done = _finish_down(lo_a, hi_a, p4, ia3, q4, jb3, shift, addends, slots,
                                     lo_b, hi_b, top2, m4, lo4, top2 - 3 - n3)
    if not done:
        return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, window,
                             n1 + m2 + n3 - mid + m4 + 4)
    lo_b[top1 - m2] = lo2
    hi_b[n3] = hi3
    lo_b[top2 - m4] = lo4
    out, current_hi = _append_part(lo_b, hi_b, n1, hi1, top1 - m2, top1)
    out, current_hi = _append_part(lo_b, hi_b, out, current_hi, mid, n3)
    out, current_hi = _append_part(lo_b, hi_b, out, current_hi, top2 - m4, top2)
    hi_b[out] = current_hi
    out += 1
    lo_b[0] = max(lo_b[0], wl)
    hi_b[out - 1] = min(hi_b[out - 1], wr)
    moved = (m2 + 1) + (n3 - mid + 1) + (m4 + 1)
    traffic[0] += moved  # the joins read P2, P3 and P4
    traffic[1] += out + moved
    return out
