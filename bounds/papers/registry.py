"""The catalog: every bound of shared/spec/bounds-catalog.md, by id, in the catalog's order.

Each paper module lists its factories in ``BOUNDS``; a bound is built once, on first use, and shared (bounds are
immutable; :meth:`~bounds.bound.Bound.with_empirical` returns a new object).
"""

from __future__ import annotations

import difflib
import functools

from bounds.bound import Bound
from bounds.errors import BoundsInputError
from bounds.papers import (
    becchetti2022,
    burkholz2022,
    counting,
    dacunha2022,
    ferbach2023,
    fischer2022,
    gadhikar2023,
    lueker1998,
    malach2020,
    natale2024,
    orseau2020,
    pensia2020,
)

__all__ = ["ids", "get", "all_bounds", "catalog", "PAPERS"]

#: Paper modules in the catalog's order.
PAPERS = (counting, lueker1998, pensia2020, malach2020, orseau2020, burkholz2022, dacunha2022, natale2024,
          ferbach2023, gadhikar2023, becchetti2022, fischer2022)


@functools.lru_cache(maxsize=1)
def _factories() -> dict:
    out = {}
    for module in PAPERS:
        for factory in module.BOUNDS:
            ident = f"{module.__name__.rsplit('.', 1)[1]}.{factory.__name__}"
            out[ident] = factory
    return out


def ids() -> tuple[str, ...]:
    """Every bound id, in the catalog's order."""
    return tuple(_factories())


@functools.cache
def _build(ident: str) -> Bound:
    bound = _factories()[ident]()
    if bound.id != ident:  # the factory's name is the id's second half
        raise RuntimeError(f"factory for {ident} built {bound.id}")
    return bound


def get(ident: str | Bound) -> Bound:
    """The bound with this id (a :class:`~bounds.bound.Bound` passes through unchanged).

    An unknown id raises :class:`~bounds.errors.BoundsInputError` naming the closest ids.

    >>> get("pensia2020.width").kind
    'upper'
    """
    if isinstance(ident, Bound):
        return ident
    if not isinstance(ident, str) or ident not in _factories():
        known = ids()
        close = difflib.get_close_matches(str(ident), known, n=3, cutoff=0.5)
        if not close:  # a paper name alone, or a bound name without its paper
            close = [k for k in known if str(ident) and (k.startswith(f"{ident}.") or k.endswith(f".{ident}"))][:3]
        hint = f"; did you mean {' or '.join(close)}?" if close else "; see `slth bounds list`"
        raise BoundsInputError(f"unknown bound id {ident!r}{hint}")
    return _build(ident)


def all_bounds() -> tuple[Bound, ...]:
    """Every bound, in the catalog's order."""
    return tuple(get(i) for i in ids())


def catalog():
    """A tidy table (pandas DataFrame) of all bounds: one row per bound.

    Columns: ``id, paper, kind, target, statement, confidence, recalled, variables, constants, implicit, source``.
    """
    import pandas as pd

    rows = []
    for b in all_bounds():
        rows.append({
            "id": b.id,
            "paper": b.paper,
            "kind": b.kind,
            "target": b.target_name,
            "statement": str(b.statement),
            "confidence": b.confidence,
            "recalled": b.rests_on_recalled,
            "variables": ", ".join(b.variables),
            "constants": ", ".join(f"{c.name} (no value)" if c.value is None else f"{c.name} = {c.value}"
                                   for c in b.constants),
            "implicit": b.implicit is not None,
            "source": b.source.short(),
        })
    return pd.DataFrame(rows)
