"""Captions of the report's figures, by figure name (templates)."""

CAPTIONS = {
    "rss_required_samples":
        "the required count `n_δ(ε)` for every law as simultaneous `95 %` brackets against `log2(1/ε)`, with the "
        "counting floor and Pensia et al.'s rule of thumb.",
    "rss_fixed_size":
        "sums of exactly `k` samples of `U[−1, 1]` covering `[−√k, √k]`: left, the median first covering prefix, the "
        "count at which all targets are covered with frequency `1 − ε` and the count at which every target of the grid "
        "is hit with frequency `½`, against `log2(k/ε)`, with the counting floor and Theorem `2`'s threshold at "
        "`c_hyp = 1`; right, `n·H2(k/n)` against `log2(k/ε)` on log–log axes, with slopes `1` and `2`.",
    "rss_multidim":
        "vectors with `U[−1, 1]` coordinates covering `[−1, 1]^d` in the max norm, `d = 1, 2, 3`: left, the median "
        "first covering prefix and the required count (`δ = 0.25`, bracket bars) against the counting floor "
        "`d·log2(1/ε)`; right, the implied constant of Becchetti et al.'s order against the order itself.",
    "rss_integers":
        "left, the probability of a perfect partition of `n` integers uniform on `1..2^(κn)` against `κ`, with exact "
        "`95 %` bands and the first-moment prediction dashed; right, the fraction of the targets of the `1/q` grid "
        "that a source on the same grid represents exactly, against the number of samples, with the counting floors.",
    "rss_sparse":
        "each sample kept with probability `p` (nested masks): the required count relative to the dense source against "
        "the catalogued width factor `1/ln(1/(1 − p))` (left) and against `1/p` (right), per accuracy, log–log axes.",
    "tickets_width":
        "left, the probability that every target of a draw is certified within `ε` by some width up to `m` units per "
        "input coordinate, on nested random networks, with exact `95 %` bands; right, the required units against the "
        "logarithm in the theorem's width on log–log axes, with the fitted exponent per depth and the slopes of "
        "the theorem's width (`β = 1`) and of a width linear in `d` (`β = 0`).",
    "experiment1":
        "left, the per-weight errors of the exact subset-sum approximation of every weight of a trained network for "
        "the three coefficient laws, with the misses observed and expected; right, the approximated network's test "
        "accuracy minus the target's, per seed and law.",
    "pns_singleshot":
        "singleshot pruning against the planted ticket: test accuracy (Circle) or MSE (ReLU, Helix) against the kept "
        "fraction of weights, after pruning (top: strong tickets) and after training (bottom: weak tickets), one line "
        "per pruner for the reference campaign planted with the public code's `L1`-with-signs rule (mean over "
        "plantings and their repetitions, band min to max), thin dashed lines for the paper's `L2` rule beside it, the "
        "planted ticket dashed and its density dotted, the planted ticket trained (star) and the dense mother network "
        "trained with the same protocol (square, density `1`). The trained star can lie far below the planted ticket: "
        "training starts from its raw outputs, scaled down by the planting, and Adam's steps are large against the "
        "weights of its tiny-scale neurons, so it must relearn the task (the dense row, not the star, tells whether "
        "the protocol can reach the ticket).",
    "pns_multishot":
        "multishot pruning (ten rounds of training, pruning to `ρ^(r/10)` and resetting, masks nested) against the "
        "planted ticket, laid out as the singleshot figure.",
    "pensia_exp2":
        "edge-popup on the two variants of 'our structure' and on a parameter-matched wide network against the "
        "parameters kept, on the `8×8` digits, for the `FC2` (top) and `FC4` (bottom) targets: left the paper's "
        "selection of the epoch count on the test set, right the selection on the validation set; means over training "
        "seeds with their min-to-max band, and the trained target as a dashed line; only the structures the "
        "registered comparisons need, at the sparsities they name.",
    "pns_existence":
        "Theorem `2` measured: the frequency with which a random network of the target's depth contains an "
        "`ε`-approximation of a sparse target (decided exactly per draw), with exact `95 %` bands, against the "
        "network's width on a log axis; dashed, the theorem's lower bound for the same shape.",
    "lth_digits":
        "lottery tickets on the `8×8` digits (`64-300-100-10`): the early-stopping iteration (minimum validation "
        "loss) and the test accuracy there against `P_m`, for the winning ticket (iterative magnitude pruning, reset "
        "to `θ₀`), its random reinitialisation and a random mask of the same per-layer size; means over "
        "{{lth_digits:trials}} trials with min–max bands. The dotted lines mark the paper's densities for "
        "`LeNet-300-100` on MNIST (`21 %`, `3.6 %`), another network and dataset: reference marks, not thresholds.",
    "lth_mnist5k":
        "lottery tickets on `MNIST-5k` (`5,000` of the `70,000` MNIST images; `LeNet-300-100`, `784-300-100-10`, "
        "trained on `3,500` of them): the early-stopping iteration (minimum validation loss) and the test accuracy "
        "there against `P_m`, for the winning ticket, its random reinitialisation and a random mask of the same "
        "per-layer size; means over {{lth_mnist5k:trials}} trials with min–max bands, {{lth_mnist5k:iterations}} "
        "iterations per level. The dashed line is the last evaluation (an early stop there is censored); the dotted "
        "lines mark the paper's densities for `LeNet-300-100` on full MNIST (`21 %`, `3.6 %`), another setting: "
        "reference marks, not thresholds.",
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
