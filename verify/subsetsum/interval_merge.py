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


@njit(cache=True, nogil=True)
def _merge_shifted(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b):
    """(A ∪ (A + shift)) ∩ [wl, wr] into (lo_b, hi_b); A = sorted disjoint closed intervals.  Returns the count,
    or -1 if the output would not fit in lo_b/hi_b (nothing is written past their end).

    Branch-free inner loop: the next interval is the one with the smaller start (``min`` and integer index
    arithmetic, no float select); its start is written speculatively one slot ahead and kept only when it opens a
    new interval, and since starts arrive in order the running end is always max(end, h).  Only the first start
    (below wl) and the last end (above wr) can need clipping.  Buffers need one spare slot.
    """
    i = _count_hi_below(hi_a, count, 0.0, wl)
    i_end = _count_lo_at_most(lo_a, count, 0.0, wr)
    j = _count_hi_below(hi_a, count, shift, wl)
    j_end = _count_lo_at_most(lo_a, count, shift, wr)
    if i >= i_end and j >= j_end:
        return 0
    if j >= j_end or (i < i_end and lo_a[i] <= lo_a[j] + shift):
        first_lo = lo_a[i]
        current_hi = hi_a[i]
        i += 1
    else:
        first_lo = lo_a[j] + shift
        current_hi = hi_a[j] + shift
        j += 1
    lo_b[0] = max(first_lo, wl)
    limit = lo_b.shape[0] - 2  # n + 1 is written each step; n grows by at most one per step
    n = np.int64(0)
    while i < i_end and j < j_end:
        if n > limit:
            return -1
        from_a = np.int64(lo_a[i] <= lo_a[j] + shift)
        l = min(lo_a[i], lo_a[j] + shift)
        k = j + (i - j) * from_a
        h = hi_a[k] + shift * (1 - from_a)
        i += from_a
        j += 1 - from_a
        lo_b[n + 1] = l
        hi_b[n] = current_hi
        n += np.int64(l > current_hi)
        current_hi = max(current_hi, h)
    while i < i_end:
        if n > limit:
            return -1
        l = lo_a[i]
        h = hi_a[i]
        i += 1
        lo_b[n + 1] = l
        hi_b[n] = current_hi
        n += np.int64(l > current_hi)
        current_hi = max(current_hi, h)
    while j < j_end:
        if n > limit:
            return -1
        l = lo_a[j] + shift
        h = hi_a[j] + shift
        j += 1
        lo_b[n + 1] = l
        hi_b[n] = current_hi
        n += np.int64(l > current_hi)
        current_hi = max(current_hi, h)
    hi_b[n] = min(current_hi, wr)
    return n + 1


@njit(cache=True, nogil=True)
def _merge_split(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, split_min, upper_written):
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

    Falls back to :func:`_merge_shifted` when the windowed input has fewer than ``split_min`` intervals or one part
    is empty.  Returns -1 when the two parts would meet in the output buffer (their sum can exceed the union's size
    when the lower part's last interval reaches far; the caller then runs :func:`_merge_shifted`, whose output
    always fits).  ``upper_written[0]`` is increased by the size of the upper part, which the join reads and moves
    once more (the traffic count of ``slth bench rss``).
    """
    i0 = _count_hi_below(hi_a, count, 0.0, wl)
    i_end = _count_lo_at_most(lo_a, count, 0.0, wr)
    j0 = _count_hi_below(hi_a, count, shift, wl)
    j_end = _count_lo_at_most(lo_a, count, shift, wr)
    if (i_end - i0) + (j_end - j0) < split_min:
        return _merge_shifted(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b)
    # split value: the start of the middle interval of the A stream; lower = starts <= v, upper = starts > v
    if i_end - i0 >= j_end - j0:
        v = lo_a[(i0 + i_end) // 2]
    else:
        v = lo_a[(j0 + j_end) // 2] + shift
    ia = _count_lo_at_most(lo_a, count, 0.0, v)
    jb = _count_lo_at_most(lo_a, count, shift, v)
    ia = min(max(ia, i0), i_end)
    jb = min(max(jb, j0), j_end)
    if ia - i0 + jb - j0 == 0 or i_end - ia + j_end - jb == 0:
        return _merge_shifted(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b)
    length = lo_b.shape[0]
    top = length - 1
    # lower part, ascending: streams A[i0:ia], B[j0:jb]
    i = i0
    j = j0
    if j >= jb or (i < ia and lo_a[i] <= lo_a[j] + shift):
        lo_b[0] = lo_a[i]
        cur_hi = hi_a[i]
        i += 1
    else:
        lo_b[0] = lo_a[j] + shift
        cur_hi = hi_a[j] + shift
        j += 1
    n = np.int64(0)
    # upper part, descending: streams A[ia:i_end], B[jb:j_end], written downward from the top
    p = i_end - 1
    q = j_end - 1
    if q < jb or (p >= ia and hi_a[p] >= hi_a[q] + shift):
        hi_b[top] = hi_a[p]
        cur_lo = lo_a[p]
        p -= 1
    else:
        hi_b[top] = hi_a[q] + shift
        cur_lo = lo_a[q] + shift
        q -= 1
    m = np.int64(0)
    # both parts interleaved: two independent dependency chains
    while i < ia and j < jb and p >= ia and q >= jb:
        if n + m + 4 > length:
            return -1
        from_a = np.int64(lo_a[i] <= lo_a[j] + shift)
        l = min(lo_a[i], lo_a[j] + shift)
        k = j + (i - j) * from_a
        h = hi_a[k] + shift * (1 - from_a)
        i += from_a
        j += 1 - from_a
        lo_b[n + 1] = l
        hi_b[n] = cur_hi
        n += np.int64(l > cur_hi)
        cur_hi = max(cur_hi, h)

        up_a = np.int64(hi_a[p] >= hi_a[q] + shift)
        hu = max(hi_a[p], hi_a[q] + shift)
        ku = q + (p - q) * up_a
        lu = lo_a[ku] + shift * (1 - up_a)
        p -= up_a
        q -= 1 - up_a
        hi_b[top - m - 1] = hu
        lo_b[top - m] = cur_lo
        m += np.int64(hu < cur_lo)
        cur_lo = min(cur_lo, lu)
    # tails of the lower part
    while i < ia and j < jb:
        if n + m + 4 > length:
            return -1
        from_a = np.int64(lo_a[i] <= lo_a[j] + shift)
        l = min(lo_a[i], lo_a[j] + shift)
        k = j + (i - j) * from_a
        h = hi_a[k] + shift * (1 - from_a)
        i += from_a
        j += 1 - from_a
        lo_b[n + 1] = l
        hi_b[n] = cur_hi
        n += np.int64(l > cur_hi)
        cur_hi = max(cur_hi, h)
    while i < ia:
        if n + m + 4 > length:
            return -1
        l = lo_a[i]
        h = hi_a[i]
        i += 1
        lo_b[n + 1] = l
        hi_b[n] = cur_hi
        n += np.int64(l > cur_hi)
        cur_hi = max(cur_hi, h)
    while j < jb:
        if n + m + 4 > length:
            return -1
        l = lo_a[j] + shift
        h = hi_a[j] + shift
        j += 1
        lo_b[n + 1] = l
        hi_b[n] = cur_hi
        n += np.int64(l > cur_hi)
        cur_hi = max(cur_hi, h)
    # tails of the upper part
    while p >= ia and q >= jb:
        if n + m + 4 > length:
            return -1
        up_a = np.int64(hi_a[p] >= hi_a[q] + shift)
        hu = max(hi_a[p], hi_a[q] + shift)
        ku = q + (p - q) * up_a
        lu = lo_a[ku] + shift * (1 - up_a)
        p -= up_a
        q -= 1 - up_a
        hi_b[top - m - 1] = hu
        lo_b[top - m] = cur_lo
        m += np.int64(hu < cur_lo)
        cur_lo = min(cur_lo, lu)
    while p >= ia:
        if n + m + 4 > length:
            return -1
        hu = hi_a[p]
        lu = lo_a[p]
        p -= 1
        hi_b[top - m - 1] = hu
        lo_b[top - m] = cur_lo
        m += np.int64(hu < cur_lo)
        cur_lo = min(cur_lo, lu)
    while q >= jb:
        if n + m + 4 > length:
            return -1
        hu = hi_a[q] + shift
        lu = lo_a[q] + shift
        q -= 1
        hi_b[top - m - 1] = hu
        lo_b[top - m] = cur_lo
        m += np.int64(hu < cur_lo)
        cur_lo = min(cur_lo, lu)
    lo_b[top - m] = cur_lo
    upper_written[0] += m + 1
    # join: the lower part's last interval absorbs the upper intervals it reaches, then the rest moves down
    u = top - m
    while u <= top and lo_b[u] <= cur_hi:
        cur_hi = max(cur_hi, hi_b[u])
        u += 1
    hi_b[n] = cur_hi
    out = n + 1
    while u <= top:
        lo_b[out] = lo_b[u]
        hi_b[out] = hi_b[u]
        out += 1
        u += 1
    lo_b[0] = max(lo_b[0], wl)
    hi_b[out - 1] = min(hi_b[out - 1], wr)
    return out
