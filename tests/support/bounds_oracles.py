"""Independent transcriptions of the catalog (shared/spec/bounds-catalog.md), written with numpy and math only.

Every explicit bound of the catalog is re-typed here from the catalog's formula, by hand, without sympy; the tests
check the package's sympy expressions against these on many random points.  Implicit bounds get brute-force or
closed-form oracles.
"""

from __future__ import annotations

import math
import os

import numpy as np


def examples(n: int) -> int:
    """Hypothesis examples for a bounds test: ``n`` by default, 25 times more under HYPOTHESIS_PROFILE=thorough."""
    return n * (25 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1)

# id -> confidence, exactly as the catalog's tag column words it.
CATALOG = {
    "counting.rss_samples": "derived",
    "counting.rss_fixed_size": "derived",
    "lueker1998.rss_samples": "restated (Pensia Lemma 1)",
    "pensia2020.product_mixture": "restated",
    "pensia2020.rss_samples_mixture": "restated",
    "pensia2020.width": "recalled, width corroborated",
    "pensia2020.params": "derived from the width",
    "pensia2020.lower_params": "restated",
    "pensia2020.lower_width": "derived",
    "malach2020.width": "recalled; exponents from restatements",
    "orseau2020.neurons_per_weight": "abstract + recalled",
    "burkholz2022.depth_l_plus_1": "restated",
    "dacunha2022.cnn_channels": "recalled",
    "natale2024.rfss_fixed_target": "restated (check constants)",
    "natale2024.rfss_all_targets": "restated",
    "natale2024.sparse_width": "restated",
    "natale2024.lower_sparse": "restated",
    "ferbach2023.equivariant_width": "recalled",
    "gadhikar2023.random_mask_width": "abstract",
    "becchetti2022.multidim_rss": "abstract",
    "fischer2022.error_propagation": "restated (Plant 'n' Seek Lemma 1)",
    "fischer2022.existence_probability": "paper (Plant 'n' Seek Theorem 2)",
    "fischer2022.same_depth_width": "paper",
}

ln = np.log


def _mn(a, b):
    return np.minimum(a, b)


# id -> function of keyword values (constants included), transcribed from the catalog's statement column.
EXPLICIT = {
    "counting.rss_samples": lambda eps, L: np.log2(L / (2 * eps)),
    "lueker1998.rss_samples": lambda eps, C: C * ln(2 / eps),
    "pensia2020.product_mixture": lambda: math.log(2) / 4,
    "pensia2020.rss_samples_mixture": lambda eps, C: C * ln(2 / eps),
    "pensia2020.width": lambda d_in, d_out, l, eps, delta, C: C * d_in * ln(d_in * d_out * l / _mn(eps, delta)),
    # sum over the l layer pairs of 2 * d_i * d'_i with every width d
    "pensia2020.params": lambda d, l, eps, delta, C: l * 2 * d * (C * d * ln(d * d * l / _mn(eps, delta))),
    "pensia2020.lower_params": lambda d, eps: d ** 2 * np.log2(1 / (2 * eps)) - 1,
    "pensia2020.lower_width": lambda d, eps: (d ** 2 * np.log2(1 / (2 * eps)) - 1) / (2 * d),
    "malach2020.width": lambda d, l, eps, C: C * d ** 5 * l ** 2 / eps ** 2,
    "orseau2020.neurons_per_weight": lambda d, eps, delta, C_depth: C_depth * ln(d / _mn(eps, delta)),
    "burkholz2022.depth_l_plus_1": lambda d_in, d_out, l, eps, delta, C:
        C * d_in * ln(d_in * d_out * l / _mn(eps, delta)) ** 2,
    "dacunha2022.cnn_channels": lambda d, c_in, c_out, l, eps, delta, C:
        C * ln(d ** 2 * c_in * c_out * l / _mn(eps, delta)),
    "ferbach2023.equivariant_width": lambda n, l, B, eps, delta, C: C * n * ln(l * n ** 2 * B / _mn(eps, delta)),
    "gadhikar2023.random_mask_width": lambda p: 1 / ln(1 / (1 - p)),
    "becchetti2022.multidim_rss": lambda d, eps, C: C * d ** 3 * ln(1 / eps) * (ln(1 / eps) + ln(d)),
    "fischer2022.error_propagation": lambda eps, l, i, n, k, x_norm, w_norm:
        eps / (l * np.sqrt(n * k) * (1 + x_norm) * (w_norm + eps / l) ** (l - i)),
    "fischer2022.existence_probability": lambda eps_l, k, n, n0, l:
        np.maximum(0.0, 1 - n * (1 - eps_l ** k) ** n0) ** l,
    "fischer2022.same_depth_width": lambda l, n, delta, eps_l, k, C: C * ln(l * n / delta) * eps_l ** (-k),
}


def h2(x: float) -> float:
    """Binary entropy in bits (log1p keeps (1 - x) log(1 - x) accurate for tiny x)."""
    return (-x * math.log(x) - (1 - x) * math.log1p(-x)) / math.log(2)


def smallest_integer(predicate, start: int) -> int:
    """The smallest integer n >= start with predicate(n), for a predicate that stays true once true.

    Galloping then integer bisection; the answer is confirmed directly (predicate(n) and not predicate(n - 1)).
    """
    if predicate(start):
        return start
    lo, step = start, 1
    while not predicate(lo + step):
        lo, step = lo + step, step * 2
    hi = lo + step                       # predicate(lo) is false, predicate(hi) is true
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if predicate(mid) else (mid, hi)
    assert predicate(hi) and not predicate(hi - 1)
    return hi


def smallest_n_binomial(k: int, eps: float) -> int:
    """The smallest integer n >= k with C(n, k) * 2 eps >= 2 sqrt(k), in exact integer arithmetic.

    (C(n, k) * 2 eps >= 2 sqrt(k)  <=>  C(n, k)^2 eps^2 >= k, compared as exact rationals.)
    """
    from fractions import Fraction

    e = Fraction(eps)
    return smallest_integer(lambda n: math.comb(n, k) ** 2 * e * e >= k, k)


def smallest_n_entropy(k: int, need: float, smallest: int) -> int:
    """The smallest integer n >= smallest with n >= need / H2(k/n)  (n H2(k/n) is increasing in n)."""
    return smallest_integer(lambda n: n * h2(k / n) >= need, smallest)


def sparse_width_lambert(l, d_in, d_out, eps, gamma, rho, c_amp) -> float:
    """Closed form of the largest root of n = c_amp log2^2(b n) / H2(g), g = gamma/rho, b = 2 l d_in d_out g / eps.

    With a = c_amp / (H2(g) ln(2)^2) and n = u^2 / b: u = c ln u, c = 2 sqrt(a b), whose larger root is
    u = -c W_{-1}(-1/c) (Lambert W, lower branch; needs c >= e).
    """
    from scipy.special import lambertw

    g = gamma / rho
    a = c_amp / (h2(g) * math.log(2) ** 2)
    b = 2 * l * d_in * d_out * g / eps
    c = 2 * math.sqrt(a * b)
    u = -c * lambertw(-1 / c, k=-1).real
    return u * u / b
