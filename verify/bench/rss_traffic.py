"""Memory traffic of the coverage engine: intervals touched per path and bytes moved, and a copy bandwidth to hold them
against (``slth bench rss``).

The engine's interval programme (:mod:`verify.subsetsum.worst_error`) is a stream: each step reads the part of the
sorted interval union U_{m−1} that lies in the window W_m, twice (as U and as U + x_m), and writes U_m.  This module
replays the engine step by step with the engine's own kernels (:func:`~verify.subsetsum.interval_merge._merge_split`
and its fallback, the window searches and the coverage test) and the engine's passes of growing horizon, and counts

* intervals read: (i_end − i) + (j_end − j) per step, the two windowed ranges the merge walks, plus the upper part
  of a two-chain merge, which the join reads again;
* intervals written: the count the merge returns, plus that upper part (written once where the chain leaves it and
  once where it ends; absorbed intervals are counted as written twice, an upper bound of one part's worth);

so the bytes moved are 16 × (read + written) (a float64 start and end per interval).  The replay returns the engine's
worst errors too, and the tests hold it to them bit for bit, so the counts belong to the programme that is timed.

:func:`copy_bandwidth` measures what this machine streams with a large ``numpy.copyto`` on the same number of
threads (bytes read + bytes written per second), so the engine's rate can be stated as a fraction of it in the
same run, under the same load.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from verify.subsetsum import interval_merge as M
from verify.subsetsum import worst_error as W

BYTES_PER_INTERVAL_TOUCHED = 16  # one float64 start and one float64 end


@njit(cache=True, nogil=True)
def _path_traffic(x, horizon, a, b, eps0, reach, lo_a, hi_a, lo_b, hi_b, out, split_min):
    """:func:`verify.subsetsum.worst_error._worst_error_path` with the intervals each merge reads and writes
    counted.  Returns (status, peak, read, written)."""
    pos = np.zeros(horizon + 1)
    neg = np.zeros(horizon + 1)
    for k in range(horizon - 1, -1, -1):
        v = x[k]
        pos[k] = pos[k + 1] + (v if v > 0.0 else 0.0)
        neg[k] = neg[k + 1] + (-v if v < 0.0 else 0.0)
    wl = a - reach - pos[0]
    wr = b + reach + neg[0]
    count = 0
    if eps0 >= wl and -eps0 <= wr:
        lo_a[0] = max(-eps0, wl)
        hi_a[0] = min(eps0, wr)
        count = 1
    peak = count
    read = 0
    written = 0
    upper = np.zeros(1, dtype=np.int64)
    length = b - a
    for m in range(horizon + 1):
        if m > 0:
            shift = x[m - 1]
            wl = a - reach - pos[m]
            wr = b + reach + neg[m]
            i = M._count_hi_below(hi_a, count, 0.0, wl)
            i_end = M._count_lo_at_most(lo_a, count, 0.0, wr)
            j = M._count_hi_below(hi_a, count, shift, wl)
            j_end = M._count_lo_at_most(lo_a, count, shift, wr)
            read += max(i_end - i, 0) + max(j_end - j, 0)
            upper[0] = 0
            merged = M._merge_split(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b, split_min, upper)
            if merged < 0:  # the engine's fallback: the parts read so far are read again
                read += max(i_end - i, 0) + max(j_end - j, 0)
                upper[0] = 0
                merged = M._merge_shifted(lo_a, hi_a, count, shift, wl, wr, lo_b, hi_b)
            count = merged
            if count < 0:
                return -1, peak, read, written
            read += upper[0]
            written += count + upper[0]
            if count > peak:
                peak = count
            lo_a, lo_b = lo_b, lo_a
            hi_a, hi_b = hi_b, hi_a
        if m < 62 and (2.0 ** m) * 2.0 * reach < length:
            out[m] = np.inf
            continue
        distance = W._uncovered_distance(lo_a, hi_a, count, a, b, eps0, reach)
        if distance == 0.0:
            for rest in range(m, horizon + 1):
                out[rest] = eps0
            return 0, peak, read, written
        value = eps0 + distance
        out[m] = value if value <= reach else np.inf
    return 0, peak, read, written


def interval_traffic(samples: np.ndarray, a: float, b: float, eps0: float, reach: float,
                     split_min: int = M.SPLIT_MIN):
    """Replay :func:`verify.subsetsum.worst_error.worst_errors_of` on ``samples`` (rows = paths), counting traffic.

    Returns (worst errors (rows, n), peaks (rows,), intervals read (rows,), intervals written (rows,)), summed over
    the engine's passes (a path not covered in a short pass is recomputed in the next, as the engine does).
    """
    samples = np.ascontiguousarray(samples, dtype=np.float64)
    trials, n = samples.shape
    out = np.empty((trials, n + 1))
    peaks = np.zeros(trials, dtype=np.int64)
    read = np.zeros(trials, dtype=np.int64)
    written = np.zeros(trials, dtype=np.int64)
    first = W.first_pass_horizon(n, eps0, a, b, reach)
    horizons = sorted({h for h in (first, 2 * first, n) if h <= n})
    rows = np.arange(trials, dtype=np.int64)
    buffers = W.IntervalBuffers()
    row_out = np.empty(n + 1)
    for pass_horizon in horizons:
        if rows.size == 0:
            break
        capacity = int(W.interval_capacity(samples[rows], pass_horizon, a, b, eps0, reach).max())
        lo_a, hi_a, lo_b, hi_b = buffers.ensure(capacity)
        for r in rows:
            status, peak, r_read, r_written = _path_traffic(samples[r], pass_horizon, a, b, eps0, reach,
                                                             lo_a, hi_a, lo_b, hi_b, row_out, int(split_min))
            if status != 0:  # pragma: no cover - the capacity bound is a theorem
                raise RuntimeError("interval buffer capacity exceeded")
            peaks[r] = max(peaks[r], peak)
            read[r] += r_read
            written[r] += r_written
            out[r, :pass_horizon + 1] = row_out[:pass_horizon + 1]
        if pass_horizon < n:
            covered = out[rows, pass_horizon] <= eps0
            out[rows[covered], pass_horizon + 1:] = eps0
            rows = rows[~covered]
    return out[:, 1:], peaks, read, written


def copy_bandwidth(threads: int = 1, megabytes: int = 256, repeats: int = 3) -> float:
    """Bytes per second (read + written) of ``numpy.copyto`` of a ``megabytes`` float64 array split over ``threads``
    threads (numpy releases the GIL while copying); the best of ``repeats``, after one untimed copy that faults the
    pages in."""
    source = np.ones(megabytes * 2**20 // 8)
    target = np.empty_like(source)
    parts = np.array_split(np.arange(source.size), threads)
    bounds = [(int(p[0]), int(p[-1]) + 1) for p in parts if p.size]

    def copy(span):
        np.copyto(target[span[0]:span[1]], source[span[0]:span[1]])

    best = np.inf
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(copy, bounds))
        for _ in range(repeats):
            started = time.perf_counter()
            list(pool.map(copy, bounds))
            best = min(best, time.perf_counter() - started)
    return 2.0 * source.nbytes / best


def main(argv=None) -> int:
    """``python -m verify.bench.rss_traffic copy THREADS`` or ``... traffic EPS PATHS SEED`` (uniform, n_max 40):
    one JSON object.  The benchmark runs these in child processes so that its own resident set stays small: a
    child started by fork inherits its parent's high-water mark, which would otherwise show in every measured peak."""
    import argparse
    import json
    import sys

    from verify.subsetsum.paths import sample_paths

    parser = argparse.ArgumentParser(prog="python -m verify.bench.rss_traffic")
    sub = parser.add_subparsers(dest="what", required=True)
    copy = sub.add_parser("copy")
    copy.add_argument("threads", type=int)
    traffic = sub.add_parser("traffic")
    traffic.add_argument("eps", type=float)
    traffic.add_argument("paths", type=int)
    traffic.add_argument("seed", type=int)
    args = parser.parse_args(argv)
    if args.what == "copy":
        document = {"copy_bytes_per_second": copy_bandwidth(args.threads)}
    else:
        samples = sample_paths("uniform", args.paths, 40, args.seed)
        _, peaks, read, written = interval_traffic(samples, -1.0, 1.0, args.eps, args.eps)
        document = {"paths": args.paths, "read_mean": float(read.mean()), "written_mean": float(written.mean()),
                    "peak_max": int(peaks.max())}
    json.dump(document, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
