"""Resource flows: what companies have spare (offers) and what they take in (needs).

A flows file lists them for one or more areas. Each flow names its company, its category (a code
of the substitution table: ``gypsum``, ``fly_ash``, ``waste_heat``, ``process_water`` …), an EWC
code where it is a residue, a yearly quantity with its unit, where it is (longitude, latitude) and
when it is available (months). Heat carries its temperature, water its quality.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from gia.dataset.base import Identifier, Name, Record
from gia.errors import PlacedValueError
from gia.i18n import _

FLOWS_SCHEMA = "gia-symbiosis-flows/1"
Category = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
WaterQuality = Literal["potable", "process", "cooling", "grey", "waste"]
#: water qualities from best to worst: an offer serves a need of its own quality or a lower one
WATER_QUALITY_ORDER: tuple[str, ...] = ("potable", "process", "cooling", "grey", "waste")


class Location(Record):
    longitude: float = Field(ge=-180, le=180)
    latitude: float = Field(ge=-90, le=90)


class Flow(Record):
    """One offer or need of one company."""

    id: Identifier
    company: Name
    area: Identifier
    category: Category
    ewc: Annotated[str, Field(pattern=r"^\d{2} \d{2} \d{2}\*?$")] | None = None
    quantity_per_year: float = Field(gt=0, description="quantity a year, in ``unit``")
    unit: Literal["t", "kWh", "m3"]
    location: Location
    location_estimated: bool = Field(
        default=False,
        description="the location stands in for an unknown one (the area's centre): distances are not known",
    )
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        default_factory=lambda: list(range(1, 13)),
        min_length=1,
        description="months in which the flow is available or needed",
    )
    temperature_c: float | None = Field(
        default=None, ge=-50, le=1500, description="heat: supply (offer) or required (need) temperature"
    )
    water_quality: WaterQuality | None = None
    price_eur_per_unit: float | None = Field(default=None, ge=0)
    share_across_areas: bool = Field(default=False, description="visible to other areas that opt in, too")

    @model_validator(mode="after")
    def _complete(self) -> Flow:
        if len(set(self.months)) != len(self.months):
            raise PlacedValueError("months", _("a month is listed twice"))
        return self


class FlowsDocument(Record):
    schema_: Literal["gia-symbiosis-flows/1"] = Field(alias="schema")
    fictional: bool = False
    offers: list[Flow] = Field(default_factory=list)
    needs: list[Flow] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> FlowsDocument:
        seen: set[str] = set()
        for side, flows in (("offers", self.offers), ("needs", self.needs)):
            for index, flow in enumerate(flows):
                if flow.id in seen:
                    raise PlacedValueError(
                        f"{side}[{index}].id", _("{id!r} is used twice").format(id=flow.id)
                    )
                seen.add(flow.id)
        return self
