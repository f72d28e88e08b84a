"""What was measured for Pensia et al.'s Theorem 1 (figure ``tickets_width``).

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder (:mod:`paper.builder`).
"""

MEASURED = {
    "pensia2020.width":
        "The construction is built on random draws of the network for a random target of one square "
        "layer, on a grid of `C`; success means a certified sup error at most `ε` = "
        "{{tickets_width:eps}}, {{tickets_width:trials}} draws per width. `C` = "
        "{{verdicts:pensia2020.width.constant|.3g}} is implied at the smallest target width (the catalog's "
        "`solve_for` on the smallest width certified to reach `1 − δ`, `δ` = {{tickets_width:delta}}); "
        "the {{verdicts:pensia2020.width.test_points}} larger target widths are judged against the "
        "bound with that empirical constant. Success for a random target is necessary for the theorem's "
        "conclusion (every target at once), not sufficient.",
}
