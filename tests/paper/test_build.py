"""Figures build in the miniature profile, rebuild to identical bytes, and the paper types no number itself."""

import hashlib
import json

import pytest

from figures import runner
from paper import builder
from paper.builder import PaperError, Sources, bare_numbers, render
from paper.prose import FINDINGS, MEASURED
from verify.claims.registry import CLAIMS


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


def test_render_refuses_a_typed_number_and_an_unknown_source():
    sources = Sources()
    sources.add("fig", "fig.json", {"slope": {"value": 1.234, "description": "a slope"}})
    assert render("slope {{fig:slope|.2f}}", sources) == "slope 1.23"
    with pytest.raises(PaperError, match="without a source: 95%"):
        render("slope {{fig:slope}} at 95% confidence", sources)
    with pytest.raises(PaperError, match="no fact 'intercept'"):
        render("{{fig:intercept}}", sources)
    with pytest.raises(PaperError, match="names no results file"):
        render("{{other:slope}}", sources)


def test_every_claim_and_finding_template_types_no_number():
    assert set(MEASURED) == {claim.id for claim in CLAIMS}  # every claim has its prose, and no prose is orphaned
    for claim in CLAIMS:
        assert bare_numbers(MEASURED[claim.id]) == [], claim.id
    for finding in FINDINGS:
        assert bare_numbers(finding) == []


def test_paper_builds_and_every_quoted_number_matches_its_results_file(mini_build, tmp_path):
    figures_out, _ = mini_build
    path = builder.build("mini", out=tmp_path, figures_out=figures_out, latex=True, progress=False)
    text = path.read_text()
    assert "## Summary" in text and "## Findings" in text
    provenance = json.loads((path.parent / "provenance.json").read_text())
    assert provenance
    for key, entry in provenance.items():
        source, fact = key.split(":", 1)
        document = json.loads(open(entry["file"]).read())
        assert document["facts"][fact]["value"] == entry["value"]
    verdicts = json.loads((path.parent / "verdicts.json").read_text())
    assert {c["id"] for c in verdicts["claims"]} == {c.id for c in CLAIMS}
    assert all(c["outcome"] in ("holds", "violated", "inconclusive") for c in verdicts["claims"])
    assert (path.parent / "tables" / "verdicts.tex").read_text().startswith("\\begin{tabular}")
    for claim in CLAIMS:
        if claim.figure:
            assert (path.parent / "figures" / f"{claim.figure}.png").exists()
