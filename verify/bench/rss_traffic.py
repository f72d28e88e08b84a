"""Memory traffic of the coverage engine: intervals touched per path and bytes moved, and a copy bandwidth to hold them
against (``slth bench rss``).

The engine's interval programme (:mod:`verify.subsetsum.worst_error`) is a stream: each step reads the part of the
sorted interval union U_{m−1} that lies in the window W_m, twice (as U and as U + x_m), and writes U_m.  The merge
kernels (:func:`~verify.subsetsum.interval_merge._merge_four` and the single chain it falls back to) count, per
path and over the engine's passes of growing horizon,

* intervals read: (i_end − i) + (j_end − j) per step, the two windowed ranges the merge walks, plus the unions of
  the three later parts of a four-chain merge, which the joins read again;
* intervals written: the output, plus those parts where their chains left them;

so the bytes moved are 16 × (read + written) (a float64 start and end per interval).  :func:`interval_traffic` runs
the engine itself with those counters, so the counts belong to the programme that is timed.

:func:`copy_bandwidth` measures what this machine streams with a large ``numpy.copyto`` on the same number of
threads (bytes read + bytes written per second), so the engine's rate can be stated as a fraction of it in the
same run, under the same load.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from verify.subsetsum import interval_merge as M
from verify.subsetsum import worst_error as W

BYTES_PER_INTERVAL_TOUCHED = 16  # one float64 start and one float64 end


def interval_traffic(samples: np.ndarray, a: float, b: float, eps0: float, reach: float,
                     split_min: int = M.SPLIT_MIN):
    """The engine (:func:`verify.subsetsum.worst_error.worst_errors_of`) on ``samples`` (rows = paths), with the
    intervals its merges read and write counted by the merges themselves.

    Returns (worst errors (rows, n), peaks (rows,), intervals read (rows,), intervals written (rows,)), summed over
    the engine's passes (a path not covered in a short pass is recomputed in the next, as the engine does).
    """
    samples = np.ascontiguousarray(samples, dtype=np.float64)
    traffic = np.zeros((samples.shape[0], 2), dtype=np.int64)
    out, peaks = W.worst_errors_of(samples, a, b, eps0, reach, split_min=split_min, traffic=traffic)
    return out, peaks, traffic[:, 0].copy(), traffic[:, 1].copy()


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
