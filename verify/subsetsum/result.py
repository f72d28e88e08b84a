"""The result of a coverage run and everything derived from it.

From the exact worst errors r[t, n−1] = max(ε*_n, ε₀) (``inf`` above the reach) of T sample paths:

* first covering prefix n*_t(ε) = min{n : r[t, n−1] ≤ ε} (``None`` if not covered within n_max);
* P̂_n(ε) = #{t : n*_t(ε) ≤ n} / T, with exact Clopper–Pearson intervals (:mod:`verify.stats`);
* n_δ(ε) = min{n : P_n(ε) ≥ 1 − δ} as a simultaneous bracket;
* the counting floor log2(L / (2ε)) that no sample can beat (bounds id ``counting.rss_samples``).

Tables are tidy pandas DataFrames; :meth:`CoverageResult.to_json` follows the ``slth rss --json`` contract.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from verify import stats
from verify.errors import InvalidInput
from verify.subsetsum.paths import CoverageSpec
from verify.validate import format_confidence


def counting_floor(eps: float, length: float = 2.0) -> float:
    """log2(L / (2ε)): 2^n sums each ε-cover at most 2ε of an interval of length L (deterministic, any law)."""
    return math.log2(length / (2.0 * eps))


def coverage_document(spec, *, trials: int, n_max: int, confidence: float, ci_method: str, run: dict, dim: int,
                      keep: float, results: list[dict]) -> dict:
    """The JSON document of a coverage run (contract of ``slth rss --json``, one for every dimension and subset
    size) around its per-eps ``results``: the law and its parameters (with the samples' SHA-256 where the paths were
    given), interval, sizes, seed, the confidence of the P_n intervals and how they were computed (``ci_method``),
    then the run's own facts (``run``, in its order), the dimension and the keep probability."""
    a, b = spec.interval
    document = {
        "law": spec.law.label if spec.law is not None else "empirical",
        "law_params": dict(spec.law.params) if spec.law is not None else {},
        "interval": [a, b],
        "trials": trials,
        "n_max": n_max,
        "seed": spec.seed,
        "confidence": confidence,
        "p_cover_ci_method": ci_method,
        **run,
        "subset_size": None,
        "dim": dim,
        "keep": keep,
        "results": results,
    }
    if spec.law is None:
        document["samples_sha256"] = spec.samples_digest
    return document


@dataclass
class CoverageResult:
    spec: CoverageSpec
    worst_error: np.ndarray      # (trials, n_max): r[t, n-1]
    peak_intervals: np.ndarray   # (trials,): the largest interval count each path needed
    seconds: float
    reserved_bytes: int = 0

    # -- basic facts ----------------------------------------------------------------------------------------
    @property
    def trials(self) -> int:
        return self.worst_error.shape[0]

    @property
    def n_max(self) -> int:
        return self.worst_error.shape[1]

    @property
    def eps(self) -> tuple[float, ...]:
        return self.spec.eps

    @property
    def law_label(self) -> str:
        return self.spec.law.label if self.spec.law is not None else "empirical"

    def _check_eps(self, eps: float) -> float:
        eps = float(eps)
        if not (self.spec.eps_pass <= eps <= self.spec.reach) and not math.isclose(eps, self.spec.eps_pass):
            raise InvalidInput(f"eps {eps:g} is outside the resolved range [{self.spec.eps_pass:g}, "
                               f"{self.spec.reach:g}] of this run")
        return eps

    # -- per trial ----------------------------------------------------------------------------------------
    def n_star(self, eps: float) -> np.ndarray:
        """First covering prefix per trial; n_max + 1 where the path is not covered within n_max."""
        eps = self._check_eps(eps)
        covered = self.worst_error <= eps
        first = np.argmax(covered, axis=1) + 1
        return np.where(covered.any(axis=1), first, self.n_max + 1)

    def covered_counts(self, eps: float) -> np.ndarray:
        """#{t : n*_t ≤ n} for n = 1..n_max."""
        eps = self._check_eps(eps)
        return np.count_nonzero(self.worst_error <= eps, axis=0)

    # -- statistics ---------------------------------------------------------------------------------------
    def p_cover(self, eps: float) -> np.ndarray:
        return self.covered_counts(eps) / self.trials

    def p_cover_ci(self, eps: float, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        return stats.clopper_pearson(self.covered_counts(eps), self.trials, confidence)

    def required(self, eps: float, delta: float = 0.01, confidence: float = 0.95) -> stats.Bracket:
        """Bracket for n_δ(ε) = min{n : P_n(ε) ≥ 1 − δ}, simultaneous over n at ``confidence``."""
        return stats.required_count_bracket(self.covered_counts(eps), self.trials, delta, confidence)

    def counting_floor(self, eps: float) -> float:
        a, b = self.spec.interval
        return counting_floor(eps, b - a)

    # -- tables -------------------------------------------------------------------------------------------
    def table(self, confidence: float = 0.95):
        """Tidy P_n(ε): one row per (eps, n)."""
        import pandas as pd

        frames = []
        n = np.arange(1, self.n_max + 1)
        for eps in self.eps:
            counts = self.covered_counts(eps)
            low, high = stats.clopper_pearson(counts, self.trials, confidence)
            frames.append(pd.DataFrame({"eps": eps, "n": n, "covered": counts, "trials": self.trials,
                                        "p_cover": counts / self.trials, "ci_low": low, "ci_high": high}))
        return pd.concat(frames, ignore_index=True)

    def summary(self, delta: float = 0.01, confidence: float = 0.95):
        """One row per eps: counting floor, n* statistics, n_δ bracket."""
        import pandas as pd

        rows = []
        for eps in self.eps:
            n_star = self.n_star(eps)
            covered = n_star <= self.n_max
            bracket = self.required(eps, delta, confidence)
            rows.append({
                "eps": eps, "counting_floor": self.counting_floor(eps),
                "n_star_mean": float(n_star.mean()),
                "n_star_min": int(n_star.min()), "n_star_max": int(n_star.max()),
                "p_covered_by_n_max": float(covered.mean()),
                "delta": delta, "n_required_lo": bracket.lo, "n_required_hi": bracket.hi,
            })
        return pd.DataFrame(rows)

    def worst_error_table(self):
        """Tidy worst errors ε*_n per trial and n (finite values only, floored at the pass accuracy)."""
        import pandas as pd

        trial, n = np.nonzero(np.isfinite(self.worst_error))
        return pd.DataFrame({"trial": trial, "n": n + 1, "worst_error": self.worst_error[trial, n],
                             "resolved_from": self.spec.eps_pass})

    # -- JSON (contract of `slth rss --json`) --------------------------------------------------------------
    def to_json(self, delta: float = 0.01, confidence: float = 0.95, per_trial: bool = False) -> dict:
        results = []
        for eps in self.eps:
            counts = self.covered_counts(eps)
            low, high = stats.clopper_pearson(counts, self.trials, confidence)
            n_star = self.n_star(eps)
            bracket = self.required(eps, delta, confidence)
            entry = {
                "eps": eps,
                "n": list(range(1, self.n_max + 1)),
                "p_cover": (counts / self.trials).tolist(),
                "p_cover_ci": [[float(lo), float(hi)] for lo, hi in zip(low, high)],
                "n_required": {"delta": delta, "bracket": bracket.as_list(), "confidence": confidence,
                               "method": bracket.method},
                "n_star_mean": float(n_star.mean()),
                "n_star_mean_uncovered_as": self.n_max + 1,
                "counting_floor": self.counting_floor(eps),
            }
            if per_trial:
                entry["n_star_per_trial"] = [int(v) if v <= self.n_max else None for v in n_star]
            results.append(entry)
        return coverage_document(
            self.spec, trials=self.trials, n_max=self.n_max, confidence=confidence,
            ci_method="Clopper-Pearson exact, two-sided, pointwise",
            run={"eps_pass": self.spec.eps_pass, "seconds": round(self.seconds, 3),
                 "peak_intervals": int(self.peak_intervals.max()) if self.peak_intervals.size else 0},
            dim=1, keep=getattr(self.spec, "keep", 1.0), results=results)

    # -- display ------------------------------------------------------------------------------------------
    def format(self, delta: float = 0.01, confidence: float = 0.95) -> str:
        a, b = self.spec.interval
        seed = f", seed {self.spec.seed}" if self.spec.seed is not None else ""
        lines = [f"random subset sum coverage of [{a:g}, {b:g}]: law {self.law_label}, {self.trials} trials, "
                 f"n_max {self.n_max}{seed} ({self.seconds:.2f} s)", ""]
        head = f"{'eps':>9} {'floor':>6} {'mean n*':>8} {'min-max n*':>11} {'n_' + format(delta, 'g') + ' bracket':>15}"
        lines.append(head + f" {'P(n* <= n_max)':>15}")
        summary = self.summary(delta, confidence)
        for row in summary.itertuples():
            bracket = f"[{_fmt(row.n_required_lo)}, {_fmt(row.n_required_hi)}]"
            highest = f"(>{self.n_max})" if row.n_star_max > self.n_max else str(row.n_star_max)
            lines.append(f"{row.eps:>9.0e} {row.counting_floor:>6.2f} {row.n_star_mean:>8.2f} "
                         f"{f'{row.n_star_min}-{highest}':>11} {bracket:>15} {row.p_covered_by_n_max:>15.4f}")
        uncovered = [(row.eps, round((1.0 - row.p_covered_by_n_max) * self.trials)) for row in summary.itertuples()
                     if row.n_star_max > self.n_max]
        for eps, count in uncovered:
            lines.append(f"  eps={eps:.0e}: {count} of {self.trials} paths are not covered within n_max = "
                         f"{self.n_max} (n* shown as (>{self.n_max}); mean n* counts them as {self.n_max + 1})")
        beyond = [row.eps for row in summary.itertuples() if _fmt(row.n_required_hi) == "-"]
        # the most the bracket's simultaneous bounds can certify: every one of the trials covered
        best = float(stats.clopper_pearson_bound(self.trials, self.trials,
                                                 1.0 - (1.0 - confidence) / (2.0 * self.n_max), "lower"))
        if beyond and best < 1.0 - delta:
            lines.append(f"  eps={', '.join(format(e, '.0e') for e in beyond)}: '-' in the bracket: even with every "
                         f"path covered, {self.trials} trials certify at most P_n >= {best:.4f} < 1 - delta = "
                         f"{1.0 - delta:g}; use more --trials (or a larger --delta)"
                         + (f", and a larger --n-max (e.g. --n-max {2 * self.n_max}) since some paths are not "
                            f"covered within {self.n_max}" if any(e in beyond for e, _ in uncovered) else ""))
        elif beyond:
            lines.append(f"  eps={', '.join(format(e, '.0e') for e in beyond)}: n_{delta:g} is beyond n_max = "
                         f"{self.n_max} ('-' in the bracket): rerun with a larger --n-max (e.g. --n-max "
                         f"{2 * self.n_max})")
        lines += ["", f"P_n(eps) with {format_confidence(confidence)} Clopper-Pearson intervals "
                      "(rows n where some P_n(eps) is strictly between 0 and 1):"]
        columns = [(eps, self.covered_counts(eps)) for eps in self.eps]
        lines.append(f"{'n':>4} " + " ".join(f"{'eps=' + format(eps, '.0e'):>24}" for eps, _ in columns))
        for n in range(1, self.n_max + 1):
            cells, interesting = [], False
            for _eps, counts in columns:
                k = counts[n - 1]
                interesting |= 0 < k < self.trials
                low, high = stats.clopper_pearson(k, self.trials, confidence)
                cells.append(f"{k / self.trials:.4f} [{low:.3f},{high:.3f}]")
            if interesting:
                lines.append(f"{n:>4} " + " ".join(f"{c:>24}" for c in cells))
        lines.append(f"\nbracket: n_delta with simultaneous {format_confidence(confidence)} confidence; "
                     "'-' = beyond n_max; floor = log2(L/(2 eps)), the counting bound")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.format()

    def _repr_html_(self) -> str:
        """Jupyter: the summary at δ = 0.05 as an HTML table, under a one-line description of the run."""
        import html

        head = html.escape(f"{self.spec.law} law, {self.trials} sample paths, n_max = {self.spec.n_max}: "
                           "first covering prefix n* and the required count n_δ (simultaneous bracket), δ = 0.05")
        frame = self.summary(delta=0.05).astype(object)
        frame = frame.where(frame.notna(), "beyond n_max")
        return f"<p>{head}</p>" + frame.to_html(index=False)


def _fmt(value) -> str:
    """A bracket end: '-' when absent (None, or NaN once pandas has mixed it with numbers), else the integer."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return str(int(value))
