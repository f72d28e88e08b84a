"""``slth ticket --construction burkholz|orseau|conv``: the JSON contract, files ``slth ticket check`` re-verifies,
and bad input (exit 2, one line, nothing written); Pensia et al.'s default stays as it was."""

import json

import pytest
from cli_runner import run_cli

from verify.tickets.construction import build_ticket, random_target

KEYS = {"ok", "construction", "domain", "eps", "delta", "seed", "parameters", "law", "activation", "input_shape",
        "target_shapes", "depth", "hidden_widths", "sup_error_certified", "sup_error_empirical", "params_target",
        "params_random", "params_kept", "ratio_random_to_target", "ratio_kept_to_target", "certificate", "seconds"}


@pytest.mark.parametrize("argv, depth", [
    (["--construction", "burkholz", "--widths", "2,3,2", "--units", "10"], 3),
    (["--construction", "burkholz", "--widths", "2,3,2", "--units", "10", "--activation", "leaky-relu",
      "--negative-slope", "0.1"], 3),
    (["--construction", "orseau", "--widths", "2,3,2", "--units", "16", "--alpha", "0.2"], 4),
    (["--construction", "conv", "--channels", "1,2", "--units", "12", "--image", "4"], 2),
])
def test_json_contract_and_the_saved_file(tmp_path, capsys, argv, depth):
    out = tmp_path / "t.npz"
    status, stdout, _ = run_cli(["ticket", *argv, "--eps", "0.2", "--samples", "64", "--restarts", "1", "--json",
                                 "--out", str(out)], capsys)
    document = json.loads(stdout)
    assert KEYS <= set(document) and document["depth"] == depth
    assert status == (0 if document["ok"] else 1)
    assert document["sup_error_empirical"] <= document["sup_error_certified"]
    status, stdout, _ = run_cli(["ticket", "check", str(out), "--json"], capsys)
    checked = json.loads(stdout)
    assert checked["sup_error_certified"] == document["sup_error_certified"]
    assert checked["construction"] == document["construction"]
    status, stdout, _ = run_cli(["ticket", "check", str(out)], capsys)
    assert f"construction {document['construction']}" in stdout


@pytest.mark.parametrize("argv, message", [
    (["--construction", "conv", "--widths", "2,2"], "--channels"),
    (["--widths", "2,2", "--units", "4"], "--units does not apply"),
    (["--widths", "2,2", "--activation", "leaky-relu"], "burkholz only"),
    (["--construction", "orseau", "--widths", "2,2", "--activation", "leaky-relu"], "burkholz only"),
    (["--construction", "burkholz", "--widths", "2,2", "--alpha", "0.1"], "--alpha does not apply"),
    (["--construction", "burkholz", "--widths", "2,2", "--c", "3"], "takes --units"),
    (["--construction", "burkholz", "--widths", "2,2", "--units", "41"], "copies"),
    (["--construction", "orseau", "--widths", "2,2", "--beta", "2"], "beta"),
    (["--construction", "conv", "--channels", "1,2", "--kernel", "2"], "odd"),
    (["--construction", "burkholz", "--widths", "2,2", "--schema-version", "1"], "version 2"),
    (["--construction", "burkholz", "--widths", "2,2", "--activation", "relu", "--negative-slope", "0.1"],
     "ReLU has negative slope 0"),
    (["--construction", "tanh", "--widths", "2,2"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, argv, message):
    out = tmp_path / "t.npz"
    status, _, err = run_cli(["ticket", *argv, "--eps", "0.1", "--out", str(out)], capsys)
    assert status == 2 and message in err and "Traceback" not in err
    assert err.strip().count("\n") <= 1 or "usage" in err
    assert not out.exists()


def test_pensia_stays_the_default_and_writes_version_1(tmp_path, capsys):
    out = tmp_path / "p.npz"
    status, stdout, _ = run_cli(["ticket", "--widths", "2,3", "--eps", "0.2", "--hidden", "20", "--samples", "64",
                                 "--restarts", "1", "--json", "--out", str(out)], capsys)
    document = json.loads(stdout)
    assert "construction" not in document and document["hidden_widths"] == [20]
    reference = tmp_path / "r.npz"
    build_ticket(random_target([2, 3], seed=0), 0.2, hidden=[20], seed=0, samples=64, restarts=1).save(reference)
    assert out.read_bytes() == reference.read_bytes()
