"""Running IMP with its controls over many trials: parallel, resumable, the same bytes whatever the workers.

Work is split into one task per **ticket chain** (a trial's levels are sequential: level k + 1's mask comes from
level k's training) and one per **control** (trial, level, arm), submitted as soon as its mask exists, on worker
processes (default; spawned, so scripts need ``if __name__ == "__main__":``) or threads (the training loop holds the
GIL between its matrix products: about 2,280 against 2,620 steps/s on two cores, ``slth bench lth``).  Every
finished (trial, level, arm) is a chunk of a :class:`verify.store.ResultStore`, written atomically:

* chunk index (trial·(K + 1) + level)·3 + arm, arms ticket, reinit, random_mask; each holds the arm's record
  (:func:`verify.lth.method.arm_record`, version :data:`RECORD_VERSION` in the store's identity: with the per-example
  test outcomes at the early-stopping iteration);
* a ticket chunk is written once its level is trained *and* pruned, so it carries the start of the next level
  (``next_mask*``; ``next_param*`` for ``rewind="continue"``); chunk 0 also carries θ_j (``theta_j*``, rewinding to
  an iteration) and the dense network's trained magnitudes (``scores*``, one-shot) when the settings need them;
* the trial count is not part of the run's identity: more trials extend a stored run;
* neither are the controls a run trains (``controls``; default both): a ticket-only run (``controls=()``) writes the
  ticket chunks a full run of the same settings and seed writes, bit for bit, into the same store, and a later full
  run there trains only the controls.

A rerun loads what is there and resumes each chain at its first missing level
(:func:`verify.prune.iterative.iterative_pruning` with ``first_level``).  Results land at their (trial, level, arm)
place, so they do not depend on the executor, the worker count or the order of completion; a killed run leaves no orphan
worker for longer than one training (workers stop at their next level when their parent is gone).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verify.errors import InvalidInput
from verify.executors import DaskPool, blas_threads, dask_client, effective_executor
from verify.lth.method import (
    ARMS,
    CONTROLS,
    ROLE_ORDER,
    IMPSettings,
    arm_record,
    check_controls,
    control_network,
    dataset,
    initial_network,
    iterative_magnitude_pruning,
    train_arm,
    trial_seed,
)
from verify.lth.result import RECORD_VERSION, IMPResult
from verify.nets import masks as M
from verify.nets.layered import LayerArrays
from verify.nets.network import Network
from verify.store import ResultStore
from verify.streams import check_seed
from verify.validate import check_int

MAX_TRIALS = 1000
STORE_KIND = "lth-imp"


def _chunk_index(settings: IMPSettings, trial: int, level: int, arm: str) -> int:
    return (trial * (settings.rounds + 1) + level) * len(ARMS) + ARMS.index(arm)


def _meta(trial: int, level: int, arm: str) -> dict:
    return {"trial": int(trial), "level": int(level), "arm": arm}


def _layer_arrays(arrays: dict, prefix: str, depth: int, biases: bool) -> LayerArrays:
    weights = tuple(arrays[f"{prefix}w{i}"] for i in range(depth))
    bias = tuple(arrays[f"{prefix}b{i}"] for i in range(depth)) if biases else None
    return LayerArrays(weights, bias)


def _flatten(prefix: str, layers: LayerArrays) -> dict:
    out = {f"{prefix}w{i}": np.ascontiguousarray(w) for i, w in enumerate(layers.weights)}
    if layers.biases is not None:
        out.update({f"{prefix}b{i}": np.ascontiguousarray(b) for i, b in enumerate(layers.biases)})
    return out


@dataclass(frozen=True)
class _Job:
    """What a worker needs (picklable): settings, seed and where the store lives."""

    settings: IMPSettings
    seed: int
    out: str | None

    def store(self):
        if self.out is None:
            return None
        return ResultStore(self.out, store_identity(self.settings, self.seed), STORE_KIND)

    def load(self, store, trial, level, arm):
        if store is None:
            return None
        return store.load(_chunk_index(self.settings, trial, level, arm), _meta(trial, level, arm))

    def save(self, store, trial, level, arm, arrays):
        if store is not None:
            store.save(_chunk_index(self.settings, trial, level, arm), _meta(trial, level, arm), **arrays)


def store_identity(settings: IMPSettings, seed: int) -> dict:
    """The run's identity (the trial count is not part of it: more trials extend a run), with the version of the
    records its chunks hold (:data:`RECORD_VERSION`)."""
    return {"settings": settings.identity(), "seed": int(seed), "record_version": RECORD_VERSION,
            "chunks": "(trial * (rounds + 1) + level) * 3 + arm (ticket, reinit, random_mask)"}


def _ticket_chain(job: _Job, trial: int) -> dict:
    """All levels of one trial's ticket: {level: arrays}, from the store where finished, trained otherwise.

    Chunk (trial, k, ticket) is written once level k is trained *and* pruned, so it carries the start of level
    k + 1 (``next_mask*``, and ``next_param*`` for ``rewind="continue"``); chunk 0 also carries θ_j
    (``theta_j*``) and the one-shot scores (``scores*``) when the settings need them.
    """
    settings, seed = job.settings, job.seed
    store = job.store()
    data = dataset(settings, seed)
    depth, sizes = settings.depth, settings.layer_sizes()
    done = {}
    for k in range(settings.rounds + 1):
        arrays = job.load(store, trial, k, "ticket")
        if arrays is None:
            break
        done[k] = arrays
    if len(done) == settings.rounds + 1:
        return done
    theta0 = initial_network(settings, seed, trial)
    first = len(done)
    snapshot = scores = None
    if first == 0:
        net = theta0.copy()
    else:
        previous = done[first - 1]
        masks = LayerArrays(tuple(previous[f"next_maskw{i}"] for i in range(depth)), None)
        if settings.rewind == "continue":
            params = _layer_arrays(previous, "next_param", depth, True)
            net = Network(params.weights, params.biases, masks)
        else:  # the survivors' values: θ₀, or θ_j for rewinding to iteration j
            start = theta0 if not isinstance(settings.rewind, int) else _layer_arrays(done[0], "theta_j", depth,
                                                                                       True)
            net = M.reset(start, masks)
        if isinstance(settings.rewind, int):
            snapshot = _layer_arrays(done[0], "theta_j", depth, True)
        if settings.schedule == "oneshot":
            scores = _layer_arrays(done[0], "scores", depth, False)
    pending = {}

    def on_level(level, network, extras):
        record = arm_record(level.history, data.is_classification, level.masks, sizes)
        if level.level == 0:
            if extras["theta_j"] is not None:
                record.update(_flatten("theta_j", extras["theta_j"]))
            if settings.schedule == "oneshot":
                record.update(_flatten("scores", LayerArrays(extras["scores"].weights, None)))
        pending[level.level] = record
        if level.level == settings.rounds:
            _finish(level.level, None)

    def on_start(k, network):
        _check_stop()
        if k - 1 in pending:
            _finish(k - 1, network)

    def _finish(k, network):
        record = pending.pop(k)
        if network is not None:
            record.update(_flatten("next_mask", LayerArrays(network.masks.weights, None)))
            if settings.rewind == "continue":
                record.update(_flatten("next_param", network.params))
        job.save(store, trial, k, "ticket", record)
        done[k] = record

    iterative_magnitude_pruning(net, data, settings, order_seed=trial_seed(seed, ROLE_ORDER, trial),
                                first_level=first, rewind_snapshot=snapshot, oneshot_scores=scores,
                                on_level=on_level, on_start=on_start)
    return done


def _ticket_masks(chain: dict, level: int, depth: int) -> LayerArrays | None:
    """m_k of a finished chain (None at level 0: dense)."""
    if level == 0:
        return None
    previous = chain[level - 1]
    return LayerArrays(tuple(previous[f"next_maskw{i}"] for i in range(depth)), None)


def _control(job: _Job, trial: int, level: int, arm: str, masks: LayerArrays | None) -> dict:
    """Train one control of one level and store it."""
    settings, seed = job.settings, job.seed
    store = job.store()
    found = job.load(store, trial, level, arm)
    if found is not None:
        return found
    data = dataset(settings, seed)
    net = control_network(settings, seed, trial, level, arm, masks)
    _check_stop()
    history, _ = train_arm(net, data, settings, trial_seed(seed, ROLE_ORDER, trial))
    record = arm_record(history, data.is_classification, net.masks, settings.layer_sizes())
    job.save(store, trial, level, arm, record)
    return record


def run_imp(settings: IMPSettings, *, trials: int = 5, seed: int = 0, out=None, controls=CONTROLS,
            workers: int | None = None, executor: str = "processes", scheduler: str | None = None,
            progress: bool = True) -> IMPResult:
    """IMP with its controls over ``trials`` trials (see the module docstring).

    ``controls``: the control arms trained beside the ticket (:func:`verify.lth.method.check_controls`; default
    both, ``()`` the ticket chain alone).  The ticket's numbers do not depend on it (the controls only read the
    ticket's masks), nor does the store's identity; the result holds the trained arms only
    (:attr:`verify.lth.result.IMPResult.arms`), whatever else the store holds.

    Work is split into one task per ticket chain (trial) and one per control (trial, level, arm), submitted as soon
    as their masks exist, on ``workers`` processes or threads (default: all cores) or on Dask (``executor="dask"``,
    ``scheduler`` an address, else a LocalCluster of ``workers`` processes; the workers write the store, so ``out``
    must be on a filesystem they share); every result lands at its
    (trial, level, arm) place, so the numbers do not depend on the worker count, the executor or the order of
    completion.  ``out``: a results directory (resumable; the trial count may grow between runs).
    """
    if not isinstance(settings, IMPSettings):
        raise InvalidInput(f"settings must be IMPSettings, got {type(settings).__name__}")
    trials = check_int("trials", trials, 1, MAX_TRIALS)
    seed = check_seed(seed)
    controls = check_controls(controls)
    executor, workers, scheduler = effective_executor(executor, workers, scheduler)
    dataset(settings, seed)  # refuse a network that does not fit the data before any work
    store = None
    if out is not None:
        store = ResultStore(out, store_identity(settings, seed), STORE_KIND).open()
    job = _Job(settings, seed, None if out is None else str(Path(out).resolve()))
    levels = settings.rounds + 1
    chains: dict[int, dict] = {}
    trained: dict[tuple, dict] = {}
    if progress and store is not None:
        _say_reused(store, settings, trials, levels, controls)
    per_trial = levels * (1 + len(controls)) - ("random_mask" in controls)  # level 0's random mask is the ticket
    bar = _progress(trials * per_trial, progress, f"lth {settings.data}")
    failed = True
    with (blas_threads(1) if executor == "threads" else contextlib.nullcontext()), bar, \
            (dask_client(workers, scheduler) if executor == "dask" else contextlib.nullcontext()) as client:
        pool = DaskPool(client) if executor == "dask" else _pool(executor, workers)
        try:
            futures = {pool.submit(_ticket_chain, job, t): ("chain", t) for t in range(trials)}
            while futures:
                finished, _ = wait(list(futures), return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=lambda f: futures[f]):
                    kind, key = futures.pop(future)
                    value = _result(future)
                    if kind == "control":
                        trained[key] = value
                        bar.update(1)
                        continue
                    chains[key] = value
                    bar.update(levels)
                    for level in range(levels):
                        masks = _ticket_masks(value, level, settings.depth)
                        for arm in controls:
                            if arm == "random_mask" and level == 0:
                                continue  # the dense network itself: the ticket's record
                            stored = job.load(store, key, level, arm)
                            if stored is not None:
                                trained[(key, level, arm)] = stored
                                bar.update(1)
                            else:
                                futures[pool.submit(_control, job, key, level, arm, masks)] = (
                                    "control", (key, level, arm))
            failed = False
        finally:
            if failed:
                _STOP.set()
            pool.shutdown(wait=not failed, cancel_futures=failed)
            _STOP.clear()
    return IMPResult.assemble(settings, seed, trials, chains, trained, arms=("ticket", *controls))


def _result(future):
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as error:
        raise RuntimeError("a worker process of run_imp died. If this runs from a script, call it under "
                           "`if __name__ == '__main__':` (worker processes are spawned and import the script), "
                           "or pass executor='threads'") from error


# Cancellation: a thread worker stops at its next level when the run failed or was interrupted (_STOP); a process
# worker when its parent is gone (a killed run leaves no orphan training for longer than one network).
_STOP = threading.Event()
_PARENT = {"pid": None}


def _remember_parent(pid: int) -> None:
    _PARENT["pid"] = pid


def _check_stop() -> None:
    if _STOP.is_set():
        raise _Cancelled("the run was stopped")
    if _PARENT["pid"] is not None and os.getppid() != _PARENT["pid"]:
        os._exit(1)


class _Cancelled(Exception):
    pass


def _pool(executor: str, workers: int):
    if executor == "threads":
        return ThreadPoolExecutor(max_workers=workers)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_remember_parent, initargs=(os.getpid(),))


def _say_reused(store, settings: IMPSettings, trials: int, levels: int, controls: tuple[str, ...]) -> None:
    """One line on stderr when a resumed run finds trainings stored (each is checked again when it is loaded)."""
    from verify.executors import resumed_message

    keys = [(t, k, arm) for t in range(trials) for k in range(levels) for arm in ("ticket", *controls)
            if not (arm == "random_mask" and k == 0)]
    found = sum(store.chunk_path(_chunk_index(settings, *key)).exists() for key in keys)
    if found:
        print(resumed_message(store.directory, found, len(keys), found, len(keys), "training"), file=sys.stderr,
              flush=True)


def _progress(total: int, enabled: bool, description: str):
    from verify.executors import progress_bar

    return progress_bar(total, enabled, "training", description)
