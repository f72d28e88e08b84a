"""Property-based hardening of the command line: argument vectors for every subcommand, generated from its parser.

The strategy walks ``verify.cli.build_parser()`` (every subcommand and sub-subcommand, every option and positional
argument) and builds argument vectors from it: valid values kept cheap, and hostile ones — wrong types, empty text,
NaN and infinities, extremes (10¹², 2⁶², 10²⁶), unicode, options given twice, unknown options, and the crafted
files and stores of :mod:`crafted` (damaged, forged, oversized, malformed).  Each vector runs in-process
(:func:`cli_runner.run_cli`) in a fresh working directory, and must

* end with exit status 0, 1 or 2, and never with an uncaught exception (a traceback) or a RuntimeWarning;
* on status 2, print exactly one line on stderr (warnings about a store's files aside);
* write nothing outside its working directory (where every ``--out`` points; generated output paths never leave it)
  — the working directory's parent, the file system's root, the crafted inputs and the repository's
  ``figures/out`` and ``paper`` directories are compared before and after.

Valid inputs that would be expensive are kept small by the strategy, not by the checks: options that only cost time
(epochs, iterations, rounds, repetitions) take small values or invalid ones; options whose cost is memory (trials,
path lengths, widths, sample counts) also take extremes, which the memory guard must refuse at once.  The memory limit
is lowered to 1 GiB (``SLTH_MEMORY_LIMIT``) so that every refusal is also cheap to reach.

Profiles: ``test_cli_fuzz`` runs :data:`SHORT_EXAMPLES` derandomized examples in ``make test``; ``test_cli_fuzz_long``
(marker ``slow``, ``make test-all``) runs :data:`LONG_EXAMPLES`.  ``SLTH_FUZZ_REPORT=FILE`` writes the counts of
cases and exit statuses there.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest
from cli_runner import run_cli
from crafted import RSS_STORE_ARGV, make_inputs, make_stores
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verify.cli import build_parser

SHORT_EXAMPLES = int(os.environ.get("SLTH_FUZZ_EXAMPLES", "330"))
LONG_EXAMPLES = int(os.environ.get("SLTH_FUZZ_LONG_EXAMPLES", "3300"))
REPO = Path(__file__).resolve().parents[2]
WATCHED = [REPO / "figures" / "out", REPO / "paper" / "mini", REPO / "paper" / "quick", REPO / "paper" / "full"]
STATS: collections.Counter = collections.Counter()

# -------------------------------------------------------------------------------------------------- the parser


def _commands(parser: argparse.ArgumentParser, path=()):
    """(command path, parser) for every parser of the tree, the inner ones included (they take no action alone)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, path + (name,))


def _arguments(parser: argparse.ArgumentParser):
    return [a for a in parser._actions
            if not isinstance(a, (argparse._SubParsersAction, argparse._HelpAction, argparse._VersionAction))]


COMMANDS = [(path, _arguments(parser)) for path, parser in _commands(build_parser()) if path]

# ----------------------------------------------------------------------------------------- values for arguments
HOSTILE = ["", " ", "0", "-1", "-0", "nan", "-nan", "NaN", "inf", "-inf", "+inf", "1e308", "-1e308", "5e-324",
           "1e-320", "3.5", "1,1", "1,,2", ",", "0x10", "1_000", "١", "²", "𝟙", "ß", "é", "日本", "x" * 300,
           "--json", "-", "1e3", "true", "None", "[]", "{}", "'", "\"", "$(echo hi)", "../..", "a=b=c", "=1",
           "C=1,C=2", "d=nan", ":", "uniform:", "gaussian:sigma=1,sigma=2", "gaussian:sigma=1e308", "tcp://",
           "not an address", "per-row,per-row", "gt,gt"]
HUGE = ["1000000000000", "2147483648", "4611686018427387904", "4611686018427387905", "9223372036854775808",
        "99999999999999999999999999"]

# Options whose cost is memory: extremes are expected to be refused by the memory guard.
MEMORY = {"--trials", "--n-max", "--chunk-size", "--samples", "--hidden", "--widths", "--arch", "--width", "--c",
          "--batch", "--seed", "--eval-every", "--memory-limit", "--brute-force"}

FILES = ["samples.npy", "samples_nan.npy", "samples_inf.npy", "samples_huge.npy", "samples_int.npy", "samples_1d.npy",
         "samples_objects.npy", "samples_bigheader.npy", "samples_truncated.npy", "text.txt", "empty.bin",
         "pickle.npz", "adir", "ticket.npz", "ticket_corrupt.npz", "ticket_truncated.npz", "ticket_samples_1e12.npz",
         "ticket_restarts_1e11.npz", "ticket_nan.npz", "ticket_lying_header.npz", "ticket_bad_header.npz",
         "bomb.npz", "target.npz", "target_gap.npz", "target_norm.npz", "network.npz", "network_nan.npz",
         "network_wide.npz", "mnist_dir", "mnist_gz", "mnist_gz_corrupt", "mnist_gz_bomb", "mnist_nan.npz",
         "mnist.npz", "missing.npz"]
STORES = ["store_good", "store_manifest_list", "store_manifest_string", "store_manifest_types", "store_manifest_nan",
          "store_manifest_edited", "store_manifest_binary", "store_header_list", "store_header_null",
          "store_header_number", "store_forged_rows", "store_missing_array", "store_wrong_dtype",
          "store_edited_number", "store_swapped", "store_only_manifest", "store_corrupt_chunk"]
OUTPUTS = ["out", "out.npz", "sub/dir/out", "exists.txt", "existing_dir", "missing/out.npz", "", " "]
INPUT_OPTIONS = {"--samples", "--target", "--mnist", "--from-results", "file", "results"}
OUTPUT_OPTIONS = {"--out", "--figures-out"}

# Cheap valid values, per (command, option); an option missing here takes hostile values only, or the default.
COMMON = {"--seed": ["0", "3"], "--json": [None], "--threads": ["1"]}
CHEAP: dict[tuple, dict[str, list]] = {
    ("rss",): {"--eps": ["0.1", "0.2,0.05", "0.3"], "--trials": ["1", "6", "16"], "--n-max": ["1", "4", "8"],
               "--interval": ["-1,1", "0,1", "-0.5,2"], "--delta": ["0.01", "0.5"], "--confidence": ["0.9"],
               "--eps-max": ["0.3", "1"], "--law": ["uniform", "product", "gaussian:sigma=0.5", "hyperbolic",
                                                    "pensia-mixture", "uniform:low=-2,high=1"],
               "--per-trial": [None], "--executor": ["local"], "--chunk-size": ["1", "5", "1000"],
               "--memory-limit": ["1GB", "100MB", "512MiB"], "--samples": ["@file:samples.npy"]},
    ("bounds", "show"): {"id": ["pensia2020.width", "counting.rss_samples", "malach2020.width"]},
    ("bounds", "eval"): {"id": ["pensia2020.width"],
                         "--at": ["d_in=100,d_out=100,l=5,eps=0.01,delta=0.01",
                                  "d_in=1e300,d_out=1,l=1,eps=0.1,delta=0.1",
                                  "d_in=100,d_out=100,l=5,eps=1e-305,delta=0.01"],
                         "--const": ["C=1", "C=1e300"]},
    ("bounds", "compare"): {"first": ["pensia2020.width"], "second": ["malach2020.width"], "--var": ["d"],
                            "--at": ["l=2,eps=0.01,delta=0.01"], "--const": ["C=1"]},
    ("train",): {"--data": ["circle"], "--arch": ["2,4,4", "2,3,3,4"], "--epochs": ["1"],
                 "--batch": ["64", "1000"], "--lr": ["0.01"], "--eval-every": ["50", "1000"],
                 "--optimizer": ["adam", "sgd"], "--out": ["@out"]},
    ("ticket",): {"--widths": ["2,3,2", "2,2", "3,2,2"], "--eps": ["0.2", "0.5"], "--delta": ["0.2"],
                  "--c": ["1", "0.5"], "--samples": ["0", "8"], "--restarts": ["0", "1"], "--rescale": [None],
                  "--out": ["@out"]},
    ("ticket", "check"): {"file": ["@file:ticket.npz"]},
    ("approx",): {"--hidden": ["4"], "--epochs": ["1"], "--n": ["4", "6"], "--eps": ["0.1"],
                  "--law": ["per-row", "independent", "product"], "--target": ["@file:network.npz"],
                  "--out": ["@out"]},
    ("plant", "ticket"): {"--task": ["circle", "relu", "helix"], "--depth": ["3", "4", "5"], "--width": ["20", "40"],
                          "--match": ["l2", "l1-sign"], "--out": ["@out"]},
    ("plant", "run"): {"--task": ["relu", "circle"], "--pruner": ["random", "magnitude", "snip,random"],
                       "--width": ["20"], "--depth": ["3"], "--density": ["0.5", "gt", "0.1,1"], "--reps": ["1"],
                       "--epochs": ["1"], "--mode": ["singleshot"], "--executor": ["local"], "--no-reference": [None],
                       "--out": ["@out"]},
    ("lth", "run"): {"--data": ["relu", "circle"], "--rounds": ["0", "1"], "--trials": ["1"],
                     "--iterations": ["20"], "--eval-every": ["10"], "--executor": ["threads"],
                     "--rates": ["0.5"], "--rewind": ["init", "continue", "10"],
                     "--controls": ["none", "reinit", "reinit,random_mask"], "--out": ["@out"]},
    ("lth", "pilot"): {"--data": ["relu", "circle", "digits"], "--seeds": ["0", "0,3"], "--trials": ["1", "2"],
                       "--iterations": ["20"], "--eval-every": ["10"], "--executor": ["threads"],
                       "--margin": ["0.01", "0.05"]},
    ("figures",): {"--profile": ["mini"], "--only": ["rss_phase_transition"], "--out": ["@out"], "--list": [None]},
    ("paper",): {"--from-results": ["@file:adir"], "--out": ["@out"]},
    ("claims", "show"): {"claim": ["pensia2020.width_suffices", "nonexistent.claim"]},
    ("claims", "judge"): {"results": ["@file:adir"]},
}
# Options a valid vector of the command always carries (what keeps it cheap), and commands whose every valid run
# is expensive by design (benchmarks, whole builds): those always get at least one hostile value.
ALWAYS = {("rss",): ["--eps"], ("train",): ["--data", "--epochs", "--arch"],
          ("ticket",): ["--widths", "--eps", "--samples"],
          ("approx",): ["--hidden", "--epochs", "--n"], ("plant", "run"): ["--task", "--pruner", "--width", "--depth",
                                                                            "--epochs", "--executor"],
          ("lth", "run"): ["--data", "--rounds", "--trials", "--iterations", "--eval-every", "--executor"],
          ("lth", "pilot"): ["--data", "--seeds", "--trials", "--iterations", "--eval-every", "--executor"],
          ("figures",): ["--profile", "--out", "--only"], ("paper",): ["--from-results", "--out"],
          ("plant", "ticket"): ["--task", "--width"], ("bounds", "eval"): ["--at", "--const"]}
EXPENSIVE = {("bench", "rss"), ("bench", "train"), ("bench", "approx"), ("bench", "plant"), ("bench", "lth"),
             ("bounds", "facts")}
COUNTED = {"--threads", "--workers", "--repeats", "--steps", "--rounds", "--trials", "--iterations", "--epochs",
           "--reps", "--n", "--depth", "--eval-every", "--brute-force", "--restarts", "--width"}


def _name(action) -> str:
    return action.option_strings[0] if action.option_strings else action.dest


@st.composite
def _value(draw, command, action, hostile: bool):
    """One value (a list of argv tokens) for ``action`` of ``command``: cheap and valid, or hostile."""
    name = _name(action)
    cheap = CHEAP.get(command, {}).get(name) or COMMON.get(name)
    if action.nargs == 0:  # a flag
        return [name] if action.option_strings else []
    prefix = [name] if action.option_strings else []
    if not hostile and cheap is not None:
        choice = draw(st.sampled_from(cheap))
    elif not hostile and action.choices:
        choice = draw(st.sampled_from(sorted(map(str, action.choices))))
    elif not hostile:
        return []  # no cheap value known: leave the option at its default
    else:
        # an output path stays inside the working directory, so that "nothing outside --out" can be checked
        pools = [[h for h in HOSTILE if ".." not in h and not h.startswith("/")] if name in OUTPUT_OPTIONS
                 else HOSTILE]
        if name in MEMORY or not (name in COUNTED or action.type in (None, str)):
            pools.append(HUGE)
        if name in INPUT_OPTIONS or action.dest in ("file", "results"):
            pools.append([f"@file:{f}" for f in FILES])
        if name in OUTPUT_OPTIONS:
            pools.append(["@out:" + o for o in OUTPUTS] + [f"@store:{s}" for s in STORES])
        if action.choices:
            pools.append([c + "x" for c in map(str, action.choices)] + [str(c).upper() for c in action.choices])
        choice = draw(st.sampled_from(draw(st.sampled_from(pools))))
    if choice is None:
        return prefix
    if prefix and draw(st.booleans()) and not choice.startswith("-"):
        return [f"{name}={choice}"]
    return prefix + [choice]


@st.composite
def argument_vectors(draw, command):
    """argv (with @-placeholders for crafted files) for the subcommand ``command`` of the real parser."""
    actions = dict(COMMANDS)[command]
    hostile_run = command in EXPENSIVE or draw(st.booleans())  # half of the vectors carry hostility
    argv = list(command)
    always = set(ALWAYS.get(command, []))
    chosen = []
    for action in actions:
        name = _name(action)
        required = action.required or (not action.option_strings and action.nargs is None)
        if required or name in always or draw(st.integers(0, 3)) == 0:
            chosen.append(action)
    hostile_names = set()
    if hostile_run and chosen:
        hostile_names = {_name(a) for a in draw(st.lists(st.sampled_from(chosen), min_size=1, max_size=3))}
    elif hostile_run:
        argv.append(draw(st.sampled_from(["--nope", "extra", "--", "-x", "--jsn"])))
    for action in chosen:
        argv += draw(_value(command, action, _name(action) in hostile_names))
    if command in EXPENSIVE:  # every valid run of these is expensive by design: keep the vector refused
        argv.append("--not-an-option")
    if "--scheduler" in hostile_names:  # judge the address itself (no hostile value is a reachable scheduler)
        argv += ["--executor", "dask"]
    if chosen and draw(st.integers(0, 9)) == 0:  # an option given twice
        repeated = draw(st.sampled_from([a for a in chosen if a.option_strings] or chosen))
        argv += draw(_value(command, repeated, False))
    if draw(st.integers(0, 9)) == 0:  # shuffle the tokens after the command
        tail = argv[len(command):]
        argv = list(command) + draw(st.permutations(tail))
    if command == ("rss",) and draw(st.integers(0, 4)) == 0:  # rerun the crafted stores' own run
        argv = RSS_STORE_ARGV + ["--out", f"@store:{draw(st.sampled_from(STORES))}"]
    return argv


# ------------------------------------------------------------------------------------------------ the harness
@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    root = tmp_path_factory.mktemp("crafted")
    inputs = make_inputs(root / "inputs")
    stores = make_stores(root / "stores")
    yield inputs, stores, root
    report = os.environ.get("SLTH_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps(dict(STATS), indent=1, sort_keys=True) + "\n")


def _snapshot(paths) -> dict:
    state = {}
    for root in paths:
        if not root.exists():
            continue
        for path in [root, *root.rglob("*")]:
            try:
                info = path.lstat()
            except FileNotFoundError:
                continue
            state[str(path)] = (info.st_size, info.st_mtime_ns)
    return state


def _resolve(argv, inputs, stores, work: Path) -> list[str]:
    (work / "exists.txt").write_text("an existing file\n")
    (work / "existing_dir").mkdir(exist_ok=True)
    out = []
    for token in argv:
        head, sep, value = token.partition("=") if token.startswith("--") and "=" in token else ("", "", token)
        for kind, resolve in (("@file:", lambda n: str(inputs.get(n, work / "does-not-exist" / n))),
                              ("@store:", lambda n: _copy_store(stores[n], work)),
                              ("@out:", lambda n: n), ("@out", lambda n: "out")):
            if value.startswith(kind):
                value = resolve(value[len(kind):])
                break
        out.append(f"{head}{sep}{value}")
    return out


def _copy_store(store: Path, work: Path) -> str:
    target = work / f"copy-{store.name}"
    if not target.exists():
        shutil.copytree(store, target)
    return str(target)


def check_vector(argv, crafted, capsys, monkeypatch):
    inputs, stores, root = crafted
    monkeypatch.setenv("SLTH_MEMORY_LIMIT", "1GiB")
    before_inputs = _snapshot([root / "inputs", root / "stores"])
    before_repo = _snapshot(WATCHED)
    before_root = sorted(os.listdir("/"))
    with tempfile.TemporaryDirectory(prefix="fuzz-") as directory:
        outside = Path(directory)  # the working directory's parent: nothing may appear here either
        work = outside / "work"
        work.mkdir()
        resolved = _resolve(argv, inputs, stores, work)
        previous = os.getcwd()
        os.chdir(work)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", RuntimeWarning)
                status, out, err = run_cli(resolved, capsys)
        finally:
            os.chdir(previous)
        assert sorted(p.name for p in outside.iterdir()) == ["work"], resolved
    assert sorted(os.listdir("/")) == before_root, resolved
    STATS["cases"] += 1
    STATS[f"status {status}"] += 1
    if os.environ.get("SLTH_FUZZ_LOG"):
        with open(os.environ["SLTH_FUZZ_LOG"], "a") as log:
            log.write(json.dumps({"argv": resolved, "status": status, "err": err.strip().splitlines()[-1:]},
                                 ensure_ascii=False) + "\n")
    assert status in (0, 1, 2), (resolved, status, err)
    assert "Traceback" not in err, (resolved, err)
    runtime = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not runtime, (resolved, runtime)
    if status == 2:
        lines = [line for line in err.splitlines() if line.strip() and not line.startswith("slth: warning:")
                 and "\r" not in line]
        assert len(lines) == 1, (resolved, err)
    assert _snapshot([root / "inputs", root / "stores"]) == before_inputs, resolved
    assert _snapshot(WATCHED) == before_repo, resolved


_SETTINGS = dict(deadline=None, derandomize=not os.environ.get("SLTH_FUZZ_RANDOM"), database=None, print_blob=True,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                        HealthCheck.data_too_large])


PATHS = [path for path, _ in COMMANDS]


@pytest.mark.parametrize("command", PATHS, ids=[" ".join(p) for p in PATHS])
def test_cli_fuzz(command, crafted, capsys, monkeypatch):
    """The short profile: every subcommand gets SHORT_EXAMPLES / (number of subcommands) vectors."""

    @settings(max_examples=max(3, SHORT_EXAMPLES // len(PATHS)), **_SETTINGS)
    @given(argv=argument_vectors(command))
    def fuzz(argv):
        check_vector(argv, crafted, capsys, monkeypatch)

    fuzz()


@pytest.mark.slow
@pytest.mark.parametrize("command", PATHS, ids=[" ".join(p) for p in PATHS])
def test_cli_fuzz_long(command, crafted, capsys, monkeypatch):
    """The long profile (``make test-all``): LONG_EXAMPLES vectors over all subcommands."""

    @settings(max_examples=max(10, LONG_EXAMPLES // len(PATHS)), **_SETTINGS)
    @given(argv=argument_vectors(command))
    def fuzz(argv):
        check_vector(argv, crafted, capsys, monkeypatch)

    fuzz()


def test_every_subcommand_is_generated():
    """The strategy reaches every leaf command of the parser (so a new subcommand is fuzzed without more code)."""
    leaves = {path for path, actions in COMMANDS
              if not any(p[:len(path)] == path and len(p) > len(path) for p, _ in COMMANDS)}
    assert {("rss",), ("ticket", "check"), ("bench", "lth"), ("claims", "judge"), ("paper",)} <= leaves
    assert leaves <= {path for path, _ in COMMANDS}
