"""Random subset sum, exact: sampling laws, whole-interval coverage, its Monte Carlo, and closest subset sums.

Public API:

* :func:`coverage` — Monte Carlo of P_n(ε), the first covering prefix n* and the required count n_δ(ε), per trial.
* :class:`CoverageResult` — what a coverage run measured, with brackets, tables and JSON.
* :func:`worst_errors` — the exact worst error ε*_n of every prefix of given sample paths (the interval programme).
* :func:`closest_subset_sums` — for every target, the subset of given coefficients whose sum is closest (exact).
* :class:`SubsetSumSolution` — the chosen subsets, their sums and errors.
* :func:`get_law` — a sampling law by name; :func:`parse_law` — one from ``name:param=value`` text.
* :class:`Law` — the interface every law shares (a transform of i.i.d. uniforms).
* :func:`sample_paths` — the sample paths of a run (seeded by trial block: the same for any chunking).
* :func:`load_samples_file` — user-given sample paths from a ``.npy`` file (pickles refused).
* :func:`counting_floor` — the deterministic floor log2(L/(2ε)) on the samples any law needs.
"""

from verify.subsetsum.laws import Law, get_law, parse_law
from verify.subsetsum.montecarlo import coverage, load_samples_file
from verify.subsetsum.paths import sample_paths
from verify.subsetsum.result import CoverageResult, counting_floor
from verify.subsetsum.solve import SubsetSumSolution, closest_subset_sums
from verify.subsetsum.worst_error import worst_errors

__all__ = ["CoverageResult", "Law", "SubsetSumSolution", "closest_subset_sums", "counting_floor", "coverage",
           "get_law", "load_samples_file", "parse_law", "sample_paths", "worst_errors"]
