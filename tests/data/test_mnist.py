"""User-supplied MNIST through `slth train` and `slth lth run` (synthetic files in the real formats: MNIST itself
cannot be downloaded here): the pixels and labels reach the network in the right order, LeNet-300-100's pruning
schedule, a store identity that follows the files' content (not their path or format), and bad input."""

import json

import numpy as np
import pytest
from cli_runner import run_cli
from mnist_files import striped_mnist, write_idx_directory

from verify.lth.method import protocol

SMALL_LTH = ["--rounds", "1", "--iterations", "20", "--eval-every", "10", "--trials", "1", "--threads", "1",
             "--executor", "threads"]


@pytest.fixture(scope="module")
def striped():
    return striped_mnist(np.random.default_rng(7))


@pytest.fixture
def idx_dir(tmp_path, striped):
    directory = tmp_path / "idx"
    directory.mkdir()
    return write_idx_directory(directory, striped, gz=True)


def test_train_learns_a_pattern_only_correctly_read_pixels_and_labels_reveal(idx_dir, capsys):
    # 600 training images (the last 5,000 are validation), 2 epochs: chance is 10 %. Labels out of step with their
    # images, or test images read differently from the training ones, would leave the test accuracy near chance.
    code, out, _ = run_cli(["train", "--data", "mnist", "--mnist", str(idx_dir), "--epochs", "2", "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["arch"] == [784, 300, 100, 10] and document["init"] == "glorot_normal"
    assert (document["train_size"], document["validation_size"], document["test_size"]) == (600, 5000, 300)
    assert document["test_accuracy"] >= 0.9


def test_lth_runs_lenet_300_100_with_the_papers_schedule(idx_dir, capsys):
    code, out, _ = run_cli(["lth", "run", "--data", "mnist", "--mnist", str(idx_dir), *SMALL_LTH, "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["settings"]["widths"] == [784, 300, 100, 10]
    # One round removes round(0.2 n) of each hidden layer and round(0.1 n) of the output layer (spec lth.md).
    kept = (784 * 300 - round(0.2 * 784 * 300)) + (300 * 100 - round(0.2 * 300 * 100)) + (1000 - round(0.1 * 1000))
    assert [level["density"] for level in document["levels"]] == [1.0, kept / 266_200]
    assert document["metric"] == "test_accuracy"
    assert "data_path" not in document["settings"] and len(document["settings"]["data_sha256"]) == 64


def test_the_store_follows_the_content_of_the_files_not_their_path_or_format(tmp_path, idx_dir, striped, capsys):
    out = tmp_path / "run"
    first = run_cli(["lth", "run", "--data", "mnist", "--mnist", str(idx_dir), *SMALL_LTH, "--json", "--out",
                     str(out)], capsys)
    assert first[0] == 0
    x_train, y_train, x_test, y_test = striped
    same = tmp_path / "same.npz"
    np.savez(same, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    again = run_cli(["lth", "run", "--data", "mnist", "--mnist", str(same), *SMALL_LTH, "--json", "--out", str(out)],
                    capsys)
    assert again[0] == 0
    assert json.loads(again[1])["levels"] == json.loads(first[1])["levels"]
    changed = tmp_path / "changed.npz"
    y_changed = y_train.copy()
    y_changed[0] = (y_changed[0] + 1) % 10
    np.savez(changed, x_train=x_train, y_train=y_changed, x_test=x_test, y_test=y_test)
    code, _, err = run_cli(["lth", "run", "--data", "mnist", "--mnist", str(changed), *SMALL_LTH, "--out", str(out)],
                           capsys)
    assert code == 2 and err.count("\n") == 1 and "different run" in err


@pytest.mark.parametrize("args, fragment", [
    (["--data", "mnist"], "give their path"),
    (["--data", "digits", "--mnist", "x"], "built in and takes no path"),
    (["--data", "mnist", "--mnist", "/nonexistent/mnist"], "does not exist"),
])
def test_train_refuses_bad_mnist_arguments_with_one_line(args, fragment, capsys):
    code, out, err = run_cli(["train", *args, "--epochs", "1"], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_the_mnist_protocol_is_the_papers():
    settings = protocol("mnist", data_path="unused")
    assert (settings.widths, settings.init, settings.lr, settings.batch, settings.iterations, settings.eval_every) \
        == ((784, 300, 100, 10), "glorot_normal", 1.2e-3, 60, 50_000, 100)
    assert settings.rates == (0.2, 0.2, 0.1)
