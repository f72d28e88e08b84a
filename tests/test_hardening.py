"""Issue 15's defect classes, one section each: every case the hostile run found, and the shared mechanism behind
its fix, with oracles that do not come from the code under test (closed forms, fresh runs, brute force).

The property-based sweep over every subcommand is ``tests/cli/test_fuzz.py``; these are the named cases.
"""

from __future__ import annotations

import json
import math
import shutil
import tracemalloc
import types

import numpy as np
import pytest
from cli_runner import run_cli
from crafted import RSS_STORE_ARGV, RSS_STORE_RUN, make_inputs, make_stores
from hypothesis import given
from hypothesis import strategies as st

from verify import memory
from verify.errors import InvalidInput


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return make_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    return make_stores(tmp_path_factory.mktemp("stores"))


def refused(argv, capsys, *fragments):
    """Run ``slth argv``: exit status 2, one line on stderr, no traceback, every fragment in the line."""
    status, out, err = run_cli([str(a) for a in argv], capsys)
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("slth: warning:")]
    assert status == 2, (argv, status, err)
    assert len(lines) == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def _fresh_rss_json(capsys, *extra):
    status, out, _ = run_cli(RSS_STORE_ARGV + list(extra), capsys)
    assert status == 0
    document = json.loads(out)
    document.pop("seconds")
    return document


# ---------------------------------------------------------------------- 1. non-finite intermediates are refused
@pytest.mark.parametrize("argv, fragment", [
    (["--eps", "1e308"], "the largest window"),
    (["--eps", "5e-324"], "the interval-count ratio window / (2*eps) is inf"),
    (["--eps", "1e-3", "--eps-max", "1e308"], "the largest window"),
    (["--eps", "1e-3", "--interval=-1e308,1e308"], "interval [-1e+308, 1e+308]"),
    (["--eps", "1e-3", "--law", "uniform:low=-1e308,high=1e308"], "the range high - low is inf"),
    (["--eps", "1e-3", "--law", "gaussian:sigma=1e308"], "the largest sample sigma * 8.29 is inf"),
    (["--eps", "1e-3", "--law", "hyperbolic:alpha=1e-300,beta=1e300"], "the ratio beta / alpha is inf"),
])
def test_non_finite_intermediates_are_refused(argv, fragment, capsys):
    refused(["rss", "--trials", "8", "--n-max", "16", *argv], capsys, fragment, "beyond the float64 range")


def test_gaussian_law_is_bounded_on_numpys_grid():
    """numpy draws U[0, 1) on the grid k/2^53: the law's two extreme grid points give finite samples within its
    stated max_abs (the last point used to give ndtri(1) = inf), and interior draws are unchanged."""
    from scipy.special import ndtri

    from verify.subsetsum.laws import get_law

    law = get_law("gaussian", sigma=2.0)
    u = np.array([[0.0], [1.0 - 2.0**-53], [0.5], [0.25]])
    x = law.transform(u)
    assert np.all(np.isfinite(x)) and np.all(np.abs(x) <= law.max_abs())
    assert x[2] == 0.0 and x[3] == 2.0 * ndtri(0.25 + 2.0**-54)  # interior points: the old transform exactly
    assert law.max_abs() == pytest.approx(2.0 * 8.2923610758, rel=1e-9)


def test_check_derived_names_the_inputs():
    from verify.validate import check_derived

    assert check_derived("a - b", lambda: 1.0 - 2.0, "a=1, b=2") == -1.0
    with pytest.raises(InvalidInput, match=r"a=1e\+308: 2a is inf"):
        check_derived("2a", lambda: 2 * 1e308, "a=1e+308")
    with pytest.raises(InvalidInput, match="n·x is inf"):
        check_derived("n·x", lambda: 10**400 * 1.0, "n=10^400")  # the OverflowError of the arithmetic itself


# --------------------------------------------------------------------- 2. sizes are bounded before allocation
def test_rss_guard_draws_no_path_before_refusing(monkeypatch, capsys):
    """The estimate is closed-form: refusing 10⁹ trials or a path length of 10⁸ draws no sample path at all."""
    import verify.subsetsum.paths as paths

    def fail(*args, **kwargs):
        raise AssertionError("a sample path was drawn before the memory guard decided")

    monkeypatch.setattr(paths, "sample_paths", fail)
    refused(["rss", "--eps", "0.2", "--trials", "1000000000"], capsys, "would need", "result arrays")
    refused(["rss", "--eps", "1e-3", "--n-max", "100000000", "--trials", "8"], capsys, "would need",
            "chunk working set")


@given(st.integers(1, 24), st.floats(1e-4, 0.3), st.floats(0.0, 0.5), st.floats(0.1, 2.0), st.integers(0, 2**32))
def test_closed_form_capacity_bounds_the_per_path_one(n, eps, extra_reach, max_abs, seed):
    """interval_capacity_bound (no data) >= interval_capacity (the data's own bound) for paths with |X| <= M."""
    from verify.subsetsum.worst_error import interval_capacity, interval_capacity_bound

    rng = np.random.default_rng(seed)
    samples = rng.uniform(-max_abs, max_abs, (16, n))
    samples[0] = max_abs  # the extreme path
    a, b, reach = -1.0, 1.0, eps + extra_reach
    assert interval_capacity_bound(n, a, b, eps, reach, max_abs) >= interval_capacity(samples, n, a, b, eps,
                                                                                       reach).max()


def test_rss_estimate_bounds_the_traced_peak():
    """tracemalloc (numpy reports its allocations to it) sees no more than the guard's estimate."""
    from verify.subsetsum.montecarlo import coverage

    tracemalloc.start()
    try:
        result = coverage("uniform", [1e-3], trials=3000, n_max=24, seed=0, threads=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= result.reserved_bytes, (peak, result.reserved_bytes)


@pytest.mark.parametrize("argv, fragment", [
    (["train", "--data", "circle", "--arch", "2,300000000,4"], "a network of widths 2-300000000-4 would need"),
    (["ticket", "--widths", "6,8,4", "--eps", "0.01", "--hidden", "600000,8000000"], "exact solver handles at most"),
    (["ticket", "--widths", "6,8,4", "--eps", "0.01", "--samples", "100000000000"], "empirical search"),
    (["ticket", "--widths", "6,8,4", "--eps", "0.01", "--c", "1e300"], "exact solver handles at most"),
    (["ticket", "--widths", "100000,100000", "--eps", "0.01"], "a random target of widths"),
    (["approx", "--hidden", "100000000"], "a network of widths 64-100000000-10 would need"),
    (["plant", "ticket", "--task", "circle", "--width", "1000000000"], "would need"),
    (["plant", "run", "--task", "circle", "--pruner", "snip", "--reps", "1000000000000"], "a grid of"),
    (["train", "--data", "circle", "--arch", "2,4,4", "--epochs", "1000000000000", "--eval-every", "1"],
     "evaluation records"),
])
def test_user_sizes_are_refused_before_allocation(argv, fragment, capsys):
    tracemalloc.start()
    try:
        refused(argv, capsys, fragment)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 256 * 2**20


@pytest.mark.parametrize("name, fragment", [
    ("samples_bigheader.npy", "would need 7.28 TiB"),
])
def test_declared_npy_shapes_are_checked_before_reading(inputs, name, fragment, capsys):
    refused(["rss", "--samples", inputs[name], "--eps", "0.1"], capsys, fragment, "(1000000000, 1000)")


@pytest.mark.parametrize("name, fragment", [
    ("ticket_samples_1e12.npz", "1,000,000,000,000 samples"),     # a number in the file drives no allocation
    ("ticket_restarts_1e11.npz", "restarts 100000000000 must be at most"),
    ("ticket_lying_header.npz", "is damaged: the archive says"),   # the zip's size and the header disagree
    ("ticket_bad_header.npz", "member 'mask_M1'"),                  # a corrupt .npy header (tokenizer error)
    ("ticket_corrupt.npz", "ticket file"),
    ("ticket_truncated.npz", "damaged or not an .npz archive"),
    ("ticket_nan.npz", "NaN or infinite"),
])
def test_ticket_files_are_checked_before_use(inputs, name, fragment, capsys):
    refused(["ticket", "check", inputs[name]], capsys, fragment)


def test_a_compressed_bomb_is_refused_from_its_declared_size(inputs, capsys, monkeypatch):
    """64 MiB of zeros in a 64 KiB member: with a 32 MiB limit it is refused before a byte is inflated."""
    monkeypatch.setenv("SLTH_MEMORY_LIMIT", "32MiB")
    tracemalloc.start()
    try:
        refused(["ticket", "--target", inputs["bomb.npz"], "--eps", "0.1"], capsys, "would need", "64 MiB")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20


# --------------------------------------------------------------------------- 3. JSON of the wrong shape
@pytest.mark.parametrize("store, fragment", [
    ("store_manifest_list", "is a list, expected an object"),
    ("store_manifest_string", "is a string, expected an object"),
    ("store_manifest_types", "['identity'] is a list, expected an object"),
    ("store_manifest_nan", "not strict JSON (NaN is not a JSON number)"),
    ("store_manifest_edited", "has been edited"),
    ("store_manifest_binary", "is not UTF-8 text"),
])
def test_a_bad_manifest_is_refused_in_one_line(stores, store, fragment, capsys, tmp_path):
    copy = shutil.copytree(stores[store], tmp_path / "store")
    before = sorted(p.name for p in copy.iterdir())
    refused(RSS_STORE_ARGV + ["--out", copy], capsys, fragment)
    assert sorted(p.name for p in copy.iterdir()) == before


@pytest.mark.parametrize("store, warning", [
    ("store_header_list", "its header is a list, expected an object"),
    ("store_header_null", "its header is null"),
    ("store_header_number", "its header is an integer"),
    ("store_corrupt_chunk", "chunk-000002.npz is unreadable"),
])
def test_a_bad_chunk_header_is_reported_and_recomputed(stores, store, warning, capsys, tmp_path):
    fresh = _fresh_rss_json(capsys)
    copy = shutil.copytree(stores[store], tmp_path / "store")
    status, out, err = run_cli(RSS_STORE_ARGV + ["--out", str(copy)], capsys)
    assert status == 0 and warning in err and "recomputing it" in err
    document = json.loads(out)
    document.pop("seconds")
    assert document == fresh


def test_schema_checker_reports_where():
    from verify.schema import SHA256, ListOf, SchemaError, parse_json, problem

    schema = {"a": ListOf(int), "b": {"c": SHA256}}
    assert problem({"a": [1, 2], "b": {"c": "0" * 64}}, schema) is None
    assert problem({"a": [1, True]}, schema) == "the document['a'][1] is a boolean, expected an integer"
    assert problem({"a": [], "b": {"c": "x"}}, schema).startswith("the document['b']['c'] is 'x'")
    with pytest.raises(SchemaError, match="appears twice"):
        parse_json('{"a": 1, "a": 2}')
    with pytest.raises(SchemaError, match="Infinity is not a JSON number"):
        parse_json('{"a": Infinity}')


# -------------------------------------------------------------------------------- 4. forged chunks are caught
@pytest.mark.parametrize("store, warning", [
    ("store_forged_rows", "array 'worst_error' has shape (6, 8)"),
    ("store_missing_array", "missing: peak_intervals"),
    ("store_wrong_dtype", "dtype <f4"),
    ("store_edited_number", "fails its checksum"),
    ("store_swapped", "holds chunk 2, not chunk 1 (a renamed or swapped file)"),
])
def test_forged_chunks_are_recomputed_and_the_numbers_are_the_fresh_ones(stores, store, warning, capsys, tmp_path):
    fresh = _fresh_rss_json(capsys)
    assert fresh["trials"] == RSS_STORE_RUN["trials"]
    copy = shutil.copytree(stores[store], tmp_path / "store")
    status, out, err = run_cli(RSS_STORE_ARGV + ["--out", str(copy)], capsys)
    assert status == 0 and warning in err, err
    document = json.loads(out)
    document.pop("seconds")
    assert document == fresh


# -------------------------------------------------------------------- 5. the figures cache is checked, not trusted
def _fake_figure(calls: list):
    def compute(params, store, progress=True):
        calls.append(params)
        return {"values": [1.5, 2.5], "count": 2}

    return types.SimpleNamespace(NAME="fake_figure", TITLE="a fake figure", VERSION=1,
                                 PROFILES={"mini": {"n": 2}}, compute=compute,
                                 facts=lambda data, params: {"total": {"value": sum(data["values"]),
                                                                       "description": "sum"}})


@pytest.mark.parametrize("edit, warning", [
    (lambda d: d["data"]["values"].__setitem__(0, 9.5), "fails its checksum"),
    (lambda d: d.clear() or d.update({"x": 1}), "has no 'figure'"),
    (lambda d: d.pop("data"), "has no 'data'"),
    (lambda d: d.__setitem__("data", [1, 2]), "['data'] is a list, expected an object"),
    (lambda d: d.__setitem__("profile", "full"), "['profile'] is 'full', expected 'mini'"),
])
def test_an_edited_figures_cache_is_recomputed_not_redrawn(tmp_path, monkeypatch, capsys, edit, warning):
    from figures import runner

    calls: list = []
    monkeypatch.setattr(runner, "registry", lambda: [_fake_figure(calls)])
    monkeypatch.setattr(runner, "write_results_index", lambda out, profile: None)
    first = runner.build("mini", out=tmp_path, progress=False, draw=False)
    assert first[0].computed and len(calls) == 1
    assert not runner.build("mini", out=tmp_path, progress=False, draw=False)[0].computed  # untouched: cached
    path = runner.results_path(tmp_path, "mini", "fake_figure")
    document = json.loads(path.read_text())
    edit(document)
    path.write_text(json.dumps(document))
    again = runner.build("mini", out=tmp_path, progress=False, draw=False)
    assert again[0].computed and len(calls) == 2 and warning in capsys.readouterr().err
    assert runner.load_results(tmp_path, "mini", "fake_figure")["data"] == {"values": [1.5, 2.5], "count": 2}


def test_a_figures_cache_that_is_not_json_is_recomputed(tmp_path, monkeypatch, capsys):
    from figures import runner

    calls: list = []
    monkeypatch.setattr(runner, "registry", lambda: [_fake_figure(calls)])
    monkeypatch.setattr(runner, "write_results_index", lambda out, profile: None)
    runner.build("mini", out=tmp_path, progress=False, draw=False)
    runner.results_path(tmp_path, "mini", "fake_figure").write_text("[]")
    assert runner.build("mini", out=tmp_path, progress=False, draw=False)[0].computed and len(calls) == 2


# ----------------------------------------------------------------------------------- 6. corrupt compressed files
def test_corrupt_compressed_files_are_one_line(inputs, capsys):
    refused(["ticket", "check", inputs["ticket_bad_header.npz"]], capsys, "not a readable .npy array")
    for name, fragment in (("mnist_gz_corrupt", "IDX file"), ("mnist_gz_bomb", "would need")):
        refused(["train", "--data", "mnist", "--mnist", inputs[name], "--epochs", "1"], capsys, fragment)


def test_gzipped_and_plain_mnist_read_the_same(inputs):
    from verify.data.mnist import load_mnist

    plain, gz = load_mnist(inputs["mnist_dir"]), load_mnist(inputs["mnist_gz"])
    assert plain.info["sha256"] == gz.info["sha256"] and np.array_equal(plain.train.x, gz.train.x)


# ------------------------------------------------------------------------------------------- 7. the scheduler
@pytest.mark.parametrize("address", ["not an address", "tcp://", "host:0", "host:70000", "", "a b:1"])
def test_a_scheduler_that_is_not_an_address_is_refused(address, capsys):
    pytest.importorskip("distributed")
    refused(["rss", "--eps", "0.1", "--trials", "3", "--executor", "dask", "--scheduler", address], capsys,
            "--scheduler")


# ------------------------------------------------------------------------------------------------ 8. NaN data
def test_nan_data_is_refused(inputs, capsys):
    refused(["train", "--data", "mnist", "--mnist", inputs["mnist_nan.npz"], "--epochs", "1"], capsys,
            "NaN or infinite pixels")
    refused(["lth", "run", "--data", "mnist", "--mnist", inputs["mnist_nan.npz"], "--rounds", "0", "--trials", "1",
             "--iterations", "10", "--eval-every", "10"], capsys, "NaN or infinite pixels")
    refused(["rss", "--samples", inputs["samples_nan.npy"], "--eps", "0.1"], capsys, "NaN or infinite")
    refused(["ticket", "--target", inputs["target_norm.npz"], "--eps", "0.1"], capsys, "spectral norm")
    from verify.data.base import Split

    with pytest.raises(InvalidInput, match="NaN or infinite"):
        Split(np.array([[0.0, np.nan]]), np.array([1]))


# ------------------------------------------------------------------------------------------ 9. false refusals
def test_bounds_are_evaluated_where_an_intermediate_overflows(capsys):
    """pensia2020.width = C·d_in·log(d_in·d_out·l / min(eps, delta)); in log space at eps = 1e-305 it is
    100·(log(5·10⁴) + 305·log 10) = 71,310.82, although 5·10⁴/10⁻³⁰⁵ overflows float64."""
    status, out, _ = run_cli(["bounds", "eval", "pensia2020.width", "--at",
                              "d_in=100,d_out=100,l=5,eps=1e-305,delta=0.01", "--const", "C=1", "--json"], capsys)
    assert status == 0
    expected = 100 * (math.log(100 * 100 * 5) + 305 * math.log(10))
    assert json.loads(out)["value"] == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(71310.8, abs=0.05)
    refused(["bounds", "eval", "pensia2020.width", "--at", "d_in=1e300,d_out=1e300,l=5,eps=1e-305,delta=0.01",
             "--const", "C=1e300"], capsys, "exceeds the float64 range")


# ------------------------------------------------------------------------------------ 10. bad input accepted
@pytest.mark.parametrize("argv, fragment", [
    (["figures", "--only", "", "--profile", "mini"], "an entry is empty"),
    (["rss", "--eps", "0.1", "--law", ""], "law '' is empty"),
    (["rss", "--eps", "0.1", "--law", "uniform:"], "nothing after ':'"),
    (["rss", "--eps", "0.1", "--law", "gaussian:sigma=1,sigma=2"], "'sigma' is given twice"),
    (["rss", "--eps", "0.1", "--eps", "0.05"], "--eps is given twice"),
    (["rss", "--eps", "0.1,0.1"], "lists a value twice"),
    (["ticket", "--widths", "6,8,4", "--eps", "0.01", "--json", "--json"], "--json is given twice"),
    (["bench", "approx", "--laws", "per-row,per-row"], "lists 'per-row' twice"),
    (["plant", "run", "--task", "circle", "--pruner", "snip,snip"], "lists 'snip' twice"),
    (["claims", "judge", ".", "--only", ""], "an entry is empty"),
    (["ticket", "--widths", "6,8,4", "--eps", "0.01", "--restarts", "100000000000"], "restarts 100000000000 must"),
])
def test_bad_input_is_no_longer_accepted(argv, fragment, capsys):
    refused(argv, capsys, fragment)


# ------------------------------------------------------------------------------------ 11. wrong messages
@pytest.mark.parametrize("argv, fragment", [
    (["ticket", "--target", "{dir}", "--eps", "0.01"], "is a directory; give a file"),
    (["ticket", "--target", "{dir}/text.txt", "--eps", "0.01"], "is not an .npz archive"),
    (["rss", "--samples", "", "--eps", "0.1"], "samples file is empty"),
    (["rss", "--samples", "{dir}/text.txt", "--eps", "0.1"], "is not a .npy file"),
    (["rss", "--eps", "-inf"], "eps -inf is not allowed"),
    (["rss", "--eps", "0.1", "--memory-limit", "1KB"], "above the memory limit of 1000 B"),
])
def test_messages_say_what_is_wrong(inputs, argv, fragment, capsys):
    directory = inputs["text.txt"].parent
    line = refused([a.format(dir=directory) for a in argv], capsys, fragment)
    assert "0.00 GiB" not in line


def test_bare_slth_prints_one_short_line(capsys):
    status, out, err = run_cli([], capsys)
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1 and len(err) < 200


def test_format_bytes_never_rounds_to_zero():
    assert memory.format_bytes(1000) == "1000 B"
    assert memory.format_bytes(1536) == "1.5 KiB"
    assert memory.format_bytes(3.26 * 2**30) == "3.26 GiB"
    assert memory.format_bytes(math.inf) == "more than any machine has"


# ------------------------------------------------------------------------------------------ 12. the guard
def test_result_arrays_count(capsys):
    refused(["rss", "--eps", "0.2", "--trials", "5000000", "--memory-limit", "1GB"], capsys,
            "result arrays (5,000,000 trials × 40 prefixes)")


def test_a_limit_above_physical_memory_is_refused(monkeypatch, capsys):
    monkeypatch.setattr(memory, "physical_memory", lambda: 24 * 2**30)
    refused(["rss", "--eps", "0.1", "--memory-limit", "200GB"], capsys, "above this machine's physical memory (24 GiB)")
    monkeypatch.setenv("SLTH_MEMORY_LIMIT", "200GB")
    refused(["rss", "--eps", "0.1"], capsys, "SLTH_MEMORY_LIMIT 186 GiB is above")


def test_a_crash_after_out_leaves_no_store(tmp_path, monkeypatch):
    import verify.subsetsum.montecarlo as montecarlo

    def crash(spec, start, stop, **plan):
        raise RuntimeError("simulated crash in the first chunk")

    monkeypatch.setattr(montecarlo, "compute_chunk", crash)
    with pytest.raises(RuntimeError, match="simulated"):
        montecarlo.coverage("uniform", [0.1], trials=8, n_max=4, out=tmp_path / "run", threads=1)
    assert not (tmp_path / "run").exists()
