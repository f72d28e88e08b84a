"""Captions of the report's figures, by figure name (templates)."""

CAPTIONS = {
    "rss_required_samples":
        "the required count `n_δ(ε)` for every law as simultaneous `95 %` brackets against `log2(1/ε)`, with the "
        "counting floor and Pensia et al.'s rule of thumb.",
    "pns_singleshot":
        "singleshot pruning against the planted ticket: test accuracy (Circle) or MSE (ReLU, Helix) against the kept "
        "fraction of weights, after pruning (top: strong tickets) and after training (bottom: weak tickets), one line "
        "per pruner (mean over plantings, band min to max), the planted ticket dashed and its density dotted.",
    "pns_multishot":
        "multishot pruning (ten rounds of training, pruning to `ρ^(r/10)` and resetting, masks nested) against the "
        "planted ticket, laid out as the singleshot figure.",
    "pensia_exp2":
        "edge-popup on the two variants of 'our structure' and on a parameter-matched wide network against the "
        "parameters kept, on digits: left the paper's selection of the epoch count on the test set, right the "
        "selection on the validation set; means over training seeds with their min-to-max band, and the trained "
        "`FC2` as a dashed line.",
}
