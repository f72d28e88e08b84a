"""Weight and bias initialisations of fully connected networks.

For layer i with fan-in n_{i−1} and fan-out n_i, every weight of W_i is drawn independently; its *scale* c_i is the
standard deviation for the normal laws and the half-width for the uniform ones:

* ``"uniform"``: U[−c, c] with c = ``scale`` (default 1: the theory's U[−1, 1], Pensia et al. 2020);
* ``"he_normal"``: N(0, c²), c = ``scale``·√(2 / n_{i−1}) (He et al. 2015);
* ``"glorot_normal"``: N(0, c²), c = ``scale``·√(2 / (n_{i−1} + n_i)) (Glorot & Bengio 2010; the lottery ticket
  paper's "Gaussian Glorot");
* ``"kaiming_uniform"``: U[−c, c], c = ``scale``·√(6 / n_{i−1}) (He uniform with gain √2, standard deviation
  √(2 / n_{i−1})).  PyTorch's default for ``nn.Linear`` is a Kaiming uniform with a = √5, i.e. c = 1/√n_{i−1}; that
  is *not* what ``"kaiming_uniform"`` means here.

Biases (``bias_init``):

* ``"zeros"``: b_i = 0.
* ``"product"``: the Plant 'n' Seek scheme — b_i is drawn from the *same family* as the weights with scale
  s_i = c_1·c_2···c_i, the product of the weight scales of layers 1..i (the current layer included).  With He normal
  weights this is the public code's ``init_He_scaled``: b_i ~ N(0, s_i²), s_i = Π_{j≤i} √(2/n_{j−1}) [code]; with
  uniform weights U[−σ_w, σ_w] it is the theory's b_i ~ U[−σ_w^i, σ_w^i] (spec plantnseek.md, "Initialisation").

Randomness: weights come from the stream ``(seed, PURPOSE_NETWORK_INIT, block 0)`` drawn W_1, W_2, ... in order,
biases from block 1, so a seed gives the same weights with or without biases.
"""

from __future__ import annotations

import math

import numpy as np

from verify.errors import InvalidInput
from verify.memory import require
from verify.nets.layered import LayerArrays
from verify.streams import PURPOSE_NETWORK_INIT, resolve_seed, stream

WEIGHT_INITS = ("uniform", "he_normal", "glorot_normal", "kaiming_uniform")
BIAS_INITS = ("zeros", "product")
_NORMAL = {"he_normal", "glorot_normal"}


#: Float64 copies of a network's parameters that a computation on it keeps at once: the network, its initial
#: parameters θ₀, the gradients, two Adam moments and one more (a rewind point or a best-so-far copy); plus one
#: byte per parameter for masks.  :func:`check_widths` passes 8 × NETWORK_COPIES + 1 bytes per parameter to the
#: memory guard before any network of those widths exists.
NETWORK_COPIES = 6


def network_memory(widths) -> int:
    """Bytes held for a network of these widths: (8 × :data:`NETWORK_COPIES` + 1) per weight and bias."""
    parameters = sum(n_out * (n_in + 1) for n_in, n_out in zip(widths[:-1], widths[1:]))
    return (8 * NETWORK_COPIES + 1) * parameters


def check_widths(widths) -> tuple[int, ...]:
    """Layer widths n_0..n_L: at least two positive integers, whose network passes the memory guard
    (:func:`network_memory`)."""
    try:
        values = list(widths)
    except TypeError:
        values = None
    if (values is None or len(values) < 2
            or not all(isinstance(w, (int, np.integer)) and not isinstance(w, bool) and w >= 1 for w in values)):
        raise InvalidInput(f"widths {widths!r} must be at least two positive integers (input, ..., output)")
    values = tuple(int(w) for w in values)
    shown = "-".join(map(str, values)) if len(values) <= 12 else f"{values[0]}-...-{values[-1]}"
    require(f"a network of widths {shown}", [(f"{NETWORK_COPIES} copies of its parameters and masks",
                                              network_memory(values))], advice="use smaller widths")
    return values


def weight_scales(widths, init: str, scale: float = 1.0) -> list[float]:
    """The scale c_i of each weight layer (standard deviation for normal inits, half-width for uniform ones)."""
    widths = check_widths(widths)
    if init not in WEIGHT_INITS:
        raise InvalidInput(f"init {init!r} is not known; allowed: {', '.join(WEIGHT_INITS)}")
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise InvalidInput(f"scale {scale!r} must be a positive finite number")
    scales = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        if init == "uniform":
            c = 1.0
        elif init == "he_normal":
            c = math.sqrt(2.0 / fan_in)
        elif init == "glorot_normal":
            c = math.sqrt(2.0 / (fan_in + fan_out))
        else:  # kaiming_uniform
            c = math.sqrt(6.0 / fan_in)
        scales.append(float(scale) * c)
    return scales


def bias_scales(widths, init: str, scale: float = 1.0) -> list[float]:
    """s_i = c_1···c_i, the Plant 'n' Seek bias scales."""
    return [float(s) for s in np.cumprod(weight_scales(widths, init, scale))]


def _draw(generator: np.random.Generator, init: str, c: float, shape) -> np.ndarray:
    if init in _NORMAL:
        return c * generator.standard_normal(shape)
    return generator.uniform(-c, c, size=shape)


def initial_parameters(widths, init: str = "he_normal", bias: bool = True, bias_init: str = "zeros",
                       scale: float = 1.0, seed=None) -> LayerArrays:
    """Fresh parameters W_i of shape (n_i, n_{i−1}) and (if ``bias``) b_i of shape (n_i,), float64."""
    widths = check_widths(widths)
    if bias_init not in BIAS_INITS:
        raise InvalidInput(f"bias_init {bias_init!r} is not known; allowed: {', '.join(BIAS_INITS)}")
    seed = resolve_seed(seed)
    c = weight_scales(widths, init, scale)
    weight_stream = stream(seed, PURPOSE_NETWORK_INIT, 0)
    weights = tuple(_draw(weight_stream, init, c[i], (widths[i + 1], widths[i])) for i in range(len(c)))
    if not bias:
        return LayerArrays(weights, None)
    if bias_init == "zeros":
        return LayerArrays(weights, tuple(np.zeros(n) for n in widths[1:]))
    s = bias_scales(widths, init, scale)
    bias_stream = stream(seed, PURPOSE_NETWORK_INIT, 1)
    return LayerArrays(weights, tuple(_draw(bias_stream, init, s[i], (widths[i + 1],)) for i in range(len(s))))
