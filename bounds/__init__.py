"""Every published bound of the strong-lottery-ticket literature as a first-class sympy object.

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
