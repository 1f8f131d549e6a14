"""The measures compendium: energy-transition and efficiency measures for industrial areas.

The measures live in ``gia/toolbox/data/measures.yaml`` (schema ``gia-measures/1``): each with its
unit of size, capital cost, operating cost and lifetime per unit, the parameters of its effect (an
energy yield per country where the climate matters, a COP, full-load hours …), the applicability
rules it needs and the criteria it improves. Every number carries a source key that the file's
``sources`` section resolves to a publication, a year, a licence and a verification note; look-ups
return :class:`~gia.accounting.provenance.FactorRef` objects so that the provenance travels into
every figure made with them.

Energy prices, the discount rate and the carbon price for proposals live in
``gia/toolbox/data/economics.csv`` (value, unit, source, year, licence, verified).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gia import i18n
from gia.accounting.energy import fuel_energy
from gia.accounting.factors import load_factor_set
from gia.accounting.provenance import FactorRef
from gia.dataset import Company, Submission
from gia.documents import format_location, load
from gia.errors import GiaInputError
from gia.i18n import _

DATA_DIR = Path(__file__).parent / "data"
MEASURES_FILE = DATA_DIR / "measures.yaml"
ECONOMICS_FILE = DATA_DIR / "economics.csv"
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Effect = Literal[
    "generation",
    "chp",
    "ppa",
    "heat_supply",
    "heat_saving",
    "electricity_saving",
    "storage",
    "charging",
    "fleet",
    "water_reuse",
    "green_roof",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    title: str = Field(min_length=1)
    year: int
    licence: str = Field(min_length=1)
    verified: str = Field(min_length=1)


class Value(_Strict):
    """A number of the compendium with its unit and the key of its source."""

    value: float
    unit: str = Field(min_length=1)
    source: str = Field(min_length=1)
    note: str = ""


class Measure(_Strict):
    """One measure of the compendium."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: dict[str, str]
    #: what the measure is, in a sentence or two for people (English, Polish and German at least)
    description: dict[str, str]
    category: Literal[
        "renewable_electricity",
        "renewable_heat",
        "waste_heat",
        "heat_network",
        "storage",
        "efficiency",
        "mobility",
        "water",
        "land",
    ]
    effect: Effect
    unit: str = Field(min_length=1)
    capex: Value
    opex: Value
    lifetime: Value
    parameters: dict[str, Value] = Field(default_factory=dict)
    per_country: dict[str, dict[Country, Value]] = Field(default_factory=dict)
    applicability: list[str] = Field(default_factory=list)
    criteria: list[Annotated[str, Field(pattern=r"^[A-Z]{2}-\d{2}$")]] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> Measure:
        if "en" not in self.name:
            raise ValueError(_("a measure needs an English name"))
        missing = [language for language in i18n.LANGUAGES if not self.description.get(language)]
        if missing:
            raise ValueError(
                _("the measure's description lacks the languages {languages}").format(
                    languages=", ".join(missing)
                )
            )
        if self.lifetime.value <= 0:
            raise ValueError(_("the lifetime must be positive"))
        for rule in self.applicability:
            if rule not in APPLICABILITY:
                raise ValueError(
                    _("unknown applicability rule {rule!r}; known: {known}").format(
                        rule=rule, known=", ".join(sorted(APPLICABILITY))
                    )
                )
        return self

    def label(self, language: str = "en") -> str:
        return self.name.get(language, self.name["en"])

    def describe(self, language: str = "en") -> str:
        """What the measure is, in ``language`` (English where it has no text in that language)."""
        return self.description.get(language, self.description["en"])

    def countries(self) -> tuple[str, ...] | None:
        """The countries the compendium has per-country values for; None when no value depends on it."""
        if not self.per_country:
            return None
        tables = [set(table) for table in self.per_country.values()]
        return tuple(sorted(set.intersection(*tables)))


class MeasuresFile(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["gia-measures/1"] = Field(alias="schema")
    currency: Literal["EUR"]
    price_year: int
    sources: dict[str, Source]
    measures: list[Measure] = Field(min_length=1)

    @model_validator(mode="after")
    def _sources_known(self) -> MeasuresFile:
        seen: set[str] = set()
        for measure in self.measures:
            if measure.id in seen:
                raise ValueError(_("measure {id!r} is listed twice").format(id=measure.id))
            seen.add(measure.id)
            values = [measure.capex, measure.opex, measure.lifetime, *measure.parameters.values()]
            values += [v for table in measure.per_country.values() for v in table.values()]
            for value in values:
                if value.source not in self.sources:
                    raise ValueError(
                        _("measure {id}: unknown source {source!r}").format(
                            id=measure.id, source=value.source
                        )
                    )
        return self


@dataclass(frozen=True)
class Compendium:
    """The loaded compendium: measures by id and the sources their numbers cite."""

    measures: dict[str, Measure]
    sources: dict[str, Source]
    price_year: int

    def measure(self, measure_id: str) -> Measure:
        """The measure ``measure_id``; an unknown id is the user's error, naming the known ones."""
        if measure_id not in self.measures:
            raise GiaInputError(
                _("measures"),
                [
                    (
                        measure_id,
                        _("unknown measure {id!r}; known: {known}").format(
                            id=measure_id, known=", ".join(self.measures)
                        ),
                    )
                ],
            )
        return self.measures[measure_id]

    def ref(self, measure: Measure, name: str, value: Value) -> FactorRef:
        """A compendium number as a factor reference with its source, year and licence."""
        source = self.sources[value.source]
        note = source.verified + (f"; {value.note}" if value.note else "")
        return FactorRef(
            id=f"measures/{measure.id}/{name}",
            value=value.value,
            unit=value.unit,
            source=source.title,
            year=source.year,
            licence=source.licence,
            note=note,
        )

    def parameter(self, measure: Measure, name: str) -> FactorRef:
        if name not in measure.parameters:
            raise LookupError(f"measure {measure.id} has no parameter {name}")
        return self.ref(measure, name, measure.parameters[name])

    def text_parameter(self, measure: Measure, name: str) -> str:
        """A parameter whose meaning is its unit (a technology, a heat source, a storage kind)."""
        return measure.parameters[name].unit

    def for_country(self, measure: Measure, name: str, country: str) -> FactorRef:
        """A per-country number (a yield, a saving); a country without one is the user's error."""
        table = measure.per_country.get(name, {})
        if country not in table:
            raise GiaInputError(
                _("measures"),
                [
                    (
                        measure.id,
                        _("no {name} for country {country} in the compendium; known: {known}").format(
                            name=name, country=country, known=", ".join(sorted(table))
                        ),
                    )
                ],
            )
        return self.ref(measure, f"{name}/{country}", table[country])

    def capex(self, measure: Measure) -> FactorRef:
        return self.ref(measure, "capex", measure.capex)

    def opex(self, measure: Measure) -> FactorRef:
        return self.ref(measure, "opex", measure.opex)

    def lifetime(self, measure: Measure) -> FactorRef:
        return self.ref(measure, "lifetime", measure.lifetime)


@cache
def load_compendium(path: Path = MEASURES_FILE) -> Compendium:
    """Read and validate the measures compendium (cached)."""
    document = load(MeasuresFile, path)
    return Compendium(
        measures={m.id: m for m in document.measures},
        sources=dict(document.sources),
        price_year=document.price_year,
    )


# --- economics -----------------------------------------------------------------------------------


class EconomicsRow(_Strict):
    parameter: Annotated[str, Field(pattern=r"^[a-z_]+(:[a-z_]+)?$")]
    country: Literal["", "PL", "DE", "DK", "SE", "FI", "LT", "LV", "EE"]
    value: float
    unit: str = Field(min_length=1)
    source: str = Field(min_length=1)
    year: int
    licence: str = Field(min_length=1)
    verified: str = Field(min_length=1)


@dataclass(frozen=True)
class Economics:
    rows: dict[tuple[str, str], EconomicsRow]

    def get(self, parameter: str, country: str = "") -> FactorRef:
        """A price or rate for the country, else the value for all countries."""
        row = self.rows.get((parameter, country)) or self.rows.get((parameter, ""))
        if row is None and parameter.startswith("fuel_price:"):
            row = self.rows.get(("fuel_price:other", ""))
        if row is None:
            raise GiaInputError(
                str(ECONOMICS_FILE),
                [(parameter, _("no value for {country}").format(country=country or "—"))],
            )
        return FactorRef(
            id=f"economics/{parameter}/{row.country or 'all'}",
            value=row.value,
            unit=row.unit,
            source=row.source,
            year=row.year,
            licence=row.licence,
            note=row.verified,
        )


@cache
def load_economics(path: Path = ECONOMICS_FILE) -> Economics:
    rows: dict[tuple[str, str], EconomicsRow] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, raw in enumerate(csv.DictReader(handle), start=2):
            try:
                row = EconomicsRow.model_validate(raw)
            except ValidationError as exc:
                raise GiaInputError(
                    str(path),
                    [
                        (
                            _("row {row}, column {column}").format(
                                row=number, column=format_location(e["loc"])
                            ),
                            e["msg"],
                        )
                        for e in exc.errors(include_url=False)
                    ],
                ) from None
            rows[(row.parameter, row.country)] = row
    return Economics(rows)


def capital_recovery_factor(rate: float, years: float) -> float:
    """Share of an investment paid each year over ``years`` at ``rate`` [1/year].

    ``CRF = r (1 + r)^n / ((1 + r)^n − 1)``; ``1/n`` when ``r`` is 0.
    """
    if years <= 0:
        raise ValueError("lifetime must be positive")
    if rate == 0:
        return 1 / years
    growth = (1 + rate) ** years
    return rate * growth / (growth - 1)


def _range(values: list[float]) -> tuple[float, float] | None:
    return (min(values), max(values)) if values else None


def yearly_energy_kwh(measure: Measure, country: str | None = None) -> tuple[float, float] | None:
    """Energy one unit of the measure generates, supplies or saves in a year [kWh/year].

    As (lowest, highest) over the countries of the compendium, or for ``country`` alone (a country
    without a value gives None). None also for measures whose effect is not energy: storage,
    charging points, water reuse, green roofs. A CHP counts its electricity and its useful heat; a
    fleet counts the fuel it saves less the electricity it uses.
    """

    def per_country(name: str) -> tuple[float, float] | None:
        table = measure.per_country.get(name, {})
        values = [v.value for c, v in table.items() if country is None or c == country]
        return _range(values)

    parameters = {name: value.value for name, value in measure.parameters.items()}
    if measure.effect == "generation":
        return per_country("yield_kwh_per_unit")
    if measure.effect == "heat_saving":
        return per_country("saving_kwh_per_unit")
    single: float | None = None
    if measure.effect == "chp":
        hours = parameters["full_load_hours"]
        single = hours * (1 + parameters["thermal_efficiency"] / parameters["electrical_efficiency"])
    elif measure.effect == "ppa":
        single = 1000.0  # one unit is one MWh a year under contract
    elif measure.effect == "heat_supply":
        single = parameters["full_load_hours"]
    elif measure.effect == "electricity_saving":
        single = parameters["saving_kwh_per_unit"]
    elif measure.effect == "fleet":
        single = parameters["fuel_saved_kwh_per_unit"] - parameters["electricity_kwh_per_unit"]
    return None if single is None or single <= 0 else (single, single)


def cost_per_mwh(measure: Measure, country: str | None = None) -> tuple[float, float] | None:
    """Yearly cost of one unit per MWh it generates, supplies or saves [EUR/MWh], lowest and highest.

    ``(capex × CRF(discount rate, lifetime) + opex) ÷ yearly energy``, with the discount rate of
    ``economics.csv``; without the energy the measure uses or the fuel it burns (those are priced in
    the abatement cost curve of an area, :mod:`gia.toolbox.mac`). None where
    :func:`yearly_energy_kwh` is None.
    """
    energy = yearly_energy_kwh(measure, country)
    if energy is None:
        return None
    rate = load_economics().get("discount_rate").value
    annual = measure.capex.value * capital_recovery_factor(rate, measure.lifetime.value) + measure.opex.value
    low, high = sorted((annual / (energy[1] / 1000), annual / (energy[0] / 1000)))
    return (low, high)


# --- applicability -------------------------------------------------------------------------------


def _fuel_heat_kwh(company: Company, uses: tuple[str, ...] = ("space_heat", "process_heat")) -> float:
    """Net energy of the company's fossil fuels used for heat [kWh]."""
    factors = load_factor_set()
    total = 0.0
    for index, fuel in enumerate(company.fuels):
        if fuel.use in uses and not factors.is_biogenic(fuel.fuel.value):
            total += fuel_energy(fuel, factors, f"fuels[{index}]").value
    return total


def _uncovered_grid_kwh(company: Company) -> float:
    return sum(p.amount_kwh for p in company.electricity_purchases if p.instrument == "none")


def _fossil_vehicles(company: Company) -> int:
    return sum(v.count for v in company.vehicles if v.drive in ("petrol", "diesel", "gas", "hybrid"))


#: applicability rules by name: (test on a company, or None for the area; message when it fails)
APPLICABILITY: dict[str, tuple[Callable[[Submission, Company | None], bool], Callable[[], str]]] = {
    "buys_grid_electricity": (
        lambda s, c: c is not None and sum(p.amount_kwh for p in c.electricity_purchases) > 0,
        lambda: _("the company buys no grid electricity to replace"),
    ),
    "buys_uncovered_grid_electricity": (
        lambda s, c: c is not None and _uncovered_grid_kwh(c) > 0,
        lambda: _("the company buys no grid electricity without a contractual instrument"),
    ),
    "uses_electricity": (
        lambda s, c: (
            c is not None
            and sum(p.amount_kwh for p in c.electricity_purchases)
            + sum(g.self_consumed_kwh for g in c.generation)
            > 0
        ),
        lambda: _("the company reports no electricity use"),
    ),
    "has_fuel_heat": (
        lambda s, c: c is not None and _fuel_heat_kwh(c) > 0,
        lambda: _("the company burns no fossil fuel for space or process heat"),
    ),
    "has_space_heat": (
        lambda s, c: c is not None and _fuel_heat_kwh(c, ("space_heat",)) > 0,
        lambda: _("the company burns no fossil fuel for space heat"),
    ),
    "has_unused_waste_heat": (
        lambda s, c: (
            c is not None
            and c.waste_heat is not None
            and c.waste_heat.recoverable_kwh > c.waste_heat.used_kwh
        ),
        lambda: _("the company has no identified recoverable waste heat left unused"),
    ),
    "reports_peak_load": (
        lambda s, c: c is not None and c.peak_load_kw is not None and c.peak_load_kw > 0,
        lambda: _("the company reports no peak load (peak_load_kw), so storage cannot be sized or counted"),
    ),
    "has_employees": (
        lambda s, c: c is not None and c.employees > 0,
        lambda: _("the company has no employees"),
    ),
    "has_fossil_fleet": (
        lambda s, c: c is not None and _fossil_vehicles(c) > 0 and any(f.use == "vehicles" for f in c.fuels),
        lambda: _("the company reports no fossil vehicles with their fuel (fuels with use: vehicles)"),
    ),
    "withdraws_water": (
        lambda s, c: c is not None and c.water is not None and c.water.withdrawn_m3 > 0,
        lambda: _("the company reports no water withdrawal"),
    ),
    "has_sealed_area": (
        lambda s, c: (s.area.sealed_area_ha or 0) > 0,
        lambda: _("the area reports no sealed area (sealed_area_ha)"),
    ),
    "has_unsealed_land": (
        lambda s, c: (
            s.area.sealed_area_ha is not None
            and s.area.total_area_ha - s.area.sealed_area_ha - (s.area.near_natural_green_ha or 0) > 0
        ),
        lambda: _("the area reports no free, unsealed land for a ground-mounted plant"),
    ),
}


def applicability_problems(measure: Measure, submission: Submission, company: Company | None) -> list[str]:
    """The applicability rules of ``measure`` that ``company`` (or the area) fails, as messages."""
    return [
        APPLICABILITY[rule][1]()
        for rule in measure.applicability
        if not APPLICABILITY[rule][0](submission, company)
    ]


def applicable(measure: Measure, submission: Submission, company: Company | None) -> bool:
    return not applicability_problems(measure, submission, company)
