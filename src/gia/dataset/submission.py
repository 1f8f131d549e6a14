"""The submission: one reporting year of one area and its companies.

This is the document an area manager (or GIA's Excel import, or the web forms) produces. It holds
only what was measured, declared or adopted; everything computed from it lives in
:mod:`gia.accounting` and :mod:`gia.assessment`. Every field that holds a bare number names its
unit (``amount_kwh``); quantities may be written with any unit pint understands.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from gia.dataset.area import (  # noqa: F401  (re-exported)
    SHARED_INFRASTRUCTURE,
    Adoption,
    Area,
    Baseline,
    ClimateTarget,
    Geometry,
    LandManagementPlan,
    LandMeasure,
    LandMeasureKind,
    ManagementEntity,
    Milestone,
    NetworkEvent,
    Plans,
    PublicTransport,
    SharedService,
    Skills,
    Violation,
    YearFigures,
)
from gia.dataset.base import SCHEMA_ID, CountryCode, Identifier, Name, Record, Text, Year  # noqa: F401  (re-exported)
from gia.dataset.company import (  # noqa: F401  (re-exported)
    CARBON_FREE_TECHNOLOGIES,
    COMBUSTION_TECHNOLOGIES,
    ENERGY_AND_GHG_DATA,
    RENEWABLE_TECHNOLOGIES,
    VOLUME_FUELS,
    Company,
    ElectricityPurchase,
    FuelType,
    FuelUse,
    Generation,
    HeatPump,
    HeatPurchase,
    ManagementSystem,
    ModalSplit,
    Refrigerant,
    Storage,
    Technology,
    VehicleGroup,
    WasteHeat,
    WasteStream,
    Water,
)
from gia.dataset.hourly import Hourly, Meter, SeriesFile  # noqa: F401  (re-exported)
from gia.dataset.quantities import Amount
from gia.errors import PlacedValueError
from gia.i18n import _, number


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
        if self.amount is not None and self.kind == "energy" and self.amount.dimension != "energy":
            raise PlacedValueError("amount", _("an exchange of energy is given in kWh, MWh or GWh"))
        if self.amount is not None and self.kind == "water" and self.amount.dimension != "volume":
            raise PlacedValueError("amount", _("an exchange of water is given in m³"))
        return self


def reference_problems(
    known: set[str],
    area: Area | None = None,
    exchanges: list[Exchange] | tuple[Exchange, ...] = (),
    companies: list[Company] | tuple[Company, ...] = (),
    hourly: Hourly | None = None,
) -> list[tuple[str, str]]:
    """Every place that names a company which is not among ``known`` (or names the buyer itself).

    The submission refuses its first; a form that saves one part checks that part with it."""
    problems: list[tuple[str, str]] = []

    def check(place: str, company_id: str | None, buyer: str | None = None) -> None:
        if company_id is None:
            return
        if company_id not in known:
            problems.append((place, _("no company with id {id!r} in this submission").format(id=company_id)))
        elif company_id == buyer:
            problems.append((place, _("a company cannot buy from itself")))

    for index, exchange in enumerate(exchanges):
        check(f"exchanges[{index}].supplier", exchange.supplier)
        check(f"exchanges[{index}].receiver", exchange.receiver)
    if area is not None:
        for index, service in enumerate(area.shared_services):
            for position, company_id in enumerate(service.companies):
                check(f"area.shared_services[{index}].companies[{position}]", company_id)
        for index, violation in enumerate(area.environmental_violations):
            check(f"area.environmental_violations[{index}].company", violation.company)
    for index, company in enumerate(companies):
        for position, electricity in enumerate(company.electricity_purchases):
            place = f"companies[{index}].electricity_purchases[{position}].supplier_company"
            check(place, electricity.supplier_company, company.id)
        for position, purchase in enumerate(company.heat_purchases):
            place = f"companies[{index}].heat_purchases[{position}].supplier_company"
            check(place, purchase.supplier_company, company.id)
    if hourly is not None:
        for position, meter in enumerate(hourly.meters):
            check(f"hourly.meters[{position}].company", meter.company)
            check(f"hourly.meters[{position}].supplier_company", meter.supplier_company, meter.company)
    return problems


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
        problems = reference_problems(known, self.area, self.exchanges, self.companies, self.hourly)
        if problems:
            raise PlacedValueError(*problems[0])
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
                    what = _("the waste heat it uses or delivers")
                else:
                    available = supplier.heat_delivered_kwh
                    what = _("the heat it delivers to others")
                if heat[key] > available * (1 + 1e-6) + 1e-6:
                    raise PlacedValueError(
                        f"companies[{index}].heat_purchases[{position}].amount_kwh",
                        _(
                            "companies buy {bought} kWh from {supplier}, more than {what} ({available} kWh)"
                        ).format(
                            bought=number(heat[key]),
                            supplier=supplier.name,
                            what=what,
                            available=number(available),
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
                            bought=number(power[supplier.id]),
                            supplier=supplier.name,
                            available=number(exported),
                        ),
                    )

    def company(self, company_id: str) -> Company:
        for company in self.companies:
            if company.id == company_id:
                return company
        raise KeyError(company_id)
