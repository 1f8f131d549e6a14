"""Reference data and factor sets.

The values live in CSV files in ``gia/accounting/data`` with value, unit, source, year and licence
columns; ``factor_sets.yaml`` names which data a factor set uses (GWP report, grid dataset,
district-heating defaults). Each file is validated row by row when loaded; an error names the file,
the row and the column. Look-ups return :class:`~gia.accounting.provenance.FactorRef` objects, so
every factor used carries its source into the result, and :class:`Flag` objects for every
fallback taken.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gia.accounting.provenance import FactorRef, Flag
from gia.documents import format_location, load
from gia.errors import GiaInputError
from gia.i18n import _

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_FACTOR_SET = "gia-fs-2026.2-ar6"
#: refrigerant designations (ASHRAE 34) of pure HFCs, read as the HFC names of the GWP table
REFRIGERANT_ALIASES = {"R-134A": "HFC-134A", "R-32": "HFC-32", "R-125": "HFC-125", "R-143A": "HFC-143A"}
REFRIGERANT_ALIASES_DISPLAY = ("R-125", "R-134a", "R-143a", "R-32")
NOT_REFRIGERANTS = frozenset({"CO2", "CH4", "CH4-fossil", "CH4-non-fossil", "N2O", "SF6", "NF3"})
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class _Row(BaseModel):
    """What every data row carries beside its key: the value, its unit and where it comes from.

    ``source`` names the publication and its table or page; ``url`` its address or DOI; ``verified``
    the day (YYYY-MM-DD) the value was checked against that publication, empty while it has not been
    (such a value is flagged in every result that uses it); ``note`` anything a reader should know.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    unit: str = Field(min_length=1)
    source: str = Field(min_length=1)
    url: str = Field(default="", pattern=r"^(https://\S+)?$")
    licence: str = Field(min_length=1)
    verified: str = Field(default="", pattern=r"^(\d{4}-\d{2}-\d{2})?$")
    note: str = ""

    def ref(self, id: str, year: int, note: str = "") -> FactorRef:
        """This row as the factor a computation used."""
        return FactorRef(
            id=id,
            value=self.value,
            unit=self.unit,
            source=self.source,
            year=year,
            licence=self.licence,
            note=note or self.note,
            url=self.url,
            verified=self.verified,
        )


class FuelRow(_Row):
    fuel: str
    parameter: Literal["co2", "ncv", "ch4", "n2o"]
    sector: Literal["all", "energy", "manufacturing", "commercial", "agriculture", "transport"]
    year: int


class FuelPropertyRow(_Row):
    fuel: str
    parameter: Literal["net_to_gross", "net_energy_per_volume", "density", "biogenic"]
    year: int


class GwpRow(_Row):
    gas: str
    report: Literal["AR4", "AR5", "AR6"]
    year: int


class GridRow(_Row):
    country: Country
    year: int
    dataset: str
    basis: str
    release: str


class ResidualMixRow(_Row):
    country: Country
    year: int
    release: str


class CarbonFreeRow(_Row):
    country: Country
    year: int


class DistrictHeatRow(_Row):
    country: Country
    network: str
    supply: str
    year: int


RowT = TypeVar("RowT", bound=BaseModel)
YearRowT = TypeVar("YearRowT", "GridRow", "ResidualMixRow", "CarbonFreeRow")


def _read_csv(name: str, model: type[RowT]) -> list[RowT]:
    path = DATA_DIR / name
    rows: list[RowT] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, raw in enumerate(csv.DictReader(handle), start=2):
            try:
                rows.append(model.model_validate(raw))
            except ValidationError as exc:
                problems = [
                    (
                        _("row {row}, column {column}").format(row=number, column=format_location(e["loc"])),
                        e["msg"],
                    )
                    for e in exc.errors(include_url=False)
                ]
                raise GiaInputError(str(path), problems) from None
    return rows


class FactorSetSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    class DefaultSupply(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        country: Country
        supply: str

    id: str
    description: str
    #: the digest of the values it was released with (:func:`data_digest`): a changed value needs a new set
    data_digest: str = Field(pattern=r"^[0-9a-f]{16}$")
    gwp: Literal["AR4", "AR5", "AR6"]
    grid_dataset: str
    max_factor_age_years: int = Field(ge=0, le=10)
    district_heating_default: dict[Country, str]
    district_heating_fallback: DefaultSupply
    waste_heat_default: DefaultSupply


class FactorSetFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["gia-factor-sets/1"] = Field(alias="schema")
    factor_sets: tuple[FactorSetSpec, ...]


@dataclass(frozen=True)
class ReferenceData:
    fuels: tuple[FuelRow, ...]
    fuel_properties: tuple[FuelPropertyRow, ...]
    gwp: tuple[GwpRow, ...]
    grid: tuple[GridRow, ...]
    residual_mix: tuple[ResidualMixRow, ...]
    carbon_free: tuple[CarbonFreeRow, ...]
    district_heat: tuple[DistrictHeatRow, ...]


@cache
def reference_data() -> ReferenceData:
    return ReferenceData(
        fuels=tuple(_read_csv("fuels_ipcc2006.csv", FuelRow)),
        fuel_properties=tuple(_read_csv("fuel_properties.csv", FuelPropertyRow)),
        gwp=tuple(_read_csv("gwp.csv", GwpRow)),
        grid=tuple(_read_csv("grid_electricity.csv", GridRow)),
        residual_mix=tuple(_read_csv("residual_mix.csv", ResidualMixRow)),
        carbon_free=tuple(_read_csv("grid_carbon_free_share.csv", CarbonFreeRow)),
        district_heat=tuple(_read_csv("district_heating.csv", DistrictHeatRow)),
    )


#: columns that say where a value comes from, not what it is: changing them keeps the factor set
_PROVENANCE_COLUMNS = frozenset({"source", "url", "licence", "verified", "note", "release"})


def data_digest(data: ReferenceData) -> str:
    """A digest of every value in the reference data (keys, values, units; not their citations).

    A factor set records the digest of the data it was released with; when a value changes the
    digest changes and the set no longer loads: a changed value makes a new factor-set id, and the
    change is written in ``data/CHANGELOG.md``.
    """
    digest = hashlib.sha256()
    for table in dataclasses.fields(data):
        digest.update(table.name.encode())
        for row in getattr(data, table.name):
            values = {k: v for k, v in row.model_dump().items() if k not in _PROVENANCE_COLUMNS}
            digest.update(json.dumps(values, sort_keys=True).encode())
    return digest.hexdigest()[:16]


@cache
def factor_set_specs() -> dict[str, FactorSetSpec]:
    document = load(FactorSetFile, DATA_DIR / "factor_sets.yaml")
    return {spec.id: spec for spec in document.factor_sets}


@cache
def load_factor_set(factor_set_id: str = DEFAULT_FACTOR_SET) -> FactorSet:
    specs = factor_set_specs()
    if factor_set_id not in specs:
        raise GiaInputError(
            _("factor set"),
            [
                (
                    "",
                    _("unknown factor set {id!r}; known: {known}").format(
                        id=factor_set_id, known=", ".join(sorted(specs))
                    ),
                )
            ],
        )
    spec, data = specs[factor_set_id], reference_data()
    actual = data_digest(data)
    if spec.data_digest != actual:
        raise GiaInputError(
            _("factor set"),
            [
                (
                    factor_set_id,
                    _(
                        "the reference data changed since this factor set was released (digest {recorded}, now {actual}): a changed value makes a new factor set, recorded in factor_sets.yaml and CHANGELOG.md"
                    ).format(recorded=spec.data_digest, actual=actual),
                )
            ],
        )
    return FactorSet(spec, data)


def N_(message: str) -> str:  # noqa: N802  (gettext's no-op marker)
    return message


#: how the heat of a district-heating supply type is made, in words (the data files' codes)
SUPPLY_WORDS = {
    "chp_coal": N_("coal-fired combined heat and power"),
    "chp_gas_liquid": N_("gas- or oil-fired combined heat and power"),
    "chp_renewable": N_("renewable combined heat and power"),
    "heat_only_coal": N_("coal-fired heating plant"),
    "heat_only_gas_liquid": N_("gas- or oil-fired heating plant"),
    "heat_only_renewable": N_("renewable heating plant"),
    "industrial_waste_heat": N_("industrial waste heat"),
    "national_average": N_("national average"),
    "waste_incineration": N_("waste incineration"),
}


def supply_words(supply: str) -> str:
    return _(SUPPLY_WORDS[supply]) if supply in SUPPLY_WORDS else supply.replace("_", " ")


class FactorSet:
    """The factors one assessment uses; every look-up says where its value came from."""

    def __init__(self, spec: FactorSetSpec, data: ReferenceData) -> None:
        self.spec = spec
        self.data = data
        self._fuels = {(r.fuel, r.parameter, r.sector): r for r in data.fuels}
        self._properties = {(r.fuel, r.parameter): r for r in data.fuel_properties}
        self._gwp = {(r.gas.upper(), r.report): r for r in data.gwp if r.report == spec.gwp}
        self._grid = {(r.country, r.year): r for r in data.grid if r.dataset == spec.grid_dataset}
        self._residual = {(r.country, r.year): r for r in data.residual_mix}
        self._carbon_free = {(r.country, r.year): r for r in data.carbon_free}

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def digest(self) -> str:
        return self.spec.data_digest

    # --- fuels ---

    def fuel_factor(self, fuel: str, parameter: str, sector: str) -> FactorRef | None:
        """An IPCC fuel factor for ``sector`` (or for all sectors)."""
        row = self._fuels.get((fuel, parameter, sector)) or self._fuels.get((fuel, parameter, "all"))
        if row is None:
            return None
        return row.ref(f"ipcc2006/{fuel}/{parameter}/{row.sector}", row.year)

    def fuel_property(self, fuel: str, parameter: str) -> FactorRef | None:
        row = self._properties.get((fuel, parameter))
        if row is None:
            return None
        return row.ref(f"fuel-properties/{fuel}/{parameter}", row.year)

    def is_biogenic(self, fuel: str) -> bool:
        prop = self._properties.get((fuel, "biogenic"))
        return bool(prop and prop.value)

    # --- global warming potentials ---

    def gwp(self, gas: str) -> FactorRef | None:
        """GWP100 of a gas or refrigerant; R-134a, R-32, R-125 and R-143a are read as their HFC names."""
        name = gas.upper()
        if name in REFRIGERANT_ALIASES:
            name = REFRIGERANT_ALIASES[name]
        row = self._gwp.get((name, self.spec.gwp))
        if row is None:
            return None
        return row.ref(f"gwp/{self.spec.gwp}/{row.gas}", row.year)

    def known_refrigerants(self) -> list[str]:
        """Refrigerant names the factor set knows, as written in its table (greenhouse gases that are no refrigerants left out)."""
        names = {row.gas for row in self.data.gwp if row.report == self.spec.gwp}
        return sorted(names - NOT_REFRIGERANTS) + sorted(REFRIGERANT_ALIASES_DISPLAY)

    # --- electricity ---

    def _by_year(
        self, table: dict[tuple[str, int], YearRowT], country: str, year: int
    ) -> tuple[YearRowT | None, int | None]:
        if (country, year) in table:
            return table[(country, year)], year
        earlier = sorted(
            y for c, y in table if c == country and year - self.spec.max_factor_age_years <= y < year
        )
        if earlier:
            return table[(country, earlier[-1])], earlier[-1]
        later = sorted(y for c, y in table if c == country and year < y <= year + 1)
        if later:
            return table[(country, later[0])], later[0]
        return None, None

    def grid_location(self, country: str, year: int) -> tuple[FactorRef | None, list[Flag]]:
        """Location-based grid factor [g CO2e/kWh] for the country and year."""
        row, used = self._by_year(self._grid, country, year)
        if row is None or used is None:
            return None, [
                Flag(
                    "grid_factor_missing",
                    _("no location-based grid factor for {country} near {year} in factor set {set}").format(
                        country=country, year=year, set=self.id
                    ),
                )
            ]
        flags = []
        if used != year:
            flags.append(
                Flag(
                    "factor_year_differs",
                    _("grid factor for {country} of {used} used for {year}").format(
                        country=country, used=used, year=year
                    ),
                )
            )
        ref = row.ref(
            f"grid/{row.dataset}/{country}/{used}",
            used,
            "; ".join(filter(None, [row.basis, row.release, row.note])),
        )
        return ref, flags

    def residual_mix(self, country: str, year: int) -> tuple[FactorRef | None, list[Flag]]:
        """Residual-mix factor [g CO2/kWh]; None (with a flag) where no value is sourced."""
        row, used = self._by_year(self._residual, country, year)
        if row is None or used is None:
            return None, [
                Flag(
                    "residual_mix_missing",
                    _(
                        "no sourced residual mix for {country} near {year}: the location-based factor is used instead (GHG Protocol Scope 2 Guidance, last resort)"
                    ).format(country=country, year=year),
                )
            ]
        flags = []
        if used != year:
            flags.append(
                Flag(
                    "factor_year_differs",
                    _("residual mix for {country} of {used} used for {year}").format(
                        country=country, used=used, year=year
                    ),
                )
            )
        ref = row.ref(
            f"residual-mix/{country}/{used}", used, "; ".join(filter(None, [row.release, row.note]))
        )
        return ref, flags

    def grid_carbon_free_share(self, country: str, year: int) -> tuple[FactorRef | None, list[Flag]]:
        """The grid's yearly carbon-free share, for hourly matching without hourly grid data."""
        table = self._carbon_free
        row = table.get((country, year))
        used = year
        if row is None:
            years = sorted(y for c, y in table if c == country)
            if not years:
                return None, [
                    Flag(
                        "carbon_free_share_missing",
                        _("no carbon-free share of the grid for {country}").format(country=country),
                    )
                ]
            used = min(years, key=lambda y: (abs(y - year), -y))
            row = table[(country, used)]
        flags = [
            Flag(
                "yearly_grid_share",
                _("the grid's yearly carbon-free share for {country} ({used}) is used for every hour").format(
                    country=country, used=used
                ),
            )
        ]
        if used != year:
            flags.append(
                Flag(
                    "factor_year_differs",
                    _("carbon-free share of {used} used for {year}").format(used=used, year=year),
                )
            )
        ref = row.ref(f"grid-cfe/{country}/{used}", used)
        return ref, flags

    # --- heat ---

    def district_heat(self, country: str, network: str | None, year: int) -> tuple[FactorRef, list[Flag]]:
        """District-heating factor [g CO2e/kWh]: the named network, the national default, or the fallback."""
        rows = self.data.district_heat
        if network:
            matches = [r for r in rows if r.country == country and r.network.casefold() == network.casefold()]
            if matches:
                row, flags = self._closest_year(matches, year)
                return self._heat_ref(row), flags
        default_supply = self.spec.district_heating_default.get(country)
        if default_supply:
            matches = [
                r for r in rows if r.country == country and not r.network and r.supply == default_supply
            ]
            if matches:
                row, flags = self._closest_year(matches, year)
                if network:
                    flags.append(
                        Flag(
                            "network_factor_missing",
                            _("no factor for network {network!r}: national default used").format(
                                network=network
                            ),
                        )
                    )
                return self._heat_ref(row), flags
        fallback = self.spec.district_heating_fallback
        row = self._heat_row(fallback.country, fallback.supply)
        return self._heat_ref(row), [
            Flag(
                "district_heat_fallback",
                _(
                    "no district-heating factor for {country}: the conservative fallback ({supply}, {source_country}) is used; declare the network's factor"
                ).format(
                    country=country, supply=supply_words(fallback.supply), source_country=fallback.country
                ),
            )
        ]

    def _closest_year(self, rows: list[DistrictHeatRow], year: int) -> tuple[DistrictHeatRow, list[Flag]]:
        """The row of the year, else the latest earlier one, else the earliest later one; flagged when not the year."""
        exact = [r for r in rows if r.year == year]
        if exact:
            return exact[0], []
        earlier = [r for r in rows if r.year < year]
        row = max(earlier, key=lambda r: r.year) if earlier else min(rows, key=lambda r: r.year)
        code = (
            "factor_year_differs" if abs(row.year - year) <= self.spec.max_factor_age_years else "factor_old"
        )
        return row, [
            Flag(
                code, _("district-heating factor of {used} used for {year}").format(used=row.year, year=year)
            )
        ]

    def waste_heat(self, country: str) -> tuple[FactorRef, list[Flag]]:
        default = self.spec.waste_heat_default
        row = self._heat_row(default.country, default.supply)
        flags = (
            []
            if country == default.country
            else [
                Flag(
                    "waste_heat_default",
                    _(
                        "industrial waste heat uses the {source_country} default; declare the supplier's factor"
                    ).format(source_country=default.country),
                )
            ]
        )
        return self._heat_ref(row), flags

    def _heat_row(self, country: str, supply: str) -> DistrictHeatRow:
        for row in self.data.district_heat:
            if row.country == country and row.supply == supply and not row.network:
                return row
        raise LookupError(f"factor set {self.id}: no district-heating row {country}/{supply}")

    @staticmethod
    def _heat_ref(row: DistrictHeatRow) -> FactorRef:
        key = row.network or row.supply
        return row.ref(f"district-heat/{row.country}/{key}/{row.year}", row.year)


#: the words for the parts of a factor's id (see :func:`describe_factor`)
_PARAMETER_WORDS = {
    "co2": N_("CO2 emission factor"),
    "ch4": N_("CH4 emission factor"),
    "n2o": N_("N2O emission factor"),
    "ncv": N_("net calorific value"),
    "net_to_gross": N_("ratio of net to gross calorific value"),
    "net_energy_per_volume": N_("energy per volume"),
    "density": N_("density"),
    "biogenic": N_("biogenic carbon"),
}
_SECTOR_WORDS = {
    "energy": N_("energy industries"),
    "manufacturing": N_("manufacturing industries and construction"),
    "commercial": N_("commercial and institutional"),
    "agriculture": N_("agriculture, forestry and fishing"),
    "transport": N_("road transport"),
}


def describe_factor(factor_id: str) -> str:
    """A factor's id (``ipcc2006/natural_gas/ch4/manufacturing``) in words, in the active language."""
    from gia.dataset.labels import choice_label

    kind, *parts = factor_id.split("/")
    if kind in ("ipcc2006", "fuel-properties") and len(parts) >= 2:
        fuel = choice_label("FuelUse", "fuel", parts[0])
        what = _(_PARAMETER_WORDS.get(parts[1], parts[1]))
        sector = parts[2] if len(parts) > 2 else "all"
        if sector in _SECTOR_WORDS:
            return _("{fuel}: {what}, {sector}").format(fuel=fuel, what=what, sector=_(_SECTOR_WORDS[sector]))
        return _("{fuel}: {what}").format(fuel=fuel, what=what)
    if kind == "gwp" and len(parts) == 2:
        return _("global warming potential (100 years) of {gas}, {report}").format(
            gas=parts[1], report=parts[0]
        )
    if kind == "grid" and len(parts) == 3:
        return _("grid electricity, {country} {year}").format(country=parts[1], year=parts[2])
    if kind == "residual-mix" and len(parts) == 2:
        return _("residual mix, {country} {year}").format(country=parts[0], year=parts[1])
    if kind == "grid-cfe" and len(parts) == 2:
        return _("carbon-free share of the grid, {country} {year}").format(country=parts[0], year=parts[1])
    if kind == "district-heat" and len(parts) == 3:
        return _("district heat, {country}: {supply} ({year})").format(
            country=parts[0], supply=supply_words(parts[1]), year=parts[2]
        )
    return factor_id
