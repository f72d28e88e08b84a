"""Captions of the report's figures, by figure name (templates)."""

CAPTIONS = {
    "rss_required_samples":
        "the required count `n_δ(ε)` for every law as simultaneous `95 %` brackets against `log2(1/ε)`, with the "
        "counting floor and Pensia et al.'s rule of thumb.",
}
