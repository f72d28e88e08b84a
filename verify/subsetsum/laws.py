"""Sampling laws for random subset sum, each a transform of i.i.d. uniforms.

A law maps ``k`` independent U[0, 1) numbers to one sample (``k = law.uniforms_per_sample``).  Sample paths are drawn
as uniforms of shape ``(n, trials, k)`` in that order, so the first ``m`` samples of every path are the same whatever
``n_max`` is, and any chunking of the trials reproduces the same paths (see :mod:`verify.streams`).

========================  =====================================================================================
name                      law
========================  =====================================================================================
``uniform``               U[low, high], default U[−1, 1] (Lueker 1998; the theory's weights)
``product``               X·Y with X, Y ~ U[−1, 1]; density ½·ln(1/|z|) on 0 < |z| ≤ 1
``pensia-mixture``        ½·δ₀ + ½·Law(X·Y), X ~ U[0, 1], Y ~ U[−1, 1] (Pensia et al. 2020, Corollary 1)
``gaussian``              N(0, σ²), default σ = 1
``hyperbolic``            density ∝ 1/|w| on [α, β], mirrored to negatives (Orseau et al. 2020); default α = 0.01, β = 1
``scipy:DIST``            any continuous ``scipy.stats`` distribution, drawn through its ``ppf``
                          (:mod:`verify.subsetsum.scipy_laws`); in Python a frozen one, ``scipy.stats.norm(0, 0.5)``
========================  =====================================================================================

Names are given on the command line as ``NAME`` or ``NAME:key=value,...`` (for example ``gaussian:sigma=0.5``, or
``scipy:norm:loc=0,scale=0.5``); only known names and numbers are parsed.
"""

from __future__ import annotations

import math

import numpy as np

from verify.errors import InvalidInput
from verify.subsetsum.law_base import _BELOW_ONE, _OPEN_OFFSET, Law
from verify.validate import check_derived


class _CatalogLaw(Law):
    """A built-in law: its label lists only the parameters that differ from the defaults in :data:`LAWS`."""

    @property
    def label(self) -> str:
        """``name`` or ``name:key=value,...`` listing the parameters that differ from the defaults."""
        defaults = LAWS[self.name][1]
        changed = {k: v for k, v in self.params.items() if defaults.get(k) != v}
        if not changed:
            return self.name
        return self.name + ":" + ",".join(f"{k}={v:g}" for k, v in changed.items())


def _product_density(x) -> np.ndarray:
    """½·ln(1/|z|) on 0 < |z| ≤ 1: the density of X·Y for independent X, Y ~ U[−1, 1] (and for X ~ U[0, 1])."""
    x = np.abs(np.asarray(x, dtype=float))
    with np.errstate(divide="ignore"):
        return np.where((x > 0) & (x <= 1), 0.5 * np.log(1.0 / np.where(x > 0, x, 1.0)), 0.0)


class Uniform(_CatalogLaw):
    def transform(self, u):
        low, high = self.params["low"], self.params["high"]
        return low + (high - low) * u[..., 0]

    def max_abs(self):
        return max(abs(self.params["low"]), abs(self.params["high"]))

    def pdf(self, x):
        low, high = self.params["low"], self.params["high"]
        x = np.asarray(x, dtype=float)
        return np.where((x >= low) & (x <= high), 1.0 / (high - low), 0.0)


class Product(_CatalogLaw):
    uniforms_per_sample = 2

    def transform(self, u):
        return (2.0 * u[..., 0] - 1.0) * (2.0 * u[..., 1] - 1.0)

    def max_abs(self):
        return 1.0

    def pdf(self, x):
        return _product_density(x)


class PensiaMixture(_CatalogLaw):
    uniforms_per_sample = 3

    def transform(self, u):
        product = u[..., 1] * (2.0 * u[..., 2] - 1.0)
        return np.where(u[..., 0] < 0.5, 0.0, product)

    def max_abs(self):
        return 1.0

    def atom_at_zero(self):
        return 0.5

    def pdf(self, x):
        # ½ · density of X·Y with X ~ U[0,1], Y ~ U[−1,1], which is ½·ln(1/|z|) on 0 < |z| <= 1.
        return 0.5 * _product_density(x)


def _gaussian_reach() -> float:
    """max |ndtri(min(u + 2^-54, 1 - 2^-53))| over numpy's grid u = k/2^53: the largest |X|/σ the Gaussian law can
    draw (≈ 8.29, at u = 0)."""
    from scipy.special import ndtri

    return float(max(-ndtri(_OPEN_OFFSET), ndtri(_BELOW_ONE)))


class Gaussian(_CatalogLaw):
    def transform(self, u):
        from scipy.special import ndtri

        # u + 2^-54 lies in (0, 1) except at the grid's last point, where it rounds up to 1 (ndtri(1) = inf): that
        # point is kept at the largest float below 1 instead (an edge of probability 2^-53 per sample).
        return self.params["sigma"] * ndtri(np.minimum(u[..., 0] + _OPEN_OFFSET, _BELOW_ONE))

    def max_abs(self):
        return self.params["sigma"] * _gaussian_reach()

    def pdf(self, x):
        sigma = self.params["sigma"]
        x = np.asarray(x, dtype=float)
        return np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))


class Hyperbolic(_CatalogLaw):
    uniforms_per_sample = 2

    def transform(self, u):
        alpha, beta = self.params["alpha"], self.params["beta"]
        magnitude = alpha * (beta / alpha) ** u[..., 0]
        return np.where(u[..., 1] < 0.5, -magnitude, magnitude)

    def max_abs(self):
        return self.params["beta"]

    def pdf(self, x):
        alpha, beta = self.params["alpha"], self.params["beta"]
        x = np.abs(np.asarray(x, dtype=float))
        inside = (x >= alpha) & (x <= beta)
        return np.where(inside, 0.5 / (np.where(inside, x, 1.0) * math.log(beta / alpha)), 0.0)


# name -> (class, defaults, validator returning an error message or None)
# Each check also refuses parameters whose samples or density would not be finite float64 numbers: the range
# high - low of the uniform law, the largest Gaussian draw sigma * 8.29, the ratio beta / alpha of the hyperbolic law
# (samples alpha * (beta/alpha)^u) and its log.
def _uniform_check(p):
    if not p["low"] < p["high"]:
        return f"uniform needs low < high, got low={p['low']:g}, high={p['high']:g}"
    check_derived("the range high - low", lambda: p["high"] - p["low"], f"uniform:low={p['low']:g},high={p['high']:g}")


def _gaussian_check(p):
    if not p["sigma"] > 0:
        return f"gaussian sigma={p['sigma']:g} must be > 0"
    check_derived("the largest sample sigma * 8.29", lambda: p["sigma"] * _gaussian_reach(),
                  f"gaussian:sigma={p['sigma']:g}")


def _hyperbolic_check(p):
    if not 0 < p["alpha"] < p["beta"]:
        return f"hyperbolic needs 0 < alpha < beta, got alpha={p['alpha']:g}, beta={p['beta']:g}"
    given = f"hyperbolic:alpha={p['alpha']:g},beta={p['beta']:g}"
    ratio = check_derived("the ratio beta / alpha", lambda: p["beta"] / p["alpha"], given)
    if not math.log(ratio) > 0:
        return f"{given}: log(beta / alpha) must be > 0 (alpha and beta are too close to tell apart)"


LAWS = {
    "uniform": (Uniform, {"low": -1.0, "high": 1.0}, _uniform_check),
    "product": (Product, {}, None),
    "pensia-mixture": (PensiaMixture, {}, None),
    "gaussian": (Gaussian, {"sigma": 1.0}, _gaussian_check),
    "hyperbolic": (Hyperbolic, {"alpha": 0.01, "beta": 1.0}, _hyperbolic_check),
}


def get_law(name: str, **params) -> Law:
    """The law called ``name`` with keyword parameters (unknown names or parameters are refused).

    ``name`` may also be a frozen ``scipy.stats`` continuous distribution (``scipy.stats.norm(0, 0.5)``) or
    ``"scipy:DIST"`` with the distribution's parameters as keywords (see :mod:`verify.subsetsum.scipy_laws`).
    """
    if isinstance(name, Law):
        return name
    from verify.subsetsum import scipy_laws

    if scipy_laws.is_frozen_distribution(name):
        if params:
            raise InvalidInput("a frozen scipy.stats distribution carries its own parameters; give no keywords")
        return scipy_laws.from_frozen(name)
    if isinstance(name, str) and name.startswith(scipy_laws.PREFIX + ":"):
        return scipy_laws.scipy_law(name.partition(":")[2], **params)
    if name not in LAWS:
        raise InvalidInput(f"unknown law {name!r}; allowed: {', '.join(LAWS)}, scipy:DIST[:key=value,...] "
                           "(a continuous scipy.stats distribution)")
    cls, defaults, check = LAWS[name]
    unknown = set(params) - set(defaults)
    if unknown:
        allowed = ", ".join(defaults) if defaults else "none"
        raise InvalidInput(f"law {name!r} has no parameter {sorted(unknown)[0]!r}; allowed: {allowed}")
    merged = dict(defaults)
    for key, value in params.items():
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"law parameter {key}={value!r} is not a number") from None
        if not math.isfinite(value):
            raise InvalidInput(f"law parameter {key}={value!r} must be finite")
        merged[key] = value
    if check is not None and (message := check(merged)):
        raise InvalidInput(message)
    return cls(name=name, params=merged)


def parse_law(text: str) -> Law:
    """Parse ``NAME`` or ``NAME:key=value,...`` (numbers only; nothing is evaluated).  An empty name, an empty list
    after the colon, an empty entry and a parameter given twice are refused (never a silent default)."""
    name, colon, rest = str(text).strip().partition(":")
    name = name.strip()
    if not name:
        raise InvalidInput(f"law {text!r} is empty; allowed: {', '.join(LAWS)} (with :key=value,... parameters)")
    if name == "scipy":
        distribution, colon, rest = rest.partition(":")
        if not distribution.strip():
            raise InvalidInput(f"law {text!r} names no distribution; give scipy:DIST[:key=value,...], e.g. "
                               "scipy:norm:loc=0,scale=0.5")
        name = "scipy:" + distribution.strip()
    params: dict[str, str] = {}
    if colon:
        if not rest.strip():
            raise InvalidInput(f"law {text!r} has nothing after ':'; give key=value,... or drop the ':'")
        for item in rest.split(","):
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep or not key or not value:
                raise InvalidInput(f"law parameter {item.strip()!r} must look like key=value")
            if key in params:
                raise InvalidInput(f"law parameter {key!r} is given twice in {text!r}; give it once")
            params[key] = value
    return get_law(name, **params)


def law_of(value) -> Law:
    """A sampling law from what a caller gives: a :class:`Law` as it is, ``NAME[:key=value,...]`` text through
    :func:`parse_law`, anything else (a frozen ``scipy.stats`` distribution) through :func:`get_law`."""
    return value if isinstance(value, Law) else parse_law(value) if isinstance(value, str) else get_law(value)
