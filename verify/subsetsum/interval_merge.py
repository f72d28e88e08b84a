"""Merging a sorted union of intervals with its own shift: the inner step of the random subset sum programme.

For sorted disjoint closed intervals A = ∪_k [lo_k, hi_k] (ascending), a shift s and a window [w_l, w_r], a merge
computes

.. math::

    (A ∪ (A + s)) ∩ [w_l, w_r]

as sorted disjoint closed intervals (touching intervals are joined), in one linear pass over the two windowed
streams A and A + s (spec: subsetsum.md, "Algorithms").  :func:`_merge_shifted` is the single-pass merge;
:func:`_merge_split` computes the same numbers with two interleaved passes, which is what the engine runs on large
unions.  The interval programme of :mod:`verify.subsetsum.worst_error` and the fixed-size programme of
:mod:`verify.subsetsum.fixed_size` are built from these kernels.
"""

from __future__ import annotations

import numpy as np
from numba import njit

SPLIT_MIN = 256  # windowed input intervals from which the engine uses the two-chain merge (speed only; same result)


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


# One step of a merge, shared by both kernels (inlined: the loops compile as if written out).  Upward: the next
# interval is the one with the smaller start; its start is written speculatively one slot ahead and kept only when
# it opens a new interval, and since starts arrive in order the running end is max(end, h).  Downward is the mirror
# image: larger end first, a new interval when the next end falls below the running start.
#
# Every index in the merge loops is unsigned (np.uint64).  numba gives a signed index Python's meaning (a negative
# one counts from the end), which costs a compare and a select per array access that the compiler cannot prove away
# in these loops; an unsigned index has no negative values, so the loops compile without them.  That halves the
# instructions of the two-chain loop (48 against 90 per iteration) and makes a path about 10 % faster; the numbers
# are the same.  Unsigned arithmetic wraps, so j + (i - j)·from_a is i or j exactly.  No index wraps otherwise: a
# block never empties a downward stream below index 0 (it runs only while ia, jb >= 1 bound p and q), and the loops
# outside the blocks, which run rarely, keep signed counters (where a downward stream that ran out stands at -1)
# and convert them at each call.

_ONE = np.uint64(1)


@njit(cache=True, nogil=True, inline="always")
def _next_up(lo_a, hi_a, i, j, shift):
    """The next interval upward of A[i:] and (A + shift)[j:] (unsigned i, j): (start, end, 1 if it is A's else 0,
    unsigned)."""
    from_a = np.uint64(lo_a[i] <= lo_a[j] + shift)
    l = min(lo_a[i], lo_a[j] + shift)
    k = j + (i - j) * from_a
    return l, hi_a[k] + (shift * 0.0 if from_a else shift), from_a


@njit(cache=True, nogil=True, inline="always")
def _emit_up(lo_b, hi_b, n, current_hi, l, h):
    """Add [l, h] to the upward output whose open interval n (unsigned) ends at current_hi: (n, current_hi) after
    it."""
    lo_b[n + _ONE] = l
    hi_b[n] = current_hi
    return n + np.uint64(l > current_hi), max(current_hi, h)


@njit(cache=True, nogil=True, inline="always")
def _next_down(lo_a, hi_a, p, q, shift):
    """The next interval downward of A[:p+1] and (A + shift)[:q+1] (unsigned p, q): (start, end, 1 if it is A's
    else 0, unsigned)."""
    from_a = np.uint64(hi_a[p] >= hi_a[q] + shift)
    h = max(hi_a[p], hi_a[q] + shift)
    k = q + (p - q) * from_a
    return lo_a[k] + (shift * 0.0 if from_a else shift), h, from_a


@njit(cache=True, nogil=True, inline="always")
def _emit_down(lo_b, hi_b, top, m, current_lo, l, h):
    """Add [l, h] to the downward output (written from index ``top`` down) whose open interval m starts at
    current_lo: (m, current_lo) after it (unsigned top and m)."""
    hi_b[top - m - _ONE] = h
    lo_b[top - m] = current_lo
    return m + np.uint64(h < current_lo), min(current_lo, l)


@njit(cache=True, nogil=True)
def _merge_shifted(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b):
    """(A ∪ (A + shift)) ∩ [wl, wr] into (lo_b, hi_b); A = sorted disjoint closed intervals.  Returns the count,
    or -1 if the output would not fit in lo_b/hi_b (nothing is written past their end).

    Branch-free inner loop: the next interval is the one with the smaller start (``min``, integer index arithmetic,
    and a select of the addend: the shift, or shift·0 = ±0 for A's own ends, which adds exactly nothing as the
    product shift·0 did before); its start is written speculatively one slot ahead and kept only when it opens a
    new interval, and since starts arrive in order the running end is always max(end, h).  Only the first start
    (below wl) and the last end (above wr) can need clipping.  Buffers need one spare slot.
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
    while ui < ui_end and uj < uj_end:
        if n > limit:
            return -1
        l, h, from_a = _next_up(lo_a, hi_a, ui, uj, shift)
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
    written by an attempt that is abandoned (counted too)."""
    traffic[0] += reread
    merged = _merge_shifted(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b)
    traffic[1] += written + max(merged, 0)
    return merged


@njit(cache=True, nogil=True)
def _merge_split(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, split_min, traffic):
    """:func:`_merge_shifted` with two independent dependency chains: the same output, bit for bit, about 1.5×
    sooner on large unions.

    A merge step's next index depends on the comparison of the values just loaded, so one merge runs at the latency
    of load + add + compare, whatever the memory bandwidth.  Here the input is split at a value v (the start of the
    middle interval of the longer stream): the intervals starting at or below v are merged upward from the front of
    the output, the intervals starting above v downward from its back (the mirror image: larger end first, a new
    interval when the next end falls below the running start), both in the same loop, so the processor overlaps
    them.  Then the lower part's last interval absorbs the upper intervals it reaches (only it can overlap them: every
    other lower interval ends before it starts, at or below v) and the rest of the upper part moves down behind it.
    Every end is an input end or an input end plus ``shift`` computed as in :func:`_merge_shifted`, and the union of
    closed intervals has one representation as maximal disjoint intervals, so the result is the same numbers.

    Runs :func:`_merge_shifted` instead when the windowed input has fewer than ``split_min`` intervals or one part
    is empty, and when the two parts would meet in the output buffer (their sum can exceed the union's size when the
    lower part's last interval reaches far; the single chain's output always fits, it returns -1 only when the
    buffers are smaller than the union).

    Memory traffic (what ``slth bench rss`` reports) is added to ``traffic``: ``[0]`` the intervals read (the two
    windowed ranges, and the upper part once more in the join), ``[1]`` the intervals written (the output, and the
    upper part once where its chain leaves it; an abandoned attempt's reads and writes are counted too).
    """
    i0 = _count_hi_below(hi_a, count, 0.0, wl)
    i_end = _count_lo_at_most(lo_a, count, 0.0, wr)
    j0 = _count_hi_below(hi_a, count, shift, wl)
    j_end = _count_lo_at_most(lo_a, count, shift, wr)
    window = max(i_end - i0, 0) + max(j_end - j0, 0)
    traffic[0] += window
    if window < split_min or lo_b.shape[0] < 4:  # the two parts need room for n + m + 4 <= length
        return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, 0, 0)
    # split value: the start of the middle interval of the longer stream; lower = starts <= v, upper = starts > v
    if i_end - i0 >= j_end - j0:
        v = lo_a[(i0 + i_end) // 2]
    else:
        v = lo_a[(j0 + j_end) // 2] + shift
    ia = min(max(_count_lo_at_most(lo_a, count, 0.0, v), i0), i_end)
    jb = min(max(_count_lo_at_most(lo_a, count, shift, v), j0), j_end)
    if ia - i0 + jb - j0 == 0 or i_end - ia + j_end - jb == 0:
        return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, 0, 0)
    length = lo_b.shape[0]
    top = length - 1
    # lower part, upward from the front: A[i0:ia] and (A + shift)[j0:jb]
    i = i0
    j = j0
    if j >= jb or (i < ia and lo_a[i] <= lo_a[j] + shift):
        lo_b[0] = lo_a[i]
        current_hi = hi_a[i]
        i += 1
    else:
        lo_b[0] = lo_a[j] + shift
        current_hi = hi_a[j] + shift
        j += 1
    n = np.int64(0)
    # upper part, downward from the back: A[ia:i_end] and (A + shift)[jb:j_end]
    p = i_end - 1
    q = j_end - 1
    if q < jb or (p >= ia and hi_a[p] >= hi_a[q] + shift):
        hi_b[top] = hi_a[p]
        current_lo = lo_a[p]
        p -= 1
    else:
        hi_b[top] = hi_a[q] + shift
        current_lo = lo_a[q] + shift
        q -= 1
    m = np.int64(0)
    # Both parts in one loop: two independent dependency chains; the parts may not meet (n + m + 4 <= length before
    # an iteration).  The loop runs in blocks that test nothing: an iteration takes one interval of each part and
    # writes at most one more at each end, so within `steps` iterations no stream runs out and the parts do not meet
    # (fewer live values, no spilled registers).  A block ends with every stream non-empty only where the next
    # iteration would find n + m + 4 > length: then the single chain takes over, as a test per iteration would have.
    steps = min(ia - i, jb - j, p - ia + 1, q - jb + 1, (length - 4 - n - m) // 2 + 1)
    utop = np.uint64(top)
    while steps > 0:
        ui, uj, up, uq, un, um = np.uint64(i), np.uint64(j), np.uint64(p), np.uint64(q), np.uint64(n), np.uint64(m)
        for _ in range(steps):
            l, h, from_a = _next_up(lo_a, hi_a, ui, uj, shift)
            ui += from_a
            uj += _ONE - from_a
            un, current_hi = _emit_up(lo_b, hi_b, un, current_hi, l, h)
            l, h, from_a = _next_down(lo_a, hi_a, up, uq, shift)
            up -= from_a
            uq -= _ONE - from_a
            um, current_lo = _emit_down(lo_b, hi_b, utop, um, current_lo, l, h)
        i, j, p, q, n, m = np.int64(ui), np.int64(uj), np.int64(up), np.int64(uq), np.int64(un), np.int64(um)
        steps = min(ia - i, jb - j, p - ia + 1, q - jb + 1, (length - 4 - n - m) // 2 + 1)
    if i < ia and j < jb and p >= ia and q >= jb:
        return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, window, n + m + 2)
    while i < ia and j < jb:
        if n + m + 4 > length:
            return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, window, n + m + 2)
        l, h, from_a = _next_up(lo_a, hi_a, np.uint64(i), np.uint64(j), shift)
        i += np.int64(from_a)
        j += 1 - np.int64(from_a)
        un, current_hi = _emit_up(lo_b, hi_b, np.uint64(n), current_hi, l, h)
        n = np.int64(un)
    while p >= ia and q >= jb:
        if n + m + 4 > length:
            return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, window, n + m + 2)
        l, h, from_a = _next_down(lo_a, hi_a, np.uint64(p), np.uint64(q), shift)
        p -= np.int64(from_a)
        q -= 1 - np.int64(from_a)
        um, current_lo = _emit_down(lo_b, hi_b, utop, np.uint64(m), current_lo, l, h)
        m = np.int64(um)
    while i < ia or j < jb or p >= ia or q >= jb:  # the rest of one stream of each part
        if n + m + 4 > length:
            return _single_chain(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, traffic, window, n + m + 2)
        if i < ia:
            un, current_hi = _emit_up(lo_b, hi_b, np.uint64(n), current_hi, lo_a[i], hi_a[i])
            n = np.int64(un)
            i += 1
        elif j < jb:
            un, current_hi = _emit_up(lo_b, hi_b, np.uint64(n), current_hi, lo_a[j] + shift, hi_a[j] + shift)
            n = np.int64(un)
            j += 1
        if p >= ia:
            um, current_lo = _emit_down(lo_b, hi_b, utop, np.uint64(m), current_lo, lo_a[p], hi_a[p])
            m = np.int64(um)
            p -= 1
        elif q >= jb:
            um, current_lo = _emit_down(lo_b, hi_b, utop, np.uint64(m), current_lo, lo_a[q] + shift, hi_a[q] + shift)
            m = np.int64(um)
            q -= 1
    lo_b[top - m] = current_lo
    # join: the lower part's last interval absorbs the upper intervals it reaches, then the rest moves down
    u = top - m
    while u <= top and lo_b[u] <= current_hi:
        current_hi = max(current_hi, hi_b[u])
        u += 1
    hi_b[n] = current_hi
    out = n + 1
    while u <= top:
        lo_b[out] = lo_b[u]
        hi_b[out] = hi_b[u]
        out += 1
        u += 1
    lo_b[0] = max(lo_b[0], wl)
    hi_b[out - 1] = min(hi_b[out - 1], wr)
    traffic[0] += m + 1         # the join reads the upper part
    traffic[1] += out + m + 1   # the output, and the upper part where its chain left it
    return out
