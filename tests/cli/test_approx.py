"""``slth approx``: Experiment 1 on a target trained on --data, the approximated network measured."""

import json

from cli_runner import run_cli as run


def test_mnist5k_target_has_the_papers_input_width_and_is_measured_itself(capsys):
    status, stdout, _ = run(["approx", "--data", "mnist5k", "--hidden", "20", "--epochs", "1", "--json"], capsys)
    assert status == 0
    document = json.loads(stdout)
    assert document["architecture"] == "784-20-10" and document["weights"] == 784 * 20 + 20 * 10
    assert document["within_eps"] <= document["weights"] and 0.0 < document["approximated_test_accuracy"] <= 1.0


def test_an_unknown_dataset_is_refused(capsys):
    status, _, stderr = run(["approx", "--data", "cifar"], capsys)
    assert status == 2 and "invalid choice: 'cifar'" in stderr and len(stderr.strip().splitlines()) == 1
