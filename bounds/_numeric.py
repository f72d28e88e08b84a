"""Numbers from sympy expressions: cached ``lambdify`` to float64 numpy functions.

Every expression is compiled on its continuous extension: special functions are rewritten into elementary ones
(:func:`bounds.functions.explicit`) and integer symbols are replaced by real stand-ins
(:func:`bounds.symbols.real_view`) before ``lambdify``.  Root finding on these functions is in :mod:`bounds._solver`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp

from bounds.functions import explicit
from bounds.symbols import real_view

#: lambdify targets: numpy first; scipy provides gammaln, lambertw and friends.
MODULES = ("numpy", "scipy")


@functools.lru_cache(maxsize=512)
def compile_expr(expr: sp.Basic, args: tuple[sp.Symbol, ...]) -> Callable[..., np.ndarray]:
    """``expr`` as a numpy function of ``args`` (cached; the same expression compiles once per process).

    The expression is first rewritten into elementary functions (:func:`bounds.functions.explicit`) and its integer
    symbols are replaced by real stand-ins, so the compiled function is the continuous extension of the bound.
    """
    real_expr, mapping = real_view(explicit(expr, numeric=True))
    real_args = [mapping.get(a, a) for a in args]
    return sp.lambdify(real_args, real_expr, modules=list(MODULES))


def evaluate(expr: sp.Expr, args: Sequence[sp.Symbol], values: Sequence[np.ndarray]) -> np.ndarray:
    """``expr`` at broadcast float64 ``values`` (one array per symbol of ``args``), as a float64 array."""
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in values]) if values else []
    shape = arrays[0].shape if arrays else ()
    with np.errstate(all="ignore"):
        out = compile_expr(expr, tuple(args))(*arrays)
    return np.broadcast_to(np.asarray(out, dtype=np.float64), shape).copy()
