"""The company part of a submission: energy, fuels, heat, refrigerants, waste, water, mobility."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from gia.dataset.base import CountryCode, Identifier, Name, Record, Text, Year
from gia.dataset.labels import choice_label
from gia.dataset.quantities import Amount, EnergyKWh, FloorAreaM2, MassKg, MassT, PowerKW, Share, VolumeM3
from gia.errors import PlacedValueError
from gia.i18n import _, number, percent

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
    covered_share: Share | None = Field(
        default=None,
        description="share of the amount the instrument covers (default: all); the rest is priced at the supplier's residual mix, else the country's",
    )
    instrument_factor_g_per_kwh: float | None = Field(
        default=None,
        ge=0,
        le=2000,
        description="emission rate the instrument states, for electricity that is not carbon-free",
    )
    instrument_factor_source: Text | None = None
    supplier_factor_g_per_kwh: float | None = Field(default=None, ge=0, le=2000)
    supplier_factor_basis: Literal["supplier_mix", "residual_mix"] = Field(
        default="supplier_mix",
        description="supplier_mix: the supplier's mix for this product, for the whole amount; residual_mix: the supplier's residual mix, for what no instrument covers",
    )
    supplier_factor_source: Text | None = None

    @model_validator(mode="after")
    def _instrument_complete(self) -> ElectricityPurchase:
        if self.instrument != "none" and self.technology is None:
            raise PlacedValueError(
                "technology",
                _("guarantees of origin and PPAs need the source of their electricity (its technology)"),
            )
        if self.instrument == "guarantee_of_origin":
            if self.production_year is None:
                raise PlacedValueError(
                    "production_year", _("give the year in which the guarantees of origin were produced")
                )
            if self.certificate_country is None:
                raise PlacedValueError(
                    "certificate_country", _("give the country that issued the guarantees of origin")
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
        if self.covered_share is not None and self.instrument == "none":
            raise PlacedValueError(
                "covered_share", _("only guarantees of origin or a PPA cover a share of the amount")
            )
        if self.instrument_factor_g_per_kwh is not None:
            if self.instrument == "none":
                raise PlacedValueError(
                    "instrument_factor_g_per_kwh", _("only guarantees of origin or a PPA state a rate")
                )
            if not self.instrument_factor_source:
                raise PlacedValueError(
                    "instrument_factor_source", _("the instrument's rate needs the document that states it")
                )
        if (
            self.covered_share is not None
            and self.covered_share < 1
            and self.supplier_factor_g_per_kwh is not None
            and self.supplier_factor_basis == "supplier_mix"
        ):
            raise PlacedValueError(
                "supplier_factor_basis",
                _(
                    "the rest of a partly covered purchase takes the supplier's residual mix, not its whole mix (the covered share would count twice)"
                ),
            )
        if self.supplier_company is not None and self.technology is None:
            raise PlacedValueError(
                "technology", _("electricity from a company in the area needs the technology of its plant")
            )
        if self.local and self.instrument != "ppa":
            raise PlacedValueError(
                "local", _("only a PPA can be local (a plant within 5 km delivering to the area)")
            )
        return self


#: the hours of a leap year: no plant runs longer at full power in a reporting year
HOURS_IN_A_YEAR = 8784


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
            raise PlacedValueError(
                "self_consumed_kwh",
                _(
                    "the electricity used and fed in ({used} kWh) is more than the electricity generated ({generated} kWh)"
                ).format(
                    used=number(self.self_consumed_kwh + self.exported_kwh),
                    generated=number(self.generated_kwh),
                ),
            )
        if self.heat_generated_kwh and self.technology not in COMBUSTION_TECHNOLOGIES:
            raise PlacedValueError("heat_generated_kwh", _("only a combustion plant (CHP) generates heat"))
        if self.capacity_kw is not None and self.generated_kwh > self.capacity_kw * HOURS_IN_A_YEAR * (
            1 + 1e-9
        ):
            raise PlacedValueError(
                "generated_kwh",
                _(
                    "a plant of {capacity} kW generates at most {most} kWh in a year, running at full power every hour; check the amount and the capacity"
                ).format(
                    capacity=number(self.capacity_kw, 0 if float(self.capacity_kw).is_integer() else 1),
                    most=number(self.capacity_kw * HOURS_IN_A_YEAR),
                ),
            )
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
                _("{fuel} cannot be given as a volume; give it in t or kWh").format(
                    fuel=choice_label("FuelUse", "fuel", self.fuel.value)
                ),
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
                    "more refrigerant was refilled than the system holds: report a refill beyond the whole charge as a new charge"
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
            raise ValueError(
                _("the shares of trips add up to {total}, not 100 %").format(total=percent(total))
            )
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
            raise PlacedValueError("used_kwh", _("more waste heat is used than is recoverable"))
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
                        "a company that did not report needs an estimate of its final energy, so that the reporting coverage can be computed"
                    ),
                )
            for field in ENERGY_AND_GHG_DATA:
                if getattr(self, field):
                    raise PlacedValueError(
                        field,
                        _(
                            "a company that did not report has no energy or emission data: say that it reports, or leave the data out"
                        ),
                    )
        elif self.estimated_final_energy_kwh is not None:
            raise PlacedValueError(
                "estimated_final_energy_kwh",
                _("an estimate of final energy is only for a company that did not report"),
            )
        if any(plant.technology in COMBUSTION_TECHNOLOGIES for plant in self.generation) and not any(
            fuel.use == "chp" for fuel in self.fuels
        ):
            index = next(
                i for i, plant in enumerate(self.generation) if plant.technology in COMBUSTION_TECHNOLOGIES
            )
            raise PlacedValueError(
                f"generation[{index}].technology",
                _(
                    "a combustion plant needs its fuel among the fuels, used for combined heat and power (CHP)"
                ),
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
