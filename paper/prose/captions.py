"""Captions of the report's figures, by figure name (templates)."""

CAPTIONS = {
    "rss_required_samples":
        "the required count `n_δ(ε)` for every law as simultaneous `95 %` brackets against `log2(1/ε)`, with the "
        "counting floor and Pensia et al.'s rule of thumb.",
    "tickets_width":
        "left, the probability that every target of a draw is certified within `ε` by some width up to `m` units per "
        "input coordinate, on nested random networks, with exact `95 %` bands; right, the required units against the "
        "logarithm in the theorem's width on log–log axes, with the fitted exponent per depth and the slopes of "
        "the theorem's width (`β = 1`) and of a width linear in `d` (`β = 0`).",
    "experiment1":
        "left, the per-weight errors of the exact subset-sum approximation of every weight of a trained network for "
        "the three coefficient laws, with the misses observed and expected; right, the approximated network's test "
        "accuracy minus the target's, per seed and law.",
}
