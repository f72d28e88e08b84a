"""``slth claims``: the registry as a user sees it (list, show, check) and verdicts re-derived from stored results."""

import json
import tomllib

import pytest
from cli_runner import run_cli

from figures import runner
from verify.claims.registry import RULES


def _registered_from_files() -> dict:
    """Claim id -> entry, read from the TOML files directly (not through the registry code)."""
    entries = {}
    for path in sorted(RULES.glob("*.toml")):
        with path.open("rb") as handle:
            for entry in tomllib.load(handle).get("claims", []):
                entries[entry["id"]] = entry
    return entries


def test_list_names_every_claim_of_the_rule_files(capsys):
    code, out, _ = run_cli(["claims", "list", "--json"], capsys)
    assert code == 0
    listed = json.loads(out)
    assert {c["id"] for c in listed} == set(_registered_from_files())
    for claim in listed:   # each claim's digest is the one its last history entry records
        assert claim["rule_sha256"] == claim["history"][-1]["rule_sha256"]


def test_show_prints_the_rule_and_every_revision(capsys):
    entry = _registered_from_files()["pensia2020.rule_of_thumb"]
    code, out, _ = run_cli(["claims", "show", "pensia2020.rule_of_thumb"], capsys)
    assert code == 0
    assert entry["rule"]["test"] in out and f"min replicates  {entry['rule']['min_replicates']}" in out
    for revision in entry["history"]:
        assert revision["date"] in out and revision["change"] in out


def test_check_passes_on_the_repository(capsys):
    code, out, _ = run_cli(["claims", "check"], capsys)
    assert code == 0 and "every rule matches" in out


@pytest.mark.parametrize("argv, message", [
    (["claims", "show", "no.such.claim"], "claim 'no.such.claim' is not known"),
    (["claims", "judge", "/nonexistent/results"], "does not exist"),
    (["claims"], "an action is required"),
])
def test_bad_input_is_one_line_and_status_2(argv, message, capsys):
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1 and out == ""


@pytest.fixture(scope="module")
def mini_rss_results(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    runner.build("mini", only=["rss_required_samples"], out=out, progress=False)
    return out / "mini" / "results"


def test_judge_derives_verdicts_from_stored_results(mini_rss_results, capsys):
    code, out, _ = run_cli(["claims", "judge", str(mini_rss_results), "--only",
                            "rss.counting_floor,pns.planted_exact", "--json"], capsys)
    assert code == 0
    claims = {c["id"]: c for c in json.loads(out)["claims"]}
    # the miniature profile has fewer sample paths than the registered minimum: never evidence
    minimum = _registered_from_files()["rss.counting_floor"]["rule"]["min_replicates"]
    floor = claims["rss.counting_floor"]
    assert floor["outcome"] == "insufficient" and floor["verdicts"]
    assert all(v["measurement"]["units"] < minimum for v in floor["verdicts"])
    assert claims["pns.planted_exact"] == {"id": "pns.planted_exact", "outcome": "not measured",
                                           "missing": ["pns_planting"]}


def test_judge_refuses_a_tampered_results_directory(mini_rss_results, tmp_path, capsys):
    import shutil

    copy = tmp_path / "results"
    shutil.copytree(mini_rss_results, copy)
    table = next(p for p in copy.iterdir() if p.suffix == ".npz")
    table.write_bytes(table.read_bytes() + b"\0")
    code, out, err = run_cli(["claims", "judge", str(copy)], capsys)
    assert code == 2 and "sha256" in err and out == ""
