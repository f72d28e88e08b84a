"""What was measured for the lottery ticket claims (result tables ``lth_digits``, ``lth_mnist5k``, ``lth_variants``
and ``lth_plantnseek``; figures of the same names).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder or sits in a formula span
(:mod:`paper.builder`).  The paper's own numbers (LeNet-300-100 on full MNIST) come from the rules' ``paper``
parameters and are always introduced as numbers of another setting; every MNIST-5k result says "MNIST-5k (5,000 of
the 70,000 images)".
"""

MNIST5K = "`MNIST-5k` (`5,000` of the `70,000` images)"  # how every MNIST-5k result names its data
M5 = "verdicts:frankle2019.{}.mnist5k."  # the MNIST-5k claims' facts: M5.format("faster") + "trials"


def _m5(claim: str, key: str, spec: str = "") -> str:
    """A placeholder for fact ``key`` of the MNIST-5k claim ``frankle2019.<claim>.mnist5k``."""
    return "{{" + M5.format(claim) + key + (f"|{spec}" if spec else "") + "}}"


MEASURED = {
    "frankle2019.faster.digits":
        "Per trial, the mean over the {{verdicts:frankle2019.faster.digits.levels}} pruned levels with `P_m ≥ 21 %` "
        "(down to {{verdicts:frankle2019.faster.digits.density_low|.1%}}) of `log(ES_ticket / ES_c)`, the "
        "early-stopping iteration of the ticket against that of its reinitialisation (`c` = reinit) and of the dense "
        "network of the same trial (`c` = dense); then Student's `t` over the "
        "{{verdicts:frankle2019.faster.digits.trials}} trials. Geometric-mean ratios: `ES_ticket / ES_reinit` = "
        "{{verdicts:frankle2019.faster.digits.reinit.ratio|.3g}} "
        "[{{verdicts:frankle2019.faster.digits.reinit.ratio_low|.3g}}, "
        "{{verdicts:frankle2019.faster.digits.reinit.ratio_high|.3g}}] "
        "({{verdicts:frankle2019.faster.digits.reinit.censored}} of "
        "{{verdicts:frankle2019.faster.digits.reinit.pairs}} pairs censored at the last evaluation) and "
        "`ES_ticket / ES_dense` = {{verdicts:frankle2019.faster.digits.dense.ratio|.3g}} "
        "[{{verdicts:frankle2019.faster.digits.dense.ratio_low|.3g}}, "
        "{{verdicts:frankle2019.faster.digits.dense.ratio_high|.3g}}] "
        "({{verdicts:frankle2019.faster.digits.dense.censored}} of {{verdicts:frankle2019.faster.digits.dense.pairs}} "
        "censored). For comparison only, in another setting (`LeNet-300-100` on MNIST) the paper reports tickets "
        "reaching their minimum {{verdicts:frankle2019.faster.digits.paper.speedup_over_reinit_at_21}} times faster "
        "than their reinitialisation at `21 %` and {{verdicts:frankle2019.faster.digits.paper.earlier_than_dense|.0%}} "
        "earlier than the original network.",
    "frankle2019.as_accurate.digits":
        "At each of the {{verdicts:frankle2019.as_accurate.digits.levels}} pruned levels with `P_m ≥ 21 %`, the "
        "ticket's test accuracy minus the dense network's, paired by trial and test example "
        "({{verdicts:frankle2019.as_accurate.digits.trials}} trials × "
        "{{verdicts:frankle2019.as_accurate.digits.examples}} test images, both sampled), against a margin of "
        "{{verdicts:frankle2019.as_accurate.digits.margin|.0%}}; the dense network reaches "
        "{{verdicts:frankle2019.as_accurate.digits.dense_metric|.1%}}. The least favourable level, "
        "`P_m` = {{verdicts:frankle2019.as_accurate.digits.worst.density|.1%}}, has a difference of "
        "{{verdicts:frankle2019.as_accurate.digits.worst.delta|+.4f}} "
        "[{{verdicts:frankle2019.as_accurate.digits.worst.low|+.4f}}, "
        "{{verdicts:frankle2019.as_accurate.digits.worst.high|+.4f}}]. Estimated from the data, not judged: the "
        "ticket first falls more than the margin below the dense network at `P*_ticket` = "
        "{{verdicts:frankle2019.as_accurate.digits.crossover.density|.2%}} (crossed-bootstrap interval "
        "[{{verdicts:frankle2019.as_accurate.digits.crossover.low|.2%}}, "
        "{{verdicts:frankle2019.as_accurate.digits.crossover.high|.2%}}]; n/a or an end at zero: beyond the "
        "sparsest level, {{verdicts:frankle2019.as_accurate.digits.sparsest_measured|.2%}}). For comparison only: "
        "`LeNet-300-100` on MNIST stays at least as accurate down to "
        "{{verdicts:frankle2019.as_accurate.digits.paper.ticket_as_accurate_down_to|.1%}} in the paper, a density of "
        "another network and dataset.",
    "frankle2019.reinit_degrades_earlier.digits":
        "For the ticket and for its reinitialisation, the first level (going sparser) at which the mean test "
        "accuracy falls more than {{verdicts:frankle2019.reinit_degrades_earlier.digits.margin|.0%}} below the dense "
        "network's, and the difference of the two in pruning rounds, by the crossed bootstrap over the "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.trials}} trials and the test examples. The "
        "reinitialisation falls behind at `P*_reinit` = "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.reinit.density|.2%}} "
        "[{{verdicts:frankle2019.reinit_degrades_earlier.digits.reinit.low|.2%}}, "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.reinit.high|.2%}}], the ticket at `P*_ticket` = "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.ticket.density|.2%}} "
        "[{{verdicts:frankle2019.reinit_degrades_earlier.digits.ticket.low|.2%}}, "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.ticket.high|.2%}}] (n/a or an end at zero: beyond "
        "the sparsest level, {{verdicts:frankle2019.reinit_degrades_earlier.digits.sparsest_measured|.2%}}): "
        "`k*_ticket − k*_reinit` = {{verdicts:frankle2019.reinit_degrades_earlier.digits.difference|.0f}} rounds "
        "[{{verdicts:frankle2019.reinit_degrades_earlier.digits.difference_low|.0f}}, "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.difference_high|.0f}}]. For comparison only, "
        "`LeNet-300-100` on MNIST: the reinitialisation loses accuracy from "
        "{{verdicts:frankle2019.reinit_degrades_earlier.digits.paper.reinit_degrades_from|.0%}}, the ticket only "
        "from {{verdicts:frankle2019.reinit_degrades_earlier.digits.paper.ticket_degrades_from|.1%}}.",
    "frankle2019.faster.mnist5k":
        f"On {MNIST5K} with `LeNet-300-100`, per trial the mean over the "
        f"{_m5('faster', 'levels')} pruned levels with `P_m ≥ 21 %` (down to {_m5('faster', 'density_low', '.1%')}) "
        "of `log(ES_ticket / ES_c)`, against the reinitialisation (`c` = reinit) and the dense network of the same "
        f"trial (`c` = dense), then Student's `t` over the {_m5('faster', 'trials')} trials. Geometric-mean ratios: "
        f"`ES_ticket / ES_reinit` = {_m5('faster', 'reinit.ratio', '.3g')} "
        f"[{_m5('faster', 'reinit.ratio_low', '.3g')}, "
        f"{_m5('faster', 'reinit.ratio_high', '.3g')}] ({_m5('faster', 'reinit.censored')} of "
        f"{_m5('faster', 'reinit.pairs')} pairs censored at the last evaluation) and `ES_ticket / ES_dense` = "
        f"{_m5('faster', 'dense.ratio', '.3g')} [{_m5('faster', 'dense.ratio_low', '.3g')}, "
        f"{_m5('faster', 'dense.ratio_high', '.3g')}] ({_m5('faster', 'dense.censored')} of "
        f"{_m5('faster', 'dense.pairs')} censored). The dense network's latest early stop over the trials is at "
        f"iteration {_m5('faster', 'dense_early_stop_max')}, the last evaluation at {_m5('faster', 'last_evaluation')} "
        "(the length was chosen from a pilot of the dense network alone, on exploratory seeds, before any ticket "
        "was trained). For comparison only, on full MNIST (`55,000` training images, another setting) the paper "
        f"reports tickets reaching their minimum {_m5('faster', 'paper.speedup_over_reinit_at_21')} times faster than "
        f"their reinitialisation at `21 %` and {_m5('faster', 'paper.earlier_than_dense', '.0%')} earlier than the "
        "original network.",
    "frankle2019.as_accurate.mnist5k":
        f"On {MNIST5K}, at each of the {_m5('as_accurate', 'levels')} pruned levels with "
        "`P_m ≥ 21 %`, the ticket's test accuracy minus the dense network's, paired by trial and test image "
        f"({_m5('as_accurate', 'trials')} trials × {_m5('as_accurate', 'examples')} test images, both sampled), "
        f"against a margin of {_m5('as_accurate', 'margin', '.0%')} (ten test images); the dense network reaches "
        f"{_m5('as_accurate', 'dense_metric', '.1%')}. The least favourable level, `P_m` = "
        f"{_m5('as_accurate', 'worst.density', '.1%')}, has a difference of "
        f"{_m5('as_accurate', 'worst.delta', '+.4f')} "
        f"[{_m5('as_accurate', 'worst.low', '+.4f')}, {_m5('as_accurate', 'worst.high', '+.4f')}]. Estimated from "
        "the data, not judged: the ticket first falls more than the margin below the dense network at `P*_ticket` = "
        f"{_m5('as_accurate', 'crossover.density', '.2%')} (crossed-bootstrap interval "
        f"[{_m5('as_accurate', 'crossover.low', '.2%')}, {_m5('as_accurate', 'crossover.high', '.2%')}]; n/a or an "
        f"end at zero: beyond the sparsest level, {_m5('as_accurate', 'sparsest_measured', '.2%')}). For comparison "
        "only: on full MNIST (another setting) the paper's `LeNet-300-100` tickets stay at least as accurate down to "
        f"{_m5('as_accurate', 'paper.ticket_as_accurate_down_to', '.1%')}.",
    "frankle2019.reinit_degrades_earlier.mnist5k":
        f"On {MNIST5K}, for the ticket and for its reinitialisation, the first level "
        "(going sparser) at which the mean test accuracy falls more than "
        f"{_m5('reinit_degrades_earlier', 'margin', '.0%')} below the dense network's, and the difference of the two "
        f"in pruning rounds, by the crossed bootstrap over the {_m5('reinit_degrades_earlier', 'trials')} trials and "
        "the test images. The reinitialisation falls behind at `P*_reinit` = "
        f"{_m5('reinit_degrades_earlier', 'reinit.density', '.2%')} "
        f"[{_m5('reinit_degrades_earlier', 'reinit.low', '.2%')}, "
        f"{_m5('reinit_degrades_earlier', 'reinit.high', '.2%')}], the ticket at `P*_ticket` = "
        f"{_m5('reinit_degrades_earlier', 'ticket.density', '.2%')} "
        f"[{_m5('reinit_degrades_earlier', 'ticket.low', '.2%')}, "
        f"{_m5('reinit_degrades_earlier', 'ticket.high', '.2%')}] (n/a or an end at zero: beyond the sparsest level, "
        f"{_m5('reinit_degrades_earlier', 'sparsest_measured', '.2%')}): `k*_ticket − k*_reinit` = "
        f"{_m5('reinit_degrades_earlier', 'difference', '.0f')} rounds "
        f"[{_m5('reinit_degrades_earlier', 'difference_low', '.0f')}, "
        f"{_m5('reinit_degrades_earlier', 'difference_high', '.0f')}]. For comparison only, on full MNIST (another "
        "setting) the paper's reinitialisation loses accuracy from "
        f"{_m5('reinit_degrades_earlier', 'paper.reinit_degrades_from', '.0%')}, its tickets only from "
        f"{_m5('reinit_degrades_earlier', 'paper.ticket_degrades_from', '.1%')}.",
    "frankle2019.oneshot_faster.digits":
        "On the one-shot run (every mask cut from the trained dense network, survivors reset to `θ₀`), per trial the "
        "mean over the {{verdicts:frankle2019.oneshot_faster.digits.levels}} levels with `17.6 % ≤ P_m ≤ 67.5 %` of "
        "`log(ES_ticket / ES_dense)`, Student's `t` over the {{verdicts:frankle2019.oneshot_faster.digits.trials}} "
        "trials: geometric-mean ratio {{verdicts:frankle2019.oneshot_faster.digits.dense.ratio|.3g}} "
        "[{{verdicts:frankle2019.oneshot_faster.digits.dense.ratio_low|.3g}}, "
        "{{verdicts:frankle2019.oneshot_faster.digits.dense.ratio_high|.3g}}] "
        "({{verdicts:frankle2019.oneshot_faster.digits.dense.censored}} of "
        "{{verdicts:frankle2019.oneshot_faster.digits.dense.pairs}} pairs censored).",
    "frankle2019.oneshot_more_accurate.digits":
        "On the one-shot run, at each of the {{verdicts:frankle2019.oneshot_more_accurate.digits.levels}} levels "
        "with `5.17 % ≤ P_m ≤ 95 %`, the ticket's test accuracy minus the dense network's, paired by trial and test "
        "example and crossed over both, claimed strictly positive at every level: established at "
        "{{verdicts:frankle2019.oneshot_more_accurate.digits.held}} of them on its own. The least favourable level, "
        "`P_m` = {{verdicts:frankle2019.oneshot_more_accurate.digits.worst.density|.1%}}: "
        "{{verdicts:frankle2019.oneshot_more_accurate.digits.worst.delta|+.4f}} "
        "[{{verdicts:frankle2019.oneshot_more_accurate.digits.worst.low|+.4f}}, "
        "{{verdicts:frankle2019.oneshot_more_accurate.digits.worst.high|+.4f}}].",
    "frankle2019.reset_beats_continue.digits":
        "Two iterative runs with the same seed (the same `θ₀` and minibatch order: paired trials), one resetting the "
        "survivors to `θ₀`, one keeping their trained values. Per trial and test example, the mean over the "
        "{{verdicts:frankle2019.reset_beats_continue.digits.levels}} pruned levels of `acc_reset − acc_continue`, "
        "crossed over the {{verdicts:frankle2019.reset_beats_continue.digits.trials}} trials and the test examples: "
        "{{verdicts:frankle2019.reset_beats_continue.digits.delta|+.4f}} "
        "[{{verdicts:frankle2019.reset_beats_continue.digits.low|+.4f}}, "
        "{{verdicts:frankle2019.reset_beats_continue.digits.high|+.4f}}].",
    "frankle2019.pattern_transfers.plantnseek":
        "The paper makes no claim about these tasks; the comparisons are its qualitative pattern (measured on: "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.tasks}}; registered but not run: "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.missing}}). On Circle (accuracy) the least favourable "
        "level at `P_m ≥ 21 %` is {{verdicts:frankle2019.pattern_transfers.plantnseek.circle.worst.density|.1%}} with "
        "`acc_ticket − acc_dense` = {{verdicts:frankle2019.pattern_transfers.plantnseek.circle.worst.delta|+.4f}} "
        "[{{verdicts:frankle2019.pattern_transfers.plantnseek.circle.worst.low|+.4f}}, "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.circle.worst.high|+.4f}}], and the reinitialisation "
        "falls behind {{verdicts:frankle2019.pattern_transfers.plantnseek.circle.difference|.0f}} rounds "
        "[{{verdicts:frankle2019.pattern_transfers.plantnseek.circle.difference_low|.0f}}, "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.circle.difference_high|.0f}}] before the ticket "
        "(`P*_reinit` = {{verdicts:frankle2019.pattern_transfers.plantnseek.circle.reinit.density|.2%}}, `P*_ticket` "
        "= {{verdicts:frankle2019.pattern_transfers.plantnseek.circle.ticket.density|.2%}}). On ReLU and Helix the "
        "gap is the log ratio of squared errors, with a margin of `log 1.1`: least favourable "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.relu.worst.delta|+.3f}} "
        "[{{verdicts:frankle2019.pattern_transfers.plantnseek.relu.worst.low|+.3f}}, "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.relu.worst.high|+.3f}}] on ReLU and "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.helix.worst.delta|+.3f}} "
        "[{{verdicts:frankle2019.pattern_transfers.plantnseek.helix.worst.low|+.3f}}, "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.helix.worst.high|+.3f}}] on Helix; the reinitialisation "
        "falls behind {{verdicts:frankle2019.pattern_transfers.plantnseek.relu.difference|.0f}} and "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.helix.difference|.0f}} rounds before the ticket. Per "
        "task on its own: Circle {{verdicts:frankle2019.pattern_transfers.plantnseek.circle.outcome}}, ReLU "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.relu.outcome}}, Helix "
        "{{verdicts:frankle2019.pattern_transfers.plantnseek.helix.outcome}}.",
}
