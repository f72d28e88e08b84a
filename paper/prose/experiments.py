"""What was measured for Pensia et al.'s Experiments 1 and 2 (figures ``experiment1``, ``pensia_exp2``).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder (:mod:`paper.builder`).
"""

MEASURED = {
    "pensia2020.experiment1_within_eps":
        "The same procedure on the offline stand-in (a digits network with one hidden layer of "
        "{{experiment1:hidden}} units and no biases, {{experiment1:seeds}} seed(s)), every weight solved at "
        "its exact optimum: "
        "{{experiment1:per-row.within_eps}} of {{experiment1:per-row.weights}} weights within `ε` under "
        "the paper's per-row law (largest error {{experiment1:per-row.max_error|.2g}}), "
        "{{experiment1:independent.within_eps}} of {{experiment1:independent.weights}} with independent "
        "coefficients. Kept parameters: {{experiment1:per-row.ratio_kept|.2f}} times the target.",
    "pensia2020.experiment1_accuracy":
        "Here the approximated network itself is evaluated: test accuracy "
        "{{experiment1:per-row.approximated_accuracy|.4f}} against {{experiment1:per-row.target_accuracy|.4f}} "
        "for the target (per-row law; independent coefficients: "
        "{{experiment1:independent.approximated_accuracy|.4f}}; products of uniforms: "
        "{{experiment1:product.approximated_accuracy|.4f}}). The test set is too small to certify a "
        "difference of a point, so the claim is judged on what it means, that the approximated network "
        "computes the target's classifier: the two predict the same class in "
        "{{experiment1:per-row.agreement}} of {{experiment1:images}} predictions (every digit image, "
        "training images included since no label is needed, once per seed). Each seed's agreement rate is "
        "judged on its own by its exact one-sided lower bound against `0.99`.",
    "pensia2020.exp2":
        "Digits instead of MNIST, `FC2 = 64-100-10`, one seed (point values, no interval). Wide minus "
        "ours-linear accuracy at the highest sparsity "
        "({{verdicts:pensia2020.exp2.top_sparsity}}): "
        "{{verdicts:pensia2020.exp2.gap_at_top.test_selected_accuracy|.3f}} with the paper's selection, "
        "{{verdicts:pensia2020.exp2.gap_at_top.validation_selected_accuracy|.3f}} selecting on validation; "
        "selecting on the test set gains up to {{verdicts:pensia2020.exp2.max_selection_gain|.3f}} "
        "accuracy. The smallest ours-linear minus ours-relu difference lies at sparsity "
        "{{verdicts:pensia2020.exp2.relu_worse_at.test_selected_accuracy}} (paper's selection). One "
        "training seed gives point values: the verdicts below cannot tell a difference from seed noise.",
}
