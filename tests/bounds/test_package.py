"""The bounds package's shape: no import cycle among its modules, and a documented public API."""

import inspect
import re

import grimp

import bounds


def _strongly_connected_components(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative; only the components of two or more modules (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    found.append(component)
    return found


def test_the_cycle_finder_finds_cycles():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert sorted(map(sorted, _strongly_connected_components(edges))) == [["a", "b", "c"], ["e"]]


def test_no_import_cycle_among_bounds_modules():
    """Every import counts: module level, inside functions, and under TYPE_CHECKING."""
    graph = grimp.build_graph("bounds", exclude_type_checking_imports=False, cache_dir=None)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert "bounds.bound" in edges and "bounds.papers.pensia2020" in edges     # the graph is the whole package
    assert _strongly_connected_components(edges) == []


def test_every_public_name_is_listed_in_the_package_docstring():
    doc = bounds.__doc__
    for name in bounds.__all__:
        lines = [line for line in doc.splitlines() if re.match(rf"\* ``{re.escape(name)}``: \S", line)]
        assert len(lines) == 1, f"{name} should have one line '* ``{name}``: what it is' in the bounds docstring"
    listed = re.findall(r"^\* ``(\w+)``: ", doc, flags=re.M)
    assert sorted(listed) == sorted(bounds.__all__)


def test_every_public_name_has_a_docstring():
    sources = [inspect.getsource(m) for m in _bounds_modules()]
    for name in bounds.__all__:
        obj = getattr(bounds, name)
        if inspect.isclass(obj):     # its own docstring, not a base class's nor the signature dataclass writes
            doc = vars(obj).get("__doc__") or ""
            assert doc.strip() and not doc.startswith(f"{obj.__name__}("), f"{name} has no docstring"
        elif callable(obj):
            assert (obj.__doc__ or "").strip(), f"{name} has no docstring"
        else:   # data (VARIABLES): a `#:` comment right above its definition in the module that defines it
            assert any(re.search(rf"^#: .+\n{name}\b.*=", s, flags=re.M) for s in sources), \
                f"{name} has no '#:' doc comment where it is defined"


def test_public_methods_of_public_classes_have_docstrings():
    for name in bounds.__all__:
        cls = getattr(bounds, name)
        if not inspect.isclass(cls):
            continue
        for attribute, value in vars(cls).items():
            if attribute.startswith("_"):
                continue
            function = value.fget if isinstance(value, property) else getattr(value, "func", value)
            function = getattr(function, "__func__", function)     # classmethod, staticmethod
            if inspect.isfunction(function):
                assert (function.__doc__ or "").strip(), f"{name}.{attribute} has no docstring"


def _bounds_modules():
    import importlib
    import pkgutil

    names = ["bounds"] + [m.name for m in pkgutil.walk_packages(bounds.__path__, "bounds.")]
    return [importlib.import_module(n) for n in names]
