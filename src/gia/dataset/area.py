"""The area part of a submission: identity, boundary, land, plans, events, services, baseline."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from gia.dataset.base import CountryCode, Identifier, Name, Record, Text, Year
from gia.dataset.quantities import AreaHa, EnergyKWh, FloorAreaM2, Share
from gia.errors import PlacedValueError
from gia.i18n import _, number

# --- area ---------------------------------------------------------------------------------------


class Geometry(Record):
    """A GeoJSON geometry (Point, Polygon or MultiPolygon) in WGS 84 longitude/latitude."""

    type: Literal["Point", "Polygon", "MultiPolygon"]
    coordinates: list[Any]

    @model_validator(mode="after")
    def _valid_coordinates(self) -> Geometry:
        def position(p: Any) -> None:
            if not (
                isinstance(p, list)
                and len(p) in (2, 3)
                and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p)
            ):
                raise ValueError(_("a position is [longitude, latitude]"))
            if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90):
                raise ValueError(
                    _("position {position} is outside longitude −180…180, latitude −90…90").format(position=p)
                )

        def ring(r: Any) -> None:
            if not isinstance(r, list) or len(r) < 4:
                raise ValueError(_("a polygon ring needs at least four positions"))
            for p in r:
                position(p)
            if r[0] != r[-1]:
                raise ValueError(_("a polygon ring must end where it starts"))

        if self.type == "Point":
            position(self.coordinates)
        elif self.type == "Polygon":
            if not self.coordinates:
                raise ValueError(_("a polygon needs at least one ring"))
            for r in self.coordinates:
                ring(r)
        else:
            if not self.coordinates:
                raise ValueError(_("a multipolygon needs at least one polygon"))
            for polygon in self.coordinates:
                if not isinstance(polygon, list) or not polygon:
                    raise ValueError(_("a polygon needs at least one ring"))
                for r in polygon:
                    ring(r)
        return self


class ManagementEntity(Record):
    """The legal or natural person responsible for the area (GM-01)."""

    name: Name
    legal_form: Name | None = None
    contact: Name
    mandate: Text = Field(min_length=1, description="what the entity is mandated to do for the area")


class Adoption(Record):
    """A plan or study and when (and by whom) it was adopted or completed."""

    adopted: dt.date
    by: Name | None = None
    document: Name | None = None
    covers: Literal["area", "municipality"] = "area"


class Milestone(Record):
    year: Year
    reduction_share: Share = Field(
        description="reduction of scope 1 + 2 emissions against the baseline [fraction]"
    )


class ClimateTarget(Record):
    target_year: Year
    adopted: dt.date | None = None
    by: Name | None = None
    milestones: list[Milestone] = Field(default_factory=list)

    @model_validator(mode="after")
    def _milestones_before_target(self) -> ClimateTarget:
        for index, milestone in enumerate(self.milestones):
            if milestone.year >= self.target_year:
                raise PlacedValueError(
                    f"milestones[{index}].year",
                    _("a milestone must come before the target year {year}").format(year=self.target_year),
                )
        return self


class LandMeasureKind(StrEnum):
    INFORMATION_EVENT = "information_event"
    LAND_SAVING = "land_saving"
    UNSEALING = "unsealing"
    DENSIFICATION = "densification"
    BROWNFIELD_REUSE = "brownfield_reuse"
    OPEN_SPACE = "open_space"


class LandMeasure(Record):
    kind: LandMeasureKind
    description: Text = Field(min_length=1)


class LandManagementPlan(Record):
    adopted: dt.date | None = None
    by: Name | None = None
    measures: list[LandMeasure] = Field(default_factory=list)


class Plans(Record):
    energy_concept: Adoption | None = None
    climate_target: ClimateTarget | None = None
    land_management_plan: LandManagementPlan | None = None
    climate_risk_assessment: Adoption | None = None
    adaptation_plan: Adoption | None = None
    mobility_plan: Adoption | None = None


class PublicTransport(Record):
    """The nearest public transport stop to the area's centre (MO-01)."""

    stop_name: Name
    distance_m: float = Field(ge=0)
    departures_per_hour_at_shift_change: float = Field(ge=0)


class NetworkEvent(Record):
    date: dt.date
    title: Name
    kind: Literal["network_meeting", "information_event", "workshop", "site_visit"] = "network_meeting"


#: shared services that are shared infrastructure in the sense of CE-01 (a canteen or a security
#: service is shared, but exchanges no material, energy or water); they still count for CE-05
SHARED_INFRASTRUCTURE = frozenset(
    {"shared_energy_plant", "shared_water_treatment", "shared_waste_collection", "shared_logistics"}
)


class SharedService(Record):
    name: Name
    kind: Literal[
        "joint_power_purchase",
        "shared_logistics",
        "shared_canteen",
        "shared_energy_plant",
        "shared_water_treatment",
        "shared_waste_collection",
        "shared_mobility",
        "shared_childcare",
        "shared_security",
        "other",
    ]
    companies: list[Identifier] = Field(default_factory=list)
    in_operation: bool = True
    since: dt.date | None = None


class Violation(Record):
    """An environmental violation found by an authority in the reporting year (GM-05)."""

    date: dt.date
    company: Identifier | None = None
    severity: Literal["major", "minor"]
    resolved: bool
    description: Text = Field(min_length=1)


class Baseline(Record):
    """The baseline year against which GHG reductions are measured (CL-03, net-zero distinction)."""

    year: Year
    scope12_market_kg_co2e: float = Field(ge=0, description="market-based scope 1 + 2 [kg CO2e]")
    final_energy_kwh: EnergyKWh | None = None
    employees: int | None = Field(default=None, ge=0)
    floor_area_m2: FloorAreaM2 | None = None
    value_added_eur: float | None = Field(default=None, ge=0)
    source: Text = Field(min_length=1, description="where the baseline figure comes from")


class YearFigures(Record):
    """Key figures of an earlier reporting year (EN-06 energy intensity trend)."""

    year: Year
    final_energy_kwh: EnergyKWh
    employees: int | None = Field(default=None, ge=0)
    floor_area_m2: FloorAreaM2 | None = None
    value_added_eur: float | None = Field(default=None, ge=0)


class Skills(Record):
    """Training and community activities in the reporting year (GM-06)."""

    training_programmes: list[Name] = Field(default_factory=list)
    community_activities: list[Name] = Field(default_factory=list)


class Area(Record):
    id: Identifier
    name: Name
    country: CountryCode
    municipality: Name | None = None
    status: Literal["planned", "growing", "operating"] = "operating"
    management_entity: ManagementEntity | None = None
    boundary: Geometry | None = None
    total_area_ha: Annotated[AreaHa, Field(gt=0)]
    sealed_area_ha: AreaHa | None = None
    near_natural_green_ha: AreaHa | None = None
    green_roofs_facades_ha: AreaHa | None = None
    rainwater_managed_share: Share | None = None
    plans: Plans = Field(default_factory=Plans)
    public_transport: PublicTransport | None = None
    network_events: list[NetworkEvent] = Field(default_factory=list)
    shared_services: list[SharedService] = Field(default_factory=list)
    skills: Skills = Field(default_factory=Skills)
    environmental_violations: list[Violation] = Field(default_factory=list)
    activity_unit: Literal["employee", "floor_area", "value_added"] = "employee"
    value_added_eur: float | None = Field(default=None, ge=0)
    baseline: Baseline | None = None
    history: list[YearFigures] = Field(default_factory=list)

    @model_validator(mode="after")
    def _parts_within_total(self) -> Area:
        total = self.total_area_ha * (1 + 1e-9)
        for field in ("sealed_area_ha", "near_natural_green_ha", "green_roofs_facades_ha"):
            part = getattr(self, field)
            if part is not None and part > total:
                raise PlacedValueError(
                    field,
                    _("{part} ha is more than the area's total area ({total} ha)").format(
                        part=number(part, 2), total=number(self.total_area_ha, 2)
                    ),
                )
        if (self.sealed_area_ha or 0) + (self.near_natural_green_ha or 0) > total:
            raise PlacedValueError(
                "near_natural_green_ha",
                _(
                    "sealed and near-natural green area together are more than the total area ({total} ha)"
                ).format(total=number(self.total_area_ha, 2)),
            )
        years: set[int] = set()
        for index, figures in enumerate(self.history):
            if figures.year in years:
                raise PlacedValueError(
                    f"history[{index}].year", _("{year} is listed twice").format(year=figures.year)
                )
            years.add(figures.year)
        if self.activity_unit == "value_added" and self.value_added_eur is None:
            raise PlacedValueError(
                "value_added_eur",
                _("energy use is compared with value added, so give the area's value added"),
            )
        return self
