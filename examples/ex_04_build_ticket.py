"""
Build and check a strong lottery ticket
=======================================

Pensia et al. (2020) prune a random network of depth 2l into any target of depth l, every weight by an exact
subset sum. :func:`verify.tickets.build_ticket` does it in numpy and certifies the sup error over the unit ball
(a bound proved in :mod:`verify.tickets.sup_error`, never below the error actually observed); saved tickets are
re-verified from the matrices alone by :func:`verify.tickets.check_ticket_file` (``slth ticket check``).
"""

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

from verify.tickets import build_ticket, random_target

target = random_target([6, 8, 4], seed=0)
ticket = build_ticket(target, eps=0.01, delta=0.01, seed=0)
print("certified within eps:", ticket.ok, "hidden widths:", ticket.hidden_widths)
print(f"sup error: certified <= {ticket.sup_error_certified:.3g}, observed >= {ticket.sup_error_empirical:.3g}")
print("random / kept parameters:", ticket.params_random, ticket.params_kept)

# %%
# How the certified error falls with the hidden width (explicit widths, the same target).
widths = [48, 96, 144, 192, 288]
errors = [build_ticket(target, eps=0.01, hidden=[w, 8 * w // 6], seed=0).sup_error_certified for w in widths]
figure, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(widths, errors, "o-")
ax.axhline(0.01, color="grey", ls="--", label="ε")
ax.set_xlabel("hidden width per pair of layers")
ax.set_ylabel("certified sup error")
ax.legend()
figure.tight_layout()

# %%
# Save it and check the file on its own: shapes, binary masks, one edge per hidden unit, the weight law, every
# weight error and the certified bound are recomputed; nothing the file claims is trusted.
with tempfile.TemporaryDirectory() as folder:
    path = ticket.save(Path(folder) / "ticket.npz")
    from verify.tickets import check_ticket_file

    report = check_ticket_file(path)
    print(report["ok"], report["sup_error_certified"])
