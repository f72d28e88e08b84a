"""Pensia et al. (2020) strong lottery tickets, built the way the proof builds them ("two layers for one").

The setting and the construction below are **[recalled]** in the project's spec (the paper body could not be read;
they are corroborated by later restatements), so they are this project's reading of the paper, checked here by
computation rather than taken on trust.

Target (spec pensia2020.md, "Setting"): f(x) = W_l σ(W_{l−1} σ(… σ(W_1 x))), W_i ∈ R^{d_i × d_{i−1}}, ‖W_i‖₂ ≤ 1,
σ = ReLU, no biases.  Random network: g(x) = M_{2l} σ(M_{2l−1} σ(… σ(M_1 x))), every entry i.i.d. U[−1, 1], with
hidden width n_i between M_{2i−1} (n_i × d_{i−1}) and M_{2i} (d_i × n_i).  Pruning multiplies each M_j by a binary
mask; weights are never changed.

Construction (spec "Construction"; the signs worked out in :mod:`verify.tickets.sup_error`).  For target layer i with
W = W_i (d_out × d_in) and m = n_i / d_in hidden units per input coordinate:

* **blocks**: hidden units j·m … (j+1)·m − 1 belong to input coordinate j; the mask of M_{2i−1} keeps exactly the
  edge (u, j) of each unit u of block j (in-degree 1).  This pruned first layer is shared by all d_out outputs.
* **signs**: a unit with a_u = M_{2i−1}[u, j] ≥ 0 computes a_u σ(h_j); one with a_u < 0 computes |a_u| σ(−h_j).
  Through second-layer weight b = M_{2i}[r, u] it adds (|a_u| b) σ(±h_j) to output r.  Since
  W[r, j] h_j = W[r, j] σ(h_j) − W[r, j] σ(−h_j):
* **subset sums**: for every entry W[r, j], output r keeps the subset S⁺ of block j's non-negative units whose
  products |a_u|·M_{2i}[r, u] sum closest to W[r, j], and the subset S⁻ of its negative units whose products sum
  closest to −W[r, j] (exact optimum, :func:`verify.subsetsum.solve.closest_subset_sums`; every entry is its own
  instance with its own second-layer weights).  The group's units enter the solver in increasing index order (bit k =
  k-th unit).
* the ReLU after M_{2i} is the target layer's own; the last pair has none.

Widths: explicit (each n_i a multiple of d_{i−1}), or :func:`pensia_hidden_widths` for a constant C.

Randomness: the random target uses stream block 0 and matrix M_j uses block 1 + j of
``stream(seed, PURPOSE_TICKETS, ·)`` (:mod:`verify.streams`); block 1 is the empirical-sup sample.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verify.errors import InvalidInput
from verify.memory import require
from verify.streams import PURPOSE_TICKETS, check_seed, stream
from verify.subsetsum.solve import MAX_COEFFICIENTS, closest_subset_sums
from verify.tickets.footprint import target_memory, ticket_memory
from verify.tickets.sup_error import (
    NORM_TOLERANCE,
    LayerErrorBound,
    certified_sup_error,
    check_search,
    empirical_sup_error,
    pair_matrices,
    relu_network,
)
from verify.tickets.ticketfile import save_ticket
from verify.validate import MAX_COUNT, as_float_matrix, check_derived, check_real, check_unit_interval, format_count

BLOCK_TARGET = 0


def _matrix_block(j: int) -> int:
    """Stream block of random matrix M_j (j = 1..2l)."""
    return 1 + j


# --------------------------------------------------------------------------------------------------------- widths
def pensia_hidden_widths(dims, eps: float, delta: float, c: float) -> list[int]:
    """Hidden widths n_i from Pensia et al.'s Theorem 1, rounded up so every input coordinate gets as many units.

    .. math::

        n_i = d_{i−1} \\cdot \\Big\\lceil \\frac{\\lceil C\\, d_{i−1} \\ln(d_{i−1} d_i l / \\min(ε, δ)) \\rceil}
              {d_{i−1}} \\Big\\rceil,\\qquad i = 1..l,

    i.e. the catalog's ``pensia2020.width`` (the theorem's C·d_{i−1}·log(d_{i−1}·d_i·l / min{ε, δ}), natural log),
    evaluated with :mod:`bounds`, rounded up to an integer and then up to the next multiple of d_{i−1}.  The
    statement is **[recalled]**: the form is corroborated by restatements, the constant C is not given by the paper,
    and numbering/constants are uncertain (spec pensia2020.md, "Theorem 1").
    """
    from bounds import get

    dims = check_dims(dims)
    eps, delta = check_unit_interval("eps", eps), check_unit_interval("delta", delta)
    c = check_real("C", c, 0.0, low_open=True)
    layers = len(dims) - 1
    width = get("pensia2020.width")
    widths = []
    for i in range(1, layers + 1):
        d_in, d_out = dims[i - 1], dims[i]
        raw = check_derived("the width C·d_in·log(d_in·d_out·l/min(eps, delta))",
                            lambda: float(width(d_in=d_in, d_out=d_out, l=layers, eps=eps, delta=delta, C=c)),  # noqa: B023 - called at once
                            f"C={c:g}, eps={eps:g}, delta={delta:g}, widths {dims}")
        units = math.ceil(max(math.ceil(raw), 1) / d_in)
        widths.append(d_in * units)
    return widths


# ------------------------------------------------------------------------------------------------------ validation
def check_dims(dims) -> list[int]:
    """Target widths d_0, d_1, ..., d_l: at least two integers >= 1."""
    try:
        values = [int(d) for d in dims]
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"widths {dims!r} must be integers d_0, d_1, ..., d_l") from None
    if len(values) < 2 or any(d < 1 or d > MAX_COUNT for d in values) or any(int(d) != d for d in dims):
        raise InvalidInput(f"widths {list(dims)!r} must be at least two integers from 1 to 2^62 (d_0 inputs, ..., "
                           f"d_l outputs)")
    return values


def check_block_sizes(dims, hidden) -> None:
    """Refuse, before anything is drawn, hidden widths whose blocks cannot be solved exactly: block j of layer i has
    m = n_i / d_{i−1} units in two sign groups, so one group has at least m/2 units (pigeonhole), and the exact
    solver takes at most MAX_COEFFICIENTS."""
    for i, (n, d_in) in enumerate(zip(hidden, dims[:-1]), start=1):
        units = n // d_in
        if -(-units // 2) > MAX_COEFFICIENTS:
            raise InvalidInput(f"hidden width n_{i} = {format_count(n)} gives {format_count(units)} units per input "
                               f"coordinate; one of their two sign groups then has at least "
                               f"{format_count(-(-units // 2))} units, and the exact solver "
                               f"handles at most {MAX_COEFFICIENTS} (so n_{i} <= {2 * MAX_COEFFICIENTS * d_in:,}; use "
                               f"a smaller C or hidden width)")


def check_target(weights, *, rescale: bool = False) -> list[np.ndarray]:
    """The target's matrices as float64 arrays, with chained shapes and ‖W_i‖₂ ≤ 1.

    With ``rescale``, a matrix of norm above 1 is divided by its norm (the others are left alone).
    """
    if isinstance(weights, np.ndarray):
        weights = [weights]
    matrices = []
    for i, w in enumerate(weights, start=1):
        array = as_float_matrix(w, f"target W{i}", f" (d_{i} × d_{i - 1})")
        if matrices and array.shape[1] != matrices[-1].shape[0]:
            raise InvalidInput(f"target W{i} has shape {array.shape} but W{i - 1} has {matrices[-1].shape[0]} rows: "
                               f"W{i} needs {matrices[-1].shape[0]} columns")
        norm = float(np.linalg.norm(array, 2))
        if norm > 1.0 + NORM_TOLERANCE:
            if not rescale:
                raise InvalidInput(f"target W{i} has spectral norm {norm:.6g} > 1; the theorem covers ‖W_i‖ <= 1 "
                                   f"(rescale it, e.g. with --rescale)")
            array = array / norm
            while np.linalg.norm(array, 2) > 1.0:
                array *= 1.0 - 2.0**-52
        matrices.append(array)
    if not matrices:
        raise InvalidInput("the target needs at least one matrix")
    return matrices


def random_target(dims, seed: int = 0, norm: float = 1.0) -> list[np.ndarray]:
    """A random target W_1..W_l (W_i: d_i × d_{i−1}) with ‖W_i‖₂ = ``norm`` (rounded down, never above).

    Gaussian entries rescaled by their spectral norm; stream ``(seed, PURPOSE_TICKETS, block 0)``.
    """
    dims = check_dims(dims)
    seed = check_seed(seed)
    norm = check_real("norm", norm, 0.0, low_open=True)
    if norm > 1.0:
        raise InvalidInput(f"norm = {norm!r} is not allowed; the target class has spectral norms <= 1")
    require(f"a random target of widths {dims}", [("target matrices", target_memory(dims))],
            advice="use smaller widths")
    rng = stream(seed, PURPOSE_TICKETS, BLOCK_TARGET)
    matrices = []
    for d_in, d_out in zip(dims[:-1], dims[1:]):
        g = rng.standard_normal((d_out, d_in))
        w = g * (norm / np.linalg.norm(g, 2))
        while np.linalg.norm(w, 2) > norm:
            w *= 1.0 - 2.0**-52
        matrices.append(w)
    return matrices


def _check_hidden(hidden, dims) -> list[int]:
    layers = len(dims) - 1
    try:
        values = [int(n) for n in hidden]
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"hidden widths {hidden!r} must be integers") from None
    if len(values) != layers:
        raise InvalidInput(f"{len(values)} hidden widths given for a target with {layers} layers; "
                           f"give exactly {layers}")
    for i, (n, d_in) in enumerate(zip(values, dims[:-1]), start=1):
        if n < d_in or n % d_in:
            raise InvalidInput(f"hidden width n_{i} = {n} must be a positive multiple of d_{i - 1} = {d_in} "
                               f"(every input coordinate gets the same number of units)")
    return values


# ---------------------------------------------------------------------------------------------------- the ticket
@dataclass(frozen=True)
class Ticket:
    """A pruned random network approximating a target, with its errors and parameter counts.

    ``random[j]`` and ``masks[j]`` are M_{j+1} and its mask (uint8, 0/1); ``plus[i]``, ``minus[i]`` are the
    effective matrices Ŵ^±_{i+1} of the pruned pairs (see :mod:`verify.tickets.sup_error`).
    """

    target: list
    random: list
    masks: list
    eps: float
    delta: float
    c: float | None
    seed: int
    plus: list
    minus: list
    sup_error_certified: float
    sup_error_empirical: float
    layer_bounds: list[LayerErrorBound]
    seconds: float = 0.0
    samples: int = 4096
    restarts: int = 8

    @property
    def hidden_widths(self) -> list[int]:
        return [m.shape[0] for m in self.random[0::2]]

    def __repr__(self) -> str:
        status = "within eps" if self.ok else "NOT within eps"
        return (f"Ticket(widths={self.dims}, hidden={self.hidden_widths}, eps={self.eps:g}, delta={self.delta:g}, "
                f"sup error certified <= {self.sup_error_certified:.4g} ({status}), observed >= "
                f"{self.sup_error_empirical:.4g}, kept {self.params_kept} of {self.params_random} random parameters)")

    def _repr_markdown_(self) -> str:
        rows = "\n".join(f"| {b.layer} | {b.error_norm:.4g} | {b.lipschitz:.4g} | {b.input_norm_bound:.4g} | "
                         f"{b.propagated:.4g} |" for b in self.layer_bounds)
        return (f"**Pensia ticket** {self.dims}, hidden widths {self.hidden_widths}: certified sup error "
                f"≤ {self.sup_error_certified:.4g} against ε = {self.eps:g} (**{'ok' if self.ok else 'NOT ok'}**), "
                f"observed ≥ {self.sup_error_empirical:.4g}; kept {self.params_kept} of {self.params_random} random "
                f"parameters.\n\n| layer | e_i | L_i | ρ_(i−1) | δ_i |\n|---|---|---|---|---|\n{rows}\n")

    @property
    def dims(self) -> list[int]:
        return [self.target[0].shape[1]] + [w.shape[0] for w in self.target]

    def pruned(self) -> list[np.ndarray]:
        """The kept network: M_j ⊙ mask_j."""
        return [m * k for m, k in zip(self.random, self.masks)]

    def __call__(self, inputs) -> np.ndarray:
        """g(x) for a batch of inputs (rows)."""
        return relu_network(self.pruned(), inputs)

    def target_output(self, inputs) -> np.ndarray:
        """f(x) for a batch of inputs (rows)."""
        return relu_network(self.target, inputs)

    def weight_errors(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per target layer, ``(|Ŵ⁺ − W|, |Ŵ⁻ − W|)`` entrywise."""
        return [(np.abs(p - w), np.abs(m - w)) for w, p, m in zip(self.target, self.plus, self.minus)]

    @property
    def max_weight_error(self) -> float:
        return float(max(max(p.max(), m.max()) for p, m in self.weight_errors()))

    @property
    def params_target(self) -> int:
        return int(sum(w.size for w in self.target))

    @property
    def params_random(self) -> int:
        return int(sum(m.size for m in self.random))

    @property
    def params_kept(self) -> int:
        return int(sum(int(k.sum()) for k in self.masks))

    @property
    def ok(self) -> bool:
        """The certified sup error is at most ε."""
        return self.sup_error_certified <= self.eps

    def summary(self) -> dict:
        """The JSON-ready report (``slth ticket --json``)."""
        return {
            "ok": bool(self.ok),
            "eps": float(self.eps),
            "delta": float(self.delta),
            "c": None if self.c is None else float(self.c),
            "seed": int(self.seed),
            "widths": self.dims,
            "hidden_widths": self.hidden_widths,
            "sup_error_certified": float(self.sup_error_certified),
            "sup_error_empirical": float(self.sup_error_empirical),
            "max_weight_error": self.max_weight_error,
            "params_target": self.params_target,
            "params_random": self.params_random,
            "params_kept": self.params_kept,
            "ratio_random_to_target": self.params_random / self.params_target,
            "ratio_kept_to_target": self.params_kept / self.params_target,
            "layers": [bound.as_dict() for bound in self.layer_bounds],
            "seconds": float(self.seconds),
        }

    def save(self, path) -> Path:
        """Write the ticket as ``.npz`` (see :mod:`verify.tickets.ticketfile`); returns the path written."""
        return save_ticket(self, path)


def draw_random_network(dims, hidden, seed: int) -> list[np.ndarray]:
    """M_1..M_{2l} with i.i.d. U[−1, 1] entries; M_j from stream block 1 + j."""
    matrices = []
    for i, (d_in, d_out) in enumerate(zip(dims[:-1], dims[1:])):
        n = hidden[i]
        for j, shape in ((2 * i + 1, (n, d_in)), (2 * i + 2, (d_out, n))):
            matrices.append(stream(seed, PURPOSE_TICKETS, _matrix_block(j)).uniform(-1.0, 1.0, size=shape))
    return matrices


def prune_pair(w: np.ndarray, first: np.ndarray, second: np.ndarray, layer: int, cap: int | None = None):
    """Masks of one pair (M_{2i−1}, M_{2i}) approximating W (d_out × d_in); returns (mask1, mask2, solver errors).

    See the module docstring for the construction.  Raises InvalidInput if a sign group of a block has more units
    than the exact solver accepts — unless ``cap`` (at most the solver's limit) is given: then a larger sign group
    offers only its ``cap`` units of largest |a| (ties: the lower index) to the solver, for every output, and leaves
    its other units out (every weight is then the exact optimum over those candidates).
    """
    d_out, d_in = w.shape
    n = first.shape[0]
    m = n // d_in
    units = np.arange(n).reshape(d_in, m)                       # block j = units j·m … (j+1)·m − 1
    a = first[units, np.arange(d_in)[:, None]]                  # a[j, k] = M1[j·m + k, j]
    negative = a < 0
    # members[j][s] lists block j's units with sign s (0: a >= 0, 1: a < 0), in increasing order.
    members = [(units[j][~negative[j]], units[j][negative[j]]) for j in range(d_in)]
    if cap is not None:
        if isinstance(cap, bool) or not 1 <= int(cap) <= MAX_COEFFICIENTS:
            raise InvalidInput(f"cap {cap!r} must be an integer in 1..{MAX_COEFFICIENTS}")
        members = [tuple(g[np.sort(np.argsort(-np.abs(first[g, j]), kind="stable")[:int(cap)])] for g in pair)
                   for j, pair in enumerate(members)]
    sizes = np.array([[g.size for g in pair] for pair in members], dtype=np.int64).reshape(d_in, 2)
    largest = int(sizes.max())
    if largest > MAX_COEFFICIENTS:
        j, s = np.unravel_index(int(np.argmax(sizes)), sizes.shape)
        sign = "negative" if s else "non-negative"
        raise InvalidInput(f"layer {layer}: block {j} has {largest} units with {sign} first-layer weight; the exact "
                           f"solver handles at most {MAX_COEFFICIENTS} (use a smaller C or hidden width)")
    # group[j, s] lists members[j][s], padded with -1.
    group = np.full((d_in, 2, largest), -1, dtype=np.int64)
    for j in range(d_in):
        for s, chosen in enumerate(members[j]):
            group[j, s, :chosen.size] = chosen
    valid = group >= 0
    safe = np.where(valid, group, 0)
    magnitude = np.abs(first[safe, np.arange(d_in)[:, None, None]])              # |a_u|, (d_in, 2, largest)
    mask2 = np.zeros((d_out, n), dtype=np.uint8)
    errors = np.empty((d_out, d_in, 2))
    # Output rows in chunks of about 2^22 coefficients (32 MiB), so wide layers do not need one huge array.
    rows_per_chunk = max(1, (1 << 22) // max(1, d_in * 2 * largest))
    for start in range(0, d_out, rows_per_chunk):
        rows = np.arange(start, min(d_out, start + rows_per_chunk))
        coefficients = np.where(valid[None], magnitude[None] * second[rows][:, safe], 0.0)  # (rows, d_in, 2, largest)
        targets = np.stack([w[rows], -w[rows]], axis=2)                                    # (rows, d_in, 2)
        solution = closest_subset_sums(coefficients, targets,
                                       sizes=np.broadcast_to(sizes, targets.shape).copy())
        chosen = solution.selected()                                  # (rows, d_in, 2, largest)
        row_index = np.broadcast_to(rows[:, None, None, None], chosen.shape)
        mask2[row_index[chosen], np.broadcast_to(safe, chosen.shape)[chosen]] = 1
        errors[rows] = solution.errors
    mask1 = np.zeros((n, d_in), dtype=np.uint8)
    mask1[units.reshape(-1), np.repeat(np.arange(d_in), m)] = 1
    return mask1, mask2, errors


def build_ticket(target, eps: float, delta: float = 0.01, *, c: float | None = None, hidden=None, seed: int = 0,
                 rescale: bool = False, samples: int = 4096, restarts: int = 8) -> Ticket:
    """Draw the depth-2l random network and prune it to approximate ``target`` (Pensia et al.'s construction).

    Parameters
    ----------
    target : list of matrices W_1..W_l (W_i: d_i × d_{i−1}), ‖W_i‖₂ ≤ 1 (or ``rescale=True``)
    eps, delta : accuracy and failure probability, both in (0, 1); they set the widths through C
    c : the constant C of :func:`pensia_hidden_widths` (default ``DEFAULT_C`` = 5; the paper gives no value)
    hidden : explicit hidden widths n_1..n_l (multiples of d_{i−1}); excludes ``c``
    seed : seeds the random network (and the empirical-sup sample points)
    samples, restarts : sphere points and local maximisations of the empirical sup error

    Returns
    -------
    Ticket
        with per-weight errors, the certified and the empirical sup error, and parameter counts.

    Examples
    --------
    >>> target = random_target([6, 8, 4], seed=0)
    >>> ticket = build_ticket(target, eps=0.01, delta=0.01, c=5, seed=0)
    >>> ticket.ok, ticket.sup_error_empirical <= ticket.sup_error_certified <= 0.01
    (True, True)
    """
    started = time.perf_counter()
    matrices = check_target(target, rescale=rescale)
    eps, delta = check_unit_interval("eps", eps), check_unit_interval("delta", delta)
    seed = check_seed(seed)
    dims = [matrices[0].shape[1]] + [w.shape[0] for w in matrices]
    if hidden is not None and c is not None:
        raise InvalidInput("give either C or explicit hidden widths, not both")
    if hidden is not None:
        widths = _check_hidden(hidden, dims)
        c_used = None
    else:
        c_used = DEFAULT_C if c is None else check_real("C", c, 0.0, low_open=True)
        widths = pensia_hidden_widths(dims, eps, delta, c_used)
    check_block_sizes(dims, widths)
    samples, restarts = check_search(dims[0], samples, restarts)
    require(f"a ticket for widths {dims} with hidden widths {widths}", ticket_memory(dims, widths, samples),
            advice="use a smaller C, smaller hidden widths or fewer --samples")
    random = draw_random_network(dims, widths, seed)
    masks = []
    for i, w in enumerate(matrices):
        mask1, mask2, _ = prune_pair(w, random[2 * i], random[2 * i + 1], layer=i + 1)
        masks += [mask1, mask2]
    return assess_ticket(matrices, random, masks, eps=eps, delta=delta, c=c_used, seed=seed, samples=samples,
                         restarts=restarts, started=started)


def certify(target, random, masks):
    """(certified sup error, per-layer bounds, Ŵ⁺, Ŵ⁻) of a pruned network whose pairs have in-degree <= 1: the
    bound of :func:`verify.tickets.sup_error.certified_sup_error` from the matrices and masks alone."""
    plus, minus, terms = [], [], []
    for i in range(len(target)):
        first, second = random[2 * i] * masks[2 * i], random[2 * i + 1] * masks[2 * i + 1]
        w_plus, w_minus = pair_matrices(first, second)
        plus.append(w_plus)
        minus.append(w_minus)
        terms.append(int(masks[2 * i].sum(axis=0).max()))  # most products summed into one entry of Ŵ^±
    certified, layers = certified_sup_error(target, plus, minus, terms)
    return certified, layers, plus, minus


def assess_ticket(target, random, masks, *, eps, delta, c, seed, samples=4096, restarts=8, started=None) -> Ticket:
    """Errors, certified and empirical sup error of a pruned network whose pairs have in-degree <= 1.

    Used by :func:`build_ticket` and to re-verify a saved ticket (:mod:`verify.tickets.ticketfile`); nothing is taken
    from the construction except the matrices and masks themselves.
    """
    started = time.perf_counter() if started is None else started
    certified, layers, plus, minus = certify(target, random, masks)
    pruned = [m * k for m, k in zip(random, masks)]
    empirical = empirical_sup_error(target, pruned, samples=samples, restarts=restarts, seed=seed)
    return Ticket(list(target), list(random), list(masks), eps, delta, c, seed, plus, minus, certified, empirical,
                  layers, time.perf_counter() - started, samples, restarts)


#: Default constant C for :func:`pensia_hidden_widths` when none is given.  The paper gives no value; 5 is this
#: project's choice: on the 6–8–4 example at ε = δ = 0.01 it succeeded for every seed tried, C = 4 did not
#: (docs/guide/tickets.md, "How large must C be?").
DEFAULT_C = 5.0
