"""
Is my new bound consistent with measurement?
============================================

Suppose you conjecture that :math:`n \\ge 1.1 \\log_2(1/\\epsilon) + C` uniform samples suffice for random subset sum
to cover :math:`[-1, 1]` with probability :math:`\\ge 1 - \\delta`. Write it as a :class:`bounds.Bound` (statement,
source, confidence tag, constants, variables; symbols come from :func:`bounds.symbols.symbol`, constants from
:func:`bounds.symbols.constant_symbol`), then judge measurements against it with :mod:`verify.compare`: the same
machinery the project's own claims use. A plain threshold (``P ≥ 0.95``) needs no bound object at all.
"""

import sympy as sp

from bounds import Bound, Constant, Source
from bounds.symbols import constant_symbol, symbol
from verify.compare import check, judge, probability_measurement, required_count_measurement, threshold
from verify.subsetsum import coverage

eps, n, C = symbol("eps"), symbol("n"), constant_symbol("C")
mine = Bound(
    id="mine2026.rss_samples",
    title="uniform random subset sum: 1.1·log2(1/ε) + C samples cover [−1, 1]",
    source=Source(authors="A. Researcher", year=2026, title="A conjecture", venue="notebook", locator="Conjecture 1"),
    confidence="derived",
    kind="upper",
    quantity="number of U[−1, 1] samples",
    target=n,
    expr=sp.Rational(11, 10) * sp.log(1 / eps, 2) + C,
    variables=("eps",),
    constants=(Constant(C, "an additive constant (no value yet)"),),
    conclusion="with probability ≥ 1 − δ every z ∈ [−1, 1] is within ε of a subset sum",
    log_base="2",
)
print(mine.describe())

# %%
# Measure the required count :math:`n_\delta(\epsilon)` exactly (an exact simultaneous bracket over sample
# paths) and judge the conjecture at C = 12 and C = 1: "holds" when the whole bracket lies below the bound,
# "violated" when it lies wholly above, "inconclusive" otherwise.
result = coverage("uniform", eps=[1e-3], trials=400, n_max=32, seed=1)
measured = required_count_measurement(result, eps=1e-3, delta=0.05)
print(check("my conjecture at C = 12", measured, mine, at={"eps": 1e-3}, constants={"C": 12}))
print(check("my conjecture at C = 1", measured, mine, at={"eps": 1e-3}, constants={"C": 1}))

# %%
# A custom threshold without a catalog bound: :func:`verify.compare.threshold` states the claim as a relation
# (``">="``: the quantity must be at least the value, less an optional ``margin``; ``"<="``, and the strict ``">"``
# and ``"<"``), and :func:`verify.compare.judge` applies an exact one-sided test at the level you choose, reporting
# the smallest violation it could have detected.
covered = int(result.table().query("eps == 0.001 and n == 24")["covered"].iloc[0])
probability = probability_measurement("P_24(1e-3)", covered, 400)
claim = threshold("24 samples cover with probability 0.95", ">=", 0.95, confidence_tag="derived")
verdict = judge(claim.id, probability, claim, level=0.025)
print(verdict)
print(verdict.severity)

# %%
# The same two checks in your own test suite, with the pytest plugin's ``slth`` fixture (installed with the package):
#
# .. code-block:: python
#
#     def test_my_conjecture(slth):
#         measured = slth.required_count(coverage("uniform", eps=[1e-3], trials=400, n_max=32, seed=1),
#                                        eps=1e-3, delta=0.05)
#         slth.assert_bound(mine, measured, at={"eps": 1e-3}, constants={"C": 12})
#
#     def test_my_threshold(slth):
#         slth.assert_threshold(slth.probability("P_24(1e-3)", covered, 400), ">=", 0.95, level=0.025)
#
# A failure prints the measured interval, the bound's value, the constants and the reason (see
# :mod:`verify.pytest_plugin`).
