"""
How many samples does my law need?
==================================

Random subset sum asks for the smallest n such that *every* target z in an interval is within ε of a subset sum of
n random numbers. :func:`verify.subsetsum.coverage` measures it exactly, per sample path (an interval programme,
checked against enumeration of all 2^n sums), so only the sampling of paths is random.

Here: the uniform law against a Gaussian of the same spread, at two accuracies.
"""

import matplotlib.pyplot as plt

from verify.subsetsum import counting_floor, coverage, parse_law

eps = [1e-2, 1e-3]
uniform = coverage("uniform", eps=eps, trials=300, n_max=30, seed=0)
gaussian = coverage(parse_law("gaussian:sigma=0.5"), eps=eps, trials=300, n_max=30, seed=0)

# %%
# The summary: the counting floor log2(L/(2ε)) no law can beat, the mean first covering prefix n*, and the
# required count n_δ(ε) (the smallest n covering with probability ≥ 1 − δ) as an exact simultaneous bracket.
print(uniform.summary(delta=0.05).to_string())
print(gaussian.summary(delta=0.05).to_string())

# %%
# P_n(ε) with exact Clopper–Pearson bands, against n.
figure, ax = plt.subplots(figsize=(6, 3.5))
for result, name in ((uniform, "uniform"), (gaussian, "gaussian σ = 0.5")):
    table = result.table()
    for e in eps:
        rows = table[table["eps"] == e]
        ax.plot(rows["n"], rows["p_cover"], label=f"{name}, ε = {e:g}")
        ax.fill_between(rows["n"], rows["ci_low"], rows["ci_high"], alpha=0.2)
for e in eps:
    ax.axvline(counting_floor(e, 2.0), color="grey", ls=":", lw=1)
ax.set_xlabel("n")
ax.set_ylabel("P_n(ε): every z in [−1, 1] covered")
ax.legend(fontsize="x-small")
figure.tight_layout()

# %%
# Any continuous ``scipy.stats`` distribution is a law too: a frozen one is drawn through its ``ppf`` on the same
# seeded uniforms (on the command line: ``--law scipy:norm:loc=0,scale=0.5``). ``scipy.stats.norm(0, 0.5)`` draws
# exactly the samples of ``gaussian:sigma=0.5``, so its worst errors are the same bytes; a Laplace law of the same
# standard deviation (scale 0.5/√2) is a new one.
import numpy as np  # noqa: E402
import scipy.stats  # noqa: E402

same = coverage(scipy.stats.norm(0, 0.5), eps=eps, trials=300, n_max=30, seed=0)
assert np.array_equal(same.worst_error, gaussian.worst_error)
laplace = coverage(scipy.stats.laplace(scale=0.5 / np.sqrt(2)), eps=eps, trials=300, n_max=30, seed=0)
print(laplace.to_json()["law"], laplace.to_json()["law_params"])
print(laplace.summary(delta=0.05).to_string())
