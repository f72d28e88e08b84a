"""Plant 'n' Seek, multishot (like the paper's Figure 4): 10 × (train 5 epochs, prune to ρ^{r/10}, reset to the
initial values), then train 10 epochs; masks nested (a pruned weight never returns, unlike the public code).

Result table (:func:`tables`): ``pns_multishot``, every run (:func:`figures.pns_campaign.runs_table`)."""

from __future__ import annotations

from figures import pns_campaign, pns_panels

NAME = "pns_multishot"
TITLE = "Plant 'n' Seek, multishot pruning against a planted ticket"
VERSION = 2
PROFILES = pns_campaign.PROFILES["multishot"]


def compute(params: dict, store, progress: bool = True) -> dict:
    return pns_panels.compute("multishot", params, store, progress)


def tables(params: dict, store) -> dict:
    """``pns_multishot``: every run of the multishot campaign."""
    results = pns_campaign.campaigns("multishot", params, store, progress=False)
    return {"pns_multishot": pns_campaign.runs_table("pns_multishot", results, params)}


def draw(data: dict, params: dict):
    return pns_panels.draw(data, TITLE)


def facts(data: dict, params: dict) -> dict:
    return pns_panels.facts(data, "multishot")
