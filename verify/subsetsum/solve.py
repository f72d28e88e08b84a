"""Exact closest subset sums: for coefficients c_1..c_n and a target t, the subset S minimising |t − Σ_{i∈S} c_i|.

This is the optimisation at the heart of Pensia et al. (2020): every target weight is approximated by a subset sum
of random products (spec: pensia2020.md, "Construction"; subsetsum.md).  Their code solved it with one Gurobi MIP
per weight; here it is solved exactly by **meet in the middle** (Horowitz–Sahni), in O(2^{n/2}) per target.

Objective (what "exactly" means in floating point).  Split the coefficients at h = ⌊n/2⌋ into a low half
c_1..c_h and a high half c_{h+1}..c_n.  The *canonical sum* of a subset with bitmask m (bit i−1 set when c_i is
chosen) is

.. math::

    s(m) = \\mathrm{fl}\\big(\\mathrm{fl}(Σ_{i ≤ h,\\, i∈m} c_i) + \\mathrm{fl}(Σ_{i > h,\\, i∈m} c_i)\\big),

each half summed in increasing index order, and its error is e(m) = |fl(t − s(m))|.  The solver returns the mask
minimising the pair (e(m), m) lexicographically: **the smallest error, and among equal errors the smallest mask as
an unsigned integer** (the tie rule; it is independent of thread count, batch size and target order).  The
canonical sum differs from the real-number sum by rounding only (at most about n·2⁻⁵³·Σ|c_i|), so the error is
optimal over all 2^n subsets up to that rounding; on dyadic inputs (multiples of a power of two, as in the tests)
every sum is exact and the answer is the exact optimum with the exact tie rule, bit for bit.

Algorithm.  For each half, the distinct subset sums in ascending order, each with the smallest mask reaching it,
are built by repeated merging, L_{k+1} = merge(L_k, L_k + c_k) (two branch-free chains, one from each end), then
runs of equal sums are collapsed onto the smallest mask (a mask with a smaller twin can never win a tie, and
neither can its extensions).  For a target t the
low-half sums a are swept in ascending order; the first high-half index j with fl(a + b_j) ≥ t only moves down,
and is found by galloping from its previous position.  For fixed a the error is unimodal in j (rounding is
monotone), so its minimum is at j − 1 or j, and the indices tying with it form one contiguous run, which is scanned
to apply the tie rule.  Cost per target: O(2^{⌊n/2⌋}·(1 + log 2^{⌈n/2⌉ − ⌊n/2⌋})) plus the length of those runs,
which is more than a few entries only when coefficient magnitudes differ by more than ~2^(52 − n/2) (then many
distinct sums round to one value).

Shapes of use:

* **shared coefficients** (``coefficients`` 1-D): the halves are sorted once and every target is answered from them
  (parallel over targets);
* **independent instances** (``coefficients`` of shape ``targets.shape + (n,)``, optionally ragged via ``sizes``):
  one small problem per target (parallel over instances).

Either way each target is computed on its own, so results are identical at any thread count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from verify.errors import InvalidInput

#: The largest number of coefficients per instance.  A half of 20 coefficients has 2^20 sums (16 MiB with masks).
MAX_COEFFICIENTS = 40

_NO_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


# --------------------------------------------------------------------------------------------------------- kernels
@njit(cache=True, nogil=True)
def _merge_with_shift(in_sums, in_masks, count, c, bit, out_sums, out_masks):
    """out[:2·count] = merge of L = in[:count] and L + c, ordered by (sum, list, index) with L before L + c on equal
    sums.  Two independent chains fill it: the front one takes the count smallest, the back one the count largest
    (the same total order, so they partition the elements); each chain is branch-free."""
    i_front = np.int64(0)
    j_front = np.int64(0)
    i_back = count - 1
    j_back = count - 1
    for step in range(count):
        # front: the smaller head; L wins ties
        unshifted = in_sums[i_front]
        shifted = in_sums[j_front] + c
        take_i = np.int64(unshifted <= shifted)
        source = j_front + (i_front - j_front) * take_i
        out_sums[step] = min(unshifted, shifted)
        out_masks[step] = in_masks[source] | (bit * np.uint64(1 - take_i))
        i_front += take_i
        j_front += 1 - take_i
        # back: the larger head; L + c wins ties
        unshifted = in_sums[i_back]
        shifted = in_sums[j_back] + c
        take_i = np.int64(unshifted > shifted)
        source = j_back + (i_back - j_back) * take_i
        out_sums[2 * count - 1 - step] = max(unshifted, shifted)
        out_masks[2 * count - 1 - step] = in_masks[source] | (bit * np.uint64(1 - take_i))
        i_back -= take_i
        j_back -= 1 - take_i


@njit(cache=True, nogil=True)
def _sorted_half_sums(coefficients, start, stop, sums, masks, spare_sums, spare_masks):
    """Distinct subset sums of coefficients[start:stop], ascending, each with its smallest mask (absolute bit
    positions), in sums/masks; returns the count.  All four buffers need length >= 2^(stop − start).

    L_{k+1} = merge(L_k, L_k + c_k) alternates between the two buffer pairs, starting in the one that makes the
    last merge land in ``sums``; runs of equal sums are then collapsed onto their smallest mask (a mask with a
    smaller twin can never win a tie, and neither can its extensions, whose sums are also equal).
    """
    steps = stop - start
    if steps % 2 == 0:
        a_sums, a_masks, b_sums, b_masks = sums, masks, spare_sums, spare_masks
    else:
        a_sums, a_masks, b_sums, b_masks = spare_sums, spare_masks, sums, masks
    a_sums[0] = 0.0
    a_masks[0] = np.uint64(0)
    count = 1
    for k in range(start, stop):
        _merge_with_shift(a_sums, a_masks, count, coefficients[k], np.uint64(1) << np.uint64(k), b_sums, b_masks)
        count *= 2
        a_sums, a_masks, b_sums, b_masks = b_sums, b_masks, a_sums, a_masks
    w = 0
    for r in range(1, count):
        if sums[r] == sums[w]:
            if masks[r] < masks[w]:
                masks[w] = masks[r]
        else:
            w += 1
            sums[w] = sums[r]
            masks[w] = masks[r]
    return w + 1


@njit(cache=True, nogil=True)
def _first_at_least(a, high_sums, high_count, target, upper):
    """Smallest j in [0, upper] with fl(a + high_sums[j]) >= target (upper = high_count means none below it),
    galloping down from ``upper``; the predicate is monotone in j."""
    # Invariant: predicate(hi) is true (hi == high_count stands for +inf).
    hi = upper
    step = 1
    lo = hi - step
    while lo >= 0 and a + high_sums[lo] >= target:
        hi = lo
        step *= 2
        lo = hi - step
    # predicate(lo) false (or lo < 0); answer in (lo, hi].
    if lo < -1:
        lo = -1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a + high_sums[mid] >= target:
            hi = mid
        else:
            lo = mid
    return hi


@njit(cache=True, nogil=True)
def _smallest_mask_at_error(target, a, low_mask, high_sums, high_masks, high_count, start, step, error,
                            best_mask, best_sum, best_error):
    """Walk the sorted high sums (the first ``high_count``) from ``start`` in direction ``step`` while
    |target − (a + s)| equals ``error``, keeping the lexicographically smallest (error, mask); returns the updated
    (mask, sum, error)."""
    k = start
    while 0 <= k < high_count:
        s = a + high_sums[k]
        if abs(target - s) != error:
            break
        mask = low_mask | high_masks[k]
        if error < best_error or mask < best_mask:
            best_error = error
            best_mask = mask
            best_sum = s
        k += step
    return best_mask, best_sum, best_error


@njit(cache=True, nogil=True)
def _closest_one(target, low_sums, low_masks, low_count, high_sums, high_masks, high_count):
    """(mask, sum, error) of the lexicographically smallest (error, mask) over all pairs of half-sums."""
    best_error = np.inf
    best_mask = _NO_MASK
    best_sum = 0.0
    j = high_count
    for ia in range(low_count):
        a = low_sums[ia]
        j = _first_at_least(a, high_sums, high_count, target, j)
        left_error = np.inf
        right_error = np.inf
        if j > 0:
            left_error = abs(target - (a + high_sums[j - 1]))
        if j < high_count:
            right_error = abs(target - (a + high_sums[j]))
        error = min(left_error, right_error)
        if error > best_error:
            continue
        if left_error == error:  # every high sum at this error, walking down from j - 1
            best_mask, best_sum, best_error = _smallest_mask_at_error(
                target, a, low_masks[ia], high_sums, high_masks, high_count, j - 1, -1, error,
                best_mask, best_sum, best_error)
        if right_error == error:  # and walking up from j
            best_mask, best_sum, best_error = _smallest_mask_at_error(
                target, a, low_masks[ia], high_sums, high_masks, high_count, j, 1, error,
                best_mask, best_sum, best_error)
    return best_mask, best_sum, best_error


@njit(cache=True, nogil=True, parallel=True)
def _solve_shared(coefficients, targets, out_masks, out_sums, out_errors):
    """Every target against one coefficient vector: halves sorted once, targets in parallel."""
    n = coefficients.shape[0]
    h = n // 2
    low_sums = np.empty(1 << h)
    low_masks = np.empty(1 << h, dtype=np.uint64)
    high_sums = np.empty(1 << (n - h))
    high_masks = np.empty(1 << (n - h), dtype=np.uint64)
    spare_sums = np.empty(1 << (n - h))
    spare_masks = np.empty(1 << (n - h), dtype=np.uint64)
    low_count = _sorted_half_sums(coefficients, 0, h, low_sums, low_masks, spare_sums, spare_masks)
    high_count = _sorted_half_sums(coefficients, h, n, high_sums, high_masks, spare_sums, spare_masks)
    for t in prange(targets.shape[0]):
        mask, s, e = _closest_one(targets[t], low_sums, low_masks, low_count, high_sums, high_masks, high_count)
        out_masks[t] = mask
        out_sums[t] = s
        out_errors[t] = e


@njit(cache=True, nogil=True, parallel=True)
def _solve_independent(coefficients, sizes, targets, chunk, out_masks, out_sums, out_errors):
    """One instance per row: row t uses coefficients[t, :sizes[t]].  Parallel over fixed chunks of rows, each with
    its own work buffers; every row is computed on its own."""
    rows = targets.shape[0]
    n_max = coefficients.shape[1]
    capacity = 1 << (n_max - n_max // 2)
    chunks = (rows + chunk - 1) // chunk
    for c in prange(chunks):
        low_sums = np.empty(capacity)
        low_masks = np.empty(capacity, dtype=np.uint64)
        high_sums = np.empty(capacity)
        high_masks = np.empty(capacity, dtype=np.uint64)
        spare_sums = np.empty(capacity)
        spare_masks = np.empty(capacity, dtype=np.uint64)
        for t in range(c * chunk, min(rows, (c + 1) * chunk)):
            n = sizes[t]
            h = n // 2
            row = coefficients[t]
            low_count = _sorted_half_sums(row, 0, h, low_sums, low_masks, spare_sums, spare_masks)
            high_count = _sorted_half_sums(row, h, n, high_sums, high_masks, spare_sums, spare_masks)
            mask, s, e = _closest_one(targets[t], low_sums, low_masks, low_count, high_sums, high_masks, high_count)
            out_masks[t] = mask
            out_sums[t] = s
            out_errors[t] = e


# ------------------------------------------------------------------------------------------------------ public API
@dataclass(frozen=True)
class SubsetSumSolution:
    """Closest subset sums, one per target (arrays of the targets' shape).

    ``masks[k]`` has bit i set when coefficient i (0-based) is in the chosen subset; ``sums`` are the canonical sums
    of those subsets and ``errors = |targets − sums|``.  ``sizes`` is the number of coefficients of each instance.
    """

    masks: np.ndarray
    sums: np.ndarray
    errors: np.ndarray
    sizes: np.ndarray

    def selected(self) -> np.ndarray:
        """Boolean array of shape ``targets.shape + (n,)``: entry i is True when coefficient i is chosen."""
        n = int(self.sizes.max()) if self.sizes.size else 0
        bits = np.arange(n, dtype=np.uint64)
        return ((self.masks[..., None] >> bits) & np.uint64(1)).astype(bool)

    def kept(self) -> np.ndarray:
        """Number of chosen coefficients per target."""
        return self.selected().sum(axis=-1)


def _float_array(values, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)
                                     or array.dtype == bool):
        raise InvalidInput(f"{name} must be numeric, got dtype {array.dtype}")
    array = np.array(array, dtype=np.float64, order="C")  # a copy; keeps 0-d arrays 0-d
    if not np.all(np.isfinite(array)):
        raise InvalidInput(f"{name} contain NaN or infinite values; all entries must be finite")
    return array


def _check_sizes(sizes, shape, n_max) -> np.ndarray:
    array = np.asarray(sizes)
    if not np.issubdtype(array.dtype, np.integer):
        raise InvalidInput(f"sizes must be integers, got dtype {array.dtype}")
    if array.shape != shape:
        raise InvalidInput(f"sizes have shape {array.shape}; they must have the targets' shape {shape}")
    if array.size and (array.min() < 0 or array.max() > n_max):
        raise InvalidInput(f"sizes must lie in [0, {n_max}] (the number of coefficient columns), "
                           f"got values in [{array.min()}, {array.max()}]")
    return np.ascontiguousarray(array, dtype=np.int64)


def closest_subset_sums(coefficients, targets, *, sizes=None, chunk: int = 64) -> SubsetSumSolution:
    """For every target, the subset of the coefficients whose sum is closest to it, exactly (meet in the middle).

    Parameters
    ----------
    coefficients : array (n,) or targets.shape + (n,)
        1-D: one coefficient vector shared by all targets (its half-sums are sorted once).  Otherwise one
        coefficient vector per target (independent instances).  n <= ``MAX_COEFFICIENTS``.
    targets : array
        Any shape (a scalar is one target).
    sizes : int array of the targets' shape, optional
        Independent instances only: instance k uses the first ``sizes[k]`` of its coefficients (ragged batches).
    chunk : int
        Rows per parallel work unit (speed only: the result does not depend on it).

    Returns
    -------
    SubsetSumSolution
        ``masks`` (uint64), ``sums`` and ``errors`` of the targets' shape.  Among subsets with the same (floating
        point) error the one with the smallest mask is returned; see the module docstring for the exact objective.

    Examples
    --------
    >>> solution = closest_subset_sums([0.5, 0.25, -0.125], [0.6, -0.1, 2.0])
    >>> solution.masks.tolist(), solution.sums.tolist()
    ([7, 4, 3], [0.625, -0.125, 0.75])
    """
    targets = _float_array(targets, "targets")
    coefficients = _float_array(coefficients, "coefficients")
    if coefficients.ndim == 0:
        raise InvalidInput("coefficients must be a vector (n,) or one vector per target")
    n = coefficients.shape[-1]
    if n > MAX_COEFFICIENTS:
        raise InvalidInput(f"{n} coefficients per instance exceed the exact solver's limit of {MAX_COEFFICIENTS}")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise InvalidInput(f"chunk {chunk!r} must be an integer >= 1")
    shape = targets.shape
    flat_targets = targets.reshape(-1)
    with np.errstate(over="ignore"):
        total = np.abs(coefficients).sum(axis=-1) + np.abs(flat_targets).max(initial=0.0)
    if not np.all(np.isfinite(total)):
        raise InvalidInput("coefficients and targets are too large: their sums overflow float64")
    masks = np.empty(flat_targets.shape[0], dtype=np.uint64)
    sums = np.empty(flat_targets.shape[0])
    errors = np.empty(flat_targets.shape[0])
    if coefficients.ndim == 1:
        if sizes is not None:
            raise InvalidInput("sizes apply to independent instances only (one coefficient row per target)")
        _solve_shared(coefficients, flat_targets, masks, sums, errors)
        size_array = np.full(shape, n, dtype=np.int64)
    else:
        if coefficients.shape[:-1] != shape:
            raise InvalidInput(f"coefficients have shape {coefficients.shape}; for independent instances they must "
                               f"have shape targets.shape + (n,) = {shape + (n,)}")
        size_array = np.full(shape, n, dtype=np.int64) if sizes is None else _check_sizes(sizes, shape, n)
        rows = coefficients.reshape(flat_targets.shape[0], n)
        _solve_independent(rows, size_array.reshape(-1), flat_targets, int(chunk), masks, sums, errors)
    return SubsetSumSolution(masks.reshape(shape), sums.reshape(shape), errors.reshape(shape), size_array)
