r"""The :class:`Bound` object: one published bound, with its statement, source, confidence and constants.

A bound is a relation ``quantity REL expression`` (e.g. :math:`\mathrm{width} \ge C d_{in} \log(\dots)`), read as

* ``kind="upper"``: an upper bound on what is *required*; meeting it suffices for the stated conclusion;
* ``kind="lower"``: a lower bound on what is required; it is necessary;
* ``kind="probability"``: a bound on a probability (or on probability mass).

Evaluating a bound gives the value of its right-hand side (the threshold on the quantity).  When the quantity also
appears on the right (Natale et al.'s widths are implicit), the threshold is found numerically from a residual that
the bound declares (:class:`~bounds.parts.Implicit`; the root finding is in :mod:`bounds._solver`).

Constants: a constant the source does not give stays a symbol, described as "no value given by the source".  A value
measured by ``verify/`` can be attached with :meth:`Bound.with_empirical`; it is kept apart from the source's value and
labelled ``empirical`` wherever it is shown or used.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy as sp

from bounds import _numeric, _solver
from bounds._arguments import (
    as_array,
    as_scalar,
    check_domain,
    condition_text,
    format_values,
    resolve_constants,
    unknown_name_message,
)
from bounds.described import Described
from bounds.errors import BoundsInputError
from bounds.functions import H2, log2
from bounds.functions import pretty as _pretty
from bounds.parts import KINDS, TAG_MEANINGS, Constant, Empirical, Evaluation, Implicit, Source
from bounds.symbols import VARIABLES, name_of, variable

__all__ = ["Bound"]

_RELATIONS = {">=": sp.GreaterThan, "<=": sp.LessThan}


def _frozen(mapping: Mapping | None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True, eq=False, repr=False)
class Bound(Described):
    """One published bound as a sympy object.

    Build bounds with the factories of the paper modules (``bounds.papers.pensia2020.width()``...) or get them by id
    with :func:`bounds.get`; this constructor checks that every symbol of the expression is declared.
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
    shown: sp.Basic | None = None         # the statement as the source writes it, when not `target relation expr`
    derived_from: Mapping[str, str] = field(default_factory=dict)     # id -> confidence of the bounds it builds on
    empirical: Mapping[str, Empirical] = field(default_factory=dict)

    # ------------------------------------------------------------------ construction checks
    def __post_init__(self) -> None:
        for name in ("meanings", "trends", "alternatives", "derived_from", "empirical"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "constants", tuple(self.constants))
        object.__setattr__(self, "conditions", tuple(self.conditions))
        object.__setattr__(self, "notes", tuple(self.notes))
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: kind must be one of {sorted(KINDS)}")
        self.domain  # noqa: B018 - computed (and its variables looked up) here, once
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
        """Whether this bound is tagged [recalled] (:attr:`rests_on_recalled` also counts what it builds on)."""
        return "recalled" in self.tags

    @property
    def paper(self) -> str:
        """The paper half of the id (``pensia2020`` for ``pensia2020.width``)."""
        return self.id.split(".", 1)[0]

    @property
    def target_name(self) -> str:
        """The keyword of the bounded quantity (``width``, ``n``, ``n_star``, ...), as :meth:`solve_for` takes it."""
        return name_of(self.target)

    @property
    def symbols(self) -> dict[str, sp.Symbol]:
        """Variable name -> shared symbol."""
        return {name: VARIABLES[name].symbol for name in self.variables}

    @property
    def constant_names(self) -> tuple[str, ...]:
        """The names of the bound's constants, in the order they are declared."""
        return tuple(c.name for c in self.constants)

    @functools.cached_property
    def domain(self) -> tuple:
        """All domain conditions: each variable's natural domain, then the bound's own conditions."""
        out: list[sp.Basic] = []
        for name in self.variables:
            out.extend(VARIABLES[name].domain())
        out.extend(self.conditions)
        return tuple(out)

    @property
    def statement(self) -> sp.Basic:
        """The statement as a sympy relation: ``target >= expr`` (or ``<=``), or the source's own form."""
        if self.shown is not None:
            return self.shown
        return _RELATIONS[self.relation](self.target, self.expr, evaluate=False)

    @property
    def has_log(self) -> bool:
        """Whether the statement involves a logarithm (then :attr:`log_base` says which)."""
        return bool(self.statement.has(sp.log, log2, H2))

    @property
    def rests_on_recalled(self) -> bool:
        """True if this bound or a bound it is derived from is tagged [recalled]."""
        return self.is_recalled or any("recalled" in c for c in self.derived_from.values())

    def meaning(self, name: str) -> str:
        """What variable ``name`` stands for in this bound (the bound's own wording, else the registry's)."""
        return self.meanings.get(name, VARIABLES[name].meaning)

    def constant(self, name: str) -> Constant:
        """The constant called ``name``; :class:`BoundsInputError` naming the bound's constants if there is none."""
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
    def _repr_markdown_(self) -> str:
        """Jupyter: the statement typeset, then the text of :meth:`describe` (source, confidence, constants)."""
        recalled = " — **RECALLED**" if self.is_recalled else ""
        return (f"**{self.id}**: {self.title} [{self.confidence}]{recalled}\n\n$${self.latex()}$$\n\n"
                f"```text\n{self.describe()}\n```")

    def describe(self) -> str:
        """Everything about the bound as text (its repr): statement in 2-D, kind, implicit form, conclusion,
        source, confidence (RECALLED flagged), variables, constants, domain, logarithm and notes."""
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
        lines.append("  domain:     " + (", ".join(condition_text(c) for c in self.domain) or "none"))
        if self.has_log:
            lines.append(f"  logarithm:  {self.log_base}")
        for note in self.notes:
            lines.append(f"  note:       {note}")
        return "\n".join(lines)

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
            "domain": [condition_text(c) for c in self.domain],
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
            number = as_scalar(value, name)
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
            value = _solver.implicit_threshold(self.implicit, self.target, args, arrays)
        if np.any(np.isnan(value)):
            raise BoundsInputError(f"{self.id} is undefined at {format_values(at)}")
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


    def _resolve(self, values: Mapping[str, Any], *, target: bool = False,
                 skip: str | None = None) -> tuple[dict[str, np.ndarray], dict[str, Any], dict[str, dict[str, Any]]]:
        """Check names and numbers; return (variables, constants, origins of constants)."""
        names = set(self.variables) | set(self.constant_names)
        if target:
            names.add(self.target_name)
        for name in values:
            if name not in names:
                raise BoundsInputError(unknown_name_message(self.id, name, self.variables, self.constant_names))
        at = {}
        for name in self.variables:
            if name == skip:
                continue
            if name not in values:
                raise BoundsInputError(f"missing value for {name} ({self.meaning(name)}) in {self.id}; "
                                       f"it needs {', '.join(self.variables)}")
            at[name] = as_array(values[name], name)
        consts, origins = resolve_constants(self.id, self.constants, self.empirical, self.constants_needed(), values,
                                            skip)
        tvalue = None
        if target:
            if self.target_name not in values:
                raise BoundsInputError(f"missing value for {self.target_name} ({self.quantity}) in {self.id}")
            tvalue = as_array(values[self.target_name], self.target_name)
        self.check_domain(at, tvalue)
        return at, consts, origins

    def check_domain(self, at: Mapping[str, npt.ArrayLike], target_value: npt.ArrayLike | None = None) -> None:
        """Raise :class:`BoundsInputError` naming the condition if a point of ``at`` (variable name -> value or
        array) is outside the bound's domain (its variables' ranges and its own conditions)."""
        check_domain(self.id, self.domain, self.target, at, target_value)

    def in_domain(self, **values: Any) -> bool:
        """Whether the variables in ``values`` (others are ignored) lie inside the bound's domain."""
        try:
            self.check_domain({k: np.float64(v) for k, v in values.items() if k in self.variables})
        except BoundsInputError:
            return False
        return True

    # ------------------------------------------------------------------ solving
    def solve_for(self, name: str, **values: Any) -> float:
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
        goal = float(as_array(values[self.target_name], self.target_name))
        if goal <= 0 and self.target_name != "probability":
            raise BoundsInputError(f"{self.target_name} = {goal:g} must be > 0")
        unknown = VARIABLES[name].symbol if name in self.variables else self.constant(name).symbol
        env: dict[sp.Basic, float] = {VARIABLES[k].symbol: float(v) for k, v in at.items()}
        env.update({self.constant(k).symbol: float(v) for k, v in consts.items()})
        equation = self.expr - self.target if self.implicit is None else self.implicit.residual
        env[self.target] = goal
        grid = _solver.domain_grid(name, unknown, env, self.domain)
        found = _solver.roots_on_grid(equation, unknown, env, grid)
        where = VARIABLES[name].describe_domain() if name in VARIABLES else f"{name} > 0"
        context = format_values(values, skip=self.target_name)
        if found.plateaus:
            lo, hi = found.plateaus[0]
            raise BoundsInputError(
                f"{self.target_name} = {goal:g} for every {name} in [{lo:.6g}, {hi:.6g}] in {self.id} at {context} "
                f"(the bound does not depend on {name} there): no unique {name}")
        if not found.roots:
            reached = found.values + (goal if self.implicit is None else 0.0)
            reached = reached[np.isfinite(reached)]
            span = (f" (over that range it takes values from {reached.min():.6g} to {reached.max():.6g})"
                    if self.implicit is None and reached.size else "")
            raise BoundsInputError(f"no {name} with {where} gives {self.target_name} = {goal:g} in {self.id} "
                                   f"at {context}{span}")
        if len(found.roots) > 1:
            raise BoundsInputError(f"{self.id} is not monotone in {name} here: {self.target_name} = {goal:g} at "
                                   f"{name} = {', '.join(f'{x:.6g}' for x in found.roots)}")
        return float(found.roots[0])
