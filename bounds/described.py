"""Objects that show themselves as their ``describe()`` text, in a plain REPL and in IPython.

A dataclass using :class:`Described` must pass ``repr=False`` (otherwise the generated ``__repr__`` wins).
"""

from __future__ import annotations


class Described:
    """Mixin: ``repr(x)`` and IPython's pretty printer show ``x.describe()``."""

    def describe(self) -> str:  # pragma: no cover - every user defines it
        """The object as text; every class using the mixin defines it."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.describe()

    def _repr_pretty_(self, printer, cycle):  # IPython
        printer.text(self.describe())

    def _repr_markdown_(self) -> str:  # Jupyter: the same text, its alignment kept
        return "```text\n" + self.describe() + "\n```"

