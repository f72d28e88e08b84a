"""``slth bounds``: the command-line contract (list, show, eval, compare, facts) and its refusals."""

import json
import math

import pytest
from bounds_oracles import CATALOG

from bounds import get, ids
from verify.cli import main


def run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exit_:       # argparse errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_the_contract_fields(capsys):
    code, out, err = run(["bounds", "list", "--json"], capsys)
    assert code == 0 and err == ""
    document = json.loads(out)
    assert [d["id"] for d in document] == list(CATALOG)
    for entry in document:
        assert {"id", "source", "kind", "quantity", "confidence", "variables", "constants"} <= set(entry)
        assert entry["confidence"] == CATALOG[entry["id"]]
        assert isinstance(entry["variables"], list) and isinstance(entry["constants"], list)
    width = next(d for d in document if d["id"] == "pensia2020.width")
    assert width["variables"] == ["d_in", "d_out", "l", "eps", "delta"]
    assert width["constants"][0]["name"] == "C" and width["constants"][0]["value"] is None
    assert width["constants"][0]["status"] == "no value given by the source"


def test_list_text_flags_recalled_bounds(capsys):
    code, out, _ = run(["bounds", "list"], capsys)
    assert code == 0
    line = next(row for row in out.splitlines() if row.startswith("pensia2020.width "))
    assert "RECALLED" in line and "[recalled, width corroborated]" in line


def test_show_gives_statement_source_confidence_and_latex(capsys):
    code, out, _ = run(["bounds", "show", "pensia2020.width"], capsys)
    assert code == 0
    assert "width ≥ C⋅dᵢₙ⋅log" in out
    assert "Pensia" in out and "Theorem 1" in out
    assert "recalled, width corroborated" in out and "RECALLED" in out
    assert get("pensia2020.width").latex() in out


def test_eval_json_is_the_contract(capsys):
    argv = ["bounds", "eval", "pensia2020.width", "--at", "d_in=100,d_out=100,l=5,eps=0.01,delta=0.01",
            "--const", "C=1", "--json"]
    code, out, err = run(argv, capsys)
    assert code == 0 and err == ""
    document = json.loads(out)
    assert {"id", "value", "at", "constants"} <= set(document)
    assert document["id"] == "pensia2020.width"
    assert document["value"] == pytest.approx(100 * math.log(100 * 100 * 5 / 0.01), rel=1e-14)
    assert document["at"] == {"d_in": 100, "d_out": 100, "l": 5, "eps": 0.01, "delta": 0.01}
    assert document["constants"] == {"C": {"value": 1.0, "origin": "given"}}


def test_eval_without_variables_and_with_derived_constants(capsys):
    code, out, _ = run(["bounds", "eval", "pensia2020.product_mixture", "--json"], capsys)
    assert code == 0 and json.loads(out)["value"] == pytest.approx(math.log(2) / 4, rel=1e-15)
    code, out, _ = run(["bounds", "eval", "natale2024.rfss_all_targets", "--at", "k=4,eps=0.01",
                        "--const", "c_hyp=1,c_thm=8", "--json"], capsys)
    assert code == 0 and json.loads(out)["constants"]["c_amp"]["origin"] == "derived"


def test_eval_text(capsys):
    code, out, _ = run(["bounds", "eval", "counting.rss_samples", "--at", "eps=0.01,L=2"], capsys)
    assert code == 0 and "n ≥ 6.643856" in out and "[derived]" in out


def test_compare_prints_ratio_limit_order_and_crossovers(capsys):
    code, out, _ = run(["bounds", "compare", "pensia2020.width", "pensia2020.lower_width", "--var", "d",
                        "--at", "l=1,eps=0.01,delta=0.01", "--const", "C=1"], capsys)
    assert code == 0
    assert "limit as d → ∞: oo" in out and "Θ(log(d))" in out and "crossovers for 1 ≤ d" in out
    code, out, _ = run(["bounds", "compare", "lueker1998.rss_samples", "counting.rss_samples", "--var", "eps",
                        "--at", "L=2", "--const", "C=1", "--json"], capsys)
    document = json.loads(out)
    assert document["limit"]["limit"] == "log(2)" and document["limit"]["numeric_check"]["agrees"]
    assert len(document["crossovers"]) == 1


def test_compare_with_an_implicit_bound_is_numeric(capsys):
    code, out, _ = run(["bounds", "compare", "natale2024.sparse_width", "pensia2020.width", "--var", "d", "--at",
                        "l=2,eps=0.01,delta=0.01,gamma=0.1,rho=2", "--const", "C=1,c_amp=1", "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["method"] == "numeric" and document["limit"] is None
    assert len(document["ratios"]) == len(document["points"]) and len(document["crossovers"]) == 1
    assert document["constants"]["natale2024.sparse_width"]["c_amp"]["origin"] == "given"


def test_facts(capsys):
    code, out, _ = run(["bounds", "facts", "--json"], capsys)
    assert code == 0 and len(json.loads(out)) == 5


@pytest.mark.parametrize("argv, message", [
    (["eval", "pensia2020.widht", "--at", "eps=0.1"], "did you mean pensia2020.width"),
    (["show", "lueker"], "unknown bound id 'lueker'"),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=0.1", "--const", "C=1"], "missing value for delta"),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=0.1,delta=0.1,x=1", "--const", "C=1"],
     "unknown name 'x'"),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=0,delta=0.1", "--const", "C=1"],
     "eps = 0 is outside the domain"),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=-1,delta=0.1", "--const", "C=1"],
     "eps = -1 is outside the domain"),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=0.1,delta=1", "--const", "C=1"],
     "delta = 1 is outside the domain"),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=0.1,delta=0.5"], "needs --const C="),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=0.1,delta=0.5,C=1"], "--const C="),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=0.1,delta=0.5", "--const", "K=1"],
     "'K' is not a constant"),
    (["eval", "pensia2020.width", "--at", "eps=abc"], "is not a number"),
    (["eval", "pensia2020.width", "--at", "eps=inf"], "must be a finite number"),
    (["eval", "pensia2020.width", "--at", "__import__('os').system('true')=1"], "is not name=value"),
    (["eval", "pensia2020.width", "--at", "eps=0.1,eps=0.2"], "given twice"),
    (["eval", "pensia2020.width", "--at", "d_in=1,d_out=1,l=1,eps=0.1,delta=0.5", "--const", "C=1", "--const",
      "C=2"], "--const is given twice"),
    (["eval", "pensia2020.width", "--at", "eps"], "is not name=value"),
    (["compare", "pensia2020.width", "malach2020.width", "--var", "q"], "unknown variable 'q'"),
    (["compare", "pensia2020.width", "malach2020.width", "--var", "k"], "has no variable 'k'"),
    (["compare", "natale2024.sparse_width", "pensia2020.width", "--var", "d", "--at",
      "l=2,eps=0.01,delta=0.01,gamma=0.1,rho=2", "--const", "C=1"], "--const c_amp=..."),
    (["compare", "natale2024.sparse_width", "pensia2020.width", "--var", "d", "--at", "l=2,eps=0.01,delta=0.01",
      "--const", "C=1,c_amp=1"], "give a value for gamma"),
    (["eval", "natale2024.rfss_all_targets", "--at", "k=4,eps=0.01"], "--const c_hyp=... and --const c_thm"),
])
def test_bad_input_exits_2_with_one_line(argv, message, capsys):
    code, out, err = run(["bounds", *argv], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_negative_value_after_option_is_a_value(capsys):
    """`--at eps=-1` is one token; the entry point also rewrites `--opt -1` so negative values never look like
    options."""
    code, _, err = run(["bounds", "eval", "counting.rss_samples", "--at", "eps=-1,L=2"], capsys)
    assert code == 2 and "eps = -1 is outside the domain" in err


def test_every_bound_evaluates_from_the_command_line(capsys):
    """Each id with values at a simple interior point (and constants = 1) gives a finite number."""
    point = {"eps": 0.01, "delta": 0.01, "d": 4, "d_in": 4, "d_out": 4, "l": 2, "k": 3, "n": 20, "L": 2,
             "gamma": 0.25, "rho": 1, "p": 0.5, "c_in": 3, "c_out": 3, "B": 2, "eps_l": 0.5, "n0": 50, "i": 1,
             "x_norm": 1, "w_norm": 1}
    for ident in ids():
        b = get(ident)
        argv = ["bounds", "eval", ident, "--json"]
        if b.variables:
            argv += ["--at", ",".join(f"{v}={point[v]}" for v in b.variables)]
        missing = b.constants_without_value()
        if missing:
            argv += ["--const", ",".join(f"{c}=1" for c in missing)]
        code, out, err = run(argv, capsys)
        assert code == 0, (ident, err)
        assert math.isfinite(json.loads(out)["value"])


@pytest.mark.parametrize("command", [["bounds", "facts"], ["bounds", "facts", "--json"],
                                     ["bounds", "compare", "pensia2020.width", "malach2020.width", "--var", "d"]])
def test_output_is_the_same_bytes_in_every_process(command):
    """sympy numbers its Dummy symbols from a random base per process; nothing printed may depend on it."""
    import os
    import subprocess
    import sys

    outputs = set()
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-m", "verify.cli", *command], capture_output=True, text=True,
                              env=env, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1
