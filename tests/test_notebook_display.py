"""What a REPL or a notebook shows: readable plain reprs, Markdown/HTML for Jupyter, nothing run together."""

import re

from bounds import derived_facts, get
from verify.compare import BoundValue, Measurement, judge
from verify.subsetsum import coverage
from verify.tickets import build_ticket, random_target


def test_derived_facts_are_shown_one_after_another():
    facts = derived_facts()
    text = repr(facts)
    assert text.count("\n\n") == len(facts) - 1
    assert all(repr(f) in text for f in facts)
    assert not text.startswith("(")   # not a tuple's repr with the texts run together
    assert facts._repr_markdown_().count("```text") == len(facts)


def test_a_bound_is_typeset_for_notebooks():
    bound = get("pensia2020.width")
    markdown = bound._repr_markdown_()
    assert f"$${bound.latex()}$$" in markdown and "RECALLED" in markdown and bound.describe() in markdown


def test_a_ticket_prints_plain_numbers():
    ticket = build_ticket(random_target([3, 4, 2], seed=1), eps=0.05, seed=1)
    text = repr(ticket) + repr(ticket.layer_bounds)
    assert "np.float64" not in text and "array(" not in text
    assert f"hidden={ticket.hidden_widths}" in text
    rows = [line for line in ticket._repr_markdown_().splitlines() if re.match(r"\| \d", line)]
    assert len(rows) == len(ticket.layer_bounds)


def test_a_verdict_renders_as_a_table_with_pipes_escaped():
    m = Measurement(quantity="|x| of a run", low=0.2, high=0.4, confidence=0.95, method="given")
    verdict = judge("a | claim", m, BoundValue(id="cap", kind="upper", value=1.0, confidence_tag="derived"))
    markdown = verdict._repr_markdown_()
    assert markdown.startswith("**holds**") and "a \\| claim" in markdown and "\\|x\\|" in markdown
    assert repr(verdict) == str(verdict)
    for line in markdown.splitlines()[2:]:   # every table row has exactly three unescaped pipes
        assert len(re.findall(r"(?<!\\)\|", line)) == 3


def test_a_coverage_result_is_an_html_table_of_its_summary():
    result = coverage("uniform", [1e-2], trials=20, n_max=16, seed=0)
    html = result._repr_html_()
    assert html.count("<table") == 1 and "20 sample paths" in html and "None" not in html
    assert "beyond n_max" in html   # 20 paths cannot bracket n_0.05 from above
    assert "n_star_mean" in html and html.count("<tr") == 1 + len(result.summary(delta=0.05))
