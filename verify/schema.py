"""JSON the toolkit reads back (store manifests, chunk headers, the figures cache) is checked against a schema first.

A file that parses is not yet a file of the right shape: ``[]``, ``"x"`` or ``{"digest": 5}`` are valid JSON.  Every
reader therefore goes through :func:`read_json` (strict: no ``NaN``/``Infinity`` tokens, no duplicate keys, a size
cap) and :func:`problem` with a schema written next to it, and acts on the one-line answer: a store file that fails
is reported and recomputed, a manifest that fails is refused.

A schema is plain data:

* a type (``str``, ``int``, ``float``, ``bool``, ``dict``, ``list``): an instance of it (``bool`` is never an
  ``int`` or a ``float``; an ``int`` is a ``float``);
* a dict ``{key: schema}``: a JSON object with at least these keys, each matching (other keys are allowed);
* :class:`ListOf`, :class:`MapOf`, :class:`OneOf`, :class:`Equals`, :class:`Pattern`, :class:`IntRange`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Equals", "IntRange", "ListOf", "MapOf", "OneOf", "Pattern", "SHA256", "SchemaError", "problem",
           "read_json", "parse_json"]

MAX_JSON_BYTES = 64 * 2**20  # no file the toolkit writes comes near; a larger one is not read


class SchemaError(ValueError):
    """A JSON file that cannot be read, is not strict JSON, or does not match its schema (one line)."""


@dataclass(frozen=True)
class ListOf:
    item: Any
    length: int | None = None


@dataclass(frozen=True)
class MapOf:
    value: Any


@dataclass(frozen=True)
class OneOf:
    options: tuple


@dataclass(frozen=True)
class Equals:
    value: Any


@dataclass(frozen=True)
class Pattern:
    regex: str


@dataclass(frozen=True)
class IntRange:
    low: int | None = None
    high: int | None = None


SHA256 = Pattern(r"[0-9a-f]{64}")


def _type_name(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def problem(value, schema, where: str = "the document") -> str | None:
    """``None`` if ``value`` matches ``schema``, else one line saying where and how it does not."""
    if isinstance(schema, type):
        if schema is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif schema is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, schema)
        return None if ok else f"{where} is {_type_name(value)}, expected {_type_name(schema())}"
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return f"{where} is {_type_name(value)}, expected an object"
        for key, sub in schema.items():
            if key not in value:
                return f"{where} has no {key!r}"
            found = problem(value[key], sub, f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(schema, ListOf):
        if not isinstance(value, list):
            return f"{where} is {_type_name(value)}, expected a list"
        if schema.length is not None and len(value) != schema.length:
            return f"{where} has {len(value)} entries, expected {schema.length}"
        for index, item in enumerate(value):
            found = problem(item, schema.item, f"{where}[{index}]")
            if found:
                return found
        return None
    if isinstance(schema, MapOf):
        if not isinstance(value, dict):
            return f"{where} is {_type_name(value)}, expected an object"
        for key, item in value.items():
            found = problem(item, schema.value, f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(schema, OneOf):
        answers = [problem(value, option, where) for option in schema.options]
        return None if any(answer is None for answer in answers) else answers[0]
    if isinstance(schema, Equals):
        same = type(value) is type(schema.value) and value == schema.value
        return None if same else f"{where} is {value!r:.60}, expected {schema.value!r:.60}"
    if isinstance(schema, Pattern):
        if not isinstance(value, str) or not re.fullmatch(schema.regex, value):
            return f"{where} is {value!r:.60}, expected a string matching {schema.regex}"
        return None
    if isinstance(schema, IntRange):
        if not isinstance(value, int) or isinstance(value, bool) \
                or (schema.low is not None and value < schema.low) or (schema.high is not None and value > schema.high):
            return f"{where} is {value!r:.60}, expected an integer in [{schema.low}, {schema.high}]"
        return None
    raise TypeError(f"not a schema: {schema!r}")  # pragma: no cover - a programming error


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise SchemaError(f"key {key!r} appears twice")
        out[key] = value
    return out


def _no_constant(token):
    raise SchemaError(f"{token} is not a JSON number")


def parse_json(text: str, schema=None, what: str = "the document"):
    """Strict JSON (no NaN/Infinity, no duplicate keys) checked against ``schema``; raises :class:`SchemaError`."""
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except SchemaError as error:
        raise SchemaError(f"{what} is not strict JSON ({error})") from None
    except (ValueError, RecursionError) as error:
        raise SchemaError(f"{what} is not valid JSON ({' '.join(str(error).split())[:120]})") from None
    if schema is not None:
        found = problem(value, schema, what)
        if found:
            raise SchemaError(found)
    return value


def read_json(path, schema=None, what: str | None = None):
    """Read and check a JSON file (at most 64 MiB); raises :class:`SchemaError` with one line naming the file."""
    path = Path(path)
    what = str(path) if what is None else what
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_JSON_BYTES + 1)
    except OSError as error:
        raise SchemaError(f"{what} cannot be read ({error.strerror or type(error).__name__})") from None
    if len(data) > MAX_JSON_BYTES:
        raise SchemaError(f"{what} is larger than {MAX_JSON_BYTES // 2**20} MiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SchemaError(f"{what} is not UTF-8 text") from None
    return parse_json(text, schema, what)
