"""``slth train``: the JSON contract, the saved network, and bad input → exit status 2 with one line."""

import json

import numpy as np
import pytest
from cli_runner import run_cli as run

from verify.data import load_digits
from verify.nets.netfile import read_metadata
from verify.nets.network import Network


def test_json_contract_classification_and_saved_network(tmp_path, capsys):
    out = tmp_path / "net.npz"
    status, stdout, _ = run(["train", "--data", "digits", "--epochs", "3", "--seed", "1", "--out", str(out),
                             "--json"], capsys)
    assert status == 0
    document = json.loads(stdout)
    for key in ("test_accuracy", "early_stop_iter", "seconds"):
        assert key in document
    assert document["arch"] == [64, 300, 100, 10] and document["iterations"] == 3 * 21
    net, metadata = Network.load(out), read_metadata(out)
    data = load_digits()
    assert float(np.mean(net.predict(data.test.x) == data.test.y)) == document["test_accuracy"]
    assert metadata["test_accuracy"] == document["test_accuracy"] and metadata["seed"] == 1
    # same command, same numbers (timing aside)
    status, again, _ = run(["train", "--data", "digits", "--epochs", "3", "--seed", "1", "--json"], capsys)
    second = json.loads(again)
    for key in ("test_accuracy", "test_loss", "early_stop_iter", "validation_loss_min"):
        assert second[key] == document[key]


def test_json_contract_regression(capsys):
    status, stdout, _ = run(["train", "--data", "helix", "--arch", "1,20,20,3", "--epochs", "1", "--optimizer",
                             "sgd", "--lr", "0.05", "--batch", "64", "--json"], capsys)
    assert status == 0
    document = json.loads(stdout)
    assert "test_mse" in document and "test_accuracy" not in document
    assert document["optimizer"]["name"] == "sgd" and document["optimizer"]["schedule"] == "cosine"
    assert isinstance(document["early_stop_iter"], int) and document["seconds"] >= 0


def test_human_readable_output(capsys):
    status, stdout, _ = run(["train", "--data", "circle", "--arch", "2,8,4", "--epochs", "1"], capsys)
    assert status == 0 and "test accuracy" in stdout and "early-stopping iteration" in stdout


@pytest.mark.parametrize("argv, fragment", [
    (["--data", "cifar"], "invalid choice"),
    (["--data", "digits", "--arch", "3,10,10"], "does not fit --data digits"),
    (["--data", "helix", "--arch", "1,10,1"], "end with 3 outputs"),
    (["--data", "digits", "--arch", "64,0,10"], "positive widths"),
    (["--data", "digits", "--arch", "64,x,10"], "comma-separated list of integers"),
    (["--data", "digits", "--epochs", "0"], "--epochs"),
    (["--data", "digits", "--epochs", "-3"], "--epochs"),
    (["--data", "digits", "--lr", "0"], "--lr"),
    (["--data", "digits", "--lr", "-0.1"], "--lr"),
    (["--data", "digits", "--lr", "nan"], "--lr"),
    (["--data", "digits", "--batch", "0"], "--batch"),
    (["--data", "digits", "--optimizer", "rmsprop"], "invalid choice"),
    (["--data", "digits", "--out", "/no/such/dir/net.npz"], "does not exist"),
])
def test_bad_input_exits_2_with_one_line(argv, fragment, capsys, tmp_path):
    status, stdout, stderr = run(["train"] + argv, capsys)
    assert status == 2
    assert stdout == ""
    assert stderr.count("\n") == 1 and fragment in stderr and "Traceback" not in stderr


def test_mnist5k_trains_lenet_by_default_and_reports_its_split(tmp_path, capsys):
    out = tmp_path / "net.npz"
    status, stdout, _ = run(["train", "--data", "mnist5k", "--epochs", "1", "--arch", "784,32,10", "--out", str(out),
                             "--json"], capsys)
    assert status == 0
    document = json.loads(stdout)
    assert (document["train_size"], document["validation_size"], document["test_size"]) == (3500, 500, 1000)
    from verify.data import load_dataset

    data = load_dataset("mnist5k")
    net = Network.load(out)
    assert float(np.mean(net.predict(data.test.x) == data.test.y)) == document["test_accuracy"] > 0.5
    from verify.cli.train import DEFAULTS

    assert DEFAULTS["mnist5k"]["arch"] == [784, 300, 100, 10]
