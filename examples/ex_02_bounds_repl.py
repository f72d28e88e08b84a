"""
Published bounds as sympy objects
=================================

Every bound of the catalog is a :class:`bounds.Bound`: its statement, source, confidence tag ([recalled] bounds say
so), constants (a constant the source gives no value for stays a symbol) and domain. Bounds evaluate, compare
symbolically along one variable, and give the smallest constant that keeps an upper bound above a lower one.
"""

import matplotlib.pyplot as plt
import numpy as np

from bounds import compare, consistency_constant, get

width = get("pensia2020.width")
print(width.describe())

# %%
# Evaluating needs every constant: Pensia et al. give no value for C.
print(width(d_in=100, d_out=100, l=5, eps=0.01, delta=0.01, C=1))

# %%
# Pensia et al. against Malach et al. along the target width d: the ratio, its limit (checked numerically) and
# the order.
comparison = compare("pensia2020.width", "malach2020.width", var="d", at={"l": 2, "eps": 0.01, "delta": 0.01},
                     constants={"C": 1})
print(comparison)

# %%
# The smallest value of Lueker's constant that keeps his sufficient sample count above the counting floor for
# every accuracy in (0, 1): a constraint any valid C must meet (1/ln 2, approached as ε → 0).
print(consistency_constant("lueker1998.rss_samples", "counting.rss_samples", over={"eps": (0, 1)}, at={"L": 2}))

# %%
# The two widths against d, on log axes.
d = np.logspace(0.5, 3, 40)
figure, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(d, [float(width(d_in=x, d_out=x, l=2, eps=0.01, delta=0.01, C=1)) for x in d], label="Pensia et al.")
malach = get("malach2020.width")
ax.loglog(d, [float(malach(d=x, l=2, eps=0.01, C=1)) for x in d], label="Malach et al.")
ax.set_xlabel("target width d")
ax.set_ylabel("required hidden width (C = 1)")
ax.legend()
figure.tight_layout()
