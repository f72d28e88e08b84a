r"""Every published bound of the strong-lottery-ticket literature as a first-class sympy object.

>>> from bounds import catalog, get, compare
>>> b = get("pensia2020.width")
>>> b.confidence
'recalled, width corroborated'
>>> round(b(d_in=100, d_out=100, l=5, eps=0.01, delta=0.01, C=1), 2)
1542.49

* :func:`get` a bound by its catalog id, :func:`catalog` for a table of all of them, :func:`ids` for the ids;
* a :class:`Bound` evaluates (``b(**values)``, vectorised), solves (``b.solve_for("eps", width=..., ...)``), prints
  its statement, source and confidence, and carries empirical constants apart from the source's
  (``b.with_empirical(C=..., evidence=...)``);
* :func:`compare` two bounds along a variable (ratio, symbolic limit with a numeric check, order, crossovers);
* :func:`consistency_constant` computes the smallest unspecified constant that keeps an upper bound above a lower
  bound; :func:`derived_facts` lists the facts the project derives from the catalog.

Public API (``__all__``), one line per name:

* ``Bound``: one published bound (statement, source, confidence, constants, domain); evaluates and solves.
* ``BoundsInputError``: the package's one exception, a ``ValueError`` whose one-line message names the bad value.
* ``Comparison``: the symbolic comparison of two explicit bounds (ratio, checked limit, order, crossovers).
* ``Constant``: a constant of a bound, with the source's value or "no value given by the source".
* ``DerivedFact``: a fact computed by the project from the catalog (not a published claim).
* ``Empirical``: a constant's value measured by the project, with its evidence; never the source's value.
* ``Evaluation``: a bound's value at given values, with the origin of every constant it used.
* ``H2``: the binary entropy in bits, :math:`H_2(x) = -x \log_2 x - (1-x) \log_2 (1-x)`, as a sympy function.
* ``Implicit``: how to evaluate a bound whose quantity appears on both sides (its residual and root).
* ``Source``: where a bound comes from (authors, year, title, venue, theorem).
* ``VARIABLES``: the registry of variables (name -> symbol, meaning, natural domain, typical range).
* ``all_bounds``: every bound of the catalog, in the catalog's order.
* ``catalog``: a pandas table of the catalog, one row per bound.
* ``compare``: compare two bounds along one variable (symbolically, or numerically for an implicit bound).
* ``consistency_constant``: the smallest constant of an upper bound that keeps it above a lower bound on a box.
* ``derived_facts``: the facts the write-up quotes (limits, orders, consistency constants), computed.
* ``get``: the bound with a catalog id (e.g. ``"pensia2020.width"``).
* ``ids``: every catalog id, in the catalog's order.

Layout: :mod:`bounds.bound` (the :class:`Bound` class) is built from :mod:`bounds.parts` (its records),
:mod:`bounds.symbols` (the shared symbols), :mod:`bounds.functions` (``H2``, ``log2``) and the private
``_arguments`` (input checks), ``_numeric`` (``lambdify``) and ``_solver`` (roots); :mod:`bounds.papers` holds the
catalog, one module per paper, and its registry; :mod:`bounds.comparison` (with :mod:`bounds.numeric_comparison`),
:mod:`bounds.consistency` and :mod:`bounds.facts` compute with the catalog's bounds.

This package imports nothing from ``verify``: measurements flow into it (``with_empirical``), never the reverse.
"""

from bounds.bound import Bound
from bounds.comparison import Comparison, compare
from bounds.consistency import DerivedFact, consistency_constant
from bounds.errors import BoundsInputError
from bounds.facts import derived_facts
from bounds.functions import H2
from bounds.papers.registry import all_bounds, catalog, get, ids
from bounds.parts import Constant, Empirical, Evaluation, Implicit, Source
from bounds.symbols import VARIABLES

__all__ = [
    "Bound", "BoundsInputError", "Comparison", "Constant", "DerivedFact", "Empirical", "Evaluation", "H2",
    "Implicit", "Source", "VARIABLES", "all_bounds", "catalog", "compare", "consistency_constant", "derived_facts",
    "get", "ids",
]
