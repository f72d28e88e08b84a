"""The write-up's prose: the frame (:mod:`paper.prose.front`), the sections (:mod:`paper.prose.sections`), what was
measured per area (``rss``, ...), the figures' captions and the findings.

Every number in a template comes through a ``{{source:key}}`` placeholder or sits in a formula span, which the
builder checks; the frame (introduction, setup, decisions) types no number but years of citations.

Public API:

* :data:`MEASURED` — what was measured for each claim, by claim id (a template).
* :data:`SECTIONS` — the report's sections: title, introduction (a template) and claim ids.
* :data:`CAPTIONS` — each figure's caption (a template).
* :data:`FINDINGS` — what the measurements show beyond the claims (templates).
* :data:`INTRODUCTION`, :data:`SETUP`, :data:`DECISIONS`, :data:`LIMITATIONS`, :data:`BIBLIOGRAPHY` — the frame.
"""

from paper.prose import experiments, lth, plantnseek, rss, rss_family, tickets
from paper.prose.captions import CAPTIONS
from paper.prose.findings import LTH_FINDINGS
from paper.prose.front import BIBLIOGRAPHY, DECISIONS, INTRODUCTION, LIMITATIONS, SETUP
from paper.prose.sections import SECTIONS

MEASURED: dict[str, str] = {**rss.MEASURED, **rss_family.MEASURED, **tickets.MEASURED, **experiments.MEASURED,
                            **plantnseek.MEASURED, **lth.MEASURED}
FINDINGS: list[str] = [*LTH_FINDINGS]

__all__ = ["BIBLIOGRAPHY", "CAPTIONS", "DECISIONS", "FINDINGS", "INTRODUCTION", "LIMITATIONS", "MEASURED", "SECTIONS",
           "SETUP"]
