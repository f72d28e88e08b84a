"""The examples in the bounds package's docstrings run and give what they show (every module, found by walking the
package, so a new or moved module is covered without listing it here)."""

import doctest
import importlib
import pkgutil

import pytest

import bounds

MODULES = ["bounds"] + sorted(m.name for m in pkgutil.walk_packages(bounds.__path__, "bounds."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
