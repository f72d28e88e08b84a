"""The coverage engine's work buffers: 2 MiB-aligned views whose allocations the memory guard counts in full."""

import numpy as np
import pytest

from verify.subsetsum import montecarlo
from verify.subsetsum.worst_error import ALIGNMENT_BYTES, HUGE_PAGE_BYTES, IntervalBuffers, worst_errors_of


def _allocation(view: np.ndarray) -> tuple[int, int]:
    """(start, end) byte addresses of the allocation a buffer view was cut from."""
    raw = view.base if view.base is not None else view
    return raw.ctypes.data, raw.ctypes.data + raw.nbytes


@pytest.mark.parametrize("capacity", [3, 1000, 262_143, 262_144, 262_145, 1_523_707])
def test_every_buffer_starts_on_a_huge_page_and_its_last_frame_lies_inside_its_allocation(capacity):
    buffers = IntervalBuffers()
    arrays = buffers.ensure(capacity)
    assert len(arrays) == 4 and buffers.capacity == capacity
    for array in arrays:
        assert array.dtype == np.float64 and array.shape == (capacity,) and array.flags.c_contiguous
        start, end = array.ctypes.data, array.ctypes.data + array.nbytes
        assert start % HUGE_PAGE_BYTES == 0
        first, last = _allocation(array)
        assert first <= start and -(-end // HUGE_PAGE_BYTES) * HUGE_PAGE_BYTES <= last
        assert last - first - array.nbytes <= ALIGNMENT_BYTES // 4


def test_the_four_buffers_do_not_overlap():
    arrays = IntervalBuffers().ensure(10_000)
    spans = sorted((a.ctypes.data, a.ctypes.data + a.nbytes) for a in arrays)
    assert all(spans[k][1] <= spans[k + 1][0] for k in range(3))


def test_the_memory_estimate_counts_what_the_buffers_allocate():
    """Per worker, the estimate's buffer and alignment parts together cover the four allocations, not only the four
    views (so the guard never approves less than the process holds)."""
    spec = montecarlo.coverage("uniform", [1e-3], trials=1, n_max=40).spec
    for workers in (1, 2):
        parts = montecarlo.memory_estimate(spec, workers, 8)
        labels = [label for label, _ in parts]
        alignment = [size for label, size in parts if "2 MiB alignment" in label]
        assert alignment == [workers * ALIGNMENT_BYTES], labels
        initial, _ = montecarlo.buffer_plan(spec)
        arrays = IntervalBuffers().ensure(initial)
        allocated = sum(last - first for first, last in map(_allocation, arrays))
        assert workers * allocated <= parts[0][1] + alignment[0]


def test_grown_buffers_give_the_bytes_of_unaligned_ones():
    """The layout changes where the intervals live, never a bit of the result: the engine on aligned buffers that
    start small and grow, against plain numpy buffers of the guaranteed size."""

    class Plain(IntervalBuffers):
        def ensure(self, capacity):
            if self.capacity < capacity:
                self.arrays = tuple(np.empty(int(capacity)) for _ in range(4))
            return self.arrays

    samples = np.random.default_rng(5).uniform(-1.0, 1.0, size=(12, 24))
    aligned = worst_errors_of(samples, -1.0, 1.0, 1e-4, 1e-3, IntervalBuffers(), initial_capacity=5)
    plain = worst_errors_of(samples, -1.0, 1.0, 1e-4, 1e-3, Plain())
    assert aligned[0].tobytes() == plain[0].tobytes() and aligned[1].tobytes() == plain[1].tobytes()


def test_the_buffer_line_leads_the_estimate():
    """``coverage`` and ``buffer_limit`` read the buffers' bytes from the estimate's first line."""
    spec = montecarlo.coverage("uniform", [1e-3], trials=1, n_max=40).spec
    initial, _ = montecarlo.buffer_plan(spec)
    for workers in (1, 3):
        label, size = montecarlo.memory_estimate(spec, workers, 8)[0]
        assert label.startswith("interval buffers (") and size == workers * 32 * initial


def test_grown_buffers_replace_the_old_ones_instead_of_joining_them():
    """When a path outgrows the buffers, the old arrays are released before the new ones are allocated, so a growth
    never holds both (the guard approves one set)."""
    import gc
    import weakref

    alive_at_growth = []

    class Watched(IntervalBuffers):
        def ensure(self, capacity):
            if self.capacity < capacity and self.arrays and self.arrays[0].size:
                old = [weakref.ref(a.base) for a in self.arrays]
                self.arrays = tuple(np.empty(0) for _ in range(4))  # this object's own references released
                gc.collect()
                alive_at_growth.append(sum(ref() is not None for ref in old))
            return super().ensure(capacity)

    samples = np.random.default_rng(2).uniform(-1.0, 1.0, size=(6, 24))
    worst_errors_of(samples, -1.0, 1.0, 1e-4, 1e-3, Watched(), initial_capacity=5)
    assert alive_at_growth and alive_at_growth == [0] * len(alive_at_growth)
