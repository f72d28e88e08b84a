"""Figures: one script per figure, computation cached apart from drawing.

Every figure module defines

* ``NAME`` and ``TITLE``; ``PROFILES``: parameters for ``mini`` (the test suite), ``quick`` (``make reproduce``) and
  ``full`` (paper-grade);
* ``compute(params, store) -> dict``: the numbers (JSON-able), using ``store`` (a directory) for resumable work;
* ``draw(data, params) -> matplotlib.figure.Figure``;
* ``facts(data, params) -> dict``: named numbers the paper may quote, each ``{"value", "description"}``.

:func:`figures.runner.build` runs them: results go to ``OUT/<profile>/data/<NAME>.json`` (recomputed only when the
parameters or the figure's ``VERSION`` change), drawings to ``OUT/<profile>/<NAME>.png`` and ``.pdf``, byte for byte
the same on every rebuild.
"""

# The registry, in the order the figures appear in the paper.
FIGURES = [
    "figures.fig01_rss_phase_transition",
    "figures.fig02_rss_required_samples",
    "figures.fig03_rss_worst_error_decay",
    "figures.fig04_bounds_landscape",
    "figures.fig05_tickets",
    "figures.fig06_experiment1",
    "figures.fig41_rss_fixed_size",
    "figures.fig42_rss_multidim",
    "figures.fig43_rss_integers",
    "figures.fig44_rss_sparse",
    "figures.fig21_pns_singleshot",
    "figures.fig22_pns_multishot",
    "figures.fig23_pns_recall",
    "figures.fig24_pensia_exp2",
    "figures.fig25_pns_existence",
    "figures.fig31_lth_digits",
    "figures.fig32_lth_plantnseek",
    "figures.fig33_lth_variants",
    "figures.fig34_lth_mnist5k",
]
