"""Strong lottery tickets: Pensia et al.'s construction (2020) and those that came after it, each certified.

Public API:

* :func:`build_ticket` — prune a random depth-2l network to a target, every weight by an exact subset sum.
* :class:`Ticket` — the result: masks, certified and empirical sup errors; ``save`` writes a ticket file.
* :func:`random_target` — a random target with spectral norms ≤ 1.
* :func:`pensia_hidden_widths` — the hidden widths of ``pensia2020.width`` for a constant C.
* :func:`certified_sup_error` — a certified upper bound on sup_{‖x‖≤1} ‖f(x) − g(x)‖₂;
  :func:`empirical_sup_error` — an attained lower bound on it.
* :func:`check_ticket_file` — re-verify a ticket file from its matrices alone (``slth ticket check``).
* :func:`load_ticket_file`, :func:`load_target_file` — read (and structurally check) ticket and target files.
* :func:`required_widths` — each trial's first succeeding width on nested random networks (Theorem 1's test).
* :func:`approximate_weights` — Experiment 1's core: every weight of a network as a subset sum of n coefficients.

Beyond Pensia et al. (schema-2 ticket files, :mod:`verify.tickets.schema`):

* :func:`burkholz_ticket`, :func:`orseau_ticket`, :func:`conv_ticket` (:mod:`verify.tickets.builds`) — Burkholz's
  depth l + 1 (:mod:`verify.tickets.burkholz`), Orseau et al.'s hyperbolic weights (:mod:`verify.tickets.orseau`),
  da Cunha et al.'s random CNNs (:mod:`verify.tickets.convolutional`), each a
  :class:`verify.tickets.general.LayeredTicket` with its certificate and empirical search;
* :func:`compare_widths` — every construction's first succeeding width on nested draws, on the same targets
  (:mod:`verify.tickets.comparison`).
"""

from verify.tickets.approx import approximate_weights
from verify.tickets.builds import burkholz_ticket, conv_ticket, orseau_ticket
from verify.tickets.check import check_ticket_file
from verify.tickets.comparison import compare_widths
from verify.tickets.construction import Ticket, build_ticket, pensia_hidden_widths, random_target
from verify.tickets.montecarlo import required_widths
from verify.tickets.sup_error import certified_sup_error, empirical_sup_error
from verify.tickets.ticketfile import load_target_file, load_ticket_file

__all__ = ["Ticket", "approximate_weights", "build_ticket", "burkholz_ticket", "certified_sup_error",
           "check_ticket_file", "compare_widths", "conv_ticket", "empirical_sup_error", "load_target_file",
           "load_ticket_file", "orseau_ticket", "pensia_hidden_widths", "random_target", "required_widths"]
