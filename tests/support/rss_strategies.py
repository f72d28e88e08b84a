"""Hypothesis strategies for random-subset-sum instances whose every sum is exact in float64 (dyadic values)."""

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

# Dyadic values: multiples of 2^-10 in [-4, 4].  Every sum, difference and midpoint the engine and the oracle form is
# exactly representable, so agreement must be bit for bit, ties (gap exactly 2ε) included.
RESOLUTION = 2.0**-10
dyadic = st.integers(-4 * 1024, 4 * 1024).map(lambda k: k * RESOLUTION)


@st.composite
def dyadic_instances(draw):
    n = draw(st.integers(1, 13))
    kind = draw(st.sampled_from(["mixed", "positive", "repeated", "with_zeros"]))
    if kind == "positive":
        values = draw(st.lists(st.integers(1, 4 * 1024).map(lambda k: k * RESOLUTION), min_size=n, max_size=n))
    elif kind == "repeated":
        value = draw(dyadic)
        values = [value] * n
    elif kind == "with_zeros":
        values = draw(st.lists(st.one_of(st.just(0.0), dyadic), min_size=n, max_size=n))
    else:
        values = draw(st.lists(dyadic, min_size=n, max_size=n))
    a = draw(st.integers(-3 * 64, 3 * 64).map(lambda k: k / 64))
    b = draw(st.integers(-3 * 64, 3 * 64).map(lambda k: k / 64))
    assume(a < b)
    eps0 = 2.0 ** -draw(st.integers(1, 12))
    reach = eps0 * 2.0 ** draw(st.integers(0, 12))
    return np.array(values), a, b, eps0, reach
