"""What was measured for the random-subset-sum claims (figure ``rss_required_samples``).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder (:mod:`paper.builder`).
"""

MEASURED = {
    "rss.counting_floor":
        "For every law and accuracy of the campaign, the simultaneous bracket of the required count "
        "`n_δ(ε)` (`δ` = {{rss_required_samples:delta}}) is compared with `log2(1/ε)`; "
        "{{verdicts:rss.counting_floor.verdicts}} comparisons.",
    "lueker1998.rss_samples":
        "Tested consequence at fixed `δ` = {{rss_required_samples:delta}}: one constant `C` must "
        "serve every accuracy. The lemma's failure probability is `ε`, so it bounds `n_δ(ε)` only where "
        "`ε ≤ δ`: `C` = {{verdicts:lueker1998.rss_samples.constant|.3g}} is fitted on `1e-3 ≤ ε ≤ δ` (the "
        "largest value the bound implies from the brackets' upper ends), then the "
        "{{verdicts:lueker1998.rss_samples.test_points}} smaller accuracies are judged against "
        "`C·ln(2/ε)` out of sample. The constant is empirical, not the source's. A weak check: the fitted "
        "bound allows `C·ln 2` = {{verdicts:lueker1998.rss_samples.per_bit|.3g}} more samples per halving "
        "of `ε`, while the counting floor needs one.",
    "pensia2020.rss_samples_mixture":
        "As for the uniform law (Lueker's lemma), on the pensia-mixture law: `C` = "
        "{{verdicts:pensia2020.rss_samples_mixture.constant|.3g}} fitted on `1e-3 ≤ ε ≤ δ`, "
        "{{verdicts:pensia2020.rss_samples_mixture.test_points}} smaller accuracies judged out of sample "
        "(room per halving of `ε`: {{verdicts:pensia2020.rss_samples_mixture.per_bit|.3g}} samples).",
    "pensia2020.rule_of_thumb":
        "The rule is compared with the bracket of `n_δ(ε)` (`δ` = {{rss_required_samples:delta}}) for "
        "`U[−1, 1]` coefficients at the accuracies where the code used it or finer (`ε ≤ 0.01`; the "
        "code ran at `0.01`): too small at {{verdicts:pensia2020.rule_of_thumb.violations}} of "
        "{{verdicts:pensia2020.rule_of_thumb.judged}}. Whole-interval coverage with probability `1 − δ` "
        "asks more than the code needed (each weight approximated on its own), so a violation here is a "
        "statement about the rule as a coverage guarantee. Coarser accuracies are not judged (the code "
        "never used them); the bracket lies above the rule at "
        "{{verdicts:pensia2020.rule_of_thumb.coarse_too_small}} of them.",
}
