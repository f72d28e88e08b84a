"""Coverage Monte Carlo: determinism, agreement with brute force, statistics, the store, the memory guard, Dask."""

import json

import numpy as np
import pytest
from rss_oracle import worst_errors_brute
from scipy.stats import fisher_exact

from verify.errors import InvalidInput
from verify.subsetsum import montecarlo as cover
from verify.subsetsum.montecarlo import coverage
from verify.subsetsum.paths import sample_paths
from verify.subsetsum.worst_error import worst_errors


def test_same_bytes_for_any_thread_count_and_chunk_size():
    runs = [coverage("uniform", [1e-3, 1e-2], trials=300, n_max=26, seed=11, threads=t, chunk_size=c)
            for t, c in [(1, 300), (1, 7), (2, 1), (2, 64), (2, None)]]
    reference = runs[0].worst_error.tobytes()
    assert all(run.worst_error.tobytes() == reference for run in runs)


def test_run_equals_the_exact_worst_errors_of_its_own_paths():
    result = coverage("gaussian", [1e-3], trials=50, n_max=20, seed=3, eps_max=0.1)
    paths = sample_paths("gaussian", 50, 20, seed=3)
    np.testing.assert_array_equal(result.worst_error, worst_errors(paths, 1e-3, eps_max=0.1))


def test_n_star_and_p_cover_match_brute_force_on_small_paths():
    result = coverage("uniform", [0.05], trials=120, n_max=11, seed=5)
    paths = sample_paths("uniform", 120, 11, seed=5)
    truth = np.array([worst_errors_brute(path, -1.0, 1.0) for path in paths])
    covered = truth <= 0.05
    n_star = np.where(covered.any(axis=1), covered.argmax(axis=1) + 1, 12)
    np.testing.assert_array_equal(result.n_star(0.05), n_star)
    np.testing.assert_array_equal(result.covered_counts(0.05), covered.sum(axis=0))


def test_estimates_agree_with_an_independent_brute_force_monte_carlo():
    """Two independent samples of P_10(0.05): the engine's and brute force's; Fisher's exact test at α = 1e-6."""
    trials, n, eps = 1500, 10, 0.05
    engine = coverage("uniform", [eps], trials=trials, n_max=n, seed=101).covered_counts(eps)[-1]
    rng = np.random.default_rng(2024)
    brute = sum(worst_errors_brute(rng.uniform(-1, 1, n), -1.0, 1.0)[-1] <= eps for _ in range(trials))
    assert 0 < engine < trials and 0 < brute < trials  # the test is informative
    p_value = fisher_exact([[engine, trials - engine], [brute, trials - brute]]).pvalue
    assert p_value > 1e-6


def test_required_count_bracket_is_ordered_and_respects_the_counting_floor(slth):
    result = coverage("uniform", [1e-3], trials=400, n_max=30, seed=1)
    bracket = result.required(1e-3, delta=0.05)
    assert bracket.lo is not None and bracket.hi is not None
    assert bracket.lo <= bracket.hi
    # No sample beats the counting floor (bounds id counting.rss_samples), checked through the pytest plugin.
    slth.assert_bound("counting.rss_samples", slth.required_count(result, eps=1e-3, delta=0.05),
                      at={"eps": 1e-3, "L": 2})
    # The empirical P_n at the bracket ends straddles 1 - delta as it must.
    p = result.p_cover(1e-3)
    assert p[bracket.hi - 1] >= 0.95 - 1e-12


def test_json_follows_the_contract():
    result = coverage("uniform", [1e-2, 1e-3], trials=40, n_max=18, seed=2)
    doc = result.to_json(delta=0.1, per_trial=True)
    assert {"law", "interval", "trials", "n_max", "seed", "results"} <= set(doc)
    assert doc["law"] == "uniform" and doc["interval"] == [-1.0, 1.0] and doc["n_max"] == 18
    entry = doc["results"][1]
    assert entry["eps"] == 1e-3 and entry["n"] == list(range(1, 19))
    assert len(entry["p_cover"]) == 18 and len(entry["p_cover_ci"]) == 18
    assert set(entry["n_required"]) >= {"delta", "bracket"} and entry["n_required"]["delta"] == 0.1
    assert entry["n_star_mean_uncovered_as"] == 19
    per_trial = entry["n_star_per_trial"]
    as_numbers = [19 if v is None else v for v in per_trial]
    assert entry["n_star_mean"] == pytest.approx(np.mean(as_numbers))
    json.dumps(doc, allow_nan=False)


def test_eps_outside_the_resolved_range_is_refused():
    result = coverage("uniform", [1e-2], trials=5, n_max=10)
    with pytest.raises(InvalidInput, match="resolved range"):
        result.p_cover(1e-3)


# -- the results store --------------------------------------------------------------------------------------------

def _run(out, **kw):
    args = dict(trials=90, n_max=22, seed=4, chunk_size=10, threads=2, out=out)
    args.update(kw)
    return coverage("uniform", [1e-3], **args)


def test_rerun_reuses_finished_chunks_and_recomputes_missing_ones(tmp_path, monkeypatch):
    reference = _run(None)
    first = _run(tmp_path / "run")
    assert first.worst_error.tobytes() == reference.worst_error.tobytes()
    chunks = sorted((tmp_path / "run").glob("chunk-*.npz"))
    assert len(chunks) == 9
    for path in chunks[2:5]:
        path.unlink()
    computed = []
    original = cover.compute_chunk
    monkeypatch.setattr(cover, "compute_chunk",
                        lambda spec, s, e, **plan: computed.append((s, e)) or original(spec, s, e, **plan))
    again = _run(tmp_path / "run")
    assert sorted(computed) == [(20, 30), (30, 40), (40, 50)]
    assert again.worst_error.tobytes() == reference.worst_error.tobytes()


def test_corrupt_and_foreign_files_are_reported_not_used(tmp_path, capsys):
    reference = _run(tmp_path / "run")
    capsys.readouterr()
    damaged = tmp_path / "run" / "chunk-000003.npz"
    damaged.write_bytes(damaged.read_bytes()[:100])  # truncated
    (tmp_path / "run" / "notes.txt").write_text("hello")
    # a chunk file whose array was altered but kept well-formed: the checksum catches it
    tampered = tmp_path / "run" / "chunk-000005.npz"
    with np.load(tampered) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["worst_error"] = arrays["worst_error"] * 0.5
    np.savez(tampered, **arrays)
    again = _run(tmp_path / "run")
    err = capsys.readouterr().err
    assert "chunk-000003.npz is unreadable" in err
    assert "chunk-000005.npz is not usable" in err and "checksum" in err
    assert "foreign file" in err and "notes.txt" in err
    assert again.worst_error.tobytes() == reference.worst_error.tobytes()


def test_a_directory_of_another_run_is_refused_and_left_untouched(tmp_path):
    _run(tmp_path / "run")
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "run").iterdir()}
    with pytest.raises(InvalidInput, match="different run.*seed"):
        _run(tmp_path / "run", seed=5)
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "run").iterdir()} == before


def test_memory_guard_refuses_before_writing_anything(tmp_path):
    with pytest.raises(InvalidInput, match=r"would need .* of memory.*above the memory limit"):
        coverage("uniform", [1e-6], trials=10, n_max=40, memory_limit=10_000_000, out=tmp_path / "run")
    assert not (tmp_path / "run").exists()


def test_memory_estimate_bounds_the_measured_peak():
    result = coverage("uniform", [1e-5], trials=30, n_max=30, seed=0, threads=1)
    assert result.reserved_bytes >= 32 * int(result.peak_intervals.max())


@pytest.mark.parametrize("kwargs, message", [
    (dict(trials=0), "trials"), (dict(n_max=0), "n_max"), (dict(seed=-1), "seed"), (dict(chunk_size=0), "chunk"),
    (dict(threads=0), "threads"), (dict(executor="mpi"), "executor"), (dict(interval=(1, 1)), "interval"),
    (dict(eps_max=1e-5), "eps_max"),
])
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        coverage("uniform", [1e-3], **{"trials": 5, "n_max": 5, **kwargs})


def test_dask_local_cluster_gives_identical_bytes():
    pytest.importorskip("distributed")
    local = coverage("product", [1e-3], trials=64, n_max=24, seed=9, chunk_size=16)
    dask = coverage("product", [1e-3], trials=64, n_max=24, seed=9, chunk_size=16, executor="dask", threads=2)
    assert dask.worst_error.tobytes() == local.worst_error.tobytes()
