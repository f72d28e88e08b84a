"""The shared random-subset-sum campaign behind figures 1–3: one exact coverage run per law and profile.

Each run resolves worst errors ε*_n from the profile's smallest ε up to 1 (reach 1), so the phase transition
(figure 1), the required counts n_δ(ε) (figure 2) and the decay of ε*_n (figure 3) all read the same sample paths.
Runs live in a results store, so a paper-grade build is resumable and a rebuild recomputes nothing.
"""

from __future__ import annotations

from pathlib import Path  # noqa: F401  (store paths)

from verify.claims.registry import CONFIRMATORY_SEED

# n_max per law: long enough for the required counts of the full profile at δ = 0.01 (the mixture wastes half its
# samples on 0 and its products are small: its brackets reach past 64 samples).
LAWS = {"uniform": 40, "product": 48, "gaussian": 40, "hyperbolic": 56, "pensia-mixture": 112}
PROFILES = {
    "mini": {"trials": 24, "eps_min": 1e-3, "seed": 0, "n_max": LAWS},
    "quick": {"trials": 300, "eps_min": 1e-5, "seed": 0, "n_max": LAWS},
    "full": {"trials": 2000, "eps_min": 1e-6, "seed": CONFIRMATORY_SEED, "n_max": LAWS},
}
REACH = 1.0


def eps_grid(eps_min: float) -> list[float]:
    """1e-1, 1e-2, ..., eps_min."""
    grid, eps = [], 1e-1
    while eps >= eps_min * (1 - 1e-9):
        grid.append(float(f"{eps:.0e}"))
        eps /= 10
    return grid


def run(law: str, campaign: dict, store: Path, progress: bool = True):
    """The CoverageResult of one law (computed, or read back from ``store``)."""
    from figures.runner import keyed_store
    from verify.subsetsum.montecarlo import coverage

    slug = law.replace(":", "_").replace(",", "_").replace("=", "-")
    n_max = campaign["n_max"][law]
    settings = {k: v for k, v in campaign.items() if k != "n_max"}
    directory = keyed_store(store, "rss", slug, identity={"campaign": settings, "n_max": n_max, "reach": REACH})
    return coverage(law, [campaign["eps_min"]], eps_max=REACH, trials=campaign["trials"], n_max=n_max,
                    seed=campaign["seed"], out=directory, progress=progress)
