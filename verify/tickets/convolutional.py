"""da Cunha, Natale, Viennot (ICLR 2022), "Proving the lottery ticket hypothesis for convolutional neural networks".

What was read.  The paper's abstract (ICLR 2022 poster page, OpenReview Vjki79-619-): with high probability any
CNN can be approximated by pruning a random CNN whose size is larger by a logarithmic factor; keywords "random
subset sum".  The body could not be read here: the channel count is the catalog's ``dacunha2022.cnn_channels``
(n_i ≥ C·log(k_i² c_{i−1} c_i l / min(ε, δ)) random channels per input channel, 2l layers, [recalled]), and the
layout below is the natural reading of "Pensia et al.'s construction on each kernel coefficient" (spec beyond.md,
[restated]), as the public LT-existence code builds its 2L convolutional tickets (``prune_layer_first_2L``: a 1×1
convolution of degree one per input channel, then a k×k convolution whose coefficients are subset sums) [code].

Target: f(X) = K_l ⋆ σ(K_{l−1} ⋆ … σ(K_1 ⋆ X)), ReLU, no biases, kernels K_i of shape (c_i, c_{i−1}, k, k), zero
padding (k − 1)/2 and stride 1 (the spatial size is kept), with ‖K_i‖_∞ = max_o Σ_{j,p,q} |K_i[o, j, p, q]| ≤ 1 (the
operator norm of the convolution on ℓ∞ for inputs far from the border, and an upper bound at the border).  Input
domain: images with ‖X‖_∞ ≤ 1 (e.g. the 8×8 digits, pixels/16 ∈ [0, 1]); error max over all outputs |f − g|.
These norms are this project's choice (the paper's are [recalled] as max-norm inputs and ℓ1-type kernel norms).

Random CNN, pair i: a 1×1 convolution with n·c_{i−1} output channels, channel j·n + t reading input channel j only
(in-degree one, weight a), ReLU, then a k×k convolution (c_i, n·c_{i−1}, k, k); every weight U[−1, 1].  Pruning: for
every coefficient K[o, j, p, q], the subset of block j's channels with a ≥ 0 whose products a·B[o, u, p, q] sum
closest to K[o, j, p, q] and the subset with a < 0 whose products |a|·B sum closest to −K[o, j, p, q], exactly
(:func:`verify.tickets.construction.prune_pair` per kernel offset (p, q)).  Since σ(aX) = a⁺σ(X) + a⁻σ(−X) for every
pixel and zero padding commutes with σ, the pair computes P(X) = Ŵ⁺ ⋆ σ(X) − Ŵ⁻ ⋆ σ(−X) with
Ŵ^±[o, j, p, q] = Σ_{u∈block j} max(±a_u, 0)·(±1)·B[o, u, p, q] kept, i.e. Ŵ⁺ from the a ≥ 0 channels, Ŵ⁻ from
a < 0 (Ŵ⁻ = Σ a_u B, so Ŵ⁻ ≈ K), exactly Pensia et al.'s pair on every kernel coefficient.

**Certified bound** [derived here, ℓ∞ version of :mod:`verify.tickets.sup_error`].  With E^± = Ŵ^± − K_i:

1. per output entry, E⁺ ⋆ σ(h) − E⁻ ⋆ σ(−h) sums, over the input entries it reads, terms of which only one of
   σ(h), σ(−h) is non-zero: |P_i(h) − K_i ⋆ h| ≤ e_i ‖h‖_∞ with e_i = max_o Σ_{j,p,q} max(|E⁺|, |E⁻|);
2. likewise |P_i(h) − P_i(h')| ≤ L_i ‖h − h'‖_∞ with L_i = max_o Σ max(|Ŵ⁺|, |Ŵ⁻|) (opposite signs h > 0 > h'
   give |Ŵ⁺h + Ŵ⁻h'| ≤ max(|Ŵ⁺|, |Ŵ⁻|)(h − h'));
3. for i ≥ 2 both networks' inputs are ReLU outputs (h ≥ 0): e_i = max_o Σ|E⁺| and L_i = max_o Σ|Ŵ⁺| suffice;
4. ‖y_{i−1}‖_∞ ≤ ρ_{i−1} = Π_{k<i} ‖K_k‖_∞, and δ_i ≤ L_i δ_{i−1} + e_i ρ_{i−1}, δ_0 = 0:
   sup_{‖X‖_∞ ≤ 1} ‖f(X) − g(X)‖_∞ ≤ δ_l.

Zero padding only removes terms from a sum of absolute values, so the full-kernel sums bound the border outputs too.
Rounding: every e_i, L_i gets an absolute k²·c_{i−1}·(n+2)·n·2⁻⁵³ (sums of n products, |terms| ≤ 1) and a relative
1e-9.

Randomness: channel t of block j of pair i: a = the t-th draw of ``stream(seed, PURPOSE_TICKETS, KEY + i, j, 0)``,
its k×k weights to every output channel = slab t of the (n, c_i, k, k) draw of ``stream(…, KEY + i, j, 1)`` (nested:
the network with n channels per input channel is the first n of every block of a wider one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from verify.errors import InvalidInput
from verify.streams import PURPOSE_TICKETS, check_seed, stream
from verify.subsetsum.solve import MAX_COEFFICIENTS
from verify.tickets.activations import IDENTITY, RELU
from verify.tickets.construction import prune_pair
from verify.tickets.layered import Layer
from verify.validate import check_int, check_real

KEY = 8_300_000
_INFLATION = 1e-9
_UNIT_ROUNDOFF = 2.0 ** -53
NORM_TOLERANCE = 1e-12


def kernel_norm(kernels: np.ndarray) -> float:
    """‖K‖_∞ = max over output channels of the ℓ1 norm of the filter (the convolution's ℓ∞ operator bound)."""
    return float(np.abs(kernels).reshape(kernels.shape[0], -1).sum(axis=1).max())


def check_kernels(kernels, *, rescale: bool = False) -> list[np.ndarray]:
    """The target's kernels (c_i, c_{i−1}, k, k), odd square k, chained channels, ‖K_i‖_∞ ≤ 1 (or rescaled)."""
    if isinstance(kernels, np.ndarray):
        kernels = [kernels]
    out = []
    for i, kernel in enumerate(kernels, start=1):
        array = np.asarray(kernel)
        if array.dtype == object or not np.issubdtype(array.dtype, np.number):
            raise InvalidInput(f"target kernel K{i} must be numeric, got dtype {array.dtype}")
        array = np.array(array, dtype=np.float64)
        if array.ndim != 4 or array.shape[2] != array.shape[3] or array.shape[2] % 2 == 0 or 0 in array.shape:
            raise InvalidInput(f"target kernel K{i} has shape {array.shape}; it needs (c_out, c_in, k, k) with odd k")
        if not np.all(np.isfinite(array)):
            raise InvalidInput(f"target kernel K{i} contains NaN or infinite values")
        if out and array.shape[1] != out[-1].shape[0]:
            raise InvalidInput(f"target kernel K{i} reads {array.shape[1]} channels but K{i - 1} writes "
                               f"{out[-1].shape[0]}")
        norm = kernel_norm(array)
        if norm > 1.0 + NORM_TOLERANCE:
            if not rescale:
                raise InvalidInput(f"target kernel K{i} has norm {norm:.6g} > 1 (max over output channels of the "
                                   f"filter's l1 norm); rescale it, e.g. with --rescale")
            array = array / norm
            while kernel_norm(array) > 1.0:
                array *= 1.0 - 2.0 ** -52
        out.append(array)
    if not out:
        raise InvalidInput("the target needs at least one kernel")
    return out


def random_kernels(channels, kernel: int = 3, seed: int = 0, norm: float = 1.0) -> list[np.ndarray]:
    """Gaussian kernels (c_i, c_{i−1}, k, k) rescaled to ‖K_i‖_∞ = ``norm`` (rounded down, never above)."""
    channels = [check_int("channels", c, 1) for c in channels]
    if len(channels) < 2:
        raise InvalidInput(f"channels {channels!r} need at least two counts c_0, c_1 (input and output channels)")
    kernel = check_int("kernel", kernel, 1)
    if kernel % 2 == 0:
        raise InvalidInput(f"kernel side {kernel} must be odd (same padding)")
    norm = check_real("norm", norm, 0.0, 1.0, low_open=True)
    generator = stream(check_seed(seed), PURPOSE_TICKETS, KEY - 1)
    out = []
    for c_in, c_out in zip(channels[:-1], channels[1:]):
        g = generator.standard_normal((c_out, c_in, kernel, kernel))
        k = g * (norm / kernel_norm(g))
        while kernel_norm(k) > norm:
            k *= 1.0 - 2.0 ** -52
        out.append(k)
    return out


def one_hot_kernels(channels, kernel: int = 3, seed: int = 0) -> list[np.ndarray]:
    """Every output filter a single coefficient ±1 at a random place: the largest target weights of the class."""
    generator = stream(check_seed(seed), PURPOSE_TICKETS, KEY - 2)
    out = []
    for c_in, c_out in zip(channels[:-1], channels[1:]):
        k = np.zeros((c_out, c_in, kernel, kernel))
        flat = generator.integers(0, c_in * kernel * kernel, c_out)
        signs = np.where(generator.random(c_out) < 0.5, -1.0, 1.0)
        k.reshape(c_out, -1)[np.arange(c_out), flat] = signs
        out.append(k)
    return out


# ---------------------------------------------------------------------------------------------- the random CNN
@dataclass(frozen=True, eq=False)
class NestedCNN:
    """Per pair i: ``first[i]`` (c_{i−1}, n_max) 1×1 weights, ``second[i]`` (c_{i−1}, n_max, c_i, k, k)."""

    channels: tuple[int, ...]
    kernel: int
    first: tuple[np.ndarray, ...]
    second: tuple[np.ndarray, ...]

    @property
    def n_max(self) -> int:
        return self.first[0].shape[1]

    def tensors(self, n: int) -> list[np.ndarray]:
        """The 2l kernels of the network with n channels per input channel (channel j·n + t reads channel j)."""
        if not 1 <= n <= self.n_max:
            raise InvalidInput(f"channels per input channel {n} must lie in 1..{self.n_max}")
        out = []
        for a, b in zip(self.first, self.second):
            c_in, _, c_out, k, _ = b.shape
            one = np.zeros((c_in * n, c_in, 1, 1))
            one[np.arange(c_in * n), np.repeat(np.arange(c_in), n), 0, 0] = a[:, :n].reshape(-1)
            second = b[:, :n].reshape(c_in * n, c_out, k, k).transpose(1, 0, 2, 3).copy()
            out += [one, second]
        return out


def nested_cnn(channels, n_max: int, seed: int, kernel: int = 3) -> NestedCNN:
    """The widest random CNN of a nested family (see the module docstring for the streams)."""
    channels = tuple(int(c) for c in channels)
    n_max = check_int("channels per input channel", n_max, 1)
    first, second = [], []
    for i, (c_in, c_out) in enumerate(zip(channels[:-1], channels[1:])):
        first.append(np.stack([stream(seed, PURPOSE_TICKETS, KEY + i, j, 0).uniform(-1.0, 1.0, n_max)
                               for j in range(c_in)]))
        second.append(np.stack([stream(seed, PURPOSE_TICKETS, KEY + i, j, 1).uniform(
            -1.0, 1.0, (n_max, c_out, kernel, kernel)) for j in range(c_in)]))
    return NestedCNN(channels, kernel, tuple(first), tuple(second))


def prune(target, tensors) -> list[np.ndarray]:
    """Masks (uint8) of the 2l kernels: Pensia et al.'s pair pruning per kernel offset (module docstring)."""
    masks = []
    for i, k_target in enumerate(target):
        one, second = tensors[2 * i], tensors[2 * i + 1]
        first = one[:, :, 0, 0]                                   # (n c_in, c_in)
        mask2 = np.zeros(second.shape, dtype=np.uint8)
        mask1 = None
        side = k_target.shape[2]
        for p in range(side):
            for q in range(side):
                mask1, m2, _ = prune_pair(k_target[:, :, p, q], first, second[:, :, p, q], layer=i + 1,
                                            cap=MAX_COEFFICIENTS)
                mask2[:, :, p, q] = m2
        masks += [mask1[:, :, None, None], mask2]
    return masks


# ---------------------------------------------------------------------------------------------------- certificate
@dataclass(frozen=True)
class ConvLayerBound:
    """One target layer's terms in δ_i ≤ L_i δ_{i−1} + e_i ρ_{i−1} (ℓ∞ norms; module docstring)."""

    layer: int
    error_norm: float
    lipschitz: float
    input_norm_bound: float
    propagated: float

    def as_dict(self) -> dict:
        return {key: (int(value) if key == "layer" else float(value)) for key, value in self.__dict__.items()}


def _filter_sums(array: np.ndarray) -> float:
    return float(array.reshape(array.shape[0], -1).sum(axis=1).max())


def certify(target, pruned) -> tuple[float, list[ConvLayerBound]]:
    """Certified bound on sup_{‖X‖_∞≤1} ‖f(X) − g(X)‖_∞ from the target kernels and the kept kernels of the pairs
    (1×1 convolutions of in-degree ≤ 1)."""
    delta, rho, layers = 0.0, 1.0, []
    for i, k_target in enumerate(target):
        one, second = pruned[2 * i][:, :, 0, 0], pruned[2 * i + 1]
        w_plus = np.einsum("ouxy,uj->ojxy", second, np.maximum(one, 0.0))
        w_minus = np.einsum("ouxy,uj->ojxy", second, np.minimum(one, 0.0))
        terms = int(np.count_nonzero(one, axis=0).max(initial=0))
        slack = k_target[0].size * (terms + 2) * max(terms, 1) * _UNIT_ROUNDOFF
        if i == 0:
            e = _filter_sums(np.maximum(np.abs(w_plus - k_target), np.abs(w_minus - k_target)))
            lipschitz = _filter_sums(np.maximum(np.abs(w_plus), np.abs(w_minus)))
        else:
            e = _filter_sums(np.abs(w_plus - k_target))
            lipschitz = _filter_sums(np.abs(w_plus))
        e = e * (1.0 + _INFLATION) + slack
        lipschitz = lipschitz * (1.0 + _INFLATION) + slack
        delta = (lipschitz * delta + e * rho) * (1.0 + _INFLATION)
        layers.append(ConvLayerBound(i + 1, e, lipschitz, rho, delta))
        rho *= kernel_norm(k_target) * (1.0 + _INFLATION)
    return delta, layers


# ------------------------------------------------------------------------------------------------ the ticket
def target_layers(target) -> list[Layer]:
    return [Layer("conv", k, RELU if i < len(target) - 1 else IDENTITY, padding=k.shape[2] // 2)
            for i, k in enumerate(target)]


def network_layers(tensors) -> list[Layer]:
    out = []
    for k, tensor in enumerate(tensors):
        side = tensor.shape[2]
        out.append(Layer("conv", tensor, RELU if k < len(tensors) - 1 else IDENTITY, padding=side // 2))
    return out


def certify_layers(target_layers_, random_layers, masks, parameters) -> tuple[float, list[dict]]:
    """:func:`certify` on layered networks (what the ticket file check calls)."""
    bound, layers = certify([t.weights for t in target_layers_], [r.weights * k for r, k in zip(random_layers, masks)])
    return bound, [layer.as_dict() for layer in layers]


def implied_channels(c_in: int, c_out: int, layers: int, kernel: int, eps: float, delta: float) -> float:
    """log(k² c_in c_out l / min(ε, δ)): the logarithm of ``dacunha2022.cnn_channels`` (its value at C = 1)."""
    return math.log(kernel ** 2 * c_in * c_out * layers / min(eps, delta))
