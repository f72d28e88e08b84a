"""Pensia et al.'s (2020) two experiments, reproduced: Experiment 1 (a trained network, every weight a subset sum)
and Experiment 2 (edge-popup on "our structure" against a wide network).

Public API:

* :mod:`verify.experiments.experiment1` — ``run`` (approximate a trained target, evaluate both networks) and
  ``train_target``.
* :mod:`verify.experiments.experiment2` — ``run_experiment`` (the sparsity grid), ``run_point`` and ``select`` (test-
  and validation-selected points).
"""

from verify.experiments import experiment1, experiment2

__all__ = ["experiment1", "experiment2"]
