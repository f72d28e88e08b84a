"""Plant 'n' Seek, singleshot (like the paper's Figure 3): prune once at initialisation, train 10 epochs.

Each pruner at the densities 0.01, 0.1, 0.5, 1 and the planted ticket's own, on ReLU, Circle and Helix (depth 5 =
4 weight matrices, width 100); after pruning (strong ticket) and after training (weak ticket), against the planted
ticket.  The data also hold, per task and repetition, how exact the planted ticket is after rescaling and where its
weights sit among the random ones (percentiles of |w|) for both matching rules.
"""

from __future__ import annotations

from figures import pns_campaign, pns_panels

NAME = "pns_singleshot"
TITLE = "Plant 'n' Seek, singleshot pruning against a planted ticket"
VERSION = 1
PROFILES = pns_campaign.PROFILES["singleshot"]


def _planting_facts(params: dict) -> list[dict]:
    """Exactness and hiding of the planted ticket per task, repetition and matching rule (planting only)."""
    import numpy as np

    from verify.plantnseek.run import Settings, planted_network, run_seed

    settings = Settings(**params["settings"])
    out = []
    for task in params["grid"]["tasks"]:
        for rep in range(params["grid"]["reps"]):
            for match in ("l2", "l1-sign"):
                planted = planted_network(task, Settings(**{**params["settings"], "match": match}),
                                          run_seed(params["grid"]["seed"], rep))
                summary = planted.summary()
                out.append({"task": task, "rep": rep, "match": match, "exactness": summary["exactness"],
                            "percentile_median": summary["weight_percentile_median"],
                            "scale_min": float(np.min(np.abs(planted.scale))),
                            "scale_max": float(np.max(np.abs(planted.scale))),
                            "fallbacks": summary["fallbacks"], "width": settings.width})
    return out


def compute(params: dict, store, progress: bool = True) -> dict:
    data = pns_panels.compute("singleshot", params, store, progress)
    data["planting"] = _planting_facts(params)
    return data


def draw(data: dict, params: dict):
    return pns_panels.draw(data, TITLE)


def facts(data: dict, params: dict) -> dict:
    import numpy as np

    out = pns_panels.facts(data, "singleshot")
    planting = data["planting"]
    out["planting.max_exactness"] = {"value": max(p["exactness"] for p in planting),
                                     "description": "largest max|ticket/scale - target|/max(1,|target|) over all "
                                                    "planted networks (both matching rules)"}
    for match in ("l2", "l1-sign"):
        values = [p["percentile_median"] for p in planting if p["match"] == match]
        out[f"planting.{match}.percentile_median"] = {
            "value": float(np.median(values)),
            "description": f"median over plantings of the median percentile of planted |w| among random |w| "
                           f"({match} matching)"}
    return out
