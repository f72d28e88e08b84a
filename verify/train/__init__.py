"""Training numpy networks: the minibatch loop with its evaluations and early-stopping iteration, and optimisers.

Public API:

* :func:`train` — train a network in place (masks respected), evaluating every k steps; returns a :class:`History`.
* :func:`evaluate` — (loss, accuracy) of a network on a split, optionally on outputs times a scale (Plant 'n' Seek).
* :class:`History` — the evaluations of a run and its early-stopping iteration; :class:`Evaluation` — one of them.
* :class:`TrainingDiverged` — raised when the loss becomes non-finite.
* :class:`Adam`, :class:`SGD` — optimisers with L2 weight decay, a cosine schedule and masks.
* :func:`make_optimizer` — an optimiser by name.
"""

from verify.train.loop import Evaluation, History, TrainingDiverged, evaluate, train
from verify.train.optim import SGD, Adam, make_optimizer

__all__ = ["SGD", "Adam", "Evaluation", "History", "TrainingDiverged", "evaluate", "make_optimizer", "train"]
