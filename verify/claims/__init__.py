"""Claims: the seed papers' statements, and the evaluators that turn measured results into verdicts.

Public API:

* :data:`CLAIMS` — the registry: every claim judged, in the write-up's order (:mod:`verify.claims.registry`).
* :func:`get` — a claim by id; :func:`ids` — every id.
* :func:`evaluate_all` — judge every claim on the figures' results.
* :class:`Claim` — a statement, its source and confidence, its figure and evaluator; :class:`Evaluated` — judged.
* Area modules with the evaluators: :mod:`verify.claims.rss`, :mod:`verify.claims.tickets`,
  :mod:`verify.claims.experiments`, :mod:`verify.claims.plantnseek`, :mod:`verify.claims.lth`.
"""

from verify.claims.model import Claim, Evaluated
from verify.claims.registry import CLAIMS, evaluate_all, get, ids

__all__ = ["CLAIMS", "Claim", "Evaluated", "evaluate_all", "get", "ids"]
