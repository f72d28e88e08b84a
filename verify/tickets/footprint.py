"""The memory a ticket computation holds at its peak, in closed form in the widths (for the memory guard).

:func:`verify.tickets.construction.build_ticket`, :func:`verify.tickets.construction.random_target` and the
ticket-file readers (:mod:`verify.tickets.ticketfile`, from a file's *declared* shapes) pass these estimates to
:func:`verify.memory.require` before anything of that size is allocated.
"""

from __future__ import annotations

from verify.tickets.sup_error import search_memory

__all__ = ["target_memory", "ticket_memory"]


def target_memory(dims) -> int:
    """Bytes to draw (or check) a target with these widths: each W_i with its Gaussian draw and the workspace of
    its spectral norm (a singular value decomposition), about five d_i × d_{i−1} float64 matrices."""
    return sum(5 * 8 * d_in * d_out for d_in, d_out in zip(dims[:-1], dims[1:]))


def ticket_memory(dims, hidden, samples: int) -> list[tuple[str, int]]:
    """The parts of a ticket's peak memory (:func:`build_ticket`, :func:`assess_ticket`) in closed form.

    With P = Σ n_i (d_{i−1} + d_i) random weights: the random matrices, their uniform draw, the masks (uint8), the
    pruned copies and the masked pair being certified (4·8 + 1 bytes per weight); the exact solver's row chunks
    (about 2^22 coefficients, six float64 arrays of them); the target, Ŵ^± and the per-weight errors; and the
    empirical search (:func:`verify.tickets.sup_error.search_memory`).
    """
    random = sum(n * (d_in + d_out) for n, d_in, d_out in zip(hidden, dims[:-1], dims[1:]))
    target = sum(d_in * d_out for d_in, d_out in zip(dims[:-1], dims[1:]))
    widest = max(list(dims) + list(hidden))
    return [(f"random network ({random:,} weights)", 33 * random),
            ("exact solver chunks", 6 * 8 * (1 << 22)),
            (f"target and approximations ({target:,} weights)", 5 * 8 * target),
            (f"empirical search ({samples:,} samples)", search_memory(dims[0], samples, widest, 4 * len(hidden)))]
