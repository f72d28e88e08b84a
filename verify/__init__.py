"""slth-verify: the empirical side of the toolkit.

Modules (one idea each): ``laws`` (sampling laws), ``rss`` (exact random-subset-sum coverage), ``stats``
(Clopper–Pearson intervals, required-count brackets, fits), ``store`` (chunked, resumable results), ``executors``
(local threads or Dask), and the network, ticket, pruning and comparison modules added by later parts of the project.

Importing :mod:`verify` is cheap: nothing heavy (numba, scipy, pandas) is imported until a submodule needs it.
"""

from verify.errors import InvalidInput

__all__ = ["InvalidInput"]
__version__ = "0.1.0"
