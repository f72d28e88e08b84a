"""The random-subset-sum claims on synthetic result tables whose verdicts are known."""

import math

import numpy as np
import pytest

from verify.claims import registry
from verify.claims.results import Results
from verify.tables import Table

EPS = np.array([1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6])
LAWS = ["uniform", "product", "gaussian", "hyperbolic", "pensia-mixture"]


def rss_results(n_star_of, paths=1200, n_max=120, seed=0):
    generator = np.random.default_rng(seed)
    arrays = {"eps": EPS}
    for law in LAWS:
        arrays[f"{law}.n_star"] = np.clip(n_star_of(generator, paths), 1, n_max + 1).astype(np.int16)
        arrays[f"{law}.n_max"] = np.array(n_max)
    table = Table("rss", arrays, {"laws": LAWS, "trials": paths, "seed": seed})
    return Results(tables={"rss": table}, files={"rss": {"file": "rss.npz", "sha256": "0"}})


def linear(generator, paths, slope=1.3, offset=4.0):
    x = np.log2(1 / EPS)
    return np.round(offset + slope * x + generator.integers(0, 3, (paths, EPS.size)))


def accelerating(generator, paths):
    x = np.log2(1 / EPS)
    return np.round(4 + 0.12 * x ** 2 + generator.integers(0, 3, (paths, EPS.size)))


def test_the_counting_floor_holds_without_counterexamples_and_falls_to_one():
    claim = registry.get("rss.counting_floor")
    assert claim.judge(rss_results(linear)).outcome == "holds"

    def one_counterexample(generator, paths):
        n = linear(generator, paths)
        n[7, 3] = 2   # covered with 2 samples at eps = 1e-4: impossible
        return n

    evaluated = claim.judge(rss_results(one_counterexample))
    assert evaluated.outcome == "violated"
    assert sum(v.outcome == "violated" for v in evaluated.verdicts) == len(LAWS)   # the same column in every law


def test_too_few_paths_are_insufficient():
    assert registry.get("rss.counting_floor").judge(rss_results(linear, paths=300)).outcome == "insufficient"


def test_linear_growth_holds_and_accelerating_growth_is_violated():
    claim = registry.get("lueker1998.rss_samples")
    evaluated = claim.judge(rss_results(linear))
    assert evaluated.outcome == "holds"
    assert evaluated.facts["slope"]["value"] == pytest.approx(1.3, abs=0.1)
    assert abs(evaluated.facts["acceleration"]["value"]) < 0.2
    accelerated = claim.judge(rss_results(accelerating))
    assert accelerated.outcome == "violated" and accelerated.facts["acceleration"]["value"] > 1.0
    rows = {(row["name"], row["factor"]): row["outcome"] for row in evaluated.sensitivity}
    assert set(rows) == {("margin", 0.5), ("margin", 2.0)}


def test_a_required_count_beyond_n_max_is_not_judged():
    def censored(generator, paths):
        n = linear(generator, paths)
        n[:, -1] = 999
        return n

    assert registry.get("lueker1998.rss_samples").judge(rss_results(censored)).outcome == "insufficient"


def test_the_rule_of_thumb_is_judged_at_every_accuracy():
    claim = registry.get("pensia2020.rule_of_thumb")

    def covered_at_the_rule(generator, paths):
        rule = np.array([3 * round(math.log2(1 / e)) for e in EPS])
        return np.tile(rule - 1, (paths, 1))

    assert claim.judge(rss_results(covered_at_the_rule)).outcome == "holds"

    def short_at_coarse(generator, paths):
        n = covered_at_the_rule(generator, paths)
        n[: paths // 5, 0] = 20   # 20 % of paths need more than the rule's 9 samples at eps = 0.1
        return n

    evaluated = claim.judge(rss_results(short_at_coarse))
    assert evaluated.outcome == "violated"
    assert [v.outcome for v in evaluated.verdicts] == ["violated"] + ["holds"] * (EPS.size - 1)
