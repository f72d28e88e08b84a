"""Objects that show themselves as their ``describe()`` text, in a plain REPL and in IPython.

A dataclass using :class:`Described` must pass ``repr=False`` (otherwise the generated ``__repr__`` wins).
"""

from __future__ import annotations


class Described:
    """Mixin: ``repr(x)`` and IPython's pretty printer show ``x.describe()``."""

    def describe(self) -> str:  # pragma: no cover - every user defines it
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.describe()

    def _repr_pretty_(self, printer, cycle):  # IPython
        printer.text(self.describe())


def crossover_line(var: str, lo: float, hi: float, found: list[tuple[float, str]], larger_at_start: str) -> str:
    """The crossover summary shared by the symbolic and numeric comparisons."""
    shown = ", ".join(f"{x:.6g} ({larger} larger after)" for x, larger in found) or "none"
    return f"  crossovers for {lo:g} ≤ {var} ≤ {hi:g}: {shown}; {larger_at_start} is larger at {lo:g}"
