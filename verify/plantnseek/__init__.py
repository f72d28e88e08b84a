"""Plant 'n' Seek (Fischer & Burkholz, ICLR 2022): hand-crafted target tickets, planted in random networks, sought.

Public API:

* :func:`target` — the ReLU, Circle or Helix target ticket at a depth from 3 to 100; :class:`Target` — one of them.
* :func:`plant` — plant a target into a random mother network; :class:`PlantedNetwork` — the result.
* :func:`run_one` — one pruner at one density on one repetition; :func:`run_grid` — a whole campaign, resumable.
* :class:`Settings` — the protocol's settings; :class:`RunResult` — the rows of a campaign.
* :func:`run_seed` — the seed of one repetition of a campaign.
"""

from verify.plantnseek.planting import PlantedNetwork, plant
from verify.plantnseek.run import RunResult, Settings, run_grid, run_one, run_seed
from verify.plantnseek.targets import Target, target

__all__ = ["PlantedNetwork", "RunResult", "Settings", "Target", "plant", "run_grid", "run_one", "run_seed", "target"]
