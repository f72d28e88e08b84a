"""Numbers from sympy expressions: cached ``lambdify`` to float64 numpy functions, with an mpmath second opinion.

Every expression is compiled on its continuous extension: special functions are rewritten into elementary ones
(:func:`bounds.functions.explicit`) and integer symbols are replaced by real stand-ins
(:func:`bounds.symbols.real_view`) before ``lambdify``.  Root finding on these functions is in :mod:`bounds._solver`.

float64 can fail on the way to a value that fits: ``log(d_in·d_out·l / eps)`` at eps = 1e-305 overflows inside the
logarithm although the value is about 713.  Every entry that comes out non-finite from finite inputs is therefore
evaluated again with mpmath at :data:`MP_DIGITS` significant digits (where exponents do not overflow) and rounded to
float64: a value that fits is returned, one that does not stays ``inf`` (and ``nan`` where mpmath finds no real
value either).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp

from bounds.functions import explicit
from bounds.symbols import real_view

#: lambdify targets: numpy first; scipy provides gammaln, lambertw and friends.
MODULES = ("numpy", "scipy")
#: Significant digits of the mpmath re-evaluation of entries that overflow in float64.
MP_DIGITS = 50


@functools.lru_cache(maxsize=512)
def compile_expr(expr: sp.Basic, args: tuple[sp.Symbol, ...]) -> Callable[..., np.ndarray]:
    """``expr`` as a numpy function of ``args`` (cached; the same expression compiles once per process).

    The expression is first rewritten into elementary functions (:func:`bounds.functions.explicit`) and its integer
    symbols are replaced by real stand-ins, so the compiled function is the continuous extension of the bound.
    """
    real_expr, mapping = real_view(explicit(expr, numeric=True))
    real_args = [mapping.get(a, a) for a in args]
    return sp.lambdify(real_args, real_expr, modules=list(MODULES))


@functools.lru_cache(maxsize=512)
def compile_mpmath(expr: sp.Basic, args: tuple[sp.Symbol, ...]) -> Callable[..., object]:
    """``expr`` as an mpmath function of ``args`` (the same continuous extension as :func:`compile_expr`)."""
    real_expr, mapping = real_view(explicit(expr, numeric=True))
    real_args = [mapping.get(a, a) for a in args]
    return sp.lambdify(real_args, real_expr, modules="mpmath")


def _mpmath_value(expr: sp.Basic, args: tuple[sp.Symbol, ...], point: Sequence[float]) -> float:
    """``expr`` at one point, evaluated with mpmath and rounded to float64 (inf beyond its range, nan if mpmath
    gives no real number)."""
    import mpmath

    try:
        with mpmath.workdps(MP_DIGITS):
            value = compile_mpmath(expr, args)(*[mpmath.mpf(float(x)) for x in point])
            if isinstance(value, mpmath.mpc):
                return math.nan if value.imag != 0 else _to_float(value.real)
            return _to_float(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, NameError, AttributeError):
        return math.nan


def _to_float(value) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def evaluate(expr: sp.Expr, args: Sequence[sp.Symbol], values: Sequence[np.ndarray]) -> np.ndarray:
    """``expr`` at broadcast float64 ``values`` (one array per symbol of ``args``), as a float64 array; entries that
    are not finite in float64 although every input is are evaluated again with mpmath (module docstring)."""
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in values]) if values else []
    shape = arrays[0].shape if arrays else ()
    with np.errstate(all="ignore"):
        out = compile_expr(expr, tuple(args))(*arrays)
    out = np.broadcast_to(np.asarray(out, dtype=np.float64), shape).copy()
    retry = ~np.isfinite(out)
    for array in arrays:
        retry &= np.isfinite(array)
    for index in zip(*np.nonzero(retry)) if out.ndim else ([()] if retry else []):
        value = _mpmath_value(expr, tuple(args), [array[index] for array in arrays])
        if not math.isnan(value) or math.isnan(out[index]):
            out[index] = value
    return out
