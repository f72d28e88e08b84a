"""Ticket files: round trip, independent re-verification, tampering, and files that must be refused."""

import json
import pickle
import zipfile

import numpy as np
import pytest

from verify.cli import main
from verify.errors import InvalidInput
from verify.tickets.check import check_ticket_file
from verify.tickets.construction import build_ticket, random_target
from verify.tickets.ticketfile import load_target_file, load_ticket_file, read_ticket_arrays


@pytest.fixture(scope="module")
def ticket():
    return build_ticket(random_target([4, 6, 3], seed=1), 0.01, 0.01, seed=1, samples=256, restarts=2)


@pytest.fixture()
def saved(ticket, tmp_path):
    path = tmp_path / "ticket.npz"
    ticket.save(path)
    return path


def _rewrite(path, **changes):
    arrays = read_ticket_arrays(path)
    arrays.update(changes)
    np.savez(path, **arrays)


def test_schema_of_the_saved_file(ticket, saved):
    with np.load(saved, allow_pickle=False) as data:
        keys = set(data.files)
        assert {"schema", "version", "eps", "delta", "c", "seed", "hidden_widths", "sup_error_certified",
                "sup_error_empirical"} <= keys
        assert data["schema"].item() == "slth-ticket" and data["version"].item() == 1
        assert data["target_W1"].shape == (6, 4) and data["target_W2"].shape == (3, 6)
        n1, n2 = ticket.hidden_widths
        assert data["random_M1"].shape == data["mask_M1"].shape == (n1, 4)
        assert data["random_M2"].shape == data["mask_M2"].shape == (6, n1)
        assert data["random_M3"].shape == data["mask_M3"].shape == (n2, 6)
        assert data["random_M4"].shape == data["mask_M4"].shape == (3, n2)
        assert "random_M5" not in keys
        assert data["mask_M2"].dtype == np.uint8
    assert [p.name for p in saved.parent.iterdir()] == ["ticket.npz"]  # no temporary file left behind


def test_check_recomputes_everything_and_agrees(ticket, saved):
    report = check_ticket_file(saved)
    assert report["ok"] and report["problems"] == []
    assert report["sup_error_certified"] == ticket.sup_error_certified
    assert report["sup_error_empirical"] == ticket.sup_error_empirical
    assert report["params_kept"] == ticket.params_kept
    target, random, masks, meta = load_ticket_file(saved)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(masks, ticket.masks))
    assert meta["eps"] == 0.01


def test_a_tampered_mask_is_caught_by_the_recomputed_bound(saved):
    arrays = read_ticket_arrays(saved)
    mask = arrays["mask_M2"].copy()
    mask[0, :] = 1 - mask[0, :]  # flip one output's choices: the approximation breaks
    _rewrite(saved, mask_M2=mask)
    report = check_ticket_file(saved)
    assert not report["ok"]
    assert any("exceeds the claimed eps" in p for p in report["problems"])
    assert any("differs from the recomputed" in p for p in report["problems"])


def test_an_overclaimed_eps_is_not_ok(ticket, saved):
    _rewrite(saved, eps=np.array(ticket.sup_error_certified / 2))
    report = check_ticket_file(saved)
    assert not report["ok"] and "exceeds the claimed eps" in report["problems"][0]


def test_widths_inconsistent_with_the_claimed_constant_are_reported(saved):
    _rewrite(saved, c=np.array(1.0))
    assert any("not the widths" in p for p in check_ticket_file(saved)["problems"])


@pytest.mark.parametrize("change, message", [
    (lambda a: {"mask_M2": a["mask_M2"] * 2}, "not binary"),
    (lambda a: {"mask_M1": np.ones_like(a["mask_M1"])}, "at most one"),
    (lambda a: {"random_M3": a["random_M3"] * 1.5 + 0.6}, r"outside \[-1, 1\]"),
    (lambda a: {"random_M2": a["random_M2"][:, :-1]}, "expected"),
    (lambda a: {"target_W2": a["target_W2"] * 3}, "spectral norm"),
    (lambda a: {"version": np.array(7)}, "version 7"),
    (lambda a: {"schema": np.array("something-else")}, "not a 'slth-ticket' file"),
    (lambda a: {"eps": np.array(1.5)}, "strictly between 0 and 1"),
    (lambda a: {"hidden_widths": np.array([1, 2])}, "hidden_widths"),
    (lambda a: {"random_M5": np.zeros((2, 2)), "mask_M5": np.zeros((2, 2))}, "no matching target layer"),
])
def test_malformed_files_are_refused(saved, change, message):
    _rewrite(saved, **change(read_ticket_arrays(saved)))
    with pytest.raises(InvalidInput, match=message):
        check_ticket_file(saved)


def test_missing_entries_are_refused(saved):
    arrays = read_ticket_arrays(saved)
    del arrays["mask_M3"]
    np.savez(saved, **arrays)
    with pytest.raises(InvalidInput, match="missing entry 'mask_M3'"):
        check_ticket_file(saved)


def test_unreadable_files_are_refused(saved, tmp_path):
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])
    pickled = tmp_path / "pickled.npz"
    pickled.write_bytes(pickle.dumps({"target_W1": np.eye(2)}))
    objects = tmp_path / "objects.npz"
    np.savez(objects, target_W1=np.array([None, 1.0], dtype=object))
    single = tmp_path / "single.npy"
    np.save(single, np.eye(2))
    text = tmp_path / "text.npz"
    text.write_text("hello")
    for path, message in ((truncated, "damaged or not an .npz"), (pickled, "not an .npz archive"),
                          (objects, "slth-ticket|pickled"), (single, "single .npy"), (text, "not an .npz archive"),
                          (tmp_path / "absent.npz", "not exist")):
        with pytest.raises(InvalidInput, match=message):
            check_ticket_file(path)
    assert zipfile.is_zipfile(saved)


def test_target_file_reads_target_matrices(saved, tmp_path):
    target = load_target_file(saved)
    assert [w.shape for w in target] == [(6, 4), (3, 6)]
    empty = tmp_path / "empty.npz"
    np.savez(empty, other=np.eye(2))
    with pytest.raises(InvalidInput, match="no target matrices"):
        load_target_file(empty)
    gap = tmp_path / "gap.npz"
    np.savez(gap, target_W1=np.eye(2) / 2, target_W3=np.eye(2) / 2)
    with pytest.raises(InvalidInput, match="without gaps; found target_W3 after target_W1"):
        load_target_file(gap)


# ------------------------------------------------------------------------------------------------------------ CLI
def _one_line_error(capsys):
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_cli_build_and_check(tmp_path, capsys):
    out = tmp_path / "t.npz"
    assert main(["ticket", "--widths", "6,8,4", "--eps", "0.01", "--delta", "0.01", "--seed", "2",
                 "--samples", "256", "--restarts", "2", "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for key in ("ok", "sup_error_certified", "sup_error_empirical", "max_weight_error", "hidden_widths",
                "params_random", "params_kept"):
        assert key in report
    assert report["ok"] is True and report["hidden_widths"] == [276, 352]
    assert report["sup_error_empirical"] <= report["sup_error_certified"] <= 0.01
    assert main(["ticket", "check", str(out), "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["ok"] is True and checked["sup_error_certified"] == report["sup_error_certified"]
    assert main(["ticket", "check", str(out)]) == 0
    assert "ok" in capsys.readouterr().out


def test_cli_exit_1_when_the_bound_misses_eps(capsys):
    assert main(["ticket", "--widths", "6,8,4", "--eps", "0.01", "--hidden", "12,16", "--samples", "64",
                 "--restarts", "1", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


@pytest.mark.parametrize("argv", [
    ["--widths", "6,8,4", "--eps", "1.5"],
    ["--widths", "6,8,4", "--eps", "nan"],
    ["--widths", "6,8,4", "--eps", "0.1", "--delta", "0"],
    ["--widths", "6,8,4", "--eps", "0.1", "--hidden", "600,800"],
    ["--widths", "6,8,4", "--eps", "0.1", "--hidden", "12"],
    ["--widths", "6,8,4", "--eps", "0.1", "--c", "nan"],
    ["--widths", "6,x,4", "--eps", "0.1"],
    ["--widths", "6,8,4"],
    ["--eps", "0.1"],
    ["--widths", "6,8,4", "--eps", "0.1", "--out", "/nonexistent/dir/t.npz"],
    ["check", "/nonexistent.npz"],
])
def test_cli_bad_input_exits_2_with_one_line(argv, capsys):
    try:
        code = main(["ticket", *argv])
    except SystemExit as raised:  # argparse refusals
        code = raised.code
    assert code == 2
    _one_line_error(capsys)


def test_cli_target_file_norm_above_one_needs_rescale(tmp_path, capsys):
    path = tmp_path / "target.npz"
    np.savez(path, target_W1=np.diag([2.0, 0.5, 0.5]), target_W2=np.full((2, 3), 0.1))
    assert main(["ticket", "--target", str(path), "--eps", "0.1"]) == 2
    assert "spectral norm 2 > 1" in _one_line_error(capsys)
    assert main(["ticket", "--target", str(path), "--rescale", "--eps", "0.1", "--c", "2", "--samples", "64",
                 "--json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["widths"] == [3, 3, 2]
    mismatched = tmp_path / "mismatched.npz"
    np.savez(mismatched, target_W1=np.eye(3) * 0.5, target_W2=np.full((2, 4), 0.1))
    assert main(["ticket", "--target", str(mismatched), "--eps", "0.1"]) == 2
    assert "needs 3 columns" in _one_line_error(capsys)
