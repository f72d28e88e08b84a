r"""Special functions that appear in the bounds, as sympy functions that print, differentiate and evaluate.

* :class:`H2`, the binary entropy in bits,

  .. math::
      H_2(x) = -x \log_2 x - (1 - x) \log_2 (1 - x), \qquad 0 \le x \le 1,

  which is how Natale et al. (2024) count subsets of a fixed size: :math:`\binom{n}{k} \le 2^{n H_2(k/n)}`.
* ``log2`` is :class:`sympy.codegen.cfunctions.log2` (prints as log2, evaluates with ``numpy.log2``).

Limits and ``lambdify`` see the functions through :func:`explicit`, which rewrites them into ``log``.
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import log1p, log2
from sympy.printing.pretty.pretty import PrettyPrinter

__all__ = ["H2", "log2", "explicit", "pretty"]


class H2(sp.Function):
    r"""Binary entropy in bits, :math:`H_2(x) = -x\log_2 x - (1-x)\log_2(1-x)`.

    Examples
    --------
    >>> from sympy import Rational, Symbol
    >>> H2(Rational(1, 2))
    1
    >>> H2(0)
    0
    >>> round(float(H2(Rational(1, 4))), 6)
    0.811278
    >>> x = Symbol("x", positive=True)
    >>> H2(x).diff(x)
    log2((1 - x)/x)
    """

    nargs = 1

    @classmethod
    def eval(cls, x):
        """Exact values: :math:`H_2(0) = H_2(1) = 0`, :math:`H_2(1/2) = 1`; other arguments stay unevaluated."""
        if x.is_Number:
            if x == 0 or x == 1:
                return sp.S.Zero
            if x == sp.S.Half:
                return sp.S.One

    def fdiff(self, argindex=1):
        r"""The derivative, :math:`H_2'(x) = \log_2 \frac{1 - x}{x}`."""
        x = self.args[0]
        return log2((1 - x) / x)

    def _eval_rewrite_as_log(self, x, **hints):
        return (-x * sp.log(x) - (1 - x) * sp.log(1 - x)) / sp.log(2)

    def _eval_evalf(self, prec):
        x = self.args[0]
        if x.is_Number:
            return self.rewrite(sp.log)._eval_evalf(prec)
        return None

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        body = rf"H_{{2}}\left({printer._print(self.args[0])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"

    def _pretty(self, printer):
        return printer._print_Function(self, func_name="H₂")


def explicit(expr: sp.Expr, numeric: bool = False) -> sp.Expr:
    r"""``expr`` with :class:`H2` and ``log2`` rewritten into ``log`` (for ``limit``, ``solve`` and ``lambdify``).

    With ``numeric=True`` the entropy's :math:`\log(1 - x)` is written ``log1p(-x)``, which keeps full precision
    for tiny :math:`x` (``log(1 - 1e-20)`` is 0 in floating point).
    """
    if numeric:
        def entropy(e):
            x = e.args[0]
            return (-x * sp.log(x) - (1 - x) * log1p(-x)) / sp.log(2)
    else:
        def entropy(e):
            return e.rewrite(sp.log)
    return expr.replace(lambda e: isinstance(e, H2), entropy).replace(
        lambda e: isinstance(e, log2), lambda e: sp.log(e.args[0]) / sp.log(2)
    )


class _PrettyPrinter(PrettyPrinter):
    """sympy's 2-D printer, with ``Min``/``Max`` written as min/max of pretty-printed arguments."""

    def _print_Min(self, expr):
        return self._print_Function(expr, func_name="min")

    def _print_Max(self, expr):
        return self._print_Function(expr, func_name="max")


def pretty(expr) -> str:
    """``expr`` in sympy's 2-D unicode layout (min/max printed like other functions)."""
    return _PrettyPrinter({"use_unicode": True}).doprint(expr)
