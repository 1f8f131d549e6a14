"""The submission: one reporting year of one area and its companies.

This is the document an area manager (or GIA's Excel import, or the web forms) produces. It holds
only what was measured, declared or adopted; everything computed from it lives in
:mod:`gia.accounting` and :mod:`gia.assessment`. Every field that holds a bare number names its
unit (``amount_kwh``); quantities may be written with any unit pint understands.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from gia.dataset.base import Identifier, Name, Record, Text
from gia.dataset.quantities import (
    Amount,
    AreaHa,
    EnergyKWh,
    FloorAreaM2,
    MassKg,
    MassT,
    PowerKW,
    Share,
    VolumeM3,
)
from gia.errors import PlacedValueError
from gia.i18n import _

SCHEMA_ID = "gia-submission/1"
Year = Annotated[int, Field(ge=1990, le=2100)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


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
                    _("{part} ha is larger than total_area_ha ({total} ha)").format(
                        part=part, total=self.total_area_ha
                    ),
                )
        if (self.sealed_area_ha or 0) + (self.near_natural_green_ha or 0) > total:
            raise PlacedValueError(
                "near_natural_green_ha",
                _("sealed and near-natural green area together exceed total_area_ha ({total} ha)").format(
                    total=self.total_area_ha
                ),
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
                "value_added_eur", _("activity_unit is value_added, so value_added_eur is required")
            )
        return self


# --- companies ----------------------------------------------------------------------------------


class ManagementSystem(Record):
    scheme: Literal["iso_50001", "emas", "iso_14001", "en_16247_audit"]
    date: dt.date = Field(description="date of certification, registration or the energy audit")
    valid_until: dt.date | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> ManagementSystem:
        if self.valid_until is not None and self.valid_until < self.date:
            raise PlacedValueError("valid_until", _("ends before it starts ({date})").format(date=self.date))
        return self


class Technology(StrEnum):
    SOLAR_PV = "solar_pv"
    WIND = "wind"
    HYDRO = "hydro"
    BIOMASS = "biomass"
    BIOGAS = "biogas"
    GEOTHERMAL = "geothermal"
    NUCLEAR = "nuclear"
    NATURAL_GAS = "natural_gas"
    COAL = "coal"
    OIL = "oil"
    UNKNOWN = "unknown"


RENEWABLE_TECHNOLOGIES = frozenset(
    {
        Technology.SOLAR_PV,
        Technology.WIND,
        Technology.HYDRO,
        Technology.BIOMASS,
        Technology.BIOGAS,
        Technology.GEOTHERMAL,
    }
)
CARBON_FREE_TECHNOLOGIES = RENEWABLE_TECHNOLOGIES | {Technology.NUCLEAR}
COMBUSTION_TECHNOLOGIES = frozenset(
    {
        Technology.BIOMASS,
        Technology.BIOGAS,
        Technology.NATURAL_GAS,
        Technology.COAL,
        Technology.OIL,
    }
)


class ElectricityPurchase(Record):
    """Electricity bought from the grid, with the contractual instrument that covers it, if any."""

    amount_kwh: EnergyKWh
    instrument: Literal["none", "guarantee_of_origin", "ppa"] = Field(
        description="none: grid without instrument; guarantee_of_origin: GOs; ppa: power purchase agreement"
    )
    technology: Technology | None = None
    cancelled: bool = Field(default=False, description="guarantees of origin cancelled for this company")
    certificates_bundled: bool = Field(
        default=False, description="PPA: the plant's GOs are transferred and cancelled for this company"
    )
    production_year: Year | None = None
    certificate_country: CountryCode | None = None
    local: bool = Field(default=False, description="PPA plant in the area or within 5 km, delivering to it")
    supplier: Name | None = None
    supplier_company: Identifier | None = Field(
        default=None,
        description="id of the company in the area whose plant supplies it (direct line or local PPA)",
    )
    supplier_factor_g_per_kwh: float | None = Field(default=None, ge=0, le=2000)
    supplier_factor_source: Text | None = None

    @model_validator(mode="after")
    def _instrument_complete(self) -> ElectricityPurchase:
        if self.instrument != "none" and self.technology is None:
            raise PlacedValueError(
                "technology",
                _("a purchase with a {instrument} needs its technology").format(instrument=self.instrument),
            )
        if self.instrument == "guarantee_of_origin":
            for field in ("production_year", "certificate_country"):
                if getattr(self, field) is None:
                    raise PlacedValueError(
                        field, _("guarantees of origin need their {field}").format(field=field)
                    )
        else:
            for field in ("production_year", "certificate_country"):
                if getattr(self, field) is not None:
                    raise PlacedValueError(field, _("only for guarantees of origin"))
            if self.cancelled:
                raise PlacedValueError("cancelled", _("only guarantees of origin are cancelled"))
        if self.certificates_bundled and self.instrument != "ppa":
            raise PlacedValueError("certificates_bundled", _("only a PPA bundles certificates"))
        if self.supplier_factor_g_per_kwh is not None and not self.supplier_factor_source:
            raise PlacedValueError("supplier_factor_source", _("a supplier-specific factor needs its source"))
        if self.supplier_company is not None and self.technology is None:
            raise PlacedValueError(
                "technology", _("electricity from a company in the area needs the technology of its plant")
            )
        if self.local and self.instrument != "ppa":
            raise PlacedValueError(
                "local", _("only a PPA can be local (a plant within 5 km delivering to the area)")
            )
        return self


class Generation(Record):
    """Electricity generated by a plant the company owns or operates."""

    technology: Technology
    location: Literal["on_site", "within_5km"] = "on_site"
    capacity_kw: PowerKW | None = None
    generated_kwh: EnergyKWh
    self_consumed_kwh: EnergyKWh
    exported_kwh: EnergyKWh = 0.0
    heat_generated_kwh: EnergyKWh = Field(default=0.0, description="useful heat of a CHP plant [kWh]")
    certificates: Literal["kept", "sold"] = Field(
        default="kept", description="GOs for the self-consumed electricity kept (or never issued) or sold"
    )

    @model_validator(mode="after")
    def _balance(self) -> Generation:
        if self.self_consumed_kwh + self.exported_kwh > self.generated_kwh * (1 + 1e-6) + 1e-6:
            raise ValueError(
                _(
                    "self_consumed_kwh + exported_kwh ({used} kWh) exceeds generated_kwh ({generated} kWh)"
                ).format(used=self.self_consumed_kwh + self.exported_kwh, generated=self.generated_kwh)
            )
        if self.heat_generated_kwh and self.technology not in COMBUSTION_TECHNOLOGIES:
            raise PlacedValueError("heat_generated_kwh", _("only a combustion plant (CHP) generates heat"))
        return self


class FuelType(StrEnum):
    NATURAL_GAS = "natural_gas"
    GAS_DIESEL_OIL = "gas_diesel_oil"
    MOTOR_GASOLINE = "motor_gasoline"
    RESIDUAL_FUEL_OIL = "residual_fuel_oil"
    LPG = "lpg"
    OTHER_BITUMINOUS_COAL = "other_bituminous_coal"
    LIGNITE = "lignite"
    WOOD = "wood"
    BIOGAS = "biogas"
    PEAT = "peat"
    REFINERY_GAS = "refinery_gas"
    COKE_OVEN_COKE = "coke_oven_coke"
    OTHER_PRIMARY_SOLID_BIOMASS = "other_primary_solid_biomass"
    BIODIESEL = "biodiesel"
    LANDFILL_GAS = "landfill_gas"


#: fuels that may be given as a volume (gas by its net energy per m3, liquids by density)
VOLUME_FUELS = frozenset(
    {FuelType.NATURAL_GAS, FuelType.GAS_DIESEL_OIL, FuelType.MOTOR_GASOLINE, FuelType.LPG}
)


class FuelUse(Record):
    fuel: FuelType
    amount: Amount
    basis: Literal["net", "gross"] = Field(
        default="net", description="calorific basis of an amount given as energy"
    )
    use: Literal["space_heat", "process_heat", "chp", "vehicles", "other"]

    @model_validator(mode="after")
    def _volume_convertible(self) -> FuelUse:
        if self.amount.unit == "m3" and self.fuel not in VOLUME_FUELS:
            raise PlacedValueError(
                "amount",
                _("{fuel} cannot be given as a volume; give it in t or kWh").format(fuel=self.fuel.value),
            )
        if self.basis == "gross" and self.amount.unit != "kWh":
            raise PlacedValueError(
                "basis", _("the calorific basis applies to an amount of energy, not to a mass or volume")
            )
        return self


class HeatPurchase(Record):
    source: Literal["district_heating", "waste_heat"]
    amount_kwh: EnergyKWh
    network: Name | None = None
    supplier_company: Identifier | None = Field(
        default=None,
        description="id of the company in the area that supplies the heat (waste heat, CHP heat, steam)",
    )
    factor_g_per_kwh: float | None = Field(
        default=None, ge=0, le=2000, description="network-specific factor [g CO2e/kWh]"
    )
    factor_source: Text | None = None
    renewable_share: Share | None = Field(
        default=None, description="share of renewable or recovered heat in the supply"
    )

    @model_validator(mode="after")
    def _factor_sourced(self) -> HeatPurchase:
        if self.factor_g_per_kwh is not None and not self.factor_source:
            raise PlacedValueError("factor_source", _("a network-specific factor needs its source"))
        return self


class HeatPump(Record):
    heat_source: Literal["air", "water", "ground", "waste_heat"]
    heat_output_kwh: EnergyKWh
    electricity_kwh: EnergyKWh = Field(
        description="electricity it used, already part of the company's consumption"
    )

    @model_validator(mode="after")
    def _delivers_more_than_it_uses(self) -> HeatPump:
        if self.heat_output_kwh < self.electricity_kwh:
            raise PlacedValueError(
                "heat_output_kwh",
                _("a heat pump delivers more heat than the electricity it uses (COP of at least 1)"),
            )
        return self


class Refrigerant(Record):
    gas: Annotated[str, Field(pattern=r"^[A-Za-z0-9\-]+$", max_length=32)]
    charge_kg: MassKg
    leakage_kg: MassKg

    @model_validator(mode="after")
    def _leak_within_charge(self) -> Refrigerant:
        if self.leakage_kg > self.charge_kg * 1.0 + 1e-9:
            raise PlacedValueError(
                "leakage_kg",
                _(
                    "leakage_kg is larger than charge_kg: a leak beyond the whole charge is refilled charge, report it as such"
                ),
            )
        return self


class WasteStream(Record):
    ewc: Annotated[
        str,
        Field(
            pattern=r"^\d{2} \d{2} \d{2}\*?$",
            description="European Waste Catalogue code, e.g. '10 01 05' or '16 06 01*'",
        ),
    ]
    description: Name | None = None
    amount_t: MassT
    treatment: Annotated[
        str,
        Field(
            pattern=r"^(R(1[0-3]|[1-9])|D(1[0-5]|[1-9]))$",
            description="recovery (R1–R13) or disposal (D1–D15) code",
        ),
    ]
    used_by: Name | None = Field(
        default=None, description="the company that uses it as input (its id if it is in the area)"
    )
    byproduct: bool = Field(
        default=False,
        description="a by-product (not waste) in the sense of the Waste Framework Directive art. 5",
    )

    @property
    def hazardous(self) -> bool:
        return self.ewc.endswith("*")


class Water(Record):
    """Water use: fresh water withdrawn, plus water reused or recycled on top of it (CE-04)."""

    withdrawn_m3: VolumeM3 = Field(
        description="fresh water withdrawn or bought, without the reused water [m3]"
    )
    reused_m3: VolumeM3 = Field(
        default=0.0, description="water reused or recycled, in the company or from another [m3]"
    )


class VehicleGroup(Record):
    drive: Literal[
        "battery_electric", "fuel_cell", "plug_in_hybrid", "hybrid", "petrol", "diesel", "gas", "biofuel"
    ]
    kind: Literal["car", "van", "truck", "forklift", "other"] = "car"
    count: int = Field(ge=0)

    @property
    def zero_emission(self) -> bool:
        return self.drive in ("battery_electric", "fuel_cell")


class ModalSplit(Record):
    """Commuting trips by mode (shares of trips, summing to one)."""

    walk: Share = 0.0
    bicycle: Share = 0.0
    public_transport: Share = 0.0
    carpool: Share = 0.0
    car_alone: Share = 0.0
    other: Share = 0.0
    survey_year: Year | None = None

    @model_validator(mode="after")
    def _sums_to_one(self) -> ModalSplit:
        total = self.walk + self.bicycle + self.public_transport + self.carpool + self.car_alone + self.other
        if abs(total - 1) > 0.01:
            raise ValueError(_("the modal split adds up to {total:.0%}, not 100 %").format(total=total))
        return self

    @property
    def sustainable(self) -> float:
        return self.walk + self.bicycle + self.public_transport + self.carpool


class WasteHeat(Record):
    recoverable_kwh: EnergyKWh = Field(description="identified recoverable waste heat [kWh/year]")
    used_kwh: EnergyKWh = Field(
        description="of which used in the area or exported to a heat network [kWh/year]"
    )
    temperature_c: float | None = Field(default=None, ge=-50, le=1500)

    @model_validator(mode="after")
    def _used_within_recoverable(self) -> WasteHeat:
        if self.used_kwh > self.recoverable_kwh * (1 + 1e-6):
            raise PlacedValueError("used_kwh", _("used_kwh is larger than recoverable_kwh"))
        return self


class Storage(Record):
    kind: Literal["battery", "thermal"]
    power_kw: PowerKW
    capacity_kwh: EnergyKWh


#: company fields that hold energy or GHG data (a company that did not report has none)
ENERGY_AND_GHG_DATA = (
    "electricity_purchases",
    "generation",
    "fuels",
    "heat_purchases",
    "heat_pumps",
    "refrigerants",
    "heat_delivered_kwh",
)


class Company(Record):
    id: Identifier
    name: Name
    role: Literal["company", "shared_infrastructure"] = "company"
    nace: Annotated[
        str, Field(pattern=r"^[A-U](\d{2}(\.\d{1,2})?)?$", description="NACE Rev. 2 code, e.g. 'C20.1'")
    ]
    employees: int = Field(ge=0)
    floor_area_m2: FloorAreaM2 | None = None
    reported: bool = Field(default=True, description="the company reported this year's data (GM-03)")
    estimated_final_energy_kwh: EnergyKWh | None = Field(
        default=None,
        description="for a company that did not report: the area manager's estimate of its final energy [kWh]",
    )
    data_consent: bool = Field(default=True, description="the company consents to the use of its data")
    management_systems: list[ManagementSystem] = Field(default_factory=list)
    electricity_purchases: list[ElectricityPurchase] = Field(default_factory=list)
    generation: list[Generation] = Field(default_factory=list)
    fuels: list[FuelUse] = Field(default_factory=list)
    heat_purchases: list[HeatPurchase] = Field(default_factory=list)
    heat_pumps: list[HeatPump] = Field(default_factory=list)
    refrigerants: list[Refrigerant] = Field(default_factory=list)
    waste: list[WasteStream] = Field(default_factory=list)
    water: Water | None = None
    vehicles: list[VehicleGroup] = Field(default_factory=list)
    charging_points: int = Field(default=0, ge=0)
    commuting: ModalSplit | None = None
    waste_heat: WasteHeat | None = None
    heat_delivered_kwh: EnergyKWh = Field(
        default=0.0,
        description="heat (steam, hot water) the company produced and delivered to other companies or to a heat network [kWh]",
    )
    storage: list[Storage] = Field(default_factory=list)
    flexible_load_kw: PowerKW = 0.0
    peak_load_kw: PowerKW | None = None

    @model_validator(mode="after")
    def _estimate_when_silent(self) -> Company:
        if not self.reported:
            if self.estimated_final_energy_kwh is None:
                raise PlacedValueError(
                    "estimated_final_energy_kwh",
                    _(
                        "a company that did not report needs estimated_final_energy_kwh, so that coverage can be computed"
                    ),
                )
            for field in ENERGY_AND_GHG_DATA:
                if getattr(self, field):
                    raise PlacedValueError(
                        field,
                        _(
                            "a company that did not report carries no energy or GHG data: set reported: true or leave the data out"
                        ),
                    )
        elif self.estimated_final_energy_kwh is not None:
            raise PlacedValueError(
                "estimated_final_energy_kwh",
                _("estimated_final_energy_kwh is only for a company that did not report"),
            )
        if any(plant.technology in COMBUSTION_TECHNOLOGIES for plant in self.generation) and not any(
            fuel.use == "chp" for fuel in self.fuels
        ):
            index = next(
                i for i, plant in enumerate(self.generation) if plant.technology in COMBUSTION_TECHNOLOGIES
            )
            raise PlacedValueError(
                f"generation[{index}].technology",
                _("a combustion plant needs its fuel in fuels with use: chp"),
            )
        return self

    @property
    def ipcc_sector(self) -> Literal["energy", "manufacturing", "commercial", "agriculture"]:
        """IPCC source category of the company's stationary combustion, from its NACE section.

        D (electricity, gas, steam) is 1.A.1 energy industries; B, C, E and F (mining, manufacturing,
        water and waste, construction) are 1.A.2 manufacturing industries and construction; A
        (agriculture, forestry, fishing) is 1.A.4.c; all other sections are 1.A.4.a
        commercial/institutional.
        """
        section = self.nace[0]
        if section == "D":
            return "energy"
        if section in "BCEF":
            return "manufacturing"
        if section == "A":
            return "agriculture"
        return "commercial"


# --- hourly data ---------------------------------------------------------------------------------


class SeriesFile(Record):
    """A file of meter readings (CSV or Parquet), relative to the submission's folder."""

    path: Annotated[str, Field(min_length=1, max_length=500)]
    layout: Literal["long", "wide"] = "long"
    timezone: str | None = Field(
        default=None, description="IANA time zone of timestamps written without a UTC offset"
    )
    unit: str | None = Field(
        default=None, description="unit of every value, where the file has no unit column"
    )

    @field_validator("path")
    @classmethod
    def _inside_the_folder(cls, value: str) -> str:
        path = PurePosixPath(value.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
            raise ValueError(_("give a path inside the submission's folder, without '..'"))
        if path.suffix.lower() not in (".csv", ".parquet"):
            raise ValueError(_("a series file is .csv or .parquet"))
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    _("unknown time zone {zone!r}; use an IANA name such as Europe/Berlin").format(zone=value)
                ) from None
        return value


class Meter(Record):
    """A meter in the series files: whose it is and what it measures."""

    id: Annotated[str, Field(min_length=1, max_length=100)]
    company: Identifier | None = None
    role: Literal["load", "generation", "ppa", "certificates", "storage", "grid_cfe"] = Field(
        description=(
            "load: consumption; generation: own carbon-free generation; ppa: hourly PPA delivery; "
            "certificates: granular certificates; storage: energy released (+) or taken (−); "
            "grid_cfe: the grid's carbon-free share"
        )
    )
    technology: Technology | None = None
    metered: bool = Field(default=True, description="measured (true) or an estimated profile (false)")
    supplier_company: Identifier | None = Field(
        default=None,
        description="for a PPA from a company in the area: that company, whose generation meter holds the same energy",
    )

    @model_validator(mode="after")
    def _role_complete(self) -> Meter:
        if self.role == "grid_cfe":
            if self.company is not None:
                raise PlacedValueError("company", _("the grid's carbon-free share belongs to no company"))
        elif self.company is None:
            raise PlacedValueError("company", _("a {role} meter belongs to a company").format(role=self.role))
        if (
            self.role in ("generation", "ppa", "certificates")
            and self.technology not in CARBON_FREE_TECHNOLOGIES
        ):
            raise PlacedValueError(
                "technology", _("only carbon-free supply counts hour by hour: give a carbon-free technology")
            )
        return self


class Hourly(Record):
    """Hourly meter data of the reporting year (EN-04, data quality)."""

    files: list[SeriesFile] = Field(min_length=1)
    meters: list[Meter] = Field(min_length=1)
    timezone: str | None = Field(
        default=None, description="the area's local time zone (default: the country's)"
    )
    gaps: Literal["refuse", "fill"] = Field(
        default="refuse", description="refuse a series with gaps, or fill them by GIA's rule"
    )
    tolerance: Share = Field(
        default=0.02, description="accepted difference between series totals and declared yearly values"
    )

    @model_validator(mode="after")
    def _meters_unique(self) -> Hourly:
        seen: set[str] = set()
        grid = 0
        for index, meter in enumerate(self.meters):
            if meter.id in seen:
                raise PlacedValueError(f"meters[{index}].id", _("{id!r} is used twice").format(id=meter.id))
            seen.add(meter.id)
            grid += meter.role == "grid_cfe"
        if grid > 1:
            raise PlacedValueError("meters", _("one grid_cfe series at most"))
        if self.timezone is not None:
            SeriesFile._known_zone(self.timezone)
        return self


class Exchange(Record):
    """An active symbiosis exchange between two companies (CE-01)."""

    supplier: Identifier
    receiver: Identifier
    kind: Literal["material", "energy", "water", "infrastructure"]
    description: Name
    amount: Amount | None = None
    active: bool = True
    since: dt.date | None = None

    @model_validator(mode="after")
    def _two_companies(self) -> Exchange:
        if self.supplier == self.receiver:
            raise PlacedValueError("receiver", _("an exchange needs two different companies"))
        return self


class Submission(Record):
    """One reporting year of one area."""

    schema_: Literal["gia-submission/1"] = Field(alias="schema")
    fictional: bool = Field(default=False, description="an example, not a real area")
    reporting_year: Year
    stage: Literal["pre_certificate", "certificate"] = "certificate"
    edition: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")] = "gia-2026.1"
    not_applicable: dict[Annotated[str, Field(pattern=r"^[A-Z]{2}-\d{2}$")], Text] = Field(
        default_factory=dict, description="criteria declared not applicable, each with its reason"
    )
    area: Area
    companies: list[Company] = Field(min_length=1)
    exchanges: list[Exchange] = Field(default_factory=list)
    hourly: Hourly | None = None

    @field_validator("not_applicable")
    @classmethod
    def _reasons_given(cls, value: dict[str, str]) -> dict[str, str]:
        for criterion, reason in value.items():
            if not reason.strip():
                raise PlacedValueError(criterion, _("a criterion is not applicable only with a reason"))
        return value

    @model_validator(mode="after")
    def _references(self) -> Submission:
        known: set[str] = set()
        for index, company in enumerate(self.companies):
            if company.id in known:
                raise PlacedValueError(
                    f"companies[{index}].id", _("{id!r} is used twice").format(id=company.id)
                )
            known.add(company.id)

        def check(place: str, company_id: str | None, buyer: str | None = None) -> None:
            if company_id is None:
                return
            if company_id not in known:
                raise PlacedValueError(
                    place, _("no company with id {id!r} in this submission").format(id=company_id)
                )
            if company_id == buyer:
                raise PlacedValueError(place, _("a company cannot buy from itself"))

        for index, exchange in enumerate(self.exchanges):
            check(f"exchanges[{index}].supplier", exchange.supplier)
            check(f"exchanges[{index}].receiver", exchange.receiver)
        for index, service in enumerate(self.area.shared_services):
            for position, company_id in enumerate(service.companies):
                check(f"area.shared_services[{index}].companies[{position}]", company_id)
        for index, violation in enumerate(self.area.environmental_violations):
            check(f"area.environmental_violations[{index}].company", violation.company)
        for index, company in enumerate(self.companies):
            for position, electricity in enumerate(company.electricity_purchases):
                place = f"companies[{index}].electricity_purchases[{position}].supplier_company"
                check(place, electricity.supplier_company, company.id)
            for position, purchase in enumerate(company.heat_purchases):
                place = f"companies[{index}].heat_purchases[{position}].supplier_company"
                check(place, purchase.supplier_company, company.id)
        if self.hourly is not None:
            for position, meter in enumerate(self.hourly.meters):
                check(f"hourly.meters[{position}].company", meter.company)
            check(f"hourly.meters[{position}].supplier_company", meter.supplier_company, meter.company)
        self._transfers_within_supply()
        baseline = self.area.baseline
        if baseline is not None and baseline.year > self.reporting_year:
            raise PlacedValueError(
                "area.baseline.year",
                _("{year} is after the reporting year {reporting}").format(
                    year=baseline.year, reporting=self.reporting_year
                ),
            )
        for index, figures in enumerate(self.area.history):
            if figures.year >= self.reporting_year:
                raise PlacedValueError(
                    f"area.history[{index}].year",
                    _("{year} is not before the reporting year {reporting}").format(
                        year=figures.year, reporting=self.reporting_year
                    ),
                )
        return self

    def _transfers_within_supply(self) -> None:
        """What companies buy from a company in the area cannot exceed what it delivers.

        Heat: the supplier's ``heat_delivered_kwh`` (recovered waste heat: its ``waste_heat.used_kwh``);
        electricity: the ``exported_kwh`` of its plants. The first purchase past the supply is named.
        """
        suppliers = {c.id: c for c in self.companies}
        heat: dict[tuple[str, str], float] = {}
        power: dict[str, float] = {}
        for index, company in enumerate(self.companies):
            for position, purchase in enumerate(company.heat_purchases):
                if purchase.supplier_company is None:
                    continue
                supplier = suppliers[purchase.supplier_company]
                key = (supplier.id, purchase.source)
                heat[key] = heat.get(key, 0.0) + purchase.amount_kwh
                if purchase.source == "waste_heat":
                    available = supplier.waste_heat.used_kwh if supplier.waste_heat else 0.0
                    what = _("its waste_heat.used_kwh")
                else:
                    available = supplier.heat_delivered_kwh
                    what = _("its heat_delivered_kwh")
                if heat[key] > available * (1 + 1e-6) + 1e-6:
                    raise PlacedValueError(
                        f"companies[{index}].heat_purchases[{position}].amount_kwh",
                        _(
                            "companies buy {bought} kWh from {supplier}, more than {what} ({available} kWh)"
                        ).format(
                            bought=round(heat[key], 1),
                            supplier=supplier.id,
                            what=what,
                            available=round(available, 1),
                        ),
                    )
            for position, electricity in enumerate(company.electricity_purchases):
                if electricity.supplier_company is None:
                    continue
                supplier = suppliers[electricity.supplier_company]
                power[supplier.id] = power.get(supplier.id, 0.0) + electricity.amount_kwh
                exported = sum(plant.exported_kwh for plant in supplier.generation)
                if power[supplier.id] > exported * (1 + 1e-6) + 1e-6:
                    raise PlacedValueError(
                        f"companies[{index}].electricity_purchases[{position}].amount_kwh",
                        _(
                            "companies buy {bought} kWh from {supplier}, more than its plants export ({available} kWh)"
                        ).format(
                            bought=round(power[supplier.id], 1),
                            supplier=supplier.id,
                            available=round(exported, 1),
                        ),
                    )

    def company(self, company_id: str) -> Company:
        for company in self.companies:
            if company.id == company_id:
                return company
        raise KeyError(company_id)
