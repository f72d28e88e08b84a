"""The benchmark's traffic replay is the engine: same worst errors and peaks bit for bit, and exact counts on a path
worked by hand."""

import numpy as np

from verify.bench.rss_traffic import copy_bandwidth, interval_traffic
from verify.subsetsum import worst_error as W
from verify.subsetsum.paths import sample_paths


def test_the_replay_gives_the_engines_worst_errors_and_peaks():
    for law, eps, n in (("uniform", 1e-3, 30), ("product", 1e-4, 40), ("pensia-mixture", 1e-2, 12)):
        samples = sample_paths(law, 40, n, 7)
        expected, peaks = W.worst_errors_of(samples, -1.0, 1.0, eps, 2 * eps)
        replay, replay_peaks, read, written = interval_traffic(samples, -1.0, 1.0, eps, 2 * eps)
        assert replay.tobytes() == expected.tobytes() and replay_peaks.tobytes() == peaks.tobytes()
        assert np.all(written >= peaks) and np.all(read >= written // 2)


def test_counts_on_a_path_worked_by_hand():
    # x = (0.6, 0.3), I = [-1, 1], eps = reach = 0.1.  Windows W_1 = [-1.4, 1.1], W_2 = [-1.1, 1.1].
    # Step 1 reads [-0.1, 0.1] and its shift [0.5, 0.7] (2) and writes both (2); step 2 reads those two and their
    # shifts by 0.3 (4) and writes [-0.1, 0.1], [0.2, 0.4], [0.5, 0.7], [0.8, 1.0] (4).  2^2 * 0.2 < 2: never covered.
    _, peaks, read, written = interval_traffic(np.array([[0.6, 0.3]]), -1.0, 1.0, 0.1, 0.1)
    assert peaks.tolist() == [4] and read.tolist() == [6] and written.tolist() == [6]


def test_copy_bandwidth_is_a_positive_rate():
    assert copy_bandwidth(threads=2, megabytes=8, repeats=1) > 1e8
