"""
A lottery ticket run
====================

Frankle & Carbin (2019): train, remove the smallest surviving weights layer by layer (20 % of each hidden layer and
10 % of the output layer per round), reset the survivors to their initial values θ₀, and train again. The winning
ticket is compared with two controls of the same per-layer size: the same mask randomly re-initialised, and a
random mask. :func:`verify.lth.run_imp` runs all three over trials (resumable with ``out=``); every number depends
only on the seed, not on the worker count or the executor.
"""

import matplotlib.pyplot as plt

from verify.lth import protocol, run_imp

settings = protocol("digits", rounds=4, iterations=400, eval_every=50)
result = run_imp(settings, trials=2, seed=0, executor="threads", workers=2, progress=False)
print(result.summary().to_string())

# %%
# Test accuracy at the early-stopping iteration against the fraction of weights remaining, per arm (means over
# trials), from the tidy table: one row per (arm, trial, level).
table = result.table()
figure, ax = plt.subplots(figsize=(6, 3.5))
for arm, rows in table.groupby("arm"):
    means = rows.groupby("density")[result.metric_name].mean()
    ax.plot(means.index, means.values, "o-", label=arm)
ax.set_xscale("log")
ax.invert_xaxis()
ax.set_xlabel("fraction of weights remaining P_m")
ax.set_ylabel(result.metric_name)
ax.legend()
figure.tight_layout()
