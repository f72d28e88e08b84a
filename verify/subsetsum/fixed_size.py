r"""Exact coverage by sums of exactly k samples: the random fixed-size subset sum (Natale et al. 2024).

Only subsets of a fixed size k count.  A sample X_1..X_n is **ε-good for size k on I = [a, b]** (default
I = [−√k, √k], the paper's) when every z ∈ I lies within ε of some Σ_S with |S| = k; its worst error is

.. math::

    ε^*_k(X_1..X_n) = \sup_{z ∈ [a, b]} \min_{|S| = k} |z − Σ_S|,

and for a fixed target z the error is e_k(z) = min_{|S| = k} |z − Σ_S|.  Natale et al. (NeurIPS 2024, arXiv
2410.14754, read in full for this module) state Theorem 2 (each fixed z ∈ [−√k, √k] is hit with probability at
least c_thm once n ≥ c_hyp·log2(k/ε)/H2(k/n), k ≤ n/2, c_hyp ≥ 1, sum-bounded samples; U[−1, 1] qualifies by their
Lemma 1) and Corollary 1 (all z at once with probability ≥ 1 − ε once n ≥ c_amp·log2²(k/ε)/H2(k/n),
c_amp = 8·c_hyp/c_thm, ε < 1/2) with the strict inequality |Σ_S − z| < ε; for a finite set of sums the strict and the
closed events differ only when ε*_k = ε exactly (measure zero for a continuous law), and this module reports the
closed one, as the unrestricted engine does.

Algorithm: a dynamic programme over (subset size, union of intervals).  U_m^{(j)} is the union of the closed intervals
[Σ_S − ε₀, Σ_S + ε₀] over the subsets S ⊆ {1..m} of size j; then

.. math::

    U_m^{(j)} = U_{m−1}^{(j)} ∪ (U_{m−1}^{(j−1)} + X_m),  j = 1..k,   U^{(0)} = [−ε₀, ε₀],

two sorted lists merged per layer.  **Windowing (provably safe).**  A partial sum of size j after m samples still needs
r = k − j of the samples X_{m+1..H} still to come (H the horizon); whatever they are, they add between
lo_r(m) = the sum of the r smallest and hi_r(m) = the sum of the r largest of them.  So layer j is clipped to

.. math::

    W_m^{(j)} = [a − ρ − hi_r(m),\ b + ρ − lo_r(m)]   (empty when r > H − m),

ρ ≥ ε₀ the largest error of interest.  Nothing outside it can end within ρ of [a, b]; W_m^{(j)} ⊆ W_{m−1}^{(j)} and
W_m^{(j)} − X_m ⊆ W_{m−1}^{(j−1)} (X_m and the r largest later samples are r + 1 samples after m − 1), so the clipped
programme equals the true one on every window, and at every prefix m ≤ H the size-k layer agrees with the true one on
[a − ρ, b + ρ] (a subset of (m, m'] has its r smallest sum at least lo_r(m) over (m, H]).  The windows are widened by
a rounding slack, which can only keep more.  Unlike the unrestricted programme, only k − j more samples are ever
added, so the windows stay narrow whatever the horizon: one pass with H = n_max.

From the size-k layer at every prefix m: r_m = ε₀ + sup_{z∈[a,b]} dist(z, U_m^{(k)}) = max(ε*_k, ε₀) when that is at
most ρ (``inf`` above it), and, for every target z of a grid, ε₀ + dist(z, U_m^{(k)}) = max(e_k(z), ε₀) (the same
rule).  Floating point: interval ends are float sums in sample order; on dyadic inputs every operation is exact and the
programme agrees bit for bit with enumerating all C(n, k) subsets (the test suite checks it).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from verify.errors import InvalidInput
from verify.subsetsum.interval_merge import (
    _ONE,
    _ZERO,
    _count_hi_below,
    _count_lo_at_most,
    _emit_up,
    _next_up_of_two,
)
from verify.subsetsum.worst_error import (
    _uncovered_distance,
    check_eps,
    check_interval,
    check_samples,
)
from verify.validate import check_int

_OK = 0
_CAPACITY_EXCEEDED = -1
KERNEL = "rss-fixed-size/1"


@njit(cache=True, nogil=True)
def _merge_union(lo_a, hi_a, na, lo_b, hi_b, nb, shift, wl, wr, lo_o, hi_o):
    """((A ∩ [wl, wr]) ∪ ((B + shift) ∩ [wl, wr])) into (lo_o, hi_o); A, B sorted disjoint closed intervals.
    Returns the count, or -1 if it would not fit (nothing is written past the end).

    While both streams are open (and the output has room for one interval more than it has opened) the steps are
    those of :mod:`verify.subsetsum.interval_merge`, with no branch on the data (:func:`_next_up_of_two`,
    :func:`_emit_up`: the next start is written one slot ahead and kept only when it opens an interval); the rest,
    one stream or the last slot, is a plain merge.  Both produce the same intervals."""
    if wl > wr:
        return 0
    i = np.int64(_count_hi_below(hi_a, na, 0.0, wl))
    i_end = _count_lo_at_most(lo_a, na, 0.0, wr)
    j = np.int64(_count_hi_below(hi_b, nb, shift, wl))
    j_end = _count_lo_at_most(lo_b, nb, shift, wr)
    capacity = lo_o.shape[0]
    n = np.int64(0)
    current_lo = 0.0
    current_hi = 0.0
    started = False
    if i < i_end and j < j_end and capacity > 1:
        # The first interval opens the output (slot 0); then branch-free steps on unsigned indices.
        ends = np.empty(2)
        ui, uj, ui_end, uj_end = np.uint64(i), np.uint64(j), np.uint64(i_end), np.uint64(j_end)
        current_lo, current_hi, take_a = _next_up_of_two(lo_a, hi_a, ui, lo_b, hi_b, uj, shift, ends)
        ui += take_a
        uj += _ONE - take_a
        lo_o[0] = current_lo
        un = _ZERO
        last = np.uint64(capacity - 1)
        while ui < ui_end and uj < uj_end and un < last:
            l, h, take_a = _next_up_of_two(lo_a, hi_a, ui, lo_b, hi_b, uj, shift, ends)
            un, current_hi = _emit_up(lo_o, hi_o, un, current_hi, l, h)
            ui += take_a
            uj += _ONE - take_a
        # Hand the open interval (number un, start lo_o[un]) to the plain merge below.
        i, j, n = np.int64(ui), np.int64(uj), np.int64(un)
        current_lo = lo_o[n]
        started = True
    while i < i_end or j < j_end:
        if j >= j_end or (i < i_end and lo_a[i] <= lo_b[j] + shift):
            l = lo_a[i]
            h = hi_a[i]
            i += 1
        else:
            l = lo_b[j] + shift
            h = hi_b[j] + shift
            j += 1
        if not started:
            current_lo = l
            current_hi = h
            started = True
        elif l > current_hi:
            if n >= capacity:
                return -1
            lo_o[n] = current_lo
            hi_o[n] = current_hi
            n += 1
            current_lo = l
            current_hi = h
        elif h > current_hi:
            current_hi = h
    if started:
        if n >= capacity:
            return -1
        lo_o[n] = current_lo
        hi_o[n] = current_hi
        n += 1
        if lo_o[0] < wl:
            lo_o[0] = wl
        if hi_o[n - 1] > wr:
            hi_o[n - 1] = wr
    return n


@njit(cache=True, nogil=True)
def _distance_to_union(lo, hi, count, z):
    """dist(z, ∪ [lo_i, hi_i]) for sorted disjoint intervals (inf when empty)."""
    if count == 0:
        return np.inf
    after = _count_lo_at_most(lo, count, 0.0, z)  # intervals ..after-1 start at or before z
    best = np.inf
    if after > 0:
        if hi[after - 1] >= z:
            return 0.0
        best = z - hi[after - 1]
    if after < count:
        gap = lo[after] - z
        if gap < best:
            best = gap
    return best


@njit(cache=True, nogil=True)
def _extreme_sums(x, horizon, k):
    """lo[m, r], hi[m, r]: the sums of the r smallest and of the r largest of x[m:horizon] (r ≤ horizon − m)."""
    lo = np.full((horizon + 1, k + 1), np.nan)
    hi = np.full((horizon + 1, k + 1), np.nan)
    for m in range(horizon + 1):
        rest = np.sort(x[m:horizon])
        count = rest.shape[0]
        lo[m, 0] = 0.0
        hi[m, 0] = 0.0
        for r in range(1, min(k, count) + 1):
            lo[m, r] = lo[m, r - 1] + rest[r - 1]
            hi[m, r] = hi[m, r - 1] + rest[count - r]
    return lo, hi


@njit(cache=True, nogil=True)
def _fixed_size_path(x, horizon, k, a, b, eps0, reach, slack, targets, lo_cur, hi_cur, lo_new, hi_new,
                     out, out_targets):
    """Exact r_m (m = 0..horizon, written to out[m]) and target errors (out_targets[m, t]) of one path.

    Returns (status, peak interval count of one layer)."""
    low_sum, high_sum = _extreme_sums(x, horizon, k)
    counts = np.zeros(k + 1, dtype=np.int64)
    counts_new = np.zeros(k + 1, dtype=np.int64)
    # U_0: only the empty subset (size 0), clipped to its window.
    wl = a - reach - high_sum[0, k] - slack
    wr = b + reach - low_sum[0, k] + slack
    if k <= horizon and eps0 >= wl and -eps0 <= wr:
        lo_cur[0, 0] = max(-eps0, wl)
        hi_cur[0, 0] = min(eps0, wr)
        counts[0] = 1
    peak = counts[0]
    length = b - a
    n_targets = targets.shape[0]
    binomial = 0.0  # C(m, k) as a float (a counting-floor shortcut only)
    for m in range(horizon + 1):
        if m > 0:
            value = x[m - 1]
            top = min(m, k)
            for j in range(top + 1):
                r = k - j
                if r > horizon - m:
                    counts_new[j] = 0
                    continue
                wl = a - reach - high_sum[m, r] - slack
                wr = b + reach - low_sum[m, r] + slack
                if j == 0:
                    count = _merge_union(lo_cur[0], hi_cur[0], counts[0], lo_cur[0], hi_cur[0], 0, 0.0, wl, wr,
                                         lo_new[0], hi_new[0])
                else:
                    count = _merge_union(lo_cur[j], hi_cur[j], counts[j], lo_cur[j - 1], hi_cur[j - 1],
                                         counts[j - 1], value, wl, wr, lo_new[j], hi_new[j])
                if count < 0:
                    return _CAPACITY_EXCEEDED, peak
                counts_new[j] = count
                if count > peak:
                    peak = count
            for j in range(top + 1, k + 1):
                counts_new[j] = 0
            lo_cur, lo_new = lo_new, lo_cur
            hi_cur, hi_new = hi_new, hi_cur
            counts, counts_new = counts_new, counts
        if m < k:
            out[m] = np.inf
            for t in range(n_targets):
                out_targets[m, t] = np.inf
            continue
        binomial = 1.0 if m == k else binomial * m / (m - k)
        if binomial * 2.0 * reach * (1.0 + 1e-9) < length:
            out[m] = np.inf  # counting floor: C(m, k) sums cannot come within reach of every point
        else:
            distance = _uncovered_distance(lo_cur[k], hi_cur[k], counts[k], a, b, eps0, reach)
            if distance == 0.0:
                for rest in range(m, horizon + 1):
                    out[rest] = eps0
                    for t in range(n_targets):
                        out_targets[rest, t] = eps0
                return _OK, peak
            value = eps0 + distance
            out[m] = value if value <= reach else np.inf
        for t in range(n_targets):
            value = eps0 + _distance_to_union(lo_cur[k], hi_cur[k], counts[k], targets[t])
            out_targets[m, t] = value if value <= reach else np.inf
    return _OK, peak


@njit(cache=True, nogil=True)
def _fixed_size_rows(samples, k, a, b, eps0, reach, slacks, targets, lo_cur, hi_cur, lo_new, hi_new, out,
                     out_targets, peaks):
    trials, horizon = samples.shape
    row_out = np.empty(horizon + 1)
    row_targets = np.empty((horizon + 1, targets.shape[0]))
    for t in range(trials):
        status, peak = _fixed_size_path(samples[t], horizon, k, a, b, eps0, reach, slacks[t], targets, lo_cur,
                                        hi_cur, lo_new, hi_new, row_out, row_targets)
        if status != _OK:
            return status
        peaks[t] = peak
        for m in range(horizon):
            out[t, m] = row_out[m + 1]
            for q in range(targets.shape[0]):
                out_targets[t, m, q] = row_targets[m + 1, q]
    return _OK


BYTES_PER_INTERVAL = 4 * 8  # two layer buffers (current, new), each with a lower and an upper end in float64


def rounding_slack(samples: np.ndarray, a: float, b: float, reach: float) -> np.ndarray:
    """Per row: a bound on the rounding of the float sums that form window and interval ends (widening a window by
    it only keeps more intervals, so it never changes a result)."""
    samples = np.atleast_2d(samples)
    horizon = max(samples.shape[1], 1)
    return 8.0 * horizon * 2.0**-52 * (abs(a) + abs(b) + reach + np.abs(samples).sum(axis=1))


def layer_capacity(samples: np.ndarray, k: int, a: float, b: float, eps0: float, reach: float) -> np.ndarray:
    """Guaranteed buffer length per layer and row (the peak interval count of one layer plus a spare slot).

    Layer j lives in W_m^{(j)}, of length at most (b − a) + 2ρ + (hi_r − lo_r) + 2·slack ≤ (b − a) + 2ρ +
    2·k·max|X| + 2·slack; its intervals are disjoint and all but the two clipped ones have length at least 2ε₀ − τ
    (τ the rounding of their ends); and there are at most C(H, j) ≤ 2^H of them."""
    samples = np.atleast_2d(samples)
    horizon = samples.shape[1]
    slack = rounding_slack(samples, a, b, reach)
    width = (b - a) + 2.0 * reach + 2.0 * k * np.abs(samples).max(axis=1) + 2.0 * slack
    shortest = 2.0 * eps0 - 2.0 * slack
    with np.errstate(divide="ignore", invalid="ignore"):
        by_length = np.where(shortest > 0, np.floor(width / np.where(shortest > 0, shortest, 1.0)) + 3.0, np.inf)
    by_count = 2.0 ** min(horizon, 62)
    return (np.minimum(by_length, by_count) + 1).astype(np.int64)


class LayerBuffers:
    """Reusable layer buffers for one thread (grown on demand, never shrunk)."""

    def __init__(self):
        self.arrays = tuple(np.empty((1, 0)) for _ in range(4))

    def ensure(self, layers: int, capacity: int):
        if self.arrays[0].shape[0] < layers or self.arrays[0].shape[1] < capacity:
            rows = max(layers, self.arrays[0].shape[0])
            columns = max(capacity, self.arrays[0].shape[1])
            self.arrays = tuple(np.empty((rows, columns)) for _ in range(4))
        return self.arrays


def fixed_size_errors_of(samples: np.ndarray, k: int, a: float, b: float, eps0: float, reach: float,
                         targets: np.ndarray, buffers: LayerBuffers | None = None):
    """(r, target errors, peaks): r[t, m−1] = max(ε*_k, ε₀) of prefix m (``inf`` above ρ), target errors
    [t, m−1, q] = max(e_k(z_q), ε₀) likewise, and each row's peak layer size.  No validation (see
    :func:`fixed_size_errors`)."""
    samples = np.ascontiguousarray(samples, dtype=np.float64)
    targets = np.ascontiguousarray(targets, dtype=np.float64)
    trials, n = samples.shape
    buffers = buffers or LayerBuffers()
    out = np.empty((trials, n))
    out_targets = np.empty((trials, n, targets.shape[0]))
    peaks = np.zeros(trials, dtype=np.int64)
    if trials == 0:
        return out, out_targets, peaks
    capacity = int(layer_capacity(samples, k, a, b, eps0, reach).max())
    lo_cur, hi_cur, lo_new, hi_new = buffers.ensure(k + 1, capacity)
    status = _fixed_size_rows(samples, k, a, b, eps0, reach, rounding_slack(samples, a, b, reach), targets,
                              lo_cur, hi_cur, lo_new, hi_new, out, out_targets, peaks)
    if status != _OK:  # pragma: no cover - the capacity bound is a theorem; this guards against a bug
        raise RuntimeError("layer buffer capacity exceeded: the capacity bound is wrong")
    return out, out_targets, peaks


def check_subset_size(k) -> int:
    return check_int("subset_size", k, 1, 4096, hint="the number of samples in every subset")


def default_interval(k: int) -> tuple[float, float]:
    """[−√k, √k], the targets of Natale et al.'s Theorem 2 and Corollary 1."""
    root = math.sqrt(k)
    return (-root, root)


def check_targets(targets, interval) -> np.ndarray:
    """Targets for the fixed-target event: an integer count (that many evenly spaced points of the interval, ends
    included) or explicit finite numbers inside the interval."""
    a, b = interval
    if isinstance(targets, (int, np.integer)) and not isinstance(targets, bool):
        count = check_int("targets", targets, 0, 10_000, hint="how many evenly spaced targets")
        if count == 0:
            return np.zeros(0)
        if count == 1:
            return np.array([(a + b) / 2.0])
        return np.linspace(a, b, count)
    values = np.atleast_1d(np.asarray(targets, dtype=object))
    out = []
    for value in values:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"target {value!r} is not a number") from None
        if not (math.isfinite(number) and a <= number <= b):
            raise InvalidInput(f"target {value!r} must be a finite number in the interval [{a:g}, {b:g}]")
        out.append(number)
    return np.array(out, dtype=np.float64)


def fixed_size_errors(samples, k: int, eps, interval=None, eps_max=None, targets=()):
    """Exact worst errors of every prefix with subsets of exactly ``k`` samples, and the errors of given targets.

    Parameters
    ----------
    samples : array (trials, n) or (n,)
    k : int
        Subset size.
    eps : float
        The smallest accuracy of interest ε₀ (values below it are reported as ε₀).
    interval : (a, b), optional
        Target interval (default [−√k, √k]).
    eps_max : float, optional
        The largest accuracy of interest ρ (default ``eps``); errors above it are reported as ``inf``.
    targets : int or sequence of floats
        Targets of the fixed-target event (a count of evenly spaced points, or values in the interval).

    Returns
    -------
    r : array (trials, n)
        r[t, m−1] = max(ε*_k(X_1..X_m), ε₀) if that is <= ρ, else ``inf``.
    target_errors : array (trials, n, targets)
        max(e_k(z), ε₀) for every target z likewise.

    Examples
    --------
    >>> r, e = fixed_size_errors([0.5, -0.5, 0.25], k=2, eps=2**-6, interval=(-1, 1), eps_max=2.0, targets=[0.0])
    >>> r[0].tolist(), e[0, :, 0].tolist()
    ([inf, 1.0, 0.75], [inf, 0.015625, 0.015625])
    """
    k = check_subset_size(k)
    eps0 = float(check_eps(eps).min())
    reach = eps0 if eps_max is None else float(check_eps(eps_max).max())
    if reach < eps0:
        raise InvalidInput(f"eps_max {reach:g} must be >= eps {eps0:g}")
    a, b = check_interval(default_interval(k) if interval is None else interval)
    points = check_targets(targets, (a, b))
    r, target_errors, _ = fixed_size_errors_of(check_samples(samples), k, a, b, eps0, reach, points)
    return r, target_errors
