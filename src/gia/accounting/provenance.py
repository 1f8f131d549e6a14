"""Numbers that explain themselves.

Every value GIA computes is a :class:`Figure`: the value, its unit, the rule that made it, the
figures and submission fields it was made from, the reference factors it used (with source, year
and licence), and flags for anything an auditor should look at (a fallback factor, an old value).
``gia explain`` prints this chain; the JSON result carries it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class FactorRef:
    """A reference value used in a computation, with where it comes from."""

    id: str
    value: float
    unit: str
    source: str
    year: int
    licence: str
    note: str = ""
    #: the publication's address or DOI
    url: str = ""
    #: the day (YYYY-MM-DD) the value was checked against its publication; empty while it has not been
    verified: str = ""
    #: declared in the submission (a supplier's rate) rather than taken from GIA's reference data
    declared: bool = False

    @property
    def unverified(self) -> bool:
        """A reference value not yet checked against its primary publication."""
        return not self.declared and not self.verified

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "year": self.year,
            "licence": self.licence,
        }
        if self.url:
            data["url"] = self.url
        if self.declared:
            data["declared"] = True
        else:
            data["verified"] = self.verified or None
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class Flag:
    """Something about a figure that a reader must know: a fallback, an estimate, an old factor."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Figure:
    """A computed (or input) number with its unit and its provenance."""

    name: str
    value: float
    unit: str
    rule: str
    inputs: tuple[Figure, ...] = ()
    factors: tuple[FactorRef, ...] = ()
    path: str = ""
    flags: tuple[Flag, ...] = field(default=())

    def to_dict(self, depth: int | None = None) -> dict[str, Any]:
        """JSON-ready form; ``depth`` limits how far the input chain is written out."""
        data: dict[str, Any] = {
            "name": self.name,
            "value": clean(self.value),
            "unit": self.unit,
            "rule": self.rule,
        }
        if self.path:
            data["path"] = self.path
        if self.factors:
            data["factors"] = [f.to_dict() for f in self.factors]
        if self.flags:
            data["flags"] = [f.to_dict() for f in self.flags]
        if self.inputs and (depth is None or depth > 0):
            data["inputs"] = [i.to_dict(None if depth is None else depth - 1) for i in self.inputs]
        return data

    def at(self, path: str) -> Figure:
        """The same figure, placed at ``path`` in the submission (e.g. the company it belongs to)."""
        return Figure(
            self.name, self.value, self.unit, self.rule, self.inputs, self.factors, path, self.flags
        )

    def all_flags(self) -> list[Flag]:
        """Flags of this figure and of everything it was made from, each once, in order."""
        return flags_of((self,))

    def walk(self) -> Iterator[Figure]:
        yield self
        for figure in self.inputs:
            yield from figure.walk()


def distinct_figures(figures: Iterable[Figure]) -> Iterator[Figure]:
    """``figures`` and everything they were made from, each once, in the order a depth-first walk
    (:meth:`Figure.walk`) meets them: a figure that several others were made from is walked once
    (figures are immutable, so no figure is its own input)."""
    visited: set[int] = set()
    stack = list(figures)
    stack.reverse()
    while stack:
        figure = stack.pop()
        if id(figure) in visited:
            continue
        visited.add(id(figure))
        yield figure
        stack.extend(reversed(figure.inputs))


def flags_of(figures: Iterable[Figure]) -> list[Flag]:
    """The flags of ``figures`` and of everything they were made from, each once, in walk order."""
    seen: dict[tuple[str, str], Flag] = {}
    for figure in distinct_figures(figures):
        for flag in figure.flags:
            seen.setdefault((flag.code, flag.message), flag)
    return list(seen.values())


def given(name: str, value: float, unit: str, path: str, rule: str = "reported in the submission") -> Figure:
    """A figure read from the submission."""
    return Figure(name=name, value=value, unit=unit, rule=rule, path=path)


def total(name: str, unit: str, rule: str, parts: Iterable[Figure], flags: Iterable[Flag] = ()) -> Figure:
    """The sum of ``parts`` (all in ``unit``); an empty sum is 0."""
    inputs = tuple(parts)
    for part in inputs:
        if part.unit != unit:
            raise ValueError(f"cannot add {part.name} [{part.unit}] into {name} [{unit}]")
    value = sum([p.value for p in inputs], 0.0)
    return Figure(name=name, value=value, unit=unit, rule=rule, inputs=inputs, flags=tuple(flags))


def ratio(name: str, numerator: Figure, denominator: Figure, rule: str, unit: str = "share") -> Figure | None:
    """numerator ÷ denominator, or None when the denominator is zero (nothing to divide by)."""
    if denominator.value == 0:
        return None
    value = numerator.value / denominator.value
    if not math.isfinite(value):
        return None
    return Figure(
        name=name,
        value=value,
        unit=unit,
        rule=rule,
        inputs=(numerator, denominator),
    )


def clean(value: float) -> float:
    """Round to 9 significant digits so that float noise never changes a JSON export."""
    if value == 0:
        return 0.0
    return float(f"{value:.9g}")
