"""The catalog as objects: ids, confidence wording, sources, constants, pinned numbers, formulas against the catalog."""

import math
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp
from bounds_oracles import CATALOG, EXPLICIT, examples
from bounds_strategies import in_domain, point_strategy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bounds import BoundsInputError, catalog, get, ids


def test_ids_are_exactly_the_catalogs_in_order():
    assert ids() == tuple(CATALOG)


@pytest.mark.parametrize("ident", list(CATALOG))
def test_confidence_keeps_the_catalogs_wording(ident):
    b = get(ident)
    assert b.id == ident
    assert b.confidence == CATALOG[ident]
    assert f"[{CATALOG[ident]}]" in b.describe()


@pytest.mark.parametrize("ident", list(CATALOG))
def test_every_bound_is_fully_described(ident):
    b = get(ident)
    assert b.kind in ("upper", "lower", "probability")
    assert b.quantity and b.title and b.source.authors and b.source.title and b.source.venue
    assert b.log_base
    # every symbol of the statement is a declared variable, constant or the quantity
    declared = set(b.symbols.values()) | {c.symbol for c in b.constants} | {b.target}
    assert b.statement.free_symbols <= declared
    for c in b.constants:
        if c.value is None:
            assert "no value given by the source" in c.status()
            assert "no value given by the source" in b.describe()
    text = b.describe()
    for name in b.variables:
        assert name in text


@pytest.mark.parametrize("ident", [i for i, tag in CATALOG.items() if "recalled" in tag])
def test_recalled_bounds_say_so_visibly(ident):
    b = get(ident)
    assert b.is_recalled and b.rests_on_recalled
    assert "RECALLED" in b.describe()
    assert b.as_dict()["rests_on_recalled"] is True
    assert "recalled" in b.as_dict()["tags"]


def test_bounds_built_on_a_recalled_one_say_so():
    b = get("pensia2020.params")
    assert not b.is_recalled and b.rests_on_recalled
    assert "pensia2020.width [recalled, width corroborated]" in b.describe()
    assert "rests on a RECALLED statement" in b.describe()


def test_catalog_table_is_tidy():
    table = catalog()
    assert list(table["id"]) == list(CATALOG)
    assert list(table["confidence"]) == list(CATALOG.values())
    assert {"id", "paper", "kind", "target", "statement", "confidence", "recalled", "variables", "constants",
            "source"} <= set(table.columns)
    assert table.loc[table["id"] == "pensia2020.width", "recalled"].item()
    assert not table.loc[table["id"] == "counting.rss_samples", "recalled"].item()


def test_unknown_id_suggests_close_ids():
    with pytest.raises(BoundsInputError, match=r"did you mean pensia2020\.width"):
        get("pensia2020.widht")
    with pytest.raises(BoundsInputError, match=r"pensia2020\.width"):
        get("width")
    with pytest.raises(ValueError, match="unknown bound id 'nothing'"):   # also a ValueError
        get("nothing")


def test_bounds_imports_nothing_from_verify():
    code = ("import sys, bounds; bounds.get('pensia2020.width'); bounds.compare('lueker1998.rss_samples', "
            "'counting.rss_samples', var='eps', at={'L': 2}); "
            "bad = sorted(m for m in sys.modules if m == 'verify' or m.startswith('verify.')); "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------- pinned numbers (the catalog's)
def test_pinned_counting_rss_samples():
    assert get("counting.rss_samples")(eps=0.01, L=2) == pytest.approx(6.6439, abs=5e-5)
    assert get("counting.rss_samples")(eps=0.01, L=2) == pytest.approx(math.log2(100), rel=1e-15)


def test_pinned_pensia_lower_params():
    assert get("pensia2020.lower_params")(d=10, eps=0.01) == pytest.approx(563.39, abs=5e-3)
    assert get("pensia2020.lower_params")(d=10, eps=0.01) == pytest.approx(100 * math.log2(50) - 1, rel=1e-15)


def test_pinned_product_density():
    from bounds.papers.pensia2020 import product_density, z

    value = float(product_density().subs(z, sp.Rational(1, 4)))
    assert value == pytest.approx(0.6931, abs=5e-5)
    assert value == pytest.approx(0.5 * math.log(4), rel=1e-15)


def test_product_density_matches_numerical_convolution():
    """Oracle: density of XY (X ~ U[0,1], Y ~ U[-1,1]) at z by quadrature of f_X(x) f_Y(z/x) / x."""
    from scipy.integrate import quad

    from bounds.papers.pensia2020 import product_density, z

    f = sp.lambdify(z, product_density(), "math")
    for point in (0.01, 0.1, 0.25, 0.5, 0.9):
        numeric, _ = quad(lambda x, point=point: 1.0 * (0.5 if abs(point / x) <= 1 else 0.0) / x, point, 1.0)
        assert f(point) == pytest.approx(numeric, rel=1e-9)


def test_mixture_weight_is_the_minimum_density_on_the_half_interval():
    b = get("pensia2020.product_mixture")
    assert b.expr == sp.log(2) / 4
    assert b() == pytest.approx(math.log(2) / 4, rel=1e-15)
    # the mixture's density -ln(z)/4 is >= the weight on (0, 1/2] and equals it at 1/2
    from bounds.papers.pensia2020 import mixture_density, z

    f = sp.lambdify(z, mixture_density(), "math")
    grid = np.linspace(1e-9, 0.5, 1001)
    assert min(f(x) for x in grid) == pytest.approx(b(), rel=1e-12)


# ---------------------------------------------------------------------- every explicit formula vs the catalog
@pytest.mark.parametrize("ident", list(EXPLICIT))
@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_expression_matches_the_catalog_formula(ident, data):
    b = get(ident)
    values = point_strategy(b, data)
    assume(in_domain(b, values))
    with np.errstate(all="ignore"):
        expected = float(EXPLICIT[ident](**{k: np.float64(v) for k, v in values.items()}))
    # near the float64 limit the order of operations decides between a huge number and inf
    assume(math.isfinite(expected) and abs(expected) < 1e300)
    # a probability 1 - n (1 - x)^m cancels: compare absolutely (both sides lose the same digits)
    tolerance = {"abs": 1e-12} if b.kind == "probability" else {"abs": 1e-300}
    assert b(**values) == pytest.approx(expected, rel=1e-10, **tolerance)


def test_every_explicit_bound_has_an_oracle():
    explicit = {i for i in ids() if get(i).implicit is None}
    assert explicit == set(EXPLICIT)
