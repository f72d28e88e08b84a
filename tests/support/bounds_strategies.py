"""Hypothesis strategies for points inside a bound's typical ranges, and the domain test they are filtered by."""

import math

from hypothesis import strategies as st

from bounds import VARIABLES


def _log_uniform(lo, hi):
    return st.floats(min_value=math.log(lo), max_value=math.log(hi)).map(math.exp)


def point_strategy(b, data):
    values = {}
    for name in b.variables:
        lo, hi = VARIABLES[name].typical
        values[name] = data.draw(_log_uniform(lo, hi), label=name)
    for c in b.constants_needed():
        values[c] = data.draw(_log_uniform(0.1, 10.0), label=c)
    return values


def in_domain(b, values):
    return b.in_domain(**values)
