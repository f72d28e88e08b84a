"""A straightforward, single-threaded implementation of the exact interval programme (the benchmark's baseline).

This is the programme as the spec describes it (subsetsum.md, "Algorithms"), written the obvious way: keep the union
of [s − ε, s + ε] over subset sums as sorted disjoint intervals, merge U ∪ (U + x) with a plain two-way merge, clip
to the window [a − ε − P_k, b + ε + N_k] computed for the full path length, check coverage of [a, b] after every
sample.  No early stop, no short first horizon, no branch-free merge, one thread, one ε per pass.

``python -m verify.bench.rss_baseline --eps E --trials T --n-max N --seed S`` prints the first covering prefix of
every trial as JSON (the same sample paths as ``slth rss``), so the benchmark can time it as a whole process and
check that both programmes agree.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
from numba import njit


@njit(cache=True)
def first_covering_prefix(x, a, b, eps):
    """Smallest m with [a, b] ⊆ ∪_S [Σ_S − ε, Σ_S + ε] over subsets S of x[:m], or 0 if none."""
    n = x.shape[0]
    pos = np.zeros(n + 1)
    neg = np.zeros(n + 1)
    for k in range(n - 1, -1, -1):
        pos[k] = pos[k + 1] + max(x[k], 0.0)
        neg[k] = neg[k + 1] + max(-x[k], 0.0)
    lo = np.array([-eps])
    hi = np.array([eps])
    first = 0
    for k in range(1, n + 1):
        shift = x[k - 1]
        wl = a - eps - pos[k]
        wr = b + eps + neg[k]
        count = lo.shape[0]
        new_lo = np.empty(2 * count)
        new_hi = np.empty(2 * count)
        i = 0
        j = 0
        m = 0
        while i < count or j < count:
            if j >= count or (i < count and lo[i] <= lo[j] + shift):
                l, h = lo[i], hi[i]
                i += 1
            else:
                l, h = lo[j] + shift, hi[j] + shift
                j += 1
            if h < wl or l > wr:
                continue
            l = max(l, wl)
            h = min(h, wr)
            if m > 0 and l <= new_hi[m - 1]:
                new_hi[m - 1] = max(new_hi[m - 1], h)
            else:
                new_lo[m] = l
                new_hi[m] = h
                m += 1
        lo = new_lo[:m].copy()
        hi = new_hi[:m].copy()
        covered = False
        for t in range(m):
            if lo[t] <= a and hi[t] >= b:
                covered = True
        if covered and first == 0:
            first = k
    return first


def main(argv=None) -> int:
    from verify.subsetsum.paths import sample_paths

    parser = argparse.ArgumentParser(prog="python -m verify.bench.rss_baseline")
    parser.add_argument("--eps", type=float, required=True)
    parser.add_argument("--trials", type=int, required=True)
    parser.add_argument("--n-max", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--law", default="uniform")
    args = parser.parse_args(argv)
    paths = sample_paths(args.law, args.trials, args.n_max, args.seed)
    firsts = [int(first_covering_prefix(path, -1.0, 1.0, args.eps)) for path in paths]
    json.dump({"n_star_per_trial": [f if f > 0 else None for f in firsts]}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
