"""`slth rss --subset-size/--dim/--keep` and `slth rss-integers`: JSON keys, refusals, executors."""

import json

import numpy as np
import pytest

from verify.cli import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as raised:
        code = raised.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_subset_size_json_keeps_the_contract_and_adds_the_family_keys(capsys):
    code, out, _ = run(capsys, "rss", "--eps", "0.05,0.02", "--subset-size", "3", "--targets", "3", "--trials", "30",
                       "--n-max", "30", "--per-trial", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["subset_size"] == 3 and doc["dim"] == 1 and doc["keep"] == 1.0
    assert doc["interval"] == pytest.approx([-np.sqrt(3), np.sqrt(3)])
    for entry in doc["results"]:
        assert {"eps", "n", "p_cover", "p_cover_ci", "n_required", "n_star_mean", "n_star_per_trial"} <= set(entry)
        assert len(entry["target_hit_probability"]) == 3


def test_dim_and_keep_json(capsys):
    code, out, _ = run(capsys, "rss", "--eps", "0.45", "--dim", "2", "--trials", "12", "--n-max", "20", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["dim"] == 2 and doc["subset_size"] is None and doc["results"][0]["exact_fraction"] == 1.0
    code, out, _ = run(capsys, "rss", "--eps", "0.05", "--keep", "0.5", "--trials", "12", "--n-max", "30", "--json")
    assert code == 0 and json.loads(out)["keep"] == 0.5


def test_readable_tables(capsys):
    code, out, _ = run(capsys, "rss", "--eps", "0.05", "--subset-size", "2", "--targets", "2", "--trials", "20",
                       "--n-max", "40")
    assert code == 0 and "fixed-size (k = 2)" in out and "fixed-target event" in out
    code, out, _ = run(capsys, "rss", "--eps", "0.45", "--dim", "3", "--trials", "5", "--n-max", "20")
    assert code == 0 and "max norm" in out and "exact" in out


@pytest.mark.parametrize("argv, fragment", [
    (["--subset-size", "0"], "must be an integer >= 1"),
    (["--targets", "3"], "--targets needs --subset-size"),
    (["--dim", "4"], "dim 4 must be an integer from 1 to 3"),
    (["--dim", "2", "--subset-size", "2"], "cannot be combined with --dim"),
    (["--resolution", "2"], "need --dim 2 or 3"),
    (["--dim", "2", "--eps-max", "0.5"], "--eps-max cannot be combined"),
    (["--keep", "0"], "keep 0.0 must be a finite number in (0, 1]"),
    (["--keep", "nan"], "finite"),
    (["--subset-size", "2", "--interval", "1,-1"], "a < b"),
    (["--dim", "3", "--max-sums", "1000000000", "--memory-limit", "1MB"], "memory limit"),
])
def test_bad_family_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, argv, fragment):
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "rss", "--eps", "0.3", "--trials", "3", "--n-max", "10", *argv, "--out", str(out_dir))
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err and fragment in err
    assert not out_dir.exists()


def test_samples_with_vectors_or_keep_are_refused(tmp_path, capsys):
    np.save(tmp_path / "paths.npy", np.zeros((3, 4)))
    for extra, fragment in ((["--dim", "2"], "--samples cannot be combined with --dim"),
                            (["--keep", "0.5"], "keep < 1 cannot be combined")):
        code, _, err = run(capsys, "rss", "--eps", "0.3", "--samples", str(tmp_path / "paths.npy"), *extra)
        assert code == 2 and fragment in err


def test_rss_integers(capsys):
    code, out, _ = run(capsys, "rss-integers", "partition", "--n", "10", "--kappa", "0.6,1.2", "--trials", "40",
                       "--json")
    assert code == 0
    doc = json.loads(out)
    assert len(doc["cells"]) == 2 and doc["dim"] == 1 and doc["keep"] == 1.0
    code, out, _ = run(capsys, "rss-integers", "quantized", "--q", "16", "--trials", "20", "--n-max", "12")
    assert code == 0 and "represented exactly" in out
    for argv, fragment in ((["partition", "--kappa", "2"], "kappa 2.0"), (["quantized", "--q", "0"], ">= 1"),
                           ([], "an experiment is required")):
        code, _, err = run(capsys, "rss-integers", *argv)
        assert code == 2 and fragment in err and "Traceback" not in err


@pytest.mark.slow
def test_dask_gives_the_same_bytes_for_the_family():
    pytest.importorskip("distributed")
    from verify.subsetsum.fixed_size_run import fixed_size_coverage
    from verify.subsetsum.integers_run import quantized_coverage
    from verify.subsetsum.multidim_run import cube_coverage

    kwargs = dict(eps=[0.05], subset_size=3, trials=32, n_max=30, seed=6, targets=2, chunk_size=8)
    local = fixed_size_coverage("uniform", **kwargs)
    dask = fixed_size_coverage("uniform", executor="dask", threads=2, **kwargs)
    assert local.worst_error.tobytes() == dask.worst_error.tobytes()
    assert local.target_error.tobytes() == dask.target_error.tobytes()
    cube = dict(eps=[0.45], dim=2, trials=16, n_max=18, seed=6, chunk_size=4)
    assert (cube_coverage("uniform", **cube).n_upper.tobytes()
            == cube_coverage("uniform", executor="dask", threads=2, **cube).n_upper.tobytes())
    quantized = dict(trials=16, n_max=10, seed=6, chunk_size=4)
    assert (quantized_coverage(8, **quantized).represented.tobytes()
            == quantized_coverage(8, executor="dask", threads=2, **quantized).represented.tobytes())
