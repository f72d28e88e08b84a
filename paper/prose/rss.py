"""What was measured for the random-subset-sum claims (result table ``rss``, figure ``rss_required_samples``).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder (:mod:`paper.builder`).
"""

MEASURED = {
    "rss.counting_floor":
        "Every sample path of every law was checked at every accuracy of the grid for coverage with fewer than "
        "`log2(1/ε)` samples: {{verdicts:rss.counting_floor.counterexamples}} counterexamples among "
        "{{verdicts:rss.counting_floor.paths}} path-accuracy checks "
        "({{verdicts:rss.counting_floor.comparisons}} comparisons).",
    "lueker1998.rss_samples":
        "The required count `n_δ(ε)` (`δ = 0.01`) of `U[−1, 1]` samples, from every path's first covering prefix "
        "`n*`, grows with slope {{verdicts:lueker1998.rss_samples.slope|.2f}} "
        "[{{verdicts:lueker1998.rss_samples.slope_low|.2f}}, {{verdicts:lueker1998.rss_samples.slope_high|.2f}}] "
        "samples per halving of `ε` over `1e-6 ≤ ε ≤ 1e-2` (the counting floor needs `1` asymptotically): "
        "{{verdicts:lueker1998.rss_samples.coarse_slope|.2f}} on the coarser accuracies and "
        "{{verdicts:lueker1998.rss_samples.fine_slope|.2f}} on the finer ones, an acceleration of "
        "{{verdicts:lueker1998.rss_samples.acceleration|.2f}} "
        "[{{verdicts:lueker1998.rss_samples.acceleration_low|.2f}}, "
        "{{verdicts:lueker1998.rss_samples.acceleration_high|.2f}}] ({{verdicts:lueker1998.rss_samples.paths}} "
        "paths). Linear growth in `log(1/ε)` is what the lemma promises; an accelerating slope would refute it over "
        "this range. The constant `C` itself is not identified by a finite range and is not judged.",
    "pensia2020.rss_samples_mixture":
        "As for the uniform law, on Pensia et al.'s mixture: slope "
        "{{verdicts:pensia2020.rss_samples_mixture.slope|.2f}} "
        "[{{verdicts:pensia2020.rss_samples_mixture.slope_low|.2f}}, "
        "{{verdicts:pensia2020.rss_samples_mixture.slope_high|.2f}}] samples per halving of `ε`, "
        "{{verdicts:pensia2020.rss_samples_mixture.coarse_slope|.2f}} coarser and "
        "{{verdicts:pensia2020.rss_samples_mixture.fine_slope|.2f}} finer: acceleration "
        "{{verdicts:pensia2020.rss_samples_mixture.acceleration|.2f}} "
        "[{{verdicts:pensia2020.rss_samples_mixture.acceleration_low|.2f}}, "
        "{{verdicts:pensia2020.rss_samples_mixture.acceleration_high|.2f}}].",
    "pensia2020.rule_of_thumb":
        "At each of the {{verdicts:pensia2020.rule_of_thumb.judged}} accuracies of the grid, the fraction of "
        "`U[−1, 1]` paths covered with the rule's `n` samples, against `1 − δ` (`δ = 0.01`): at `ε = 0.1` "
        "(`n` = {{verdicts:pensia2020.rule_of_thumb.1e-01.rule}}) "
        "{{verdicts:pensia2020.rule_of_thumb.1e-01.p_cover|.3f}}, "
        "at `ε = 0.01` (`n` = {{verdicts:pensia2020.rule_of_thumb.1e-02.rule}}) "
        "{{verdicts:pensia2020.rule_of_thumb.1e-02.p_cover|.3f}}; every accuracy is in the table. Whole-interval "
        "coverage with probability `1 − δ` asks more than the code needed (each weight approximated on its own), so "
        "this judges the rule as a coverage guarantee.",
}
