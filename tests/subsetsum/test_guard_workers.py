"""Every subset-sum runner's memory guard counts the workers whose buffers this machine holds: all of a local pool or
of a LocalCluster started for the run (``executor="dask"`` without an address), one for a cluster at a scheduler
address (its workers run elsewhere).  Checked on the refusal each guard prints before anything runs."""

import pytest

from verify.errors import InvalidInput
from verify.subsetsum.fixed_size_run import fixed_size_coverage
from verify.subsetsum.integers_run import partition_phase, quantized_coverage
from verify.subsetsum.montecarlo import coverage
from verify.subsetsum.multidim_run import cube_coverage

RUNNERS = {
    "coverage": lambda **kw: coverage("uniform", [1e-4], trials=8, n_max=30, **kw),
    "fixed_size_coverage": lambda **kw: fixed_size_coverage("uniform", [1e-3], subset_size=3, trials=8, n_max=30,
                                                            **kw),
    "cube_coverage": lambda **kw: cube_coverage("uniform", [0.3], dim=2, trials=8, n_max=20, **kw),
    "partition_phase": lambda **kw: partition_phase([12], [0.8], trials=8, **kw),
    "quantized_coverage": lambda **kw: quantized_coverage(2**8, trials=8, n_max=20, **kw),
}
NOWHERE = "tcp://127.0.0.1:1"   # never contacted: the guard refuses first


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.parametrize(("placement", "workers"), [
    ({"executor": "threads"}, 2), ({"executor": "dask"}, 2), ({"executor": "dask", "scheduler": NOWHERE}, 1)])
def test_the_guard_counts_the_workers_on_this_machine(runner, placement, workers):
    with pytest.raises(InvalidInput) as refused:
        RUNNERS[runner](threads=2, memory_limit=2**10, **placement)
    message = str(refused.value)
    assert f"{workers} worker(s)" in message
    assert f"{3 - workers} worker(s)" not in message
