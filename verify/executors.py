"""Run independent chunks of a Monte Carlo job on local threads, local processes or a Dask cluster.

A *task* is a picklable callable ``task(start, stop) -> dict[str, ndarray]`` that computes trials [start, stop) from
nothing but its arguments (randomness comes from :mod:`verify.streams`, keyed by trial blocks).  The executor only
decides where tasks run; results are placed by chunk, so the assembled answer is the same bytes for any executor,
thread count or completion order.

One vocabulary for every campaign and every command (:data:`EXECUTORS`, checked by :func:`check_executor_name`;
``local`` is kept as a spelling of ``threads``):

* ``threads``: a thread pool (the numba kernels release the GIL), ``workers`` threads (default: all cores).
* ``processes``: a pool of ``workers`` processes (``concurrent.futures.ProcessPoolExecutor``, forkserver start), for
  tasks whose time goes to Python rather than to GIL-releasing kernels (training small numpy networks); the task and
  its results must be picklable.
* ``dask``: ``distributed.Client(ADDRESS)``, or a ``LocalCluster`` of single-threaded worker processes when no
  address is given.  This is how a run outgrows one machine; nothing home-made.

Finished chunks go to the :class:`verify.store.ResultStore` (if any) as they arrive, so an interrupted run resumes.

:func:`executor_session` runs a whole build (``slth figures``/``slth paper --executor dask``) on one executor: inside
it every campaign (:func:`run_chunks`, :func:`verify.lth.run.run_imp`) uses the session's executor whatever it was
given, and one Dask client serves them all (a cluster is started once, not per campaign).  Results do not depend on
the executor, so this changes where the work runs and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed

from verify.errors import InvalidInput
from verify.validate import check_choice, check_int

EXECUTORS = ("threads", "processes", "dask")
ALIASES = {"local": "threads"}  # the spelling `slth rss` and `run_chunks` used before the vocabulary was unified


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def check_executor_name(executor) -> str:
    """The canonical name of an executor (:data:`EXECUTORS`; ``local`` is accepted for ``threads``)."""
    if isinstance(executor, str) and executor in ALIASES:
        return ALIASES[executor]
    return check_choice("executor", executor, EXECUTORS)


def check_executor(executor: str, workers, scheduler) -> tuple[str, int]:
    """(canonical executor, worker count) after the active :func:`executor_session`, if any, has been applied; the
    scheduler address is checked and needs ``dask``.  Use :func:`effective_executor` to also get the address."""
    executor, workers, _ = effective_executor(executor, workers, scheduler)
    return executor, workers


def effective_executor(executor: str, workers, scheduler) -> tuple[str, int, str | None]:
    """(executor, workers, scheduler) a campaign runs with: the session's where one is active, else the given ones,
    validated (the names of :data:`EXECUTORS` and their aliases; workers >= 1; a well-formed scheduler address)."""
    if _SESSION:
        session = _SESSION[-1]
        executor, scheduler = session.executor, session.scheduler
        workers = session.workers if session.workers is not None else workers
    executor = check_executor_name(executor)
    workers = default_workers() if workers is None else check_int("threads", workers, 1)
    if scheduler is not None and executor != "dask":
        raise InvalidInput("--scheduler needs --executor dask")
    if executor == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise InvalidInput("--executor dask needs the 'dask' extra: pip install 'slth-verify[dask]'") from None
        if scheduler is not None:
            check_scheduler(scheduler)
    return executor, workers, scheduler


class _Session:
    def __init__(self, executor, workers, scheduler):
        self.executor, self.workers, self.scheduler = executor, workers, scheduler
        self.client = None


_SESSION: list[_Session] = []


@contextlib.contextmanager
def executor_session(executor: str | None = None, *, workers: int | None = None, scheduler: str | None = None):
    """Run every campaign started inside on ``executor`` (``None``: leave each campaign its own, as outside).

    With ``dask`` one client is opened on first use (``scheduler``, or a LocalCluster of ``workers`` single-threaded
    worker processes) and shared by all campaigns until the session ends.  Bad names, counts or addresses are refused
    here, before any work.
    """
    if executor is None:
        if scheduler is not None:
            raise InvalidInput("--scheduler needs --executor dask")
        if workers is not None:
            raise InvalidInput("--threads needs --executor (threads, processes or dask): without it each campaign "
                               "keeps its own worker count")
        yield None
        return
    executor, checked, scheduler = effective_executor(executor, workers, scheduler)
    session = _Session(executor, workers if workers is None else checked, scheduler)
    _SESSION.append(session)
    try:
        yield session
    finally:
        _SESSION.remove(session)
        if session.client is not None:
            _close_client(session.client)


def _open_client(workers: int, scheduler: str | None):
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        return Client(cluster)
    try:
        return Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise InvalidInput(f"cannot reach the Dask scheduler at {scheduler!r} ({error})") from None


def _close_client(client) -> None:
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


@contextlib.contextmanager
def dask_client(workers: int, scheduler: str | None):
    """The Dask client a campaign uses: the active session's (opened on first use, closed with the session), else a
    new one (``scheduler``, or a LocalCluster of ``workers`` processes) closed on exit."""
    session = _SESSION[-1] if _SESSION else None
    if session is not None and session.executor == "dask":
        if session.client is None:  # a LocalCluster for the whole build: --threads workers, else all cores
            session.client = _open_client(session.workers or default_workers(), session.scheduler)
        yield session.client
        return
    client = _open_client(workers, scheduler)
    try:
        yield client
    finally:
        _close_client(client)


class DaskPool:
    """A ``concurrent.futures``-style pool (``submit``, ``shutdown(wait, cancel_futures)``) on a Dask client, for
    campaigns that submit work as earlier work finishes (:func:`verify.lth.run.run_imp`)."""

    def __init__(self, client):
        self._executor = client.get_executor(pure=False)

    def submit(self, fn, *args):
        return self._executor.submit(fn, *args)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait and not cancel_futures)


_SCHEMES = ("tcp", "tls", "ws", "wss")
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$")


def check_scheduler(address) -> str:
    """A Dask scheduler address ``[tcp|tls|ws|wss://]HOST:PORT`` (checked before any connection is tried)."""
    allowed = "allowed: [tcp://]HOST:PORT, e.g. tcp://10.0.0.5:8786"
    if not isinstance(address, str) or not address.strip():
        raise InvalidInput(f"--scheduler {address!r} is empty; {allowed}")
    scheme, separator, rest = address.strip().partition("://")
    if not separator:
        scheme, rest = "tcp", address.strip()
    host, colon, port = rest.rpartition(":")
    if scheme not in _SCHEMES or not colon or not _HOST.match(host) or not port.isdigit() \
            or not 1 <= int(port) <= 65535:
        raise InvalidInput(f"--scheduler {address!r} is not a scheduler address; {allowed} (port 1-65535)")
    return address


def blas_threads(threads: int | None = 1):
    """A context in which BLAS (numpy's matrix products) uses ``threads`` threads (``None``: leave it alone).

    Small products are much slower with several threads on a busy machine (``slth bench train``); pruners that call
    :meth:`verify.nets.network.Network.loss_and_gradients` in a loop can wrap it in ``with blas_threads(1):`` as
    :func:`verify.train.loop.train` does.
    """
    if threads is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=threads, user_api="blas")


PERIODIC_SECONDS = 30.0  # the interval of progress lines when stderr is not a terminal (a log file, a CI job)
PERIODIC_FORMAT = "{desc}: {n_fmt}/{total_fmt} {unit} ({percentage:.0f}%), {elapsed} elapsed, {remaining} left\n"


def progress_bar(total: int, enabled: bool, unit: str, description: str | None, file=None):
    """A tqdm progress bar on stderr (after one second).  On a terminal it redraws in place; otherwise (a log file,
    a pipe, CI) it degrades to one plain line every :data:`PERIODIC_SECONDS` seconds and a last line when done,
    through tqdm's own options (``mininterval``, ``bar_format`` ending in a newline, ``ascii``)."""
    from tqdm import tqdm

    stream = sys.stderr if file is None else file
    common = {"total": total, "unit": unit, "desc": description, "delay": 1.0, "disable": not enabled,
              "file": stream}
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return tqdm(**common, dynamic_ncols=True, leave=False)
    return tqdm(**common, mininterval=PERIODIC_SECONDS, maxinterval=PERIODIC_SECONDS, ascii=True, leave=True,
                bar_format=PERIODIC_FORMAT)


def resumed_message(directory, reused_chunks: int, chunks: int, reused_units: int, units: int, unit: str) -> str:
    """One line saying how much of a resumable run was found stored and reused."""
    return (f"resuming {directory}: {reused_chunks:,} of {chunks:,} chunks already stored and reused "
            f"({reused_units:,} of {units:,} {unit}s); computing the other {chunks - reused_chunks:,}")


def run_chunks(task, chunks, *, executor="threads", workers=None, scheduler=None, store=None, store_meta=None,
               store_arrays=None, progress=False, unit="trial", description=None):
    """Compute ``task(start, stop)`` for every (start, stop) in ``chunks``; return the results in chunk order.

    ``store`` (a :class:`verify.store.ResultStore`) supplies finished chunks and receives new ones;
    ``store_meta(index, start, stop)`` gives the header each chunk file must carry, and ``store_arrays(start, stop)``
    (optional) the shape and dtype of each array a chunk of that range holds (:data:`verify.store.ArraySpec`): a
    stored chunk that does not match is recomputed.
    """
    executor, workers, scheduler = effective_executor(executor, workers, scheduler)
    results: list = [None] * len(chunks)
    pending = []
    for index, (start, stop) in enumerate(chunks):
        cached = None
        if store is not None:
            expect = store_arrays(start, stop) if store_arrays is not None else None
            cached = store.load(index, store_meta(index, start, stop), expect)
        if cached is not None:
            results[index] = cached
        else:
            pending.append(index)
    total = sum(stop - start for start, stop in chunks)
    done_already = sum(chunks[i][1] - chunks[i][0] for i in range(len(chunks)) if results[i] is not None)

    def finish(index, value):
        results[index] = value
        if store is not None:
            start, stop = chunks[index]
            store.save(index, store_meta(index, start, stop), **value)

    if progress and store is not None and done_already:
        print(resumed_message(store.directory, len(chunks) - len(pending), len(chunks), done_already, total, unit),
              file=sys.stderr, flush=True)
    with progress_bar(total, progress, unit, description) as bar:
        bar.update(done_already)
        if not pending:
            return results
        if executor in ("threads", "processes"):
            if workers == 1:
                for index in pending:
                    finish(index, task(*chunks[index]))
                    bar.update(chunks[index][1] - chunks[index][0])
            else:
                with _pool(executor, workers) as pool:
                    futures = {pool.submit(task, *chunks[i]): i for i in pending}
                    try:
                        for future in as_completed(futures):
                            index = futures[future]
                            finish(index, future.result())
                            bar.update(chunks[index][1] - chunks[index][0])
                    except BaseException:
                        for future in futures:
                            future.cancel()
                        raise
        else:
            _run_on_dask(task, chunks, pending, workers, scheduler, finish, bar)
    return results


def _pool(executor: str, workers: int):
    if executor == "threads":
        return ThreadPoolExecutor(max_workers=workers)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))


def _run_on_dask(task, chunks, pending, workers, scheduler, finish, bar):
    from distributed import as_completed as dask_completed

    with dask_client(workers, scheduler) as client:
        run = uuid.uuid4().hex  # keys unique per run: a shared client never hands back another run's chunk
        futures = [client.submit(task, *chunks[i], key=f"slth-chunk-{i}-{run}", pure=False) for i in pending]
        index_of = {future.key: i for future, i in zip(futures, pending)}
        try:
            for future in dask_completed(futures):
                index = index_of[future.key]
                finish(index, future.result())
                bar.update(chunks[index][1] - chunks[index][0])
        except BaseException:
            client.cancel(futures)
            raise
