"""The predicted interval count against the counts paths really reach, and the growing buffers against the engine
with guaranteed buffers: the prediction may be off, the numbers never."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.errors import InvalidInput
from verify.subsetsum import montecarlo
from verify.subsetsum.interval_count import Moments, predicted_peak
from verify.subsetsum.laws import parse_law
from verify.subsetsum.paths import sample_paths
from verify.subsetsum.worst_error import (
    BufferLimitExceeded,
    IntervalBuffers,
    first_pass_horizon,
    interval_capacity,
    worst_errors_of,
)


@pytest.mark.parametrize("label, mean, second, positive", [
    ("uniform", 0.0, 1 / 3, 1 / 4),
    ("uniform:low=0,high=2", 1.0, 4 / 3, 1.0),
    ("gaussian:sigma=0.5", 0.0, 0.25, 0.5 / math.sqrt(2 * math.pi)),
    ("pensia-mixture", 0.0, 0.5 * (1 / 3) * (1 / 3), 0.5 * 0.5 * 0.5 * 0.5),  # ½ · E[U²]E[V²], ½ · E[U] E[V⁺]
])
def test_law_moments_match_their_closed_forms(label, mean, second, positive):
    moments = Moments.of_law(parse_law(label))
    assert moments.mean == pytest.approx(mean, abs=2e-3)
    assert moments.second == pytest.approx(second, rel=2e-3)
    assert moments.positive == pytest.approx(positive, rel=2e-3)
    assert moments.positive - moments.negative == pytest.approx(moments.mean, abs=1e-12)
    sparse = Moments.of_law(parse_law(label), keep=0.25)
    assert sparse.second == pytest.approx(0.25 * moments.second)


@pytest.mark.parametrize("label, eps", [
    ("uniform", 1e-3), ("uniform", 1e-4), ("gaussian", 1e-4), ("product", 1e-4), ("hyperbolic", 1e-4),
    ("pensia-mixture", 1e-4), ("gaussian:sigma=0.3", 1e-4),
])
def test_the_prediction_is_within_a_factor_two_of_the_largest_peak(label, eps):
    """On fresh paths (a seed the calibration in the module docstring did not use), the prediction lies within a
    factor 2 of the largest peak of 200 paths: the memory guard's estimate is that close."""
    law = parse_law(label)
    paths = sample_paths(law, 200, 40, seed=2024)
    _, peaks = worst_errors_of(paths, -1.0, 1.0, eps, eps)
    horizon = first_pass_horizon(40, eps, -1.0, 1.0, eps)
    predicted = predicted_peak(Moments.of_law(law), horizon, -1.0, 1.0, eps, eps)
    assert 0.5 <= predicted / peaks.max() <= 2.0, (predicted, int(peaks.max()))


def test_the_prediction_declines_where_the_heuristic_does_not_apply():
    assert predicted_peak(Moments(0.0, 0.0, 0.0, 0.0), 20, -1.0, 1.0, 1e-3, 1e-3) is None  # X = 0 always
    assert predicted_peak(Moments(0.0, math.inf, math.inf, math.inf), 20, -1.0, 1.0, 1e-3, 1e-3) is None


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["uniform", "gaussian", "pensia-mixture", "product"]), st.integers(0, 2**31),
       st.integers(3, 400), st.sampled_from([1e-2, 3e-3, 1e-3]))
def test_growing_buffers_give_the_same_numbers_as_guaranteed_ones(label, seed, initial, eps):
    """Buffers that start far too small grow path by path; every r_m and peak is the same, bit for bit."""
    paths = sample_paths(parse_law(label), 12, 24, seed=seed)
    reference, reference_peaks = worst_errors_of(paths, -1.0, 1.0, eps, 2 * eps)
    buffers = IntervalBuffers()
    got, peaks = worst_errors_of(paths, -1.0, 1.0, eps, 2 * eps, buffers, initial_capacity=initial)
    assert got.tobytes() == reference.tobytes()
    assert np.array_equal(peaks, reference_peaks)
    assert buffers.capacity <= max(initial, 3, int(interval_capacity(paths, 24, -1.0, 1.0, eps, 2 * eps).max()))


def test_buffers_never_grow_beyond_their_limit():
    paths = sample_paths(parse_law("uniform"), 4, 24, seed=1)
    _, peaks = worst_errors_of(paths, -1.0, 1.0, 1e-3, 1e-3)
    buffers = IntervalBuffers(limit=int(peaks.max()) // 2)
    with pytest.raises(BufferLimitExceeded) as refused:
        worst_errors_of(paths, -1.0, 1.0, 1e-3, 1e-3, buffers, initial_capacity=8)
    assert buffers.capacity <= buffers.limit < refused.value.needed


def test_a_run_whose_paths_outgrow_the_memory_limit_stops_with_one_line_and_resumes(tmp_path, monkeypatch):
    """Start the buffers at a hundredth of the prediction and give the run just what the guard reserves: a path
    outgrows its worker's share, the run stops with InvalidInput, its finished chunks stay in the store, and a
    rerun with room resumes to the same bytes as an unhindered run."""
    kwargs = dict(trials=64, n_max=30, seed=3, threads=1, chunk_size=8)
    reference = montecarlo.coverage("uniform", [1e-4], **kwargs)
    monkeypatch.setattr(montecarlo, "HEADROOM", 0.01)
    spec_parts = montecarlo.memory_estimate(reference.spec, 1, 8)
    tight = int(sum(size for _, size in spec_parts)) + 64 * 32  # the estimate, and room for 64 more intervals
    with pytest.raises(InvalidInput, match=r"eps=0\.0001: a sample path among trials 0-7 needs interval buffers"):
        montecarlo.coverage("uniform", [1e-4], memory_limit=tight, out=tmp_path / "run", **kwargs)
    monkeypatch.setattr(montecarlo, "HEADROOM", 1.5)
    again = montecarlo.coverage("uniform", [1e-4], out=tmp_path / "run", **kwargs)
    assert again.worst_error.tobytes() == reference.worst_error.tobytes()


def test_the_guard_reserves_the_predicted_buffers_not_the_worst_case():
    """At eps = 1e-6 the buffers reserved are 1.5x the predicted peak, a tenth of the guaranteed count."""
    spec = montecarlo.coverage("uniform", [1e-3], trials=1, n_max=40).spec
    spec = type(spec)(**{**spec.__dict__, "eps": (1e-6,), "reach": 1e-6})
    initial, guaranteed = montecarlo.buffer_plan(spec)
    predicted = predicted_peak(Moments.of_law(spec.law), first_pass_horizon(40, 1e-6, -1.0, 1.0, 1e-6), -1.0, 1.0,
                               1e-6, 1e-6)
    assert initial == math.ceil(1.5 * predicted) + 2
    assert guaranteed > 5 * initial


def test_the_cli_reports_a_path_that_outgrows_its_share_in_one_line(monkeypatch, capsys):
    from cli_runner import run_cli

    monkeypatch.setattr(montecarlo, "HEADROOM", 0.01)
    spec = montecarlo.coverage("uniform", [1e-4], trials=8, n_max=30, threads=1).spec
    limit = int(sum(size for _, size in montecarlo.memory_estimate(spec, 1, montecarlo.default_chunk_size(8))))
    status, _, err = run_cli(["rss", "--eps", "1e-4", "--trials", "8", "--n-max", "30", "--threads", "1",
                              "--memory-limit", str(limit + 2048)], capsys)
    lines = [line for line in err.splitlines() if line.strip()]
    assert status == 2 and len(lines) == 1 and "Traceback" not in err, err
    assert "needs interval buffers of" in lines[0] and "raise --memory-limit" in lines[0]


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e300, 1e300), st.floats(0.0, 1e300), st.floats(1e-300, 1e3), st.integers(1, 60))
def test_the_prediction_is_a_positive_count_or_declines_without_a_warning(mean, second, eps, horizon):
    import warnings

    moments = Moments(mean, max(second, mean * mean), max(mean, 0.0), max(-mean, 0.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        predicted = predicted_peak(moments, horizon, -1.0, 1.0, eps, eps)
        from_values = Moments.of_values(np.array([mean, -mean, 1e300, 1e300]))
    assert predicted is None or predicted >= 1
    assert math.isinf(from_values.second)
