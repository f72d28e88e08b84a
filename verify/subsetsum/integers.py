r"""Exact integer subset sums: perfect partitions (Borgs, Chayes, Pittel) and exactly represented quantized targets
(Kumar & Natale 2025).

**Bitset dynamic programme.**  For non-negative integers the set of subset sums is a bitset B (bit s set iff some
subset sums to s); adding x gives B ← B | (B << x).  For integers of both signs the bitset is indexed from the most
negative reachable sum.  Every operation is on integers: the programme is exact.

**Perfect partitions.**  n integers x_i uniform on {1, …, M}; a partition (A, Ā) is *perfect* when its discrepancy
|Σ_A − Σ_Ā| is 0 (total even) or 1 (total odd), i.e. when some subset sums to ⌊Σx/2⌋.  Borgs, Chayes and Pittel
(Random Structures & Algorithms 19, 2001; their abstract was read) prove a phase transition at κ = log2(M)/n = 1
with the scaling window κ_n = 1 − log2(n)/(2n) + λ_n/n: the probability of a perfect partition tends to 1, to 0, or
to an explicit p(λ) ∈ (0, 1) as λ_n → −∞, +∞ or λ.  Kumar & Natale (arXiv 2508.11020; its abstract and introduction
were read, the formulas of its theorems were not) build their exact quantized tickets on that result.  The number of
perfect partitions of one instance is counted exactly by splitting the integers in two halves, enumerating the 2^{n/2}
subset sums of each, and counting the pairs that add up to ⌊Σx/2⌋ (sorted lists, integers only): for the instance
sizes of a phase diagram (M up to 2^{1.5n}) this is exponentially cheaper than a bitset of Σx bits, and the tests
check that the two agree.  First moment [derived]: 2^{n−1} unordered partitions; the signed sum Y = Σ ±x_i of a
random one has variance about n·M²/3 and the parity of the total, so it is 0 (even total) with probability about
2/(σ√(2π)) and ±1 (odd total) with twice that.  Hence E[#perfect | even] ≈ E₀ = 2^n·√(3/(2πn))/M = 2^{−λ}·√(3/(2π))
on the window, and 2·E₀ for an odd total.  If the count is about Poisson given the parity, P(perfect) ≈
1 − ½(e^{−E₀} + e^{−2E₀}), which is ½ at E₀ = ln((1 + √5)/2): λ* = log2(√(3/(2π))/ln((1 + √5)/2)) ≈ 0.522 [derived,
heuristic: the Poisson step is not proved here].

**Quantized sources.**  A δ-quantized source (δ = 1/Q) has samples uniform on the grid {−Q, …, Q}·δ of [−1, 1]; a
target on the same grid is *represented exactly* by the first m samples when some subset sums to it.  The bitset of
all subset sums of every prefix gives the count of represented targets exactly; Kumar & Natale's quantized ticket
needs every target of the grid represented, which the counting floor 2^m ≥ 2Q + 1 bounds from below.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from verify.errors import InvalidInput
from verify.validate import check_int

KERNEL = "rss-integers/1"


@njit(cache=True, nogil=True)
def _or_shifted_left(words, shift):
    """words |= words << shift (bits beyond the last word are dropped), in place."""
    q = shift // 64
    r = shift % 64
    count = words.shape[0]
    for w in range(count - 1, q - 1, -1):
        value = words[w - q] << np.uint64(r)
        if r > 0 and w - q - 1 >= 0:
            value |= words[w - q - 1] >> np.uint64(64 - r)
        words[w] |= value


@njit(cache=True, nogil=True)
def _or_shifted_right(words, shift):
    """words |= words >> shift, in place."""
    q = shift // 64
    r = shift % 64
    count = words.shape[0]
    for w in range(0, count - q):
        value = words[w + q] >> np.uint64(r)
        if r > 0 and w + q + 1 < count:
            value |= words[w + q + 1] << np.uint64(64 - r)
        words[w] |= value


@njit(cache=True, nogil=True)
def _bit(words, index):
    return (words[index // 64] >> np.uint64(index % 64)) & np.uint64(1)


@njit(cache=True, nogil=True)
def _popcount(x):
    """Number of set bits of a uint64 (the SWAR sum of bit pairs, nibbles and bytes)."""
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return int((x * np.uint64(0x0101010101010101)) >> np.uint64(56))


@njit(cache=True, nogil=True)
def _count_bits(words, first, last):
    """Set bits with index in [first, last]."""
    if last < first:
        return 0
    w0 = first // 64
    w1 = last // 64
    total = 0
    for w in range(w0, w1 + 1):
        word = words[w]
        if w == w0 and first % 64:
            word &= ~((np.uint64(1) << np.uint64(first % 64)) - np.uint64(1))
        if w == w1 and last % 64 != 63:
            word &= (np.uint64(1) << np.uint64(last % 64 + 1)) - np.uint64(1)
        total += _popcount(word)
    return total


@njit(cache=True, nogil=True)
def _subset_sum_bitset(values, limit):
    """Bitset of the subset sums ≤ limit of non-negative integers (bit s of word s // 64)."""
    words = np.zeros(limit // 64 + 1, dtype=np.uint64)
    words[0] = np.uint64(1)
    for x in values:
        if x <= limit:
            _or_shifted_left(words, x)
    last = limit % 64 + 1  # clear the bits above ``limit`` in the last word
    if last < 64:
        words[words.shape[0] - 1] &= (np.uint64(1) << np.uint64(last)) - np.uint64(1)
    return words


@njit(cache=True, nogil=True)
def _half_sums(values):
    """All 2^len(values) subset sums, in the doubling order (int64)."""
    sums = np.zeros(1 << values.shape[0], dtype=np.int64)
    size = 1
    for x in values:
        for i in range(size):
            sums[size + i] = sums[i] + x
        size *= 2
    return sums


@njit(cache=True, nogil=True)
def _count_pairs(left, right, target):
    """#{(i, j) : left[i] + right[j] = target} for sorted int64 arrays."""
    i = 0
    j = right.shape[0] - 1
    count = 0
    while i < left.shape[0] and j >= 0:
        total = left[i] + right[j]
        if total < target:
            i += 1
        elif total > target:
            j -= 1
        else:
            a = left[i]
            b = right[j]
            run_left = 0
            while i < left.shape[0] and left[i] == a:
                i += 1
                run_left += 1
            run_right = 0
            while j >= 0 and right[j] == b:
                j -= 1
                run_right += 1
            count += run_left * run_right
    return count


@njit(cache=True, nogil=True)
def _perfect_partitions(values):
    """The exact number of perfect partitions {A, Ā} of positive integers (split enumeration)."""
    total = 0
    for x in values:
        total += x
    target = total // 2
    half = values.shape[0] // 2
    left = np.sort(_half_sums(values[:half]))
    right = np.sort(_half_sums(values[half:]))
    subsets = _count_pairs(left, right, target)
    # even total: a subset and its complement both sum to total/2; odd: only the lighter side sums to ⌊total/2⌋
    return subsets // 2 if total % 2 == 0 else subsets


@njit(cache=True, nogil=True)
def _perfect_partition_rows(values, out):
    for t in range(values.shape[0]):
        out[t] = _perfect_partitions(values[t])


@njit(cache=True, nogil=True)
def _represented_counts(values, q, out):
    """out[t, m−1] = how many targets of {−q..q} are subset sums of values[t, :m] (bitset over all sums)."""
    trials, n = values.shape
    for t in range(trials):
        negative = 0
        positive = 0
        for m in range(n):
            x = values[t, m]
            if x < 0:
                negative -= x
            else:
                positive += x
        words = np.zeros((negative + positive) // 64 + 1, dtype=np.uint64)
        offset = negative   # bit offset + s  <->  sum s
        words[offset // 64] = np.uint64(1) << np.uint64(offset % 64)
        for m in range(n):
            x = values[t, m]
            if x > 0:
                _or_shifted_left(words, x)
            elif x < 0:
                _or_shifted_right(words, -x)
            out[t, m] = _count_bits(words, offset + max(-q, -negative), offset + min(q, positive))


def check_integer_values(values, name: str = "values", positive: bool = False) -> np.ndarray:
    """A non-empty 2-D integer matrix (a vector is one trial), as int64; positive entries when asked."""
    array = np.asarray(values)
    if array.dtype == object or array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise InvalidInput(f"{name} must be an integer array, got dtype {array.dtype}")
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or 0 in array.shape:
        raise InvalidInput(f"{name} must be a non-empty matrix (trials × n), got shape {array.shape}")
    array = array.astype(np.int64)
    if positive and np.any(array < 1):
        raise InvalidInput(f"{name} must be positive integers (the partition problem draws from 1..M)")
    if np.any(np.abs(array) > 2**40):
        raise InvalidInput(f"{name} must lie within ±2^40 (sums of up to 2^22 of them stay exact in int64)")
    return array


def perfect_partitions(values) -> np.ndarray:
    """The number of perfect partitions of every row of positive integers (exact).

    Examples
    --------
    >>> perfect_partitions([1, 2, 3]).tolist()                     # {3} | {1, 2}
    [1]
    >>> perfect_partitions([[3, 3, 2, 2], [1, 1, 1, 5]]).tolist()   # {3, 2} | {3, 2} in two ways; none
    [2, 0]
    """
    array = check_integer_values(values, positive=True)
    if array.shape[1] > 44:
        raise InvalidInput(f"n = {array.shape[1]} integers is too many for exact enumeration here (at most 44)")
    out = np.zeros(array.shape[0], dtype=np.int64)
    _perfect_partition_rows(array, out)
    return out


def has_perfect_partition_bitset(values) -> np.ndarray:
    """Whether every row has a perfect partition, by the bitset programme (sums up to ⌊Σx/2⌋)."""
    array = check_integer_values(values, positive=True)
    out = np.zeros(array.shape[0], dtype=bool)
    for t, row in enumerate(array):
        limit = int(row.sum()) // 2
        if limit > 2**32:
            raise InvalidInput(f"row {t}: a bitset of {limit + 1:,} bits is too large")
        words = _subset_sum_bitset(row, limit)
        out[t] = bool((int(words[limit // 64]) >> (limit % 64)) & 1)
    return out


def represented_counts(values, q: int) -> np.ndarray:
    """For every row and prefix m: how many targets of {−q, …, q} are subset sums of the first m values (exact).

    Examples
    --------
    >>> represented_counts([[1, 2, -4]], q=3).tolist()   # {0,1}; {0,1,2,3}; adds -4,-3,-2,-1
    [[2, 4, 7]]
    """
    q = check_int("q", q, 1, 2**30, hint="targets -q..q")
    array = check_integer_values(values)
    if np.abs(array).sum(axis=1).max() > 2**33:
        raise InvalidInput("the sums of a row span more than 2^33 values; too large for a bitset")
    out = np.zeros(array.shape, dtype=np.int64)
    _represented_counts(array, q, out)
    return out
