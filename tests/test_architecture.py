"""The house's rules, checked: no import cycles, no private names across subpackages, documented public APIs.

The layering itself (which subpackage may import which) is import-linter's job (``lint-imports``, contracts in
``pyproject.toml``; ``make lint`` and ``make test`` run it).  These tests cover what its contracts do not: cycles
between individual modules (imports inside functions included), names that start with ``_`` imported from another
subpackage, and the public API that every subpackage's ``__init__`` declares.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("verify", "bounds", "figures", "paper")
SUBPACKAGES = ("verify.subsetsum", "verify.nets", "verify.data", "verify.train", "verify.prune", "verify.plantnseek",
               "verify.lth", "verify.tickets", "verify.experiments", "verify.claims")


def strongly_connected_components(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively (components of more than one module are import cycles)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def test_the_cycle_finder_finds_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert {frozenset(c) for c in strongly_connected_components(edges) if len(c) > 1} == {frozenset("abc")}


def test_no_module_imports_itself_back_through_others():
    graph = grimp.build_graph(*PACKAGES)
    modules = set(graph.modules)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) & modules for m in modules}
    cycles = [sorted(c) for c in strongly_connected_components(edges) if len(c) > 1]
    assert cycles == []


def _module_name(path: Path) -> str:
    """The dotted name of a project file; every test module counts as one importer, ``tests``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[0] == "tests":
        return "tests"
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _owner(module: str) -> str:
    """The unit that owns a module's private names: a subpackage of verify, or a whole top-level package."""
    parts = module.split(".")
    head = ".".join(parts[:2])
    return head if head in (*SUBPACKAGES, "verify.cli", "verify.bench") else parts[0]


def private_imports(source: str, importer: str) -> list[str]:
    """``from X import _name`` (or from a private module) where X belongs to another owner than ``importer``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                and node.module.split(".")[0] in PACKAGES):
            continue
        module_private = any(p.startswith("_") and not p.startswith("__") for p in node.module.split("."))
        for alias in node.names:
            name_private = alias.name.startswith("_") and not alias.name.endswith("__")
            if (module_private or name_private) and _owner(node.module) != _owner(importer):
                found.append(f"{node.lineno}: from {node.module} import {alias.name}")
    return found


def test_the_private_import_finder_tells_inside_from_outside():
    source = "from verify.subsetsum.worst_error import _worst_error_rows\nfrom verify.cli import args\n"
    assert private_imports(source, "tests") == ["1: from verify.subsetsum.worst_error import _worst_error_rows"]
    assert private_imports(source, "verify.nets.network") == ["1: from verify.subsetsum.worst_error import "
                                                               "_worst_error_rows"]
    assert private_imports(source, "verify.subsetsum.montecarlo") == []


def test_no_private_name_is_imported_from_another_subpackage():
    files = [p for package in (*PACKAGES, "tests") for p in (ROOT / package).rglob("*.py")
             if "out" not in p.relative_to(ROOT).parts]
    found = [f"{path.relative_to(ROOT)}:{line}" for path in files
             for line in private_imports(path.read_text(), _module_name(path))]
    assert found == []


@pytest.mark.parametrize("name", ["verify", *SUBPACKAGES, "bounds", "paper.prose"])
def test_every_public_name_is_listed_and_documented(name):
    package = importlib.import_module(name)
    assert package.__doc__, f"{name} has no docstring"
    for public in package.__all__:
        listed = re.search(rf"`(~?[\w.]*\.)?{re.escape(public)}(`| <)", package.__doc__)
        assert listed, f"{name}.__doc__ does not list {public}"
        value = getattr(package, public)
        if inspect.isfunction(value) or inspect.isclass(value) or inspect.ismodule(value):
            assert (value.__doc__ or "").strip(), f"{name}.{public} has no docstring"


def test_every_module_imports():
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)


def test_every_subcommand_is_registered():
    from verify.cli import SUBCOMMANDS, build_parser

    parser = build_parser()
    choices = next(a for a in parser._actions if a.dest == "command").choices
    assert set(choices) == set(SUBCOMMANDS)


def test_the_version_comes_from_the_installed_distribution():
    from importlib.metadata import version

    import verify

    assert verify.__version__ == version("slth-verify")
