"""``slth plant ticket`` and ``slth plant run``: file contract, JSON contract, resumability, bad input → exit 2 with
one line and nothing written."""

import json
import math

import numpy as np
import pytest
from cli_runner import run_cli as run

from verify.nets.network import Network
from verify.plantnseek.planting import load_planted_arrays
from verify.plantnseek.targets import target


def test_ticket_file_reproduces_the_target(tmp_path, capsys):
    out = tmp_path / "circle.npz"
    status, stdout, _ = run(["plant", "ticket", "--task", "circle", "--depth", "5", "--width", "40", "--seed", "3",
                             "--out", str(out), "--json"], capsys)
    assert status == 0
    document = json.loads(stdout)
    assert document["ticket_weights"] == 108 and document["ticket_biases"] == 22 and document["exactness"] < 1e-9
    arrays = load_planted_arrays(out)
    depth = 4  # weight matrices of a depth-5 (neuron layers) network
    weights = [arrays[f"W{i}"] * arrays[f"mask_W{i}"] for i in range(1, depth + 1)]
    biases = [arrays[f"b{i}"] * arrays[f"mask_b{i}"] for i in range(1, depth + 1)]
    assert [w.shape for w in weights] == [(40, 2), (40, 40), (40, 40), (4, 40)]
    x = np.random.default_rng(0).uniform(-1, 1, size=(500, 2))
    ticket = Network(weights, biases).forward(x) / arrays["scale"]
    reference = Network([arrays[f"target_W{i}"] for i in range(1, depth + 1)],
                        [arrays[f"target_b{i}"] for i in range(1, depth + 1)]).forward(x)
    np.testing.assert_allclose(ticket, reference, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(reference, target("circle", 5)(x))
    # text output
    status, text, _ = run(["plant", "ticket", "--task", "helix", "--width", "30", "--match", "l1-sign"], capsys)
    assert status == 0 and "1-1-30-3-3 planted into 1-30-30-30-3" in text and "percentile" in text


def test_run_json_contract_and_resume(tmp_path, capsys):
    argv = ["plant", "run", "--task", "relu,circle", "--width", "30", "--epochs", "1", "--pruner", "magnitude",
            "--density", "0.1,gt", "--reps", "1", "--seed", "2", "--threads", "1", "--json"]
    out = tmp_path / "results"
    status, stdout, _ = run(argv + ["--out", str(out)], capsys)
    assert status == 0
    document = json.loads(stdout)
    rows = document["rows"]
    assert [(r["task"], r["pruner"], r["density_label"]) for r in rows] == [
        ("relu", "planted", "gt"), ("relu", "dense", "1"), ("relu", "magnitude", "0.1"), ("relu", "magnitude", "gt"),
        ("circle", "planted", "gt"), ("circle", "dense", "1"), ("circle", "magnitude", "0.1"),
        ("circle", "magnitude", "gt")]
    dense = rows[1]
    assert dense["achieved_density"] == 1.0 and dense["recall"] == 1.0 and math.isfinite(dense["trained_loss"])
    for row in rows:
        for key in ("pruned_loss", "pruned_accuracy", "trained_loss", "trained_accuracy", "recall", "precision",
                    "layer_collapse", "achieved_density", "ground_truth_density"):
            assert key in row
    assert rows[0]["recall"] == 1.0 and rows[0]["pruned_loss"] < 2e-4            # the planted ReLU ticket
    assert document["settings"]["depth"] == 5 and document["summary"]
    status, again, _ = run(argv + ["--out", str(out)], capsys)
    assert [r["seconds"] for r in json.loads(again)["rows"]] == [r["seconds"] for r in rows]   # read back
    status, text, _ = run(argv[:-1], capsys)
    assert status == 0 and "magnitude" in text and "planted" in text
    status, stdout, _ = run(argv + ["--no-dense", "--no-reference"], capsys)
    assert status == 0 and {r["pruner"] for r in json.loads(stdout)["rows"]} == {"magnitude"}


@pytest.mark.parametrize("argv, message", [
    (["plant", "ticket", "--task", "helix", "--width", "20"], "width 20 is below the helix target's layer 2"),
    (["plant", "ticket", "--task", "spiral"], "invalid choice: 'spiral'"),
    (["plant", "ticket", "--task", "relu", "--depth", "2"], "depth '2' must be an integer from 3 to 100"),
    (["plant", "ticket", "--task", "relu", "--depth", "0"], "depth '0' must be an integer from 3 to 100"),
    (["plant", "ticket", "--task", "circle", "--depth", "2000"], "from 3 to 100"),
    (["plant", "ticket", "--task", "relu", "--out", "/nonexistent/dir/t.npz"], "does not exist"),
    (["plant", "run", "--task", "spiral", "--pruner", "snip"], "task 'spiral' is not known"),
    (["plant", "run", "--task", "relu", "--pruner", "obd"], "pruner 'obd' is not known"),
    (["plant", "run", "--task", "relu", "--pruner", "snip,snip"], "lists 'snip' twice"),
    (["plant", "run", "--task", "relu", "--pruner", "snip", "--density", "0.1,0.1"], "lists '0.1' twice"),
    (["plant", "run", "--task", "relu", "--pruner", "snip", "--density", "0,0.1"], "density '0' must lie in (0, 1]"),
    (["plant", "run", "--task", "relu", "--pruner", "snip", "--density", "1.5"], "density '1.5'"),
    (["plant", "run", "--task", "relu", "--pruner", "snip", "--density", "most"], "density 'most'"),
    (["plant", "run", "--task", "helix", "--pruner", "snip", "--width", "10"], "width 10 is below"),
    (["plant", "run", "--task", "relu", "--pruner", "edge-popup", "--mode", "multishot"], "no multishot mode"),
])
def test_bad_input_exits_2_with_one_line(argv, message, capsys, tmp_path):
    status, stdout, stderr = run(argv, capsys)
    assert status == 2 and stdout == ""
    assert stderr.count("\n") == 1 and message in stderr
    assert "Traceback" not in stderr


def test_help_states_the_depth_convention(capsys):
    status, stdout, _ = run(["plant", "run", "--help"], capsys)
    assert status == 0 and "neuron layers including input and output" in stdout and "4 weight matrices" in stdout


def test_bad_noise_is_refused_before_anything_is_written(tmp_path, capsys):
    out = tmp_path / "never"
    status, _, stderr = run(["plant", "run", "--task", "circle", "--pruner", "snip", "--noise", "2", "--out",
                             str(out)], capsys)
    assert status == 2 and "noise 2.0 must lie in [0, 1]" in stderr and not out.exists()
