"""Pensia et al.'s Experiment 2 claim decided on synthetic result tables: training seeds are the units, crossed with
the shared test set (crossed_mean), both selections of the epoch count, both targets (FC2, FC4) judged apart, one seed
or four decide nothing, and a seed effect as large as the difference leaves the comparison open."""

import numpy as np
import pytest

from verify.claims import experiments
from verify.claims.registry import get
from verify.claims.results import Results
from verify.stats import crossed_mean
from verify.tables import Table

N = 300          # shared test examples
SPARSITIES = (0.05, 0.5, 0.9, 0.99)
# test accuracy per (structure, sparsity) when the claim holds: wide wins clearly at 0.99, ReLU below the linear
# variant at 0.5, 0.9 and 0.99, above it at 0.05
HOLDS = {("wide", 0.05): 0.9, ("wide", 0.5): 0.9, ("wide", 0.9): 0.85, ("wide", 0.99): 0.8,
         ("ours-linear", 0.05): 0.4, ("ours-linear", 0.5): 0.9, ("ours-linear", 0.9): 0.85, ("ours-linear", 0.99): 0.4,
         ("ours-relu", 0.05): 0.7, ("ours-relu", 0.5): 0.7, ("ours-relu", 0.9): 0.6, ("ours-relu", 0.99): 0.2}


def correct(accuracy, seed, salt, n=N):
    """A boolean row with exactly round(accuracy · n) correct examples, in a seed- and run-specific order."""
    row = np.zeros(n, dtype=np.bool_)
    row[np.random.default_rng([seed, salt]).permutation(n)[:round(accuracy * n)]] = True
    return row


def exp2_table(accuracies=HOLDS, seeds=range(5), seed_effect=None, epochs=(1, 2), n=N, fc4=None):
    """Rows for both targets and every structure, sparsity, epoch count and seed; the longest run is the one both
    selections keep (its accuracy is the table's; the shorter one is worse on test and validation),
    ``seed_effect(structure, sparsity, seed)`` is added to the accuracy; ``fc4``: FC4's accuracies (default the same
    as FC2's)."""
    rows = []
    for target, table in (("fc2", accuracies), ("fc4", accuracies if fc4 is None else fc4)):
        for seed in seeds:
            for (structure, sparsity), accuracy in table.items():
                for e in epochs:
                    a = accuracy + (seed_effect(structure, sparsity, seed) if seed_effect else 0.0)
                    a = min(max(a - (0.1 if e != max(epochs) else 0.0), 0.0), 1.0)
                    rows.append({"target": target, "structure": structure, "sparsity": sparsity, "epochs": e,
                                 "seed": seed, "validation_accuracy": a,
                                 "test_correct": correct(a, seed, _salt(structure, sparsity, e) + [len(target)], n)})
    return _table(rows)


def _salt(structure, sparsity, epochs):
    return [len(structure), ord(structure[-1]), round(1000 * sparsity), epochs]


def _table(rows):
    arrays = {"dataset": np.array(["digits"] * len(rows), dtype="U16"),
              "target": np.array([r.get("target", "fc2") for r in rows], dtype="U16"),
              "structure": np.array([r["structure"] for r in rows], dtype="U16"),
              "sparsity": np.array([r["sparsity"] for r in rows], dtype=np.float64),
              "epochs": np.array([r["epochs"] for r in rows], dtype=np.int64),
              "seed": np.array([r["seed"] for r in rows], dtype=np.int64),
              "test_correct": np.stack([r["test_correct"] for r in rows]),
              "validation_accuracy": np.array([r["validation_accuracy"] for r in rows], dtype=np.float64)}
    arrays["test_accuracy"] = arrays["test_correct"].mean(axis=1)
    return Table("pensia_exp2", arrays, {})


def decide(table, rule=None):
    return get("pensia2020.exp2").decide(Results(tables={"pensia_exp2": table}), rule)


def test_the_claim_holds_when_every_difference_is_clear_over_five_seeds():
    outcome, verdicts, facts = decide(exp2_table())
    assert len(verdicts) == 16 and outcome == "holds"
    assert sum("[digits, fc4;" in v.measurement.quantity for v in verdicts) == 8
    assert facts["digits.fc4.gap_at_top.test.mean"]["value"] == pytest.approx(0.4, abs=0.01)
    assert {v.measurement.units for v in verdicts} == {5}
    assert facts["gap_at_top.test.mean"]["value"] == pytest.approx(0.4, abs=0.01)
    assert facts["relu_gap_near_dense.validation.mean"]["value"] == pytest.approx(0.3, abs=0.01)
    assert facts["seeds"]["value"] == 5 and facts["mean_selection_gain"]["value"] == 0.0


def test_each_comparison_is_the_crossed_mean_of_the_per_seed_differences():
    table = exp2_table()
    seeds, differences = experiments.exp2_differences(table, table["target"] == "fc2", "wide",
                                                      "ours-linear", 0.99, "test")
    assert seeds == [0, 1, 2, 3, 4] and differences.shape == (5, N)
    (verdict,) = [v for v in decide(table)[1] if "wide − ours-linear" in v.measurement.quantity
                  and "test set" in v.measurement.quantity and "fc2;" in v.measurement.quantity]
    expected = crossed_mean(differences)
    assert (verdict.measurement.low, verdict.measurement.high) == pytest.approx(expected.interval(0.95))


def test_one_seed_is_a_point_value_and_four_seeds_are_too_few():
    outcome, verdicts, _ = decide(exp2_table(seeds=[0]))
    assert outcome == "insufficient" and all(v.measurement.is_point_value for v in verdicts)
    assert all("point value" in v.explanation for v in verdicts)
    outcome, verdicts, _ = decide(exp2_table(seeds=range(4)))
    assert outcome == "insufficient" and "fewer than the 5" in verdicts[0].explanation


def test_a_seed_effect_as_large_as_the_difference_leaves_the_comparison_open():
    """Near dense the ReLU variant is ahead by 0.3 on average, but the seeds disagree (+0.55 / -0.3): per-example
    counts pooled over seeds would establish it, the crossed mean over five seeds does not."""
    swing = {0: 0.25, 1: -0.6, 2: 0.25, 3: 0.25, 4: -0.5}

    def effect(structure, sparsity, seed):
        return swing[seed] if (structure, sparsity) == ("ours-relu", 0.05) else 0.0

    outcome, verdicts, facts = decide(exp2_table(seed_effect=effect))
    near = [v for v in verdicts if "at sparsity 0.05" in v.measurement.quantity]
    assert [v.outcome for v in near] == ["inconclusive"] * 4 and outcome == "inconclusive"    # 2 targets x 2
    pooled_se = np.sqrt(0.5 * 0.5 / (5 * N))   # what an (illegitimate) pooled binomial would give
    assert near[0].measurement.high - near[0].measurement.low > 20 * pooled_se
    assert facts["relu_gap_near_dense.test.mean"]["value"] == pytest.approx(0.3 + np.mean(list(swing.values())),
                                                                             abs=0.01)


def test_the_relu_variant_above_the_linear_one_at_moderate_sparsity_violates_the_claim_for_that_target():
    accuracies = dict(HOLDS)
    accuracies[("ours-relu", 0.5)] = 0.98
    outcome, verdicts, _ = decide(exp2_table(accuracies, fc4=HOLDS))
    at_half = [v for v in verdicts if "at sparsity 0.5 " in v.measurement.quantity]
    assert outcome == "violated"
    assert [(v.outcome, "fc4;" in v.measurement.quantity) for v in at_half] == [
        ("violated", False), ("violated", False), ("holds", True), ("holds", True)]
    assert all(v.p_violated_adjusted >= v.p_violated for v in at_half)


def test_validation_selection_keeps_the_run_of_best_validation_accuracy():
    rows = []
    for seed in range(5):
        for (structure, sparsity), accuracy in HOLDS.items():
            # the short run is luckier on the test set, the long one better on validation
            test_short = accuracy + (0.15 if (structure, sparsity) == ("ours-linear", 0.99) else 0.0)
            rows.append({"structure": structure, "sparsity": sparsity, "epochs": 1, "seed": seed,
                         "test_correct": correct(min(test_short, 1.0), seed, 1), "validation_accuracy": 0.1})
            rows.append({"structure": structure, "sparsity": sparsity, "epochs": 2, "seed": seed,
                         "test_correct": correct(accuracy, seed, 2), "validation_accuracy": 0.2})
    table = _table(rows)
    mask = table["target"] == "fc2"
    _, by_test = experiments.exp2_differences(table, mask, "wide", "ours-linear", 0.99, "test")
    _, by_validation = experiments.exp2_differences(table, mask, "wide", "ours-linear", 0.99, "validation")
    assert by_test.mean() == pytest.approx(0.8 - 0.55, abs=0.01) and by_validation.mean() == pytest.approx(0.4,
                                                                                                          abs=0.01)
    _, _, facts = decide(table)
    assert facts["max_selection_gain"]["value"] == pytest.approx(0.15, abs=0.01)


def test_the_clear_gap_has_sensitivity_rows():
    accuracies = dict(HOLDS)
    accuracies[("ours-linear", 0.99)] = 0.725         # wide wins by 0.075: clear at 0.05, not at 0.10
    item = get("pensia2020.exp2").judge(Results(tables={"pensia_exp2": exp2_table(accuracies, n=8000)}))
    assert item.outcome == "holds"
    assert [(r["value"], r["outcome"]) for r in item.sensitivity] == [(pytest.approx(0.025), "holds"),
                                                                       (pytest.approx(0.1), "violated")]
