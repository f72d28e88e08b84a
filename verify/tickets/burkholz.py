"""Burkholz (NeurIPS 2022): a random network of depth l + 1, not 2l, pruned to a target of depth l.

What was read.  The paper's abstract (arXiv 2205.02321, NeurIPS 2022 proceedings page): depth L + 1 suffices, for a
large class of activation functions, with logarithmic over-parameterization; its Figure 1 as described in public
summaries (subset-sum blocks per target neuron; an extra first layer).  The body could not be read here, so the
theorem's constants and its exact width are **not** taken from it: the catalog's ``burkholz2022.depth_l_plus_1``
(C·d_{i−1}·log²(d_{i−1} d_i l / min(ε, δ)), [restated]) is what the measured widths are compared with.  The structure
below follows the public LT-existence code (RelationalML/LT-existence, ``Utils/pruning.py``: ``prune_conv``,
``prune_layer_first``, ``prune_layer``; read for facts, nothing copied) [code]:

* **layer 1** (the one extra layer): every input coordinate j gets ``2ρ`` units of in-degree one (the code's
  ``rho_in_1 = 2*rho`` for ReLU; its first-layer weights are U[−2, 2], here U[−1, 1] as everywhere in the project);
* **layer 2** realises target layer 1 with ρ *copies* of each target neuron r (the code's ``rho_out``): copy k of r
  keeps, for every input j, the subset of block j's units with a ≥ 0 whose products a·b sum closest to
  W_1[r, j]/(1 + s) and the subset of its units with a < 0 whose products |a|·b sum closest to −W_1[r, j]/(1 + s)
  (two layers for one, as Pensia et al.; s is the negative slope, 0 for ReLU), then applies σ;
* **layer l + 1** (l = 2 … L) realises target layer l: copy k' of neuron r keeps, for every neuron j of layer l − 1,
  the subset of the ρ copies of j whose weights sum closest to W_l[r, j] (the copies of j all compute ≈ σ(z_j), so
  Σ_{m∈S} b_m ŷ_{j,m} ≈ (Σ_S b_m) y_j; the code's ``parallel_weight_pruning``); the last layer has no copies.

So the random network has depth L + 1 and widths 2ρ·d_0, ρ·d_1, …, ρ·d_{L−1}, d_L; each target weight of layer
l ≥ 2 is carried by ρ² random weights (ρ copies of r times ρ copies of j).  Every subset is an exact optimum
(:func:`verify.subsetsum.solve.closest_subset_sums`); the code searched subsets of at most 10 elements by
enumeration and redrew the coefficients until the error was ≤ ε.  The targets are those of Pensia et al. (no
biases, ‖W_i‖₂ ≤ 1) so every construction is compared on the same functions; the paper's and the code's bias
neurons are therefore not needed.  Activations: ReLU and leaky ReLU (:mod:`verify.tickets.activations`; the target
uses the same activation).

**Certified bound** [derived here].  Let R_l replicate each of the d_l coordinates ρ times (R_L = I), y_l the
target's activations (y_0 = x), z_l = W_l y_{l−1}, ẑ_l, ŷ_l the ticket's (ŷ_l has ρ·d_l entries), C_l the kept
matrix of layer l + 1 (l ≥ 2), Δ_l = ẑ_l − R_l z_l and D_l = ŷ_l − R_l y_l.

1. Layer 1 is a pair with in-degree one: ẑ_1 = Ŵ⁺σ(x) − Ŵ⁻σ(−x), Ŵ⁺ = M_2 max(M_1, 0), Ŵ⁻ = M_2 min(M_1, 0), and
   R_1 W_1 x = R_1 W_1/(1 + s)·(σ(x) − σ(−x)); so Δ_1 = F_1 φ(x) with F_1 = [E⁺, −E⁻],
   E^± = Ŵ^± − R_1 W_1/(1 + s), φ(x) = (σ(x), σ(−x)), ‖φ(x)‖ = κ_1 ‖x‖, κ_1 = √(1 + s²).
2. σ acts entrywise and commutes with R, so D_l = σ(ẑ_l) − σ(R_l z_l) = T_l ⊙ Δ_l with secant slopes T ∈ [s, 1].
3. For l ≥ 2: Δ_l = C_l ŷ_{l−1} − R_l W_l y_{l−1} = C_l D_{l−1} + F_l y_{l−1} with F_l = C_l R_{l−1} − R_l W_l
   (the copies' block sums minus the target).
4. Unrolled, the output error is g(x) − f(x) = Δ_L = Σ_{k=1}^{L} C_L diag(T_{L−1}) C_{L−1} ⋯ diag(T_k) F_k v_k with
   v_1 = φ(x), v_k = y_{k−1}; ‖v_1‖ ≤ κ_1 and ‖v_k‖ ≤ ρ_{k−1} = Π_{i<k} ‖W_i‖₂ on the unit ball (|σ(t)| ≤ |t|).
   Since |T| ≤ 1 entrywise, each term is bounded three ways: by ‖H_k |F_k|‖₂·‖v_k‖ and by ‖H_k‖₂‖F_k‖₂‖v_k‖ with
   the nonnegative H_k = |C_L| ⋯ |C_{k+1}| (|A v| ≤ |A||v| entrywise, and ‖·‖₂ is monotone on nonnegative
   matrices), and by Π_{j>k} ‖C_j‖₂ ‖F_k‖₂ ‖v_k‖ (‖diag T‖ ≤ 1).  The certificate is the sum over k of each term's
   smallest bound:

   .. math::  \\sup_{‖x‖ ≤ 1} ‖f(x) − g(x)‖_2 ≤ \\sum_{k=1}^{L} κ_k ρ_{k−1} \\min\\big(‖H_k|F_k|‖, ‖H_k‖‖F_k‖,
              \\textstyle\\prod_{j>k}‖C_j‖\\,‖F_k‖\\big),\\quad κ_k = 1 \\ (k ≥ 2).

It assumes only what is checked: the target's ‖W_i‖₂ ≤ 1 is not even needed (ρ uses the actual norms), layer 1 has
in-degree ≤ 1, σ is σ_s of :mod:`verify.tickets.activations` (1-Lipschitz, positively homogeneous, σ(0) = 0).  The
copies' errors add with the weights' magnitudes in the worst case (the |C| products), which a pair of layers per
target layer (Pensia et al.) does not have; the certificate pays for it and says so.  Rounding is accounted for
outward: every norm is inflated by a relative 1e-9 and every error matrix by an absolute √(entries)·(k+2)·k·2⁻⁵³ for
its k-term sums (|terms| ≤ 1).

Randomness: unit u of block j of layer 1: the u-th draw of ``stream(seed, PURPOSE_TICKETS, KEY, 0, j)``; the
weights of copy k of neuron r in layer l + 1 (k = 0 for the last layer): row m of the (units, d_{l−1}) draw of
``stream(seed, PURPOSE_TICKETS, KEY + l, r, k)``, so the network with ρ copies is the first ρ copies (first 2ρ
first-layer units) of every wider one (nested).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput
from verify.streams import PURPOSE_TICKETS, stream
from verify.subsetsum.solve import MAX_COEFFICIENTS, closest_subset_sums
from verify.tickets.activations import IDENTITY, RELU, Activation
from verify.tickets.construction import prune_pair
from verify.tickets.layered import Layer
from verify.validate import check_int

#: First stream key of the Burkholz networks (PURPOSE_TICKETS): layer l uses KEY + l.
KEY = 8_100_000
_INFLATION = 1e-9
_UNIT_ROUNDOFF = 2.0 ** -53
#: Matrices with more entries than this get a cheap upper bound on their spectral norm (√(‖·‖₁‖·‖_∞), Frobenius).
_EXACT_NORM_ENTRIES = 300_000


def _norm(matrix: np.ndarray) -> float:
    if matrix.size == 0:
        return 0.0
    if matrix.size > _EXACT_NORM_ENTRIES and min(matrix.shape) > 64:
        absolute = np.abs(matrix)
        value = min(math.sqrt(float(absolute.sum(axis=0).max()) * float(absolute.sum(axis=1).max())),
                    float(np.linalg.norm(matrix)))
    else:
        value = float(np.linalg.norm(matrix, 2))
    return value * (1.0 + _INFLATION)


def _slack(entries: int, terms: int) -> float:
    return math.sqrt(entries) * (terms + 2) * max(terms, 1) * _UNIT_ROUNDOFF


# ---------------------------------------------------------------------------------------------- the random network
@dataclass(frozen=True, eq=False)
class NestedBurkholz:
    """The widest network of a nested family: ``first[j]`` (2ρ_max,) layer-1 weights of block j;
    ``rows[l][r][k]`` the (units, d_{l−1}) weights of copy k of neuron r of target layer l + 1 (l = 0-based)."""

    dims: tuple[int, ...]
    copies_max: int
    first: np.ndarray          # (d_0, 2ρ_max)
    rows: tuple                # per target layer l (0-based): array (d_l, copies_l, units_in, d_{l-1})

    def matrices(self, copies: int) -> list[np.ndarray]:
        """M_1 … M_{L+1} of the network with ``copies`` copies per neuron (2·copies first-layer units per input)."""
        if not 1 <= copies <= self.copies_max:
            raise InvalidInput(f"copies {copies} must lie in 1..{self.copies_max}")
        dims, rho, layers = self.dims, copies, len(self.dims) - 1
        d0, units = dims[0], 2 * copies
        m1 = np.zeros((d0 * units, d0))
        m1[np.arange(d0 * units), np.repeat(np.arange(d0), units)] = self.first[:, :units].reshape(-1)
        out = [m1]
        for l in range(layers):
            block = self.rows[l]                                   # (d_l, copies_l, units_in, d_{l-1})
            out_copies = 1 if l == layers - 1 else rho
            units_in = units if l == 0 else rho
            kept = block[:, :out_copies, :units_in, :]             # (d_l, out_copies, units_in, d_{l-1})
            # column index of (unit m of input neuron j) is j·units_in + m
            out.append(kept.transpose(0, 1, 3, 2).reshape(dims[l + 1] * out_copies, dims[l] * units_in).copy())
        return out


def nested_burkholz(dims, copies_max: int, seed: int) -> NestedBurkholz:
    """Draw the widest network of the nested family (see the module docstring for the streams)."""
    dims = tuple(int(d) for d in dims)
    copies_max = check_int("copies", copies_max, 1)
    layers = len(dims) - 1
    first = np.stack([stream(seed, PURPOSE_TICKETS, KEY, 0, j).uniform(-1.0, 1.0, 2 * copies_max)
                      for j in range(dims[0])])
    rows = []
    for l in range(layers):
        out_copies = 1 if l == layers - 1 else copies_max
        units_in = 2 * copies_max if l == 0 else copies_max
        rows.append(np.stack([np.stack([stream(seed, PURPOSE_TICKETS, KEY + l + 1, r, k).uniform(
            -1.0, 1.0, (units_in, dims[l])) for k in range(out_copies)]) for r in range(dims[l + 1])]))
    return NestedBurkholz(dims, copies_max, first, tuple(rows))


# ------------------------------------------------------------------------------------------------------ pruning
def prune(target, matrices, copies: int, act: Activation = RELU) -> list[np.ndarray]:
    """Masks (uint8) of M_1 … M_{L+1} for ``target`` (see the module docstring); InvalidInput when a sign group of a
    first-layer block exceeds the exact solver."""
    layers = len(target)
    rho = copies
    replicated = [np.repeat(w, 1 if i == layers - 1 else rho, axis=0) for i, w in enumerate(target)]
    mask1, mask2, _ = prune_pair(replicated[0] / act.odd_part, matrices[0], matrices[1], layer=1,
                                  cap=MAX_COEFFICIENTS)
    masks = [mask1, mask2]
    for l in range(1, layers):
        c = matrices[l + 1]                                          # (R_l, d_{l-1}·ρ)
        rows, d_in = c.shape[0], target[l].shape[1]
        if rho > MAX_COEFFICIENTS:
            raise InvalidInput(f"{rho} copies exceed the exact solver's {MAX_COEFFICIENTS} coefficients")
        coefficients = c.reshape(rows, d_in, rho)
        solution = closest_subset_sums(coefficients, replicated[l])
        masks.append(solution.selected().reshape(rows, d_in * rho).astype(np.uint8))
    return masks


# ---------------------------------------------------------------------------------------------------- certificate
@dataclass(frozen=True)
class BurkholzTerm:
    """Source k's term κ_k ρ_{k−1} min(...) of the certificate (see the module docstring)."""

    layer: int                 # k, 1-based
    error_norm: float          # ‖F_k‖₂ (layer 1: ‖[E⁺, −E⁻]‖₂)
    input_norm_bound: float    # κ_k ρ_{k−1}
    through_abs: float         # ‖H_k |F_k|‖₂
    through_abs_norm: float    # ‖H_k‖₂ ‖F_k‖₂
    through_norms: float       # Π_{j>k} ‖C_j‖₂ ‖F_k‖₂
    term: float                # κ_k ρ_{k−1} · min of the three

    def as_dict(self) -> dict:
        return {key: (int(value) if key == "layer" else float(value)) for key, value in self.__dict__.items()}


def certify(target, pruned, copies: int, act: Activation = RELU) -> tuple[float, list[BurkholzTerm]]:
    """The certified bound on sup_{‖x‖₂≤1} ‖f(x) − g(x)‖₂ from the target W_1..W_L and the kept matrices
    M̃_1 … M̃_{L+1} (layer 1 of in-degree ≤ 1; rows of the hidden layers grouped into ``copies`` per neuron)."""
    layers, rho = len(target), copies
    first, second = pruned[0], pruned[1]
    w_plus, w_minus = second @ np.maximum(first, 0.0), second @ np.minimum(first, 0.0)
    ideal = np.repeat(target[0], 1 if layers == 1 else rho, axis=0) / act.odd_part
    units = int(np.count_nonzero(first, axis=0).max(initial=0))
    f1 = np.hstack([w_plus - ideal, -(w_minus - ideal)])
    errors = [(f1, units)]
    for l in range(1, layers):
        c = pruned[l + 1]
        sums = c.reshape(c.shape[0], target[l].shape[1], rho).sum(axis=2)
        ideal = np.repeat(target[l], 1 if l == layers - 1 else rho, axis=0)
        errors.append((sums - ideal, rho))
    hidden = [pruned[l + 1] for l in range(1, layers)]               # C_2 … C_L
    norms_c = [_norm(c) for c in hidden]
    terms = []
    h = None                                                         # H_k = |C_L| … |C_{k+1}|
    rho_in = [1.0]
    for w in target[:-1]:
        rho_in.append(rho_in[-1] * _norm(w))
    for k in range(layers, 0, -1):
        f, summands = errors[k - 1]
        slack = _slack(f.size, summands)
        f_norm = _norm(f) + slack
        if h is None:
            through_abs = through_abs_norm = through_norms = f_norm
        else:
            h_norm = _norm(h)
            through_abs = _norm(h @ np.abs(f)) * (1.0 + _INFLATION) + h_norm * slack
            through_abs_norm = h_norm * f_norm
            through_norms = math.prod(norms_c[k - 1:]) * f_norm
        scale = (act.pair_factor if k == 1 else 1.0) * rho_in[k - 1]
        term = scale * min(through_abs, through_abs_norm, through_norms)
        terms.append(BurkholzTerm(k, f_norm, scale, through_abs, through_abs_norm, through_norms, term))
        if k >= 2:
            c_abs = np.abs(hidden[k - 2])
            h = c_abs if h is None else h @ c_abs
    terms.reverse()
    total = math.fsum(t.term for t in terms) * (1.0 + _INFLATION)
    return total, terms


# ------------------------------------------------------------------------------------------------ the ticket
def network_layers(matrices, act: Activation, layers: int) -> list[Layer]:
    """The random network as layers: σ after every matrix but the last."""
    return [Layer("dense", m, act if k < layers - 1 else IDENTITY) for k, m in enumerate(matrices)]


def target_layers(target, act: Activation) -> list[Layer]:
    return [Layer("dense", w, act if i < len(target) - 1 else IDENTITY) for i, w in enumerate(target)]


def certify_layers(target_layers_, random_layers, masks, parameters) -> tuple[float, list[dict]]:
    """:func:`certify` on layered networks (what the ticket file check calls)."""
    act = random_layers[0].activation
    bound, terms = certify([t.weights for t in target_layers_], [r.weights * k for r, k in zip(random_layers, masks)],
                           int(parameters["copies"]), act)
    return bound, [t.as_dict() for t in terms]
