"""The findings: what the measurements show beyond the claims, each number through a placeholder."""

FINDINGS = [
    "In the catalog, with every unspecified constant set to one, Malach et al.'s width [recalled] is "
    "{{bounds_landscape:malach_over_pensia_at_largest_d|.3g}} times Pensia et al.'s [recalled] at target width "
    "{{bounds_landscape:largest_d|.0f}} (`l = 2`, `ε = δ = 0.01`), while Pensia et al.'s exceeds the depth-two lower "
    "bound by a factor {{bounds_landscape:pensia_over_lower_at_largest_d|.3g}}; with the empirical constant "
    "{{bounds_landscape:empirical_c|.3g}} implied by the ticket experiment the picture is the same up to that "
    "factor (figure `bounds_landscape`).",
    "The smallest hidden width certified to reach `1 − δ` for a random square layer of width "
    "{{tickets_width:largest.d}} is {{tickets_width:largest.width_sufficient}}: "
    "{{tickets_width:largest.ratio_to_lower_width|.3g}} times the depth-two lower bound and "
    "{{tickets_width:largest.ratio_to_malach_width|.2g}} times Malach et al.'s width [recalled] (with its constant "
    "set to one).",
    "Whole-interval coverage, measured exactly: the plain least-squares slope of the bracket midpoints of "
    "`n_δ(ε)` against `log2(1/ε)` is {{rss_required_samples:uniform.plain_slope|.2f}} for `U[−1, 1]`, "
    "{{rss_required_samples:product.plain_slope|.2f}} for products of two uniforms, "
    "{{rss_required_samples:gaussian.plain_slope|.2f}} for the standard Gaussian, "
    "{{rss_required_samples:pensia-mixture.plain_slope|.2f}} for Pensia et al.'s mixture and "
    "{{rss_required_samples:hyperbolic.plain_slope|.2f}} for the hyperbolic law (no interval: a description of "
    "the brackets over this range of accuracies). The spec's three-term form `a·log2(1/ε) + b·log2(log2(1/ε)) + c` "
    "gives `a` = {{rss_required_samples:uniform.slope|.2f}}, {{rss_required_samples:product.slope|.2f}}, "
    "{{rss_required_samples:gaussian.slope|.2f}}, {{rss_required_samples:pensia-mixture.slope|.2f}} and "
    "{{rss_required_samples:hyperbolic.slope|.2f}}, with a negative `b` absorbing the difference. The counting "
    "floor forces the long-run slope to be at least `1`; over a finite range a law that starts high (it needs many "
    "samples already at the largest accuracy) can show a smaller one.",
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
