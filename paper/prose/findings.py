"""Findings: what the measurements show beyond the claims (templates, every number through a placeholder).

:data:`LTH_FINDINGS` — the lottery ticket area's: a [derived] speed measure and descriptive medians at the paper's
densities.  Neither is a claim of the paper nor judged under a registered rule; both say so.
"""

LTH_FINDINGS = [
    "On `MNIST-5k` (`5,000` of the `70,000` images), descriptive and without intervals (medians over the "
    "{{lth_mnist5k:trials}} trials, beside the paper's full-MNIST numbers of another setting): at the level nearest "
    "`P_m = 21 %` ({{lth_mnist5k:density_near_21|.1%}}) `ES_reinit / ES_ticket` is "
    "{{lth_mnist5k:speedup_near_21|.3g}} (the paper: "
    "{{verdicts:frankle2019.faster.mnist5k.paper.speedup_over_reinit_at_21}}) "
    "and `ES_ticket / ES_dense` {{lth_mnist5k:ticket_over_dense_es_near_21|.3g}}; at the level nearest "
    "`P_m = 13.5 %` ({{lth_mnist5k:density_near_13|.1%}}) the ticket's test accuracy minus the dense network's is "
    "{{lth_mnist5k:ticket_change_near_13|+.4f}} (the paper: "
    "{{verdicts:frankle2019.as_accurate.mnist5k.paper.gain_at_13_5|+.3f}}), at the level nearest `P_m = 3.6 %` "
    "({{lth_mnist5k:density_near_3.6|.1%}}) {{lth_mnist5k:ticket_change_near_3.6|+.4f}}. The [derived] speed "
    "measure `T_ticket / T_reinit` within a factor `1.1` of the minimum validation loss (exploratory, not judged): "
    "{{verdicts:frankle2019.faster.mnist5k.within_0.1.ratio|.3g}} "
    "[{{verdicts:frankle2019.faster.mnist5k.within_0.1.ratio_low|.3g}}, "
    "{{verdicts:frankle2019.faster.mnist5k.within_0.1.ratio_high|.3g}}].",
    "A steadier measure of learning speed, [derived] here and exploratory (not the paper's, not a registered claim): "
    "`T_q`, the first evaluated iteration at which the validation loss is within a factor `1 + q` of its run's "
    "minimum, which a flat validation curve cannot move the way it moves the argmin. On digits, over `P_m ≥ 21 %`, "
    "the geometric-mean ratio `T_ticket / T_reinit` (Student's `t` over trials) is "
    "{{verdicts:frankle2019.faster.digits.within_0.1.ratio|.3g}} "
    "[{{verdicts:frankle2019.faster.digits.within_0.1.ratio_low|.3g}}, "
    "{{verdicts:frankle2019.faster.digits.within_0.1.ratio_high|.3g}}] within a factor `1.1` "
    "({{verdicts:frankle2019.faster.digits.within_0.1.outcome}} against `< 1` on its own) and "
    "{{verdicts:frankle2019.faster.digits.within_0.5.ratio|.3g}} "
    "[{{verdicts:frankle2019.faster.digits.within_0.5.ratio_low|.3g}}, "
    "{{verdicts:frankle2019.faster.digits.within_0.5.ratio_high|.3g}}] within a factor `1.5` "
    "({{verdicts:frankle2019.faster.digits.within_0.5.outcome}}).",
    "Descriptive, without intervals (medians over the {{lth_digits:trials}} digits trials, for comparison with the "
    "paper's numbers of another network and dataset): at the level nearest `P_m = 21 %` "
    "({{lth_digits:density_near_21|.1%}}) `ES_reinit / ES_ticket` is {{lth_digits:speedup_near_21|.3g}} (the paper: "
    "{{verdicts:frankle2019.faster.digits.paper.speedup_over_reinit_at_21}} for `LeNet-300-100` on MNIST) and "
    "`ES_ticket / ES_dense` {{lth_digits:ticket_over_dense_es_near_21|.3g}} (the paper: "
    "{{verdicts:frankle2019.faster.digits.paper.earlier_than_dense|.0%}} earlier); at the level nearest "
    "`P_m = 13.5 %` ({{lth_digits:density_near_13|.1%}}) the ticket's test accuracy minus the dense network's is "
    "{{lth_digits:ticket_change_near_13|+.4f}} (the paper: "
    "{{verdicts:frankle2019.as_accurate.digits.paper.gain_at_13_5|+.3f}}), at the level nearest `P_m = 3.6 %` "
    "({{lth_digits:density_near_3.6|.1%}}) "
    "{{lth_digits:ticket_change_near_3.6|+.4f}}.",
]
