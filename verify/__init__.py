"""slth-verify, the empirical side: measurements of strong-lottery-ticket theory, turned into verdicts.

The package is layered; each subpackage imports only from the layers below it (import-linter checks this):

* shared layer — :mod:`verify.errors`, :mod:`verify.validate`, :mod:`verify.streams`, :mod:`verify.store`,
  :mod:`verify.executors`, :mod:`verify.stats`, :mod:`verify.compare` (where measurement meets bound) and
  :mod:`verify.pytest_plugin`;
* :mod:`verify.subsetsum` (random subset sum, exact), :mod:`verify.nets` (numpy networks), :mod:`verify.data`;
* :mod:`verify.train`, :mod:`verify.prune`;
* :mod:`verify.plantnseek`, :mod:`verify.lth`, :mod:`verify.tickets`, then :mod:`verify.experiments`;
* :mod:`verify.claims` (evaluators: measurements → verdicts);
* :mod:`verify.cli` and :mod:`verify.bench`.

Public API of this module:

* :class:`InvalidInput` — the exception every public function raises for a bad argument (a ``ValueError``).
* :data:`__version__` — the installed distribution's version.

Importing :mod:`verify` is cheap: nothing heavy (numba, scipy, pandas) is imported until a subpackage needs it.
"""

from importlib.metadata import PackageNotFoundError, version

from verify.errors import InvalidInput

try:
    __version__ = version("slth-verify")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["InvalidInput", "__version__"]
