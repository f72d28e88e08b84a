"""Plant 'n' Seek, singleshot (like the paper's Figure 3): prune once at initialisation, train 10 epochs.

Each pruner at the densities 0.01, 0.1, 0.5 and the planted ticket's own, and the dense network (density 1: the mother
network trained with the same protocol), on ReLU, Circle and Helix (depth 5 = 4 weight matrices, width 100); after
pruning (strong ticket) and after training (weak ticket), against the planted ticket.  The reference campaign plants
with the public code's L1-with-signs rule (the rule behind the paper's numbers); the paper's L2 rule runs beside it
(:mod:`figures.pns_campaign`).  The data also hold, per task and planting, how exact the planted ticket is after
rescaling and where its weights sit among the random ones (percentiles of |w|) for both matching rules.

Result tables (:func:`tables`): ``pns_singleshot`` (every run, :func:`figures.pns_campaign.runs_table`) and
``pns_planting`` (one row per task, planting and matching rule: exactness, hiding, scales).  Both runs tables hold
the reference and the beside campaign, told apart by their ``match`` column.
"""

from __future__ import annotations

from figures import pns_campaign, pns_panels

NAME = "pns_singleshot"
TITLE = "Plant 'n' Seek, singleshot pruning against a planted ticket"
VERSION = 3
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
                out.append({"task": task, "rep": rep, "planting": rep, "match": match,
                            "exactness": summary["exactness"],
                            "percentile_median": summary["weight_percentile_median"],
                            "scale_min": float(np.min(np.abs(planted.scale))),
                            "scale_max": float(np.max(np.abs(planted.scale))),
                            "fallbacks": summary["fallbacks"], "width": settings.width})
    return out


def compute(params: dict, store, progress: bool = True) -> dict:
    data = pns_panels.compute("singleshot", params, store, progress)
    data["planting"] = _planting_facts(params)
    return data


def tables(params: dict, store) -> dict:
    """``pns_singleshot`` (every run) and ``pns_planting`` (every planting under both matching rules)."""
    import numpy as np

    from verify.tables import Table

    results = pns_campaign.campaigns("singleshot", params, store, progress=False)
    planting = _planting_facts(params)
    arrays = {
        "task": pns_campaign.strings([p["task"] for p in planting]),
        "match": pns_campaign.strings([p["match"] for p in planting]),
        "planting": np.array([p["planting"] for p in planting], dtype=np.int64),
        "repetition": np.zeros(len(planting), dtype=np.int64),
        "exactness": np.array([p["exactness"] for p in planting], dtype=np.float64),
        "percentile_median": np.array([p["percentile_median"] for p in planting], dtype=np.float64),
        "scale_min": np.array([p["scale_min"] for p in planting], dtype=np.float64),
        "scale_max": np.array([p["scale_max"] for p in planting], dtype=np.float64),
        "fallbacks": np.array([p["fallbacks"] for p in planting], dtype=np.int64),
    }
    meta = {"campaign": "Plant 'n' Seek plantings of the singleshot campaign, under both matching rules",
            "seed": params["grid"]["seed"], "settings": params["settings"],
            "unit": "planting (a mother network with its own data), per task; the two matching rules plant into the "
                    "same mother network",
            "columns": "exactness: max |ticket/scale - target| / max(1, |target|) on a grid of inputs; "
                       "percentile_median: median percentile of the planted |w| among the random |w| of their layer"}
    return {"pns_singleshot": pns_campaign.runs_table("pns_singleshot", results, params),
            "pns_planting": Table("pns_planting", arrays, meta)}


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
