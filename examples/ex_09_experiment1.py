"""
Every weight as a subset sum (Pensia et al.'s Experiment 1)
===========================================================

Pensia et al. approximate every weight of a trained network by the closest subset sum of n = 3·round(log2(1/ε))
random coefficients. :func:`verify.tickets.approximate_weights` solves every weight at its exact optimum (meet in the
middle, checked against brute force over all 2^n subsets) under the paper's per-row coefficient law, independent
coefficients per weight, or products of uniforms (the theory's law).
"""

import matplotlib.pyplot as plt
import numpy as np

from verify.tickets import approximate_weights

rng = np.random.default_rng(0)
weights = [rng.normal(0, 0.05, (100, 64)), rng.normal(0, 0.1, (10, 100))]   # stand-ins for trained matrices

figure, ax = plt.subplots(figsize=(6, 3.5))
for law in ("per-row", "independent", "product"):
    result = approximate_weights(weights, n=21, eps=0.01, law=law, seed=0)
    summary = result.summary()
    print(law, {k: summary[k] for k in ("weights", "within_eps", "max_error", "ratio_kept_to_target")})
    errors = np.concatenate([e.ravel() for e in result.errors])
    ax.hist(np.log10(np.maximum(errors, 1e-12)), bins=60, histtype="step", label=law)
ax.axvline(-2, color="grey", ls="--", label="ε = 0.01")
ax.set_xlabel("log10 |w − ŵ|")
ax.set_ylabel("weights")
ax.legend()
figure.tight_layout()
