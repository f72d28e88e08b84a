"""The random-subset-sum family's claims, decided from result tables written by figures 41–44.

Tables (every per-path quantity is exact; only the sampling of paths is random, and paths are the unit of
replication):

* ``rss_fixed_size`` — per subset size k: ``k<k>.eps`` (E,), ``k<k>.n_star`` (T, E) the first prefix whose k-subset
  sums cover [−√k, √k] within ε (n_max + 1: not within n_max), ``k<k>.target_n_star`` (T, Q, E) the first prefix at
  which each target z_q = r_q·√k is within ε of a k-subset sum, ``k<k>.n_max``; meta ``subset_sizes``,
  ``targets_relative`` (r_q).
* ``rss_multidim`` — per dimension d: ``d<d>.eps``, ``d<d>.n_lower``, ``d<d>.n_upper`` (T, E) the certified bracket on
  n* for [−1, 1]^d in the max norm, ``d<d>.n_max``.
* ``rss_partitions`` — ``n`` (N,), ``kappa`` (K,), ``counts`` (T, N, K) the exact number of perfect partitions.
* ``rss_quantized`` — ``q`` (B,), ``n_star`` (T, B) the first prefix representing every target of the 1/q grid.
* ``rss_sparse`` — ``keep`` (P,), ``eps`` (E,), ``n_star`` (T, P, E), ``n_max`` (P,).

The helpers below compute required counts and slopes from those arrays; the figures use the same helpers, so a
figure and a verdict never disagree about a number.  Evaluators take (results, rule) and return (verdicts, facts).
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from verify.claims.model import expects, fact
from verify.compare import (
    BoundValue,
    bootstrap_measurement,
    bound_value,
    counterexample_measurement,
    judge,
    probability_measurement,
)
from verify.evidence import Bootstrap
from verify.stats import first_crossing
from verify.streams import PURPOSE_STATISTICS, stream
from verify.validate import format_confidence

FIXED, CUBE, PARTITIONS, QUANTIZED, SPARSE = ("rss_fixed_size", "rss_multidim", "rss_partitions", "rss_quantized",
                                              "rss_sparse")


# -- shared helpers (figures use them too) ---------------------------------------------------------------------------

def h2(x):
    """Binary entropy H2(x) = −x log2 x − (1 − x) log2(1 − x) (0 at 0 and 1)."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = -x * np.log2(x) - (1.0 - x) * np.log2(1.0 - x)
    return np.where((x > 0) & (x < 1), value, 0.0)


def quantile_count(n_star: np.ndarray, level: float, axis: int = 0) -> np.ndarray:
    """The smallest n with #{n*_t ≤ n} ≥ level·T along ``axis``: the ⌈level·T⌉-th smallest n* (so for level
    = 1 − δ it is the required count n_δ of the sampled paths)."""
    count = n_star.shape[axis]
    rank = max(math.ceil(level * count - 1e-9), 1) - 1
    return np.partition(n_star, rank, axis=axis).take(rank, axis=axis)


def fixed_target_count(target_n_star: np.ndarray, level: float) -> np.ndarray:
    """Per ε: the smallest n at which every target of the grid is hit with frequency ≥ level ((T, Q, E) → (E,))."""
    return quantile_count(target_n_star, level, axis=0).max(axis=0)


def slope(x, y) -> float:
    """Least-squares slope of y against x."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    centred = x - x.mean()
    return float(centred @ (y - y.mean()) / (centred @ centred))


def loglog_slope(x, y) -> float:
    return slope(np.log(np.asarray(x, dtype=np.float64)), np.log(np.asarray(y, dtype=np.float64)))


def _generator(label: str):
    return stream(0, PURPOSE_STATISTICS, zlib.crc32(label.encode()))


def _bootstrap(statistic, paths: int, replicates: int, label: str):
    """(point, replicates) of ``statistic(rows)`` over resampled path indices (the same rows for every array)."""
    generator = _generator(label)
    point = statistic(np.arange(paths))
    values = np.empty(replicates)
    for b in range(replicates):
        values[b] = statistic(generator.integers(0, paths, paths))
    return point, values


def _interval_facts(prefix: str, evidence: Bootstrap, confidence: float, what: str, source) -> dict:
    low, high = evidence.interval(confidence)
    level = format_confidence(confidence)
    return {prefix: fact(float(evidence.point), what, source),
            f"{prefix}_low": fact(low, f"lower end of the {level} bootstrap interval of: {what}", source),
            f"{prefix}_high": fact(high, f"upper end of the {level} bootstrap interval of: {what}", source)}


# -- fixed-size subsets (Natale et al. 2024) ------------------------------------------------------------------------

def _fixed(results):
    table = results.table(FIXED)
    return table, [int(k) for k in table.meta["subset_sizes"]]


def fixed_size_floor(k: int, eps: float) -> int:
    """The smallest n ≥ k with C(n, k)·2ε ≥ 2√k (``counting.rss_fixed_size``)."""
    n = k
    while math.comb(n, k) * 2.0 * eps < 2.0 * math.sqrt(k):
        n += 1
    return n


def counting_floor_fixed(results, rule):
    """Deterministic: no path covers [−√k, √k] with k-subset sums before C(n, k)·2ε ≥ 2√k.  Every path of every
    (k, ε) is checked: one path covered below the floor refutes it."""
    table, sizes = _fixed(results)
    verdicts, found_total, searched = [], 0, 0
    bound = BoundValue(id="counting.rss_fixed_size", kind="upper", value=0.0, confidence_tag="derived",
                       description="no path covered below the fixed-size counting floor")
    for k in sizes:
        eps = np.asarray(table[f"k{k}.eps"])
        n_star = table[f"k{k}.n_star"]
        for j, e in enumerate(eps):
            floor = fixed_size_floor(k, float(e))
            found = int(np.count_nonzero(n_star[:, j] < floor))
            found_total += found
            searched += n_star.shape[0]
            measurement = counterexample_measurement(f"paths covered below the floor n = {floor} [k = {k}, "
                                                     f"eps = {e:.0e}]", found, n_star.shape[0])
            verdicts.append(judge("fixed-size counting floor", measurement, bound))
    return verdicts, {"comparisons": fact(len(verdicts), "(k, eps) pairs checked"),
                      "counterexamples": fact(found_total, "paths covered below the floor", (FIXED, "k*.n_star")),
                      "paths": fact(searched, "path checks over all (k, eps)")}


def _cells(table, sizes, eps_max: float, eps_min: float = 0.0):
    """(k, column, ε) of every cell of the registered accuracy range."""
    cells = []
    for k in sizes:
        for j, e in enumerate(np.asarray(table[f"k{k}.eps"])):
            if eps_min * (1 - 1e-9) <= e <= eps_max * (1 + 1e-9):
                cells.append((k, j, float(e)))
    return cells


def _entropy_scaling(counts, cells, power: int):
    """log-log slope of n·H2(k/n) against log2(k/ε), and the implied constants n·H2(k/n)/log2^power(k/ε)."""
    counts = np.asarray(counts, dtype=np.float64)
    ks = np.array([c[0] for c in cells], dtype=np.float64)
    logs = np.log2(ks / np.array([c[2] for c in cells]))
    entropy = counts * h2(ks / counts)
    return loglog_slope(logs, entropy), entropy / logs ** power


def _entropy_slope_verdict(claim: str, power: int, cells, counts_of, point_counts, paths: int, rule, *, label: str,
                           count: str, description: str, constant: str, formula: str, source):
    """Natale et al.'s entropy scaling n·H2(k/n) ≍ c·log2^power(k/ε), judged: the log-log slope β of
    ``count``·H2(k/``count``) against log2(k/ε) over the cells (``counts_of(rows)`` gives every cell's count from
    the path indices ``rows``) must not exceed ``power`` + margin, with a percentile bootstrap over the sample paths
    (the stream of ``label``).  Returns (the verdict of ``claim``, the facts β, β_low, β_high and the smallest and
    largest implied constant ``constant`` = ``formula`` at the point counts)."""
    replicates = int(rule.parameters["bootstrap"])
    point, values = _bootstrap(lambda rows: _entropy_scaling(counts_of(rows), cells, power)[0], paths, replicates,
                               label)
    evidence = Bootstrap(point, values, units=paths,
                         method=f"bootstrap over sample paths, {replicates} replicates, percentile")
    bound = BoundValue(id=claim, kind="upper", value=float(power), margin=rule.margin, confidence_tag="paper",
                       description=description)
    verdict = judge(claim, bootstrap_measurement(f"log-log slope of {count}·H2(k/{count}) against log2(k/eps)",
                                                 evidence, rule.confidence), bound, level=rule.level)
    _, constants = _entropy_scaling(point_counts, cells, power)
    facts = {**_interval_facts("beta", evidence, rule.confidence, f"log-log slope of {count}·H2 against log2(k/eps)",
                               source),
             "constant_min": fact(float(constants.min()), f"smallest implied {constant} = {formula}", source),
             "constant_max": fact(float(constants.max()), f"largest implied {constant}", source)}
    return verdict, facts


def _named_cell_counts(cells, point_counts, count: str, source) -> dict:
    """The facts ``k2_eps01`` and ``k8_eps001``: the point count ``count`` at (k, ε) = (2, 0.1) and (8, 0.01), for
    those of the two cells that were judged."""
    facts = {}
    for key, (k, e) in (("k2_eps01", (2, 0.1)), ("k8_eps001", (8, 0.01))):
        for i, c in enumerate(cells):
            if c[0] == k and math.isclose(c[2], e):
                facts[key] = fact(int(point_counts[i]), f"{count} at k = {k}, eps = {e:g}", source)
    return facts


@expects("beta", "beta_low", "beta_high", "constant_min", "constant_max", "cells", "level", "k2_eps01", "k8_eps001")
def fixed_target_scaling(results, rule):
    """Theorem 2: n ≥ c_hyp·log2(k/ε)/H2(k/n) makes every fixed z ∈ [−√k, √k] hit with probability ≥ c_thm.
    Per (k, ε) the smallest n at which every target of the grid is hit with frequency ≥ the registered level, n_hit;
    over the grid, the log-log slope β of n_hit·H2(k/n_hit) against log2(k/ε) must not exceed 1 + margin (the form
    with a constant gives β = 1, lower-order terms β < 1).  Bootstrap over paths (all cells resample the same paths:
    the same sample paths serve every k)."""
    p = rule.parameters
    table, sizes = _fixed(results)
    level = float(p["level"])
    paths = table[f"k{sizes[0]}.n_star"].shape[0]
    cells = [(k, j, e) for k, j, e in _cells(table, sizes, float(p["eps_max"]), float(p.get("eps_min", 0.0)))
             # the theorem's domain k <= n/2, at the measured n_hit
             if k <= float(p["k_ratio_max"]) * fixed_target_count(table[f"k{k}.target_n_star"][:, :, [j]], level)[0]]
    if len(cells) < 3:
        return [], {"cells": fact(len(cells), "(k, eps) cells in the registered range")}

    # every cell's targets side by side, (T, cells·Q): one quantile per replicate for all of them
    stacked = np.concatenate([table[f"k{k}.target_n_star"][:, :, j] for k, j, _ in cells], axis=1)
    per_cell = stacked.shape[1] // len(cells)

    def counts_of(rows):
        return quantile_count(stacked[rows], level, axis=0).reshape(len(cells), per_cell).max(axis=1).astype(
            np.float64)

    point_counts = counts_of(np.arange(paths))
    n_max = {k: int(table[f"k{k}.n_max"]) for k in sizes}
    if any(point_counts[i] > n_max[c[0]] for i, c in enumerate(cells)):
        return [], {"censored": fact(True, "some target is not hit by n_max at the registered level")}
    source = (FIXED, "k*.target_n_star")
    verdict, facts = _entropy_slope_verdict(
        "natale2024.rfss_fixed_target", 1, cells, counts_of, point_counts, paths, rule, label="fixed_target_scaling",
        count="n_hit", description="n·H2(k/n) grows like log2(k/ε) (slope 1 on log-log axes)", constant="c_hyp",
        formula="n_hit·H2(k/n)/log2(k/eps)", source=source)
    facts.update({"cells": fact(len(cells), "(k, eps) cells judged"),
                  "level": fact(level, "per-target hit frequency that defines n_hit"),
                  **_named_cell_counts(cells, point_counts, "n_hit", source)})
    return [verdict], facts


@expects("beta", "beta_low", "beta_high", "constant_min", "constant_max", "cells", "k2_eps01", "k8_eps001",
         "bound_k8_eps001")
def all_targets_scaling(results, rule):
    """Corollary 1: n ≥ c_amp·log2²(k/ε)/H2(k/n) covers all of [−√k, √k] with probability ≥ 1 − ε.  Per (k, ε) the
    required count at the corollary's own probability, n_ε (the ⌈(1 − ε)T⌉-th smallest n*); over the grid the log-log
    slope β of n_ε·H2(k/n_ε) against log2(k/ε) must not exceed 2 + margin (the corollary's log² form)."""
    p = rule.parameters
    table, sizes = _fixed(results)
    cells = [(k, j, e) for k, j, e in _cells(table, sizes, float(p["eps_max"]), float(p["eps_min"]))
             if k <= float(p["k_ratio_max"]) * quantile_count(table[f"k{k}.n_star"][:, j], 1.0 - e)]
    if len(cells) < 3:
        return [], {"cells": fact(len(cells), "(k, eps) cells in the registered range")}

    # every cell's paths side by side, (T, cells); each cell's count is its own rank (the level 1 − ε differs)
    stacked = np.stack([table[f"k{k}.n_star"][:, j] for k, j, _ in cells], axis=1)
    ranks = np.array([max(math.ceil((1.0 - e) * stacked.shape[0] - 1e-9), 1) - 1 for _, _, e in cells])
    columns = np.arange(len(cells))

    def counts_of(rows):
        return np.sort(stacked[rows], axis=0)[ranks, columns].astype(np.float64)

    paths = table[f"k{sizes[0]}.n_star"].shape[0]
    point_counts = counts_of(np.arange(paths))
    if any(point_counts[i] > int(table[f"k{c[0]}.n_max"]) for i, c in enumerate(cells)):
        return [], {"censored": fact(True, "n_eps lies beyond n_max for some (k, eps)")}
    source = (FIXED, "k*.n_star")
    verdict, facts = _entropy_slope_verdict(
        "natale2024.rfss_all_targets", 2, cells, counts_of, point_counts, paths, rule, label="all_targets_scaling",
        count="n_eps", description="n·H2(k/n) grows at most like log2²(k/ε)", constant="c_amp",
        formula="n_eps·H2/log2²(k/eps)", source=source)
    facts.update({"cells": fact(len(cells), "(k, eps) cells judged"),
                  **_named_cell_counts(cells, point_counts, "n_eps", source)})
    if "k8_eps001" in facts:
        value = bound_value("natale2024.rfss_all_targets", at={"k": 8, "eps": 0.01}, constants={"c_amp": 1.0}).value
        facts["bound_k8_eps001"] = fact(value, "Corollary 1's n with c_amp = 1 at k = 8, eps = 0.01 "
                                               "(the paper gives no value of c_amp)")
    return [verdict], facts


@expects("comparisons", "p_max", "bound_k8_eps001", "ratio_min")
def lower_sparse_fixed(results, rule):
    """Theorem 5 with d = 1: if every target is hit with probability ≥ ½ then n ≥ ½·log2(k/ε)/H2(k/n) (ε < 1/16,
    k ≤ 0.84·n).  All-target coverage implies every target's hit, so at the largest n below the bound the coverage
    probability must not be established above ½: an exact binomial test per (k, ε), Holm over the family."""
    p = rule.parameters
    table, sizes = _fixed(results)
    verdicts, facts, p_max, ratios = [], {}, 0.0, []
    for k, j, e in _cells(table, sizes, float(p["eps_max"])):
        threshold = bound_value("natale2024.lower_sparse", at={"d": 1, "k": k, "eps": e}).value
        below = math.ceil(threshold) - 1
        n_star = table[f"k{k}.n_star"][:, j]
        ratios.append(float(np.median(n_star)) / threshold)
        if below < k / 0.84:
            continue
        covered = int(np.count_nonzero(n_star <= below))
        p_max = max(p_max, covered / n_star.shape[0])
        measurement = probability_measurement(f"P(all targets covered) at n = {below} below the bound [k = {k}, "
                                              f"eps = {e:.0e}]", covered, n_star.shape[0], rule.confidence)
        bound = BoundValue(id="natale2024.lower_sparse", kind="upper", value=0.5, confidence_tag="paper",
                           description="below the bound, targets are not all hit with probability >= 1/2",
                           parameters={"k": k, "eps": e, "n": below})
        verdicts.append(judge("natale2024.lower_sparse", measurement, bound, level=rule.level))
        if k == 8 and math.isclose(e, 0.01):
            facts["bound_k8_eps001"] = fact(threshold, "Theorem 5's n at d = 1, k = 8, eps = 0.01")
    facts.update({"comparisons": fact(len(verdicts), "(k, eps) pairs judged"),
                  "p_max": fact(p_max, "largest coverage frequency below the bound", (FIXED, "k*.n_star")),
                  "ratio_min": fact(min(ratios) if ratios else None,
                                    "smallest ratio of the median n* to the bound", (FIXED, "k*.n_star"))})
    return verdicts, facts


# -- vectors (Becchetti et al. 2022) ---------------------------------------------------------------------------------

def becchetti_form(d, eps):
    """d³·ln(1/ε)·(ln(1/ε) + ln d), the order of ``becchetti2022.multidim_rss`` (C = 1)."""
    d = np.asarray(d, dtype=np.float64)
    eps = np.asarray(eps, dtype=np.float64)
    return d ** 3 * np.log(1.0 / eps) * (np.log(1.0 / eps) + np.log(d))


def cube_floor(d, eps):
    """d·log2(1/ε): 2^n boxes of side 2ε cover [−1, 1]^d only if n ≥ this [derived]."""
    return np.asarray(d, dtype=np.float64) * np.log2(1.0 / np.asarray(eps, dtype=np.float64))


def _cube_cells(results):
    table = results.table(CUBE)
    cells = []
    for d in table.meta["dims"]:
        for j, e in enumerate(np.asarray(table[f"d{d}.eps"])):
            cells.append((int(d), j, float(e)))
    return table, cells


@expects("beta_bound", "beta_bound_low", "beta_bound_high", "beta_floor", "beta_floor_low", "beta_floor_high",
         "closer", "closer_low", "closer_high", "exact_fraction_d3", "unresolved_d3", "cells", "ratio_floor_max",
         "constant_min", "constant_max")
def multidim_scaling(results, rule):
    """The required count n_δ(d, ε) (δ registered; from each path's pessimistic end n_upper, so a path left
    unresolved counts as not covered) against d³·log(1/ε)·(log(1/ε) + log d): the log-log slope β over the (d, ε)
    grid must not exceed 1 + margin (the bound's growth is not outgrown).  Beside it, the slope against the counting
    floor d·log2(1/ε) and which form is closer (|β − 1|), with bootstrap intervals over paths (the paths of each
    dimension resampled independently: they are independent runs)."""
    p = rule.parameters
    delta = float(p["delta"])
    table, cells = _cube_cells(results)
    if len(cells) < 3:
        return [], {"cells": fact(len(cells), "(d, eps) cells measured")}
    ds = np.array([c[0] for c in cells])
    eps = np.array([c[2] for c in cells])
    bound_form, floor_form = becchetti_form(ds, eps), cube_floor(ds, eps)
    dims = sorted({c[0] for c in cells})

    def counts_of(rows_by_dim, column="n_upper"):
        return np.array([quantile_count(table[f"d{d}.{column}"][rows_by_dim[d], j], 1.0 - delta)
                         for d, j, _ in cells], dtype=np.float64)

    paths = {d: table[f"d{d}.n_upper"].shape[0] for d in dims}
    point = counts_of({d: np.arange(paths[d]) for d in dims})
    if any(point[i] > int(table[f"d{c[0]}.n_max"]) for i, c in enumerate(cells)):
        return [], {"censored": fact(True, "n_delta lies beyond n_max (or unresolved) for some (d, eps)")}
    generator = _generator("multidim_scaling")
    replicates = int(p["bootstrap"])
    stats_b = np.empty((replicates, 3))
    for b in range(replicates):
        counts = counts_of({d: generator.integers(0, paths[d], paths[d]) for d in dims})
        stats_b[b] = (loglog_slope(bound_form, counts), loglog_slope(floor_form, counts), 0.0)
        stats_b[b, 2] = abs(stats_b[b, 0] - 1.0) - abs(stats_b[b, 1] - 1.0)
    beta_bound, beta_floor = loglog_slope(bound_form, point), loglog_slope(floor_form, point)
    units = min(paths.values())
    method = f"bootstrap over sample paths (per dimension), {replicates} replicates, percentile"
    evidence = Bootstrap(beta_bound, stats_b[:, 0], units=units, method=method)
    floor_evidence = Bootstrap(beta_floor, stats_b[:, 1], units=units, method=method)
    closer_evidence = Bootstrap(abs(beta_bound - 1) - abs(beta_floor - 1), stats_b[:, 2], units=units, method=method)
    bound = BoundValue(id="becchetti2022.multidim_rss", kind="upper", value=1.0, margin=rule.margin,
                       confidence_tag="abstract", description="n_delta grows no faster than d^3 log(1/eps)(log(1/eps)"
                                                              " + log d)")
    verdict = judge("becchetti2022.multidim_rss", bootstrap_measurement(
        f"log-log slope of n_{delta:g}(d, eps) against d^3 log(1/eps)(log(1/eps) + log d)", evidence,
        rule.confidence), bound, level=rule.level)
    source = (CUBE, "d*.n_upper")
    d3 = [j for d, j, _ in cells if d == 3]
    facts = {**_interval_facts("beta_bound", evidence, rule.confidence, "slope against the bound's form", source),
             **_interval_facts("beta_floor", floor_evidence, rule.confidence, "slope against the counting floor",
                               source),
             **_interval_facts("closer", closer_evidence, rule.confidence,
                               "|slope against the bound − 1| − |slope against the floor − 1| (> 0: the floor's form "
                               "is closer)", source),
             "cells": fact(len(cells), "(d, eps) cells"),
             "ratio_floor_max": fact(float((point / floor_form).max()), "largest n_delta / floor", source),
             "constant_min": fact(float((point / bound_form).min()), "smallest implied constant n_delta / form",
                                  source),
             "constant_max": fact(float((point / bound_form).max()), "largest implied constant", source)}
    if d3:
        lower, upper = table["d3.n_lower"][:, d3], table["d3.n_upper"][:, d3]
        facts["exact_fraction_d3"] = fact(float(np.mean(lower == upper)), "fraction of d = 3 brackets that are exact",
                                          (CUBE, "d3.n_lower"))
        facts["unresolved_d3"] = fact(float(np.mean(np.any(upper > int(table["d3.n_max"]), axis=1))),
                                      "fraction of d = 3 paths with some eps not resolved by n_max or the capacity",
                                      (CUBE, "d3.n_upper"))
    return [verdict], facts


# -- integers (Borgs–Chayes–Pittel; Kumar & Natale) -----------------------------------------------------------------

def window_lambda(n: int, kappa: float) -> float:
    return n * (kappa - 1.0) + math.log2(n) / 2.0


@expects("lambda_star", "comparisons", *[f"n{n}.{key}" for n in (12, 20, 28)
                                          for key in ("lambda", "lambda_low", "lambda_high", "kappa")])
def partition_window(results, rule):
    """Borgs–Chayes–Pittel's scaling window κ_n = 1 − log2(n)/(2n) + λ/n: per n, the crossing κ_{1/2}(n) of P(perfect)
    and its λ_{1/2}(n) = n(κ_{1/2} − 1) + log2(n)/2 must lie within the margin of λ* (the first-moment Poisson
    prediction, a registered parameter): λ_{1/2} ≥ λ* − margin and ≤ λ* + margin, each a bootstrap comparison over
    instances."""
    p = rule.parameters
    table = results.table(PARTITIONS)
    ns, kappas, counts = np.asarray(table["n"]), np.asarray(table["kappa"]), table["counts"]
    lam = float(p["lambda_star"])
    verdicts, facts = [], {"lambda_star": fact(lam, "predicted lambda at P(perfect) = 1/2 (derived, heuristic)")}
    trials = counts.shape[0]
    for i, n in enumerate(ns):
        def statistic(rows, i=i, n=int(n)):
            value = first_crossing(kappas, np.mean(counts[rows, i, :] > 0, axis=0))
            return np.nan if value is None else window_lambda(n, value)

        point, replicates = _bootstrap(statistic, trials, int(p["bootstrap"]), f"partition_window|{n}")
        if not np.isfinite(point) or not np.all(np.isfinite(replicates)):
            facts[f"n{n}.lambda"] = fact(None, f"lambda at P(perfect) = 1/2 for n = {n} (no crossing in the grid)")
            continue
        evidence = Bootstrap(float(point), replicates, units=trials, method=f"bootstrap over instances, "
                                                                            f"{int(p['bootstrap'])} replicates")
        measurement = bootstrap_measurement(f"lambda_1/2 at n = {n}", evidence, rule.confidence)
        for kind in ("lower", "upper"):
            bound = BoundValue(id="borgs2001.partition_window", kind=kind, value=lam, margin=rule.margin,
                               confidence_tag="derived", description="the crossing sits in the scaling window at "
                                                                     "lambda*", parameters={"n": int(n)})
            verdicts.append(judge("borgs2001.partition_window", measurement, bound, level=rule.level))
        low, high = evidence.interval(rule.confidence)
        source = (PARTITIONS, "counts")
        facts[f"n{n}.lambda"] = fact(float(point), f"lambda_1/2 at n = {n}", source)
        facts[f"n{n}.lambda_low"] = fact(low, f"lower end of its interval (n = {n})", source)
        facts[f"n{n}.lambda_high"] = fact(high, f"upper end of its interval (n = {n})", source)
        facts[f"n{n}.kappa"] = fact(float(point - math.log2(n) / 2.0) / n + 1.0, f"kappa_1/2 at n = {n}", source)
    facts["comparisons"] = fact(len(verdicts), "comparisons (two per n)")
    return verdicts, facts


def _log_form_acceleration(x, counts_fn, coarse, fine, paths, replicates, label):
    def acceleration(rows):
        counts = counts_fn(rows)
        return slope(x[fine], counts[fine]) - slope(x[coarse], counts[coarse])

    return _bootstrap(acceleration, paths, replicates, label)


@expects("slope", "acceleration", "acceleration_low", "acceleration_high", "paths", "floor_slope")
def quantized_log_form(results, rule):
    """Kumar & Natale: O(log(1/δ)) samples of a δ-quantized source represent every δ-grid target exactly.  As for
    Lueker's lemma over a finite range: the slope of n_δ' (δ' registered) against log2(1/δ) on the finer precisions
    minus the slope on the coarser ones must not exceed the margin (no acceleration); bootstrap over paths."""
    p = rule.parameters
    table = results.table(QUANTIZED)
    q = np.asarray(table["q"], dtype=np.float64)
    x = np.log2(q)
    n_star = table["n_star"]
    delta = float(p["delta"])
    coarse = np.isin(x, np.asarray(p["coarse_bits"], dtype=np.float64))
    fine = np.isin(x, np.asarray(p["fine_bits"], dtype=np.float64))
    if coarse.sum() < 2 or fine.sum() < 2:
        return [], {"paths": fact(int(n_star.shape[0]), "paths")}

    def counts(rows):
        return quantile_count(n_star[rows], 1.0 - delta, axis=0).astype(np.float64)

    point_counts = counts(np.arange(n_star.shape[0]))
    if np.any(point_counts[coarse | fine] > int(table["n_max"])):
        return [], {"censored": fact(True, "n_delta lies beyond n_max")}
    point, replicates = _log_form_acceleration(x, counts, coarse, fine, n_star.shape[0], int(p["bootstrap"]),
                                               "quantized_log_form")
    evidence = Bootstrap(point, replicates, units=n_star.shape[0], method=f"bootstrap over sample paths, "
                                                                          f"{int(p['bootstrap'])} replicates")
    bound = BoundValue(id="kumar2025.quantized_rss", kind="upper", value=0.0, margin=rule.margin,
                       confidence_tag="abstract", description="no acceleration of n_delta in log2(1/delta)")
    verdict = judge("kumar2025.quantized_rss", bootstrap_measurement(
        "finer minus coarser slope of n_delta against log2(1/delta) (samples per bit)", evidence, rule.confidence),
        bound, level=rule.level)
    scope = coarse | fine
    source = (QUANTIZED, "n_star")
    facts = {"slope": fact(slope(x[scope], point_counts[scope]), "slope of n_delta per bit of precision", source),
             **_interval_facts("acceleration", evidence, rule.confidence, "finer minus coarser slope", source),
             "paths": fact(int(n_star.shape[0]), "paths per precision", source),
             "floor_slope": fact(slope(x[scope], np.ceil(np.log2(2 * q[scope] + 1))), "slope of the counting floor")}
    return [verdict], facts


# -- sparse sources (Gadhikar et al. 2023) ---------------------------------------------------------------------------

def mask_factor(p):
    """1/ln(1/(1 − p)) (``gadhikar2023.random_mask_width``)."""
    p = np.asarray(p, dtype=np.float64)
    return 1.0 / np.log(1.0 / (1.0 - p))


@expects("beta", "beta_low", "beta_high", "beta_inverse", "beta_inverse_low", "beta_inverse_high", "ratio_p01",
         "factor_p01", "cells")
def sparse_width(results, rule):
    """Random masks of density p: the required count n_δ(ε; p) relative to the dense source, R(p) = n_δ(p)/n_δ(1),
    against the catalog's factor f(p) = 1/ln(1/(1 − p)): the log-log slope β over the registered p grid (pooled over
    accuracies) must not exceed 1 + margin (the factor's growth is not outgrown).  Beside it, the slope against 1/p
    (the thinning of a sum: the kept samples are Binomial(n, p))."""
    p = rule.parameters
    table = results.table(SPARSE)
    keep = np.asarray(table["keep"], dtype=np.float64)
    eps = np.asarray(table["eps"], dtype=np.float64)
    n_star = table["n_star"]
    delta = float(p["delta"])
    dense = int(np.flatnonzero(keep == 1.0)[0])
    sparse = np.flatnonzero(np.isin(np.round(keep, 9), np.round(np.asarray(p["keep"], dtype=np.float64), 9)))
    accuracies = np.flatnonzero(eps <= float(p["eps_max"]) * (1 + 1e-9))
    if sparse.size < 2 or accuracies.size < 1:
        return [], {"cells": fact(0, "cells")}

    def ratios(rows):
        counts = quantile_count(n_star[rows], 1.0 - delta, axis=0).astype(np.float64)   # (P, E)
        return (counts[sparse][:, accuracies] / counts[dense][accuracies]).ravel()

    x_factor = np.repeat(mask_factor(keep[sparse]), accuracies.size)
    x_inverse = np.repeat(1.0 / keep[sparse], accuracies.size)
    counts = quantile_count(n_star, 1.0 - delta, axis=0)
    if np.any(counts[np.r_[sparse, dense]][:, accuracies] > np.asarray(table["n_max"])[np.r_[sparse, dense], None]):
        return [], {"censored": fact(True, "n_delta lies beyond n_max for some (p, eps)")}
    paths = n_star.shape[0]
    generator = _generator("sparse_width")
    replicates = int(p["bootstrap"])
    values = np.empty((replicates, 2))
    for b in range(replicates):
        r = ratios(generator.integers(0, paths, paths))
        values[b] = (loglog_slope(x_factor, r), loglog_slope(x_inverse, r))
    r0 = ratios(np.arange(paths))
    method = f"bootstrap over sample paths, {replicates} replicates, percentile"
    evidence = Bootstrap(loglog_slope(x_factor, r0), values[:, 0], units=paths, method=method)
    inverse = Bootstrap(loglog_slope(x_inverse, r0), values[:, 1], units=paths, method=method)
    bound = BoundValue(id="gadhikar2023.random_mask_width", kind="upper", value=1.0, margin=rule.margin,
                       confidence_tag="abstract", description="the width factor grows no faster than "
                                                              "1/log(1/(1 - p))")
    verdict = judge("gadhikar2023.random_mask_width", bootstrap_measurement(
        "log-log slope of n_delta(p)/n_delta(1) against 1/ln(1/(1 - p))", evidence, rule.confidence), bound,
        level=rule.level)
    source = (SPARSE, "n_star")
    facts = {**_interval_facts("beta", evidence, rule.confidence, "slope against 1/ln(1/(1 - p))", source),
             **_interval_facts("beta_inverse", inverse, rule.confidence, "slope against 1/p", source),
             "cells": fact(int(r0.size), "(p, eps) cells")}
    tenth = np.flatnonzero(np.isclose(keep[sparse], 0.1))
    if tenth.size:
        facts["ratio_p01"] = fact(float(r0.reshape(sparse.size, accuracies.size)[tenth[0]].mean()),
                                  "n_delta(0.1)/n_delta(1), mean over the accuracies", source)
        facts["factor_p01"] = fact(float(mask_factor(0.1)), "the catalog's factor 1/ln(1/0.9)")
    return [verdict], facts


EVALUATORS = {"counting_floor_fixed": counting_floor_fixed, "fixed_target_scaling": fixed_target_scaling,
              "all_targets_scaling": all_targets_scaling, "lower_sparse_fixed": lower_sparse_fixed,
              "multidim_scaling": multidim_scaling, "partition_window": partition_window,
              "quantized_log_form": quantized_log_form, "sparse_width": sparse_width}
