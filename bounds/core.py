r"""The :class:`Bound` object: one published bound, with its statement, source, confidence and constants.

A bound is a relation ``quantity REL expression`` (e.g. :math:`\mathrm{width} \ge C d_{in} \log(\dots)`), read as

* ``kind="upper"``: an upper bound on what is *required*; meeting it suffices for the stated conclusion;
* ``kind="lower"``: a lower bound on what is required; it is necessary;
* ``kind="probability"``: a bound on a probability (or on probability mass).

Evaluating a bound gives the value of its right-hand side (the threshold on the quantity).  When the quantity also
appears on the right (Natale et al.'s widths are implicit), the threshold is found numerically from a residual that
the bound declares (:class:`Implicit`).

Constants: a constant the source does not give stays a symbol, described as "no value given by the source".  A value
measured by ``verify/`` can be attached with :meth:`Bound.with_empirical`; it is kept apart from the source's value and
labelled ``empirical`` wherever it is shown or used.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import sympy as sp

from bounds import _numeric
from bounds.described import Described
from bounds.errors import BoundsInputError
from bounds.functions import pretty as _pretty
from bounds.symbols import VARIABLES, name_of, real_view, variable

__all__ = ["Bound", "Source", "Constant", "Empirical", "Implicit", "Evaluation", "KINDS", "TAG_MEANINGS"]

KINDS = {
    "upper": "upper bound on what is required (meeting it suffices)",
    "lower": "lower bound on what is required (necessary)",
    "probability": "bound on a probability",
}

#: The confidence tags of the project's spec (shared/spec/README.md), plus "abstract".
TAG_MEANINGS = {
    "paper": "read in the paper's own text",
    "restated": "read in a later paper that restates it; wording may differ",
    "recalled": "from memory of the paper; form plausible, constants and numbering uncertain",
    "code": "read in the authors' public repository",
    "derived": "worked out in this project; not a published claim",
    "abstract": "read in the paper's abstract only",
}

_RELATIONS = {">=": sp.GreaterThan, "<=": sp.LessThan}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Source:
    """Where a bound comes from."""

    authors: str
    year: int | None
    title: str
    venue: str
    locator: str = ""          # theorem, lemma or corollary, as far as known
    note: str = ""             # e.g. "theorem number recalled"

    def citation(self) -> str:
        year = f" ({self.year})" if self.year else ""
        stop = "" if self.title.endswith(("?", "!", ".")) else "."
        text = f"{self.authors}{year}. {self.title}{stop} {self.venue}"
        if self.locator:
            text += f", {self.locator}"
        if self.note:
            text += f" ({self.note})"
        return text

    def short(self) -> str:
        first = self.authors.split(",")[0].split(" and ")[0].strip()
        more = " et al." if ("," in self.authors or " and " in self.authors) else ""
        year = f" {self.year}" if self.year else ""
        return f"{first}{more}{year}" + (f", {self.locator}" if self.locator else "")

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Constant:
    """A constant of a bound: the source's value, or a symbol with no value given by the source."""

    symbol: sp.Symbol
    meaning: str = "universal constant"
    value: sp.Expr | None = None          # the source's value, when it gives one
    definition: sp.Expr | None = None     # a relation to other constants, e.g. 8*c_hyp/c_thm (as restated)
    note: str = ""

    @property
    def name(self) -> str:
        return self.symbol.name

    def status(self) -> str:
        if self.value is not None:
            return f"{self.value} (given by the source)"
        if self.definition is not None:
            return f"= {sp.sstr(self.definition)} (as restated); no value given by the source"
        return "no value given by the source"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "meaning": self.meaning,
            "value": None if self.value is None else float(self.value),
            "definition": None if self.definition is None else sp.sstr(self.definition),
            "status": self.status(),
            "note": self.note,
        }


@dataclass(frozen=True)
class Empirical:
    """A constant's value measured by the project, with the evidence it rests on. Never the source's value."""

    value: float
    evidence: str

    def as_dict(self) -> dict:
        return {"value": self.value, "origin": "empirical", "evidence": self.evidence}


@dataclass(frozen=True)
class Implicit:
    """How to evaluate a bound whose quantity appears on both sides.

    ``residual`` is an expression in the quantity and the variables whose root is the threshold; ``method`` says
    what is known about it: ``"increasing"`` (increasing in the quantity from ``lower`` on, so one root) or
    ``"largest-root"`` (eventually increasing; the threshold is its largest root).  ``lower`` is the smallest
    admissible value of the quantity (e.g. ``2k`` where the source needs ``k <= n/2``).
    """

    residual: sp.Expr
    lower: sp.Expr
    method: str
    description: str

    def __post_init__(self):
        if self.method not in ("increasing", "largest-root"):
            raise ValueError(f"unknown implicit method {self.method!r}")


@dataclass(frozen=True)
class Evaluation:
    """A bound evaluated at given values, with where every constant's value came from."""

    id: str
    value: float | np.ndarray
    at: Mapping[str, float | np.ndarray]
    constants: Mapping[str, Mapping]      # name -> {"value", "origin": given|empirical|source|derived, "evidence"?}
    confidence: str

    def __float__(self) -> float:
        return float(self.value)

    @property
    def uses_empirical(self) -> bool:
        return any(c["origin"] == "empirical" for c in self.constants.values())

    def as_dict(self) -> dict:
        def plain(x):
            return x.tolist() if isinstance(x, np.ndarray) else x

        return {
            "id": self.id,
            "value": plain(self.value),
            "at": {k: plain(v) for k, v in self.at.items()},
            "constants": {k: {kk: plain(vv) for kk, vv in c.items()} for k, c in self.constants.items()},
            "confidence": self.confidence,
        }


def _frozen(mapping) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True, eq=False, repr=False)
class Bound(Described):
    """One published bound as a sympy object.

    Build bounds with the factories of the paper modules (``bounds.pensia2020.width()``...) or get them by id with
    :func:`bounds.get`; this constructor checks that every symbol of the expression is declared.
    """

    id: str
    title: str
    source: Source
    confidence: str                       # the catalog's wording, e.g. "recalled, width corroborated"
    kind: str                             # "upper" | "lower" | "probability"
    quantity: str                         # what is bounded, in words
    target: sp.Symbol                     # the bounded quantity's symbol (keyword of solve_for)
    expr: sp.Expr                         # right-hand side of the statement
    variables: tuple[str, ...]            # registry names, in display order
    constants: tuple[Constant, ...] = ()
    relation: str = ">="                  # the statement reads `target relation expr`
    conclusion: str = ""                  # what then holds (for sufficient conditions)
    conditions: tuple = ()                # sympy relations beyond each variable's natural domain
    meanings: Mapping[str, str] = field(default_factory=dict)   # variable name -> meaning in this bound
    trends: Mapping[str, int] = field(default_factory=dict)     # +1 / -1: declared (weak) monotonicity of the value
    notes: tuple[str, ...] = ()
    log_base: str = "natural"            # which logarithm `log` means in the statement
    implicit: Implicit | None = None
    alternatives: Mapping[str, object] = field(default_factory=dict)  # other forms of the statement (sympy relations)
    shown: object = None                  # the statement as the source writes it, when not `target relation expr`
    derived_from: Mapping[str, str] = field(default_factory=dict)     # id -> confidence of the bounds it builds on
    empirical: Mapping[str, Empirical] = field(default_factory=dict)

    # ------------------------------------------------------------------ construction checks
    def __post_init__(self):
        for name in ("meanings", "trends", "alternatives", "derived_from", "empirical"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "constants", tuple(self.constants))
        object.__setattr__(self, "conditions", tuple(self.conditions))
        object.__setattr__(self, "notes", tuple(self.notes))
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: kind must be one of {sorted(KINDS)}")
        object.__setattr__(self, "_domain", self._build_domain())
        if self.relation not in _RELATIONS:
            raise ValueError(f"{self.id}: relation must be '>=' or '<='")
        if not self.tags:
            raise ValueError(f"{self.id}: confidence {self.confidence!r} names no known tag")
        for name in self.variables:
            variable(name)
        declared = {VARIABLES[v].symbol for v in self.variables} | {c.symbol for c in self.constants}
        allowed = declared | ({self.target} if self.implicit else set())
        stray = self.expr.free_symbols - allowed
        if stray:
            raise ValueError(f"{self.id}: undeclared symbols {sorted(map(str, stray))}")
        if self.target in self.expr.free_symbols and self.implicit is None:
            raise ValueError(f"{self.id}: the quantity appears on the right; declare how to solve it (Implicit)")
        for name in self.trends:
            if name not in self.variables:
                raise ValueError(f"{self.id}: trend for unknown variable {name!r}")

    # ------------------------------------------------------------------ descriptive properties
    @property
    def tags(self) -> tuple[str, ...]:
        """The confidence tags named in :attr:`confidence` (e.g. ``("recalled",)``)."""
        words = re.findall(r"[a-z]+", self.confidence.lower())
        return tuple(dict.fromkeys(w for w in words if w in TAG_MEANINGS))

    @property
    def is_recalled(self) -> bool:
        return "recalled" in self.tags

    @property
    def paper(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def target_name(self) -> str:
        return name_of(self.target)

    @property
    def symbols(self) -> dict[str, sp.Symbol]:
        """Variable name -> shared symbol."""
        return {name: VARIABLES[name].symbol for name in self.variables}

    @property
    def constant_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.constants)

    @property
    def domain(self) -> tuple:
        """All domain conditions: each variable's natural domain, then the bound's own conditions."""
        return self._domain

    def _build_domain(self) -> tuple:
        out = []
        for name in self.variables:
            out.extend(VARIABLES[name].domain())
        out.extend(self.conditions)
        return tuple(out)

    @property
    def statement(self):
        """The statement as a sympy relation: ``target >= expr`` (or ``<=``), or the source's own form."""
        if self.shown is not None:
            return self.shown
        return _RELATIONS[self.relation](self.target, self.expr, evaluate=False)

    @property
    def has_log(self) -> bool:
        """Whether the statement involves a logarithm (then :attr:`log_base` says which)."""
        from bounds.functions import H2, log2

        return bool(self.statement.has(sp.log, log2, H2))

    @property
    def rests_on_recalled(self) -> bool:
        """True if this bound or a bound it is derived from is tagged [recalled]."""
        return self.is_recalled or any("recalled" in c for c in self.derived_from.values())

    def meaning(self, name: str) -> str:
        return self.meanings.get(name, VARIABLES[name].meaning)

    def constant(self, name: str) -> Constant:
        for c in self.constants:
            if c.name == name:
                return c
        raise BoundsInputError(f"{self.id} has no constant {name!r}; its constants: "
                               f"{', '.join(self.constant_names) or 'none'}")

    def latex(self) -> str:
        """The statement in LaTeX (sympy's printer)."""
        return sp.latex(self.statement)

    def pretty(self) -> str:
        """The statement in sympy's 2-D unicode layout."""
        return _pretty(self.statement)

    # ------------------------------------------------------------------ display
    def describe(self) -> str:
        kind_text = {"upper": "upper bound (sufficient)", "lower": "lower bound (necessary)",
                     "probability": "probability bound"}[self.kind]
        if self.is_recalled:
            flag = "  [RECALLED — not the authors' verified statement]"
        elif self.rests_on_recalled:
            flag = "  [rests on a RECALLED statement]"
        else:
            flag = ""
        lines = [f"{self.id}: {self.title}  [{self.confidence}]{flag}", f"  {kind_text}"]
        lines += ["    " + row for row in self.pretty().splitlines()]
        if self.implicit is not None:
            lines.append(f"  implicit in {self.target_name}: {self.implicit.description}")
        if self.conclusion:
            lines.append(f"  then: {self.conclusion}")
        for label, relation in self.alternatives.items():
            lines.append(f"  {label}:")
            lines += ["    " + row for row in _pretty(relation).splitlines()]
        lines.append(f"  quantity:   {self.target_name} = {self.quantity}")
        for ident, confidence in self.derived_from.items():
            lines.append(f"  built on:   {ident} [{confidence}]")
        lines.append(f"  source:     {self.source.citation()}")
        meanings = "; ".join(f"{t}: {TAG_MEANINGS[t]}" for t in self.tags)
        lines.append(f"  confidence: {self.confidence} ({meanings})")
        lines.append("  variables:  " + "; ".join(f"{v} = {self.meaning(v)}" for v in self.variables)
                     if self.variables else "  variables:  none")
        for c in self.constants:
            text = f"  constant:   {c.name} = {c.meaning}: {c.status()}"
            if c.name in self.empirical:
                e = self.empirical[c.name]
                text += f"; EMPIRICAL value {e.value:g} (measured, not the source's; evidence: {e.evidence})"
            lines.append(text)
        lines.append("  domain:     " + (", ".join(self._condition_text(c) for c in self.domain) or "none"))
        if self.has_log:
            lines.append(f"  logarithm:  {self.log_base}")
        for note in self.notes:
            lines.append(f"  note:       {note}")
        return "\n".join(lines)

    @staticmethod
    def _condition_text(condition) -> str:
        renamed = condition.xreplace({s: sp.Symbol(name_of(s)) for s in condition.free_symbols})
        return sp.sstr(renamed).replace("<=", "≤").replace(">=", "≥")

    def as_dict(self) -> dict:
        """Everything about the bound, JSON-serialisable."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source.citation(),
            "source_detail": self.source.as_dict(),
            "kind": self.kind,
            "quantity": self.quantity,
            "target": self.target_name,
            "relation": self.relation,
            "statement": sp.sstr(self.statement),
            "latex": self.latex(),
            "implicit": None if self.implicit is None else self.implicit.description,
            "conclusion": self.conclusion,
            "confidence": self.confidence,
            "tags": list(self.tags),
            "rests_on_recalled": self.rests_on_recalled,
            "derived_from": dict(self.derived_from),
            "variables": list(self.variables),
            "variable_meanings": {v: self.meaning(v) for v in self.variables},
            "constants": [c.as_dict() for c in self.constants],
            "empirical_constants": {k: e.as_dict() for k, e in self.empirical.items()},
            "domain": [self._condition_text(c) for c in self.domain],
            "trends": {k: ("increasing" if v > 0 else "decreasing") for k, v in self.trends.items()},
            "log_base": self.log_base if self.has_log else None,
            "notes": list(self.notes),
            "alternatives": {k: sp.sstr(v) for k, v in self.alternatives.items()},
        }

    # ------------------------------------------------------------------ empirical constants
    def with_empirical(self, evidence: str, **values: float) -> Bound:
        """A copy carrying measured values for some constants, labelled ``empirical`` wherever they are shown.

        >>> from bounds import get
        >>> b = get("lueker1998.rss_samples").with_empirical(C=1.6, evidence="slth rss, uniform, delta=0.01")
        >>> b.empirical["C"].value
        1.6
        >>> b.evaluate(eps=0.01).constants["C"]["origin"]
        'empirical'
        """
        if not isinstance(evidence, str) or not evidence.strip():
            raise BoundsInputError("with_empirical needs evidence: a short text saying what measurement gave the value")
        if not values:
            raise BoundsInputError(f"with_empirical needs a value, e.g. C=1.5; constants of {self.id}: "
                                   f"{', '.join(self.constant_names) or 'none'}")
        added = {}
        for name, value in values.items():
            self.constant(name)
            number = _scalar(value, name)
            if number <= 0:
                raise BoundsInputError(f"empirical {name} = {number:g} must be > 0 (constants are positive)")
            added[name] = Empirical(number, evidence.strip())
        return dataclasses.replace(self, empirical={**self.empirical, **added})

    # ------------------------------------------------------------------ evaluation
    def __call__(self, **values) -> float | np.ndarray:
        """The bound's value (its right-hand side, or the implicit threshold) at the given values.

        Keywords: every variable of the bound, and values for constants that have none (or attach them with
        :meth:`with_empirical`).  Arrays broadcast; the computation is float64 (integer inputs are cast first), and a
        value beyond the float64 range is ``inf``.

        >>> from bounds import get
        >>> get("counting.rss_samples")(eps=[0.5, 0.25, 0.125], L=2)
        array([1., 2., 3.])
        """
        return self.evaluate(**values).value

    def evaluate(self, **values) -> Evaluation:
        """Like calling the bound, but returns an :class:`Evaluation` recording where each constant came from."""
        at, consts, origins = self._resolve(values)
        args = self._arg_symbols()
        arrays = [at[name] for name in self.variables] + [consts[c] for c in self.constants_needed()]
        if self.implicit is None:
            value = _numeric.evaluate(self.expr, args, arrays)
        else:
            value = self._implicit_threshold(args, arrays)
        if np.any(np.isnan(value)):
            raise BoundsInputError(f"{self.id} is undefined at {_format_values(at)}")
        scalar = all(np.ndim(v) == 0 for v in at.values())
        return Evaluation(self.id, float(value) if scalar else value,
                          {k: (float(v) if np.ndim(v) == 0 else v) for k, v in at.items()},
                          origins, self.confidence)

    def constants_needed(self) -> tuple[str, ...]:
        """Names of the constants that evaluating the bound needs a value for."""
        free = self.expr.free_symbols
        if self.implicit is not None:
            free = free | self.implicit.residual.free_symbols | self.implicit.lower.free_symbols
        return tuple(c.name for c in self.constants if c.symbol in free)

    def constants_without_value(self) -> tuple[str, ...]:
        """Constants needed for evaluation that have neither a source value nor an empirical one."""
        return tuple(name for name in self.constants_needed()
                     if self.constant(name).value is None and name not in self.empirical)

    def _arg_symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(VARIABLES[v].symbol for v in self.variables) + tuple(
            self.constant(c).symbol for c in self.constants_needed())

    def _resolve(self, values: Mapping, *, target: bool = False, skip: str | None = None):
        """Check names and numbers; return (variables, constants, origins of constants)."""
        names = set(self.variables) | set(self.constant_names)
        if target:
            names.add(self.target_name)
        for name in values:
            if name not in names:
                raise BoundsInputError(self._unknown_name_message(name))
        at = {}
        for name in self.variables:
            if name == skip:
                continue
            if name not in values:
                raise BoundsInputError(f"missing value for {name} ({self.meaning(name)}) in {self.id}; "
                                       f"it needs {', '.join(self.variables)}")
            at[name] = _array(values[name], name)
        consts, origins = {}, {}
        needed = self.constants_needed()
        for c in self.constants:
            if c.name == skip:
                continue
            if c.name in values:
                consts[c.name], origins[c.name] = _array(values[c.name], c.name), {"origin": "given"}
            elif c.name in self.empirical:
                e = self.empirical[c.name]
                consts[c.name] = np.float64(e.value)
                origins[c.name] = {"origin": "empirical", "evidence": e.evidence}
            elif c.value is not None:
                consts[c.name], origins[c.name] = np.float64(float(c.value)), {"origin": "source"}
        for c in self.constants:
            if c.name in consts or c.name == skip or c.name not in needed:
                continue
            if c.definition is not None and all(s.name in consts for s in c.definition.free_symbols):
                parts = [consts[s.name] for s in sorted(c.definition.free_symbols, key=str)]
                consts[c.name] = _numeric.evaluate(c.definition, sorted(c.definition.free_symbols, key=str), parts)
                origins[c.name] = {"origin": "derived", "from": sp.sstr(c.definition)}
                if any(origins[s.name]["origin"] == "empirical" for s in c.definition.free_symbols):
                    origins[c.name]["origin"] = "empirical"
                continue
            hint = f" or {' and '.join(s.name for s in c.definition.free_symbols)}" if c.definition is not None else ""
            raise BoundsInputError(
                f"{self.id} needs a value for the constant {c.name} ({c.status()}): pass {c.name}=...{hint}, "
                f"or attach a measured one with with_empirical({c.name}=..., evidence=...)")
        for name, number in consts.items():
            if np.any(np.asarray(number) <= 0):
                raise BoundsInputError(f"constant {name} = {_first(number):g} must be > 0")
        for name in list(origins):
            if name not in needed:
                del origins[name]
                consts.pop(name, None)
        for name in needed:
            if name in consts:
                value = consts[name]
                origins[name] = {"value": float(value) if np.ndim(value) == 0 else value, **origins[name]}
        tvalue = None
        if target:
            if self.target_name not in values:
                raise BoundsInputError(f"missing value for {self.target_name} ({self.quantity}) in {self.id}")
            tvalue = _array(values[self.target_name], self.target_name)
        self._check_domain(at, tvalue)
        return at, consts, origins

    def _unknown_name_message(self, name: str) -> str:
        if not isinstance(name, str) or not _NAME.match(name):
            return f"{name!r} is not a variable name"
        takes = ", ".join(self.variables) or "no variables"
        consts = f" and the constant(s) {', '.join(self.constant_names)}" if self.constants else ""
        return f"unknown name {name!r} for {self.id}; it takes {takes}{consts}"

    def _check_domain(self, at: Mapping[str, np.ndarray], target_value=None) -> None:
        env = {VARIABLES[k].symbol: v for k, v in at.items()}
        if target_value is not None:
            env[self.target] = target_value
        for condition in self.domain:
            free = condition.free_symbols
            if not free <= set(env):
                continue  # a condition on the quantity itself (implicit bounds) or on a skipped variable
            args = sorted(free, key=str)
            arrays = np.broadcast_arrays(*[np.asarray(env[a], dtype=np.float64) for a in args])
            holds = np.broadcast_to(np.asarray(_compile_condition(condition, tuple(args))(*arrays)), arrays[0].shape)
            if not np.all(holds):
                index = np.unravel_index(int(np.argmin(holds)), holds.shape) if holds.ndim else ()
                shown = ", ".join(f"{name_of(a)} = {float(x[index]):g}" for a, x in zip(args, arrays))
                raise BoundsInputError(
                    f"{shown} is outside the domain of {self.id}: it needs {self._condition_text(condition)}")

    def _implicit_threshold(self, args, arrays) -> np.ndarray:
        shape = np.broadcast(*arrays).shape if arrays else ()
        arrays = np.broadcast_arrays(*[np.asarray(a, dtype=np.float64) for a in arrays]) if arrays else []
        residual = _numeric.compile_expr(self.implicit.residual, (self.target, *args))
        lower_fn = _numeric.compile_expr(self.implicit.lower, tuple(args))
        out = np.empty(shape, dtype=np.float64)
        for index in np.ndindex(shape):
            point = [float(a[index]) for a in arrays]
            lower = float(lower_fn(*point))

            def r(t, point=point):
                with np.errstate(all="ignore"):
                    return residual(t, *point)

            if self.implicit.method == "increasing":
                out[index] = _numeric.threshold_increasing(lambda t: float(r(t)), lower)
            else:
                out[index] = _numeric.threshold_largest_root(r, lower)
        return out

    # ------------------------------------------------------------------ solving
    def solve_for(self, name: str, **values) -> float:
        """The value of variable (or constant) ``name`` at which the bound equals a given value of its quantity.

        Pass the quantity by its name (e.g. ``width=5000``) and every other variable and constant.  The root is
        bracketed on a grid over the variable's domain and refined with ``scipy.optimize.brentq``; the residual at the
        root is checked.  Raises :class:`BoundsInputError` if no value, or more than one, solves the equation.

        >>> from bounds import get
        >>> b = get("counting.rss_samples")
        >>> round(b.solve_for("eps", n=10, L=2), 6)      # log2(2 / (2 eps)) = 10
        0.000977
        """
        if name not in self.variables and name not in self.constant_names:
            raise BoundsInputError(f"cannot solve {self.id} for {name!r}; it can be solved for "
                                   f"{', '.join(self.variables + self.constant_names)}")
        for key, value in values.items():
            if np.ndim(value) != 0:
                raise BoundsInputError(f"solve_for takes single numbers; {key} is an array")
        if name in values:
            raise BoundsInputError(f"{name} is the unknown: do not pass a value for it")
        at, consts, _ = self._resolve(values, target=True, skip=name)
        goal = float(_array(values[self.target_name], self.target_name))
        if goal <= 0 and self.target_name != "probability":
            raise BoundsInputError(f"{self.target_name} = {goal:g} must be > 0")
        unknown = VARIABLES[name].symbol if name in self.variables else self.constant(name).symbol
        env = {VARIABLES[k].symbol: float(v) for k, v in at.items()}
        env.update({self.constant(k).symbol: float(v) for k, v in consts.items()})
        if self.implicit is None:
            equation = self.expr - self.target
        else:
            equation = self.implicit.residual
        env[self.target] = goal
        args = (unknown, *sorted(env, key=str))
        f_compiled = _numeric.compile_expr(equation, args)
        rest = [env[a] for a in args[1:]]

        def f(x):
            with np.errstate(all="ignore"):
                return np.asarray(f_compiled(np.asarray(x, dtype=np.float64), *rest), dtype=np.float64)

        terms = [_numeric.compile_expr(t, args) for t in sp.Add.make_args(equation)]

        def scale(x) -> float:
            """Size of the equation's terms at x: residuals are judged relative to it."""
            with np.errstate(all="ignore"):
                sizes = [abs(float(t(np.float64(x), *rest))) for t in terms]
            return max([1.0] + [v for v in sizes if math.isfinite(v)])

        grid = self._solve_grid(name, unknown, env)
        roots, plateaus = _numeric.roots_and_plateaus(f, grid)
        # a root at an end of the domain shows as a near-zero there, not as a sign change
        roots += [float(x) for x in grid[[0, -1]] if abs(float(f(x))) <= 1e-12 * scale(x)]
        roots = sorted({x for x in roots if abs(float(f(x))) <= 1e-7 * scale(x)})
        where = VARIABLES[name].describe_domain() if name in VARIABLES else f"{name} > 0"
        context = _format_values(values, skip=self.target_name)
        if plateaus:
            lo, hi = plateaus[0]
            raise BoundsInputError(
                f"{self.target_name} = {goal:g} for every {name} in [{lo:.6g}, {hi:.6g}] in {self.id} at {context} "
                f"(the bound does not depend on {name} there): no unique {name}")
        if not roots:
            with np.errstate(all="ignore"):
                reached = f(grid) + (goal if self.implicit is None else 0.0)
            reached = reached[np.isfinite(reached)]
            span = (f" (over that range it takes values from {reached.min():.6g} to {reached.max():.6g})"
                    if self.implicit is None and reached.size else "")
            raise BoundsInputError(f"no {name} with {where} gives {self.target_name} = {goal:g} in {self.id} "
                                   f"at {context}{span}")
        if len(roots) > 1:
            raise BoundsInputError(f"{self.id} is not monotone in {name} here: {self.target_name} = {goal:g} at "
                                   f"{name} = {', '.join(f'{x:.6g}' for x in roots)}")
        return float(roots[0])

    def _solve_grid(self, name: str, unknown: sp.Symbol, env: Mapping) -> np.ndarray:
        if name in VARIABLES:
            v = VARIABLES[name]
            lo = v.lower if v.lower > 0 else 1e-300
            hi = v.upper if math.isfinite(v.upper) else 1e300
            if math.isfinite(v.upper) and v.upper <= 1:   # a fraction: resolve both ends finely
                grid = np.unique(np.concatenate([np.geomspace(max(lo, 1e-300), 0.5 * hi, 3000),
                                                 hi - np.geomspace(0.5 * hi, 1e-15 * hi, 400)]))
            else:
                grid = np.geomspace(lo, hi, 6000)
        else:
            grid = np.geomspace(1e-300, 1e300, 6000)
        # the ends of the domain in the unknown (from conditions with every other symbol known) join the grid,
        # so that a root sitting exactly on a boundary is found
        edges = []
        for condition in self.domain:
            free = condition.free_symbols
            if unknown not in free or not free <= set(env) | {unknown}:
                continue
            gap = (condition.lhs - condition.rhs).xreplace({a: sp.Float(env[a], 17) for a in free if a != unknown})
            real, mapping = real_view(gap)
            x = mapping.get(unknown, unknown)
            try:
                found = [float(r) for r in sp.solve(real, x) if r.is_real and r > 0]
            except NotImplementedError:
                found = []
            for edge in found:   # the edge itself (closed conditions) and points just inside (open ones)
                edges += [edge, edge * (1 - 1e-12), edge * (1 + 1e-12)]
        grid = np.unique(np.concatenate([grid, np.asarray(edges, dtype=np.float64)]))
        # keep the points inside the bound's domain
        keep = np.ones(grid.shape, dtype=bool)
        for condition in self.domain:
            free = condition.free_symbols
            if unknown not in free or not free <= set(env) | {unknown}:
                continue
            args = sorted(free, key=str)
            values = [grid if a == unknown else env[a] for a in args]
            with np.errstate(all="ignore"):
                holds = np.asarray(_compile_condition(condition, tuple(args))(*values))
            keep &= np.broadcast_to(holds, grid.shape)
        return grid[keep]


# ---------------------------------------------------------------------- helpers
def _compile_condition(condition, args):
    return _numeric.compile_expr(condition, args)


def _scalar(value, name: str) -> float:
    array = _array(value, name)
    if array.ndim != 0:
        raise BoundsInputError(f"{name} must be a single number")
    return float(array)


def _array(value, name: str) -> np.ndarray:
    if isinstance(value, (str, bytes)) or isinstance(value, sp.Basic):
        raise BoundsInputError(f"{name} = {value!r} is not a number")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise BoundsInputError(f"{name} = {value!r} is not a number or an array of numbers") from None
    if not np.all(np.isfinite(array)):
        raise BoundsInputError(f"{name} = {_first(array[~np.isfinite(array)] if array.ndim else array):g} "
                               f"must be finite")
    return array


def _first(value) -> float:
    return float(np.ravel(np.asarray(value))[0])


def _format_values(values: Mapping, skip: str | None = None) -> str:
    parts = []
    for key, value in values.items():
        if key == skip:
            continue
        parts.append(f"{key}={_first(value):g}" if np.ndim(value) == 0 else f"{key}=<array>")
    return ", ".join(parts) or "no values"
