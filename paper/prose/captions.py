"""Captions of the report's figures, by figure name (templates)."""

CAPTIONS = {
    "rss_required_samples":
        "the required count `n_δ(ε)` for every law as simultaneous `95 %` brackets against `log2(1/ε)`, with the "
        "counting floor and Pensia et al.'s rule of thumb.",
    "lth_digits":
        "lottery tickets on the `8×8` digits (`64-300-100-10`): the early-stopping iteration (minimum validation "
        "loss) and the test accuracy there against `P_m`, for the winning ticket (iterative magnitude pruning, reset "
        "to `θ₀`), its random reinitialisation and a random mask of the same per-layer size; means over "
        "{{lth_digits:trials}} trials with min–max bands. The dotted lines mark the paper's densities for "
        "`LeNet-300-100` on MNIST (`21 %`, `3.6 %`), another network and dataset: reference marks, not thresholds.",
    "lth_plantnseek":
        "the same procedure on the Plant 'n' Seek tasks (width `100`, four weight layers): early-stopping iteration "
        "and test accuracy (Circle) or test MSE (ReLU, Helix) at it, against `P_m`, for the ticket and both controls; "
        "the paper's densities marked for reference only.",
    "lth_variants":
        "the paper's variants on the `8×8` digits: iterative pruning with reset to `θ₀`, one-shot pruning (every mask "
        "cut from the trained dense network) and iterative pruning that keeps the trained values; early-stopping "
        "iteration and test accuracy of each run's ticket against `P_m`, the dense network as a reference line, the "
        "paper's one-shot range (`67.5 %`, `17.6 %`, `5.17 %`) marked.",
}
