"""The write-up's prose, one module per area (rss, tickets, experiments, plantnseek, lth) and the findings.

Every number in it comes through a ``{{source:key}}`` placeholder, which the builder checks.

Public API:

* :data:`MEASURED` — what was measured for each claim, by claim id (a template).
* :data:`FINDINGS` — what the measurements show beyond the claims (templates).
"""

from paper.prose import experiments, lth, plantnseek, rss, tickets
from paper.prose.findings import FINDINGS

MEASURED: dict[str, str] = {**rss.MEASURED, **tickets.MEASURED, **experiments.MEASURED, **plantnseek.MEASURED,
                            **lth.MEASURED}

__all__ = ["FINDINGS", "MEASURED"]
