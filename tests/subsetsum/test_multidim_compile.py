"""The cube engine's kernels are compiled once each: one type signature per kernel, none of them a literal.

A cold numba cache pays for every signature of every kernel (typing, lowering and an LLVM optimisation of the kernel
with all its callees linked in), so a kernel compiled again for a constant argument (``Literal[int](1)``) or for an
argument type the public functions do not fix costs seconds of ``make test`` and ``make reproduce``.  The signatures
a kernel has are those compiled in this process (``Dispatcher.signatures``) together with those in its on-disk cache
index (numba's own ``FunctionCache`` index of the current source: a kernel loaded from a warm cache is not compiled
in this process, but its index lists every signature any run compiled).
"""

import numpy as np
from numba.core.registry import CPUDispatcher

from verify.subsetsum import multidim
from verify.subsetsum.multidim import brackets_of, cube_brackets
from verify.subsetsum.multidim_run import cube_coverage


def kernels() -> dict:
    return {name: value for name, value in vars(multidim).items() if isinstance(value, CPUDispatcher)}


def signatures(kernel) -> set[str]:
    found = {str(tuple(signature)) for signature in kernel.signatures}
    cache = getattr(kernel, "_cache", None)
    cache_file = getattr(cache, "_cache_file", None)
    if cache_file is not None:
        found |= {str(key[0]) for key in cache_file._load_index()}
    return found


def run_every_public_entry():
    """The public functions on inputs of every kind they accept: int, float32 and list vectors, scalar and list eps,
    integer and numpy-scalar intervals, d = 1, 2, 3 (so every branch of the kernels runs)."""
    rng = np.random.default_rng(5)
    for d in (1, 2, 3):
        cube_brackets(rng.integers(-2, 3, size=(2, 6, d)), 1, interval=(-2, 2), resolution=2)
        cube_brackets(rng.uniform(-1, 1, size=(6, d)).astype(np.float32), [0.7, 0.5],
                      interval=(np.float64(-1.0), np.float32(1.0)), resolution=np.int32(3))
        cube_brackets(rng.uniform(-1, 1, size=(3, 8, d)).tolist(), 0.6, capacity=40)
        brackets_of(rng.uniform(-1, 1, size=(2, 8, d)), np.array([0.6]), -1.0, 1.0, 0.6, 2, 2**12)
        cube_coverage("uniform", eps=[0.6], dim=d, trials=4, n_max=10, seed=1, threads=2, chunk_size=2)


def test_every_kernel_has_one_signature_without_literals():
    run_every_public_entry()
    compiled = {name: signatures(kernel) for name, kernel in kernels().items()}
    assert "_rows" in compiled and compiled["_rows"], "the engine's entry kernel was neither compiled nor loaded"
    for name, found in compiled.items():
        assert len(found) <= 1, f"{name} compiled for {len(found)} signatures: {sorted(found)}"
        assert not any("Literal" in signature for signature in found), f"{name} has a literal signature: {found}"
