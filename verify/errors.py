"""The one exception type for bad user input.

Public functions validate their arguments and raise :class:`InvalidInput` with a message that names the offending
value and says what is allowed.  The command line turns it into one line on stderr and exit status 2; the REPL
shows it as an ordinary ``ValueError``.  Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class InvalidInput(ValueError):
    """A value supplied by the user is outside what the function accepts."""

    def __init__(self, message: str):
        # One line, always: the CLI prints it verbatim.
        super().__init__(" ".join(str(message).split()))
