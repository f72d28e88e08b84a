"""The report's sections, one per paper, in order: a title, an introduction (a template) and the claims it holds."""

from paper.prose import plantnseek

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
    {"title": "Plant 'n' Seek (Fischer & Burkholz, ICLR 2022): can pruning find a planted ticket?",
     "intro": plantnseek.INTRO,
     "claims": ["pns.planted_exact", "pns.raw_logits_defect", "pns.planted_hiding", "pns.singleshot_weak_density",
                "pns.no_strong_tickets", "pns.edge_popup_relu", "pns.edge_popup_helix", "pns.edge_popup_circle",
                "pns.multishot_synflow", "fischer2022.existence_probability"]},
]
