"""What was measured for Plant 'n' Seek's claims (figures ``pns_singleshot``, ``pns_multishot``).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder (:mod:`paper.builder`).
"""

PLANTING = ("The campaigns plant with the paper's `L2` rule (this project's default). The public code's "
            "`L1`-with-signs rule, behind the paper's numbers, hides the planted weights among smaller ones (see "
            "the hiding claim), so magnitude-based pruners face an easier ticket here than in the paper.")
REACHES = ("A run *reaches the planted ticket* when its test metric is within `0.05` accuracy (Circle) or a factor "
           "`2` in MSE (ReLU, Helix) of the planted ticket's in the same repetition [derived operationalisation]; "
           "fractions of runs carry exact two-sided Clopper–Pearson intervals at `95 %`; \"never\" is tested as "
           "`≤ 5 %` of runs, \"finds\" as `≥ 10 %`. " + PLANTING)

MEASURED = {
    "pns.planted_exact":
        "Every planted network of the singleshot campaign, with the paper's `L2` matching and the code's "
        "`L1` rule ({{verdicts:pns.planted_exact.plantings}} plantings), is evaluated on a grid of inputs: "
        "the largest relative deviation of `ticket/scale` from the target is "
        "{{verdicts:pns.planted_exact.max_error|.1e}}, against the bound `1e-9`.",
    "pns.raw_logits_defect":
        "The planted Circle ticket, pooled over {{verdicts:pns.raw_logits_defect.test_points}} test "
        "points: accuracy {{verdicts:pns.raw_logits_defect.raw_accuracy|.3f}} on raw logits and "
        "{{verdicts:pns.raw_logits_defect.scaled_accuracy|.3f}} after dividing by the planted scales. "
        "This project therefore judges every pruned network under both conventions.",
    "pns.planted_hiding":
        "Median percentile of the planted `|w|` among the random `|w|` of their layers: "
        "{{verdicts:pns.planted_hiding.l1-sign.percentile|.1f}} with the code's `L1`-with-signs rule "
        "(judged: the statement was measured with it) and "
        "{{verdicts:pns.planted_hiding.l2.percentile|.1f}} with the paper's `L2` rule (reported only), "
        "whose scaling `θ/λ` makes a planted vector at least as long as the random one it replaces. Per "
        "task with the code's rule: Circle {{verdicts:pns.planted_hiding.l1-sign.circle.percentile|.1f}}, "
        "Helix {{verdicts:pns.planted_hiding.l1-sign.helix.percentile|.1f}}, ReLU "
        "{{verdicts:pns.planted_hiding.l1-sign.relu.percentile|.1f}}. Only the qualitative part of the "
        "statement (below the median) is judged; the quoted percentile range is not.",
    "pns.singleshot_weak_density":
        "Weak-ticket pruners (random, magnitude, SNIP, GraSP, SynFlow), trained after pruning. " + REACHES +
        " Fraction reaching the planted ticket at `ρ ≤ 0.01`: ReLU "
        "{{verdicts:pns.singleshot_weak_density.relu.sparse_success|.2f}}, Circle "
        "{{verdicts:pns.singleshot_weak_density.circle.sparse_success|.2f}}, Helix "
        "{{verdicts:pns.singleshot_weak_density.helix.sparse_success|.2f}}; at `0.1 ≤ ρ ≤ 0.5`: ReLU "
        "{{verdicts:pns.singleshot_weak_density.relu.dense_success|.2f}}, Circle "
        "{{verdicts:pns.singleshot_weak_density.circle.dense_success|.2f}}, Helix "
        "{{verdicts:pns.singleshot_weak_density.helix.dense_success|.2f}}.",
    "pns.no_strong_tickets":
        "The same pruners before training, each network judged on raw outputs and on outputs divided by "
        "the planted scales (the better counts). " + REACHES + " Fractions of strong tickets: ReLU "
        "{{verdicts:pns.no_strong_tickets.relu.strong_success|.2f}}, Circle "
        "{{verdicts:pns.no_strong_tickets.circle.strong_success|.2f}}, Helix "
        "{{verdicts:pns.no_strong_tickets.helix.strong_success|.2f}}.",
    "pns.edge_popup_regression":
        "Edge-popup without the final softmax (loss on the raw outputs). " + REACHES + " Fraction of "
        "edge-popup runs reaching the planted ticket: ReLU {{verdicts:pns.edge_popup_regression.relu.success"
        "|.2f}} (best MSE {{verdicts:pns.edge_popup_regression.relu.best_mse|.2e}}, planted ticket "
        "{{verdicts:pns.edge_popup_regression.relu.planted_mse|.2e}}), Helix "
        "{{verdicts:pns.edge_popup_regression.helix.success|.2f}} (best MSE "
        "{{verdicts:pns.edge_popup_regression.helix.best_mse|.2e}}).",
    "pns.edge_popup_circle":
        REACHES + " Mean accuracy of edge-popup masks on Circle at `ρ = 0.5`: "
        "{{verdicts:pns.edge_popup_circle.half.accuracy|.3f}}; best at `ρ ≤ 0.1`: "
        "{{verdicts:pns.edge_popup_circle.sparse.accuracy|.3f}}.",
    "pns.multishot_synflow":
        "Multishot SynFlow on Circle at the planted ticket's density, trained afterwards. " + REACHES +
        " Mean accuracy {{verdicts:pns.multishot_synflow.accuracy|.3f}}; multishot GraSP runs at "
        "`ρ ≤ 0.01` with layer collapse (pooled over the tasks): "
        "{{verdicts:pns.multishot_synflow.grasp_collapse|.2f}}. Only the first part of the statement is "
        "judged; \"SynFlow best\" and \"GraSP collapses early\" are reported, not judged.",
}
