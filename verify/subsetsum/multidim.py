r"""Coverage of the cube [a, b]^d by subset sums of random vectors, in the ℓ∞ norm: exact in d ≤ 2, a certified
bracket in d = 3 (Becchetti et al. 2022, the multidimensional random subset sum).

For vectors X_1..X_n ∈ R^d the sample is **ε-good on T = [a, b]^d** when every z ∈ T has a subset S with
‖z − Σ_S X_i‖∞ ≤ ε, i.e. when the closed boxes Σ_S + [−ε, ε]^d cover T.  Coverage is monotone in n, so each sample
path has a first covering prefix n*(ε).  Becchetti, da Cunha, Clementi, d'Amore, Lesfari, Natale and Trevisan (arXiv
2207.13944) prove n = O(d³·log(1/ε)·(log(1/ε) + log d)) for "every point of [−1, 1]^d" with high probability; only
their abstract could be read here, so the norm (ℓ∞, boxes) and the laws (i.i.d. coordinates of a scalar law:
uniform, Gaussian, ...) are this module's reading, and the counting floor d·log2((b − a)/(2ε)) of 2^n boxes of side
2ε is the one that matches it.

**Relevant sums, exactly.**  As in one dimension, a partial sum after m samples can only end within ρ of T (ρ the
largest error of interest) if, in every coordinate j, it lies in [a − ρ − P_m^j, b + ρ + N_m^j], where P_m^j and N_m^j
are the positive and negative mass of coordinate j of the samples still to come up to the horizon H.  Keeping the
exact list of partial sums inside that window (widened by a rounding slack) gives, at every prefix m ≤ H, exactly
the sums within ρ of T in ℓ∞ (the argument is coordinate-wise the one of :mod:`verify.subsetsum.worst_error`).  The
list can still be long (about 2^m early on), so it is bounded by a capacity: a path that would exceed it is reported
as *unresolved* beyond the last horizon it completed, never approximated.  Horizons grow in passes (the counting
floor plus a margin, then by ``HORIZON_STEP`` up to n_max), each pass recomputing only the paths not yet decided; a
pass is exact for the prefixes it reaches, so the horizons change the cost, never a result.

**Deciding coverage at a prefix.**  With Q the sums within ε of T:

* *outer test* (necessary): every centre c of a grid of cells of side h ≤ ε/``resolution`` over T has a sum with
  ‖c − s‖∞ ≤ ε (+ a rounding slack).  If it fails, T is not covered.
* *inner test* (sufficient): every centre has a sum with ‖c − s‖∞ ≤ ε − h/2 (− the slack); then every cell lies in
  one box and T is covered.
* *exact test* (d ≤ 2): a sweep over x of the boxes' x-edges; in each slab between consecutive edges the y-intervals
  of the boxes spanning it must cover [a, b] (counts on the elementary y-intervals).  Boxes are closed and finite in
  number, so T is covered iff every open elementary cell is, which is what the sweep checks with comparisons only.

* *cell refinement* (d = 3): every cell the inner test leaves open is decided exactly from the boxes that meet it
  (the centres of the open cells of their arrangement inside it), within a budget of open cells, boxes per cell and
  arrangement cells; beyond the budget the test is undecided.

Per path and ε this gives n_lower = the first prefix passing the outer test ≤ n* ≤ n_upper = the first prefix passing
the inner (or exact) test; in d ≤ 2 the exact test is run where the two disagree, so n_lower = n_upper = n*.  In d = 3
the prefixes between them are bisected with the refined test, which narrows the bracket to n* unless a test stays
undecided; the fraction of exact paths is reported.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from verify.errors import InvalidInput
from verify.subsetsum.worst_error import check_eps, check_interval
from verify.validate import check_int

KERNEL = "rss-multidim/2"
HORIZON_MARGIN = 6   # first horizon: the counting floor plus this many samples (speed only)
HORIZON_STEP = 3     # later horizons grow by this many samples (speed only)
MAX_DIM = 3

_OK = 0
_OVERFLOW = -1

# The tests of :func:`_covered_at`.  A constant argument of a call from one kernel to another is typed as a literal
# (Literal[int](0), ...), and numba compiles the callee once more for every such value; so the kernels pass constants
# to each other as np.int64(...), which keeps one signature per kernel (tests/subsetsum/test_multidim_compile.py).
_OUTER_TEST = 0
_INNER_TEST = 1
_EXACT_TEST = 2


@njit(cache=True, nogil=True)
def _step(points, births, count, x, m, d, lower, upper, out, out_births):
    """out = (points ∪ (points + x)) restricted to the window [lower, upper] (per coordinate), the shifted points
    born at step m; returns the new count, or -1 if it would exceed out's capacity.  Old points stay first, in
    order, then the shifted ones."""
    capacity = out.shape[0]
    n = 0
    for pass_ in range(2):
        for i in range(count):
            inside = True
            for j in range(d):
                v = points[i, j] + (x[j] if pass_ == 1 else 0.0)
                if v < lower[j] or v > upper[j]:
                    inside = False
                    break
            if inside:
                if n >= capacity:
                    return -1
                for j in range(d):
                    out[n, j] = points[i, j] + (x[j] if pass_ == 1 else 0.0)
                out_births[n] = m if pass_ == 1 else births[i]
                n += 1
    return n


@njit(cache=True, nogil=True)
def _near(points, births, count, m, d, a, b, radius, selected):
    """Indices of the points born by step m (sums of subsets of the first m samples) within ``radius`` of [a, b]^d
    in ℓ∞, into ``selected``; returns how many."""
    n = 0
    for i in range(count):
        if births[i] > m:
            continue
        inside = True
        for j in range(d):
            v = points[i, j]
            if v < a - radius or v > b + radius:
                inside = False
                break
        if inside:
            selected[n] = i
            n += 1
    return n


@njit(cache=True, nogil=True)
def _axis_range(s, radius, a, h, cells):
    """The centre indices i with |a + (i + ½)h − s| ≤ radius, as (first, last); first > last when none."""
    first = int(math.ceil((s - radius - a) / h - 0.5))
    last = int(math.floor((s + radius - a) / h - 0.5))
    first = max(first - 1, 0)
    last = min(last + 1, cells - 1)
    while first <= last and abs(a + (first + 0.5) * h - s) > radius:
        first += 1
    while last >= first and abs(a + (last + 0.5) * h - s) > radius:
        last -= 1
    return first, last


@njit(cache=True, nogil=True)
def _grid_covered(points, selected, n_selected, d, a, h, cells, radius, grid):
    """True iff every grid centre is within ``radius`` (ℓ∞) of one of the selected points."""
    total = 1
    for _ in range(d):
        total *= cells
    grid[:total] = 0
    for q in range(n_selected):
        i = selected[q]
        f0, l0 = _axis_range(points[i, 0], radius, a, h, cells)
        if f0 > l0:
            continue
        if d == 1:
            for u in range(f0, l0 + 1):
                grid[u] = 1
            continue
        f1, l1 = _axis_range(points[i, 1], radius, a, h, cells)
        if f1 > l1:
            continue
        if d == 2:
            for u in range(f0, l0 + 1):
                for v in range(f1, l1 + 1):
                    grid[u * cells + v] = 1
            continue
        f2, l2 = _axis_range(points[i, 2], radius, a, h, cells)
        if f2 > l2:
            continue
        for u in range(f0, l0 + 1):
            for v in range(f1, l1 + 1):
                base = (u * cells + v) * cells
                for w in range(f2, l2 + 1):
                    grid[base + w] = 1
    for c in range(total):
        if grid[c] == 0:
            return False
    return True


@njit(cache=True, nogil=True)
def _exact_covered_1d(points, selected, n_selected, a, b, eps):
    """[a, b] ⊆ ∪ [s − ε, s + ε] over the selected points (sorted sweep)."""
    if n_selected == 0:
        return False
    values = np.empty(n_selected)
    for q in range(n_selected):
        values[q] = points[selected[q], 0]
    values.sort()
    reach = a
    for q in range(n_selected):
        if values[q] - eps > reach:
            return False
        if values[q] + eps > reach:
            reach = values[q] + eps
        if reach >= b:
            return True
    return reach >= b


@njit(cache=True, nogil=True)
def _tree_add(tree, tags, size, first, last, value):
    """Add ``value`` to the leaves first..last (inclusive) of a min-tree with add tags (bottom-up, no recursion):
    tree[p] = min(tree[2p], tree[2p + 1]) + tags[p] for internal nodes, so tree[1] is the minimum leaf."""
    low = first + size
    high = last + size + 1
    left_edge = low
    right_edge = high - 1
    while low < high:
        if low & 1:
            tree[low] += value
            if low < size:
                tags[low] += value
            low += 1
        if high & 1:
            high -= 1
            tree[high] += value
            if high < size:
                tags[high] += value
        low >>= 1
        high >>= 1
    for edge in (left_edge, right_edge):
        p = edge >> 1
        while p >= 1:
            tree[p] = min(tree[2 * p], tree[2 * p + 1]) + tags[p]
            p >>= 1


@njit(cache=True, nogil=True)
def _exact_covered_2d(points, selected, n_selected, a, b, eps):
    """[a, b]² ⊆ ∪ of the closed boxes s + [−ε, ε]² over the selected points: a sweep over x; the cover counts of the
    elementary y-intervals live in a min-tree, so each box is added and removed in O(log n)."""
    if n_selected == 0:
        return False
    x_lo = np.empty(n_selected)
    x_hi = np.empty(n_selected)
    y_lo = np.empty(n_selected)
    y_hi = np.empty(n_selected)
    for q in range(n_selected):
        i = selected[q]
        x_lo[q] = max(points[i, 0] - eps, a)
        x_hi[q] = min(points[i, 0] + eps, b)
        y_lo[q] = max(points[i, 1] - eps, a)
        y_hi[q] = min(points[i, 1] + eps, b)
    ys = np.unique(np.concatenate((y_lo, y_hi, np.array([a, b]))))
    xs = np.unique(np.concatenate((x_lo, x_hi, np.array([a, b]))))
    intervals = ys.shape[0] - 1
    size = 1
    while size < intervals:
        size *= 2
    big = np.int64(1) << np.int64(40)
    tree = np.zeros(2 * size, dtype=np.int64)
    tags = np.zeros(2 * size, dtype=np.int64)
    for leaf in range(intervals, size):
        tree[size + leaf] = big   # padding leaves never count as uncovered
    for p in range(size - 1, 0, -1):
        tree[p] = min(tree[2 * p], tree[2 * p + 1])
    first = np.searchsorted(ys, y_lo)        # the elementary y-interval at which each box starts
    last = np.searchsorted(ys, y_hi) - 1     # and the last one it covers
    by_start = np.argsort(x_lo, kind="mergesort")
    by_end = np.argsort(x_hi, kind="mergesort")
    added = 0
    removed = 0
    for s in range(xs.shape[0] - 1):
        left = xs[s]
        if xs[s + 1] <= left:
            continue
        while added < n_selected and x_lo[by_start[added]] <= left:
            q = by_start[added]
            if first[q] <= last[q]:
                _tree_add(tree, tags, size, first[q], last[q], np.int64(1))
            added += 1
        while removed < n_selected and x_hi[by_end[removed]] <= left:
            q = by_end[removed]
            if x_lo[q] <= left and first[q] <= last[q]:  # it was added (one starting after `left` cannot end at it)
                _tree_add(tree, tags, size, first[q], last[q], np.int64(-1))
            removed += 1
        if tree[1] <= 0:
            return False
    return True


MAX_OPEN_CELLS = 4096      # refinement budget per test: grid cells left open by the inner test,
MAX_LOCAL_BOXES = 64       # boxes meeting one such cell,
MAX_ELEMENTARY = 200_000   # and elementary cells of their arrangement inside it (beyond: the test stays open)


@njit(cache=True, nogil=True)
def _cell_status(points, selected, n_selected, a, b, h, cells, eps, u, v, w, local):
    """Whether grid cell (u, v, w) lies in the union of the closed boxes: 1 yes, 0 no (a point of it is outside every
    box), −1 undecided within the budget.  Exact: only the boxes meeting the cell can cover its points, and a closed
    box contains an open elementary cell of their arrangement iff it contains its centre."""
    index = (u, v, w)
    lo = np.empty(3)
    hi = np.empty(3)
    for j in range(3):
        lo[j] = a + index[j] * h
        hi[j] = b if index[j] == cells - 1 else a + (index[j] + 1) * h
    m = 0
    for q in range(n_selected):
        i = selected[q]
        meets = True
        for j in range(3):
            if points[i, j] - eps > hi[j] or points[i, j] + eps < lo[j]:
                meets = False
                break
        if meets:
            if m >= MAX_LOCAL_BOXES:
                return -1
            local[m] = i
            m += 1
    if m == 0:
        return 0
    edges = []
    total = 1
    for j in range(3):
        values = np.empty(2 * m + 2)
        values[0] = lo[j]
        values[1] = hi[j]
        for r in range(m):
            values[2 + 2 * r] = min(max(points[local[r], j] - eps, lo[j]), hi[j])
            values[3 + 2 * r] = min(max(points[local[r], j] + eps, lo[j]), hi[j])
        unique = np.unique(values)
        edges.append((unique[:-1] + unique[1:]) / 2.0)   # centres of the elementary intervals
        total *= unique.shape[0] - 1
    if total > MAX_ELEMENTARY:
        return -1
    for x in edges[0]:
        for y in edges[1]:
            for z in edges[2]:
                inside = False
                for r in range(m):
                    i = local[r]
                    if (abs(points[i, 0] - x) <= eps and abs(points[i, 1] - y) <= eps
                            and abs(points[i, 2] - z) <= eps):
                        inside = True
                        break
                if not inside:
                    return 0
    return 1


@njit(cache=True, nogil=True)
def _status_3d(points, births, count, m, a, b, eps, resolution, slack, selected, grid):
    """Coverage of [a, b]³ at prefix m: 1 covered, 0 not covered, −1 undecided.  The outer and inner grid tests
    first; then every cell the inner test left open is decided exactly from the boxes meeting it (within budget)."""
    d = np.int64(3)
    n_selected = _near(points, births, count, m, d, a, b, eps + slack, selected)
    cells = int(math.ceil((b - a) * resolution / eps))
    h = (b - a) / cells
    if not _grid_covered(points, selected, n_selected, d, a, h, cells, eps + slack, grid):
        return 0
    if _grid_covered(points, selected, n_selected, d, a, h, cells, eps - 0.5 * h - slack, grid):
        return 1
    open_cells = 0
    for c in range(cells * cells * cells):
        if grid[c] == 0:
            open_cells += 1
    if open_cells > MAX_OPEN_CELLS:
        return -1
    local = np.empty(MAX_LOCAL_BOXES, dtype=np.int64)
    undecided = False
    for c in range(cells * cells * cells):
        if grid[c] != 0:
            continue
        u = c // (cells * cells)
        v = (c // cells) % cells
        w = c % cells
        status = _cell_status(points, selected, n_selected, a, b, h, cells, eps, u, v, w, local)
        if status == 0:
            return 0
        if status < 0:
            undecided = True
    return -1 if undecided else 1


@njit(cache=True, nogil=True)
def _covered_at(points, births, count, m, d, a, b, eps, resolution, slack, selected, grid, which):
    """Coverage tests at prefix m from the relevant sums of the horizon: ``which`` = _OUTER_TEST, _INNER_TEST, or
    _EXACT_TEST (d ≤ 2; the grid tests first as shortcuts)."""
    n_selected = _near(points, births, count, m, d, a, b, eps + slack, selected)
    cells = int(math.ceil((b - a) * resolution / eps))
    h = (b - a) / cells
    if which == _OUTER_TEST:
        return _grid_covered(points, selected, n_selected, d, a, h, cells, eps + slack, grid)
    if which == _INNER_TEST:
        return _grid_covered(points, selected, n_selected, d, a, h, cells, eps - 0.5 * h - slack, grid)
    if d == 1:
        return _exact_covered_1d(points, selected, n_selected, a, b, eps)
    if not _grid_covered(points, selected, n_selected, d, a, h, cells, eps + slack, grid):
        return False
    if _grid_covered(points, selected, n_selected, d, a, h, cells, eps - 0.5 * h - slack, grid):
        return True
    return _exact_covered_2d(points, selected, n_selected, a, b, eps)


@njit(cache=True, nogil=True)
def _first_covered(points, births, count, low, high, d, a, b, eps, resolution, slack, selected, grid, which):
    """The smallest m in [low, high] passing test ``which`` (monotone in m: more sums), or 0 if even high fails."""
    if high < low or not _covered_at(points, births, count, high, d, a, b, eps, resolution, slack, selected, grid,
                                     which):
        return 0
    while low < high:
        middle = (low + high) // 2
        if _covered_at(points, births, count, middle, d, a, b, eps, resolution, slack, selected, grid, which):
            high = middle
        else:
            low = middle + 1
    return high


@njit(cache=True, nogil=True)
def _rows(samples, rows, horizon, d, a, b, eps, reach, resolution, slacks, floors, buf_a, buf_b, births_a,
          births_b, selected, grid, n_lower, n_upper, peaks, overflow):
    """The paths ``rows`` of ``samples`` up to ``horizon``: fills n_lower[r, e], n_upper[r, e] (0 where undecided)
    for every ε, raises peaks[r] to the path's peak point count, and sets overflow[r] = horizon (leaving row r of
    n_lower and n_upper as it was) where the path needs more sums than the buffers hold.

    Per path the programme keeps every partial sum inside the window with the step that created it; at the horizon
    the list is exactly the sums within ρ of T, and the sums of the first m samples among them are those born by
    step m.  So each test at any prefix m ≤ horizon reads the final list, and the first passing prefix is found by
    bisection (every test is monotone in m).  (One kernel for the loop over paths and the path itself: a kernel
    called by another is optimised again with it, so one level less is a shorter cold compile.)"""
    n_eps = eps.shape[0]
    positive = np.zeros((horizon + 1, d))   # row horizon stays 0; the others are rewritten for every path
    negative = np.zeros((horizon + 1, d))
    lower = np.empty(d)
    upper = np.empty(d)
    for t in range(rows.shape[0]):
        r = rows[t]
        x = samples[r]
        slack = slacks[r]
        for m in range(horizon - 1, -1, -1):
            for j in range(d):
                v = x[m, j]
                positive[m, j] = positive[m + 1, j] + (v if v > 0.0 else 0.0)
                negative[m, j] = negative[m + 1, j] + (-v if v < 0.0 else 0.0)
        points, other = buf_a, buf_b
        births, other_births = births_a, births_b
        for j in range(d):
            points[0, j] = 0.0
        births[0] = 0
        count = np.int64(1)
        peak = np.int64(1)
        overflowed = False
        for m in range(1, horizon + 1):
            nonzero = False
            for j in range(d):
                if x[m - 1, j] != 0.0:
                    nonzero = True
            if not nonzero:  # a zero sample adds only duplicates
                continue
            for j in range(d):
                lower[j] = a - reach - positive[m, j] - slack
                upper[j] = b + reach + negative[m, j] + slack
            new_count = _step(points, births, count, x[m - 1], m, d, lower, upper, other, other_births)
            if new_count < 0:
                overflowed = True
                break
            points, other = other, points
            births, other_births = other_births, births
            count = new_count
            if count > peak:
                peak = count
        if peak > peaks[r]:
            peaks[r] = peak
        if overflowed:
            overflow[r] = horizon
            continue
        for e in range(n_eps):
            n_lower[r, e] = 0
            n_upper[r, e] = 0
            low = max(floors[e], 1)
            if d == 3:
                lower_end = _first_covered(points, births, count, low, horizon, d, a, b, eps[e], resolution, slack,
                                           selected, grid, np.int64(_OUTER_TEST))
                if lower_end == 0:
                    continue
                upper_end = _first_covered(points, births, count, lower_end, horizon, d, a, b, eps[e], resolution,
                                           slack, selected, grid, np.int64(_INNER_TEST))
                # bisect the prefixes the grid tests leave open with the exact cell refinement; an undecided test
                # stops it and keeps the bracket (every step only narrows a valid bracket)
                left, right = lower_end, (upper_end - 1 if upper_end > 0 else horizon)
                while left <= right:
                    middle = (left + right) // 2
                    status = _status_3d(points, births, count, middle, a, b, eps[e], resolution, slack, selected,
                                        grid)
                    if status == 1:
                        upper_end = middle
                        right = middle - 1
                    elif status == 0:
                        lower_end = middle + 1
                        left = middle + 1
                    else:
                        break
                n_lower[r, e] = lower_end
                n_upper[r, e] = upper_end
            else:
                n_upper[r, e] = _first_covered(points, births, count, low, horizon, d, a, b, eps[e], resolution,
                                               slack, selected, grid, np.int64(_EXACT_TEST))
                n_lower[r, e] = n_upper[r, e]


def floors_for(eps: np.ndarray, d: int, a: float, b: float) -> np.ndarray:
    """Per ε, the smallest m with 2^m·(2ε)^d ≥ (b − a)^d (the counting floor: earlier prefixes are not tested)."""
    values = d * np.log2(np.maximum((b - a) / (2.0 * eps), 1.0))
    return np.maximum(np.ceil(values - 1e-9), 1).astype(np.int64)


def grid_cells(eps: float, d: int, a: float, b: float, resolution: int) -> int:
    return int(math.ceil((b - a) * resolution / eps)) ** d


def bytes_needed(d: int, capacity: int, eps_min: float, a: float, b: float, resolution: int) -> int:
    """Buffers of one worker: two point lists of ``capacity`` d-vectors with their birth steps, an index list and
    one cell grid (bytes)."""
    return 2 * capacity * (d * 8 + 4) + capacity * 8 + grid_cells(eps_min, d, a, b, resolution)


def slack_of(samples: np.ndarray, a: float, b: float, reach: float) -> np.ndarray:
    """Per row: a bound on the rounding of the float sums forming points, windows and box edges (widening a window
    or an outer test by it, and narrowing an inner test by it, keeps both certificates valid)."""
    horizon = max(samples.shape[1], 1)
    return 8.0 * horizon * 2.0**-52 * (abs(a) + abs(b) + reach + np.abs(samples).sum(axis=(1, 2)))


def horizons(n_max: int, eps_min: float, d: int, a: float, b: float) -> list[int]:
    first = int(floors_for(np.array([eps_min]), d, a, b)[0]) + HORIZON_MARGIN
    out = list(range(min(first, n_max), n_max, HORIZON_STEP))
    return sorted(set(out + [n_max]))


def brackets_of(samples: np.ndarray, eps: np.ndarray, a: float, b: float, reach: float, resolution: int,
                capacity: int, buffers=None):
    """(n_lower, n_upper, overflow, peaks) for every row of a (trials, n, d) array; no validation.

    n_lower, n_upper: (trials, E) int64, with n_max + 1 for "not covered within n_max" (n_upper also for a path
    left unresolved by the capacity); overflow: (trials,) the horizon whose pass exceeded the capacity (0 if none).
    """
    samples = np.ascontiguousarray(samples, dtype=np.float64)
    trials, n, d = samples.shape
    eps = np.ascontiguousarray(eps, dtype=np.float64)
    floors = floors_for(eps, d, a, b)
    slacks = slack_of(samples, a, b, reach) if trials else np.zeros(0)
    n_lower = np.zeros((trials, eps.shape[0]), dtype=np.int64)
    n_upper = np.zeros((trials, eps.shape[0]), dtype=np.int64)
    peaks = np.zeros(trials, dtype=np.int64)
    overflow = np.zeros(trials, dtype=np.int64)
    if buffers is None or buffers[0].shape[0] < capacity or buffers[0].shape[1] != d:
        buffers = (np.empty((capacity, d)), np.empty((capacity, d)), np.empty(capacity, dtype=np.int32),
                   np.empty(capacity, dtype=np.int32), np.empty(capacity, dtype=np.int64))
    grid = np.empty(grid_cells(float(eps.min()), d, a, b, resolution), dtype=np.uint8)
    rows = np.arange(trials, dtype=np.int64)
    completed = np.zeros(trials, dtype=np.int64)   # the last horizon each row completed without overflow
    for horizon in horizons(n, float(eps.min()), d, a, b):
        if rows.size == 0:
            break
        _rows(samples, rows, horizon, d, a, b, eps, reach, resolution, slacks, floors, buffers[0], buffers[1],
              buffers[2], buffers[3], buffers[4], grid, n_lower, n_upper, peaks, overflow)
        ok = overflow[rows] == 0
        completed[rows[ok]] = horizon
        rows = rows[ok & np.any(n_upper[rows] == 0, axis=1)]
    beyond = n + 1
    for t in range(trials):
        for e in range(eps.shape[0]):
            if n_upper[t, e] == 0:
                n_upper[t, e] = beyond
                if n_lower[t, e] == 0:
                    # outer test failed at every prefix up to the last completed horizon: n* is beyond it
                    n_lower[t, e] = completed[t] + 1 if overflow[t] else beyond
    return n_lower, n_upper, overflow, peaks, buffers


def check_dim(d) -> int:
    return check_int("dim", d, 1, MAX_DIM, hint="the dimension of the vectors")


def check_resolution(resolution) -> int:
    return check_int("resolution", resolution, 1, 64, hint="grid cells per eps of the outer and inner tests")


def check_vectors(samples, d: int | None = None) -> np.ndarray:
    """A finite float array of shape (trials, n, d) (a (n, d) matrix is one trial)."""
    array = np.asarray(samples)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
        raise InvalidInput(f"vectors must be a numeric array, got dtype {array.dtype}")
    if array.ndim == 2:
        array = array[None]
    if array.ndim != 3 or 0 in array.shape:
        raise InvalidInput(f"vectors must be a non-empty array of shape (trials, n, d), got shape {array.shape}")
    if d is not None and array.shape[2] != d:
        raise InvalidInput(f"vectors have dimension {array.shape[2]}, expected {d}")
    check_dim(int(array.shape[2]))
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise InvalidInput("vectors contain NaN or infinite values; all entries must be finite")
    return array


def cube_brackets(vectors, eps, interval=(-1.0, 1.0), resolution: int = 4, capacity: int = 2**22):
    """The bracket [n_lower, n_upper] on the first covering prefix of [a, b]^d in ℓ∞, per path and ε.

    Parameters
    ----------
    vectors : array (trials, n, d) or (n, d)
        Sample paths of d-dimensional vectors (d = 1, 2, 3).
    eps : float or sequence of floats
    interval : (a, b)
        The cube is [a, b]^d.
    resolution : int
        Grid cells per ε of the outer and inner tests (finer: more exact brackets in d = 3, slower).
    capacity : int
        The most partial sums kept per path; a path that needs more is left unresolved (never approximated).

    Returns
    -------
    (n_lower, n_upper) : arrays (trials, E) of int64, n + 1 meaning "not covered within n" (n_upper) or
    unresolved.  In d ≤ 2 they are equal wherever n* ≤ n.

    Examples
    --------
    >>> square = [[0.5, 0.5], [-1.0, 0.0], [0.0, -1.0], [0.5, -0.5]]   # sums on the grid of step 1/2 ...
    >>> lo, hi = cube_brackets([square], eps=0.5)                       # ... boxes of side 1 tile [-1, 1]^2
    >>> lo.tolist(), hi.tolist()
    ([[3]], [[3]])
    """
    eps_values = check_eps(eps)
    a, b = check_interval(interval)
    array = check_vectors(vectors)
    resolution = check_resolution(resolution)
    capacity = check_int("capacity", capacity, 1)
    n_lower, n_upper, _, _, _ = brackets_of(array, eps_values, a, b, float(eps_values.max()), resolution, capacity)
    return n_lower, n_upper
