"""The claims of the seed papers, how each is measured, and the verdicts of the comparison layer.

A :class:`Claim` holds metadata quoted from the project's spec (statement, source, confidence tag) and a template for
"what was measured" (numbers only through placeholders; see :mod:`paper.builder`).  ``evaluate(data)`` turns the
figures' results into :class:`verify.compare.Verdict` objects and an overall outcome: violated if any verdict is
violated, holds if all hold, inconclusive otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from verify.compare import BoundValue, Measurement, Verdict, judge

# ---------------------------------------------------------------------------------------------------------------
# Data structures
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Evaluated:
    claim: "Claim"
    outcome: str
    verdicts: list[Verdict]
    facts: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"id": self.claim.id, "title": self.claim.title, "outcome": self.outcome,
                "confidence": self.claim.confidence, "source": self.claim.source,
                "verdicts": [v.as_dict() for v in self.verdicts]}


@dataclass
class Claim:
    id: str
    title: str
    paper: str
    statement: str
    source: str
    confidence: str
    measured: str           # template: numbers only through placeholders
    figure: str | None
    evaluate_fn: object

    def evaluate(self, data: dict) -> Evaluated:
        verdicts, facts = self.evaluate_fn(data)
        outcomes = {v.outcome for v in verdicts}
        if "violated" in outcomes:
            outcome = "violated"
        elif outcomes == {"holds"}:
            outcome = "holds"
        else:
            outcome = "inconclusive"
        facts = {**facts, "outcome": {"value": outcome, "description": f"overall verdict of {self.id}"},
                 "verdicts": {"value": len(verdicts), "description": f"number of comparisons behind {self.id}"}}
        return Evaluated(self, outcome, verdicts, facts)


def _fact(value, description: str) -> dict:
    return {"value": value, "description": description}


# ---------------------------------------------------------------------------------------------------------------
# Random subset sum claims (figure rss_required_samples)
# ---------------------------------------------------------------------------------------------------------------

def _bracket_measurement(law: dict, point: dict, delta: float) -> Measurement:
    return Measurement(quantity=f"n_{delta:g}(eps={point['eps']:.0e}) [{law['law']}]", low=point["lo"],
                       high=point["hi"], confidence=0.95,
                       method="simultaneous Clopper-Pearson bracket", details={"trials": law["trials"]})


def _counting_floor(data):
    figure = data["rss_required_samples"]["data"]
    verdicts = []
    for law in figure["laws"]:
        for point in law["points"]:
            bound = BoundValue(id="counting.rss_samples", kind="lower", value=point["floor"], confidence_tag="derived",
                               description="log2(L/(2 eps)), L = 2", parameters={"eps": point["eps"], "L": 2.0})
            verdicts.append(judge("counting floor", _bracket_measurement(law, point, figure["delta"]), bound))
    return verdicts, {}


def _log_form(law_name: str, bound_id: str, tag: str):
    """Out-of-sample test of n_δ(ε) ≤ C·ln(2/ε): C is fitted on ε ≥ 1e-3 (largest implied ratio), then the
    brackets at smaller ε are judged against C·ln(2/ε).  C is an empirical constant (the sources give none)."""

    def evaluate(data):
        figure = data["rss_required_samples"]["data"]
        law = next(item for item in figure["laws"] if item["law"] == law_name)
        train = [p for p in law["points"] if p["eps"] >= 1e-3 * (1 - 1e-9)]
        test = [p for p in law["points"] if p["eps"] < 1e-3 * (1 - 1e-9)]
        if not train or any(p["hi"] is None for p in train):
            return [], {"constant": _fact(None, f"empirical C for {bound_id} (not determined: a bracket at "
                                                f"eps >= 1e-3 is open)"),
                        "test_points": _fact(0, f"accuracies eps < 1e-3 judged out of sample ({law_name})")}
        constant = max(p["hi"] / math.log(2 / p["eps"]) for p in train)
        verdicts = []
        for point in test:
            value = constant * math.log(2 / point["eps"])
            bound = BoundValue(id=bound_id, kind="upper", value=value, confidence_tag=tag,
                               description="C ln(2/eps)", parameters={"eps": point["eps"]},
                               constants={"C": {"value": constant,
                                                "origin": "empirical: largest hi/ln(2/eps) over eps >= 1e-3"}})
            verdicts.append(judge(f"{bound_id} log form", _bracket_measurement(law, point, figure["delta"]), bound))
        return verdicts, {
            "constant": _fact(constant, f"empirical C of {bound_id}, fitted on eps >= 1e-3 ({law_name})"),
            "test_points": _fact(len(test), f"accuracies eps < 1e-3 judged out of sample ({law_name})"),
        }

    return evaluate


def _pensia_rule(data):
    figure = data["rss_required_samples"]["data"]
    law = next(item for item in figure["laws"] if item["law"] == "uniform")
    verdicts = []
    for point in law["points"]:
        bound = BoundValue(id="pensia2020.rule_of_thumb", kind="upper", value=point["rule"], confidence_tag="code",
                           description="3 round(log2(1/eps))", parameters={"eps": point["eps"]})
        verdicts.append(judge("Pensia's rule of thumb", _bracket_measurement(law, point, figure["delta"]), bound))
    failing = [v.measurement.quantity for v in verdicts if v.outcome == "violated"]
    return verdicts, {"violations": _fact(len(failing), "accuracies at which the rule is too small (uniform)")}


# ---------------------------------------------------------------------------------------------------------------
# Lottery ticket claims (figures lth_digits and lth_plantnseek; measurements in verify.lth_claims)
# ---------------------------------------------------------------------------------------------------------------

def _lth_runs(data, figure: str) -> dict:
    document = data[figure]["data"]
    if figure == "lth_digits":
        return {"digits": document}
    return {task: document["runs"][task] for task in document["tasks"]}


def _lth_claim(claim_id: str, figure: str):
    """Verdicts of one lottery-ticket claim on every run of ``figure``, each labelled with its dataset; facts per
    dataset: trials, outcome, and point/low/high/confidence of each comparison (i = 0, 1, ...)."""

    def evaluate(data):
        from dataclasses import replace

        from verify import lth_claims

        verdicts, facts = [], {}
        runs = _lth_runs(data, figure)
        facts["datasets"] = _fact(", ".join(runs), f"datasets behind {claim_id}")
        for name, run in runs.items():
            found = [replace(v, measurement=replace(v.measurement, quantity=f"[{name}] {v.measurement.quantity}"))
                     for v in lth_claims.CLAIM_FUNCTIONS[claim_id](run)]
            verdicts += found
            facts[f"{name}.trials"] = _fact(run["trials"], f"trials on {name}")
            facts[f"{name}.outcome"] = _fact(lth_claims.overall(found), f"verdict of {claim_id} on {name}")
            for i, v in enumerate(found):
                m = v.measurement
                for key in ("point", "low", "high"):
                    facts[f"{name}.{i}.{key}"] = _fact(getattr(m, key), f"{key} of comparison {i} ({name})")
                facts[f"{name}.{i}.confidence"] = _fact(m.confidence if m.low is not None else None,
                                                        f"confidence of the interval of comparison {i} ({name})")
                for key in ("pairs", "pairs_censored"):
                    if key in m.details:
                        facts[f"{name}.{i}.{key}"] = _fact(m.details[key], f"{key} of comparison {i} ({name})")
        return verdicts, facts

    return evaluate


_LTH_STATEMENTS = {
    "frankle2019.faster_than_reinit":
        "Winning tickets learn faster: down to P_m ≈ 21 % they reach minimum validation loss earlier; at 21 % "
        "they do so 2.51× faster than when randomly reinitialised (LeNet-300-100 on MNIST; early-stopping "
        "iteration = iteration of minimum validation loss).",
    "frankle2019.as_accurate_as_dense":
        "Winning tickets are at least as accurate as the original network down to P_m ≈ 3.6 % (+0.3 points at "
        "13.5 %).",
    "frankle2019.reinit_degrades_earlier":
        "Random reinitialisation loses accuracy from P_m ≈ 21 %; winning tickets only from 2.9 %.",
}
_LTH_TITLES = {
    "frankle2019.faster_than_reinit": "Winning tickets learn faster than their random reinitialisation",
    "frankle2019.as_accurate_as_dense": "Winning tickets are at least as accurate as the dense network",
    "frankle2019.reinit_degrades_earlier": "Random reinitialisation degrades earlier than the winning ticket",
}
_LTH_MEASURED = {
    "frankle2019.faster_than_reinit":
        "Per trial, `S` = geometric mean over the pruned levels with `P_m ≥ 21 %` of `ES_ticket / ES_reinit` "
        "(early-stopping iterations, evaluations every {{<settings>eval_every}} of {{<settings>iterations}} "
        "iterations per level). ",
    "frankle2019.as_accurate_as_dense":
        "Per trial, the mean over the pruned levels with `P_m ≥ 3.6 %` of the ticket's test accuracy at its "
        "early-stopping iteration minus the dense network's (level `0`, same trial), and the same difference at "
        "the sparsest of those levels alone (on regression tasks: geometric means of `MSE_ticket / MSE_dense`). ",
    "frankle2019.reinit_degrades_earlier":
        "Per trial, over the levels with `2.9 % ≤ P_m < 21 %`: the mean of `acc_ticket − acc_reinit` (claimed "
        "`≥ 0`) and the mean of `acc_reinit − acc_dense` (claimed `≤ 0`); on regression tasks the corresponding "
        "geometric means of MSE ratios. ",
}
_LTH_SUMMARY_DIGITS = (
    "On digits: median over {{verdicts:<id>.digits.trials}} trials {{verdicts:<id>.digits.0.point|.4g}}, "
    "order-statistic interval [{{verdicts:<id>.digits.0.low|.4g}}, {{verdicts:<id>.digits.0.high|.4g}}] at "
    "confidence {{verdicts:<id>.digits.0.confidence|.4f}}; verdict {{verdicts:<id>.digits.outcome}}. Intervals "
    "need at least five trials; every comparison is listed below.")
_LTH_SUMMARY_PNS = ("Measured on the Plant 'n' Seek tasks {{verdicts:<id>.datasets}} (one row per task and "
                    "comparison below).")


def _lth_claims() -> list:
    claims = []
    for claim_id in ("frankle2019.faster_than_reinit", "frankle2019.as_accurate_as_dense",
                     "frankle2019.reinit_degrades_earlier"):
        for figure, suffix, summary in (("lth_digits", "digits", _LTH_SUMMARY_DIGITS),
                                        ("lth_plantnseek", "plantnseek", _LTH_SUMMARY_PNS)):
            full_id = f"{claim_id}.{suffix}"
            settings = "lth_digits:" if suffix == "digits" else "lth_plantnseek:circle."
            measured = (_LTH_MEASURED[claim_id] + summary).replace("<settings>", settings).replace("<id>", full_id)
            where = "8x8 digits, 64-300-100-10" if suffix == "digits" else "Plant 'n' Seek tasks, width 100"
            claims.append(Claim(
                id=full_id, title=f"{_LTH_TITLES[claim_id]} ({where})", paper="Frankle & Carbin 2019",
                statement=_LTH_STATEMENTS[claim_id], source="Frankle & Carbin 2019, Sec. 2 and Figures 3-4",
                confidence="paper", measured=measured, figure=figure, evaluate_fn=_lth_claim(claim_id, figure)))
    return claims


CLAIMS: list[Claim] = [
    Claim(
        id="rss.counting_floor",
        title="No law covers an interval before the counting floor",
        paper="(derived)",
        statement="2^n subset sums each cover at most 2ε, so covering an interval of length L needs "
                  "n ≥ log2(L/(2ε)) samples, for any reals.",
        source="derived (bounds id counting.rss_samples)",
        confidence="derived",
        measured="For every law and accuracy of the campaign, the simultaneous bracket of the required count "
                 "`n_δ(ε)` (`δ` = {{rss_required_samples:delta}}) is compared with `log2(1/ε)`; "
                 "{{verdicts:rss.counting_floor.verdicts}} comparisons.",
        figure="rss_required_samples",
        evaluate_fn=_counting_floor,
    ),
    Claim(
        id="lueker1998.rss_samples",
        title="O(log 1/ε) uniform samples suffice (Lueker; Pensia et al. Lemma 1)",
        paper="Pensia et al. 2020",
        statement="X_i ~ U[−1, 1], n ≥ C·log(2/ε) ⇒ with probability ≥ 1 − ε every z ∈ [−1, 1] is within ε of a "
                  "subset sum; C is a universal constant for which no source gives a value.",
        source="Lueker 1998, Cor. 2.5, as restated in Pensia et al. 2020, Lemma 1",
        confidence="restated",
        measured="Tested consequence at fixed `δ` = {{rss_required_samples:delta}}: one constant `C` must "
                 "serve every accuracy. `C` = {{verdicts:lueker1998.rss_samples.constant|.3g}} is fitted on "
                 "`ε ≥ 1e-3` (the largest ratio of the bracket's upper end to `ln(2/ε)`), then the "
                 "{{verdicts:lueker1998.rss_samples.test_points}} smaller accuracies are judged against "
                 "`C·ln(2/ε)` out of sample. The constant is empirical, not the source's.",
        figure="rss_required_samples",
        evaluate_fn=_log_form("uniform", "lueker1998.rss_samples", "restated"),
    ),
    Claim(
        id="pensia2020.rss_samples_mixture",
        title="O(log 1/ε) samples of the product mixture suffice (Pensia et al. Corollary 2)",
        paper="Pensia et al. 2020",
        statement="X_i ~ ½δ₀ + ½·Law(XY), X ~ U[0, 1], Y ~ U[−1, 1]: n ≥ C·ln(2/ε) ⇒ the same conclusion as "
                  "Lemma 1.",
        source="Pensia et al. 2020, Corollaries 1–2",
        confidence="restated",
        measured="As for the uniform law (Lueker's lemma), on the pensia-mixture law: `C` = "
                 "{{verdicts:pensia2020.rss_samples_mixture.constant|.3g}} fitted on `ε ≥ 1e-3`, "
                 "{{verdicts:pensia2020.rss_samples_mixture.test_points}} smaller accuracies judged out of sample.",
        figure="rss_required_samples",
        evaluate_fn=_log_form("pensia-mixture", "pensia2020.rss_samples_mixture", "restated"),
    ),
    Claim(
        id="pensia2020.rule_of_thumb",
        title="n = 3·round(log2(1/ε)) coefficients suffice (Pensia et al.'s Experiment 1 code)",
        paper="Pensia et al. 2020",
        statement="Experiment 1 approximates every weight with n = 3·round(log2(1/ε)) random coefficients.",
        source="Pensia et al. 2020, public code of Experiment 1",
        confidence="code",
        measured="The rule is compared with the bracket of `n_δ(ε)` (`δ` = {{rss_required_samples:delta}}) for "
                 "`U[−1, 1]` coefficients at every accuracy of the campaign; it is too small at "
                 "{{verdicts:pensia2020.rule_of_thumb.violations}} of them.",
        figure="rss_required_samples",
        evaluate_fn=_pensia_rule,
    ),
    *_lth_claims(),
]


FINDINGS = [
    "Whole-interval coverage, measured exactly: the fitted slope of `n_δ(ε)` against `log2(1/ε)` is "
    "{{rss_required_samples:uniform.slope|.2f}} for `U[−1, 1]`, {{rss_required_samples:product.slope|.2f}} for "
    "products of two uniforms, {{rss_required_samples:gaussian.slope|.2f}} for the standard Gaussian and "
    "{{rss_required_samples:pensia-mixture.slope|.2f}} for Pensia et al.'s mixture (the theory only says it is "
    "at least `1`).",
    "The median worst error decays like `2^(-r n)` with `r` = {{rss_worst_error_decay:uniform.decay_rate|.2f}} "
    "(uniform), {{rss_worst_error_decay:product.decay_rate|.2f}} (product) and "
    "{{rss_worst_error_decay:pensia-mixture.decay_rate|.2f}} (mixture).",
    "Lottery tickets on digits ({{lth_digits:trials}} trials, {{lth_digits:rounds}} rounds): at the level nearest "
    "`P_m = 21 %` (`P_m` = {{lth_digits:density_near_21|.4f}}) the median of `ES_reinit / ES_ticket` is "
    "{{lth_digits:speedup_near_21|.3g}} (the paper: `2.51` on MNIST) and the median of `ES_ticket / ES_dense` is "
    "{{lth_digits:ticket_over_dense_es_near_21|.3g}} (the paper: tickets stop `38 %` earlier); at the level "
    "nearest `P_m = 13.5 %` the ticket's test accuracy minus the dense network's is "
    "{{lth_digits:ticket_change_near_13|.4f}} (median; the paper: `+0.003`), at the level nearest `P_m = 3.6 %` "
    "{{lth_digits:ticket_change_near_3.6|.4f}}.",
    "A steadier measure of learning speed (derived here, not the paper's): `T` = the first evaluated iteration at "
    "which the validation loss is within a factor `1.1` of its run's minimum. On digits the median over trials of "
    "the geometric mean of `T_ticket / T_reinit` over `P_m ≥ 21 %` is {{lth_digits:within_0.1.point|.3g}} "
    "[{{lth_digits:within_0.1.low|.3g}}, {{lth_digits:within_0.1.high|.3g}}] "
    "({{lth_digits:within_0.1.outcome}} against `< 1`); within a factor `1.5`: "
    "{{lth_digits:within_0.5.point|.3g}} [{{lth_digits:within_0.5.low|.3g}}, {{lth_digits:within_0.5.high|.3g}}] "
    "({{lth_digits:within_0.5.outcome}}). On Circle: {{lth_plantnseek:circle.within_0.1.point|.3g}} "
    "({{lth_plantnseek:circle.within_0.1.outcome}}) and {{lth_plantnseek:circle.within_0.5.point|.3g}} "
    "({{lth_plantnseek:circle.within_0.5.outcome}}).",
]


# ---------------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------------

def _verdict_rows(item: Evaluated) -> list[str]:
    rows = ["| quantity | measured | bound | verdict |", "|---|---|---|---|"]
    for v in item.verdicts:
        relation = "≥" if v.bound.kind == "lower" else "≤"
        rows.append(f"| {v.measurement.quantity} | {v.measurement.interval_text()} | {relation} "
                    f"{v.bound.value:.4g} | {v.outcome} |")
    return rows


def document(evaluated: list[Evaluated], sources, profile: str, render) -> str:
    lines = ["# Reproduction report: strong lottery tickets, measured", "",
             render(f"Generated by `slth paper` (profile `{profile}`); every number below comes from a results "
                    "file listed in `provenance.json`, and the comparison tables are printed from `verdicts.json`. "
                    "Do not edit by hand.", sources), "",
             "## Summary", "", "| claim | source | confidence | verdict |", "|---|---|---|---|"]
    for item in evaluated:
        lines.append(f"| {item.claim.title} | {item.claim.source} | [{item.claim.confidence}] | "
                     f"**{item.outcome}** |")
    lines += ["", "## Claims", ""]
    for item in evaluated:
        claim = item.claim
        lines += [f"### {claim.title}", "",
                  f"**Statement** [{claim.confidence}]. {claim.statement}", "",
                  f"**Source.** {claim.source}." + (" This statement is recalled from memory of the paper: its "
                                                     "form is plausible, its constants and numbering uncertain."
                                                     if "recalled" in claim.confidence else ""), "",
                  f"**What was measured.** {render(claim.measured, sources)}", "",
                  f"**Verdict: {item.outcome}.**", ""]
        if item.verdicts:
            lines += _verdict_rows(item) + [""]
        if claim.figure:
            lines += [f"![{claim.figure}](figures/{claim.figure}.png)", ""]
    lines += ["## Findings", ""]
    for finding in FINDINGS:
        lines += [f"- {render(finding, sources)}"]
    lines.append("")
    return "\n".join(lines)


def latex_table(evaluated: list[Evaluated]) -> str:
    """The summary table in booktabs style, for users' own papers."""
    def tex(text: str) -> str:
        return (text.replace("\\", r"\textbackslash{}").replace("&", r"\&").replace("%", r"\%")
                .replace("_", r"\_").replace("#", r"\#"))

    lines = [r"\begin{tabular}{llll}", r"\toprule", r"Claim & Source & Confidence & Verdict \\", r"\midrule"]
    for item in evaluated:
        lines.append(f"{tex(item.claim.title)} & {tex(item.claim.source)} & {tex(item.claim.confidence)} & "
                     f"{item.outcome} \\\\")
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    return "\n".join(lines)
