"""`slth approx`: Experiment 1 measures the approximated network itself, and refuses bad input."""

import json

import numpy as np
import pytest

from verify.cli import main
from verify.data import load_digits
from verify.experiments import experiment1
from verify.nets.network import Network
from verify.train.loop import evaluate


@pytest.fixture(scope="module")
def small_target(tmp_path_factory):
    net, _ = experiment1.train_target(hidden=40, epochs=3, seed=1)
    path = tmp_path_factory.mktemp("target") / "target.npz"
    net.save(path)
    return net, path


def test_the_approximated_network_is_built_from_the_chosen_sums_and_evaluated_itself(small_target):
    target, _ = small_target
    result = experiment1.run(target, eps=0.01, law="independent", seed=2)
    approx = result.approximation
    for w_hat, sums in zip(result.approximated.weights, approx.approximated):
        np.testing.assert_array_equal(w_hat, sums)
    for w, w_hat, err in zip(target.weights, result.approximated.weights, approx.errors):
        np.testing.assert_allclose(np.abs(w - w_hat), err, atol=1e-15)
    assert any(not np.array_equal(w, w_hat) for w, w_hat in zip(target.weights, result.approximated.weights))
    _, accuracy = evaluate(result.approximated, load_digits().test, "cross_entropy")
    assert result.approximated_test_accuracy == accuracy


def test_a_coarse_approximation_changes_the_accuracy_and_the_report_shows_it(small_target):
    """With 3 coefficients per weight the approximated network is poor: the report must not hide it."""
    target, _ = small_target
    coarse = experiment1.run(target, eps=0.01, n=3, law="independent", seed=0)
    assert not coarse.approximation.all_within_eps
    assert coarse.approximated_test_accuracy < coarse.target_test_accuracy - 0.05


def test_json_report_and_saved_network(small_target, tmp_path, capsys):
    _, path = small_target
    out = tmp_path / "approx.npz"
    code = main(["approx", "--target", str(path), "--eps", "0.02", "--law", "per-row", "--json", "--out", str(out)])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    for key in ("all_within_eps", "weights", "params_random", "params_kept", "target_test_accuracy",
                "approximated_test_accuracy", "seconds", "n", "paper"):
        assert key in doc
    assert doc["n"] == 3 * round(np.log2(1 / 0.02)) and doc["weights"] == 64 * 40 + 40 * 10
    assert doc["params_random"] == doc["weights"] * doc["n"]
    saved = Network.load(out)
    _, accuracy = evaluate(saved, load_digits().test, "cross_entropy")
    assert accuracy == doc["approximated_test_accuracy"]


def _bad_files(tmp_path):
    Network.init([2, 5, 4], seed=0).save(tmp_path / "circle_shaped.npz")
    (tmp_path / "garbage.npz").write_bytes(b"not a zip")
    return tmp_path


@pytest.mark.parametrize("argv, fragment", [
    (["--eps", "0"], "strictly between 0 and 1"),
    (["--eps", "1.5"], "strictly between 0 and 1"),
    (["--eps", "nan"], "finite"),
    (["--n", "41"], "solver's limit"),
    (["--target", "{dir}/circle_shaped.npz"], "64 inputs"),
    (["--target", "{dir}/garbage.npz"], "garbage.npz"),
    (["--target", "{dir}/missing.npz"], "missing.npz"),
    (["--law", "gaussian"], "invalid choice"),
    (["--target", "{dir}/garbage.npz", "--hidden", "50"], "--hidden describes the default target"),
    (["--target", "{dir}/garbage.npz", "--epochs", "3"], "--epochs describes the default target"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, argv, fragment):
    directory = _bad_files(tmp_path)
    argv = [a.format(dir=directory) for a in argv]
    try:
        small = [] if "--target" in argv else ["--hidden", "5", "--epochs", "1"]
        code = main(["approx", *small, *argv])
    except SystemExit as raised:
        code = raised.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err
