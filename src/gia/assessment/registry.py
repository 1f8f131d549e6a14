"""The indicator registry: indicators are pure functions registered by name.

A criterion in the standard's data names its indicator; the engine looks the name up here. No
formula is ever evaluated from text. An indicator takes the :class:`Context` (the accounted
submission, the country profile, the date the assessment refers to) and returns an
:class:`IndicatorValue` with its provenance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from gia.accounting import Accounts, Figure
from gia.standard.schema import CountryProfile

UNITS = ("share", "count", "points", "kg CO2e/MWh", "per 100 employees", "yes/no")


@dataclass(frozen=True)
class Context:
    accounts: Accounts
    profile: CountryProfile

    @property
    def as_of(self) -> dt.date:
        """The end of the reporting year: certificates and plans are judged valid on this day."""
        return dt.date(self.accounts.year, 12, 31)


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator's value (None when it cannot be computed), with its provenance.

    ``not_applicable`` is set when the indicator itself finds that nothing is there to measure
    (e.g. no refrigerants at all); ``note`` explains a missing value or anything unusual.
    """

    name: str
    value: float | None
    unit: str
    figure: Figure | None = None
    note: str = ""
    not_applicable: str | None = None


IndicatorFunction = Callable[[Context], IndicatorValue]


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    function: IndicatorFunction
    description: str


_REGISTRY: dict[str, Indicator] = {}


def indicator(name: str, unit: str) -> Callable[[IndicatorFunction], IndicatorFunction]:
    """Register ``function`` as the indicator ``name``; its docstring is its description."""
    if unit not in UNITS:
        raise ValueError(f"indicator {name}: unknown unit {unit!r}")

    def register(function: IndicatorFunction) -> IndicatorFunction:
        if name in _REGISTRY:
            raise ValueError(f"indicator {name!r} registered twice")
        _REGISTRY[name] = Indicator(name, unit, function, (function.__doc__ or "").strip())
        return function

    return register


def registry() -> dict[str, Indicator]:
    """All registered indicators (importing the indicator modules registers them)."""
    from gia.assessment import indicators  # noqa: F401  (registers on import)

    return dict(_REGISTRY)


def compute(name: str, context: Context) -> IndicatorValue:
    found = registry().get(name)
    if found is None:
        raise KeyError(f"no indicator named {name!r}")
    result = found.function(context)
    if result.name != name or result.unit != found.unit:
        raise AssertionError(f"indicator {name} returned {result.name} [{result.unit}]")
    return result
