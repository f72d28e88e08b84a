"""The sup error of a pruned two-layers-for-one network against its target: a certified upper bound and an
empirical lower bound.

Setting (Pensia et al. 2020, spec pensia2020.md): a target f(x) = W_l σ(… σ(W_1 x)) without biases, σ = ReLU, and a
pruned network whose pair i (matrices M_{2i−1}, M_{2i}) keeps at most one incoming edge per hidden unit.  A hidden
unit u reading coordinate j with first-layer weight a_u and second-layer weights b_{·,u} contributes
b σ(a_u h_j) = (a_u⁺ b) σ(h_j) + (a_u⁻ b) σ(−h_j) with a⁺ = max(a, 0), a⁻ = max(−a, 0), so the pair computes

.. math::

    P_i(h) = Ŵ⁺_i σ(h) − Ŵ⁻_i σ(−h),\\qquad Ŵ⁺_i = M̃_{2i}\\,\\max(M̃_{2i−1}, 0),\\quad
    Ŵ⁻_i = M̃_{2i}\\,\\min(M̃_{2i−1}, 0)

(M̃ = the masked matrix), and it equals h ↦ W_i h exactly when Ŵ⁺_i = Ŵ⁻_i = W_i, because W h = W σ(h) − W σ(−h).

**Certified bound** [derived; the proof is the one sketched in the spec's "Per-layer error", made explicit here].
Let E^±_i = Ŵ^±_i − W_i, y_0 = x, z_i = W_i y_{i−1}, y_i = σ(z_i), and ẑ_i, ŷ_i the same for the ticket.

1. P_i(h) − W_i h = [E⁺_i, −E⁻_i] φ(h) with φ(h) = (σ(h), σ(−h)), and ‖φ(h)‖ = ‖h‖; so
   ‖P_i(h) − W_i h‖ ≤ e_i ‖h‖ with e_i = ‖[E⁺_i, −E⁻_i]‖₂.
2. φ is 1-Lipschitz (per coordinate: same signs give |h − h'|; opposite signs give h² + h'² ≤ (h − h')²), so P_i is
   L_i-Lipschitz with L_i = ‖[Ŵ⁺_i, −Ŵ⁻_i]‖₂.
3. For i ≥ 2 the inputs of both networks are ReLU outputs, h ≥ 0, so φ(h) = (h, 0): e_i = ‖E⁺_i‖₂ and
   L_i = ‖Ŵ⁺_i‖₂ suffice (the σ(−h) units of those layers never fire).
4. ‖y_{i−1}‖ ≤ ρ_{i−1} = Π_{k<i} ‖W_k‖₂ for ‖x‖ ≤ 1 (σ is 1-Lipschitz and σ(0) = 0).
5. δ_i = ‖ẑ_i − z_i‖ ≤ ‖P_i(ŷ_{i−1}) − P_i(y_{i−1})‖ + ‖P_i(y_{i−1}) − W_i y_{i−1}‖ ≤ L_i δ_{i−1} + e_i ρ_{i−1},
   with δ_0 = 0 and ‖ŷ_{i−1} − y_{i−1}‖ ≤ δ_{i−1}.  Hence sup_{‖x‖≤1} ‖f(x) − g(x)‖₂ ≤ δ_l.

The bound is about the stored weights in exact arithmetic.  Rounding is accounted for outward: every spectral norm
(LAPACK SVD, relative error a small multiple of max(m, n)·2⁻⁵³) is inflated by a relative 1e-10, and every e_i and
L_i by an absolute √(entries)·(k+2)·k·2⁻⁵³ for the rounding of the k-term sums forming Ŵ^± and of E^± = Ŵ^± − W
(|terms| ≤ 1 and |W_ij| ≤ 1; an entrywise error τ moves a spectral norm by at most the Frobenius norm √(entries)·τ).

**Empirical sup** (a lower bound: every reported value is attained).  f and g are positively homogeneous of degree 1
(no biases, ReLU), so ‖f(x) − g(x)‖ = ‖x‖·‖f(x/‖x‖) − g(x/‖x‖)‖ and the sup over the ball is the sup over the sphere.
It is estimated by the maximum over random points of the sphere and the ± coordinate vectors, then refined by local
maximisation (L-BFGS on x ↦ ‖f(x) − g(x)‖/‖x‖ with its exact gradient, the function being piecewise linear) and by
the top singular vector of the local Jacobian of f − g at each optimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput
from verify.streams import PURPOSE_TICKETS, stream
from verify.validate import MAX_COUNT, check_int

#: Relative tolerance on the target class's ‖W_i‖₂ ≤ 1 (the rounding of a computed spectral norm); the certified
#: bound assumes it.
NORM_TOLERANCE = 1e-12
_NORM_INFLATION = 1e-10
_UNIT_ROUNDOFF = 2.0**-53

#: Stream block of the empirical-sup sample points (PURPOSE_TICKETS); blocks 0.. are the target and the matrices.
BLOCK_EMPIRICAL = 1


def relu_network(matrices, inputs) -> np.ndarray:
    """x ↦ M_k σ(… σ(M_1 x)) for a batch of inputs (rows): ReLU after every matrix except the last.

    The one forward pass of this module (kept small so it can be switched to the shared engine ``verify.nets.network``).
    """
    h = np.asarray(inputs, dtype=np.float64)
    for k, matrix in enumerate(matrices):
        h = h @ matrix.T
        if k < len(matrices) - 1:
            h = np.maximum(h, 0.0)
    return h


def relu_network_jacobian(matrices, x) -> np.ndarray:
    """Jacobian of :func:`relu_network` at one input x (the linear map of x's activation region)."""
    jacobian = np.eye(x.shape[0])
    h = x
    for k, matrix in enumerate(matrices):
        h = matrix @ h
        jacobian = matrix @ jacobian
        if k < len(matrices) - 1:
            active = h > 0
            h = np.where(active, h, 0.0)
            jacobian = jacobian * active[:, None]
    return jacobian


def relu_network_vjp(matrices, x, cotangent) -> np.ndarray:
    """Jᵀ·cotangent for the Jacobian J of :func:`relu_network` at one input x (backpropagation)."""
    actives = []
    h = x
    for matrix in matrices[:-1]:
        h = matrix @ h
        actives.append(h > 0)
        h = np.where(actives[-1], h, 0.0)
    g = matrices[-1].T @ cotangent
    for k in range(len(matrices) - 2, -1, -1):
        g = matrices[k].T @ np.where(actives[k], g, 0.0)
    return g


def pair_matrices(first, second) -> tuple[np.ndarray, np.ndarray]:
    """(Ŵ⁺, Ŵ⁻) of one pruned pair from its masked matrices (valid when every hidden unit has in-degree <= 1)."""
    return second @ np.maximum(first, 0.0), second @ np.minimum(first, 0.0)


def _spectral_norm(matrix: np.ndarray) -> float:
    if matrix.size == 0:
        return 0.0
    return float(np.linalg.norm(matrix, 2)) * (1.0 + _NORM_INFLATION)


@dataclass(frozen=True)
class LayerErrorBound:
    """One target layer's terms in δ_i ≤ L_i·δ_{i−1} + e_i·ρ_{i−1} (see the module docstring)."""

    layer: int                 # i, 1-based
    error_norm: float          # e_i
    lipschitz: float           # L_i
    input_norm_bound: float    # ρ_{i−1} = Π_{k<i} ‖W_k‖
    propagated: float          # δ_i

    def as_dict(self) -> dict:
        return {key: (int(value) if key == "layer" else float(value)) for key, value in self.__dict__.items()}


def certified_sup_error(target, plus, minus, terms=None) -> tuple[float, list[LayerErrorBound]]:
    """Certified bound on sup_{‖x‖≤1} ‖f(x) − g(x)‖₂ from the target W_i and each pair's (Ŵ⁺_i, Ŵ⁻_i).

    ``terms[i]`` is the largest number of products summed into one entry of Ŵ^±_i (for the rounding slack; default:
    the pair's hidden width).  Returns the bound δ_l and the per-layer terms.
    """
    layers = []
    delta = 0.0
    rho = 1.0
    for i, (w, w_plus, w_minus) in enumerate(zip(target, plus, minus)):
        k = int(terms[i]) if terms is not None else w.shape[1]
        entries = 2 * w.size if i == 0 else w.size   # entries of the matrix whose norm is taken
        slack = np.sqrt(entries) * (k + 2) * max(k, 1) * _UNIT_ROUNDOFF
        error_plus = w_plus - w
        if i == 0:   # the input x has any sign
            e = _spectral_norm(np.hstack([error_plus, -(w_minus - w)]))
            lipschitz = _spectral_norm(np.hstack([w_plus, -w_minus]))
        else:        # inputs are ReLU outputs: only σ(h) = h is live
            e = _spectral_norm(error_plus)
            lipschitz = _spectral_norm(w_plus)
        e += slack
        lipschitz += slack
        delta = lipschitz * delta + e * rho
        layers.append(LayerErrorBound(i + 1, float(e), float(lipschitz), float(rho), float(delta)))
        rho *= _spectral_norm(w)
    return delta, layers


def _compact(matrix):
    """A mostly-zero matrix (a pruned one) as scipy CSR, so products cost its kept entries; others unchanged."""
    from scipy import sparse

    if matrix.size >= 4096 and np.count_nonzero(matrix) <= 0.25 * matrix.size:
        return sparse.csr_array(matrix)
    return matrix


def sphere_points(dimension: int, count: int, seed: int) -> np.ndarray:
    """``count`` uniform points of the unit sphere in R^dimension followed by the ± coordinate vectors."""
    rng = stream(seed, PURPOSE_TICKETS, BLOCK_EMPIRICAL)
    points = rng.standard_normal((count, dimension))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    basis = np.eye(dimension)
    return np.vstack([points, basis, -basis])


def search_memory(dimension: int, samples: int, widest: int, layers: int, batch: int = 512) -> int:
    """Bytes the empirical search holds at its peak: the sphere points and the ± basis (twice, while stacking),
    the identity it is built from, their values, and one batch through both networks."""
    points = samples + 2 * dimension
    return 8 * (2 * points * dimension + 3 * dimension * dimension + points + 4 * batch * widest * layers)


def check_search(dimension: int, samples, restarts) -> tuple[int, int]:
    """(samples, restarts) of the empirical search: counts >= 0, and no more restarts than there are candidate
    points (samples + 2·dimension): a larger number could only be cut silently."""
    samples = check_int("samples", samples, 0, MAX_COUNT, hint="sphere points of the empirical sup error")
    restarts = check_int("restarts", restarts, 0, MAX_COUNT, hint="local maximisations of the empirical sup error")
    if restarts > samples + 2 * dimension:
        raise InvalidInput(f"restarts {restarts} must be at most the number of candidate points, samples + 2 × "
                           f"dimension = {samples + 2 * dimension} (each restart starts from a different point)")
    return samples, restarts


def empirical_sup_error(target, ticket, *, samples: int = 4096, restarts: int = 8, seed: int = 0,
                        batch: int = 512) -> float:
    """Largest ‖f(x) − g(x)‖ found on the unit sphere: sampling, then local maximisation from the best samples.

    ``target`` and ``ticket`` are lists of matrices for :func:`relu_network`.  Deterministic for a given seed.
    The local Jacobian's top singular vector is tried only for inputs of dimension <= 256.  BLAS runs on one
    thread here: the search is a long chain of small products, which threaded BLAS only slows down (about 10× on a
    loaded 2-core machine), and one thread also keeps the rounding independent of the BLAS thread count.
    """
    from threadpoolctl import threadpool_limits

    from verify.memory import require

    dimension = target[0].shape[1]
    samples, restarts = check_search(dimension, samples, restarts)
    widest = max(max(m.shape) for m in list(target) + list(ticket))
    require(f"the empirical sup error with {samples:,} samples in dimension {dimension}",
            [("sphere points and values", search_memory(dimension, samples, widest, len(target) + len(ticket),
                                                        batch))],
            advice="use fewer --samples")
    with threadpool_limits(limits=1, user_api="blas"):
        return _empirical_sup_error(target, ticket, samples, restarts, seed, batch)


def _empirical_sup_error(target, ticket, samples, restarts, seed, batch) -> float:
    from scipy.optimize import minimize

    target = [_compact(m) for m in target]
    ticket = [_compact(m) for m in ticket]
    dimension = target[0].shape[1]
    points = sphere_points(dimension, samples, seed)
    values = np.concatenate([
        np.linalg.norm(relu_network(target, chunk) - relu_network(ticket, chunk), axis=1)
        for chunk in np.array_split(points, max(1, -(-points.shape[0] // batch)))])
    best = float(values.max())

    def ratio(x):
        norm = np.linalg.norm(x)
        if norm == 0.0:
            return 0.0
        return float(np.linalg.norm(relu_network(target, x[None]) - relu_network(ticket, x[None]))) / norm

    def negative_ratio_and_gradient(x):
        # F(x) = ‖r(x)‖/‖x‖ with r = f − g piecewise linear and homogeneous (r = J x), so
        # ∇F = Jᵀr/(‖r‖‖x‖) − ‖r‖ x/‖x‖³, with Jᵀr by backpropagation through each network.
        norm = np.linalg.norm(x)
        r = (relu_network(target, x[None]) - relu_network(ticket, x[None]))[0]
        r_norm = np.linalg.norm(r)
        if r_norm == 0.0 or norm == 0.0:
            return 0.0, np.zeros_like(x)
        pullback = relu_network_vjp(target, x, r) - relu_network_vjp(ticket, x, r)
        gradient = pullback / (r_norm * norm) - r_norm * x / norm**3
        return -r_norm / norm, -gradient

    for start in np.argsort(-values, kind="stable")[:restarts]:
        result = minimize(negative_ratio_and_gradient, points[start], jac=True, method="L-BFGS-B",
                          options={"maxiter": 200})
        x = result.x
        best = max(best, ratio(x))
        if dimension <= 256:
            local = np.asarray(relu_network_jacobian(target, x) - relu_network_jacobian(ticket, x))
            top = np.linalg.svd(local, full_matrices=False)[2][0]
            best = max(best, ratio(top), ratio(-top))
    return best
