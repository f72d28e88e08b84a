"""The claims registry as data: every rule matches its history, every claim has an evaluator, prose and a section,
and the full profiles run on the confirmatory seed."""

import importlib
import tomllib
from dataclasses import replace

import pytest

from figures import FIGURES
from paper import prose
from verify.claims import registry
from verify.errors import InvalidInput


def test_every_rule_matches_its_last_history_entry():
    """A rule may change only with a dated history entry recording the new rule's digest."""
    assert registry.stale_rules() == []


def test_a_changed_rule_is_caught(tmp_path):
    for path in registry.RULES.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text())
    text = (tmp_path / "rss.toml").read_text()
    (tmp_path / "rss.toml").write_text(text.replace("margin = 0.5", "margin = 0.75", 1))
    stale = registry.stale_rules(registry.load(tmp_path))
    assert [claim_id for claim_id, _ in stale] == ["lueker1998.rss_samples"]


def test_every_history_entry_is_dated_and_explained():
    for claim in registry.CLAIMS:
        assert claim.history, claim.id
        for entry in claim.history:
            assert len(entry.date) == 10 and entry.date[4] == "-" and entry.change and entry.reason, claim.id
        assert claim.rule.registered == claim.history[-1].date, claim.id


def test_every_claim_has_prose_a_section_and_a_caption():
    in_sections = [claim_id for section in prose.SECTIONS for claim_id in section["claims"]]
    assert sorted(in_sections) == sorted(registry.ids()) and len(set(in_sections)) == len(in_sections)
    assert set(prose.MEASURED) == set(registry.ids())
    for claim in registry.CLAIMS:
        assert claim.figure is None or claim.figure in prose.CAPTIONS, claim.id


def test_unknown_keys_and_evaluators_are_refused(tmp_path):
    good = (registry.RULES / "rss.toml").read_text()
    (tmp_path / "rss.toml").write_text(good.replace('evaluator = "rss.counting_floor"', 'evaluator = "rss.nothing"'))
    with pytest.raises(InvalidInput, match="not registered"):
        registry.load(tmp_path)
    (tmp_path / "rss.toml").write_text(good.replace('figure = "rss_required_samples"', 'figures = "x"', 1))
    with pytest.raises(InvalidInput, match="unknown keys"):
        registry.load(tmp_path)


def test_the_registry_digest_changes_with_any_rule():
    claims = registry.load()
    changed = (replace(claims[0], rule=replace(claims[0].rule, min_replicates=7)),) + claims[1:]
    assert registry.registry_digest(changed) != registry.registry_digest(claims)


def _seeds(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("seed", "seeds"):
                yield from (item if isinstance(item, list) else [item])
            else:
                yield from _seeds(item)
    elif isinstance(value, list):
        for item in value:
            yield from _seeds(item)


def test_full_profiles_run_on_the_confirmatory_seeds_only():
    with (registry.RULES / "campaigns.toml").open("rb") as handle:
        seeds = tomllib.load(handle)["seeds"]
    for name in FIGURES:
        module = importlib.import_module(name)
        for seed in _seeds(module.PROFILES["full"]):
            assert seed >= seeds["confirmatory"] and seed not in seeds["exploratory"], (name, seed)
