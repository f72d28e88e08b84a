r"""Any continuous ``scipy.stats`` distribution as a sampling law, drawn through its quantile function.

A law ``scipy:DIST:k=v,...`` (or a frozen distribution such as ``scipy.stats.norm(0, 0.5)`` given in Python) draws
one sample per uniform by inversion,

.. math::

    X = F^{-1}\big(\min(U + 2^{-54},\; 1 - 2^{-53})\big), \qquad U \sim \mathrm{U}[0, 1)
    \text{ on numpy's grid } k / 2^{53},

where :math:`F^{-1}` is the distribution's ``ppf``.  If :math:`U` were exactly uniform on (0, 1), :math:`X` would
have cdf :math:`F` (the inverse-transform theorem); on numpy's grid the law is F up to an error of 2^-53 in
probability.  The uniforms are the project's (:mod:`verify.subsetsum.paths`, from :mod:`verify.streams`), so a run
is as deterministic as one with a built-in law: the same seed gives the same paths for any chunking, thread count or
executor.  The shift by 2^-54 keeps ``ppf`` away from 0 and 1, where unbounded laws have infinite quantiles; the same
rule as the built-in ``gaussian`` law, so ``scipy:norm:scale=S`` draws exactly the samples of ``gaussian:sigma=S``.

Every draw lies between ``ppf(2^-54)`` and ``ppf(1 - 2^-53)`` (``ppf`` is non-decreasing), which gives the finite
:meth:`ScipyLaw.max_abs` the engine needs: a path's buffers never grow beyond the count guaranteed for samples within
that reach.  The memory guard reserves the count a typical path reaches, predicted from the law's moments
(:mod:`verify.subsetsum.interval_count`); under a heavy tail (``cauchy``: reach about 5.7e15) a path far from typical
may need more, and one that needs more than its worker's share of the memory limit stops the run with what it needs.

Only names of ``scipy.stats``' continuous distributions are accepted and parameters are parsed as numbers (nothing is
evaluated); they are the distribution's shape parameters (``scipy.stats.<DIST>.shapes``), ``loc`` and ``scale``.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from verify.errors import InvalidInput
from verify.subsetsum.law_base import _BELOW_ONE, _OPEN_OFFSET, Law

PREFIX = "scipy"


@cache
def continuous_distributions() -> tuple[str, ...]:
    """The names of ``scipy.stats``' continuous distributions (instances of ``scipy.stats.rv_continuous``)."""
    import scipy.stats

    return tuple(sorted(name for name in dir(scipy.stats) if not name.startswith("_")
                        and isinstance(getattr(scipy.stats, name), scipy.stats.rv_continuous)))


def parameter_names(distribution: str) -> tuple[str, ...]:
    """The parameters of ``distribution``: its shapes in scipy's order, then ``loc`` and ``scale``."""
    import scipy.stats

    shapes = getattr(scipy.stats, distribution).shapes
    names = tuple(s.strip() for s in shapes.split(",")) if shapes else ()
    return names + ("loc", "scale")


def _open_uniforms(u: np.ndarray) -> np.ndarray:
    return np.minimum(u + _OPEN_OFFSET, _BELOW_ONE)


class ScipyLaw(Law):
    """``scipy:DIST``: the distribution ``scipy.stats.DIST(**params)`` drawn by inversion of its ``ppf``.

    ``params`` holds every parameter (shapes, ``loc``, ``scale``) as a float, so the name and the parameters fully
    determine the law (and the identity of a stored run, with the scipy version, since ``ppf`` is scipy's code).
    """

    @property
    def distribution(self) -> str:
        return self.name.partition(":")[2]

    def frozen(self):
        """The frozen ``scipy.stats`` distribution."""
        import scipy.stats

        return getattr(scipy.stats, self.distribution)(**self.params)

    def transform(self, u):
        return np.asarray(self.frozen().ppf(_open_uniforms(u[..., 0])), dtype=np.float64)

    def reach(self) -> tuple[float, float]:
        """(smallest, largest) sample the law can draw: ``ppf`` at the two ends of the shifted uniform grid."""
        low, high = self.frozen().ppf(np.array([_OPEN_OFFSET, _BELOW_ONE]))
        return float(low), float(high)

    def max_abs(self):
        low, high = self.reach()
        return max(abs(low), abs(high))

    def pdf(self, x):
        return self.frozen().pdf(np.asarray(x, dtype=float))

    def as_dict(self) -> dict:
        import scipy

        return {"name": self.name, "params": dict(self.params), "scipy": scipy.__version__}


def scipy_law(distribution: str, **params) -> ScipyLaw:
    """The law ``scipy:distribution`` with the given parameters (numbers; shapes are required, ``loc`` defaults to
    0 and ``scale`` to 1).  Unknown distributions or parameters, missing shapes, non-numbers, and parameters outside
    the distribution's domain (where ``ppf`` is not a finite number) are refused."""
    distribution = str(distribution).strip()
    if distribution not in continuous_distributions():
        raise InvalidInput(f"scipy.stats has no continuous distribution {distribution!r}; allowed: "
                           f"{', '.join(continuous_distributions())}")
    names = parameter_names(distribution)
    unknown = [key for key in params if key not in names]
    if unknown:
        raise InvalidInput(f"scipy:{distribution} has no parameter {unknown[0]!r}; allowed: {', '.join(names)}")
    missing = [key for key in names[:-2] if key not in params]
    if missing:
        raise InvalidInput(f"scipy:{distribution} needs its shape parameter(s) {', '.join(missing)} "
                           f"(give scipy:{distribution}:{missing[0]}=VALUE,...)")
    merged: dict[str, float] = {}
    for key in names:
        value = params.get(key, {"loc": 0.0, "scale": 1.0}.get(key))
        if isinstance(value, bool):
            raise InvalidInput(f"law parameter {key}={value!r} is not a number")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidInput(f"law parameter {key}={value!r} is not a number") from None
        if not math.isfinite(number):
            raise InvalidInput(f"law parameter {key}={value!r} must be finite")
        merged[key] = number
    law = ScipyLaw(name=f"{PREFIX}:{distribution}", params=merged)
    given = law.label
    with np.errstate(all="ignore"):
        try:
            low, high = law.reach()
            middle = float(law.frozen().ppf(0.5))
        except (ValueError, ArithmeticError) as error:  # scipy raises for some invalid shapes
            raise InvalidInput(f"{given}: scipy refuses these parameters ({error})") from None
    if any(math.isnan(v) for v in (low, middle, high)):
        raise InvalidInput(f"{given}: the parameters are outside {distribution}'s domain (its ppf is nan); "
                           f"see scipy.stats.{distribution}")
    if not (math.isfinite(low) and math.isfinite(high)):
        raise InvalidInput(f"{given}: the quantiles ppf(2^-54) = {low:g} and ppf(1 - 2^-53) = {high:g} must be finite "
                           "(the memory guard needs the largest sample the law can draw)")
    return law


def from_frozen(frozen) -> ScipyLaw:
    """The law of a frozen ``scipy.stats`` continuous distribution, e.g. ``scipy.stats.norm(0, 0.5)``."""
    import scipy.stats

    dist = getattr(frozen, "dist", None)
    if isinstance(dist, scipy.stats.rv_discrete):
        raise InvalidInput(f"scipy.stats.{dist.name} is discrete; a sampling law must be a continuous distribution")
    if not isinstance(dist, scipy.stats.rv_continuous):
        raise InvalidInput(f"{frozen!r} is not a frozen scipy.stats continuous distribution")
    name = getattr(dist, "name", None)
    if name not in continuous_distributions() or type(getattr(scipy.stats, name)) is not type(dist):
        raise InvalidInput(f"{name!r} is not one of scipy.stats' continuous distributions (a custom rv_continuous "
                           "cannot be reproduced from its name)")
    names = parameter_names(name)
    args, kwds = tuple(frozen.args), dict(frozen.kwds)
    if len(args) > len(names):
        raise InvalidInput(f"scipy.stats.{name} takes at most {len(names)} parameters ({', '.join(names)}), "
                           f"got {len(args)}")
    params = dict(zip(names, args))
    for key, value in kwds.items():
        if key in params:
            raise InvalidInput(f"scipy.stats.{name}: parameter {key!r} is given twice")
        params[key] = value
    return scipy_law(name, **params)


def is_frozen_distribution(value) -> bool:
    """Whether ``value`` looks like a frozen ``scipy.stats`` distribution (has ``dist``, ``args`` and ``kwds``)."""
    return all(hasattr(value, attribute) for attribute in ("dist", "args", "kwds"))
