"""The one exception type of the bounds package.

``bounds`` imports nothing from ``verify`` (data flows one way), so it has its own error for bad input.  It is a
``ValueError`` whose message is always one line naming the offending value and what is allowed; the ``slth bounds``
command turns it into exit status 2 and that line.
"""

from __future__ import annotations


class BoundsInputError(ValueError):
    """A value given to a bound (an id, a variable name, a number) is outside what it accepts."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))
