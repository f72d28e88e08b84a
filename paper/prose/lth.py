"""What was measured for the lottery ticket paper's claims (figures ``lth_digits``, ``lth_plantnseek``,
``lth_variants``).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder (:mod:`paper.builder`).
"""

MEASURED = {
    "frankle2019.faster_than_reinit.digits":
        "Per trial, `S` = geometric mean over the pruned levels with `P_m ≥ 21 %` of `ES_ticket / ES_reinit`, and of "
        "`ES_ticket / ES_dense` (early-stopping iterations, evaluations every {{lth_digits:eval_every}} of "
        "{{lth_digits:iterations}} iterations per level); both claimed `< 1`. On digits, the first comparison: median "
        "over {{verdicts:frankle2019.faster_than_reinit.digits.digits.trials}} trials "
        "{{verdicts:frankle2019.faster_than_reinit.digits.digits.0.point|.4g}}, order-statistic interval "
        "[{{verdicts:frankle2019.faster_than_reinit.digits.digits.0.low|.4g}}, "
        "{{verdicts:frankle2019.faster_than_reinit.digits.digits.0.high|.4g}}] at confidence "
        "{{verdicts:frankle2019.faster_than_reinit.digits.digits.0.confidence|.4f}}. The overall verdict, over every "
        "comparison in the table below, is {{verdicts:frankle2019.faster_than_reinit.digits.digits.outcome}}. "
        "Intervals need at least five trials and cover the variation between trials, not the sampling of the test set.",
    "frankle2019.faster_than_reinit.plantnseek":
        "Per trial, `S` = geometric mean over the pruned levels with `P_m ≥ 21 %` of `ES_ticket / ES_reinit`, and of "
        "`ES_ticket / ES_dense` (early-stopping iterations, evaluations every {{lth_plantnseek:circle.eval_every}} of "
        "{{lth_plantnseek:circle.iterations}} iterations per level); both claimed `< 1`. Measured on the Plant 'n' "
        "Seek tasks {{verdicts:frankle2019.faster_than_reinit.plantnseek.datasets}} (one row per task and comparison "
        "below).",
    "frankle2019.as_accurate_as_dense.digits":
        "Per trial, the mean over the pruned levels with `P_m ≥ 3.6 %` of the ticket's test accuracy at its "
        "early-stopping iteration minus the dense network's (level `0`, same trial), and the same difference at the "
        "sparsest of those levels alone (on regression tasks: geometric means of `MSE_ticket / MSE_dense`). On digits, "
        "the first comparison: median over {{verdicts:frankle2019.as_accurate_as_dense.digits.digits.trials}} trials "
        "{{verdicts:frankle2019.as_accurate_as_dense.digits.digits.0.point|.4g}}, order-statistic interval "
        "[{{verdicts:frankle2019.as_accurate_as_dense.digits.digits.0.low|.4g}}, "
        "{{verdicts:frankle2019.as_accurate_as_dense.digits.digits.0.high|.4g}}] at confidence "
        "{{verdicts:frankle2019.as_accurate_as_dense.digits.digits.0.confidence|.4f}}. The overall verdict, over every "
        "comparison in the table below, is {{verdicts:frankle2019.as_accurate_as_dense.digits.digits.outcome}}. "
        "Intervals need at least five trials and cover the variation between trials, not the sampling of the test set.",
    "frankle2019.as_accurate_as_dense.plantnseek":
        "Per trial, the mean over the pruned levels with `P_m ≥ 3.6 %` of the ticket's test accuracy at its "
        "early-stopping iteration minus the dense network's (level `0`, same trial), and the same difference at the "
        "sparsest of those levels alone (on regression tasks: geometric means of `MSE_ticket / MSE_dense`). Measured "
        "on the Plant 'n' Seek tasks {{verdicts:frankle2019.as_accurate_as_dense.plantnseek.datasets}} (one row per "
        "task and comparison below).",
    "frankle2019.reinit_degrades_earlier.digits":
        "Per trial, over the levels with `2.9 % ≤ P_m < 21 %`: the mean of `acc_ticket − acc_reinit` (claimed `≥ 0`), "
        "the mean of `acc_reinit − acc_dense` (claimed `≤ 0`) and the mean of `acc_ticket − acc_dense` (claimed `≥ 0`: "
        "tickets degrade only from `2.9 %`); on regression tasks the corresponding geometric means of MSE ratios. On "
        "digits, the first comparison: median over "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.digits.trials}} trials "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.digits.0.point|.4g}}, order-statistic interval "
        "[{{verdicts:frankle2019.reinit_degrades_earlier.digits.digits.0.low|.4g}}, "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.digits.0.high|.4g}}] at confidence "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.digits.0.confidence|.4f}}. The overall verdict, over "
        "every comparison in the table below, is "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.digits.outcome}}. Intervals need at least five trials "
        "and cover the variation between trials, not the sampling of the test set.",
    "frankle2019.reinit_degrades_earlier.plantnseek":
        "Per trial, over the levels with `2.9 % ≤ P_m < 21 %`: the mean of `acc_ticket − acc_reinit` (claimed `≥ 0`), "
        "the mean of `acc_reinit − acc_dense` (claimed `≤ 0`) and the mean of `acc_ticket − acc_dense` (claimed `≥ 0`: "
        "tickets degrade only from `2.9 %`); on regression tasks the corresponding geometric means of MSE ratios. "
        "Measured on the Plant 'n' Seek tasks {{verdicts:frankle2019.reinit_degrades_earlier.plantnseek.datasets}} "
        "(one row per task and comparison below).",
    "frankle2019.oneshot_faster.digits":
        "One-shot run (every mask cut from the trained dense network, survivors reset to `θ₀`; "
        "{{lth_variants:oneshot.iterations}} iterations per level, evaluations every "
        "{{lth_variants:oneshot.eval_every}}). Per trial, `S` = geometric mean over the pruned levels with `17.6 % ≤ "
        "P_m ≤ 67.5 %` of `ES_ticket / ES_dense`; claimed `S < 1`. On digits, the first comparison: median over "
        "{{verdicts:frankle2019.oneshot_faster.digits.digits.trials}} trials "
        "{{verdicts:frankle2019.oneshot_faster.digits.digits.0.point|.4g}}, order-statistic interval "
        "[{{verdicts:frankle2019.oneshot_faster.digits.digits.0.low|.4g}}, "
        "{{verdicts:frankle2019.oneshot_faster.digits.digits.0.high|.4g}}] at confidence "
        "{{verdicts:frankle2019.oneshot_faster.digits.digits.0.confidence|.4f}}. The overall verdict, over every "
        "comparison in the table below, is {{verdicts:frankle2019.oneshot_faster.digits.digits.outcome}}. Intervals "
        "need at least five trials and cover the variation between trials, not the sampling of the test set.",
    "frankle2019.oneshot_more_accurate.digits":
        "One-shot run as above. Per trial, `S` = mean over the pruned levels with `5.17 % ≤ P_m ≤ 95 %` of `acc_ticket "
        "− acc_dense` (test accuracy at the early-stopping iteration); claimed `S > 0`. On digits, the first "
        "comparison: median over {{verdicts:frankle2019.oneshot_more_accurate.digits.digits.trials}} trials "
        "{{verdicts:frankle2019.oneshot_more_accurate.digits.digits.0.point|.4g}}, order-statistic interval "
        "[{{verdicts:frankle2019.oneshot_more_accurate.digits.digits.0.low|.4g}}, "
        "{{verdicts:frankle2019.oneshot_more_accurate.digits.digits.0.high|.4g}}] at confidence "
        "{{verdicts:frankle2019.oneshot_more_accurate.digits.digits.0.confidence|.4f}}. The overall verdict, over "
        "every comparison in the table below, is {{verdicts:frankle2019.oneshot_more_accurate.digits.digits.outcome}}. "
        "Intervals need at least five trials and cover the variation between trials, not the sampling of the test set.",
    "frankle2019.reset_beats_continue.digits":
        "Two iterative runs with the same seed (the same `θ₀` and minibatch order: paired trials), one resetting the "
        "survivors to `θ₀`, one keeping their trained values. Per trial, `S` = mean over the pruned levels of "
        "`acc_reset − acc_continue`; claimed `S > 0`. On digits, the first comparison: median over "
        "{{verdicts:frankle2019.reset_beats_continue.digits.digits.trials}} trials "
        "{{verdicts:frankle2019.reset_beats_continue.digits.digits.0.point|.4g}}, order-statistic interval "
        "[{{verdicts:frankle2019.reset_beats_continue.digits.digits.0.low|.4g}}, "
        "{{verdicts:frankle2019.reset_beats_continue.digits.digits.0.high|.4g}}] at confidence "
        "{{verdicts:frankle2019.reset_beats_continue.digits.digits.0.confidence|.4f}}. The overall verdict, over every "
        "comparison in the table below, is {{verdicts:frankle2019.reset_beats_continue.digits.digits.outcome}}. "
        "Intervals need at least five trials and cover the variation between trials, not the sampling of the test set.",
}
