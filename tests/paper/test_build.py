"""Figures build in the miniature profile, rebuild to identical bytes, and the paper types no number itself."""

import hashlib
import json
import math
from pathlib import Path

import pytest

from figures import runner
from paper import builder, prose, report
from paper.builder import PaperError, Sources, bare_numbers, render
from verify.claims.registry import CLAIMS, registry_digest
from verify.claims.results import load_results
from verify.errors import InvalidInput
from verify.tables import file_sha256


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    first = runner.build("mini", out=out, progress=False)
    return out, first


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_registered_figure_writes_png_and_pdf_and_a_results_file(mini_build):
    out, built = mini_build
    assert [b.name for b in built] == runner.names()
    for item in built:
        assert {p.suffix for p in item.files} == {".png", ".pdf"}
        assert all(p.stat().st_size > 1000 for p in item.files)
        document = json.loads(item.results_file.read_text())
        assert document["figure"] == item.name and document["profile"] == "mini" and document["facts"]


def test_a_rebuild_recomputes_nothing_and_gives_identical_bytes(mini_build, tmp_path):
    out, first = mini_build
    before = {p: _digest(p) for item in first for p in item.files}
    again = runner.build("mini", out=out, progress=False)
    assert not any(item.computed for item in again)
    assert {p: _digest(p) for item in again for p in item.files} == before


def test_a_build_from_scratch_elsewhere_gives_identical_bytes(mini_build, tmp_path):
    out, first = mini_build
    fresh = runner.build("mini", out=tmp_path, progress=False)
    for a, b in zip(first, fresh):
        assert [_digest(p) for p in a.files] == [_digest(p) for p in b.files]
        assert json.loads(a.results_file.read_text())["data"] == json.loads(b.results_file.read_text())["data"]


def test_unknown_figure_and_profile_are_refused(tmp_path):
    with pytest.raises(Exception, match="unknown figure 'rss_phase_transitoin'.*rss_phase_transition"):
        runner.build("mini", only=["rss_phase_transitoin"], out=tmp_path)
    with pytest.raises(Exception, match="profile"):
        runner.build("huge", out=tmp_path)


# -- the paper ----------------------------------------------------------------------------------------------------

def test_bare_numbers_are_found_outside_placeholders_and_formulas():
    assert bare_numbers("we measured 17 paths") == ["17"]
    assert bare_numbers("Lemma 1 holds") == ["1"]
    assert bare_numbers("slope {{fig:slope|.2f}} and `n = 3·round(log2(1/ε))` and $2^n$") == []


def _sources():
    sources = Sources()
    sources.add("fig", {"slope": {"value": 1.234, "description": "a slope"}},
                lambda key, item: {"file": "f.json", "key": key, "sha256": "0"})
    return sources


def test_render_refuses_a_typed_number_and_an_unknown_source():
    sources = _sources()
    assert render("slope {{fig:slope|.2f}}", sources) == "slope 1.23"
    assert sources.used["fig:slope"] == {"value": 1.234, "description": "a slope", "file": "f.json", "key": "slope",
                                         "sha256": "0"}
    with pytest.raises(PaperError, match="without a source: 95%"):
        render("slope {{fig:slope}} at 95% confidence", sources)
    with pytest.raises(PaperError, match="no fact 'intercept'"):
        render("{{fig:intercept}}", sources)
    with pytest.raises(PaperError, match="names no source"):
        render("{{other:slope}}", sources)


def test_every_template_types_no_number():
    templates = list(prose.MEASURED.values()) + list(prose.CAPTIONS.values()) + list(prose.FINDINGS) + \
        list(prose.LIMITATIONS) + [section["intro"] for section in prose.SECTIONS]
    for template in templates:
        assert bare_numbers(template) == [], template[:60]


def test_the_frame_types_no_number_but_years():
    for text in (prose.INTRODUCTION, prose.SETUP, prose.DECISIONS):
        assert all(n.strip("(),.;").isdigit() and 1900 < int(n.strip("(),.;")) < 2100 for n in bare_numbers(text))


def test_markdown_cells_escape_pipes_and_fold_lines():
    assert report.cell("max |ticket − target|\nper layer") == "max \\|ticket − target\\| per layer"


@pytest.fixture(scope="module")
def mini_paper(mini_build, tmp_path_factory):
    figures_out, _ = mini_build
    out = tmp_path_factory.mktemp("paper")
    path = builder.build("mini", out=out, figures_out=figures_out, latex=True, progress=False)
    return path


def test_the_paper_is_decided_from_its_shipped_results(mini_paper):
    target = mini_paper.parent
    verdicts = json.loads((target / "verdicts.json").read_text())
    assert verdicts["registry_digest"] == registry_digest()
    assert [c["id"] for c in verdicts["claims"]] == [c.id for c in CLAIMS]
    assert all(c["outcome"] in ("holds", "violated", "inconclusive", "insufficient") for c in verdicts["claims"])
    assert all(c["rule_sha256"] == claim.rule.digest() for c, claim in zip(verdicts["claims"], CLAIMS))
    results = load_results(target / "results")
    assert set(results.tables) >= {name for claim in CLAIMS for name in claim.results}
    text = mini_paper.read_text()
    assert "smoke test of the pipeline, not evidence" in text and "## Rule revisions" in text
    assert "## Bibliography" in text and text.count("*Figure `") == len({c.figure for c in CLAIMS if c.figure})
    assert (target / "tables" / "verdicts.tex").read_text().startswith("\\begin{tabular}")
    for claim in CLAIMS:
        if claim.figure:
            assert (target / "figures" / f"{claim.figure}.png").exists()


def test_every_quoted_number_points_at_a_results_file_with_its_sha256(mini_paper):
    provenance = json.loads((mini_paper.parent / "provenance.json").read_text())
    assert provenance
    verdicts = json.loads((mini_paper.parent / "verdicts.json").read_text())
    for key, entry in provenance.items():
        assert set(entry) == {"value", "description", "file", "key", "sha256"}, key
        path = Path(entry["file"]) if Path(entry["file"]).is_absolute() else builder.REPOSITORY / entry["file"]
        assert path.parent.name == "results" and path.name != "verdicts.json", key
        assert file_sha256(path) == entry["sha256"], key
        source, fact = key.split(":", 1)
        if source == "verdicts":
            assert verdicts["facts"][fact]["value"] == entry["value"]
        else:
            assert json.loads(path.read_text())[source][fact]["value"] == entry["value"]


def test_from_results_reproduces_the_paper_byte_for_byte(mini_paper, tmp_path):
    again = builder.build(out=tmp_path, from_results=mini_paper.parent / "results")
    for name in ("verdicts.json", "reproduction.md", "provenance.json"):
        assert (again.parent / name).read_bytes() == (mini_paper.parent / name).read_bytes(), name


def test_a_tampered_results_directory_is_refused(mini_paper, tmp_path):
    import shutil

    copy = tmp_path / "results"
    shutil.copytree(mini_paper.parent / "results", copy)
    table = next(copy.glob("*.npz"))
    table.write_bytes(table.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(InvalidInput, match="checksum"):
        builder.build(out=tmp_path / "out", from_results=copy)
    (copy / "stray.npz").write_bytes(b"")
    with pytest.raises(InvalidInput, match="unlisted: stray.npz"):
        builder.build(out=tmp_path / "out", from_results=copy)


def test_a_build_without_one_campaign_decides_nothing_for_its_claims_and_the_rest_as_before(mini_paper, tmp_path):
    """A results directory without the constructions table (a campaign not finished): its claims are insufficient
    with the missing table named, their numbers n/a with no file behind them, and every other claim is decided
    exactly as in the complete build."""
    import shutil

    from verify.claims.model import MISSING
    from verify.claims.results import FACTS_FILE, write_manifest

    partial = tmp_path / "results"
    shutil.copytree(mini_paper.parent / "results", partial)
    (partial / "constructions.npz").unlink()
    facts = json.loads((partial / FACTS_FILE).read_text())
    del facts["constructions"]
    (partial / FACTS_FILE).write_text(json.dumps(facts, indent=1, sort_keys=True))
    write_manifest(partial, "mini", None)
    built = builder.build(out=tmp_path / "out", from_results=partial)
    complete = {c["id"]: c for c in json.loads((mini_paper.parent / "verdicts.json").read_text())["claims"]}
    document = json.loads((built.parent / "verdicts.json").read_text())
    affected = [claim.id for claim in CLAIMS if "constructions" in claim.results]
    assert affected
    for claim in document["claims"]:
        if claim["id"] in affected:
            assert claim["outcome"] == "insufficient" and claim["verdicts"] == []
            assert document["facts"][f"{claim['id']}.{MISSING}"]["value"] == "constructions"
        else:
            assert claim == complete[claim["id"]]
    text = built.read_text()
    assert text.count("Nothing in this build: its result tables (constructions)") == len(affected)
    assert "![constructions]" not in text
    provenance = json.loads((built.parent / "provenance.json").read_text())
    absent = [entry for key, entry in provenance.items() if key.startswith("constructions:")]
    assert absent and all(entry["file"] is None and entry["value"] is None for entry in absent)


COMMITTED = builder.DEFAULT_OUT / "full"


def _same_up_to_rounding(built, committed, path="") -> list[str]:
    """Where two JSON documents differ beyond the last bits of their floats (relative 1e-9, absolute 1e-12): the
    statistics behind the verdicts call BLAS and numpy's SIMD loops, whose summation order depends on the CPU, so
    the machine that built ``paper/full`` and another one agree to about 1e-15, not bit for bit."""
    if isinstance(built, float) and isinstance(committed, float):
        return [] if math.isclose(built, committed, rel_tol=1e-9, abs_tol=1e-12) else [path]
    if isinstance(built, dict) and isinstance(committed, dict):
        if built.keys() != committed.keys():
            return [path + " (keys)"]
        return [where for key in built for where in _same_up_to_rounding(built[key], committed[key], f"{path}.{key}")]
    if isinstance(built, list) and isinstance(committed, list):
        if len(built) != len(committed):
            return [path + " (length)"]
        return [where for k, (a, b) in enumerate(zip(built, committed))
                for where in _same_up_to_rounding(a, b, f"{path}[{k}]")]
    return [] if type(built) is type(committed) and built == committed else [path]


@pytest.mark.skipif(not (COMMITTED / "results").is_dir(), reason="no committed paper-grade results")
def test_the_committed_paper_is_reproduced_from_its_results(tmp_path):
    """``slth paper --from-results paper/full/results`` gives the committed write-up byte for byte, and its verdicts
    and provenance with every outcome, string and integer equal and every float equal up to its last bits (see
    :func:`_same_up_to_rounding`; on the machine that built them, bit for bit)."""
    again = builder.build(out=tmp_path, from_results=COMMITTED / "results")
    assert (again.parent / "reproduction.md").read_bytes() == (COMMITTED / "reproduction.md").read_bytes()
    for name in ("verdicts.json", "provenance.json"):
        built, committed = (json.loads((folder / name).read_text()) for folder in (again.parent, COMMITTED))
        assert _same_up_to_rounding(built, committed) == [], name


def test_the_rounding_comparison_sees_a_changed_verdict():
    committed = {"claims": [{"outcome": "consistent", "point": 0.25, "replicates": 2000}], "facts": {"x": 1.0}}
    assert _same_up_to_rounding(json.loads(json.dumps(committed)), committed) == []
    assert _same_up_to_rounding({**committed, "facts": {"x": 1.0 + 1e-15}}, committed) == []
    assert _same_up_to_rounding({**committed, "facts": {"x": 1.0 + 1e-6}}, committed) == [".facts.x"]
    changed = {**committed, "claims": [{"outcome": "refuted", "point": 0.25, "replicates": 2000}]}
    assert _same_up_to_rounding(changed, committed) == [".claims[0].outcome"]
    assert _same_up_to_rounding({**committed, "facts": {"x": 1}}, committed) == [".facts.x"]


def test_a_value_that_rounds_to_zero_is_written_without_its_sign():
    assert builder.format_value(-2.220446049250313e-16, ".2f") == "0.00"
    assert builder.format_value(-0.004, ".2f") == "0.00" and builder.format_value(-0.006, ".2f") == "-0.01"
    assert builder.format_value(-2.2e-16, ".3g") == "-2.2e-16" and builder.format_value(-1e-3, ".0e") == "-1e-03"
    assert builder.format_value(float("-inf"), ".2f") == "-inf" and builder.format_value(-0.0, ".1f") == "0.0"


def test_the_plant_n_seek_and_experiment_2_tables_of_the_mini_build_carry_their_units(mini_build):
    """End to end on the mini profile: the runs tables hold the reference campaign (the code's l1-sign planting, one
    planting with two repetitions) and the l2 campaign beside it on the same mother networks, the planted and dense
    rows of every planting and repetition, repetitions that re-draw the training (other trained numbers on the same
    planted network); Experiment 2 both targets; and every claim of both areas is judged from the tables."""
    import numpy as np

    from verify.claims.registry import get

    out, _ = mini_build
    results = load_results(Path(out) / "mini" / "results")
    for name in ("pns_singleshot", "pns_multishot"):
        table = results.table(name)
        reference = table["match"] == "l1-sign"
        assert set(table["match"]) == {"l1-sign", "l2"}
        assert set(table["repetition"][reference]) == {0, 1} and set(table["repetition"][~reference]) == {0}
        for task in ("circle", "relu"):
            for repetition in (0, 1):
                rows = reference & (table["task"] == task) & (table["repetition"] == repetition)
                assert {"planted", "dense"} <= set(table["pruner"][rows])
            dense = np.flatnonzero(reference & (table["task"] == task) & (table["pruner"] == "dense"))
            assert len(set(table["run_seed"][dense])) == 1 and len(set(table["repetition_seed"][dense])) == 2
            metric = "trained_accuracy" if task == "circle" else "trained_loss"
            assert table["trained_loss"][dense[0]] != table["trained_loss"][dense[1]], metric
            same_mother = (table["task"] == task) & (table["pruner"] == "dense") & (table["repetition"] == 0)
            assert len(set(table["run_seed"][same_mother])) == 1           # l2 planted into the same mothers
    exp2 = results.table("pensia_exp2")
    assert set(exp2["target"]) == {"fc2", "fc4"}
    for claim in ("pns.dense_reaches", "pns.singleshot_weak_density", "pns.multishot_synflow", "pensia2020.exp2"):
        item = get(claim).judge(results)
        assert item.outcome == "insufficient" and item.verdicts       # one planting, two seeds: nothing decided


def test_the_plant_n_seek_and_experiment_2_claims_are_judged_and_written_up_from_the_mini_build(mini_build):
    """End to end on the mini profile, from the results files to the written section: every claim of the Plant 'n'
    Seek section and Experiment 2 is judged from the mini tables; the claims that rest on the campaigns (one planting
    with two repetitions, two seeds) are insufficient, since five plantings or seeds are registered; the section's
    introduction, the measured text of every claim and the captions of the three figures render with no placeholder
    left, and every number they quote points at a results file by its sha256."""
    from verify.claims.registry import get

    out, _ = mini_build
    results = load_results(Path(out) / "mini" / "results")
    section = next(s for s in prose.SECTIONS if s["claims"][0] == "pns.planted_exact")
    ids = section["claims"] + ["pensia2020.exp2"]
    evaluated = [get(claim).judge(results) for claim in ids]
    outcomes = {claim: item.outcome for claim, item in zip(ids, evaluated)}
    campaign_claims = ["pns.dense_reaches", "pns.singleshot_weak_density", "pns.no_strong_tickets",
                       "pns.edge_popup_relu", "pns.edge_popup_helix", "pns.edge_popup_circle", "pns.multishot_synflow",
                       "pensia2020.exp2"]
    assert {outcomes[c] for c in campaign_claims} == {"insufficient"}, outcomes
    assert all(item.verdicts for item in evaluated)                         # judged, not skipped
    sources, _ = builder.sources_for(results, evaluated)
    texts = [render(section["intro"], sources)]
    texts += [render(prose.MEASURED[claim], sources) for claim in ids]
    texts += [render(prose.CAPTIONS[f], sources) for f in ("pns_singleshot", "pns_multishot", "pensia_exp2")]
    assert all("{{" not in text for text in texts)
    for key, origin in sources.used.items():
        assert origin["file"].endswith((".npz", "facts.json")) and len(origin["sha256"]) == 64, key


def test_a_rebuild_draws_nothing_and_a_redraw_gives_the_same_bytes(mini_build, tmp_path, monkeypatch):
    from figures import drawn

    out, first = mini_build
    before = {p: _digest(p) for item in first for p in item.files}
    again = runner.build("mini", out=out, progress=False)
    assert not any(item.drawn for item in again)
    assert [item.files for item in again] == [item.files for item in first]  # same files, in the same order
    for item in first:  # without their stamps, every figure is drawn again in the same place, to the same bytes
        drawn.stamp_path(out, "mini", item.name).unlink()
    redrawn = runner.build("mini", out=out, progress=False)
    assert all(item.drawn for item in redrawn) and not any(item.computed for item in redrawn)
    assert all(drawn.stamp_path(out, "mini", item.name).is_file() for item in redrawn)
    assert {p: _digest(p) for item in redrawn for p in item.files} == before


def _drawn_again(out, name):
    return runner.build("mini", only=[name], out=out, progress=False)[0].drawn


def _first_float(node):
    """A path (list of keys and indices) to the first float in a JSON document."""
    if isinstance(node, float):
        return []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found = _first_float(value)
        if found is not None:
            return [key, *found]
    return None


def test_a_figure_is_drawn_again_when_its_files_stamp_data_or_code_change(mini_build, tmp_path, monkeypatch):
    import hashlib
    import shutil

    from figures import drawn

    source, first = mini_build
    out = tmp_path / "copy"
    shutil.copytree(source, out)
    name = first[0].name
    png = out / "mini" / f"{name}.png"
    assert not _drawn_again(out, name)
    png.write_bytes(png.read_bytes() + b"\0")   # a changed file
    assert _drawn_again(out, name) and not _drawn_again(out, name)
    png.unlink()                                 # a missing file
    assert _drawn_again(out, name) and png.is_file()
    stamp = drawn.stamp_path(out, "mini", name)
    good = json.loads(stamp.read_text())
    outside = tmp_path / "outside.png"
    outside.write_bytes(png.read_bytes())
    true_sha = hashlib.sha256(outside.read_bytes()).hexdigest()
    for broken in ("not json", "{}",
                   {**good, "files": [["../../outside.png", true_sha], good["files"][1]]},  # a file elsewhere
                   {**good, "files": [good["files"][0]]},                                     # the PDF unchecked
                   {**good, "files": good["files"][::-1]}):                                   # not as written
        stamp.write_text(broken if isinstance(broken, str) else json.dumps(broken))
        assert _drawn_again(out, name), broken
    monkeypatch.setattr(drawn, "drawing_digest", lambda: "f" * 64)  # other drawing code, settings or libraries
    assert _drawn_again(out, name) and not _drawn_again(out, name)
    monkeypatch.undo()
    assert _drawn_again(out, name) and not _drawn_again(out, name)
    results = runner.results_path(out, "mini", name)  # the same key, other data (checksum made to match)
    document = json.loads(results.read_text())
    where = _first_float(document["data"])
    node = document["data"]
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = node[where[-1]] * (1 + 1e-6) + 1e-9
    document["checksum"] = runner._checksum(document)
    results.write_text(json.dumps(document))
    again = runner.build("mini", only=[name], out=out, progress=False)[0]
    assert not again.computed and again.drawn


def test_slth_figures_says_which_files_it_kept(mini_build, tmp_path, capsys):
    import shutil

    from cli_runner import run_cli

    source, first = mini_build
    out = tmp_path / "copy"
    shutil.copytree(source, out)
    name = first[0].name
    code, stdout, _ = run_cli(["figures", "--profile", "mini", "--only", name, "--out", str(out)], capsys)
    assert code == 0 and "(as drawn before: data and drawing code unchanged)" in stdout
    (out / "mini" / f"{name}.pdf").unlink()
    code, stdout, _ = run_cli(["figures", "--profile", "mini", "--only", name, "--out", str(out)], capsys)
    assert code == 0 and "as drawn before" not in stdout and f"{name}.pdf" in stdout


def test_the_drawing_digest_follows_files_versions_and_matplotlib_settings(monkeypatch, tmp_path):
    import importlib.metadata

    import matplotlib

    from figures import drawn

    package = tmp_path / "drawn_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "panel.py").write_text("WIDTH = 3\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    def digest():
        return drawn._source_digest(("drawn_probe",))

    base = digest()
    assert digest() == base                                   # deterministic
    (package / "panel.py").write_text("WIDTH = 4\n")
    assert digest() != base                                   # a changed source file
    (package / "panel.py").write_text("WIDTH = 3\n")
    assert digest() == base
    (package / "panel.py").rename(package / "panels.py")
    assert digest() != base                                   # a renamed one
    (package / "panels.py").rename(package / "panel.py")
    (package / "rules.toml").write_text("level = 0.05\n")
    assert digest() != base                                   # a data file beside the source
    (package / "rules.toml").unlink()
    assert digest() == base
    (package / "out" / "quick" / "data").mkdir(parents=True)  # a build's outputs under the package: not source
    (package / "out" / "quick" / "data" / "fig.json").write_text("{}")
    (package / "out" / "fig.png").write_bytes(b"png")
    assert digest() == base
    real = importlib.metadata.distributions
    without_numpy = [d for d in real() if d.metadata["Name"] != "numpy"]
    monkeypatch.setattr(importlib.metadata, "distributions", lambda: without_numpy)
    assert digest() != base                                   # other installed distributions
    monkeypatch.setattr(importlib.metadata, "distributions", real)
    assert digest() == base
    settings = drawn._theme_settings()
    assert drawn._theme_settings() == settings
    monkeypatch.setitem(matplotlib.rcParams, "savefig.pad_inches", 0.6)  # as a matplotlibrc would set it
    assert drawn._theme_settings() != settings
