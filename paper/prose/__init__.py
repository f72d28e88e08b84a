"""The write-up's prose, one module per area: what was measured for each claim (``MEASURED``, by claim id) and the
findings.  Every number in it comes through a ``{{source:key}}`` placeholder, which the builder checks."""

from paper.prose import experiments, lth, plantnseek, rss, tickets
from paper.prose.findings import FINDINGS

MEASURED: dict[str, str] = {**rss.MEASURED, **tickets.MEASURED, **experiments.MEASURED, **plantnseek.MEASURED,
                            **lth.MEASURED}

__all__ = ["FINDINGS", "MEASURED"]
