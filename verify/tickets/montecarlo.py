"""How wide must the random network be?  Monte Carlo of Pensia et al.'s construction against hidden width.

For a target shape (d_0, ..., d_l), an accuracy ε and a grid of constants C, trial t draws a random target
(:func:`verify.tickets.construction.random_target`, spectral norms 1) and a random network with the widths
``pensia_hidden_widths(dims, ε, δ, C)`` (the catalog's ``pensia2020.width``), builds the ticket and records whether
the **certified** sup error is at most ε (a sound criterion: the certified bound is never below the true error).
A draw in which some block has more same-sign units than the exact solver takes (40) counts as a failure and is
reported in the ``unsolvable`` column; choose the grid of C so that it stays rare.
The target and the network's seed of trial t are the same for every C (common random numbers).

From the successes at each C:

* P(success | C) with exact Clopper–Pearson intervals;
* the smallest grid width certified to reach 1 − δ (one-sided lower bound ≥ 1 − δ at the stated confidence), and
  the largest width certified to fall short (upper bound < 1 − δ): the required width lies between them;
* the constant C that the catalog's width formula needs to reach that smallest width (an **empirical** constant,
  never the source's), and the width's ratio to the depth-2 lower bound ``pensia2020.lower_width`` and to Malach
  et al.'s width (C = 1), when the target is one square layer.

What is measured is success for a random target per draw; Theorem 1 claims success for *every* target at once, so
these widths are necessary for the theorem's conclusion, not sufficient for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np

from verify import stats
from verify.compare import implied_constant
from verify.errors import InvalidInput
from verify.executors import blas_threads, run_chunks
from verify.store import ResultStore
from verify.streams import PURPOSE_TICKETS, check_seed, derive_seed
from verify.tickets.construction import build_ticket, check_dims, pensia_hidden_widths, random_target
from verify.validate import check_real, check_unit_interval

_TARGET_BLOCK = 3_000_000
_NETWORK_BLOCK = 4_000_000


@dataclass(frozen=True)
class CurveSpec:
    dims: tuple[int, ...]
    eps: float
    delta: float
    constants: tuple[float, ...]
    trials: int
    seed: int
    empirical_trials: int

    def identity(self) -> dict:
        return {"dims": list(self.dims), "eps": self.eps, "delta": self.delta, "constants": list(self.constants),
                "trials": self.trials, "seed": self.seed, "empirical_trials": self.empirical_trials,
                "stream": "ticket-curve/2"}


def compute_trials(spec: CurveSpec, start: int, stop: int) -> dict:
    """Certified (and for the first ``empirical_trials`` trials, empirical) sup errors of trials [start, stop) at every
    constant of the grid: arrays of shape (len(constants), stop − start)."""
    certified = np.empty((len(spec.constants), stop - start))
    empirical = np.full((len(spec.constants), stop - start), np.nan)
    max_weight_error = np.empty((len(spec.constants), stop - start))
    with blas_threads(1):
        for column, t in enumerate(range(start, stop)):
            target = random_target(list(spec.dims), seed=derive_seed(spec.seed, PURPOSE_TICKETS, _TARGET_BLOCK + t))
            network_seed = derive_seed(spec.seed, PURPOSE_TICKETS, _NETWORK_BLOCK + t)
            with_empirical = t < spec.empirical_trials
            for row, c in enumerate(spec.constants):
                try:
                    ticket = build_ticket(target, eps=spec.eps, delta=spec.delta, c=c, seed=network_seed,
                                          samples=1024 if with_empirical else 1, restarts=4 if with_empirical else 0)
                except InvalidInput as error:
                    if "exact solver" not in str(error):
                        raise
                    # a block with more same-sign units than the exact solver takes: a failure, reported as such
                    certified[row, column] = np.inf
                    max_weight_error[row, column] = np.inf
                    continue
                certified[row, column] = ticket.sup_error_certified
                max_weight_error[row, column] = ticket.max_weight_error
                if with_empirical:
                    empirical[row, column] = ticket.sup_error_empirical
    return {"certified": certified, "empirical": empirical, "max_weight_error": max_weight_error}


@dataclass
class SuccessCurve:
    spec: CurveSpec
    certified: np.ndarray          # (constants, trials)
    empirical: np.ndarray          # (constants, trials), NaN where not measured
    max_weight_error: np.ndarray

    @property
    def widths(self) -> list[list[int]]:
        return [pensia_hidden_widths(list(self.spec.dims), self.spec.eps, self.spec.delta, c)
                for c in self.spec.constants]

    def successes(self) -> np.ndarray:
        return np.count_nonzero(self.certified <= self.spec.eps, axis=1)

    def table(self, confidence: float = 0.95):
        import pandas as pd

        k, n = self.successes(), self.spec.trials
        low, high = stats.clopper_pearson(k, n, confidence)
        lower_one_sided = stats.clopper_pearson_bound(k, n, confidence, "lower")
        upper_one_sided = stats.clopper_pearson_bound(k, n, confidence, "upper")
        return pd.DataFrame({
            "C": self.spec.constants, "hidden_widths": [",".join(map(str, w)) for w in self.widths],
            "first_hidden_width": [w[0] for w in self.widths], "successes": k, "trials": n, "p_success": k / n,
            "unsolvable": np.count_nonzero(np.isinf(self.certified), axis=1),
            "ci_low": low, "ci_high": high, "lower_one_sided": np.atleast_1d(lower_one_sided),
            "upper_one_sided": np.atleast_1d(upper_one_sided),
            "median_certified": np.median(self.certified, axis=1),
            # over the trials where the empirical sup error was measured (the same trials for both columns)
            "median_certified_paired": [float(np.median(c[np.isfinite(e)])) if np.isfinite(e).any() else None
                                        for c, e in zip(self.certified, self.empirical)],
            "median_empirical": [float(np.nanmedian(row)) if np.isfinite(row).any() else None
                                 for row in self.empirical],
        })

    def required(self, confidence: float = 0.95) -> dict:
        """The grid's bracket for the smallest C (and width) that reaches 1 − δ, with derived quantities."""
        table = self.table(confidence)
        target = 1.0 - self.spec.delta
        reached = table.index[table["lower_one_sided"] >= target]
        short = table.index[table["upper_one_sided"] < target]
        first = int(reached[0]) if len(reached) else None
        last_short = int(short[short < first].max()) if first is not None and (short < first).any() else (
            int(short.max()) if len(short) and first is None else None)
        out = {"delta": self.spec.delta, "confidence": confidence,
               "c_sufficient": None if first is None else float(self.spec.constants[first]),
               "widths_sufficient": None if first is None else self.widths[first],
               "c_insufficient": None if last_short is None else float(self.spec.constants[last_short]),
               "widths_insufficient": None if last_short is None else self.widths[last_short]}
        out.update(self._ratios(out["widths_sufficient"]))
        return out

    def _ratios(self, widths) -> dict:
        """For a single square layer (l = 1, d_0 = d_1 = d): ratios to the lower bound and to Malach's width."""
        dims = self.spec.dims
        if widths is None or len(dims) != 2 or dims[0] != dims[1]:
            return {"ratio_to_lower_width": None, "ratio_to_malach_width": None}
        from bounds import get

        d = dims[0]
        lower = float(get("pensia2020.lower_width")(d=d, eps=self.spec.eps))
        malach = float(get("malach2020.width")(d=d, l=1, eps=self.spec.eps, C=1.0))
        return {"lower_width": lower, "malach_width_C1": malach,
                "ratio_to_lower_width": widths[0] / lower, "ratio_to_malach_width": widths[0] / malach}


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidInput(f"{name} {value!r} must be an integer >= 1")
    return int(value)


def success_curve(dims, eps: float = 0.01, delta: float = 0.01, constants=(1, 2, 3, 4, 5), *, trials: int = 100,
                  seed: int = 0, empirical_trials: int = 0, chunk_size: int | None = None, threads: int | None = None,
                  executor: str = "local", out=None, progress: bool = False) -> SuccessCurve:
    """Success probability of the construction at every constant C of the grid (see the module docstring).

    >>> curve = success_curve([4, 4], eps=0.05, delta=0.1, constants=(1, 6), trials=8, seed=0)
    >>> int(curve.successes()[0])   # C = 1: far too narrow for ε = 0.05
    0
    """
    dims = tuple(check_dims(list(dims)))
    eps, delta = check_unit_interval("eps", eps), check_unit_interval("delta", delta)
    constants = tuple(sorted({check_real("C", c, 0.0, low_open=True) for c in constants}))
    if not constants:
        raise InvalidInput("at least one constant C is required")
    trials = _positive_int(trials, "trials")
    seed = check_seed(seed)
    if isinstance(empirical_trials, bool) or not isinstance(empirical_trials, int) or empirical_trials < 0:
        raise InvalidInput(f"empirical_trials {empirical_trials!r} must be an integer >= 0")
    spec = CurveSpec(dims, eps, delta, constants, trials, seed, min(empirical_trials, trials))
    chunk_size = chunk_size or max(1, math.ceil(trials / 16))
    chunks = [(s, min(s + chunk_size, trials)) for s in range(0, trials, chunk_size)]
    store = None
    if out is not None:
        store = ResultStore(out, spec.identity(), kind="ticket-success-curve")
        store.check()
        store.open()
    results = run_chunks(partial(compute_trials, spec), chunks, executor=executor, workers=threads, store=store,
                         store_meta=lambda i, s, e: {"start": s, "stop": e}, progress=progress, unit="trial",
                         description=f"tickets {'-'.join(map(str, dims))}")
    join = lambda key: np.concatenate([r[key] for r in results], axis=1)  # noqa: E731
    return SuccessCurve(spec, join("certified"), join("empirical"), join("max_weight_error"))


def implied_width_constant(d_in: int, d_out: int, layers: int, width: float, eps: float, delta: float) -> float:
    """The C at which the catalog's ``pensia2020.width`` equals a measured sufficient width (an empirical constant)."""
    return implied_constant("pensia2020.width", "C", width,
                            at={"d_in": d_in, "d_out": d_out, "l": layers, "eps": eps, "delta": delta})
