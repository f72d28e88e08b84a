"""
Decide a claim the way the write-up does
========================================

A claim's rule is registered before the data that decide it (:mod:`verify.claims.registry`): the quantity, the
unit of replication, the margin, the minimum replicates, the test and the level. Here: a non-inferiority comparison
of two classifiers evaluated on the same test examples over several training seeds. Seeds and test examples are
crossed — every seed sees the same examples — so the interval of the mean paired difference adds both sources of
variance (:func:`verify.stats.crossed_mean`); pooling 5 × 1,000 outcomes as independent would make it too narrow.
"""

import numpy as np

from verify.claims import registry
from verify.compare import BoundValue, judge, mean_measurement
from verify.stats import crossed_mean

# %%
# The registered rule of one of the project's claims, with its dated revisions.
claim = registry.get("pensia2020.experiment1_accuracy")
print(claim.rule.quantity)
print("unit:", claim.rule.unit, "| margin:", claim.rule.margin, "| min replicates:", claim.rule.min_replicates)
for entry in claim.history:
    print(entry.date, "-", entry.change)

# %%
# Synthetic per-example outcomes: seeds × test examples, a baseline and a candidate that loses 0.3 points.
rng = np.random.default_rng(0)
seeds, examples = 5, 1000
difficulty = rng.uniform(0, 1, examples)
baseline = rng.uniform(0, 1, (seeds, examples)) < 0.96 - 0.1 * difficulty
candidate = baseline & (rng.uniform(0, 1, (seeds, examples)) > 0.003)
change = crossed_mean(candidate.astype(float) - baseline.astype(float))
print("mean change:", change.estimate, "95 % interval:", change.interval(0.95))

# %%
# Non-inferiority at a margin of 0.5 points: holds when the one-sided test establishes change > −0.005. The
# severity says which violation the test would have detected with power 0.8.
verdict = judge("candidate is as accurate as baseline", mean_measurement("accuracy change", change),
                BoundValue(id="baseline", kind="lower", value=0.0, margin=0.005, confidence_tag="derived",
                           description="non-inferiority"))
print(verdict)
print(verdict.severity)
