"""Scale-out: every campaign gives the same bytes on a Dask cluster as on the local executors, resumes after a kill,
and the one executor vocabulary (``threads | processes | dask``, ``local`` = ``threads``) is refused alike everywhere.

The cluster is a ``distributed.LocalCluster`` of two single-threaded worker processes, shared by the module and
reached by its address (the remote path: ``--scheduler ADDR``); ``executor="dask"`` without an address (a cluster of
one's own) is covered by ``tests/subsetsum/test_montecarlo.py``.  The references are computed on the local threads
executor in this process, so a chunk placed wrongly, a seed that depends on the worker, or a result lost on the way
back fails the comparison.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time

import pytest
from cli_runner import run_cli

from verify import executors
from verify.errors import InvalidInput

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def scheduler(cluster):
    return cluster.scheduler_address


def _same(a, b) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def _rows(rows) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]


# -- the vocabulary ----------------------------------------------------------------------------------------------
def test_one_vocabulary_with_the_old_spelling_as_an_alias():
    assert executors.EXECUTORS == ("threads", "processes", "dask")
    assert [executors.check_executor_name(n) for n in ("threads", "local", "processes", "dask")] == [
        "threads", "threads", "processes", "dask"]
    for bad in ("mpi", "Threads", "", None, 3):
        with pytest.raises(InvalidInput, match="executor"):
            executors.check_executor_name(bad)
    with pytest.raises(InvalidInput, match="--scheduler needs --executor dask"):
        executors.effective_executor("processes", 2, "tcp://127.0.0.1:8786")
    with pytest.raises(InvalidInput, match="not a scheduler address"):
        executors.effective_executor("dask", 2, "tcp://127.0.0.1:99999")


@pytest.mark.parametrize("argv, fragment", [
    (["rss", "--eps", "0.1", "--trials", "2", "--executor", "mpi"], "executor 'mpi'"),
    (["plant", "run", "--task", "relu", "--pruner", "random", "--executor", "thread"], "executor 'thread'"),
    (["lth", "run", "--data", "circle", "--executor", "DASK"], "executor 'DASK'"),
    (["lth", "pilot", "--data", "circle", "--executor", "thread"], "executor 'thread'"),
    (["figures", "--profile", "mini", "--executor", "cluster"], "executor 'cluster'"),
    (["paper", "--profile", "mini", "--executor", "mpi"], "executor 'mpi'"),
    (["figures", "--profile", "mini", "--threads", "2"], "--threads needs --executor"),
    (["figures", "--profile", "mini", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --executor dask"),
    (["paper", "--profile", "mini", "--executor", "dask", "--scheduler", "nohost:"], "not a scheduler address"),
    (["lth", "run", "--data", "circle", "--executor", "threads", "--scheduler", "tcp://127.0.0.1:1"],
     "--scheduler needs --executor dask"),
    (["figures", "--list", "--executor", "dask"], "builds nothing"),
])
def test_every_command_refuses_a_bad_executor_alike(argv, fragment, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and fragment in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_session_moves_every_campaign_to_its_executor(cluster, scheduler):
    """Inside ``executor_session("dask")`` a campaign that asks for threads runs its chunks on the cluster."""
    from verify.subsetsum.montecarlo import coverage

    def chunks_seen():
        prefix = cluster.scheduler.task_prefixes.get("slth-chunk")
        return 0 if prefix is None else sum(prefix.state_counts.values())

    before = chunks_seen()
    local = coverage("uniform", [1e-2], trials=12, n_max=12, seed=1, chunk_size=4, executor="threads", threads=1)
    assert chunks_seen() == before
    with executors.executor_session("dask", scheduler=scheduler) as session:
        moved = coverage("uniform", [1e-2], trials=12, n_max=12, seed=1, chunk_size=4, executor="threads", threads=1)
        assert session.client is not None
    assert chunks_seen() > before
    assert moved.worst_error.tobytes() == local.worst_error.tobytes()


def test_a_session_without_an_address_starts_one_local_cluster_for_all_its_campaigns():
    from verify.subsetsum.montecarlo import coverage

    local = coverage("product", [1e-2], trials=10, n_max=12, seed=2, chunk_size=3, threads=1)
    with executors.executor_session("dask", workers=2) as session:
        first = coverage("product", [1e-2], trials=10, n_max=12, seed=2, chunk_size=3, threads=1)
        client = session.client
        again = coverage("product", [1e-2], trials=10, n_max=12, seed=2, chunk_size=4, executor="processes")
        assert session.client is client and len(client.cluster.workers) == 2
    assert client.status == "closed"
    assert first.worst_error.tobytes() == local.worst_error.tobytes() == again.worst_error.tobytes()


# -- each campaign: the same bytes on the cluster ----------------------------------------------------------------
def test_rss_coverage(scheduler):
    from verify.subsetsum.montecarlo import coverage

    local = coverage("pensia-mixture", [1e-3, 1e-2], trials=48, n_max=24, seed=5, chunk_size=7, threads=1)
    dask = coverage("pensia-mixture", [1e-3, 1e-2], trials=48, n_max=24, seed=5, chunk_size=5, executor="dask",
                    scheduler=scheduler)
    assert dask.worst_error.tobytes() == local.worst_error.tobytes()
    assert dask.peak_intervals.tobytes() == local.peak_intervals.tobytes()


def test_ticket_monte_carlo(scheduler):
    from verify.tickets.montecarlo import required_widths

    args = dict(eps=0.05, units=(2, 6, 20), trials=6, seed=3, chunk_size=2)
    local = required_widths([2, 2], threads=1, **args)
    dask = required_widths([2, 2], executor="dask", scheduler=scheduler, **args)
    assert dask.first.tobytes() == local.first.tobytes() and dask.certified.tobytes() == local.certified.tobytes()


def test_plant_run_from_the_command_line(scheduler, capsys):
    argv = ["plant", "run", "--task", "relu,circle", "--width", "20", "--depth", "3", "--epochs", "1", "--pruner",
            "magnitude,random", "--density", "0.1,gt", "--seed", "2", "--json"]
    code, local, _ = run_cli([*argv, "--executor", "threads", "--threads", "1"], capsys)
    assert code == 0
    code, dask, _ = run_cli([*argv, "--executor", "dask", "--scheduler", scheduler], capsys)
    assert code == 0
    local, dask = json.loads(local), json.loads(dask)
    assert len(local["rows"]) == len(dask["rows"]) >= 2 * 2 * 2  # every (task, pruner, density), and references
    for a, b in zip(_rows(local["rows"]), _rows(dask["rows"])):
        assert a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a), (a, b)


def test_lth_run_from_the_command_line(scheduler, capsys):
    argv = ["lth", "run", "--data", "circle", "--rounds", "2", "--iterations", "20", "--eval-every", "10",
            "--trials", "2", "--json"]
    code, local, _ = run_cli([*argv, "--executor", "threads", "--threads", "1"], capsys)
    assert code == 0
    code, dask, _ = run_cli([*argv, "--executor", "dask", "--scheduler", scheduler], capsys)
    assert code == 0
    assert json.loads(dask) == json.loads(local)


# figures whose campaigns reach the cluster only through the build's session: the ticket Monte Carlo (which the CLI
# runs only here), Theorem 2's draws (the chunk runner) and IMP (its own pool); rss and plant runs are tested above
CAMPAIGN_FIGURES = ["tickets_width", "pns_existence", "lth_plantnseek"]


def _built(out, profile="mini") -> dict:
    data = {}
    for path in sorted((out / profile / "data").glob("*.json")):
        if path.name.endswith((".cost.json", ".drawn.json")):  # beside each cache: the measured compute time
            continue                                              # (differs run to run) and the drawn-file stamp
        data[path.stem] = json.loads(path.read_text())["data"]
    tables = {p.name: p.read_bytes() for p in sorted((out / profile / "results").glob("*")) if p.is_file()
              and p.name != "manifest.json"}
    return {"data": data, "tables": tables}


def test_figures_from_the_command_line(scheduler, capsys, tmp_path):
    only = ",".join(CAMPAIGN_FIGURES)
    code, _, _ = run_cli(["figures", "--profile", "mini", "--only", only, "--out", str(tmp_path / "local")], capsys)
    assert code == 0
    code, _, _ = run_cli(["figures", "--profile", "mini", "--only", only, "--out", str(tmp_path / "dask"),
                          "--executor", "dask", "--scheduler", scheduler], capsys)
    assert code == 0
    local, dask = _built(tmp_path / "local"), _built(tmp_path / "dask")
    assert sorted(local["data"]) == sorted(CAMPAIGN_FIGURES)
    assert dask == local


@pytest.mark.slow
def test_paper_from_the_command_line(scheduler, capsys, tmp_path):
    """The whole mini write-up (every figure) built on the cluster: the same verdicts, results and text."""
    outputs = {}
    for name, extra in (("local", []), ("dask", ["--executor", "dask", "--scheduler", scheduler])):
        code, _, _ = run_cli(["paper", "--profile", "mini", "--out", str(tmp_path / name / "paper"),
                              "--figures-out", str(tmp_path / name / "figures"), *extra], capsys)
        assert code == 0
        target = tmp_path / name / "paper" / "mini"
        outputs[name] = {"verdicts": (target / "verdicts.json").read_bytes(),
                         "text": (target / "reproduction.md").read_text().replace(str(tmp_path / name), "ROOT"),
                         **_built(tmp_path / name / "figures")}
    assert outputs["dask"] == outputs["local"]


# -- a killed run on the cluster resumes -------------------------------------------------------------------------
def _kill_when(command, out, at_least, timeout=300.0):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + timeout
    while time.time() < deadline and len(list(out.glob("chunk-*.npz"))) < at_least and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return env


@pytest.mark.parametrize("campaign", ["plant", "lth"])
def test_a_killed_cluster_run_resumes_to_the_same_answer(campaign, scheduler, capsys, tmp_path):
    """Kill the client (SIGKILL) once some chunks are stored; the rerun on the cluster keeps them and gives the local
    executor's answer.  Plant runs store chunks from the client, IMP from the workers: both are covered."""
    if campaign == "plant":
        argv = ["plant", "run", "--task", "relu,circle,helix", "--width", "30", "--depth", "3", "--epochs", "2",
                "--pruner", "magnitude,random,snip", "--density", "0.1,0.5,gt", "--seed", "1", "--json"]
        total = None  # one chunk per row: the grid's cells and its reference rows
    else:
        argv = ["lth", "run", "--data", "digits", "--rounds", "2", "--iterations", "40", "--eval-every", "10",
                "--trials", "3", "--json"]
        total = 3 * (3 * 3 - 1)
    code, fresh, _ = run_cli([*argv, "--executor", "threads", "--threads", "1"], capsys)
    assert code == 0
    total = total or len(json.loads(fresh)["rows"])
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "verify.cli", *argv, "--executor", "dask", "--scheduler", scheduler,
               "--out", str(out)]
    env = _kill_when(command, out, at_least=2)
    finished = {p.name: p.read_bytes() for p in out.glob("chunk-*.npz")}
    assert 2 <= len(finished) < total, "the kill must land in the middle of the run"
    rerun = json.loads(subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout)
    fresh = json.loads(fresh)
    if campaign == "plant":
        assert all(all(_same(a[k], b[k]) for k in a) for a, b in zip(_rows(fresh["rows"]), _rows(rerun["rows"])))
    else:
        assert rerun == {**fresh, "out": str(out)}
    assert {name: (out / name).read_bytes() for name in finished} == finished
    assert len(list(out.glob("chunk-*.npz"))) == total
