"""What was measured for Pensia et al.'s construction: Theorem 1's width (result table ``tickets``, figure
``tickets_width``) and Experiment 1 (result table ``experiment1``, figure ``experiment1``).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder (:mod:`paper.builder`).
"""

MEASURED = {
    "pensia2020.width":
        "For square targets of depth `l = 1` (widths {{tickets_width:largest.d}} and below), `l = 2` and `l = 3`, "
        "each of {{tickets_width:trials}} random networks per shape is drawn once at the widest width of the grid, "
        "and the network at `m` units per input coordinate is its first `m` units of every block (nested), so "
        "success — every target of the trial's family (a random target and a rank-one target, spectral norm `1`) "
        "certified within `ε` = {{tickets_width:eps}} — is monotone in `m`. The required units `m_δ` "
        "(`δ` = {{tickets_width:delta}}) grow like `log(d² l / min(ε, δ))^β` with `β` = "
        "{{verdicts:pensia2020.width.l1.beta|.2f}} [{{verdicts:pensia2020.width.l1.beta_low|.2f}}, "
        "{{verdicts:pensia2020.width.l1.beta_high|.2f}}] at depth `1` "
        "({{verdicts:pensia2020.width.l1.shapes}} widths), {{verdicts:pensia2020.width.l2.beta|.2f}} "
        "[{{verdicts:pensia2020.width.l2.beta_low|.2f}}, {{verdicts:pensia2020.width.l2.beta_high|.2f}}] at depth "
        "`2` and {{verdicts:pensia2020.width.l3.beta|.2f}} [{{verdicts:pensia2020.width.l3.beta_low|.2f}}, "
        "{{verdicts:pensia2020.width.l3.beta_high|.2f}}] at depth `3`. Where every draw must serve the worst of "
        "{{tickets_width:hard.family}} targets at once (the searched family, {{tickets_width:hard.trials}} draws per "
        "width, depth `1`), `β` = {{verdicts:pensia2020.width.hard.l1.beta|.2f}} "
        "[{{verdicts:pensia2020.width.hard.l1.beta_low|.2f}}, {{verdicts:pensia2020.width.hard.l1.beta_high|.2f}}]. "
        "The theorem's width has `β = 1`; a width "
        "linear in `d` has `β = 0`. Success on a finite family of targets is necessary for the theorem's conclusion "
        "(every target at once), not sufficient: the measured widths are lower bounds on what the theorem needs.",
    "pensia2020.experiment1_within_eps":
        "Targets without biases ({{experiment1:inputs}}–{{experiment1:hidden}}–`10`) trained on "
        "{{experiment1:data}}, {{experiment1:seeds}} seed(s), every weight solved at its exact optimum with `n` = "
        "{{experiment1:n}} coefficients: {{verdicts:pensia2020.experiment1_within_eps.outside}} of "
        "{{verdicts:pensia2020.experiment1_within_eps.weights}} weights lie outside `ε` under the paper's per-row "
        "law (largest error {{experiment1:per-row.max_error|.2g}}), against "
        "{{verdicts:pensia2020.experiment1_within_eps.expected_misses|.2f}} "
        "[{{verdicts:pensia2020.experiment1_within_eps.expected_low|.2f}}, "
        "{{verdicts:pensia2020.experiment1_within_eps.expected_high|.2f}}] misses per network that the coefficient "
        "law makes expected; independent coefficients miss {{experiment1:independent.weights}} minus "
        "{{experiment1:independent.within_eps}} (expected {{experiment1:independent.expected_misses|.2f}} per "
        "network). Kept parameters: {{experiment1:per-row.ratio_kept|.2f}} times the target.",
    "pensia2020.experiment1_accuracy":
        "The approximated network itself, on the {{experiment1:test_examples}} test examples shared by every seed: "
        "its test accuracy minus the target's is {{verdicts:pensia2020.experiment1_accuracy.change|.4f}} "
        "[{{verdicts:pensia2020.experiment1_accuracy.change_low|.4f}}, "
        "{{verdicts:pensia2020.experiment1_accuracy.change_high|.4f}}] (per-row law; target "
        "{{experiment1:per-row.target_accuracy|.4f}}, approximated {{experiment1:per-row.approximated_accuracy|.4f}}; "
        "independent coefficients {{experiment1:independent.approximated_accuracy|.4f}}, products of uniforms "
        "{{experiment1:product.approximated_accuracy|.4f}}), and the two predict the same class on a fraction "
        "{{verdicts:pensia2020.experiment1_accuracy.agreement|.4f}} "
        "[{{verdicts:pensia2020.experiment1_accuracy.agreement_low|.4f}}, "
        "{{verdicts:pensia2020.experiment1_accuracy.agreement_high|.4f}}] of them.",
}
