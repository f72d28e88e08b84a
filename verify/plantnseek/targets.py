"""The hand-crafted target tickets of Plant 'n' Seek: ReLU, Circle and Helix at any depth from 3 to 100.

Fischer & Burkholz (ICLR 2022), spec plantnseek.md "Target tickets" [paper + code].  Every target is an ordinary
ReLU network (:class:`verify.nets.network.Network`): h_i = σ(W_i h_{i−1} + b_i), W_i of shape (n_i, n_{i−1}), the last
layer linear.

**Depth** here is the paper's and the public code's: the number of *neuron layers including input and output*, so a
target of depth D has D − 1 weight matrices (``Target.network.depth == D − 1`` in :mod:`verify.nets.network`' counting).

The building block is a *hinge expansion* of a function f on knots s_0 < … < s_{K−1} (equally spaced, Δ = s_1 − s_0)
with signs p_j ∈ {±1}, p_0 = +1: hidden neurons h_j = σ(p_j (t − s_j)) and an output c + Σ_j a_j h_j that equals the
piecewise-linear interpolant of f at the knots on [s_0, s_{K−1}] and continues past s_{K−1} along the chord to
s_{K−1} + Δ.  With the chord slopes m_j = (f(s_{j+1}) − f(s_j))/Δ (j = 0..K−1, the last one past the end),

.. math::

    a_j = m_j − m_{j−1}\\ (j ≥ 1), \\qquad a_0 = m_0 + \\sum_{j ≥ 1,\\, p_j = −1} a_j, \\qquad
    c = f(s_0) − \\sum_j a_j σ(p_j (s_0 − s_j)),

because σ(s_j − t) = σ(t − s_j) − (t − s_j): a neuron of sign −1 contributes the same kink plus a linear term that
a_0 absorbs.  (Derived here; it is the construction the public code uses.)

Targets
-------
* **ReLU** (1 → 1): one path of neurons with weight 1 and bias 0; D − 1 weights, no non-zero bias.
* **Helix** (1 → 3), K = 30 knots: depth 3 — knots on [−1, 1] of x, then the three coordinates.  Depth ≥ 4 —
  layer 1 is σ(x + 1) (so t = x + 1 ∈ [0, 2]), layer 2 the K knots on [0, 2] with alternating signs, layer 3 the three
  coordinates f_c(t − 1) from the slope changes; deeper networks add identity layers (3 neurons), the coordinates
  lifted by +1 on entering the ReLU chain and lowered by −1 in the (linear) output.  Depth 5: 1→1→30→3→3.
* **Circle** (2 → 4 logits), K = 10 knots per coordinate: the logits are ℓ(ĝ) = 50·(0.1ĝ, 0.2ĝ − 0.02,
  0.4ĝ − 0.12, 0.8ĝ − 0.40) (:func:`verify.data.tasks.circle_logits`) of a piecewise-linear ĝ ≈ g = x₁² + x₂².
  Depth 3: knots of t² on [−1, 1] for x₁ and x₂ (sign of the last knot −1).  Depth 4: layer 1 σ(±x₁), σ(±x₂), then
  knots on [0, 1] of |x_i| = σ(x_i) + σ(−x_i).  Depth 5: layer 2 computes |x₁|, |x₂| and layer 3 holds the knots
  (last sign +1): 2→4→2→20→4.  Depth D ≥ 6 adds D − 5 *folds* of 3 neurons each: fold l reflects the point
  (|x₁|, |x₂|) across the line at angle φ_l = π/2^{l+1}, keeping its norm, with neurons σ(v·p), σ(v⊥·p), σ(−v⊥·p)
  (v = (cos φ, sin φ), v⊥ = (sin φ, −cos φ)); the next fold reads the reflected point back as
  p' = n₀ v + (n₁ + n₂) v⊥.  After the folds g = (v·p)² + (v⊥·p)², with v·p ∈ [0, √2] (n_c knots) and
  |v⊥·p| ≤ sin φ·√0.7 + 0.01 wherever g ≤ 0.7 (n_o knots); n_c = min(⌈√2/(c_o + √2)·2K⌉, 2K − 3),
  n_o = max(2K − n_c, 3) [code].

Non-zero counts.  The third Helix coordinate is linear in x, so its slope changes are zero in exact arithmetic; in
floating point most of them are rounding residues of order 1e−16 (the chord slopes of a linear function differ in the
last bits).  They are kept as they are computed, because the spec's counts and ground-truth densities (Helix depth 5:
120 weights; depth 3 at width 100: 0.2875) were measured with them [code]; :meth:`Target.negligible` lists them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from verify.data.tasks import CIRCLE_BOUNDARIES, CIRCLE_OFFSETS, CIRCLE_SCALE, CIRCLE_SLOPES
from verify.data.tasks import helix_target as noiseless_helix
from verify.errors import InvalidInput
from verify.nets.network import Network
from verify.validate import check_choice, check_int

TASKS = ("relu", "circle", "helix")
HELIX_KNOTS = 30
CIRCLE_KNOTS = 10
MIN_DEPTH = 3
# Deeper, the planted scales (products of per-layer rescalings) leave float64's exact range: at depth 200 the
# rescaled ticket is off by 0.07, at 300 by 1.3 (measured); up to 100 it is exact to ~1e-14 for every task.
MAX_DEPTH = 100
NEGLIGIBLE = 1e-12  # relative size below which a target entry is a rounding residue (see Target.negligible)


@dataclass(frozen=True, eq=False)
class Target:
    """A target ticket: ``network`` (dense arrays whose non-zero entries are the ticket) and what it computes.

    ``depth`` counts neuron layers including input and output (the paper's convention); ``network.depth`` is the
    number of weight matrices, ``depth − 1``.
    """

    task: str
    depth: int
    network: Network
    description: str

    @property
    def widths(self) -> tuple[int, ...]:
        return self.network.widths

    @property
    def weights(self) -> tuple[np.ndarray, ...]:
        return self.network.weights

    @property
    def biases(self) -> tuple[np.ndarray, ...]:
        return self.network.biases

    def __call__(self, x) -> np.ndarray:
        """The target's outputs (B, n_out) for inputs (B, n_in): regression values or Circle's four logits."""
        return self.network.forward(x)

    def nonzero_weights(self) -> int:
        return int(sum(np.count_nonzero(w) for w in self.weights))

    def nonzero_biases(self) -> int:
        return int(sum(np.count_nonzero(b) for b in self.biases))

    def mother_widths(self, width: int) -> tuple[int, ...]:
        """Widths of a mother network of the same depth whose hidden layers all have ``width`` neurons."""
        return (self.widths[0],) + (int(width),) * (self.depth - 2) + (self.widths[-1],)

    def ground_truth_density(self, width: int) -> float:
        """Non-zero target weights / weights of the mother network of ``width`` (biases not counted, as in the
        paper's "ticket sparsity")."""
        widths = self.mother_widths(width)
        total = sum(a * b for a, b in zip(widths[:-1], widths[1:]))
        return self.nonzero_weights() / total

    def negligible(self) -> list[tuple[str, int, tuple[int, ...]]]:
        """Non-zero entries smaller than ``NEGLIGIBLE`` times their layer's largest entry: floating-point residues
        (``("W", layer, index)`` or ``("b", layer, index)``, layers numbered from 1)."""
        found = []
        for kind, arrays in (("W", self.weights), ("b", self.biases)):
            for i, a in enumerate(arrays):
                top = np.abs(a).max()
                small = (a != 0) & (np.abs(a) < NEGLIGIBLE * top)
                found += [(kind, i + 1, tuple(int(k) for k in idx)) for idx in np.argwhere(small)]
        return found

    def summary(self) -> dict:
        return {"task": self.task, "depth": self.depth, "widths": list(self.widths),
                "nonzero_weights": self.nonzero_weights(), "nonzero_biases": self.nonzero_biases(),
                "negligible_entries": len(self.negligible())}

    def __repr__(self) -> str:
        return (f"Target({self.task!r}, depth {self.depth}: {'→'.join(map(str, self.widths))}, "
                f"{self.nonzero_weights()} weights, {self.nonzero_biases()} biases)")


# -- the hinge expansion ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hinges:
    """h_j = σ(slope_j · t + offset_j); f(t) ≈ constant + Σ_j coefficient_j h_j (see the module docstring)."""

    knots: np.ndarray
    signs: np.ndarray
    coefficients: np.ndarray
    constant: float

    @property
    def slopes(self) -> np.ndarray:          # incoming weight of each hinge neuron
        return self.signs.astype(np.float64)

    @property
    def offsets(self) -> np.ndarray:         # bias of each hinge neuron
        return -self.signs * self.knots


def alternating_signs(count: int, last: int | None = None) -> np.ndarray:
    """+1, −1, +1, … (p_0 = +1), optionally with the last sign forced to ``last``."""
    signs = np.where(np.arange(count) % 2 == 0, 1.0, -1.0)
    if last is not None:
        signs[-1] = float(last)
    signs[0] = 1.0
    return signs


def hinge_expansion(function, knots, signs) -> Hinges:
    """The hinge expansion of ``function`` (vectorised, float → float) on equally spaced ``knots`` with ``signs``."""
    knots = np.asarray(knots, dtype=np.float64)
    signs = np.asarray(signs, dtype=np.float64)
    if knots.ndim != 1 or knots.size < 2 or signs.shape != knots.shape or signs[0] != 1.0:
        raise InvalidInput("hinge expansion needs >= 2 knots and signs of the same length with signs[0] = +1")
    step = knots[1] - knots[0]
    points = np.append(knots, knots[-1] + step)
    values = np.asarray(function(points), dtype=np.float64).reshape(-1)
    chords = (values[1:] - values[:-1]) / (points[1:] - points[:-1])
    coefficients = np.empty_like(knots)
    coefficients[1:] = chords[1:] - chords[:-1]
    coefficients[0] = chords[0] + coefficients[1:][signs[1:] < 0].sum()
    at_first = np.maximum(signs * (knots[0] - knots), 0.0)
    constant = float(values[0] - np.sum(at_first * coefficients))
    return Hinges(knots, signs, coefficients, constant)


# -- ReLU --------------------------------------------------------------------------------------------------------
def relu_target(depth: int) -> Target:
    """max(0, x) as a path of one neuron per layer (weights 1, biases 0)."""
    depth = check_depth(depth)
    weights = [np.ones((1, 1)) for _ in range(depth - 1)]
    biases = [np.zeros(1) for _ in range(depth - 1)]
    return Target("relu", depth, Network(weights, biases), "ReLU: one path of unit weights, zero biases")


# -- Helix -------------------------------------------------------------------------------------------------------
def helix_coordinates(x) -> np.ndarray:
    """(u cos u, u sin u, u)/(8π), u = 5π + 3πx (the noiseless Helix), shape (N, 3)."""
    return noiseless_helix(x)


def _helix_coordinate(c: int):
    def f(x):
        return helix_coordinates(x)[:, c]
    return f


def helix_target(depth: int, knots: int = HELIX_KNOTS) -> Target:
    """The Helix target of the module docstring (K = ``knots``)."""
    depth = check_depth(depth)
    knots = _check_knots(knots)
    signs = alternating_signs(knots)
    if depth == 3:
        grid = np.linspace(-1.0, 1.0, knots)
        expansions = [hinge_expansion(_helix_coordinate(c), grid, signs) for c in range(3)]
        first = expansions[0]
        weights = [first.slopes[:, None], np.stack([e.coefficients for e in expansions])]
        biases = [first.offsets, np.array([e.constant for e in expansions])]
        return Target("helix", depth, Network(weights, biases), f"Helix: {knots} knots on [-1, 1], linear output")
    grid = np.linspace(0.0, 2.0, knots)
    expansions = [hinge_expansion(lambda t, c=c: _helix_coordinate(c)(t - 1.0), grid, signs) for c in range(3)]
    first = expansions[0]
    weights = [np.ones((1, 1)), first.slopes[:, None], np.stack([e.coefficients for e in expansions])]
    biases = [np.ones(1), first.offsets, np.array([e.constant for e in expansions])]
    if depth > 4:
        biases[-1] = biases[-1] + 1.0      # lift into the ReLU chain (every coordinate of the helix is >= -1)
        for _ in range(depth - 4):
            weights.append(np.eye(3))
            biases.append(np.zeros(3))
        biases[-1] = np.full(3, -1.0)      # and lower again in the linear output layer
    return Target("helix", depth, Network(weights, biases),
                  f"Helix: sigma(x+1), {knots} knots on [0, 2], 3 coordinates" +
                  (f", {depth - 4} identity layer(s)" if depth > 4 else ""))


# -- Circle ------------------------------------------------------------------------------------------------------
def _square(t):
    return np.asarray(t, dtype=np.float64) ** 2


def circle_fold_angles(depth: int) -> list[float]:
    """φ_l = π/2^{l+1}, l = 1..D − 5: the fold angles of a Circle target of depth D."""
    return [math.pi / 2 ** (level + 1) for level in range(1, depth - 4)]


def circle_knot_counts(depth: int, knots: int = CIRCLE_KNOTS) -> tuple[int, int, float]:
    """(n_c, n_o, c_o): knots on the along-axis coordinate [0, √2], on the across-axis coordinate [0, c_o] (depth ≥ 6);
    at depth ≤ 5 both coordinates have ``knots`` knots on [0, 1] (or [−1, 1] at depth 3)."""
    if depth <= 5:
        return knots, knots, 1.0
    phi = circle_fold_angles(depth)[-1]
    across = math.sin(phi) * math.sqrt(CIRCLE_BOUNDARIES[-1]) + 0.01
    along = min(math.ceil(math.sqrt(2.0) / (across + math.sqrt(2.0)) * knots * 2), knots * 2 - 3)
    return along, max(2 * knots - along, 3), across


def circle_target(depth: int, knots: int = CIRCLE_KNOTS) -> Target:
    """The Circle target of the module docstring (K = ``knots`` per coordinate)."""
    depth = check_depth(depth)
    knots = _check_knots(knots)
    weights, biases = [], []
    if depth == 3:
        grid, last, inputs = np.linspace(-1.0, 1.0, knots), -1, [[0], [1]]
    else:
        grid, last = np.linspace(0.0, 1.0, knots), (-1 if depth == 4 else 1)
        split = np.zeros((4, 2))
        split[0, 0], split[1, 0], split[2, 1], split[3, 1] = 1.0, -1.0, 1.0, -1.0   # σ(x1), σ(−x1), σ(x2), σ(−x2)
        weights.append(split)
        biases.append(np.zeros(4))
        inputs = [[0, 1], [2, 3]]                                                  # |x_i| = σ(x_i) + σ(−x_i)
        if depth >= 5:
            absolute = np.zeros((2, 4))
            absolute[0, :2] = absolute[1, 2:] = 1.0
            weights.append(absolute)
            biases.append(np.zeros(2))
            inputs = [[0], [1]]
    blocks = [(hinge_expansion(_square, grid, alternating_signs(knots, last)), inputs[0]),
              (hinge_expansion(_square, grid, alternating_signs(knots, last)), inputs[1])]
    if depth >= 6:
        reading = np.eye(2)                 # the 2-D point p = reading @ (previous layer's neurons)
        for phi in circle_fold_angles(depth):
            v = np.array([math.cos(phi), math.sin(phi)])
            v_perp = np.array([math.sin(phi), -math.cos(phi)])
            fold = np.stack([v @ reading, v_perp @ reading, -(v_perp @ reading)])
            weights.append(fold)
            biases.append(np.zeros(3))
            reading = np.array([[v[0], v_perp[0], v_perp[0]], [v[1], v_perp[1], v_perp[1]]])
        along, across_count, across = circle_knot_counts(depth, knots)
        blocks = [(hinge_expansion(_square, np.linspace(0.0, math.sqrt(2.0), along), alternating_signs(along, 1)),
                   [0]),
                  (hinge_expansion(_square, np.linspace(0.0, across, across_count),
                                   alternating_signs(across_count, 1)), [1, 2])]
    n_in = weights[-1].shape[0] if weights else 2
    hidden = sum(block.knots.size for block, _ in blocks)
    w_knots = np.zeros((hidden, n_in))
    b_knots = np.zeros(hidden)
    w_out = np.zeros((4, hidden))
    alpha = CIRCLE_SCALE * CIRCLE_SLOPES
    beta = CIRCLE_SCALE * CIRCLE_OFFSETS
    start = 0
    constant = 0.0
    for block, sources in blocks:
        rows = slice(start, start + block.knots.size)
        for source in sources:
            w_knots[rows, source] = block.slopes
        b_knots[rows] = block.offsets
        w_out[:, rows] = alpha[:, None] * block.coefficients[None, :]
        constant += block.constant
        start += block.knots.size
    weights += [w_knots, w_out]
    biases += [b_knots, alpha * constant + beta]
    return Target("circle", depth, Network(weights, biases),
                  f"Circle: 4 logits 50*(0.1g, 0.2g-0.02, 0.4g-0.12, 0.8g-0.4) of a piecewise-linear g "
                  f"({hidden} knots)" + (f", {depth - 5} fold(s)" if depth > 5 else ""))


# -- registry ----------------------------------------------------------------------------------------------------
def check_depth(depth) -> int:
    """A depth in neuron layers, input and output included (the paper's convention): 3 to 100."""
    return check_int("depth", depth, MIN_DEPTH, MAX_DEPTH, hint="neuron layers including input and output")


def _check_knots(knots) -> int:
    return check_int("knots", knots, 3)


def check_task(task: str) -> str:
    """One of the Plant 'n' Seek tasks."""
    return check_choice("task", task, TASKS)


def target(task: str, depth: int) -> Target:
    """The target ticket of ``task`` (relu, circle, helix) at ``depth`` neuron layers (≥ 3), with the paper's knot
    counts (Circle 10 per coordinate, Helix 30)."""
    check_task(task)
    return {"relu": relu_target, "circle": circle_target, "helix": helix_target}[task](depth)
