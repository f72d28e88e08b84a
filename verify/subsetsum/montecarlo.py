"""Monte Carlo of random-subset-sum coverage: sample paths, the memory guard, and the run itself.

``coverage(law, eps, trials=T, n_max=N)`` draws T independent sample paths X_1..X_N from the law, computes the exact
worst error ε*_n of every prefix with :mod:`verify.subsetsum.worst_error`, and returns a
:class:`verify.subsetsum.result.CoverageResult` from which P_n(ε) = Pr(ε*_n ≤ ε) with Clopper–Pearson intervals, the
first covering prefixes n*(ε) and brackets for n_δ(ε) follow (spec: subsetsum.md).

Reproducibility: the sample paths come from :mod:`verify.subsetsum.paths` (keyed by trial block); the chunks of
:mod:`verify.subsetsum.chunked_run` are only a unit of work and of storage, so any chunk size, thread count or executor
gives the same bytes.
"""

from __future__ import annotations

import math
import threading
from functools import partial

import numpy as np

from verify import memory
from verify.arrayfiles import read_npy
from verify.errors import InvalidInput
from verify.subsetsum import worst_error
from verify.subsetsum.chunked_run import default_chunk_size as default_chunk_size  # read here by the bench and tests
from verify.subsetsum.chunked_run import run_settings, run_trials
from verify.subsetsum.interval_count import Moments, predicted_peak, working_bytes
from verify.subsetsum.paths import BLOCK, CoverageSpec, path_source
from verify.subsetsum.result import CoverageResult
from verify.validate import check_derived, check_real, format_count

_thread_state = threading.local()


HEADROOM = 1.5  # buffers start at this multiple of the predicted peak count (interval_count's calibration: 0.6-1.0)


def _buffers(limit: int | None) -> worst_error.IntervalBuffers:
    if not hasattr(_thread_state, "buffers"):
        _thread_state.buffers = worst_error.IntervalBuffers()
    _thread_state.buffers.limit = limit
    return _thread_state.buffers


def compute_chunk(spec: CoverageSpec, start: int, stop: int, initial: int | None = None,
                  limit: int | None = None) -> dict:
    """Worst errors of trials [start, stop): {'worst_error': (k, n_max) float64, 'peak_intervals': (k,) int64}.

    ``initial`` and ``limit`` (intervals per worker, from :func:`buffer_plan`): where the buffers start and the most
    the memory guard approved for them; they change the cost, never the numbers."""
    a, b = spec.interval
    paths = spec.paths(start, stop)
    try:
        worst, peaks = worst_error.worst_errors_of(paths, a, b, spec.eps_pass, spec.reach, _buffers(limit),
                                                   initial_capacity=initial)
    except worst_error.BufferLimitExceeded as exceeded:
        raise InvalidInput(
            f"eps={spec.eps_pass:g}: a sample path among trials {start:,}-{stop - 1:,} needs interval buffers of "
            f"{memory.format_bytes(exceeded.needed * worst_error.BYTES_PER_INTERVAL)}, above the "
            f"{memory.format_bytes(exceeded.limit * worst_error.BYTES_PER_INTERVAL)} the memory limit leaves to each "
            "worker (finished chunks are kept in --out); raise --memory-limit or use fewer threads") from None
    return {"worst_error": worst, "peak_intervals": peaks}


def buffer_plan(spec: CoverageSpec) -> tuple[int, int]:
    """(initial, guaranteed): the intervals a worker's buffers start with, and the count that suffices for every
    path the run can draw (:func:`worst_error.interval_capacity_bound`, |X| <= the law's largest value).

    ``initial`` is :data:`HEADROOM` times the peak count predicted for the run's first pass
    (:func:`verify.subsetsum.interval_count.predicted_peak`, from the law's moments or the samples' own), never above
    the guaranteed count; where the prediction does not apply it is the guaranteed count.
    """
    n = spec.n_max
    a, b = spec.interval
    if spec.law is not None:
        max_abs = spec.law.max_abs()
        moments = Moments.of_law(spec.law, spec.keep)
    else:
        assert spec.samples is not None  # a run without a law has its samples
        max_abs = float(np.abs(spec.samples).max())
        moments = Moments.of_values(spec.samples)
    guaranteed = worst_error.interval_capacity_bound(n, a, b, spec.eps_pass, spec.reach, max_abs)
    horizon = worst_error.first_pass_horizon(n, spec.eps_pass, a, b, spec.reach)
    predicted = predicted_peak(moments, horizon, a, b, spec.eps_pass, spec.reach)
    if predicted is None:
        return guaranteed, guaranteed
    return min(guaranteed, int(math.ceil(HEADROOM * predicted)) + 2), guaranteed


JSON_BYTES_PER_PREFIX = 200  # per eps and prefix n: the n, P_n and interval entries of the JSON document
JSON_BYTES_PER_TRIAL = 40    # per eps and trial with --per-trial


def memory_estimate(spec: CoverageSpec, workers: int, chunk_size: int) -> list[tuple[str, float]]:
    """The run's peak memory, part by part, from the sizes and the law's moments (no path is drawn or walked).

    * interval buffers: ``workers`` × 32 bytes × the initial count of :func:`buffer_plan` (the predicted peak with
      headroom; a path that needs more grows its worker's buffers, each growth approved against the limit), and
      the 16 MiB per worker by which they exceed it to start on 2 MiB boundaries
      (:data:`worst_error.ALIGNMENT_BYTES`);
    * result arrays: every chunk's (rows, n_max + 1) worst errors and peaks, their concatenation, and the
      post-processing temporaries (one boolean matrix and a few per-trial vectors);
    * per worker, the chunk being computed: a random block's uniforms (256 × n_max × k) and their transforms, and
      about a dozen (rows × (n_max + 1)) float64 arrays (paths, output, the capacity computation, the chunk file);
    * the JSON document's lists (per eps: about 200 bytes per prefix, 40 per trial with ``--per-trial``);
    * the prediction's own arrays (:func:`verify.subsetsum.interval_count.working_bytes`).
    """
    trials, n = spec.trials, spec.n_max
    rows = min(chunk_size, trials)
    uniforms = spec.law.uniforms_per_sample if spec.law is not None else 0
    initial, guaranteed = buffer_plan(spec)
    eps_count = len(spec.eps)
    basis = ("predicted peak × 1.5" if initial < guaranteed else "the count every path fits in")
    return [
        (f"interval buffers ({workers} worker(s) × {format_count(initial)} intervals ({basis}) × "
         f"{worst_error.BYTES_PER_INTERVAL} bytes)",
         workers * worst_error.BYTES_PER_INTERVAL * initial),
        (f"interval buffers' 2 MiB alignment ({workers} worker(s) × "
         f"{memory.format_bytes(worst_error.ALIGNMENT_BYTES)})", workers * worst_error.ALIGNMENT_BYTES),
        (f"result arrays ({trials:,} trials × {n:,} prefixes)",
         8 * trials * (n + 1) + 8 * trials * n + 16 * trials + trials * n + 32 * trials),
        (f"chunk working set ({workers} worker(s) × {rows:,} trials × {n:,} prefixes)",
         workers * (8 * BLOCK * n * (uniforms + 3) + 12 * 8 * rows * (n + 1))),
        ("JSON document", eps_count * (JSON_BYTES_PER_PREFIX * n + JSON_BYTES_PER_TRIAL * trials)),
        ("the buffer prediction (moments and a window's grid)", working_bytes(max(uniforms, 1))),
    ]


def buffer_limit(parts: list[tuple[str, float]], limit: int, workers: int) -> int:
    """The intervals each worker's buffers may grow to: the memory limit less everything else the run holds,
    shared among the workers (at least the buffers the estimate reserved)."""
    buffers = parts[0][1]
    others = sum(size for _, size in parts[1:])
    share = (limit - others) / (max(workers, 1) * worst_error.BYTES_PER_INTERVAL)
    return int(max(share, buffers / (max(workers, 1) * worst_error.BYTES_PER_INTERVAL)))


def check_keep(keep, samples=None) -> float:
    """The keep probability of a sparse source: a number in (0, 1]; only with a law (user samples are kept as given)."""
    keep = check_real("keep", keep, 0.0, 1.0, low_open=True)
    if keep != 1.0 and samples is not None:
        raise InvalidInput("keep < 1 cannot be combined with explicit samples (mask them yourself)")
    return keep


def load_samples_file(path, limit: int | None = None) -> np.ndarray:
    """A float matrix saved with ``numpy.save`` (one row per trial), read by :func:`verify.arrayfiles.read_npy`: its
    header is checked (float dtype, 2-D, declared size within the memory guard) before the data; pickles are refused.
    """
    name = f"samples file {str(path)!r}"
    array = read_npy(path, "samples file", kinds="f", limit=limit)
    if array.ndim != 2:
        raise InvalidInput(f"{name} holds an array of shape {array.shape}; a 2-D matrix (trials × n) is required")
    return worst_error.check_samples(array)


def coverage(law="uniform", eps=(1e-3,), *, trials: int = 1000, n_max: int = 40, seed=0,
             interval=(-1.0, 1.0), samples=None, eps_max=None, chunk_size: int | None = None,
             executor: str = "threads", threads: int | None = None, scheduler: str | None = None,
             out=None, memory_limit: int | None = None, progress: bool = False, keep: float = 1.0):
    """Exact Monte Carlo of whole-interval coverage by random subset sums.

    Parameters
    ----------
    law : str, Law or frozen scipy.stats distribution
        Sampling law (see :mod:`verify.subsetsum.laws`): a name or ``name:key=value,...`` text
        (``"gaussian:sigma=0.5"``, ``"scipy:norm:scale=0.5"``), a :class:`Law`, or a frozen continuous
        ``scipy.stats`` distribution (``scipy.stats.norm(0, 0.5)``, drawn through its ``ppf`` on the project's
        uniforms; :mod:`verify.subsetsum.scipy_laws`).  Ignored when ``samples`` is given.
    eps : float or sequence of floats
        Accuracies ε; all are answered from one pass at the smallest.
    trials, n_max : int
        Number of independent sample paths and their length.
    seed : int
        Reproducibility key (default 0).
    interval : (a, b)
        Target interval I, default [−1, 1].
    samples : array (trials, n), optional
        Explicit sample paths instead of a law (``trials`` and ``n_max`` then come from its shape).
    eps_max : float, optional
        Worst errors are resolved up to this value (default max(eps)); larger ones are stored as ``inf``.
    keep : float in (0, 1]
        Sparse source (Gadhikar et al. 2023): each sample is kept independently with this probability and replaced
        by 0 otherwise (:func:`verify.subsetsum.paths.keep_mask`; default 1, every sample).
    chunk_size, executor, threads, scheduler, out, memory_limit, progress
        How to run: chunk size (any value gives the same bytes), ``threads`` (alias ``local``), ``processes`` or
        ``dask`` (:mod:`verify.executors`), a results directory
        for resumable runs, a cap on interval-buffer memory (refused above it), a progress bar on stderr.

    Returns
    -------
    CoverageResult

    Examples
    --------
    >>> result = coverage("uniform", eps=[1e-2, 1e-3], trials=200, n_max=24, seed=1)
    >>> result.table().columns.tolist()
    ['eps', 'n', 'covered', 'trials', 'p_cover', 'ci_low', 'ci_high']
    """
    eps_values = worst_error.check_eps(eps)
    a, b = worst_error.check_interval(interval)
    reach = float(eps_values.max()) if eps_max is None else float(worst_error.check_eps(eps_max).max())
    if reach < eps_values.min():
        raise InvalidInput(f"eps_max {reach:g} must be >= the smallest eps {eps_values.min():g}")
    keep = check_keep(keep, samples)
    source = path_source(law, samples, trials=trials, n_max=n_max, seed=seed,
                         check_samples=worst_error.check_samples)
    n_max = source.n_max
    max_abs = source.max_abs()
    given = f"eps={eps_values.min():g}, eps_max={reach:g}, interval [{a:g}, {b:g}], n_max={n_max}"
    window = check_derived("the largest window (b - a) + 2*eps_max + n_max*max|X|",
                           lambda: (b - a) + 2.0 * reach + n_max * max_abs, given)
    check_derived("the interval-count ratio window / (2*eps)", lambda: window / (2.0 * eps_values.min()), given)
    spec = CoverageSpec(eps=tuple(float(e) for e in eps_values), reach=reach, interval=(a, b), keep=keep,
                        **source.spec_fields())
    settings = run_settings(spec.trials, executor, threads, scheduler, chunk_size, memory_limit)
    local_workers = settings.local_workers
    parts = memory_estimate(spec, local_workers, settings.chunk_size)
    needed = memory.require(f"eps={spec.eps_pass:g} with n_max={spec.n_max:,} and {spec.trials:,} trials",
                            parts, settings.memory_limit,
                            "use a larger eps, a smaller n_max, fewer trials or threads, or raise --memory-limit")
    initial = int(parts[0][1]) // (local_workers * worst_error.BYTES_PER_INTERVAL)
    grow_to = buffer_limit(parts, settings.memory_limit, local_workers)
    work = partial(compute_chunk, spec, initial=initial, limit=grow_to)
    try:
        results, seconds = run_trials(work, spec, settings, kind="rss-coverage", out=out, progress=progress,
                                      description=f"coverage eps={spec.eps_pass:g}",
                                      store_arrays=lambda s, e: {"worst_error": ((e - s, spec.n_max), "<f8"),
                                                                 "peak_intervals": ((e - s,), "<i8")})
    finally:
        # a one-worker run computes in this thread: its buffers go with the run (a pool's threads end with it)
        vars(_thread_state).pop("buffers", None)
    worst = np.concatenate([r["worst_error"] for r in results], axis=0)
    peaks = np.concatenate([r["peak_intervals"] for r in results], axis=0)
    return CoverageResult(spec=spec, worst_error=worst, peak_intervals=peaks, seconds=seconds,
                          reserved_bytes=needed)
