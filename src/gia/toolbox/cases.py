"""Good-practice library: results of measures in real areas, each with its year, method and source.

Entries live in ``gia/toolbox/data/cases.yaml`` (schema ``gia-cases/1``). A case names the measure
of the compendium it illustrates (or ``industrial_symbiosis`` for exchanges between companies),
so the roadmap can show, beside a proposed measure, what it achieved elsewhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gia.documents import load
from gia.i18n import _
from gia.toolbox.measures import load_compendium

CASES_FILE = Path(__file__).parent / "data" / "cases.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseResult(_Strict):
    value: float
    unit: str = Field(min_length=1)
    year: int = Field(ge=1950, le=2100)
    method: str = Field(min_length=1)


class Case(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")]
    area: str = Field(min_length=1)
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    measure: str = Field(min_length=1)
    description: str = Field(min_length=1)
    result: CaseResult
    source: str = Field(min_length=1)
    verified: str = Field(min_length=1)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class CasesFile(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["gia-cases/1"] = Field(alias="schema")
    cases: list[Case] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_measures(self) -> CasesFile:
        known = set(load_compendium().measures) | {"industrial_symbiosis"}
        seen: set[str] = set()
        for case in self.cases:
            if case.id in seen:
                raise ValueError(_("case {id!r} is listed twice").format(id=case.id))
            seen.add(case.id)
            if case.measure not in known:
                raise ValueError(
                    _("case {id}: unknown measure {measure!r}").format(id=case.id, measure=case.measure)
                )
        return self


@cache
def load_cases(path: Path = CASES_FILE) -> tuple[Case, ...]:
    """All cases of the library (validated, cached)."""
    return tuple(load(CasesFile, path).cases)


def find_cases(measure: str | None = None, country: str | None = None) -> list[Case]:
    """Cases for a measure and/or a country, in the library's order."""
    return [
        case
        for case in load_cases()
        if (measure is None or case.measure == measure) and (country is None or case.country == country)
    ]
