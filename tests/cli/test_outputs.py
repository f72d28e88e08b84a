"""Every command that writes refuses an output it cannot write before doing any work: exit 2, one line, nothing
created; and the benchmark options are checked like everyone else's."""

import numpy as np
import pytest
from cli_runner import run_cli

TINY = {
    "rss": ["rss", "--eps", "1e-2", "--trials", "10", "--n-max", "10"],
    "plant": ["plant", "run", "--task", "circle", "--pruner", "snip", "--density", "0.1", "--reps", "1"],
    "lth": ["lth", "run", "--data", "digits", "--rounds", "1", "--iterations", "20", "--eval-every", "10"],
    "figures": ["figures", "--profile", "mini", "--only", "bounds_landscape"],
    "paper": ["paper", "--profile", "mini"],
}
FILE_WRITERS = {
    "ticket": ["ticket", "--widths", "2,2", "--eps", "0.1", "--hidden", "8"],
    "approx": ["approx", "--hidden", "10", "--epochs", "1"],
    "train": ["train", "--data", "digits", "--epochs", "1"],
    "plant ticket": ["plant", "ticket", "--task", "relu", "--width", "10"],
}


def refused(argv, capsys, fragment):
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == "", (argv, code, err)
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err, err


@pytest.mark.parametrize("command", sorted(TINY))
def test_directory_outputs_below_a_file_or_empty_are_refused(command, tmp_path, capsys):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    before = sorted(tmp_path.iterdir())
    refused(TINY[command] + ["--out", str(blocker / "sub")], capsys, "is a file, not a directory")
    refused(TINY[command] + ["--out", ""], capsys, "--out is empty")
    assert sorted(tmp_path.iterdir()) == before and blocker.read_text() == "x"


def test_the_paper_refuses_an_existing_file_for_either_output(tmp_path, capsys):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    refused(TINY["paper"] + ["--out", str(blocker)], capsys, "--out")
    refused(TINY["paper"] + ["--figures-out", str(blocker)], capsys, "--figures-out")


@pytest.mark.parametrize("command", sorted(FILE_WRITERS))
def test_file_outputs_that_are_directories_or_below_a_file_are_refused(command, tmp_path, capsys):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    refused(FILE_WRITERS[command] + ["--out", str(tmp_path)], capsys, "is a directory")
    refused(FILE_WRITERS[command] + ["--out", str(blocker / "x.npz")], capsys, "is a file, not a directory")
    refused(FILE_WRITERS[command] + ["--out", str(tmp_path / "missing" / "x.npz")], capsys, "does not exist")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_an_npy_file_is_not_taken_for_an_mnist_archive(tmp_path, capsys):
    np.save(tmp_path / "a.npy", np.zeros(3))
    refused(["train", "--data", "mnist", "--mnist", str(tmp_path / "a.npy")], capsys, "not an .npz archive")


@pytest.mark.parametrize("argv, fragment", [
    (["bench", "rss", "--scale", "nan"], "must be a finite number"),
    (["bench", "rss", "--scale", "0"], "must be > 0"),
    (["bench", "rss", "--threads", "0"], "must be an integer >= 1"),
    (["bench", "rss", "--seed", "-1"], "must be an integer >= 0"),
    (["bench", "rss", "--scaling-pairs", "-1"], "must be an integer >= 0"),
    (["bench", "rss", "--scaling-pairs", "99999999999999999999"], "must be at most 100"),
    (["bench", "rss", "--scaling-pairs", "2", "--threads", "1"], "--scaling-pairs compares one thread with --threads"),
    (["bench", "rss", "--scaling-level", "0"], "must lie in (0, 0.5]"),
    (["bench", "rss", "--scaling-level", "0.6"], "must lie in (0, 0.5]"),
    (["bench", "rss", "--scaling-level", "nan"], "must be a finite number"),
    (["bench", "rss", "--scaling-level", "a"], "is not a number"),
    (["bench", "approx", "--laws", "per-row,,independent"], "an entry is empty"),
    (["bench", "approx", "--eps", "2"], "strictly between 0 and 1"),
])
def test_benchmark_options_are_checked(argv, fragment, capsys):
    refused(argv, capsys, fragment)


def test_figures_list_takes_no_build_options(capsys):
    refused(["figures", "--list", "--only", "nonexistent"], capsys, "--list prints the registry")


def test_figures_list_takes_no_draw_option(capsys):
    refused(["figures", "--list", "--no-draw"], capsys, "--list prints the registry")


def test_figures_without_drawing_store_the_data_and_a_later_build_draws_the_same_bytes(tmp_path, capsys):
    """``--no-draw`` computes and stores the figure's data but writes no PNG or PDF; a build after it takes the data
    from the cache and draws files byte-identical to those of a build that drew at once."""
    only = ["figures", "--profile", "mini", "--only", "tickets_width"]
    code, out, err = run_cli(only + ["--out", str(tmp_path / "split"), "--no-draw"], capsys)
    assert code == 0, err
    mini = tmp_path / "split" / "mini"
    assert (mini / "data" / "tickets_width.json").is_file() and not list(mini.glob("*.png")) + list(mini.glob("*.pdf"))
    assert "(not drawn)" in out
    code, out, err = run_cli(only + ["--out", str(tmp_path / "split")], capsys)
    assert code == 0 and "cached" in out, err
    code, _, err = run_cli(only + ["--out", str(tmp_path / "once")], capsys)
    assert code == 0, err
    for suffix in (".png", ".pdf"):
        drawn = (mini / f"tickets_width{suffix}").read_bytes()
        assert drawn == (tmp_path / "once" / "mini" / f"tickets_width{suffix}").read_bytes()
