"""`slth rss`: the JSON contract, the readable table, refusals of bad input, and kill-and-resume."""

import json
import pickle
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from verify.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def slth(*argv, **kw):
    return subprocess.run([sys.executable, "-m", "verify.cli", *argv], capture_output=True, text=True, **kw)


def test_json_contract(capsys):
    code, out, _ = run_cli(capsys, "rss", "--law", "uniform", "--eps", "1e-2,1e-3", "--trials", "50",
                           "--n-max", "20", "--seed", "3", "--delta", "0.1", "--per-trial", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["law"] == "uniform" and doc["interval"] == [-1.0, 1.0]
    assert doc["trials"] == 50 and doc["n_max"] == 20 and doc["seed"] == 3
    for entry in doc["results"]:
        assert entry["n"] == list(range(1, 21))
        assert len(entry["p_cover"]) == 20 and all(len(ci) == 2 for ci in entry["p_cover_ci"])
        assert entry["n_required"]["delta"] == 0.1 and len(entry["n_required"]["bracket"]) == 2
        assert entry["n_star_mean_uncovered_as"] == 21
        assert len(entry["n_star_per_trial"]) == 50
    assert [e["eps"] for e in doc["results"]] == [1e-2, 1e-3]


def test_interval_with_negative_numbers_and_readable_table(capsys):
    code, out, _ = run_cli(capsys, "rss", "--eps", "0.05", "--trials", "30", "--n-max", "14", "--interval", "-0.5,2")
    assert code == 0
    assert "coverage of [-0.5, 2]" in out and "P_n(eps)" in out and "bracket" in out


def test_samples_file_is_used_as_given(tmp_path, capsys):
    from verify.subsetsum.worst_error import worst_errors

    paths = np.random.default_rng(0).uniform(-1, 1, size=(25, 16))
    np.save(tmp_path / "paths.npy", paths)
    code, out, _ = run_cli(capsys, "rss", "--samples", str(tmp_path / "paths.npy"), "--eps", "0.01", "--json",
                           "--per-trial")
    assert code == 0
    doc = json.loads(out)
    assert doc["law"] == "empirical" and doc["trials"] == 25 and doc["n_max"] == 16
    r = worst_errors(paths, 0.01)
    expected = [int(np.argmax(row <= 0.01)) + 1 if np.any(row <= 0.01) else None for row in r]
    assert doc["results"][0]["n_star_per_trial"] == expected


def _bad_files(tmp_path):
    np.save(tmp_path / "vector.npy", np.zeros(5))
    np.save(tmp_path / "ints.npy", np.zeros((3, 4), dtype=np.int64))
    np.save(tmp_path / "nan.npy", np.array([[0.1, np.nan]]))
    np.save(tmp_path / "objects.npy", np.array([[0.1, None]], dtype=object), allow_pickle=True)
    (tmp_path / "pickle.npy").write_bytes(pickle.dumps([[0.1, 0.2]]))
    (tmp_path / "garbage.npy").write_bytes(b"\x93NUMPY garbage")
    return tmp_path


@pytest.mark.parametrize("argv, fragment", [
    (["--eps", "0"], "eps 0.0 is not allowed"),
    (["--eps", "-1e-3"], "eps -0.001 is not allowed"),
    (["--eps", "nan"], "eps nan is not allowed"),
    (["--eps", "inf"], "eps inf is not allowed"),
    (["--eps", "abc"], "'abc' is not a number"),
    (["--eps", "1e-3", "--trials", "0"], "must be an integer >= 1"),
    (["--eps", "1e-3", "--n-max", "0"], "must be an integer >= 1"),
    (["--eps", "1e-3", "--n-max", "-3"], "must be an integer >= 1"),
    (["--eps", "1e-3", "--law", "cauchy"], "unknown law 'cauchy'"),
    (["--eps", "1e-3", "--law", "gaussian:sigma=-2"], "sigma=-2 must be > 0"),
    (["--eps", "1e-3", "--law", "hyperbolic:alpha=0"], "0 < alpha < beta"),
    (["--eps", "1e-3", "--interval", "1,-1"], "a < b"),
    (["--eps", "1e-3", "--delta", "1"], "strictly between 0 and 1"),
    (["--eps", "1e-3", "--samples", "{dir}/vector.npy"], "2-D matrix"),
    (["--eps", "1e-3", "--samples", "{dir}/ints.npy"], "dtype int64 is not allowed here (allowed: float)"),
    (["--eps", "1e-3", "--samples", "{dir}/nan.npy"], "NaN or infinite"),
    (["--eps", "1e-3", "--samples", "{dir}/objects.npy"], "pickled (object) data, which slth never loads"),
    (["--eps", "1e-3", "--samples", "{dir}/pickle.npy"], "is not a .npy file"),
    (["--eps", "1e-3", "--samples", "{dir}/garbage.npy"], "not a readable .npy array"),
    (["--eps", "1e-3", "--samples", "{dir}"], "is a directory; give a file"),
    (["--eps", "1e-3", "--samples", ""], "samples file is empty"),
    (["--eps", "1e-3", "--samples", "{dir}/missing.npy"], "does not exist"),
    (["--eps", "1e-3", "--samples", "{dir}/vector.npy", "--law", "uniform"], "not allowed with argument"),
    (["--eps", "1e-6", "--n-max", "40", "--memory-limit", "1MB"], "memory limit"),
    (["--eps", "1e-3", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --executor dask"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, argv, fragment):
    directory = _bad_files(tmp_path)
    argv = [a.format(dir=directory) for a in argv]
    if "--trials" not in argv and "--samples" not in argv:
        argv += ["--trials", "3"]
    out_dir = tmp_path / "out"
    try:
        code = main(["rss", *argv, "--out", str(out_dir)])
    except SystemExit as raised:  # argparse refusals
        code = raised.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert fragment in err
    assert not out_dir.exists()


def test_console_entry_point_refuses_bad_input_without_traceback():
    result = slth("rss", "--eps", "0")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["slth rss: error: eps 0.0 is not allowed; eps must be finite and > 0"]


def test_killed_run_resumes_to_the_uninterrupted_answer(tmp_path):
    argv = ["rss", "--eps", "2e-5", "--trials", "240", "--n-max", "30", "--seed", "8", "--chunk-size", "4",
            "--threads", "1", "--json"]
    uninterrupted = json.loads(slth(*argv).stdout)
    out = tmp_path / "run"
    process = subprocess.Popen([sys.executable, "-m", "verify.cli", *argv, "--out", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("chunk-*.npz"))) < 3:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished_before = len(list(out.glob("chunk-*.npz")))
    assert 3 <= finished_before < 60, "the run must be killed part-way"
    resumed = slth(*argv, "--out", str(out))
    assert resumed.returncode == 0
    doc = json.loads(resumed.stdout)
    doc.pop("seconds"), uninterrupted.pop("seconds")
    assert doc == uninterrupted
    assert len(list(out.glob("chunk-*.npz"))) == 60
    assert not list(out.glob(".*.tmp"))
