"""The chunked, resumable run that every subset-sum Monte Carlo runner shares around its own kernel and memory guard.

A runner checks how it is to run (:func:`run_settings`: executor, workers and scheduler, trials per chunk, the memory
limit), guards its memory with those settings, and hands its chunk task to :func:`run_trials`, which cuts the trials
into chunks (:func:`chunk_ranges`), keeps finished chunks in a :class:`verify.store.ResultStore` when given a
directory (a rerun loads them, a different spec is refused) and times the run.  Chunks are a unit of work and of
storage only: any chunk size, thread count or executor gives the same bytes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from verify import memory
from verify.executors import effective_executor, run_chunks
from verify.store import ResultStore
from verify.validate import MAX_COUNT, check_int


def chunk_ranges(trials: int, chunk_size: int) -> list[tuple[int, int]]:
    """The (start, stop) trial ranges of a run, ``chunk_size`` trials each (the last one possibly shorter)."""
    return [(start, min(start + chunk_size, trials)) for start in range(0, trials, chunk_size)]


def default_chunk_size(trials: int) -> int:
    """About 64 chunks per run (a unit of resumption), between 1 and 20,000 trials each."""
    return int(min(20_000, max(1, math.ceil(trials / 64))))


@dataclass(frozen=True)
class RunSettings:
    """How a run is executed, never what it computes: the executor with its worker count and scheduler address (the
    active :func:`verify.executors.executor_session`'s where there is one), the trials per chunk, and the memory
    limit in bytes that the run's guard checks against."""

    executor: str
    workers: int
    scheduler: str | None
    chunk_size: int
    memory_limit: int

    @property
    def local_workers(self) -> int:
        """The workers whose buffers this machine holds, which its memory guard must count: every worker, except
        on a Dask cluster at a scheduler address, whose workers run elsewhere (and each checks one chunk at a time
        against the limit of the machine it is on).  A LocalCluster started for the run counts all its workers."""
        return 1 if self.executor == "dask" and self.scheduler is not None else self.workers


def run_settings(trials: int, executor, threads, scheduler, chunk_size, memory_limit) -> RunSettings:
    """The checked settings of a run of ``trials`` trials: ``chunk_size`` None gives :func:`default_chunk_size`,
    ``memory_limit`` None :func:`verify.memory.default_limit`."""
    executor, workers, scheduler = effective_executor(executor, threads, scheduler)
    chunk_size = default_chunk_size(trials) if chunk_size is None else check_int("chunk_size", chunk_size, 1,
                                                                                 MAX_COUNT)
    limit = memory.default_limit() if memory_limit is None else memory.check_limit(memory_limit)
    return RunSettings(executor=executor, workers=workers, scheduler=scheduler, chunk_size=chunk_size,
                       memory_limit=limit)


def run_trials(task: Callable[[int, int], dict], spec, settings: RunSettings, *, kind: str, out, progress: bool,
               description: str, store_arrays=None) -> tuple[list[dict], float]:
    """(the results of ``task(start, stop)`` for every chunk of ``spec.trials``, in chunk order; the seconds the run
    took).  With ``out`` the chunks are kept in a results store of ``kind`` keyed by ``spec.identity()``;
    ``store_arrays`` is :func:`verify.executors.run_chunks`'s check of a stored chunk's arrays."""
    store = None
    if out is not None:
        store = ResultStore(out, spec.identity(), kind=kind)
        store.check()
        store.open()
    chunks = chunk_ranges(spec.trials, settings.chunk_size)
    started = time.perf_counter()
    results = run_chunks(task, chunks, executor=settings.executor, workers=settings.workers,
                         scheduler=settings.scheduler, store=store, store_meta=lambda i, s, e: {"start": s, "stop": e},
                         store_arrays=store_arrays, progress=progress, unit="trial", description=description)
    return results, time.perf_counter() - started
