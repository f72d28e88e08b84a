"""What was measured for Pensia et al.'s experiments (result table ``pensia_exp2``, figure ``pensia_exp2``).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder or sits in a formula span
(:mod:`paper.builder`).
"""

MEASURED = {
    "pensia2020.exp2":
        "Digits instead of MNIST, `FC2 = 64-100-10`, {{verdicts:pensia2020.exp2.seeds}} training seeds sharing one "
        "test set; every structure's epoch count selected per seed, on the test set (the paper's) and on the "
        "validation set; each difference is a mean over seeds and test examples with both sources of variance. Wide "
        "minus ours-linear at sparsity {{verdicts:pensia2020.exp2.top_sparsity}}: "
        "{{verdicts:pensia2020.exp2.gap_at_top.test.mean|.3f}} "
        "[{{verdicts:pensia2020.exp2.gap_at_top.test.low|.3f}}, {{verdicts:pensia2020.exp2.gap_at_top.test.high|.3f}}] "
        "selecting on test, {{verdicts:pensia2020.exp2.gap_at_top.validation.mean|.3f}} "
        "[{{verdicts:pensia2020.exp2.gap_at_top.validation.low|.3f}}, "
        "{{verdicts:pensia2020.exp2.gap_at_top.validation.high|.3f}}] on validation. Ours-linear minus ours-relu at "
        "sparsity {{verdicts:pensia2020.exp2.sparse_point}}: "
        "{{verdicts:pensia2020.exp2.linear_gap_sparse.test.mean|.3f}} "
        "[{{verdicts:pensia2020.exp2.linear_gap_sparse.test.low|.3f}}, "
        "{{verdicts:pensia2020.exp2.linear_gap_sparse.test.high|.3f}}]; ours-relu minus ours-linear near dense "
        "(sparsity {{verdicts:pensia2020.exp2.dense_point}}): "
        "{{verdicts:pensia2020.exp2.relu_gap_near_dense.test.mean|.3f}} "
        "[{{verdicts:pensia2020.exp2.relu_gap_near_dense.test.low|.3f}}, "
        "{{verdicts:pensia2020.exp2.relu_gap_near_dense.test.high|.3f}}] on test, "
        "{{verdicts:pensia2020.exp2.relu_gap_near_dense.validation.mean|.3f}} "
        "[{{verdicts:pensia2020.exp2.relu_gap_near_dense.validation.low|.3f}}, "
        "{{verdicts:pensia2020.exp2.relu_gap_near_dense.validation.high|.3f}}] on validation; every comparison is in "
        "the table. Selecting the epoch count on the test set gains "
        "{{verdicts:pensia2020.exp2.mean_selection_gain|.3f}} test accuracy on average and up to "
        "{{verdicts:pensia2020.exp2.max_selection_gain|.3f}}.",
}
