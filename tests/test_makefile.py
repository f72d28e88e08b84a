"""``make reproduce`` builds the quick figures as groups, two processes at a time: its groups must name every figure
once, and figures that share a campaign (and so a results store) must be in the same group, or two processes would
compute that campaign at once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from figures import runner

ROOT = Path(__file__).resolve().parent.parent
SHARED = {"rss_campaign", "rss_family_campaign", "pns_campaign", "lth_common"}  # modules that own a campaign's store


def _groups() -> dict[str, list[str]]:
    text = (ROOT / "Makefile").read_text().replace("\\\n", "")
    listed = re.search(r"^QUICK_GROUPS := (.*)$", text, flags=re.MULTILINE)
    assert listed, "QUICK_GROUPS"
    # one rule builds every group: quick-G passes the list QUICK_G to --only
    assert re.search(r"^\$\(addprefix quick-,\$\(QUICK_GROUPS\)\): quick-%:\n\t.*--only .*\$\(QUICK_\$\*\)", text,
                     flags=re.MULTILINE), "the quick-% rule"
    groups = {}
    for group in listed.group(1).split():
        name = f"QUICK_{group}"
        match = re.search(rf"^{name} := (.*)$", text, flags=re.MULTILINE)
        assert match, name
        groups[name] = [entry.strip() for entry in match.group(1).split(",")]
    return groups


def _campaigns(module) -> set[str]:
    """The figure's campaign modules and the other figures whose computation it calls."""
    tree = ast.parse(Path(module.__file__).read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "figures":
            for alias in node.names:
                if alias.name in SHARED or alias.name.startswith("fig"):
                    found.add(alias.name)
    return found


def test_the_groups_name_every_figure_once():
    groups = _groups()
    assert len(groups) >= 2
    named = [name for names in groups.values() for name in names]
    assert sorted(named) == sorted(module.NAME for module in runner.registry())
    assert len(set(named)) == len(named)


def test_figures_that_share_a_campaign_are_in_one_group():
    groups = _groups()
    group_of = {name: group for group, names in groups.items() for name in names}
    by_file = {Path(module.__file__).stem: module.NAME for module in runner.registry()}
    users: dict[str, set[str]] = {}
    for module in runner.registry():
        for campaign in _campaigns(module):
            users.setdefault(campaign, set()).add(module.NAME)
            if campaign in by_file:  # calling another figure's compute shares its store
                users[campaign].add(by_file[campaign])
    assert users, "no shared campaign found: the import scan is broken"
    for campaign, names in users.items():
        assert len({group_of[name] for name in names}) == 1, (campaign, sorted(names))
