"""Fully connected ReLU networks in numpy: parameters, masks, initialisations, losses, gradients and files.

Public API:

* :class:`Network` — a network with raw parameters and optional binary masks; forward, backward, save, load.
* :func:`forward` — the forward pass on effective (masked) parameters, keeping what :func:`backward` needs.
* :func:`backward` — reverse mode through a :func:`forward` trace: gradients of the effective parameters.
* :class:`Trace` — what a forward pass keeps; :class:`Gradients` — raw-parameter and mask gradients.
* :class:`LayerArrays` — one array per weight matrix and bias vector, the currency of every module here.
* :func:`initial_parameters` — weights and biases of an initialisation scheme, seeded.
* :func:`check_widths` — layer widths n_0..n_L validated.
* :func:`check_network_matches` — refuse a network whose input/output widths differ from the data's.
* :func:`hessian_vector_product` — an exact Hessian-vector product of the loss (Pearlmutter's R-operator).
* :func:`save_network` / :func:`read_network_file` — the versioned ``.npz`` network file (never pickle).
* :mod:`verify.nets.masks` — nested pruning by scores, kept counts, random masks, layer collapse.
* :mod:`verify.nets.losses` — cross-entropy and mean squared error with their output gradients.
"""

from verify.nets import losses, masks
from verify.nets.curvature import hessian_vector_product
from verify.nets.initializers import check_widths, initial_parameters
from verify.nets.layered import LayerArrays
from verify.nets.netfile import read_network_file, save_network
from verify.nets.network import Gradients, Network, Trace, backward, check_network_matches, forward

__all__ = ["Gradients", "LayerArrays", "Network", "Trace", "backward", "check_network_matches", "check_widths",
           "forward", "hessian_vector_product", "initial_parameters", "losses", "masks", "read_network_file",
           "save_network"]
