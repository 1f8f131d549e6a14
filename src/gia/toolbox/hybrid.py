"""Hybrid power plant sizer: PV (pvlib), wind (a generic power curve) and a battery for an area's load.

Models (every parameter lives in ``gia/toolbox/data`` with its source):

- **Weather**: no hourly weather file could be shipped (no network to fetch a PVGIS typical year),
  so the typical year is synthesised by a stated model: pvlib's Ineichen clear sky (Linke turbidity
  from pvlib's own climatology) times a daily clear-sky index from the cloud cover by Kasten and
  Czeplak (1980), ``k = 1 − 0.75 (N/8)^3.4``, with the daily cloud cover ``N`` drawn from a seeded,
  day-to-day persistent series and the index scaled per month so that the monthly global
  horizontal irradiation equals the location's value (``solar_climate.csv``). Diffuse and direct
  parts by Erbs et al. (1982), plane of array by Hay and Davies (1980), cell temperature by Faiman
  (2008), DC power by PVWatts (Dobos 2014) with its default losses, AC by the PVWatts inverter.
- **Wind**: an hourly hub-height wind speed with the location's Weibull distribution (mean, k),
  hour-to-hour persistence (an AR(1) Gaussian series mapped onto the Weibull distribution) and a
  seasonal cycle; power by a generic turbine's power curve (``wind_power_curve.csv``) less losses.
- **Battery**: charges from surplus only (never from the grid), discharges to the deficit, limited
  by its power (capacity × power per kWh) and its state of charge; round-trip losses split evenly
  between charging and discharging.

The sweep evaluates many plant sizes at once (numpy over sizes, one pass over the hours for the
battery). CFE score per the standard's rule (EN-04) with the country's yearly carbon-free share of
the grid.

References
----------
Kasten, F., Czeplak, G. (1980). Solar and terrestrial radiation dependent on the amount and type
of cloud. Solar Energy 24, 177-189.
Erbs, D.G., Klein, S.A., Duffie, J.A. (1982). Estimation of the diffuse radiation fraction for
hourly, daily and monthly-average global radiation. Solar Energy 28, 293-302.
Dobos, A.P. (2014). PVWatts Version 5 Manual. NREL/TP-6A20-62641.
Holmgren, W.F., Hansen, C.W., Mikofski, M.A. (2018). pvlib python. JOSS 3(29), 884.
"""

from __future__ import annotations

import csv
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from gia.accounting import load_factor_set
from gia.accounting.provenance import FactorRef, Figure
from gia.documents import load
from gia.errors import GiaInputError
from gia.i18n import _
from gia.toolbox import svg
from gia.toolbox.measures import capital_recovery_factor, load_compendium, load_economics

DATA_DIR = Path(__file__).parent / "data"
HOURS = 8760
#: seeds of the synthetic weather: fixed, so that the same location gives the same year
CLOUD_SEED = 2026_01
WIND_SEED = 2026_02


# --- data ----------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(_Strict):
    id: str
    name: str
    country: str
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    altitude_m: float
    timezone: str
    wind_mean_m_s: float = Field(gt=0)
    wind_weibull_k: float = Field(gt=0)
    source: str
    year: int
    licence: str
    verified: str


class _Parameter(_Strict):
    value: float
    unit: str
    source: str


class ModelFile(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["gia-hybrid-model/1"] = Field(alias="schema")
    parameters: dict[str, _Parameter]


class LoadShape(_Strict):
    name: dict[str, str]
    weekday: list[float] = Field(min_length=24, max_length=24)
    saturday: list[float] = Field(min_length=24, max_length=24)
    sunday: list[float] = Field(min_length=24, max_length=24)
    monthly: list[float] = Field(min_length=12, max_length=12)


class LoadProfilesFile(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["gia-load-profiles/1"] = Field(alias="schema")
    source: str
    profiles: dict[str, LoadShape]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def locations() -> dict[str, Location]:
    """The shipped Baltic locations by id."""
    return {row["id"]: Location.model_validate(row) for row in _rows("hybrid_locations.csv")}


def location(location_id: str) -> Location:
    known = locations()
    if location_id not in known:
        raise GiaInputError(
            _("location"),
            [
                (
                    "",
                    _("unknown location {id!r}; known: {known}").format(
                        id=location_id, known=", ".join(known)
                    ),
                )
            ],
        )
    return known[location_id]


@cache
def model_parameters() -> dict[str, FactorRef]:
    document = load(ModelFile, DATA_DIR / "hybrid.yaml")
    return {
        name: FactorRef(f"hybrid/{name}", p.value, p.unit, p.source, 2026, "CC0 (GIA data file)")
        for name, p in document.parameters.items()
    }


def _p(name: str) -> float:
    return model_parameters()[name].value


@cache
def solar_climate(location_id: str) -> tuple[np.ndarray, np.ndarray, tuple[FactorRef, ...]]:
    """Monthly global horizontal irradiation [kWh/m2] and mean air temperature [°C] of a location."""
    ghi = np.zeros(12)
    temp = np.zeros(12)
    refs: list[FactorRef] = []
    for row in _rows("solar_climate.csv"):
        if row["location"] != location_id:
            continue
        month = int(row["month"]) - 1
        value = float(row["value"])
        (ghi if row["parameter"] == "ghi" else temp)[month] = value
        if month == 0:
            refs.append(
                FactorRef(
                    f"solar-climate/{location_id}/{row['parameter']}",
                    value,
                    row["unit"],
                    row["source"],
                    int(row["year"]),
                    row["licence"],
                    row["verified"] + _(" (January value shown; all twelve months used)"),
                )
            )
    if not ghi.any():
        raise GiaInputError(_("location"), [(location_id, _("no solar climate data for this location"))])
    return ghi, temp, tuple(refs)


@cache
def power_curve() -> tuple[np.ndarray, np.ndarray, FactorRef]:
    rows = _rows("wind_power_curve.csv")
    speeds = np.array([float(r["wind_speed_m_s"]) for r in rows])
    shares = np.array([float(r["power_share"]) for r in rows])
    first = rows[0]
    ref = FactorRef(
        "wind/power-curve/generic",
        float(speeds[-1]),
        "m/s cut-out",
        first["source"],
        int(first["year"]),
        first["licence"],
        first["verified"],
    )
    return speeds, shares, ref


@cache
def load_profiles() -> LoadProfilesFile:
    return load(LoadProfilesFile, DATA_DIR / "load_profiles.yaml")


# --- series --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """An hourly series of a typical year with its unit and how it was made."""

    name: str
    values: np.ndarray
    unit: str
    rule: str
    factors: tuple[FactorRef, ...] = ()

    @property
    def total(self) -> Figure:
        return Figure(self.name, float(self.values.sum()), self.unit, self.rule, factors=self.factors)


def _hours(timezone: str) -> Any:
    import pandas as pd

    year = int(_p("weather_year"))
    return pd.date_range(f"{year}-01-01 00:00", periods=HOURS, freq="h", tz=timezone)


@cache
def _pv_cached(location_id: str, tilt: float, azimuth: float) -> np.ndarray:
    with warnings.catch_warnings():
        # pvlib 0.16 still calls DatetimeIndex.dayofyear, which pandas 3 deprecates
        warnings.filterwarnings("ignore", message=".*dayofyear is deprecated.*")
        return _pv_model(location_id, tilt, azimuth)


def _pv_model(location_id: str, tilt: float, azimuth: float) -> np.ndarray:
    import pandas as pd
    import pvlib

    place = location(location_id)
    ghi_month, temp_month, _refs = solar_climate(location_id)
    times = _hours(place.timezone)
    middle = times + pd.Timedelta(minutes=30)  # the sun at the middle of each hour
    site = pvlib.location.Location(place.latitude, place.longitude, place.timezone, place.altitude_m)
    solar = site.get_solarposition(middle)
    turbidity = pvlib.clearsky.lookup_linke_turbidity(middle, place.latitude, place.longitude)
    clear = site.get_clearsky(middle, model="ineichen", solar_position=solar, linke_turbidity=turbidity)
    clear_ghi = clear["ghi"].to_numpy()
    months = middle.month.to_numpy() - 1
    days = (middle.day_of_year.to_numpy() - 1).clip(0, 364)

    # daily cloud cover: a persistent (AR(1)) standard normal series mapped to 0-8 octas
    rng = np.random.default_rng(
        CLOUD_SEED + round(place.latitude * 100) * 1000 + round(place.longitude * 100)
    )
    rho = _p("cloud_persistence")
    noise = rng.standard_normal(365)
    z = np.empty(365)
    z[0] = noise[0]
    for day in range(1, 365):
        z[day] = rho * z[day - 1] + math.sqrt(1 - rho * rho) * noise[day]
    from scipy.special import ndtr

    octas = 8 * ndtr(z)
    index = 1 - 0.75 * (octas / 8) ** 3.4  # Kasten and Czeplak (1980)
    hourly_index = index[days]
    ghi = clear_ghi * hourly_index
    # scale each month to the location's monthly irradiation [kWh/m2] (W/m2 over an hour = Wh/m2)
    sums = np.bincount(months, weights=ghi, minlength=12) / 1000
    scale = np.divide(ghi_month, sums, out=np.zeros(12), where=sums > 0)
    ghi = np.minimum(ghi * scale[months], clear_ghi * 1.1)

    zenith = solar["apparent_zenith"].to_numpy()
    erbs = pvlib.irradiance.erbs(ghi, zenith, middle.day_of_year.to_numpy())
    dni_extra = np.asarray(pvlib.irradiance.get_extra_radiation(middle.day_of_year.to_numpy()))
    poa = pvlib.irradiance.get_total_irradiance(
        tilt,
        azimuth,
        solar["apparent_zenith"].to_numpy(),
        solar["azimuth"].to_numpy(),
        np.nan_to_num(np.asarray(erbs["dni"])),
        ghi,
        np.nan_to_num(np.asarray(erbs["dhi"])),
        dni_extra=dni_extra,
        model="haydavies",
        albedo=_p("albedo"),
    )
    poa_global = np.nan_to_num(np.asarray(poa["poa_global"]))
    hour_of_day = middle.hour.to_numpy()
    temp_air = temp_month[months] + 4.0 * np.cos(2 * np.pi * (hour_of_day - 15) / 24)
    temp_cell = pvlib.temperature.faiman(poa_global, temp_air, wind_speed=1.0)
    dc = pvlib.pvsystem.pvwatts_dc(poa_global, temp_cell, 1.0, _p("temperature_coefficient"))
    dc = np.asarray(dc) * (1 - _p("system_losses"))
    ac_rated = 1.0 / _p("dc_ac_ratio")
    ac = pvlib.inverter.pvwatts(dc, ac_rated / _p("inverter_efficiency"), _p("inverter_efficiency"))
    return np.clip(np.nan_to_num(np.asarray(ac, dtype=float)), 0.0, None)


def pv_series(location_id: str, tilt: float = 35.0, azimuth: float = 180.0) -> Series:
    """Hourly AC output of 1 kWp of PV at a shipped location [kWh per kWp and hour].

    Parameters
    ----------
    location_id : str
        a location of ``hybrid_locations.csv`` (``gdansk``, ``rostock`` …)
    tilt : float
        module tilt from horizontal [degrees]
    azimuth : float
        module azimuth, clockwise from north (180 = south) [degrees]
    """
    if not 0 <= tilt <= 90:
        raise GiaInputError(_("PV"), [("tilt", _("the tilt must lie between 0 and 90 degrees"))])
    if not 0 <= azimuth <= 360:
        raise GiaInputError(_("PV"), [("azimuth", _("the azimuth must lie between 0 and 360 degrees"))])
    values = _pv_cached(location_id, float(tilt), float(azimuth))
    _ghi, _temp, refs = solar_climate(location_id)
    factors = (
        *refs,
        *(
            model_parameters()[n]
            for n in (
                "albedo",
                "dc_ac_ratio",
                "inverter_efficiency",
                "temperature_coefficient",
                "system_losses",
                "cloud_persistence",
            )
        ),
    )
    return Series(
        "pv_kwh_per_kwp",
        values,
        "kWh/kWp",
        _(
            "pvlib: Ineichen clear sky × daily Kasten-Czeplak cloud index scaled to the monthly irradiation; "
            "Erbs, Hay-Davies, Faiman, PVWatts; tilt {tilt}°, azimuth {azimuth}°"
        ).format(tilt=tilt, azimuth=azimuth),
        factors,
    )


@cache
def _wind_cached(location_id: str) -> np.ndarray:
    from scipy.special import gamma, ndtr

    place = location(location_id)
    rng = np.random.default_rng(WIND_SEED + round(place.latitude * 100) * 1000 + round(place.longitude * 100))
    rho = _p("wind_persistence")
    noise = rng.standard_normal(HOURS)
    z = np.empty(HOURS)
    z[0] = noise[0]
    scale_noise = math.sqrt(1 - rho * rho)
    for hour in range(1, HOURS):
        z[hour] = rho * z[hour - 1] + scale_noise * noise[hour]
    u = np.clip(ndtr(z), 1e-12, 1 - 1e-12)
    k = place.wind_weibull_k
    day = np.arange(HOURS) / 24.0
    seasonal = 1 + _p("wind_seasonal_amplitude") * np.cos(2 * np.pi * (day - 15) / 365)
    seasonal /= seasonal.mean()
    scale = place.wind_mean_m_s / gamma(1 + 1 / k) * seasonal
    return scale * (-np.log(1 - u)) ** (1 / k)


def wind_speed_series(location_id: str) -> Series:
    """Hourly hub-height wind speed of a typical year at a shipped location [m/s]."""
    place = location(location_id)
    ref = FactorRef(
        f"wind/{location_id}/mean",
        place.wind_mean_m_s,
        "m/s",
        place.source,
        place.year,
        place.licence,
        place.verified,
    )
    return Series(
        "wind_speed_m_s",
        _wind_cached(location_id),
        "m/s",
        _("Weibull (mean {mean} m/s, k {k}) AR(1) series with a seasonal cycle").format(
            mean=place.wind_mean_m_s, k=place.wind_weibull_k
        ),
        (ref, model_parameters()["wind_persistence"], model_parameters()["wind_seasonal_amplitude"]),
    )


def wind_power(speed: np.ndarray) -> np.ndarray:
    """Output of 1 kW of wind turbine at the given hub-height wind speeds [kWh per kW and hour]."""
    speeds, shares, _ref = power_curve()
    output = np.interp(speed, speeds, shares, left=0.0, right=0.0)
    output[speed > speeds[-1]] = 0.0  # cut-out
    return output * (1 - _p("wind_losses"))


def wind_series(location_id: str, speed: Series | None = None) -> Series:
    """Hourly output of 1 kW of wind power [kWh per kW and hour], from a wind-speed series."""
    speed = speed or wind_speed_series(location_id)
    _speeds, _shares, curve = power_curve()
    return Series(
        "wind_kwh_per_kw",
        wind_power(speed.values),
        "kWh/kW",
        _("generic power curve × (1 − losses) over the hub-height wind speed"),
        (*speed.factors, curve, model_parameters()["wind_losses"]),
    )


def sector_load(sector: str, annual_kwh: float, timezone: str = "Europe/Berlin") -> Series:
    """A typical hourly load of a sector scaled to ``annual_kwh`` [kWh per hour].

    Parameters
    ----------
    sector : str
        a profile of ``load_profiles.yaml`` (``manufacturing_two_shifts`` …)
    annual_kwh : float
        yearly electricity consumption [kWh]
    """
    profiles = load_profiles()
    if sector not in profiles.profiles:
        raise GiaInputError(
            _("load profile"),
            [
                (
                    "",
                    _("unknown sector {sector!r}; known: {known}").format(
                        sector=sector, known=", ".join(profiles.profiles)
                    ),
                )
            ],
        )
    if not math.isfinite(annual_kwh) or annual_kwh <= 0:
        raise GiaInputError(_("load profile"), [("annual_kwh", _("the yearly consumption must be positive"))])
    shape = profiles.profiles[sector]
    times = _hours(timezone)
    weekday = times.day_of_week.to_numpy()
    hour = times.hour.to_numpy()
    table = np.array([shape.weekday, shape.saturday, shape.sunday])
    day_kind = np.where(weekday < 5, 0, np.where(weekday == 5, 1, 2))
    values = table[day_kind, hour] * np.array(shape.monthly)[times.month.to_numpy() - 1]
    values = values / values.sum() * annual_kwh
    ref = FactorRef(
        f"load-profile/{sector}", annual_kwh, "kWh/year", profiles.source, 2026, "CC0", "GIA judgement"
    )
    return Series(
        "load_kwh",
        values,
        "kWh",
        _("sector profile {sector} scaled to the yearly consumption").format(sector=sector),
        (ref,),
    )


def read_load(path: Path) -> Series:
    """An hourly load from a CSV file [kWh per hour].

    The file has one value per hour of a year (8 760, or 8 784 in a leap year: 29 February is
    dropped), in the last column; a header row and a first timestamp column are allowed.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GiaInputError(
            str(path), [("", _("cannot read the file: {error}").format(error=error))]
        ) from None
    values: list[float] = []
    problems: list[tuple[str, str]] = []
    rows = list(csv.reader(text.splitlines()))
    for number, row in enumerate(rows, start=1):
        if not row or not "".join(row).strip():
            continue
        cell = row[-1].strip()
        try:
            value = float(cell)
        except ValueError:
            if number == 1 and not values:
                continue  # a header
            problems.append(
                (_("line {line}").format(line=number), _("{cell!r} is not a number").format(cell=cell))
            )
            continue
        if not math.isfinite(value) or value < 0:
            problems.append(
                (
                    _("line {line}").format(line=number),
                    _("{cell!r}: a load is a finite number ≥ 0 [kWh]").format(cell=cell),
                )
            )
            continue
        values.append(value)
        if len(problems) >= 10:
            break
    if problems:
        raise GiaInputError(str(path), problems)
    if len(values) == 8784:
        values = values[: 59 * 24] + values[60 * 24 :]
    if len(values) != HOURS:
        raise GiaInputError(
            str(path),
            [("", _("{count} hourly values; a year has 8 760 (or 8 784) hours").format(count=len(values)))],
        )
    series = np.array(values)
    if series.sum() <= 0:
        raise GiaInputError(str(path), [("", _("the load is zero in every hour"))])
    return Series("load_kwh", series, "kWh", _("hourly load read from {file}").format(file=path.name))


# --- battery -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dispatch:
    """Battery operation hour by hour (sizes × hours) [kWh]."""

    charge: np.ndarray
    discharge: np.ndarray
    state_of_charge: np.ndarray


def dispatch_battery(
    surplus: np.ndarray,
    capacity_kwh: np.ndarray | float,
    power_kw: np.ndarray | float,
    round_trip_efficiency: float,
    initial_share: float = 0.0,
) -> Dispatch:
    """Greedy battery dispatch: store surplus, release it into deficits.

    Parameters
    ----------
    surplus : numpy.ndarray
        generation − load per hour, (hours,) or (sizes, hours) [kWh]
    capacity_kwh : array or float
        usable capacity per size [kWh]
    power_kw : array or float
        charge and discharge power limit per size [kW]
    round_trip_efficiency : float
        energy out ÷ energy in [share]; split evenly between charging and discharging
    initial_share : float
        state of charge at the start of the year [share of capacity]

    Returns
    -------
    Dispatch
        energy taken from the surplus (``charge``), delivered to the load (``discharge``) and the
        state of charge at the end of each hour [kWh], each (sizes, hours).
    """
    if not 0 < round_trip_efficiency <= 1:
        raise ValueError("round-trip efficiency must lie in (0, 1]")
    flows = np.atleast_2d(np.asarray(surplus, dtype=float))
    sizes, hours = flows.shape
    capacity = np.broadcast_to(np.asarray(capacity_kwh, dtype=float), (sizes,)).copy()
    power = np.broadcast_to(np.asarray(power_kw, dtype=float), (sizes,)).copy()
    if (capacity < 0).any() or (power < 0).any():
        raise ValueError("battery capacity and power must not be negative")
    eta = math.sqrt(round_trip_efficiency)
    by_hour = np.ascontiguousarray(flows.T)
    gain = np.ascontiguousarray(np.maximum(by_hour, 0.0))
    need = np.ascontiguousarray(np.maximum(-by_hour, 0.0))
    charge = np.zeros((hours, sizes))
    discharge = np.zeros((hours, sizes))
    level = np.zeros((hours, sizes))
    soc = capacity * initial_share
    for hour in range(hours):
        into = np.minimum(np.minimum(gain[hour], power), (capacity - soc) / eta)
        out = np.minimum(np.minimum(need[hour], power), soc * eta)
        soc = soc + into * eta - out / eta
        np.clip(soc, 0.0, capacity, out=soc)  # float rounding only: the limits above keep it inside
        charge[hour] = into
        discharge[hour] = out
        level[hour] = soc
    return Dispatch(charge.T, discharge.T, level.T)


# --- plant simulation and sweep ------------------------------------------------------------------


@dataclass(frozen=True)
class Costs:
    """Annualised cost per unit of PV [kWp], wind [kW] and battery [kWh], with the prices used."""

    pv_eur_per_kwp_year: Figure
    wind_eur_per_kw_year: Figure
    battery_eur_per_kwh_year: Figure
    battery_power_per_kwh: FactorRef
    battery_efficiency: FactorRef
    electricity_price: FactorRef
    export_price: FactorRef


def plant_costs(country: str, pv_measure: str = "pv_ground") -> Costs:
    """Annualised costs from the measures compendium: capex × CRF(discount rate, lifetime) + opex."""
    compendium = load_compendium()
    economics = load_economics()
    rate = economics.get("discount_rate")

    def annual(measure_id: str) -> Figure:
        measure = compendium.measure(measure_id)
        capex, opex, life = compendium.capex(measure), compendium.opex(measure), compendium.lifetime(measure)
        crf = capital_recovery_factor(rate.value, life.value)
        return Figure(
            f"{measure_id}_eur_per_unit_year",
            capex.value * crf + opex.value,
            f"EUR/{measure.unit}/year",
            _("capital cost × capital recovery factor (discount rate, lifetime) + operating cost"),
            factors=(capex, opex, life, rate),
        )

    battery = compendium.measure("battery_storage")
    return Costs(
        annual(pv_measure),
        annual("wind_onshore"),
        annual("battery_storage"),
        compendium.parameter(battery, "power_per_unit"),
        compendium.parameter(battery, "round_trip_efficiency"),
        economics.get("electricity_price", country),
        economics.get("export_price", country),
    )


@dataclass(frozen=True)
class PlantResults:
    """Yearly results of one or many plant sizes (arrays over the sizes)."""

    pv_kwp: np.ndarray
    wind_kw: np.ndarray
    battery_kwh: np.ndarray
    load_kwh: float
    generation_kwh: np.ndarray
    grid_import_kwh: np.ndarray
    export_kwh: np.ndarray
    curtailed_kwh: np.ndarray
    self_sufficiency: np.ndarray
    self_consumption: np.ndarray
    cfe_score: np.ndarray
    cfe_grid_only: float
    plant_cost_eur_per_year: np.ndarray
    supply_cost_eur_per_year: np.ndarray
    levelised_cost_eur_per_kwh: np.ndarray
    units: dict[str, str] = field(
        default_factory=lambda: {
            "pv_kwp": "kWp",
            "wind_kw": "kW",
            "battery_kwh": "kWh",
            "generation_kwh": "kWh/year",
            "grid_import_kwh": "kWh/year",
            "export_kwh": "kWh/year",
            "curtailed_kwh": "kWh/year",
            "self_sufficiency": "share",
            "self_consumption": "share",
            "cfe_score": "share",
            "cfe_contribution": "share",
            "plant_cost_eur_per_year": "EUR/year",
            "supply_cost_eur_per_year": "EUR/year",
            "levelised_cost_eur_per_kwh": "EUR/kWh",
        }
    )

    @property
    def cfe_contribution(self) -> np.ndarray:
        """CFE score with the plant − CFE score on the grid alone [share]."""
        return self.cfe_score - self.cfe_grid_only

    def row(self, index: int) -> dict[str, float | None]:
        def number(value: float) -> float | None:
            return None if not math.isfinite(value) else round(float(value), 6)

        names = [n for n in self.units if n != "cfe_contribution"]
        data = {name: number(getattr(self, name)[index]) for name in names}
        data["cfe_contribution"] = number(self.cfe_contribution[index])
        return data


def simulate(
    load: np.ndarray,
    pv_per_kwp: np.ndarray,
    wind_per_kw: np.ndarray,
    pv_kwp: Sequence[float] | np.ndarray,
    wind_kw: Sequence[float] | np.ndarray,
    battery_kwh: Sequence[float] | np.ndarray,
    costs: Costs,
    grid_carbon_free_share: float,
    export_limit_kw: float | None = None,
    keep_hourly: bool = False,
) -> tuple[PlantResults, dict[str, np.ndarray]]:
    """Simulate plant sizes over the hours of a year (vectorised over the sizes).

    Parameters
    ----------
    load : numpy.ndarray
        hourly load [kWh]
    pv_per_kwp, wind_per_kw : numpy.ndarray
        hourly output of 1 kWp of PV [kWh/kWp] and 1 kW of wind [kWh/kW]
    pv_kwp, wind_kw, battery_kwh : sequences
        the sizes to simulate [kWp], [kW], [kWh] (equal lengths; one entry per plant)
    costs : Costs
        annualised costs and prices
    grid_carbon_free_share : float
        the grid's carbon-free share for the hourly CFE score [share]
    export_limit_kw : float or None
        grid connection limit for export [kW]; surplus beyond it is curtailed

    Returns
    -------
    (PlantResults, dict)
        yearly results per size, and (if ``keep_hourly``) the hourly arrays per size.
    """
    pv = np.asarray(pv_kwp, dtype=float)
    wind = np.asarray(wind_kw, dtype=float)
    battery = np.asarray(battery_kwh, dtype=float)
    if not (pv.shape == wind.shape == battery.shape) or pv.ndim != 1:
        raise ValueError("pv_kwp, wind_kw and battery_kwh must be 1-D and of equal length")
    for name, sizes in (("pv_kwp", pv), ("wind_kw", wind), ("battery_kwh", battery)):
        if (~np.isfinite(sizes)).any() or (sizes < 0).any():
            raise GiaInputError(_("hybrid plant"), [(name, _("sizes must be finite numbers ≥ 0"))])
    generation = pv[:, None] * pv_per_kwp[None, :] + wind[:, None] * wind_per_kw[None, :]
    surplus = generation - load[None, :]
    dispatch = dispatch_battery(
        surplus, battery, battery * costs.battery_power_per_kwh.value, costs.battery_efficiency.value
    )
    net = surplus - dispatch.charge + dispatch.discharge  # + export, − import
    to_grid = np.maximum(net, 0.0)
    exported = np.minimum(to_grid, export_limit_kw) if export_limit_kw is not None else to_grid
    curtailed = to_grid - exported
    grid_import = np.maximum(-net, 0.0)
    supply = generation - dispatch.charge + dispatch.discharge
    matched = np.minimum(supply, load[None, :])
    remaining = np.maximum(load[None, :] - supply, 0.0)
    load_total = float(load.sum())
    cfe = (matched.sum(axis=1) + grid_carbon_free_share * remaining.sum(axis=1)) / load_total
    generated = generation.sum(axis=1)
    export_total = exported.sum(axis=1)
    curtailed_total = curtailed.sum(axis=1)
    import_total = grid_import.sum(axis=1)
    plant_cost = (
        pv * costs.pv_eur_per_kwp_year.value
        + wind * costs.wind_eur_per_kw_year.value
        + battery * costs.battery_eur_per_kwh_year.value
    )
    supply_cost = (
        plant_cost + import_total * costs.electricity_price.value - export_total * costs.export_price.value
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        self_consumption = np.where(generated > 0, 1 - (export_total + curtailed_total) / generated, np.nan)
        lcoe = np.where(generated > 0, plant_cost / generated, np.nan)
    results = PlantResults(
        pv_kwp=pv,
        wind_kw=wind,
        battery_kwh=battery,
        load_kwh=load_total,
        generation_kwh=generated,
        grid_import_kwh=import_total,
        export_kwh=export_total,
        curtailed_kwh=curtailed_total,
        self_sufficiency=1 - import_total / load_total,
        self_consumption=self_consumption,
        cfe_score=cfe,
        cfe_grid_only=grid_carbon_free_share,
        plant_cost_eur_per_year=plant_cost,
        supply_cost_eur_per_year=supply_cost,
        levelised_cost_eur_per_kwh=lcoe,
    )
    hourly = {}
    if keep_hourly:
        hourly = {
            "generation_pv": pv[:, None] * pv_per_kwp[None, :],
            "generation_wind": wind[:, None] * wind_per_kw[None, :],
            "state_of_charge": dispatch.state_of_charge,
            "grid_import": grid_import,
            "export": exported,
        }
    return results, hourly


@dataclass(frozen=True)
class HybridStudy:
    """Everything a hybrid sizing needs: the load, the unit outputs, costs, the grid's CFE share."""

    location: Location
    load: Series
    pv: Series
    wind: Series
    costs: Costs
    grid_share: FactorRef
    export_limit_kw: float | None = None

    def run(
        self,
        pv_kwp: Sequence[float],
        wind_kw: Sequence[float],
        battery_kwh: Sequence[float],
        keep_hourly: bool = False,
    ) -> tuple[PlantResults, dict[str, np.ndarray]]:
        return simulate(
            self.load.values,
            self.pv.values,
            self.wind.values,
            pv_kwp,
            wind_kw,
            battery_kwh,
            self.costs,
            self.grid_share.value,
            self.export_limit_kw,
            keep_hourly,
        )


def study(
    location_id: str,
    load: Series,
    tilt: float = 35.0,
    azimuth: float = 180.0,
    export_limit_kw: float | None = None,
    year: int = 2023,
) -> HybridStudy:
    """Prepare a hybrid sizing at a shipped location for ``load``."""
    place = location(location_id)
    share, _flags = load_factor_set().grid_carbon_free_share(place.country, year)
    if share is None:
        raise GiaInputError(
            _("location"),
            [
                (
                    location_id,
                    _("no carbon-free share of the grid for {country}").format(country=place.country),
                )
            ],
        )
    if export_limit_kw is not None and (not math.isfinite(export_limit_kw) or export_limit_kw < 0):
        raise GiaInputError(_("hybrid plant"), [("export_limit_kw", _("the export limit must be ≥ 0"))])
    return HybridStudy(
        place,
        load,
        pv_series(location_id, tilt, azimuth),
        wind_series(location_id),
        plant_costs(place.country),
        share,
        export_limit_kw,
    )


@dataclass(frozen=True)
class Sweep:
    """A sweep over plant sizes and the cheapest size reaching the target CFE score."""

    results: PlantResults
    target_cfe: float
    best: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_cfe": self.target_cfe,
            "cheapest_reaching_target": None if self.best is None else self.results.row(self.best),
            "units": self.results.units,
            "cfe_grid_only": self.results.cfe_grid_only,
            "sizes": [self.results.row(i) for i in range(len(self.results.pv_kwp))],
        }


def size_grid(
    load_kwh: float,
    pv_steps: int = 5,
    wind_steps: int = 5,
    battery_steps: int = 4,
    pv_per_kwp_year: float = 950.0,
    wind_per_kw_year: float = 2500.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A grid of sizes: PV and wind each up to the size that would generate the yearly load, batteries up to 4 hours of mean load."""
    pv_max = load_kwh / pv_per_kwp_year
    wind_max = load_kwh / wind_per_kw_year
    battery_max = 4 * load_kwh / HOURS
    pv = np.linspace(0, pv_max, pv_steps)
    wind = np.linspace(0, wind_max, wind_steps)
    battery = np.linspace(0, battery_max, battery_steps)
    grid = np.array(np.meshgrid(pv, wind, battery, indexing="ij")).reshape(3, -1)
    return grid[0], grid[1], grid[2]


def sweep(
    hybrid: HybridStudy,
    target_cfe: float,
    pv_kwp: Sequence[float] | None = None,
    wind_kw: Sequence[float] | None = None,
    battery_kwh: Sequence[float] | None = None,
) -> Sweep:
    """Simulate many sizes and pick the cheapest (lowest yearly cost of supply) reaching ``target_cfe``."""
    if not 0 <= target_cfe <= 1:
        raise GiaInputError(
            _("hybrid plant"), [("target_cfe", _("the target CFE score is a share between 0 and 1"))]
        )
    if pv_kwp is None or wind_kw is None or battery_kwh is None:
        pv_kwp, wind_kw, battery_kwh = size_grid(
            float(hybrid.load.values.sum()),
            pv_per_kwp_year=float(hybrid.pv.values.sum()),
            wind_per_kw_year=max(float(hybrid.wind.values.sum()), 1.0),
        )
    results, _hourly = hybrid.run(pv_kwp, wind_kw, battery_kwh)
    reaching = np.flatnonzero(results.cfe_score >= target_cfe - 1e-12)
    best = None
    if reaching.size:
        costs = results.supply_cost_eur_per_year[reaching]
        best = int(reaching[np.lexsort((reaching, costs))[0]])
    return Sweep(results, target_cfe, best)


# --- pictures -------------------------------------------------------------------------------------


def week_svg(
    hybrid: HybridStudy,
    pv_kwp: float,
    wind_kw: float,
    battery_kwh: float,
    week: int = 24,
    layout: svg.Layout = svg.WIDE,
) -> str:
    """A week of the year (1-52): load, PV, wind and the battery's state of charge, hour by hour."""
    if not 1 <= week <= 52:
        raise GiaInputError(_("hybrid plant"), [("week", _("a week between 1 and 52"))])
    _results, hourly = hybrid.run([pv_kwp], [wind_kw], [battery_kwh], keep_hourly=True)
    start = (week - 1) * 168
    span = slice(start, start + 168)
    hours = np.arange(168)
    load = hybrid.load.values[span]
    pv = hourly["generation_pv"][0, span]
    wind = hourly["generation_wind"][0, span]
    soc = hourly["state_of_charge"][0, span]
    top = float(max(load.max(), pv.max(), wind.max(), soc.max(), 1.0)) * 1.05
    chart = svg.Chart(
        _("Week {week}: {pv} kWp PV, {wind} kW wind, {battery} kWh battery").format(
            week=week, pv=svg.label(pv_kwp), wind=svg.label(wind_kw), battery=svg.label(battery_kwh)
        ),
        _("day of the week"),
        _("kWh per hour (battery: kWh stored)"),
        (0, 168),
        (0, top),
        layout,
        "week",
    )
    chart.axes([(d * 24.0, str(d + 1)) for d in range(8)])
    chart.line(hours.tolist(), load.tolist(), svg.COLOURS[0], _("load"))
    chart.line(hours.tolist(), pv.tolist(), svg.COLOURS[1], _("PV"))
    chart.line(hours.tolist(), wind.tolist(), svg.COLOURS[2], _("wind"))
    chart.line(hours.tolist(), soc.tolist(), svg.COLOURS[7], _("battery"), dashed=True)
    chart.add_legend()
    return chart.render()


def sweep_svg(result: Sweep, layout: svg.Layout = svg.WIDE) -> str:
    """The sweep: yearly cost of supply against the CFE score, the target and the cheapest size."""
    r = result.results
    cost = r.supply_cost_eur_per_year / 1000
    low = float(min(r.cfe_score.min(), r.cfe_grid_only, result.target_cfe))
    high = float(max(r.cfe_score.max(), result.target_cfe))
    chart = svg.Chart(
        _("Sweep of {count} plant sizes").format(count=len(r.pv_kwp)),
        _("hourly CFE score"),
        _("yearly cost of supply [thousand EUR]"),
        (math.floor(low * 20) / 20, math.ceil(high * 20) / 20),
        (float(min(cost.min(), 0.0)), float(cost.max()) * 1.05 + 1e-9),
        layout,
        "sweep",
    )
    chart.axes()
    for index in range(len(r.pv_kwp)):
        colour = svg.COLOURS[5] if index == result.best else svg.COLOURS[0]
        chart.dot(
            float(r.cfe_score[index]),
            float(cost[index]),
            colour,
            5.0 if index == result.best else 3.0,
            _("PV {pv} kWp, wind {wind} kW, battery {battery} kWh").format(
                pv=svg.label(round(float(r.pv_kwp[index]))),
                wind=svg.label(round(float(r.wind_kw[index]))),
                battery=svg.label(round(float(r.battery_kwh[index]))),
            ),
        )
    chart.vline(result.target_cfe, svg.COLOURS[9], _("target CFE score"))
    chart.add_legend([(svg.COLOURS[0], _("plant size")), (svg.COLOURS[5], _("cheapest reaching the target"))])
    return chart.render()
