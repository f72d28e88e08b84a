"""The campaigns behind figures 41–44: the random-subset-sum family, exact (fixed-size subsets, vectors, integers,
sparse sources).  One function per variant runs (or reads back from a results store) the engine of
:mod:`verify.subsetsum`; the profiles live with the figures that draw them.  Full profiles run on the confirmatory
seed; mini and quick on the exploratory seed 0.
"""

from __future__ import annotations

import math
from pathlib import Path  # noqa: F401  (store paths)

from verify.claims.registry import CONFIRMATORY_SEED

EPS_GRID = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4]


def eps_between(eps_min: float, eps_max: float = 0.1) -> list[float]:
    return [e for e in EPS_GRID if eps_min * (1 - 1e-9) <= e <= eps_max * (1 + 1e-9)]


def grid(start: float, stop: float, step: float) -> list[float]:
    count = int(round((stop - start) / step)) + 1
    return [round(start + i * step, 6) for i in range(count)]


FIXED = {
    "mini": {"sizes": [{"k": 2, "eps_min": 1e-2, "n_max": 120}, {"k": 4, "eps_min": 1e-2, "n_max": 60}],
             "trials": 24, "targets": 5, "seed": 0},
    "quick": {"sizes": [{"k": 2, "eps_min": 1e-2, "n_max": 160}, {"k": 4, "eps_min": 1e-3, "n_max": 100},
                        {"k": 8, "eps_min": 1e-3, "n_max": 70}], "trials": 200, "targets": 9, "seed": 0},
    "full": {"sizes": [{"k": 2, "eps_min": 1e-3, "n_max": 500}, {"k": 4, "eps_min": 1e-4, "n_max": 160},
                       {"k": 8, "eps_min": 1e-4, "n_max": 100}, {"k": 16, "eps_min": 1e-4, "n_max": 100},
                       {"k": 32, "eps_min": 1e-4, "n_max": 140}], "trials": 2000, "targets": 9,
             "seed": CONFIRMATORY_SEED},
}

CUBE = {
    "mini": {"dims": [{"d": 1, "eps": [0.4, 0.2], "trials": 24, "n_max": 24},
                      {"d": 2, "eps": [0.45], "trials": 8, "n_max": 20}],
             "seed": 0, "resolution": 4, "capacity": 2**20},
    "quick": {"dims": [{"d": 1, "eps": [0.4, 0.3, 0.2, 0.1, 0.05], "trials": 200, "n_max": 40},
                       {"d": 2, "eps": [0.4, 0.3], "trials": 60, "n_max": 40},
                       {"d": 3, "eps": [0.5], "trials": 24, "n_max": 48}],
              "seed": 0, "resolution": 4, "capacity": 2**21},
    "full": {"dims": [{"d": 1, "eps": [0.4, 0.3, 0.2, 0.1, 0.05, 0.02], "trials": 1000, "n_max": 40},
                      {"d": 2, "eps": [0.4, 0.3, 0.2, 0.1], "trials": 500, "n_max": 48},
                      {"d": 3, "eps": [0.5, 0.4, 0.3], "trials": 400, "n_max": 56}],
             "seed": CONFIRMATORY_SEED, "resolution": 4, "capacity": 2**22},
}

PARTITIONS = {
    "mini": {"n": [10, 14], "kappa": grid(0.6, 1.3, 0.1), "trials": 40, "seed": 0},
    "quick": {"n": [12, 16, 20], "kappa": grid(0.5, 1.3, 0.05), "trials": 300, "seed": 0},
    "full": {"n": [12, 16, 20, 24, 28], "kappa": grid(0.5, 1.3, 0.025), "trials": 1000, "seed": CONFIRMATORY_SEED},
}

QUANTIZED = {
    "mini": {"bits": [4, 6, 8], "trials": 50, "n_max": 32, "seed": 0},
    "quick": {"bits": [4, 6, 8, 10, 12], "trials": 500, "n_max": 40, "seed": 0},
    "full": {"bits": [4, 6, 8, 10, 12, 14, 16], "trials": 2000, "n_max": 48, "seed": CONFIRMATORY_SEED},
}

SPARSE = {
    "mini": {"keep": [0.2, 0.5, 1.0], "eps_min": 1e-2, "trials": 40, "scale": 40, "seed": 0},
    "quick": {"keep": [0.05, 0.1, 0.2, 0.3, 0.5, 1.0], "eps_min": 1e-2, "trials": 300, "scale": 50, "seed": 0},
    "full": {"keep": [0.05, 0.1, 0.2, 0.3, 0.5, 1.0], "eps_min": 1e-3, "trials": 2000, "scale": 70,
             "seed": CONFIRMATORY_SEED},
}


def _store(store, *parts, identity):
    from figures.runner import keyed_store

    return keyed_store(store, "rss_family", *parts, identity=identity)


def run_fixed(size: dict, campaign: dict, store, progress: bool = True):
    from verify.subsetsum.fixed_size_run import fixed_size_coverage

    settings = {k: v for k, v in campaign.items() if k != "sizes"}
    return fixed_size_coverage("uniform", [size["eps_min"]], eps_max=0.1, subset_size=size["k"],
                               trials=campaign["trials"], n_max=size["n_max"], seed=campaign["seed"],
                               targets=campaign["targets"], progress=progress,
                               out=_store(store, "fixed", f"k{size['k']}", identity={**settings, **size}))


def run_cube(dim: dict, campaign: dict, store, progress: bool = True):
    from verify.subsetsum.multidim_run import cube_coverage

    settings = {k: v for k, v in campaign.items() if k != "dims"}
    return cube_coverage("uniform", dim["eps"], dim=dim["d"], trials=dim["trials"], n_max=dim["n_max"],
                         seed=campaign["seed"], resolution=campaign["resolution"], capacity=campaign["capacity"],
                         progress=progress, out=_store(store, "cube", f"d{dim['d']}", identity={**settings, **dim}))


def run_partitions(campaign: dict, store, progress: bool = True):
    from verify.subsetsum.integers_run import partition_phase

    return partition_phase(campaign["n"], campaign["kappa"], trials=campaign["trials"], seed=campaign["seed"],
                           progress=progress, out=_store(store, "partitions", identity=campaign))


def run_quantized(bits: int, campaign: dict, store, progress: bool = True):
    from verify.subsetsum.integers_run import quantized_coverage

    settings = {k: v for k, v in campaign.items() if k != "bits"}
    return quantized_coverage(2**bits, trials=campaign["trials"], n_max=campaign["n_max"], seed=campaign["seed"],
                              progress=progress, out=_store(store, "quantized", f"b{bits}",
                                                            identity={**settings, "bits": bits}))


def sparse_n_max(campaign: dict, keep: float) -> int:
    return int(math.ceil(campaign["scale"] / keep))


def run_sparse(keep: float, campaign: dict, store, progress: bool = True):
    from verify.subsetsum.montecarlo import coverage

    settings = {k: v for k, v in campaign.items() if k != "keep"}
    return coverage("uniform", [campaign["eps_min"]], eps_max=0.1, trials=campaign["trials"],
                    n_max=sparse_n_max(campaign, keep), seed=campaign["seed"], keep=keep, progress=progress,
                    out=_store(store, "sparse", f"p{keep:g}", identity={**settings, "keep": keep}))
