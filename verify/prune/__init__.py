"""Pruning: the pruners Plant 'n' Seek compares, edge-popup, and the prune-and-rewind loop IMP and multishot share.

Public API:

* :func:`get_pruner` — a pruner by name (random, magnitude, snip, grasp, synflow, synflow-iterative, edge-popup...).
* :class:`Pruner` — the interface every pruner shares; :func:`prune_context` — the data and seed a pruner sees.
* :func:`check_density` — a density in (0, 1], validated.
* :func:`edge_popup` — learn scores, keep the top fraction per layer, never train the weights;
  :class:`EdgePopupResult` — the masks it found and its training record.
* :func:`iterative_pruning` — train, prune, rewind, repeat: the loop shared by IMP and multishot pruning.
* :class:`IterativeResult` — the levels of an iterative run; :class:`Level` — one of them.
"""

from verify.prune.edgepopup import EdgePopupResult, edge_popup
from verify.prune.iterative import IterativeResult, Level, iterative_pruning
from verify.prune.pruners import Pruner, check_density, get_pruner, prune_context

__all__ = ["EdgePopupResult", "IterativeResult", "Level", "Pruner", "check_density", "edge_popup", "get_pruner",
           "iterative_pruning", "prune_context"]
