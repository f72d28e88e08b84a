"""The random-subset-sum family's claims on synthetic result tables whose verdicts are known."""

import math

import numpy as np
import pytest

from verify.claims import registry
from verify.claims.results import Results
from verify.claims.rss_family import becchetti_form, cube_floor, fixed_size_floor, h2, mask_factor, quantile_count
from verify.tables import Table

SIZES = [2, 4, 8]
EPS = [0.1, 0.03, 0.01, 0.003, 0.001]


def results_of(*tables):
    return Results(tables={t.name: t for t in tables}, files={t.name: {"file": f"{t.name}.npz", "sha256": "0"}
                                                            for t in tables})


CAP = 20000   # n·H2(k/n) < k·log2(e·n/k) grows only logarithmically in n: steep forms are capped (below n_max)


def entropy_count(k, eps, constant, power):
    """The smallest n >= 2k with n·H2(k/n) >= constant·log2(k/eps)^power (CAP if none is below it)."""
    need = constant * math.log2(k / eps) ** power
    n = 2 * k
    while n * float(h2(k / n)) < need and n < CAP:
        n += 1
    return n


# (constant, power) of the entropy form: slope 1 holds both rules; the steeper forms, scaled so that every judged
# cell is reached below CAP, outgrow Theorem 2's slope 1 (power 2) and Corollary 1's slope 2 (power 3)
FORMS = {"target": {1: 1.5, 2: 0.2}, "all": {1: 2.0, 3: 0.056}}


def fixed_table(power_target=1, power_all=1, paths=1200, below_floor=False, seed=0):
    generator = np.random.default_rng(seed)
    arrays = {}
    for k in SIZES:
        n_hit = np.array([entropy_count(k, e, FORMS["target"][power_target], power_target) for e in EPS])
        n_all = np.array([max(entropy_count(k, e, FORMS["all"][power_all], power_all), fixed_size_floor(k, e))
                          for e in EPS])
        noise = generator.integers(0, 3, (paths, len(EPS)))
        arrays[f"k{k}.eps"] = np.array(EPS)
        arrays[f"k{k}.n_star"] = (n_all[None, :] + noise).astype(np.int16)
        arrays[f"k{k}.target_n_star"] = (n_hit[None, None, :] + generator.integers(0, 3, (paths, 9, len(EPS))))
        arrays[f"k{k}.target_n_star"] = arrays[f"k{k}.target_n_star"].astype(np.int16)
        arrays[f"k{k}.n_max"] = np.array(30000)
    if below_floor:
        arrays["k4.n_star"][5, 2] = fixed_size_floor(4, EPS[2]) - 1
    return Table("rss_fixed_size", arrays, {"subset_sizes": SIZES, "targets_relative": list(np.linspace(-1, 1, 9))})


def test_fixed_size_floor_holds_and_falls_to_one_counterexample():
    claim = registry.get("counting.rss_fixed_size")
    assert claim.judge(results_of(fixed_table())).outcome == "holds"
    evaluated = claim.judge(results_of(fixed_table(below_floor=True)))
    assert evaluated.outcome == "violated" and evaluated.facts["counterexamples"]["value"] == 1
    assert claim.judge(results_of(fixed_table(paths=300))).outcome == "insufficient"


def test_fixed_target_scaling_holds_for_the_entropy_form_and_is_violated_by_a_square():
    claim = registry.get("natale2024.rfss_fixed_target")
    evaluated = claim.judge(results_of(fixed_table(power_target=1)))
    assert evaluated.outcome == "holds"
    assert 0.7 < evaluated.facts["beta"]["value"] < 1.1   # slope 1, lowered by the integer steps and n >= 2k
    assert claim.judge(results_of(fixed_table(power_target=2))).outcome == "violated"


def test_all_targets_scaling_holds_up_to_a_square_and_is_violated_by_a_cube():
    claim = registry.get("natale2024.rfss_all_targets")
    assert claim.judge(results_of(fixed_table(power_all=1))).outcome == "holds"
    assert claim.judge(results_of(fixed_table(power_all=3))).outcome == "violated"


def test_lower_sparse_holds_far_above_the_bound_and_is_violated_below_it():
    claim = registry.get("natale2024.lower_sparse")
    assert claim.judge(results_of(fixed_table())).outcome == "holds"
    table = fixed_table()
    for k in SIZES:
        table.arrays[f"k{k}.n_star"][:] = k   # every path covered with exactly k samples: below any bound
    assert claim.judge(results_of(table)).outcome == "violated"


CUBE_EPS = {1: [0.4, 0.2, 0.1, 0.05], 2: [0.4, 0.3, 0.2], 3: [0.5, 0.4, 0.3]}


def cube_table(count, paths=400, seed=0):
    generator = np.random.default_rng(seed)
    arrays = {}
    for d, eps in CUBE_EPS.items():
        n = np.array([count(d, e) for e in eps])
        values = (n[None, :] + generator.integers(0, 3, (paths, len(eps)))).astype(np.int16)
        arrays[f"d{d}.eps"] = np.array(eps)
        arrays[f"d{d}.n_lower"] = values
        arrays[f"d{d}.n_upper"] = values
        arrays[f"d{d}.n_max"] = np.array(30000)
    return Table("rss_multidim", arrays, {"dims": [1, 2, 3]})


def test_multidim_holds_near_the_floor_and_is_violated_by_the_square_of_the_bound():
    claim = registry.get("becchetti2022.multidim_rss")
    near_floor = claim.judge(results_of(cube_table(lambda d, e: math.ceil(2 * cube_floor(d, e)) + 3)))
    assert near_floor.outcome == "holds"
    assert near_floor.facts["closer"]["value"] > 0   # the floor's form is the closer one
    squared = claim.judge(results_of(cube_table(lambda d, e: math.ceil(becchetti_form(d, e) ** 2) + 1)))
    assert squared.outcome == "violated"


NS = [12, 20, 28]
KAPPAS = [round(0.5 + 0.025 * i, 6) for i in range(33)]


def partition_table(shift=0.0, trials=1000, seed=0):
    generator = np.random.default_rng(seed)
    a = math.sqrt(3 / (2 * math.pi))
    counts = np.zeros((trials, len(NS), len(KAPPAS)), dtype=np.int64)
    for i, n in enumerate(NS):
        for j, kappa in enumerate(KAPPAS):
            lam = n * (kappa - 1) + math.log2(n) / 2 - shift
            moment = a * 2.0 ** (-lam)
            p = 1 - 0.5 * (math.exp(-moment) + math.exp(-2 * moment))
            counts[:, i, j] = generator.random(trials) < p
    return Table("rss_partitions", {"n": np.array(NS), "kappa": np.array(KAPPAS), "counts": counts}, {})


def test_partition_window_holds_at_the_prediction_and_is_violated_far_from_it():
    claim = registry.get("borgs2001.partition_window")
    evaluated = claim.judge(results_of(partition_table()))
    assert evaluated.outcome == "holds"
    assert evaluated.facts["n20.lambda"]["value"] == pytest.approx(0.522, abs=0.3)
    assert claim.judge(results_of(partition_table(shift=3.0))).outcome == "violated"


BITS = [4, 6, 8, 10, 12, 14, 16]


def quantized_table(count, paths=1200, seed=0):
    generator = np.random.default_rng(seed)
    n = np.array([count(b) for b in BITS])
    n_star = (n[None, :] + generator.integers(0, 3, (paths, len(BITS)))).astype(np.int16)
    return Table("rss_quantized", {"q": np.array([2**b for b in BITS]), "n_star": n_star, "n_max": np.array(500)}, {})


def test_quantized_holds_for_linear_growth_and_is_violated_by_acceleration():
    claim = registry.get("kumar2025.quantized_rss")
    linear = claim.judge(results_of(quantized_table(lambda b: round(1.2 * b + 4))))
    assert linear.outcome == "holds" and linear.facts["slope"]["value"] == pytest.approx(1.2, abs=0.15)
    assert claim.judge(results_of(quantized_table(lambda b: round(0.1 * b * b + 4)))).outcome == "violated"


KEEP = [0.05, 0.1, 0.2, 0.3, 0.5, 1.0]
SPARSE_EPS = [0.1, 0.01, 0.001]


def sparse_table(ratio, paths=1200, seed=0):
    generator = np.random.default_rng(seed)
    dense = np.array([10, 17, 24])
    n_star = np.zeros((paths, len(KEEP), len(SPARSE_EPS)), dtype=np.int16)
    for i, p in enumerate(KEEP):
        n = np.round(dense * (1.0 if p == 1.0 else ratio(p)))
        n_star[:, i, :] = n[None, :] + generator.integers(0, 3, (paths, len(SPARSE_EPS)))
    return Table("rss_sparse", {"keep": np.array(KEEP), "eps": np.array(SPARSE_EPS), "n_star": n_star,
                                "n_max": np.full(len(KEEP), 30000)}, {})


def test_sparse_width_holds_for_thinning_and_is_violated_by_a_squared_factor():
    claim = registry.get("gadhikar2023.random_mask_width")
    thinning = claim.judge(results_of(sparse_table(lambda p: 1 / p)))
    assert thinning.outcome == "holds"
    assert thinning.facts["beta_inverse"]["value"] == pytest.approx(1.0, abs=0.05)
    squared = claim.judge(results_of(sparse_table(lambda p: 2 * (mask_factor(p) / mask_factor(0.5)) ** 2)))
    assert squared.outcome == "violated"


def test_quantile_count_is_the_required_count():
    values = np.arange(1, 101)
    assert quantile_count(values, 0.99) == 99 and quantile_count(values, 0.5) == 50 and quantile_count(values, 1) == 100
