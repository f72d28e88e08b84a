"""Figure fixes checked on the drawn artists (mini profile data): the near-dense Experiment 2 points have their own
panel, the empirical-C Pensia line is distinct from Natale's, fits and slopes are labelled, and one-repetition
singleshot panels draw no bands."""

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from figures import runner

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    names = ["pensia_exp2", "bounds_landscape", "rss_required_samples", "rss_worst_error_decay", "pns_singleshot",
             "experiment1"]
    runner.build("mini", only=names, out=out, progress=False, draw=False)
    modules = {m.NAME: m for m in runner.registry()}

    def drawn(name):
        module = modules[name]
        return module.draw(runner.load_results(out, "mini", name)["data"], module.PROFILES["mini"])

    return modules, out, drawn


def test_experiment2_near_dense_points_have_their_own_linear_panel(mini):
    modules, out, drawn = mini
    data = runner.load_results(out, "mini", "pensia_exp2")["data"]
    near = sorted({s["sparsity"] for s in data["selected"]
                   if s["sparsity"] <= modules["pensia_exp2"].NEAR_DENSE and s["structure"] != "baseline"})
    assert near  # the mini grid has one (0.05)
    figure = drawn("pensia_exp2")
    zooms = [ax for ax in figure.axes if ax.get_visible() and ax.get_xlabel().startswith("sparsity")]
    assert len(zooms) == 2 * len(data.get("targets", ["fc2"]))
    for ax in zooms:
        assert ax.get_xscale() == "linear" and ax.get_xlim()[1] <= 0.2
        # each structure's points sit at the near-dense sparsities (dodged side by side by less than 0.01)
        xs = [x for line in ax.get_lines() for x in np.atleast_1d(line.get_xdata())]
        assert xs and all(min(abs(x - s) for s in near) < 0.01 for x in xs)


def test_natale_and_empirical_pensia_lines_differ_in_colour_and_style(mini):
    _, _, drawn = mini
    ax = drawn("bounds_landscape").axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    natale = next(v for k, v in lines.items() if k.startswith("natale2024"))
    empirical = next(v for k, v in lines.items() if "empirical" in k)
    pensia = lines["pensia2020.width (C = 1)"]
    assert np.linalg.norm(np.subtract(to_rgb(natale.get_color()), to_rgb(empirical.get_color()))) > 0.3
    assert natale.get_linestyle() != empirical.get_linestyle() and empirical.get_marker() not in (None, "None", "")
    assert to_rgb(empirical.get_color()) == to_rgb(pensia.get_color())  # the same bound, another constant


def test_the_fit_coefficient_and_the_local_slope_are_labelled(mini):
    _, out, drawn = mini
    ax = drawn("rss_required_samples").axes[0]
    assert "a = the coefficient of log2(1/ε)" in ax.get_title()
    fits = [law for law in runner.load_results(out, "mini", "rss_required_samples")["data"]["laws"] if law["fit"]]
    assert sum("fit: a = " in text.get_text() for text in ax.get_legend().get_texts()) == len(fits)
    ax = drawn("rss_worst_error_decay").axes[0]
    assert "local slope r" in ax.get_title() and "not the long-run rate" in ax.get_title()
    rates = [law for law in runner.load_results(out, "mini", "rss_worst_error_decay")["data"]["laws"] if law["rate"]]
    assert rates and sum("local slope r = " in t.get_text() for t in ax.get_legend().get_texts()) == len(rates)


def test_one_repetition_singleshot_panels_say_so_and_draw_no_bands(mini):
    import copy

    from matplotlib.collections import PolyCollection

    modules, out, _ = mini
    module = modules["pns_singleshot"]
    data = runner.load_results(out, "mini", "pns_singleshot")["data"]

    def bands(figure):
        return sum(isinstance(c, PolyCollection) for ax in figure.axes for c in ax.collections)

    several = module.draw(data, module.PROFILES["mini"])  # the mini grid: more than one run per cell
    assert data["grid"]["reps"] * data["grid"].get("repetitions", 1) > 1
    assert bands(several) > 0 and "one repetition" not in several._suptitle.get_text()
    single = copy.deepcopy(data)
    single["grid"]["reps"], single["grid"]["repetitions"] = 1, 1
    figure = module.draw(single, module.PROFILES["mini"])
    assert "one repetition: lines are the single run (no bands)" in figure._suptitle.get_text()
    assert bands(figure) == 0

def test_experiment1_shows_the_accuracy_difference_not_two_bars_near_one(mini):
    from matplotlib.patches import Rectangle

    _, out, drawn = mini
    runs = runner.load_results(out, "mini", "experiment1")["data"]["runs"]
    right = drawn("experiment1").axes[1]
    heights = sorted(p.get_height() for p in right.patches if isinstance(p, Rectangle) and p.get_width() < 1)
    expected = sorted(100 * (r["approximated_test_accuracy"] - r["target_test_accuracy"]) for r in runs)
    assert np.allclose(heights, expected)
    low, high = right.get_ylim()
    assert low <= 0 <= high  # differences around zero, not accuracies on a 0.945-1.0 axis
