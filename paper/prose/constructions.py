"""What was measured for the constructions beyond Pensia et al.'s (result table ``constructions``, figure
``constructions``): Burkholz's depth `l + 1`, Orseau et al.'s hyperbolic weights, da Cunha et al.'s random CNNs.

Templates: prose whose every number comes through a ``{{source:key}}`` placeholder (:mod:`paper.builder`).
"""

INTRO = (
    "Three constructions came after Pensia et al.'s, each with its own asymptotics and no constant: Burkholz "
    "prunes a random network of depth `l + 1` instead of `2l` (for ReLU and, among others, leaky ReLU), Orseau et al. "
    "draw the random weights from a hyperbolic law, and da Cunha et al. carry the construction over to "
    "convolutional networks. None of the papers compares them on the same targets. Here each is built the way its "
    "proof builds it (every weight, or kernel coefficient, an exact subset sum; the structures follow the public "
    "LT-existence code where the papers could not be read), certified with a bound on the sup error over the input "
    "domain that is never below the error actually attained, and measured on nested random networks: in every "
    "draw the same targets (a random and a rank-one matrix of spectral norm `1`; random and one-hot kernels for "
    "the CNNs) must be certified within `ε` = {{constructions:eps}}, and the required width is the width that "
    "succeeds with probability at least `1 − δ`, `δ` = {{constructions:delta}}. The widths of the papers are "
    "restated, recalled or known from the abstracts only; what the measurements can decide is whether the required "
    "widths grow with the target no faster than those widths do."
)

MEASURED = {
    "burkholz2022.depth_l_plus_1":
        "Depth `2` targets (`d × d × d`), random networks of depth `3`: {{constructions:burkholz.trials}} draws per "
        "width with ReLU and {{constructions:burkholz-leaky.trials}} with leaky ReLU. The required copies per target "
        "neuron are {{constructions:burkholz.2x2x2.required_units}}, {{constructions:burkholz.4x4x4.required_units}} "
        "and {{constructions:burkholz.8x8x8.required_units}} for `d = 2, 4, 8` (leaky ReLU: "
        "{{constructions:burkholz-leaky.2x2x2.required_units}}, {{constructions:burkholz-leaky.4x4x4.required_units}}, "
        "{{constructions:burkholz-leaky.8x8x8.required_units}}); they grow like `log(d² l / min(ε, δ))^β` with `β` = "
        "{{verdicts:burkholz2022.depth_l_plus_1.burkholz.l2.beta|.2f}} "
        "[{{verdicts:burkholz2022.depth_l_plus_1.burkholz.l2.beta_low|.2f}}, "
        "{{verdicts:burkholz2022.depth_l_plus_1.burkholz.l2.beta_high|.2f}}] (ReLU) and "
        "{{verdicts:burkholz2022.depth_l_plus_1.burkholz-leaky.l2.beta|.2f}} "
        "[{{verdicts:burkholz2022.depth_l_plus_1.burkholz-leaky.l2.beta_low|.2f}}, "
        "{{verdicts:burkholz2022.depth_l_plus_1.burkholz-leaky.l2.beta_high|.2f}}] (leaky ReLU), against the "
        "restated `β = 2`. On the same targets at `d = 8` the depth-`3` network has "
        "{{constructions:burkholz.8x8x8.ratio_random|.0f}} times the target's parameters against "
        "{{constructions:pensia.8x8x8.ratio_random|.0f}} for Pensia et al.'s depth-`4` network: one layer less, "
        "paid for by every target weight being carried by copies times copies random weights, and by a first "
        "layer that must be accurate for every copy. At depth `3` (`d = 2, 4`, "
        "{{constructions:burkholz-deep.trials}} draws) the copies are "
        "{{constructions:burkholz-deep.2x2x2x2.required_units}} and "
        "{{constructions:burkholz-deep.4x4x4x4.required_units}}. The certificate adds the copies' errors with the "
        "magnitudes of the weights that read them, which a pair of layers per target layer does not have to; the "
        "required copies are those this certificate needs.",
    "orseau2020.neurons_per_weight":
        "Pensia et al.'s pair structure with hyperbolic weights on `[√ε, 1]` ({{constructions:orseau.trials}} draws "
        "per width): the required units per input coordinate are {{constructions:orseau.2x2.required_units}}, "
        "{{constructions:orseau.4x4.required_units}}, {{constructions:orseau.8x8.required_units}} and "
        "{{constructions:orseau.16x16.required_units}} at depth `1` (`d = 2 … 16`; uniform weights: "
        "{{constructions:pensia.2x2.required_units}}, {{constructions:pensia.4x4.required_units}}, "
        "{{constructions:pensia.8x8.required_units}}, {{constructions:pensia.16x16.required_units}}), growing like "
        "`log(d / min(ε, δ))^β` with `β` = {{verdicts:orseau2020.neurons_per_weight.orseau.l1.beta|.2f}} "
        "[{{verdicts:orseau2020.neurons_per_weight.orseau.l1.beta_low|.2f}}, "
        "{{verdicts:orseau2020.neurons_per_weight.orseau.l1.beta_high|.2f}}] at depth `1` and "
        "{{verdicts:orseau2020.neurons_per_weight.orseau.l2.beta|.2f}} "
        "[{{verdicts:orseau2020.neurons_per_weight.orseau.l2.beta_low|.2f}}, "
        "{{verdicts:orseau2020.neurons_per_weight.orseau.l2.beta_high|.2f}}] at depth `2`, against the bound's "
        "`β = 1`. The hyperbolic law's lower end is this project's choice (products reach `ε`, the finest digit of a "
        "binary decomposition); the exact subset sum over the same products is never worse than a binary "
        "decomposition of them.",
    "dacunha2022.cnn_channels":
        "Random CNNs for `c → c` targets with `3×3` kernels ({{constructions:conv.trials}} draws per channel count; a "
        "random and a one-hot kernel per draw; error the largest output error over images with pixels in "
        "`[−1, 1]`): the required random channels per input channel are {{constructions:conv.1x1.required_units}}, "
        "{{constructions:conv.2x2.required_units}}, {{constructions:conv.4x4.required_units}} and "
        "{{constructions:conv.8x8.required_units}} for `c = 1, 2, 4, 8`, growing like `log(k² c² l / min(ε, δ))^β` "
        "with `β` = {{verdicts:dacunha2022.cnn_channels.conv.l1.beta|.2f}} "
        "[{{verdicts:dacunha2022.cnn_channels.conv.l1.beta_low|.2f}}, "
        "{{verdicts:dacunha2022.cnn_channels.conv.l1.beta_high|.2f}}], against the bound's `β = 1`; at depth `2` "
        "({{constructions:conv-deep.trials}} draws) {{constructions:conv-deep.1x1x1.required_units}}, "
        "{{constructions:conv-deep.2x2x2.required_units}} and {{constructions:conv-deep.4x4x4.required_units}}. "
        "The empirical constant of the recalled bound at `c = 8` is "
        "{{constructions:conv.8x8.implied_constant|.2f}}.",
}

#: The comparison table's rows: (campaign, label, target shapes), in the full profile's campaigns.
_ROWS = [
    ("pensia", "Pensia et al.", [[d, d] for d in (2, 4, 8, 16)] + [[d, d, d] for d in (2, 4, 8)]),
    ("orseau", "Orseau et al. (hyperbolic)", [[d, d] for d in (2, 4, 8, 16)] + [[d, d, d] for d in (2, 4, 8)]),
    ("burkholz", "Burkholz, ReLU", [[d, d, d] for d in (2, 4, 8)]),
    ("burkholz-leaky", "Burkholz, leaky ReLU", [[d, d, d] for d in (2, 4, 8)]),
    ("pensia-deep", "Pensia et al.", [[d] * 4 for d in (2, 4)]),
    ("burkholz-deep", "Burkholz, ReLU", [[d] * 4 for d in (2, 4)]),
    ("pensia-hard", "Pensia et al., eight targets", [[d] * 3 for d in (2, 4)]),
    ("orseau-hard", "Orseau et al., eight targets", [[d] * 3 for d in (2, 4)]),
    ("burkholz-hard", "Burkholz, eight targets", [[d] * 3 for d in (2, 4)]),
    ("conv", "da Cunha et al. (CNN)", [[c, c] for c in (1, 2, 4, 8)]),
    ("conv-deep", "da Cunha et al. (CNN)", [[c] * 3 for c in (1, 2, 4)]),
]


def _table_row(campaign: str, label: str, shape: list[int]) -> str:
    key = f"constructions:{campaign}.{'x'.join(map(str, shape))}"
    return (f"| {label} | `{'×'.join(map(str, shape))}` | {{{{{key}.depth}}}} | {{{{{key}.required_units}}}} "
            f"[{{{{{key}.interval_low}}}}, {{{{{key}.interval_high}}}}] | {{{{{key}.hidden_width}}}} | "
            f"{{{{{key}.params_target}}}} | {{{{{key}.params_random}}}} ({{{{{key}.ratio_random|.0f}}}}×) | "
            f"{{{{{key}.kept_median|.0f}}}} ({{{{{key}.ratio_kept|.1f}}}}×) | {{{{{key}.implied_constant|.2f}}}} |")


#: The comparison on the same targets, one row per construction and target shape (``n/a``: not measured in this
#: profile, or the required width lies beyond the grid).
TABLE = "\n".join(
    ["**The constructions on the same targets** (nested draws; required units `m_δ` with its exact distribution-free "
     "`95 %` interval; widest hidden layer, random parameters and the median kept parameters of the first certified "
     "tickets at `m_δ`, each over the target's; the constant of the construction's catalog bound at which it equals "
     "the measured width). Units: per input coordinate (Pensia et al., Orseau et al.), copies per target neuron "
     "(Burkholz), channels per input channel (da Cunha et al.). `n/a`: not measured in this profile, a required "
     "width beyond the grid, or an upper end that too few draws cannot bound.",
     "",
     "| construction | target | depth | `m_δ` [interval] | widest hidden | target params | random params | kept params "
     "| empirical constant |",
     "|---|---|---|---|---|---|---|---|---|"]
    + [_table_row(campaign, label, shape) for campaign, label, shapes in _ROWS for shape in shapes])
