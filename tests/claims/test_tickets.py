"""Theorem 1's width claim and Experiment 1's claims on synthetic result tables whose verdicts are known."""

import math

import numpy as np
import pytest

from verify.claims import registry
from verify.claims.results import Results
from verify.tables import Table

UNITS = np.arange(4, 200, 2)


def _m_star(generator, beta, trials):
    arrays, configs = {}, []
    for i, d in enumerate((2, 4, 8, 16, 32)):
        centre = 30.0 * (math.log(d * d / 0.01) / math.log(4 / 0.01)) ** beta
        m = centre + generator.integers(-2, 3, trials) * 2
        arrays[i] = UNITS[np.clip(np.searchsorted(UNITS, m), 0, UNITS.size - 1)].astype(np.int16)
        configs.append({"dims": [d, d], "layers": 1})
    return arrays, configs


def tickets_results(beta, trials=300, seed=0, hard_beta=None):
    """m*(d) = 30·(log(d² l / 0.01) / log(4 / 0.01))^beta (+ noise of two grid steps), depth 1, d = 2..32; with
    ``hard_beta`` also a searched family growing with that exponent."""
    generator = np.random.default_rng(seed)
    m_star, configs = _m_star(generator, beta, trials)
    arrays = {"units": UNITS, **{f"c{i}.m_star": m for i, m in m_star.items()}}
    meta = {"configs": configs, "eps": 0.01, "delta": 0.05, "trials": trials, "family": ["random", "rank-one"],
            "seed": seed}
    if hard_beta is not None:
        hard, hard_configs = _m_star(generator, hard_beta, trials)
        arrays.update({f"h{i}.m_star": m for i, m in hard.items()})
        meta.update({"hard_configs": hard_configs, "hard_trials": trials, "hard_family": ["random"] * 8})
    table = Table("tickets", arrays, meta)
    return Results(tables={"tickets": table}, files={"tickets": {"file": "t.npz", "sha256": "0"}})


@pytest.mark.parametrize("beta, outcome", [(1.0, "holds"), (0.0, "holds"), (2.5, "violated")])
def test_the_fitted_exponent_decides(beta, outcome):
    evaluated = registry.get("pensia2020.width").judge(tickets_results(beta))
    assert evaluated.outcome == outcome
    assert evaluated.facts["l1.beta"]["value"] == pytest.approx(beta, abs=0.25)


def test_the_interval_tells_logarithmic_from_linear_growth():
    assert registry.get("pensia2020.width").judge(tickets_results(1.0)).facts["l1.excludes_linear"]["value"]
    assert not registry.get("pensia2020.width").judge(tickets_results(0.0)).facts["l1.excludes_linear"]["value"]


@pytest.mark.parametrize("hard_beta, outcome", [(1.0, "holds"), (2.5, "violated")])
def test_the_searched_family_is_judged_beside_the_base_family(hard_beta, outcome):
    evaluated = registry.get("pensia2020.width").judge(tickets_results(0.0, hard_beta=hard_beta))
    assert evaluated.outcome == outcome and len(evaluated.verdicts) == 2
    assert evaluated.facts["hard.l1.beta"]["value"] == pytest.approx(hard_beta, abs=0.25)
    assert evaluated.facts["l1.beta"]["value"] == pytest.approx(0.0, abs=0.25)
    assert evaluated.verdicts[0].outcome == "holds"


def test_too_few_draws_are_insufficient():
    assert registry.get("pensia2020.width").judge(tickets_results(1.0, trials=100)).outcome == "insufficient"


def experiment1_results(seeds=5, outside=(0, 0, 0, 0, 0), worse=0.0, disagree=0.0, test=1000, seed=0):
    generator = np.random.default_rng(seed)
    arrays = {}
    for k in range(seeds):
        target = generator.uniform(size=test) < 0.95
        approx = target.copy()
        flip = generator.uniform(size=test) < worse
        approx[flip & target] = False
        change = generator.uniform(size=test) < disagree
        arrays[f"s{k}.target_correct"] = target
        for law in ("per-row", "independent", "product"):
            arrays[f"s{k}.{law}.approx_correct"] = approx
            arrays[f"s{k}.{law}.agree"] = ~(flip & target) & ~change
            arrays[f"s{k}.{law}.outside"] = np.array(outside[k])
            arrays[f"s{k}.{law}.expected_misses"] = np.array([3, 100000])
    table = Table("experiment1", arrays, {"seeds": list(range(seeds)), "weights": 397000, "laws": ["per-row"]})
    return Results(tables={"experiment1": table}, files={"experiment1": {"file": "e.npz", "sha256": "0"}})


def test_every_weight_within_eps_holds_with_no_miss_and_falls_to_one_miss():
    claim = registry.get("pensia2020.experiment1_within_eps")
    evaluated = claim.judge(experiment1_results())
    assert evaluated.outcome == "holds"
    assert evaluated.facts["expected_misses"]["value"] == pytest.approx(3 / 100000 * 397000)
    assert claim.judge(experiment1_results(outside=(0, 0, 2, 0, 0))).outcome == "violated"
    assert claim.judge(experiment1_results(seeds=1, outside=(0,))).outcome == "insufficient"


def test_the_approximated_network_keeps_accuracy_or_not():
    claim = registry.get("pensia2020.experiment1_accuracy")
    assert claim.judge(experiment1_results()).outcome == "holds"
    worse = claim.judge(experiment1_results(worse=0.05))
    assert worse.outcome == "violated" and worse.facts["change"]["value"] < -0.03
