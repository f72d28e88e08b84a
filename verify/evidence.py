"""Evidence: what a measurement knows about its quantity Q, as one-sided p-values against any threshold t.

Every verdict of the toolkit is a pair of one-sided tests of a quantity Q against a threshold t:

* ``p_above(t)`` — the p-value of H₀: Q ≤ t against H₁: Q > t (small when the data show Q above t);
* ``p_below(t)`` — the p-value of H₀: Q ≥ t against H₁: Q < t.

and each evidence type also says how strong its test is: ``detectable(t, side, level, power)`` is the smallest
distance δ beyond t such that, were the true Q at t ± δ, the test at ``level`` would reject with probability at
least ``power`` (the minimum detectable effect).  The types, by how the replicates were sampled:

* :class:`Binomial` — k successes in n independent units: exact tests (``scipy.stats.binomtest``) and exact power
  (``scipy.stats.binom``);
* :class:`TMean` — the mean of a quantity with a standard error and degrees of freedom (Student's t): one-sample
  t-tests on per-unit values (``scipy.stats.ttest_1samp``), and crossed designs (trials × shared test examples) whose
  standard error adds the between-trial and the between-example variance (:func:`verify.stats.crossed_mean`);
* :class:`Bootstrap` — replicates of an estimator from a seeded resampling of its units (percentile p-values
  (1 + #{r on the wrong side}) / (B + 1), the test that inverts the percentile interval; power from the replicates'
  spread, normal approximation);
* :class:`Counterexamples` — k counterexamples to a deterministic statement among n independently searched units:
  one counterexample refutes it, none supports it (a frequency f of counterexamples is seen with probability
  1 − (1 − f)^n).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from verify.errors import InvalidInput

__all__ = ["Binomial", "Bootstrap", "Counterexamples", "Evidence", "TMean"]


class Evidence:
    """The interface: ``p_above``, ``p_below``, ``detectable`` and ``units`` (independent replicates behind it)."""

    units: int

    def p_above(self, t: float) -> float:  # pragma: no cover - interface
        raise NotImplementedError

    def p_below(self, t: float) -> float:  # pragma: no cover - interface
        raise NotImplementedError

    def detectable(self, t: float, side: str, level: float, power: float = 0.8) -> float | None:
        """δ ≥ 0 with P(reject) ≥ ``power`` when Q = t + δ (``side="above"``) or t − δ (``"below"``); None when no δ
        in the quantity's range reaches the power."""
        raise NotImplementedError  # pragma: no cover - interface

    def as_dict(self) -> dict:  # pragma: no cover - interface
        raise NotImplementedError


def _check_side(side: str) -> str:
    if side not in ("above", "below"):
        raise InvalidInput(f"side {side!r} must be 'above' or 'below'")
    return side


@dataclass(frozen=True)
class Binomial(Evidence):
    """``successes`` of ``trials`` independent units, each a success with probability Q (exact tests)."""

    successes: int
    trials: int
    units: int = field(init=False, repr=False)

    def __post_init__(self):
        if not (0 <= self.successes <= self.trials and self.trials >= 1):
            raise InvalidInput(f"binomial evidence needs 0 <= successes <= trials and trials >= 1, got "
                               f"{self.successes} of {self.trials}")
        object.__setattr__(self, "units", self.trials)

    def p_above(self, t: float) -> float:
        from scipy.stats import binomtest

        if t >= 1.0:
            return 1.0
        if t <= 0.0:
            return 0.0 if self.successes > 0 else 1.0
        return float(binomtest(self.successes, self.trials, t, alternative="greater").pvalue)

    def p_below(self, t: float) -> float:
        from scipy.stats import binomtest

        if t <= 0.0:
            return 1.0
        if t >= 1.0:
            return 0.0 if self.successes < self.trials else 1.0
        return float(binomtest(self.successes, self.trials, t, alternative="less").pvalue)

    def detectable(self, t: float, side: str, level: float, power: float = 0.8) -> float | None:
        """Exact: the rejection region of the level-``level`` binomial test at t, and the alternative p beyond t at
        which it has ``power`` (bisection on the monotone power function)."""
        from scipy.stats import binom

        _check_side(side)
        n = self.trials
        if side == "above":  # reject H0: Q <= t when k >= k_crit
            if t >= 1.0:
                return None
            tail = binom.sf(np.arange(n + 1) - 1, n, t)  # P(K >= k)
            allowed = np.flatnonzero(tail <= level)
            if allowed.size == 0:
                return None
            k_crit = int(allowed[0])

            def power_at(p):
                return float(binom.sf(k_crit - 1, n, p))

            lo, hi = t, 1.0
        else:  # reject H0: Q >= t when k <= k_crit
            if t <= 0.0:
                return None
            head = binom.cdf(np.arange(n + 1), n, t)
            allowed = np.flatnonzero(head <= level)
            if allowed.size == 0:
                return None
            k_crit = int(allowed[-1])

            def power_at(p):
                return float(binom.cdf(k_crit, n, p))

            lo, hi = t, 0.0
        if power_at(hi) < power:
            return None
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if power_at(mid) >= power:
                hi = mid
            else:
                lo = mid
        return abs(hi - t)

    def as_dict(self) -> dict:
        return {"type": "binomial", "successes": self.successes, "trials": self.trials}


@dataclass(frozen=True)
class TMean(Evidence):
    """A mean ``estimate`` with standard error ``se`` on ``df`` degrees of freedom (Student's t), from ``units``
    independent replicates."""

    estimate: float
    se: float
    df: float
    units: int
    method: str = "Student t"

    def __post_init__(self):
        if not (math.isfinite(self.estimate) and math.isfinite(self.se) and self.se >= 0 and self.df > 0):
            raise InvalidInput(f"t evidence needs a finite estimate, se >= 0 and df > 0, got {self.estimate}, "
                               f"{self.se}, {self.df}")

    def _z(self, t: float) -> float:
        if self.se == 0.0:
            return math.inf if self.estimate > t else (-math.inf if self.estimate < t else 0.0)
        return (self.estimate - t) / self.se

    def p_above(self, t: float) -> float:
        from scipy.stats import t as student

        return float(student.sf(self._z(t), self.df))

    def p_below(self, t: float) -> float:
        from scipy.stats import t as student

        return float(student.cdf(self._z(t), self.df))

    def interval(self, confidence: float) -> tuple[float, float]:
        from scipy.stats import t as student

        half = float(student.ppf(0.5 + confidence / 2.0, self.df)) * self.se
        return self.estimate - half, self.estimate + half

    def detectable(self, t: float, side: str, level: float, power: float = 0.8) -> float | None:
        """δ = (t_{1−level} + t_{power})·se on ``df`` degrees of freedom (the standard minimum detectable effect
        with the observed standard error)."""
        from scipy.stats import t as student

        _check_side(side)
        return float((student.ppf(1.0 - level, self.df) + student.ppf(power, self.df)) * self.se)

    def as_dict(self) -> dict:
        return {"type": "t", "estimate": self.estimate, "se": self.se, "df": self.df, "units": self.units,
                "method": self.method}


@dataclass(frozen=True, eq=False)
class Bootstrap(Evidence):
    """``replicates`` of an estimator (``point`` on the original data) from resampling ``units`` independent
    units; percentile p-values."""

    point: float
    replicates: np.ndarray = field(repr=False)
    units: int
    method: str = "bootstrap"

    def __post_init__(self):
        values = np.asarray(self.replicates, dtype=np.float64)
        if values.ndim != 1 or values.size < 2:
            raise InvalidInput("bootstrap evidence needs a 1-D array of at least two replicates")
        object.__setattr__(self, "replicates", values)

    def p_above(self, t: float) -> float:
        values = self.replicates
        return float((1 + np.count_nonzero(values <= t)) / (values.size + 1))

    def p_below(self, t: float) -> float:
        values = self.replicates
        return float((1 + np.count_nonzero(values >= t)) / (values.size + 1))

    def interval(self, confidence: float) -> tuple[float, float]:
        low, high = np.quantile(self.replicates, [0.5 - confidence / 2.0, 0.5 + confidence / 2.0])
        return float(low), float(high)

    def detectable(self, t: float, side: str, level: float, power: float = 0.8) -> float | None:
        """Normal approximation with the replicates' standard deviation: (z_{1−level} + z_{power})·sd."""
        from scipy.stats import norm

        _check_side(side)
        sd = float(np.std(self.replicates, ddof=1))
        return float((norm.ppf(1.0 - level) + norm.ppf(power)) * sd)

    def as_dict(self) -> dict:
        return {"type": "bootstrap", "point": self.point, "replicates": int(self.replicates.size),
                "units": self.units, "method": self.method}


@dataclass(frozen=True)
class Counterexamples(Evidence):
    """``found`` counterexamples to a deterministic statement among ``searched`` independent units.

    The statement claims the quantity (the frequency of counterexamples) is 0: one counterexample is a proof that it
    is not (``p_above(0) = 0``); with none found nothing is proved, but a frequency f is missed only with probability
    (1 − f)^n — the rule that registers such a claim accepts "none in n" as holding (``p_below(0) = 0``), with that
    severity."""

    found: int
    searched: int
    units: int = field(init=False, repr=False)

    def __post_init__(self):
        if not (0 <= self.found <= self.searched and self.searched >= 1):
            raise InvalidInput(f"counterexample evidence needs 0 <= found <= searched >= 1, got {self.found} of "
                               f"{self.searched}")
        object.__setattr__(self, "units", self.searched)

    def p_above(self, t: float) -> float:
        return 0.0 if (self.found > 0 and t <= 0.0) else 1.0

    def p_below(self, t: float) -> float:
        return 0.0 if (self.found == 0 and t >= 0.0) else 1.0

    def detectable(self, t: float, side: str, level: float, power: float = 0.8) -> float | None:
        """The counterexample frequency f seen at least once with probability ``power``: 1 − (1 − power)^(1/n)."""
        _check_side(side)
        return float(1.0 - (1.0 - power) ** (1.0 / self.searched))

    def as_dict(self) -> dict:
        return {"type": "counterexamples", "found": self.found, "searched": self.searched}
