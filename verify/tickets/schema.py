"""Ticket files, schema ``slth-ticket`` **version 2**: one layout for every construction (``.npz``, never pickled).

Version 1 (:mod:`verify.tickets.ticketfile`, Pensia et al.'s dense pairs only) stays readable; version 2 describes
any layered ticket — dense or convolutional layers, their activations, the random tensors, the masks and the target
— so that its function can be recomputed from this description alone.

Entries
=======

=================================  ==================================================================================
key                                content
=================================  ==================================================================================
``schema``, ``version``            ``"slth-ticket"``, 2
``construction``                   ``"pensia"``, ``"burkholz"``, ``"orseau"`` or ``"conv"``
``layout``                         a JSON object (a string): ``input_shape`` (list of ints: ``[d]`` for vectors,
                                   ``[C, H, W]`` for images), ``domain`` (``"l2-ball"`` or ``"linf-box"``),
                                   ``target`` and ``network`` (one object per layer, in order: ``kind`` ``"dense"``
                                   or ``"conv"``, ``activation`` ``"relu"``, ``"leaky-relu"`` or ``"identity"``,
                                   ``negative_slope`` (a number), ``padding`` (an int, conv only; 0 for dense)),
                                   ``law`` (the random entries' law: ``{"kind": "uniform", "low", "high"}`` or
                                   ``{"kind": "hyperbolic", "alpha", "beta"}``; entries exactly 0 are those the
                                   structure never draws, e.g. off-block first-layer weights) and ``parameters`` (the
                                   construction's: ``units``, ``copies``, ``c``, ...)
``target_{i}``, i = 1..l           layer i of the target, float64: dense (out, in), conv (out, in, k, k)
``random_{k}``, k = 1..K           layer k of the random network, float64, same conventions
``mask_{k}``                       its mask, uint8 of 0/1, the shape of ``random_{k}``
``eps``, ``delta``, ``seed``       the accuracy claimed, the failure probability, the seed
``sup_error_certified``            the claimed certified bound on the sup error over the domain
``sup_error_empirical``            the claimed empirical sup error (a value attained)
``empirical_samples``,             how the empirical sup was searched
``empirical_restarts``
=================================  ==================================================================================

The function (the forward pass, enough to re-implement it)
==========================================================

An input x has shape ``input_shape``.  Layer k of a network maps h to σ_k(T_k h), where

* ``dense``: T h = W h with W the (out, in) matrix (h a vector);
* ``conv``: h has shape (C, H, W) and W shape (O, C, s, s); with h̄ = h padded by ``padding`` zeros on each side of
  both spatial axes, (T h)[o, y, x] = Σ_c Σ_{p<s} Σ_{q<s} W[o, c, p, q]·h̄[c, y + p, x + q] for
  0 ≤ y < H + 2·padding − s + 1 and 0 ≤ x < W + 2·padding − s + 1 (stride 1, cross-correlation);
* σ is applied entrywise: ``relu`` max(t, 0); ``leaky-relu`` t for t ≥ 0 and ``negative_slope``·t for t < 0;
  ``identity`` t.

The target f uses the tensors ``target_{i}`` as they are; the ticket g uses ``random_{k}`` multiplied entrywise by
``mask_{k}``.  The error is ‖f(x) − g(x)‖₂ over the unit ball ‖x‖₂ ≤ 1 (``l2-ball``, the entries of x flattened
in C order) or max over the output entries |f(x) − g(x)| over the box max |x| ≤ 1 (``linf-box``).

:func:`load` checks the structure (schema, shapes chaining from ``input_shape`` to equal outputs, binary masks, the
law's support, the target class's norms, and the structure the construction's certificate relies on, see
:mod:`verify.tickets.general`) and returns the arrays; :func:`verify.tickets.check.check_ticket_file` re-verifies
the claims from them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from verify.errors import InvalidInput
from verify.store import atomic_write_npz
from verify.tickets.activations import activation
from verify.tickets.kinds import CONSTRUCTIONS, DOMAINS
from verify.tickets.layered import Layer, shapes

SCHEMA = "slth-ticket"
VERSION = 2
LAW_KINDS = ("uniform", "hyperbolic")
NORM_TOLERANCE = 1e-12


def _layer_spec(layer: Layer) -> dict:
    return {"kind": layer.kind, "activation": layer.activation.kind,
            "negative_slope": float(layer.activation.negative_slope), "padding": int(layer.padding)}


def save(ticket, path) -> Path:
    """Write a :class:`verify.tickets.general.LayeredTicket` to ``path`` atomically."""
    layout = {"input_shape": [int(s) for s in ticket.input_shape], "domain": ticket.domain,
              "target": [_layer_spec(layer) for layer in ticket.target],
              "network": [_layer_spec(layer) for layer in ticket.random],
              "law": ticket.law, "parameters": ticket.parameters}
    arrays = {
        "schema": np.array(SCHEMA),
        "version": np.array(VERSION, dtype=np.int64),
        "construction": np.array(ticket.construction),
        "layout": np.array(json.dumps(layout, sort_keys=True, allow_nan=False)),
        "eps": np.array(ticket.eps, dtype=np.float64),
        "delta": np.array(ticket.delta, dtype=np.float64),
        "seed": np.array(ticket.seed, dtype=np.int64),
        "sup_error_certified": np.array(ticket.sup_error_certified, dtype=np.float64),
        "sup_error_empirical": np.array(ticket.sup_error_empirical, dtype=np.float64),
        "empirical_samples": np.array(ticket.samples, dtype=np.int64),
        "empirical_restarts": np.array(ticket.restarts, dtype=np.int64),
    }
    for i, layer in enumerate(ticket.target, start=1):
        arrays[f"target_{i}"] = np.asarray(layer.weights, dtype=np.float64)
    for k, (layer, mask) in enumerate(zip(ticket.random, ticket.masks), start=1):
        arrays[f"random_{k}"] = np.asarray(layer.weights, dtype=np.float64)
        arrays[f"mask_{k}"] = np.asarray(mask, dtype=np.uint8)
    return atomic_write_npz(Path(path), arrays, compressed=True)


# ------------------------------------------------------------------------------------------------------ reading
def _string(arrays, key, name) -> str:
    if key not in arrays:
        raise InvalidInput(f"{name}: missing entry {key!r}")
    value = arrays[key]
    if value.shape != () or value.dtype.kind != "U":
        raise InvalidInput(f"{name}: entry {key!r} must be a string")
    return str(value.item())


def _scalar(arrays, key, kind, name):
    if key not in arrays:
        raise InvalidInput(f"{name}: missing entry {key!r}")
    value = arrays[key]
    if value.shape != () or not np.issubdtype(value.dtype, kind):
        raise InvalidInput(f"{name}: entry {key!r} must be a scalar of kind {kind.__name__}, got {value.dtype} "
                           f"with shape {value.shape}")
    return value.item()


def _tensor(arrays, key, name) -> np.ndarray:
    if key not in arrays:
        raise InvalidInput(f"{name}: missing entry {key!r}")
    value = arrays[key]
    if value.ndim not in (2, 4) or 0 in value.shape:
        raise InvalidInput(f"{name}: {key} must be a non-empty matrix or 4-dimensional kernel, got shape "
                           f"{value.shape}")
    if not (np.issubdtype(value.dtype, np.floating) or np.issubdtype(value.dtype, np.integer) or value.dtype == bool):
        raise InvalidInput(f"{name}: {key} must be numeric, got dtype {value.dtype}")
    out = value.astype(np.float64)
    if not np.all(np.isfinite(out)):
        raise InvalidInput(f"{name}: {key} contains NaN or infinite values")
    return out


def _layers(specs, prefix: str, arrays, name) -> list[Layer]:
    if not isinstance(specs, list) or not specs:
        raise InvalidInput(f"{name}: layout needs a non-empty list of {prefix} layers")
    count = 0
    while f"{prefix}_{count + 1}" in arrays:
        count += 1
    if count != len(specs):
        raise InvalidInput(f"{name}: the layout lists {len(specs)} {prefix} layers but the file holds {count} "
                           f"entries {prefix}_1..")
    out = []
    for k, spec in enumerate(specs, start=1):
        if not isinstance(spec, dict) or set(spec) != {"kind", "activation", "negative_slope", "padding"}:
            raise InvalidInput(f"{name}: {prefix} layer {k} must give exactly kind, activation, negative_slope and "
                               f"padding")
        padding = spec["padding"]
        if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
            raise InvalidInput(f"{name}: {prefix} layer {k} has padding {padding!r}; it must be an integer >= 0")
        slope = spec["negative_slope"]
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):
            raise InvalidInput(f"{name}: {prefix} layer {k} has negative_slope {slope!r}; it must be a number")
        try:
            act = activation(spec["activation"], slope)
            layer = Layer(spec["kind"], _tensor(arrays, f"{prefix}_{k}", name), act, padding)
        except InvalidInput as error:
            raise InvalidInput(f"{name}: {prefix} layer {k}: {error}") from None
        if layer.kind == "dense" and padding:
            raise InvalidInput(f"{name}: {prefix} layer {k} is dense and cannot have padding {padding}")
        out.append(layer)
    return out


def _check_law(law, random, name) -> None:
    if not isinstance(law, dict) or law.get("kind") not in LAW_KINDS:
        raise InvalidInput(f"{name}: layout law must be an object with kind in {', '.join(LAW_KINDS)}")
    if law["kind"] == "uniform":
        if set(law) != {"kind", "low", "high"}:
            raise InvalidInput(f"{name}: a uniform law gives exactly low and high")
        low, high = float(law["low"]), float(law["high"])
        if not -1.0 <= low < high <= 1.0:
            raise InvalidInput(f"{name}: uniform law [{low:g}, {high:g}] must lie within [-1, 1] (the certificate's "
                               f"rounding assumes |weights| <= 1)")
        for k, layer in enumerate(random, start=1):
            if layer.weights.min() < low or layer.weights.max() > high:
                raise InvalidInput(f"{name}: random_{k} has entries outside [{low:g}, {high:g}], the support of its "
                                   f"law")
    else:
        if set(law) != {"kind", "alpha", "beta"}:
            raise InvalidInput(f"{name}: a hyperbolic law gives exactly alpha and beta")
        alpha, beta = float(law["alpha"]), float(law["beta"])
        if not 0.0 < alpha < beta <= 1.0:
            raise InvalidInput(f"{name}: hyperbolic law needs 0 < alpha < beta <= 1, got {alpha:g}, {beta:g}")
        for k, layer in enumerate(random, start=1):   # zeros are the entries the structure never draws
            magnitude = np.abs(layer.weights[layer.weights != 0.0])
            if magnitude.size and (magnitude.min() < alpha or magnitude.max() > beta):
                raise InvalidInput(f"{name}: random_{k} has magnitudes outside [{alpha:g}, {beta:g}], the support of "
                                   f"its hyperbolic law")


def _degree_one(mask: np.ndarray, k: int, name: str) -> None:
    degree = mask.reshape(mask.shape[0], -1).sum(axis=1)
    if degree.max(initial=0) > 1:
        unit = int(np.argmax(degree))
        raise InvalidInput(f"{name}: mask_{k} keeps {int(degree[unit])} edges into unit {unit}; the construction's "
                           f"certificate needs at most one")


def _activations(layers, allowed, name, what) -> None:
    for k, layer in enumerate(layers, start=1):
        expected = "identity" if k == len(layers) else allowed
        if layer.activation.kind not in (expected if isinstance(expected, tuple) else (expected,)):
            raise InvalidInput(f"{name}: {what} layer {k} has activation {layer.activation.kind}; the construction "
                               f"needs {expected} (identity on the last layer)")


def _check_structure(construction, target, random, masks, parameters, name) -> None:
    l = len(target)
    if construction in ("pensia", "orseau", "conv"):
        kind = "conv" if construction == "conv" else "dense"
        if len(random) != 2 * l or any(layer.kind != kind for layer in (*target, *random)):
            raise InvalidInput(f"{name}: a {construction} ticket has {2 * l} {kind} layers for a target of {l} "
                               f"{kind} layers")
        _activations(target, "relu", name, "target")
        _activations(random, "relu", name, "network")
        for i in range(l):
            first = random[2 * i]
            if kind == "conv" and (first.weights.shape[2] != 1 or first.padding != 0):
                raise InvalidInput(f"{name}: layer {2 * i + 1} must be a 1x1 convolution without padding")
            _degree_one(masks[2 * i], 2 * i + 1, name)
            if kind == "conv":
                side = target[i].weights.shape[2]
                if target[i].padding != side // 2 or random[2 * i + 1].padding != side // 2 \
                        or random[2 * i + 1].weights.shape[2] != side:
                    raise InvalidInput(f"{name}: layer {2 * i + 2} must be a {side}x{side} convolution with padding "
                                       f"{side // 2}, as target layer {i + 1}")
        return
    # burkholz
    if len(random) != l + 1 or any(layer.kind != "dense" for layer in (*target, *random)):
        raise InvalidInput(f"{name}: a burkholz ticket has {l + 1} dense layers for a target of {l} dense layers")
    copies = parameters.get("copies")
    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
        raise InvalidInput(f"{name}: a burkholz ticket needs parameters.copies, an integer >= 1")
    act = random[0].activation
    if act.kind not in ("relu", "leaky-relu"):
        raise InvalidInput(f"{name}: a burkholz ticket uses relu or leaky-relu, not {act.kind}")
    for k, layer in enumerate(random[:-1], start=1):
        if layer.activation != act:
            raise InvalidInput(f"{name}: network layer {k} has activation {layer.activation.label()}; every hidden "
                               f"layer uses {act.label()}")
    for k, layer in enumerate(target[:-1], start=1):
        if layer.activation != act:
            raise InvalidInput(f"{name}: target layer {k} has activation {layer.activation.label()}; the network "
                               f"uses {act.label()}")
    if random[-1].activation.kind != "identity" or target[-1].activation.kind != "identity":
        raise InvalidInput(f"{name}: the last layers of target and network are linear (identity)")
    _degree_one(masks[0], 1, name)
    for layer_index in range(1, l):   # hidden layers l + 1 read copies·d_{l-1} units in blocks of copies
        expected_in = copies * target[layer_index].weights.shape[1]
        if random[layer_index + 1].weights.shape[1] != expected_in:
            raise InvalidInput(f"{name}: network layer {layer_index + 2} reads "
                               f"{random[layer_index + 1].weights.shape[1]} units; {copies} copies of the "
                               f"{target[layer_index].weights.shape[1]} neurons of target layer {layer_index} are "
                               f"{expected_in}")
    for layer_index in range(0, l - 1):
        expected_out = copies * target[layer_index].weights.shape[0]
        if random[layer_index + 1].weights.shape[0] != expected_out:
            raise InvalidInput(f"{name}: network layer {layer_index + 2} has {random[layer_index + 1].weights.shape[0]}"
                               f" units; {copies} copies of target layer {layer_index + 1}'s neurons are "
                               f"{expected_out}")


def _check_target_norms(construction, target, name) -> None:
    for i, layer in enumerate(target, start=1):
        if construction == "conv":
            norm = float(np.abs(layer.weights).reshape(layer.weights.shape[0], -1).sum(axis=1).max())
            what = "kernel norm (max filter l1 norm)"
        else:
            norm, what = float(np.linalg.norm(layer.weights, 2)), "spectral norm"
        if norm > 1.0 + NORM_TOLERANCE:
            raise InvalidInput(f"{name}: target_{i} has {what} {norm:.6g} > 1 (the target class needs <= 1)")


def load(path, arrays=None) -> dict:
    """Validate a version-2 ticket file and return its parts: ``construction``, ``target``, ``random`` (layers),
    ``masks``, ``input_shape``, ``parameters``, ``law`` and the claims (``eps``, ``delta``, ``seed``,
    ``sup_error_certified``, ``sup_error_empirical``, ``empirical_samples``, ``empirical_restarts``)."""
    from verify.tickets.ticketfile import read_ticket_arrays

    name = str(path)
    arrays = read_ticket_arrays(path) if arrays is None else arrays
    if _string(arrays, "schema", name) != SCHEMA:
        raise InvalidInput(f"{name}: not a {SCHEMA!r} file")
    version = _scalar(arrays, "version", np.integer, name)
    if version != VERSION:
        raise InvalidInput(f"{name}: schema version {version} is not version {VERSION}")
    construction = _string(arrays, "construction", name)
    if construction not in CONSTRUCTIONS:
        raise InvalidInput(f"{name}: construction {construction!r} is not known; allowed: {', '.join(CONSTRUCTIONS)}")
    try:
        layout = json.loads(_string(arrays, "layout", name))
    except ValueError as error:
        raise InvalidInput(f"{name}: layout is not valid JSON ({error})") from None
    expected = {"input_shape", "domain", "target", "network", "law", "parameters"}
    if not isinstance(layout, dict) or set(layout) != expected:
        raise InvalidInput(f"{name}: layout must be an object with exactly {', '.join(sorted(expected))}")
    input_shape = layout["input_shape"]
    if not isinstance(input_shape, list) or len(input_shape) not in (1, 3) \
            or any(isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in input_shape):
        raise InvalidInput(f"{name}: input_shape {input_shape!r} must be [d] or [C, H, W] of positive integers")
    if layout["domain"] != DOMAINS[construction]:
        raise InvalidInput(f"{name}: a {construction} ticket is certified on the {DOMAINS[construction]}, not "
                           f"{layout['domain']!r}")
    if not isinstance(layout["parameters"], dict):
        raise InvalidInput(f"{name}: layout parameters must be an object")
    target = _layers(layout["target"], "target", arrays, name)
    random = _layers(layout["network"], "random", arrays, name)
    masks = []
    for k, layer in enumerate(random, start=1):
        if f"mask_{k}" not in arrays:
            raise InvalidInput(f"{name}: missing entry 'mask_{k}'")
        mask = arrays[f"mask_{k}"]
        if mask.shape != layer.weights.shape:
            raise InvalidInput(f"{name}: mask_{k} has shape {mask.shape}; random_{k} has {layer.weights.shape}")
        if not (np.issubdtype(mask.dtype, np.integer) or mask.dtype == bool) or not np.all((mask == 0) | (mask == 1)):
            raise InvalidInput(f"{name}: mask_{k} is not binary (entries must be 0 or 1)")
        masks.append(mask.astype(np.uint8))
    stray = sorted(key for key in arrays if key.startswith("mask_") and key.removeprefix("mask_").isdigit()
                   and int(key.removeprefix("mask_")) > len(random))
    if stray:
        raise InvalidInput(f"{name}: entries {', '.join(stray)} have no random layer")
    try:
        target_shapes, network_shapes = shapes(target, input_shape), shapes(random, input_shape)
    except InvalidInput as error:
        raise InvalidInput(f"{name}: {error}") from None
    if target_shapes[-1] != network_shapes[-1]:
        raise InvalidInput(f"{name}: the network's output shape {network_shapes[-1]} differs from the target's "
                           f"{target_shapes[-1]}")
    if (len(input_shape) == 3) != (construction == "conv"):
        reads = "images [C, H, W]" if construction == "conv" else "vectors [d]"
        raise InvalidInput(f"{name}: a {construction} ticket reads {reads}")
    _check_law(layout["law"], random, name)
    _check_target_norms(construction, target, name)
    _check_structure(construction, target, random, masks, layout["parameters"], name)
    meta = {
        "eps": _scalar(arrays, "eps", np.floating, name),
        "delta": _scalar(arrays, "delta", np.floating, name),
        "seed": _scalar(arrays, "seed", np.integer, name),
        "sup_error_certified": _scalar(arrays, "sup_error_certified", np.floating, name),
        "sup_error_empirical": _scalar(arrays, "sup_error_empirical", np.floating, name),
        "empirical_samples": _scalar(arrays, "empirical_samples", np.integer, name),
        "empirical_restarts": _scalar(arrays, "empirical_restarts", np.integer, name),
    }
    for key in ("eps", "delta"):
        if not 0.0 < meta[key] < 1.0:
            raise InvalidInput(f"{name}: {key} = {meta[key]!r} must lie strictly between 0 and 1")
    if meta["seed"] < 0 or meta["empirical_samples"] < 0 or meta["empirical_restarts"] < 0:
        raise InvalidInput(f"{name}: seed, empirical_samples and empirical_restarts must be >= 0")
    if not math.isfinite(meta["sup_error_certified"]):
        raise InvalidInput(f"{name}: sup_error_certified must be finite")
    return {"construction": construction, "target": target, "random": random, "masks": masks,
            "input_shape": tuple(input_shape), "parameters": layout["parameters"], "law": layout["law"], **meta}
