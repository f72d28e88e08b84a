"""The constructions' width claims on synthetic result tables whose verdicts are known, and the figure's table."""

import math

import numpy as np
import pytest

from verify.claims import registry
from verify.claims.constructions import log_argument
from verify.claims.results import Results
from verify.tables import Table

UNITS = list(range(4, 400, 2))
SHAPES = {"burkholz": [[2, 2, 2], [4, 4, 4], [8, 8, 8]], "burkholz-leaky": [[2, 2, 2], [4, 4, 4], [8, 8, 8]],
          "orseau": [[2, 2], [4, 4], [8, 8], [16, 16], [2, 2, 2], [4, 4, 4], [8, 8, 8]],
          "conv": [[1, 1], [2, 2], [4, 4], [8, 8]]}
ARGUMENT = {"burkholz": "d_in*d_out*l", "burkholz-leaky": "d_in*d_out*l", "orseau": "d", "conv": "k2*c_in*c_out*l"}
CONSTRUCTION = {"burkholz": "burkholz", "burkholz-leaky": "burkholz", "orseau": "orseau", "conv": "conv"}


def constructions_results(beta, trials=250, seed=0, grid=UNITS, censor=None):
    """m*(shape) = 20·(log(arg) / log(arg at the first shape))^beta[campaign] plus two grid steps of noise, for every
    campaign of the claims; ``censor`` names a campaign whose largest shape needs more than the grid."""
    generator = np.random.default_rng(seed)
    arrays, campaigns = {}, []
    units = np.array(grid)
    for name, shapes in SHAPES.items():
        exponent = beta[name] if isinstance(beta, dict) else beta
        configs = []
        for i, shape in enumerate(shapes):
            base = [s for s in shapes if len(s) == len(shape)][0]
            ratio = log_argument(ARGUMENT[name], shape, 0.01, 0.05) / log_argument(ARGUMENT[name], base, 0.01, 0.05)
            m = 20.0 * ratio ** exponent + generator.integers(-2, 3, trials) * 2
            m_star = units[np.clip(np.searchsorted(units, m), 0, units.size - 1)]
            if censor == name and i == len(shapes) - 1:
                m_star = np.full(trials, units[-1] + 1)
            arrays[f"{name}.{i}.m_star"] = m_star.astype(np.int16)
            arrays[f"{name}.{i}.kept"] = np.full(trials, 100.0)
            configs.append({"shape": shape, "layers": len(shape) - 1})
        campaigns.append({"name": name, "construction": CONSTRUCTION[name], "negative_slope": 0.0,
                          "family": ["random", "rank-one"], "trials": trials, "units": list(grid),
                          "configs": configs})
    table = Table("constructions", arrays, {"eps": 0.01, "delta": 0.05, "seed": seed, "campaigns": campaigns})
    return Results(tables={"constructions": table}, files={"constructions": {"file": "c.npz", "sha256": "0"}})


CLAIMS = ["burkholz2022.depth_l_plus_1", "orseau2020.neurons_per_weight", "dacunha2022.cnn_channels"]


@pytest.mark.parametrize("claim", CLAIMS)
def test_growth_within_the_bound_holds(claim):
    evaluated = registry.get(claim).judge(constructions_results(1.0))
    assert evaluated.outcome == "holds"
    for verdict in evaluated.verdicts:
        assert verdict.measurement.point == pytest.approx(1.0, abs=0.3)


@pytest.mark.parametrize("claim, beta", [("burkholz2022.depth_l_plus_1", 4.5), ("orseau2020.neurons_per_weight", 3.5),
                                         ("dacunha2022.cnn_channels", 3.0)])
def test_growth_beyond_the_bound_is_violated(claim, beta):
    evaluated = registry.get(claim).judge(constructions_results(beta))
    assert evaluated.outcome == "violated"


def test_one_violating_activation_violates_the_claim_after_holm():
    beta = {"burkholz": 0.0, "burkholz-leaky": 4.5, "orseau": 0.0, "conv": 0.0}
    evaluated = registry.get("burkholz2022.depth_l_plus_1").judge(constructions_results(beta))
    assert [v.outcome for v in evaluated.verdicts] == ["holds", "violated"]
    assert evaluated.outcome == "violated"
    assert evaluated.facts["burkholz-leaky.l2.beta"]["value"] == pytest.approx(4.5, abs=0.5)


def test_a_width_beyond_the_grid_gives_no_verdict_for_that_campaign():
    evaluated = registry.get("burkholz2022.depth_l_plus_1").judge(constructions_results(0.0, censor="burkholz"))
    assert len(evaluated.verdicts) == 1 and evaluated.facts["burkholz.l2.censored"]["value"] is True
    assert evaluated.facts["burkholz.8x8x8.m_delta"]["value"] is None
    assert evaluated.facts["burkholz.l2.beta"]["value"] is None


def test_too_few_draws_are_insufficient():
    assert registry.get("orseau2020.neurons_per_weight").judge(constructions_results(0.0, trials=150)).outcome == \
        "insufficient"


def test_the_empirical_constant_reproduces_the_measured_width():
    from bounds import get

    evaluated = registry.get("dacunha2022.cnn_channels").judge(constructions_results(0.0))
    c = evaluated.facts["conv.4x4.implied_c"]["value"]
    m = evaluated.facts["conv.4x4.m_delta"]["value"]
    assert float(get("dacunha2022.cnn_channels")(d=3, c_in=4, c_out=4, l=1, eps=0.01, delta=0.05, C=c)) == \
        pytest.approx(m, rel=1e-9)
    burkholz = registry.get("burkholz2022.depth_l_plus_1").judge(constructions_results(0.0))
    c, m = burkholz.facts["burkholz.4x4x4.implied_c"]["value"], burkholz.facts["burkholz.4x4x4.m_delta"]["value"]
    width = float(get("burkholz2022.depth_l_plus_1")(d_in=4, d_out=4, l=2, eps=0.01, delta=0.05, C=c))
    assert width == pytest.approx(2 * m * 4, rel=1e-9)   # the widest hidden layer, 2·rho·d_0
    assert math.isfinite(c)


def test_the_figure_table_is_what_the_evaluator_reads(tmp_path):
    from figures import fig07_constructions as figure

    params = figure.PROFILES["mini"]
    table = figure.tables(params, tmp_path)["constructions"]
    names = [c["name"] for c in table.meta["campaigns"]]
    assert names == [c["name"] for c in params["campaigns"]]
    for campaign in table.meta["campaigns"]:
        for i in range(len(campaign["configs"])):
            m_star = table[f"{campaign['name']}.{i}.m_star"]
            assert m_star.shape == (campaign["trials"],)
            assert set(m_star.tolist()) <= set(campaign["units"]) | {campaign["units"][-1] + 1}


def test_the_write_up_table_lists_every_campaign_and_shape_of_the_full_profile():
    from figures import fig07_constructions as figure
    from paper.prose import constructions as prose

    rows = {(campaign, tuple(shape)) for campaign, _, shapes in prose._ROWS for shape in shapes}
    full = {(c["name"], tuple(config["shape"])) for c in figure.PROFILES["full"]["campaigns"]
            for config in c["configs"]}
    assert rows == full
    assert prose.TABLE.count("\n| ") == len(full) + 1          # the header and one line per row


@pytest.mark.parametrize("trials, delta", [(20, 0.05), (100, 0.05), (200, 0.05), (40, 0.25)])
def test_the_quantile_interval_covers_at_its_level(trials, delta):
    """Simulation oracle: for m* drawn from a known discrete law, the interval holds the true (1 − δ)-quantile in at
    least 95 % of repetitions (exact order-statistic intervals are conservative), and it always holds the point
    estimate used as m_δ; with T = 20 at δ = 0.05 no order statistic bounds it from above (the sample maximum + 1
    covered 1564 of the 2000 repetitions here)."""
    from figures.fig07_constructions import quantile_interval

    generator = np.random.default_rng(7)
    support = np.arange(10, 60)
    weights = generator.uniform(0.2, 1.0, support.size)
    weights /= weights.sum()
    true = support[np.searchsorted(np.cumsum(weights), 1 - delta)]
    covered, repetitions = 0, 2000
    for _ in range(repetitions):
        m = generator.choice(support, size=trials, p=weights)
        low, high = quantile_interval(m, delta)
        estimate = int(np.sort(m)[math.ceil((1 - delta) * trials) - 1])
        assert low <= estimate and (high is None or estimate <= high)
        covered += low <= true and (high is None or true <= high)       # None: unbounded above
    assert covered / repetitions >= 0.94
