"""Ticket files of schema version 2: every construction round-trips, ``slth ticket check`` recomputes its claims, a
forward pass written from the schema's documentation alone agrees with the library's, and bad files are refused."""

import itertools
import json
import pickle

import numpy as np
import pytest

from verify.cli import main
from verify.errors import InvalidInput
from verify.tickets.activations import activation
from verify.tickets.builds import burkholz_ticket, conv_ticket, orseau_ticket
from verify.tickets.check import check_ticket_file
from verify.tickets.construction import build_ticket, random_target
from verify.tickets.convolutional import random_kernels
from verify.tickets.schema import load
from verify.tickets.ticketfile import read_ticket_arrays


@pytest.fixture(scope="module")
def tickets():
    target = random_target([3, 4, 2], seed=2)
    return {
        "burkholz": burkholz_ticket(target, 0.2, copies=8, seed=1, samples=128, restarts=1),
        "burkholz-leaky": burkholz_ticket(target, 0.2, copies=8, act=activation("leaky-relu", 0.2), seed=1,
                                          samples=128, restarts=1),
        "orseau": orseau_ticket(target, 0.2, units=12, seed=1, samples=128, restarts=1),
        "conv": conv_ticket(random_kernels([2, 3, 1], 3, seed=4), 0.2, units=8, image=5, seed=1, samples=64,
                            restarts=1),
    }


def _save(ticket, tmp_path, name="t.npz"):
    path = tmp_path / name
    ticket.save(path)
    return path


# ---------------------------------------------------------------- an independent forward pass, from the docs only
def _documented_forward(path, x):
    """The function of a schema-2 file, re-implemented from :mod:`verify.tickets.schema`'s documentation: loops over
    output entries, zero padding by hand, σ from its definition."""
    with np.load(path, allow_pickle=False) as data:
        layout = json.loads(str(data["layout"]))
        tensors = {key: data[key] for key in data.files}

    def sigma(kind, slope, t):
        if kind == "identity":
            return t
        return t if t >= 0 else (0.0 if kind == "relu" else slope * t)

    def run(prefix, specs, masked):
        h = np.array(x, dtype=float)
        for k, spec in enumerate(specs, start=1):
            w = tensors[f"{prefix}_{k}"] * (tensors[f"mask_{k}"] if masked else 1)
            if spec["kind"] == "dense":
                z = np.array([sum(w[o, i] * h[i] for i in range(w.shape[1])) for o in range(w.shape[0])])
            else:
                p, s = spec["padding"], w.shape[2]
                channels, height, width = h.shape
                padded = np.zeros((channels, height + 2 * p, width + 2 * p))
                padded[:, p:p + height, p:p + width] = h
                z = np.zeros((w.shape[0], height + 2 * p - s + 1, width + 2 * p - s + 1))
                for o, yy, xx in itertools.product(*(range(n) for n in z.shape)):
                    z[o, yy, xx] = sum(w[o, c, a, b] * padded[c, yy + a, xx + b]
                                       for c in range(channels) for a in range(s) for b in range(s))
            h = np.vectorize(lambda t, spec=spec: sigma(spec["activation"], spec["negative_slope"], t))(z)
        return h

    return run("target", layout["target"], False), run("random", layout["network"], True)


@pytest.mark.parametrize("name", ["burkholz", "burkholz-leaky", "orseau", "conv"])
def test_a_forward_pass_from_the_documentation_agrees(tickets, tmp_path, name):
    ticket = tickets[name]
    path = _save(ticket, tmp_path)
    rng = np.random.default_rng(3)
    for _ in range(3):
        x = rng.uniform(-1, 1, ticket.input_shape)
        f, g = _documented_forward(path, x)
        assert np.allclose(f, ticket.target_output(x[None])[0], rtol=1e-12, atol=1e-12)
        assert np.allclose(g, ticket(x[None])[0], rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------------------- round trip and check
@pytest.mark.parametrize("name", ["burkholz", "burkholz-leaky", "orseau", "conv"])
def test_check_recomputes_every_claim(tickets, tmp_path, name):
    ticket = tickets[name]
    path = _save(ticket, tmp_path)
    report = check_ticket_file(path)
    assert report["problems"] == [] or report["problems"][0].startswith("certified sup error")
    assert report["sup_error_certified"] == ticket.sup_error_certified
    assert report["sup_error_empirical"] == ticket.sup_error_empirical
    assert report["params_kept"] == ticket.params_kept and report["construction"] == ticket.construction
    parts = load(path)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(parts["masks"], ticket.masks))
    assert [p.tobytes() for p in [layer.weights for layer in parts["random"]]] == \
        [layer.weights.tobytes() for layer in ticket.random]


def test_the_same_ticket_gives_the_same_bytes(tickets, tmp_path):
    target = random_target([3, 4, 2], seed=2)
    again = burkholz_ticket(target, 0.2, copies=8, seed=1, samples=128, restarts=1)
    assert _save(again, tmp_path, "a.npz").read_bytes() == _save(tickets["burkholz"], tmp_path, "b.npz").read_bytes()


def test_a_ticket_meeting_eps_is_ok_and_a_tampered_one_is_caught(tmp_path):
    ticket = conv_ticket(random_kernels([1, 2], 3, seed=0), 0.05, units=30, image=5, seed=0, samples=64, restarts=1)
    assert ticket.ok
    path = _save(ticket, tmp_path)
    assert check_ticket_file(path)["ok"]
    arrays = read_ticket_arrays(path)
    mask = arrays["mask_2"].copy()
    mask[0] = 1 - mask[0]
    arrays["mask_2"] = mask
    np.savez(path, **arrays)
    report = check_ticket_file(path)
    assert not report["ok"]
    assert any("exceeds the claimed eps" in p for p in report["problems"])
    assert any("differs from the recomputed" in p for p in report["problems"])


def test_pensia_tickets_can_be_written_in_version_2(tmp_path):
    ticket = build_ticket(random_target([2, 3, 2], seed=0), 0.1, hidden=[40, 60], seed=0, samples=128, restarts=1)
    path = tmp_path / "p.npz"
    assert main(["ticket", "--widths", "2,3,2", "--eps", "0.1", "--hidden", "40,60", "--samples", "128",
                 "--restarts", "1", "--schema-version", "2", "--out", str(path)]) in (0, 1)
    report = check_ticket_file(path)
    assert report["construction"] == "pensia"
    assert report["sup_error_certified"] == pytest.approx(ticket.sup_error_certified, rel=1e-12)


# ------------------------------------------------------------------------------------------------- bad files
def _rewrite(path, **changes):
    arrays = read_ticket_arrays(path)
    arrays.update(changes)
    for key in [k for k, v in changes.items() if v is None]:
        arrays.pop(key)
    np.savez(path, **arrays)


def _layout(path):
    return json.loads(str(read_ticket_arrays(path)["layout"]))


@pytest.mark.parametrize("change, message", [
    (lambda p: {"construction": np.array("malach")}, "not known"),
    (lambda p: {"version": np.array(3)}, "version 3"),
    (lambda p: {"layout": np.array("{not json")}, "not valid JSON"),
    (lambda p: {"layout": np.array(json.dumps({**_layout(p), "domain": "linf-box"}))}, "certified on the l2-ball"),
    (lambda p: {"mask_2": read_ticket_arrays(p)["mask_2"] * 2}, "not binary"),
    (lambda p: {"mask_1": np.ones_like(read_ticket_arrays(p)["mask_1"])}, "at most one"),
    (lambda p: {"random_2": read_ticket_arrays(p)["random_2"] * 3}, r"outside \[-1, 1\]"),
    (lambda p: {"random_3": read_ticket_arrays(p)["random_3"][:, :-1]}, "shape"),
    (lambda p: {"target_1": read_ticket_arrays(p)["target_1"] * 5}, "spectral norm"),
    (lambda p: {"mask_3": None}, "missing entry 'mask_3'"),
    (lambda p: {"eps": np.array(1.5)}, "strictly between 0 and 1"),
    (lambda p: {"layout": np.array(json.dumps({**_layout(p), "parameters": {}}))}, "copies"),
])
def test_damaged_files_are_refused_with_one_line(tickets, tmp_path, capsys, change, message):
    path = _save(tickets["burkholz"], tmp_path)
    _rewrite(path, **change(path))
    with pytest.raises(InvalidInput, match=message):
        check_ticket_file(path)
    assert main(["ticket", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_hyperbolic_law_is_checked_on_the_drawn_entries(tickets, tmp_path):
    path = _save(tickets["orseau"], tmp_path)
    random = read_ticket_arrays(path)["random_2"].copy()
    random[0, 0] = 0.001
    _rewrite(path, random_2=random)
    with pytest.raises(InvalidInput, match="hyperbolic"):
        check_ticket_file(path)


def test_a_conv_ticket_needs_its_pair_structure(tickets, tmp_path):
    path = _save(tickets["conv"], tmp_path)
    layout = _layout(path)
    layout["network"][1]["padding"] = 0
    _rewrite(path, layout=np.array(json.dumps(layout)))
    with pytest.raises(InvalidInput, match="output shape"):
        check_ticket_file(path)
    layout["target"][0]["padding"] = 0          # shapes agree again, but the pair is no longer "same" padded
    _rewrite(path, layout=np.array(json.dumps(layout)))
    with pytest.raises(InvalidInput, match="padding 1"):
        check_ticket_file(path)


def test_pickled_files_are_never_loaded(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, schema=np.array("slth-ticket"), version=np.array(2), layout=np.array([{"a": 1}], dtype=object))
    with pytest.raises(InvalidInput, match="pickled"):
        check_ticket_file(path)
    other = tmp_path / "p.pkl"
    other.write_bytes(pickle.dumps({"x": 1}))
    with pytest.raises(InvalidInput):
        check_ticket_file(other)


def test_a_file_asking_for_a_huge_empirical_search_is_refused_before_it_runs(tickets, tmp_path, capsys, monkeypatch):
    path = _save(tickets["orseau"], tmp_path)
    _rewrite(path, empirical_samples=np.array(10**9, dtype=np.int64))
    monkeypatch.setenv("SLTH_MEMORY_LIMIT", "1GB")
    with pytest.raises(InvalidInput, match="memory"):
        check_ticket_file(path)
    assert main(["ticket", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "empirical search" in err


@pytest.mark.parametrize("argv", [["--construction", "orseau", "--widths", "64,64", "--units", "100000000"],
                                  ["--construction", "conv", "--channels", "64,64", "--units", "10000000"]])
def test_a_network_above_the_memory_limit_is_refused_before_it_is_drawn(tmp_path, capsys, monkeypatch, argv):
    monkeypatch.setenv("SLTH_MEMORY_LIMIT", "1GB")
    out = tmp_path / "t.npz"
    assert main(["ticket", *argv, "--eps", "0.1", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "random network" in err and "memory limit" in err
    assert not out.exists()
