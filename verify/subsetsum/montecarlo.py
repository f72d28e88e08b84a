"""Monte Carlo of random-subset-sum coverage: sample paths, chunks, the memory guard, and the run itself.

``coverage(law, eps, trials=T, n_max=N)`` draws T independent sample paths X_1..X_N from the law, computes the exact
worst error ε*_n of every prefix with :mod:`verify.subsetsum.worst_error`, and returns a
:class:`verify.subsetsum.result.CoverageResult` from which P_n(ε) = Pr(ε*_n ≤ ε) with Clopper–Pearson intervals, the
first covering prefixes n*(ε) and brackets for n_δ(ε) follow (spec: subsetsum.md).

Reproducibility: the sample paths come from :mod:`verify.subsetsum.paths` (keyed by trial block); chunks are only a
unit of work and of storage, so any chunk size, thread count or executor gives the same bytes.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
import time
from functools import partial
from pathlib import Path

import numpy as np

from verify.errors import InvalidInput
from verify.executors import check_executor, run_chunks
from verify.store import ResultStore
from verify.streams import check_seed
from verify.subsetsum import worst_error
from verify.subsetsum.laws import Law, get_law
from verify.subsetsum.paths import BLOCK, CoverageSpec
from verify.subsetsum.result import CoverageResult
from verify.validate import check_int, check_real


def default_memory_limit() -> int:
    """Half of the machine's physical memory (overridable with SLTH_MEMORY_LIMIT, in bytes)."""
    if "SLTH_MEMORY_LIMIT" in os.environ:
        return int(float(os.environ["SLTH_MEMORY_LIMIT"]))
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (ValueError, OSError, AttributeError):  # pragma: no cover
        return 8 * 2**30


_thread_state = threading.local()


def _buffers() -> worst_error.IntervalBuffers:
    if not hasattr(_thread_state, "buffers"):
        _thread_state.buffers = worst_error.IntervalBuffers()
    return _thread_state.buffers


def compute_chunk(spec: CoverageSpec, start: int, stop: int) -> dict:
    """Worst errors of trials [start, stop): {'worst_error': (k, n_max) float64, 'peak_intervals': (k,) int64}."""
    a, b = spec.interval
    paths = spec.paths(start, stop)
    worst, peaks = worst_error.worst_errors_of(paths, a, b, spec.eps_pass, spec.reach, _buffers())
    return {"worst_error": worst, "peak_intervals": peaks}


def chunk_ranges(trials: int, chunk_size: int) -> list[tuple[int, int]]:
    return [(start, min(start + chunk_size, trials)) for start in range(0, trials, chunk_size)]


def default_chunk_size(trials: int) -> int:
    """About 64 chunks per run (a unit of resumption), between 1 and 20,000 trials each."""
    return int(min(20_000, max(1, math.ceil(trials / 64))))


def reserved_bytes(spec: CoverageSpec, workers: int) -> tuple[int, int]:
    """(bytes reserved for interval buffers, largest interval capacity) over all trials, before running."""
    a, b = spec.interval
    largest = 0
    step = 64 * BLOCK
    for start in range(0, spec.trials, step):
        paths = spec.paths(start, min(start + step, spec.trials))
        capacity = worst_error.interval_capacity(paths, spec.n_max, a, b, spec.eps_pass, spec.reach)
        largest = max(largest, int(capacity.max()))
    return workers * worst_error.BYTES_PER_INTERVAL * largest, largest


def check_keep(keep, samples=None) -> float:
    """The keep probability of a sparse source: a number in (0, 1]; only with a law (user samples are kept as given)."""
    keep = check_real("keep", keep, 0.0, 1.0, low_open=True)
    if keep != 1.0 and samples is not None:
        raise InvalidInput("keep < 1 cannot be combined with explicit samples (mask them yourself)")
    return keep


def load_samples_file(path) -> np.ndarray:
    """A float matrix saved with ``numpy.save`` (one row per trial); pickles are refused."""
    path = Path(path)
    try:
        array = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise InvalidInput(f"samples file {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise InvalidInput(f"samples file {str(path)!r} is a directory") from None
    except ValueError as error:
        if "pickle" in str(error).lower():
            raise InvalidInput(f"samples file {str(path)!r} needs pickle to load; only plain .npy float arrays "
                               "are accepted") from None
        raise InvalidInput(f"samples file {str(path)!r} is not a valid .npy array ({error})") from None
    except (OSError, EOFError) as error:
        raise InvalidInput(f"samples file {str(path)!r} is not a valid .npy array ({error})") from None
    if isinstance(array, np.lib.npyio.NpzFile):  # pragma: no cover - np.load on .npz
        array.close()
        raise InvalidInput(f"samples file {str(path)!r} is an .npz archive; save one matrix with numpy.save")
    if array.ndim != 2:
        raise InvalidInput(f"samples file {str(path)!r} holds an array of shape {array.shape}; "
                           "a 2-D matrix (trials × n) is required")
    if not np.issubdtype(array.dtype, np.floating):
        raise InvalidInput(f"samples file {str(path)!r} has dtype {array.dtype}; a float array is required")
    return worst_error.check_samples(array)


def coverage(law="uniform", eps=(1e-3,), *, trials: int = 1000, n_max: int = 40, seed=0,
             interval=(-1.0, 1.0), samples=None, eps_max=None, chunk_size: int | None = None,
             executor: str = "local", threads: int | None = None, scheduler: str | None = None,
             out=None, memory_limit: int | None = None, progress: bool = False, keep: float = 1.0):
    """Exact Monte Carlo of whole-interval coverage by random subset sums.

    Parameters
    ----------
    law : str or Law
        Sampling law (see :mod:`verify.subsetsum.laws`), ignored when ``samples`` is given.
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
        How to run: chunk size (any value gives the same bytes), ``local`` threads or ``dask``, a results directory
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
    if samples is not None:
        samples = worst_error.check_samples(samples)
        trials, n_max = samples.shape
        law_obj, seed_value = None, None
        digest = hashlib.sha256(samples.tobytes() + str(samples.shape).encode()).hexdigest()
    else:
        law_obj = get_law(law) if not isinstance(law, Law) else law
        trials = check_int("trials", trials, 1)
        n_max = check_int("n_max", n_max, 1)
        seed_value = check_seed(seed)
        digest = None
    spec = CoverageSpec(law=law_obj, eps=tuple(float(e) for e in eps_values), reach=reach, interval=(a, b),
                        trials=int(trials), n_max=int(n_max), seed=seed_value, samples=samples,
                        samples_digest=digest, keep=keep)
    executor, workers = check_executor(executor, threads, scheduler)
    chunk_size = default_chunk_size(spec.trials) if chunk_size is None else check_int("chunk_size", chunk_size, 1)
    limit = default_memory_limit() if memory_limit is None else check_int("memory_limit", memory_limit, 1)

    needed, largest = reserved_bytes(spec, 1 if executor == "dask" else workers)
    if needed > limit:
        raise InvalidInput(
            f"eps={spec.eps_pass:g} with n_max={spec.n_max} would reserve {needed / 2**30:.2f} GiB of interval "
            f"buffers ({1 if executor == 'dask' else workers} worker(s) × {largest:,} intervals × "
            f"{worst_error.BYTES_PER_INTERVAL} bytes), above the memory limit of {limit / 2**30:.2f} GiB; "
            "use a larger eps, "
            "a smaller n_max, fewer threads, or raise the limit (--memory-limit)")

    store = None
    if out is not None:
        store = ResultStore(out, spec.identity(), kind="rss-coverage")
        store.check()
        store.open()

    chunks = chunk_ranges(spec.trials, chunk_size)
    started = time.perf_counter()
    results = run_chunks(partial(compute_chunk, spec), chunks, executor=executor, workers=workers,
                         scheduler=scheduler, store=store, store_meta=lambda i, s, e: {"start": s, "stop": e},
                         progress=progress, unit="trial", description=f"coverage eps={spec.eps_pass:g}")
    seconds = time.perf_counter() - started
    worst = np.concatenate([r["worst_error"] for r in results], axis=0)
    peaks = np.concatenate([r["peak_intervals"] for r in results], axis=0)
    return CoverageResult(spec=spec, worst_error=worst, peak_intervals=peaks, seconds=seconds,
                          reserved_bytes=needed)
