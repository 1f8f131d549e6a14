"""Good-practice library: what measures achieved in real industrial areas, each with its source.

Entries live in ``gia/toolbox/data/cases.yaml`` (schema ``gia-cases/2``). A case is one documented
result of a project in a real area: its title and description in English, Polish and German, the
measures of the compendium it illustrates (or ``industrial_symbiosis`` for exchanges between
companies), one headline figure with its unit, year, method and whether it was checked against the
source, and the publications or official pages it comes from (title, publisher, year, address).
The roadmap shows, beside a proposed measure, what it achieved elsewhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gia.documents import load
from gia.i18n import _
from gia.standard import LocalizedText
from gia.toolbox.measures import load_compendium

CASES_FILE = Path(__file__).parent / "data" / "cases.yaml"
#: the pseudo-measure of exchanges between companies (the symbiosis matchmaker, not the compendium)
SYMBIOSIS = "industrial_symbiosis"
#: the units a case's figure may have (each has words in :mod:`gia.toolbox.labels`)
ResultUnit = Literal[
    "t CO2/year", "t CO2e/year", "t/year", "m3/year", "GWh/year", "MW", "share", "DKK", "apartments"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: a text for people in every language GIA speaks: the standard's own model (English, Polish and
#: German required; the completeness test asks for all nine)
Text = LocalizedText


class CaseSource(_Strict):
    """A publication or an official web page: what it is called, who published it, when, where."""

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    #: the year of publication; None when the page gives none
    year: int | None = Field(default=None, ge=1950, le=2100)
    url: Annotated[str, Field(pattern=r"^https?://[^\s/]+\.[^\s]+$")]
    #: the language of the source (ISO 639-1)
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "en"

    def __str__(self) -> str:
        year = str(self.year) if self.year else _("undated")
        return f"{self.publisher}: {self.title} ({year})"


class CaseResult(_Strict):
    #: what the figure measures, in words ("CO2 saved", "electrical output")
    what: Text
    value: float
    unit: ResultUnit
    #: the year the figure refers to; None when the source does not say
    year: int | None = Field(default=None, ge=1950, le=2100)
    method: Text
    #: True when the figure was found in the cited source; False marks a figure not checked
    verified: bool


class Case(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")]
    area: str = Field(min_length=1)
    place: str = Field(min_length=1)
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    measures: list[str] = Field(min_length=1)
    title: Text
    description: Text
    result: CaseResult
    #: the first source is the source of the result; the others support the description
    sources: list[CaseSource] = Field(min_length=1)

    @property
    def measure(self) -> str:
        """The first measure the case illustrates."""
        return self.measures[0]

    @property
    def source(self) -> CaseSource:
        """The source of the case's figure."""
        return self.sources[0]

    @property
    def verified(self) -> str:
        """Whether the figure was checked against its source, in words (the active language)."""
        if self.result.verified:
            return _("checked against the cited source")
        return _("not yet checked against the cited source")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class CasesFile(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["gia-cases/2"] = Field(alias="schema")
    cases: list[Case] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_measures(self) -> CasesFile:
        known = set(load_compendium().measures) | {SYMBIOSIS}
        seen: set[str] = set()
        for case in self.cases:
            if case.id in seen:
                raise ValueError(_("case {id!r} is listed twice").format(id=case.id))
            seen.add(case.id)
            for measure in case.measures:
                if measure not in known:
                    raise ValueError(
                        _("case {id}: unknown measure {measure!r}").format(id=case.id, measure=measure)
                    )
        return self


@cache
def load_cases(path: Path = CASES_FILE) -> tuple[Case, ...]:
    """All cases of the library (validated, cached)."""
    return tuple(load(CasesFile, path).cases)


def find_cases(measure: str | None = None, country: str | None = None) -> list[Case]:
    """Cases illustrating a measure and/or in a country, in the library's order."""
    return [
        case
        for case in load_cases()
        if (measure is None or measure in case.measures) and (country is None or case.country == country)
    ]


def case(case_id: str) -> Case | None:
    """The case ``case_id``, or None."""
    return next((c for c in load_cases() if c.id == case_id), None)
