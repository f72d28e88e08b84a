"""The lottery ticket hypothesis (Frankle & Carbin, ICLR 2019): iterative magnitude pruning with reset, and controls.

Public API:

* :func:`protocol` — the settings of a dataset's protocol (digits, MNIST-5k, Plant 'n' Seek tasks, MNIST), with
  overrides.
* :class:`IMPSettings` — everything that changes a number of an IMP run.
* :func:`run_imp` — trials of IMP with their random-reinit and random-mask controls, parallel and resumable.
* :class:`IMPResult` — what a run measured, per (arm, trial, level).
* :func:`iterative_magnitude_pruning` — IMP on one network (the ticket chain).
* :func:`density_schedule` — P_m after each number of rounds.
* :func:`dense_pilot` — the dense network alone on exploratory seeds, to choose a training length before any ticket
  is trained (:class:`DensePilot`: early stops, the interior rule, the design resolution).
"""

from verify.lth.method import IMPSettings, density_schedule, iterative_magnitude_pruning, protocol
from verify.lth.pilot import DensePilot, dense_pilot
from verify.lth.result import IMPResult
from verify.lth.run import run_imp

__all__ = ["DensePilot", "IMPResult", "IMPSettings", "dense_pilot", "density_schedule", "iterative_magnitude_pruning",
           "protocol", "run_imp"]
