"""Independent re-verification of a ticket file (``slth ticket check``): trust none of its claims.

From the matrices and masks alone, :func:`check_ticket_file` recomputes every per-weight error, the certified bound
on sup_{‖x‖≤1} ‖f(x) − g(x)‖₂ and the empirical sup, and says whether the file meets the ε it claims.  Files of
schema version 1 (Pensia et al.'s pairs, :mod:`verify.tickets.ticketfile`) and version 2 (every construction,
:mod:`verify.tickets.schema`) are both read; version 2 is re-verified by :func:`check_layered_file`.
"""

from __future__ import annotations

import math

import numpy as np

from verify.tickets.construction import assess_ticket, pensia_hidden_widths
from verify.tickets.ticketfile import load_ticket_file, read_ticket_arrays

CLAIM_RELATIVE_TOLERANCE = 1e-9  # a stored certified bound must match the recomputed one to this relative precision


def check_ticket_file(path) -> dict:
    """Re-verify a ticket file from its matrices and masks alone.  Returns the report of ``slth ticket check``.

    ``ok`` is true when the recomputed certified bound is at most the ε the file claims, the claimed certified
    bound matches the recomputed one (relative 1e-9), the recomputed empirical sup does not exceed the certified
    bound, and, when the file names a constant C, its hidden widths are the ones C gives.
    """
    arrays = read_ticket_arrays(path)
    if "version" in arrays and arrays["version"].shape == () and np.issubdtype(arrays["version"].dtype, np.integer) \
            and int(arrays["version"]) == 2:
        return check_layered_file(path, arrays)
    target, random, masks, meta = load_ticket_file(path)
    c = None if math.isnan(meta["c"]) else meta["c"]
    ticket = assess_ticket(target, random, masks, eps=meta["eps"], delta=meta["delta"], c=c, seed=meta["seed"],
                           samples=meta["empirical_samples"], restarts=meta["empirical_restarts"])
    claimed = meta["sup_error_certified"]
    problems = _error_problems(ticket, meta["eps"], claimed)
    if c is not None:
        expected = pensia_hidden_widths(ticket.dims, meta["eps"], meta["delta"], c)
        if expected != ticket.hidden_widths:
            problems.append(f"hidden widths {ticket.hidden_widths} are not the widths {expected} that C = {c:g} gives")
    report = ticket.summary()
    report.update({
        "file": str(path),
        "ok": not problems,
        "problems": problems,
        "sup_error_certified_claimed": claimed,
        "sup_error_empirical_claimed": meta["sup_error_empirical"],
    })
    return report


def check_layered_file(path, arrays=None) -> dict:
    """Re-verify a schema-2 ticket file: the certified bound of its construction and the empirical sup, recomputed
    from its layers and masks alone (:func:`verify.tickets.general.assess`); ``ok`` as for version 1."""
    from verify.tickets.general import assess
    from verify.tickets.schema import load

    parts = load(path, arrays)
    ticket = assess(parts["construction"], parts["target"], parts["random"], parts["masks"], eps=parts["eps"],
                    delta=parts["delta"], seed=parts["seed"], parameters=parts["parameters"], law=parts["law"],
                    samples=parts["empirical_samples"], restarts=parts["empirical_restarts"],
                    input_shape=parts["input_shape"])
    claimed = parts["sup_error_certified"]
    problems = _error_problems(ticket, parts["eps"], claimed)
    report = ticket.summary()
    report.update({"file": str(path), "ok": not problems, "problems": problems,
                   "sup_error_certified_claimed": claimed,
                   "sup_error_empirical_claimed": parts["sup_error_empirical"]})
    return report


def _error_problems(ticket, eps: float, claimed: float) -> list[str]:
    """What a re-verified ticket of either schema may get wrong about its errors: a certified sup error above the
    ε it claims, a claimed certificate that differs from the recomputed one, an empirical sup above the certificate."""
    certified = ticket.sup_error_certified
    problems = []
    if not certified <= eps:
        problems.append(f"certified sup error {certified:.6g} exceeds the claimed eps {eps:.6g}")
    if not abs(claimed - certified) <= CLAIM_RELATIVE_TOLERANCE * max(certified, 1e-300):
        problems.append(f"claimed certified sup error {claimed:.17g} differs from the recomputed {certified:.17g}")
    if ticket.sup_error_empirical > certified:
        problems.append(f"empirical sup error {ticket.sup_error_empirical:.6g} exceeds the certified bound "
                        f"{certified:.6g}: the bound is wrong")
    return problems
