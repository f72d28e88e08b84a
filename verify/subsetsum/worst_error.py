"""Exact whole-interval coverage of random subset sums.

For samples X_1..X_n and an accuracy ε, the sample is **ε-good on I = [a, b]** when every z ∈ I lies within ε of some
subset sum Σ_S = Σ_{i∈S} X_i (the empty sum 0 included).  Its **worst error** is

.. math::

    ε^*(X_1..X_n) = \\sup_{z ∈ [a, b]} \\min_{S ⊆ \\{1..n\\}} |z − Σ_S|,

so the sample is ε-good exactly when ε* ≤ ε, for every ε at once (spec: subsetsum.md, "Definitions").

Algorithm (exact interval dynamic programme, spec "Algorithms").  Keep U_k, the union of the closed intervals
[Σ_S − ε₀, Σ_S + ε₀] over the subsets S of the first k samples, as sorted disjoint intervals; then
U_{k+1} = U_k ∪ (U_k + X_{k+1}), a linear merge (:mod:`verify.subsetsum.interval_merge`).  Every U_k is clipped to
the window

.. math::

    W_k = [a − ρ − P_k,\\; b + ρ + N_k],

where P_k and N_k are the positive and negative mass of the samples still to come (up to the horizon H) and ρ (the
*reach*, ρ ≥ ε₀) is the largest error of interest.  Clipping is exact: W_{k+1} ⊆ W_k and W_{k+1} − X_{k+1} ⊆ W_k,
so (U_k ∩ W_k) ∪ ((U_k ∩ W_k) + X_{k+1}) equals U_{k+1} on W_{k+1}.  At every prefix m ≤ H the clipped union agrees
with the true one on [a − ρ, b + ρ], which contains the nearest sum of every z ∈ [a, b] whose error is at most ρ.
Hence the value

    r_m = ε₀ + sup_{z∈[a,b]} dist(z, U_m)     (= ε₀ when U_m covers [a, b])

equals max(ε*_m, ε₀) whenever ε*_m ≤ ρ, and exceeds ρ otherwise (then ``inf`` is stored).  One pass at the smallest
ε of interest therefore answers every ε in [ε₀, ρ] for every prefix, which is how several ε are served at once.

Speed without approximation: the DP stops as soon as [a, b] is covered at ε₀ (coverage is monotone in n), and a
first pass uses a short horizon H₁ (a narrower window, fewer intervals); only paths not covered by then are recomputed
with 2·H₁ and then H = n_max.  Both passes are exact, so the result does not depend on H₁.

Floating point: interval ends are float sums taken in sample order; on dyadic inputs (all values multiples of a
power of two, small enough) every operation is exact and the programme agrees bit for bit with brute-force
enumeration, which the test suite checks.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from verify.errors import InvalidInput
from verify.subsetsum.interval_merge import SPLIT_MIN, _count_hi_below, _count_lo_at_most, _merge_four

# Kernel status codes.
_OK = 0
_CAPACITY_EXCEEDED = -1


@njit(cache=True, nogil=True)
def _gap_distance(previous_hi, next_lo, a, b):
    """sup over z in [a, b] ∩ (previous_hi, next_lo) of the distance from z to the nearer end (±inf allowed)."""
    z_lo = a if a > previous_hi else previous_hi
    z_hi = b if b < next_lo else next_lo
    if z_lo > z_hi:
        return 0.0
    if previous_hi == -np.inf:
        return next_lo - z_lo
    if next_lo == np.inf:
        return z_hi - previous_hi
    z = 0.5 * (previous_hi + next_lo)
    if z < z_lo:
        z = z_lo
    if z > z_hi:
        z = z_hi
    return min(z - previous_hi, next_lo - z)


@njit(cache=True, nogil=True)
def _uncovered_distance(lo, hi, count, a, b, eps0, reach):
    """sup_{z ∈ [a, b]} dist(z, ∪ [lo_k, hi_k]) for sorted disjoint intervals (0 when covered, inf when empty).

    Returns +inf as soon as ε₀ + (distance found so far) exceeds ``reach`` in floating point: float addition is
    monotone, so the full maximum would be reported as "above the reach" too (the answer is the same, bit for bit).
    """
    if count == 0:
        return np.inf
    first = _count_hi_below(hi, count, 0.0, a)   # intervals first.. have hi >= a
    stop = _count_lo_at_most(lo, count, 0.0, b)  # intervals ..stop-1 have lo <= b
    before = hi[first - 1] if first > 0 else -np.inf
    after = lo[stop] if stop < count else np.inf
    if first >= stop:
        return _gap_distance(before, after, a, b)
    worst = _gap_distance(before, lo[first], a, b)
    if eps0 + worst > reach:
        return np.inf
    widest = 0.0
    for k in range(first + 1, stop):  # gaps strictly inside [a, b]
        gap = lo[k] - hi[k - 1]
        if gap > widest:
            widest = gap
            if eps0 + 0.5 * widest > reach:
                return np.inf
    if 0.5 * widest > worst:
        worst = 0.5 * widest
    right = _gap_distance(hi[stop - 1], after, a, b)
    if right > worst:
        worst = right
    return worst


@njit(cache=True, nogil=True)
def _worst_error_path(x, horizon, a, b, eps0, reach, lo_a, hi_a, lo_b, hi_b, out, split_min, traffic):
    """Exact r_m for m = 0..horizon of one sample path ``x`` (only x[:horizon] is used).

    Writes out[m] = max(ε*_m, ε₀) when that is <= reach, else +inf.  Returns (status, peak interval count).
    Buffers sized by :func:`interval_capacity` always suffice; if they are too small the kernel stops with
    status -1 instead of writing past them.  Each step merges with :func:`~verify.subsetsum.interval_merge._merge_four`
    (four interleaved chains from ``split_min`` windowed intervals on, the single chain otherwise: the same numbers
    either way), which adds the intervals it reads and writes to ``traffic`` ([0] read,
    [1] written).
    """
    # Suffix masses P[k], N[k] of samples k..horizon-1 (those still to come after a prefix of length k).
    pos = np.zeros(horizon + 1)
    neg = np.zeros(horizon + 1)
    for k in range(horizon - 1, -1, -1):
        v = x[k]
        pos[k] = pos[k + 1] + (v if v > 0.0 else 0.0)
        neg[k] = neg[k + 1] + (-v if v < 0.0 else 0.0)
    # U_0 = [−ε₀, ε₀] ∩ W_0.
    wl = a - reach - pos[0]
    wr = b + reach + neg[0]
    count = 0
    if eps0 >= wl and -eps0 <= wr:
        lo_a[0] = max(-eps0, wl)
        hi_a[0] = min(eps0, wr)
        count = 1
    peak = count
    length = b - a
    for m in range(horizon + 1):
        if m > 0:
            wl = a - reach - pos[m]
            wr = b + reach + neg[m]
            count = _merge_four(lo_a, hi_a, count, x[m - 1], wl, wr, lo_b, hi_b, split_min, traffic)
            if count < 0:
                return _CAPACITY_EXCEEDED, peak
            if count > peak:
                peak = count
            lo_a, lo_b = lo_b, lo_a
            hi_a, hi_b = hi_b, hi_a
        if m < 62 and (2.0 ** m) * 2.0 * reach < length:
            out[m] = np.inf  # counting floor: 2^m sums cannot come within reach of every point
            continue
        distance = _uncovered_distance(lo_a, hi_a, count, a, b, eps0, reach)
        if distance == 0.0:
            for rest in range(m, horizon + 1):
                out[rest] = eps0
            return _OK, peak
        value = eps0 + distance
        out[m] = value if value <= reach else np.inf
    return _OK, peak


@njit(cache=True, nogil=True)
def _worst_error_rows(samples, rows, horizon, a, b, eps0, reach, lo_a, hi_a, lo_b, hi_b, out, peaks, split_min,
                      traffic):
    """Run :func:`_worst_error_path` on samples[rows[t]] into out[rows[t], :horizon+1], peaks[rows[t]] and
    traffic[rows[t]] (intervals read, written; added to).  Returns (status, t): on a path the buffers cannot hold,
    its status and position t in ``rows`` (rows before t are done, row t and later are untouched but for traffic)."""
    row_out = np.empty(horizon + 1)
    for t in range(rows.shape[0]):
        r = rows[t]
        status, row_peak = _worst_error_path(samples[r], horizon, a, b, eps0, reach, lo_a, hi_a, lo_b, hi_b, row_out,
                                             split_min, traffic[r])
        if status != _OK:
            return status, t
        if row_peak > peaks[r]:
            peaks[r] = row_peak
        for m in range(horizon + 1):
            out[r, m] = row_out[m]
    return _OK, rows.shape[0]


def interval_capacity(samples: np.ndarray, horizon: int, a: float, b: float, eps0: float, reach: float) -> np.ndarray:
    """Guaranteed buffer length, per row, for the interval programme (the peak interval count plus two slots).

    After m samples the union lives in W_m, of length L_m = (b − a) + 2ρ + Σ_{j>m} |X_j|.  Its intervals are
    disjoint; all but the two clipped ones have length at least 2ε₀ − τ, where τ bounds the rounding of the float
    sums that form their ends (τ = 4·H·2^-52·(|a| + |b| + ρ + Σ|X_j|)); and there are at most 2^m of them.  So the
    count is at most min(2^m, ⌊L_m / (2ε₀ − τ)⌋ + 3).
    """
    samples = np.atleast_2d(samples)[:, :horizon]
    suffix = np.cumsum(np.abs(samples[:, ::-1]), axis=1)[:, ::-1]           # Σ_{j>=m} |X_j|, m = 0..horizon-1
    suffix = np.concatenate([suffix, np.zeros((samples.shape[0], 1))], axis=1)  # m = 0..horizon
    width = (b - a) + 2.0 * reach + suffix
    rounding = 4.0 * max(horizon, 1) * 2.0**-52 * (abs(a) + abs(b) + reach + suffix[:, :1])
    shortest = 2.0 * eps0 - rounding
    by_count = 2.0 ** np.minimum(np.arange(horizon + 1), 62)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_length = np.where(shortest > 0, np.floor(width / np.where(shortest > 0, shortest, 1.0)) + 3.0, np.inf)
    peak = np.max(np.minimum(by_length, by_count), axis=1)
    return (peak + 2).astype(np.int64)


def interval_capacity_bound(n: int, a: float, b: float, eps0: float, reach: float, max_abs: float) -> int:
    """The bound of :func:`interval_capacity` for *every* path of length n whose samples satisfy |X_j| <= max_abs,
    in closed form (no path is drawn): with Σ_{j>m} |X_j| <= (n − m)·max_abs,

    .. math::

        \\max_{0 \\le m \\le n} \\min\\Big(2^{\\min(m, 62)},\\;
        \\Big\\lfloor \\frac{(b − a) + 2ρ + (n − m)\\,M}{2ε_0 − τ} \\Big\\rfloor + 3\\Big) + 2,\\qquad
        τ = 4 n\\, 2^{−52} (|a| + |b| + ρ + n M).

    Every term is at least the per-path one (a wider window, a larger τ), so it bounds the buffers any chunk of such
    paths needs.  The first term grows and the second falls with m, and for m > 62 the minimum is at most its value
    at m = 62, so the maximum is taken over m <= min(n, 62) only: the cost does not depend on n.
    """
    rounding = 4.0 * max(n, 1) * 2.0**-52 * (abs(a) + abs(b) + reach + n * max_abs)
    shortest = 2.0 * eps0 - rounding
    largest = 0.0
    for m in range(min(n, 62) + 1):
        by_length = math.floor(((b - a) + 2.0 * reach + (n - m) * max_abs) / shortest) + 3.0 if shortest > 0 \
            else math.inf
        largest = max(largest, min(2.0**m, by_length))
    return int(largest) + 2


BYTES_PER_INTERVAL = 4 * 8  # two buffers, each with a lower and an upper end in float64
HUGE_PAGE_BYTES = 2**21  # the transparent huge page of x86-64 and of most arm64 kernels
ALIGNMENT_BYTES = 4 * 2 * HUGE_PAGE_BYTES  # what one IntervalBuffers allocates beyond its capacity (see below)


def _huge_page_aligned(capacity: int) -> np.ndarray:
    """An uninitialised float64 array of ``capacity`` that starts on a 2 MiB boundary, cut from an allocation two
    huge pages longer, so that every 2 MiB frame it touches, the last one included, lies inside the allocation
    (where the kernel has huge pages to give, numpy asks for them on large arrays; nothing here depends on it).

    Speed only, never a bit of the result.  Measured on this project's machine (a virtual machine; 2026-12-02): the
    same 50 uniform paths at ε = 1e-6 on one thread took 1.56 s (median of four) in plain ``np.empty`` buffers of
    exactly 1,523,707 intervals, the size the memory guard gives that ε, and 1.26 s in these; whole ``slth rss``
    processes (600 paths) took 19.5-28.7 s against 14.0-15.4 s.  At the other sizes tried (1.1 M to 2.0 M
    intervals, and the guaranteed size) plain and aligned buffers ran alike within the noise of those short runs
    (ratios 0.86-1.25, 30 paths).  Why that one size was slow is not established: the aligned arrays were not
    backed by more huge pages (``AnonHugePages``), and they alias more in the caches (all four at one offset modulo
    2 MiB), not less.  See docs/guide/performance.md, "Huge-page-aligned buffers".
    """
    raw = np.empty(capacity + 2 * HUGE_PAGE_BYTES // 8)
    skip = (-raw.ctypes.data % HUGE_PAGE_BYTES) // 8  # numpy aligns data to 16 bytes, so this is exact
    return raw[skip:skip + capacity]


class IntervalBuffers:
    """Reusable work buffers for one thread: four float64 arrays (two unions, their lower and upper ends), grown
    on demand and never shrunk, each aligned to a 2 MiB boundary (:func:`_huge_page_aligned`; they allocate
    :data:`ALIGNMENT_BYTES` beyond their capacity, which the memory guard counts).  ``limit``
    (intervals), if given, is what the memory guard approved for them."""

    def __init__(self, limit: int | None = None):
        self.arrays = tuple(np.empty(0) for _ in range(4))
        self.limit = limit

    @property
    def capacity(self) -> int:
        return int(self.arrays[0].shape[0])

    def ensure(self, capacity: int):
        if self.capacity < capacity:
            if self.limit is not None and capacity > self.limit:
                raise BufferLimitExceeded(int(capacity), self.limit)
            self.arrays = ()  # release the old arrays before the new ones exist
            self.arrays = tuple(_huge_page_aligned(int(capacity)) for _ in range(4))
        return self.arrays


class BufferLimitExceeded(InvalidInput):
    """A path needs more intervals than the buffers the memory guard approved (``needed`` > ``limit``)."""

    def __init__(self, needed: int, limit: int):
        self.needed, self.limit = needed, limit
        super().__init__(f"a sample path needs buffers of {needed:,} intervals ({needed * BYTES_PER_INTERVAL:,} "
                         f"bytes), above the {limit:,} the memory limit leaves to each worker")


def first_pass_horizon(n_max: int, eps0: float, a: float, b: float, reach: float) -> int:
    """Short horizon for the first pass: the counting floor log2(L/(2ε₀)) plus a margin (speed only; exact anyway)."""
    floor = math.log2(max((b - a + 2 * reach) / (2 * eps0), 1.0))
    return int(min(n_max, math.ceil(floor) + 10))


def worst_errors_of(samples: np.ndarray, a: float, b: float, eps0: float, reach: float,
                    buffers: IntervalBuffers | None = None,
                    horizon: int | None = None, split_min: int = SPLIT_MIN,
                    traffic: np.ndarray | None = None,
                    initial_capacity: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Exact r_m for every row and prefix m = 1..n of a float64 matrix (no validation; see :func:`worst_errors`).

    Returns the (rows, n) matrix and each row's peak interval count.  Passes of horizon H₁, 2·H₁ and n, each for
    the rows not yet covered at ε₀.  ``split_min`` (speed only, never a bit of the result) is the windowed input
    size from which a step uses the four-chain merge; the tests set it to 2 so that small instances take that
    path.
    ``traffic``, an int64 (rows, 2) array, receives each row's intervals read and written over all passes (the memory
    traffic of ``slth bench rss``, counted by the engine itself; an attempt abandoned for larger buffers counts too).

    Buffers: by default each pass makes them as large as the guaranteed count of its rows
    (:func:`interval_capacity`).  With ``initial_capacity`` (intervals; the coverage run passes its predicted peak,
    :mod:`verify.subsetsum.interval_count`) a pass starts there instead, and a path that needs more is run again
    with doubled buffers, never beyond its guaranteed count nor beyond ``buffers.limit``
    (:class:`BufferLimitExceeded`).  Buffer sizes change the cost only, never a bit of the result.
    """
    samples = np.ascontiguousarray(samples, dtype=np.float64)
    trials, n = samples.shape
    buffers = buffers or IntervalBuffers()
    out = np.empty((trials, n + 1))
    peaks = np.zeros(trials, dtype=np.int64)
    first = first_pass_horizon(n, eps0, a, b, reach) if horizon is None else int(horizon)
    # Passes of growing horizon (H₁, 2·H₁, n): each pass recomputes only the rows not yet covered at ε₀.  Every
    # pass is exact for the prefixes it reaches, so the horizons change the cost, never a bit of the result.
    horizons = sorted({h for h in (first, 2 * first, n) if h <= n})
    rows = np.arange(trials, dtype=np.int64)
    counts = traffic if traffic is not None else np.zeros((trials, 2), dtype=np.int64)
    for pass_horizon in horizons:
        if rows.size == 0:
            break
        guaranteed = interval_capacity(samples[rows], pass_horizon, a, b, eps0, reach)
        capacity = int(guaranteed.max()) if initial_capacity is None else min(int(guaranteed.max()),
                                                                             max(int(initial_capacity), 3))
        buffers.ensure(capacity)
        done = 0
        while done < rows.size:
            lo_a, hi_a, lo_b, hi_b = buffers.arrays
            status, failed = _worst_error_rows(samples, rows[done:], pass_horizon, a, b, eps0, reach, lo_a, hi_a, lo_b,
                                               hi_b, out, peaks, int(split_min), counts)
            if status == _OK:
                break
            done += int(failed)
            # this path needs larger buffers: double them, up to its guaranteed size (which always suffices)
            needed = int(guaranteed[done])
            if buffers.capacity >= needed:  # pragma: no cover - the capacity bound is a theorem; this guards a bug
                raise RuntimeError("interval buffer capacity exceeded: the capacity bound is wrong")
            grown = min(needed, 2 * buffers.capacity)
            if buffers.limit is not None and buffers.capacity < buffers.limit < grown:
                grown = buffers.limit
            del lo_a, hi_a, lo_b, hi_b  # so that the old arrays are freed before the new ones are allocated
            buffers.ensure(grown)
        if pass_horizon < n:
            covered = out[rows, pass_horizon] <= eps0
            out[rows[covered], pass_horizon + 1:] = eps0
            rows = rows[~covered]
    return out[:, 1:], peaks


def check_eps(eps) -> np.ndarray:
    values = np.atleast_1d(np.asarray(eps, dtype=object))
    out = []
    for value in values:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"eps {value!r} is not a number; allowed: finite numbers > 0") from None
        if not math.isfinite(number) or number <= 0:
            raise InvalidInput(f"eps {value!r} is not allowed; eps must be finite and > 0")
        out.append(number)
    if not out:
        raise InvalidInput("at least one eps is required")
    return np.array(list(dict.fromkeys(out)), dtype=np.float64)  # distinct, in the order given


def check_interval(interval) -> tuple[float, float]:
    try:
        a, b = (float(v) for v in interval)
    except (TypeError, ValueError):
        raise InvalidInput(f"interval {interval!r} must be two numbers a, b") from None
    if not (math.isfinite(a) and math.isfinite(b) and a < b):
        raise InvalidInput(f"interval [{a:g}, {b:g}] must be finite with a < b")
    return a, b


def check_samples(samples) -> np.ndarray:
    """A 2-D finite float matrix (one row per trial), or a 1-D vector taken as one trial."""
    array = np.asarray(samples)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
        raise InvalidInput(f"samples must be a numeric array, got dtype {array.dtype}")
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape[0] < 1 or array.shape[1] < 1:
        raise InvalidInput(f"samples must be a non-empty 2-D matrix (trials × n), got shape {array.shape}")
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise InvalidInput("samples contain NaN or infinite values; all entries must be finite")
    return array


def worst_errors(samples, eps, interval=(-1.0, 1.0), eps_max=None) -> np.ndarray:
    """Exact worst errors of every prefix of given sample paths.

    Parameters
    ----------
    samples : array (trials, n) or (n,)
        Sample paths; row t is X_1..X_n of trial t.
    eps : float
        The smallest accuracy of interest ε₀ (values below it are reported as ε₀).
    interval : (a, b)
        Target interval I.
    eps_max : float, optional
        The largest accuracy of interest ρ (default ``eps``); worst errors above it are reported as ``inf``.

    Returns
    -------
    r : array (trials, n)
        r[t, m-1] = max(ε*(X_1..X_m), ε₀) if that is <= ρ, else ``inf``.

    Examples
    --------
    >>> worst_errors([0.5, 0.25, 1.0], eps=2**-7, interval=(0, 1), eps_max=1.0)[0].tolist()
    [0.5, 0.25, 0.125]
    """
    eps0 = float(check_eps(eps).min())
    reach = eps0 if eps_max is None else float(check_eps(eps_max).max())
    if reach < eps0:
        raise InvalidInput(f"eps_max {reach:g} must be >= eps {eps0:g}")
    a, b = check_interval(interval)
    r, _ = worst_errors_of(check_samples(samples), a, b, eps0, reach)
    return r
