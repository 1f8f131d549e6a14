"""Seeded generator of a synthetic industrial area with hourly (or 15-minute) meter data.

    python bench/generate.py --companies 1000 --year 2024 --resolution 60 --format parquet \
        --out bench/.data/area --seed 1

writes ``DIR/series.parquet`` (or ``series.csv``) and ``DIR/submission.yaml``, a valid GIA
submission (``gia validate`` passes, no ``series_total_mismatch`` flags) that references the file.

The area (everything fictional):

- ``N`` companies ``c0001`` … in four sectors: three-shift manufacturing, two-shift manufacturing,
  offices and logistics/cold storage. Each has a base load plus its sector's activity profile in
  *local* time (shift hours, weekdays, Saturdays, Sundays and German public holidays), an
  electric heating and cooling sensitivity driven by a shared daily temperature (seasonal curve +
  AR(1) anomaly), a daily level and hourly multiplicative noise. Annual consumption is
  log-uniform in 0.2–50 GWh.
- About 80 % have rooftop PV: a clear-sky model (sun elevation at 54° N, 10° E from day of year and
  time; Meinel air-mass attenuation) times an area-wide daily clearness index (AR(1) process, cloudier
  in winter) with a little per-plant noise, scaled to a specific yield of about 930 kWh/kWp.
- About 20 % have a wind PPA, pay-as-produced from one of three wind parks: wind speeds are the
  modulus of two AR(1) Gaussian processes (a Rayleigh, i.e. Weibull k = 2, marginal), partly shared
  between the parks, windier in winter, through a generic power curve (cut-in 3 m/s, rated 12.5 m/s,
  cut-out 25 m/s).

The series run over the reporting year in the area's local time (Europe/Berlin): from local
midnight on 1 January to local midnight on the next 1 January (2024: 2023-12-31T23:00Z, 8 784
hours). Long format: ``meter_id`` (string), ``timestamp`` (UTC timestamps in Parquet; ISO text with
offset such as ``2024-01-01T00:00:00+00:00`` in CSV; the start of the interval), ``value`` (kWh per
interval, rounded to Wh) and ``unit`` (``kWh``).

The submission declares for every company a grid purchase (instrument ``none``) equal to its load
series total minus the PV it consumed itself, and for PV companies a ``solar_pv`` plant with
generated = PV series total, self-consumed = Σ_h min(PV, load), exported = the rest. Its ``hourly``
section lists the file and every meter: load meters role ``load``, PV meters role ``generation``,
wind meters role ``ppa`` (technology ``wind``). With ``--meters load`` only the load meters are
written and listed (the plants stay in the yearly figures): a utility's export of load data.

Everything is vectorised with numpy over companies × intervals; only the AR(1) recursions loop over
days or intervals, for a handful of series.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import yaml

TIMEZONE = "Europe/Berlin"
LATITUDE_DEG = 54.0
LONGITUDE_DEG = 10.0
#: specific PV yield the clear-sky × clearness profile is scaled to [kWh/kWp/a]
PV_SPECIFIC_YIELD = 930.0
WIND_PARKS = 3
SECTORS = ("three_shift", "two_shift", "office", "logistics")
SECTOR_SHARES = (0.2, 0.35, 0.25, 0.2)
#: NACE code and rough electricity use per employee [kWh/a] by sector
SECTOR_NACE = {"three_shift": "C20.1", "two_shift": "C25.6", "office": "M70.2", "logistics": "H52.1"}
SECTOR_KWH_PER_EMPLOYEE = {"three_shift": 150_000, "two_shift": 40_000, "office": 6_000, "logistics": 30_000}
#: (low, high) of the uniform base load share, electric-heating and cooling sensitivities by sector
SECTOR_BASE = {
    "three_shift": (0.55, 0.75),
    "two_shift": (0.2, 0.4),
    "office": (0.15, 0.35),
    "logistics": (0.3, 0.5),
}
SECTOR_HEATING = {
    "three_shift": (0.0, 0.1),
    "two_shift": (0.0, 0.15),
    "office": (0.1, 0.4),
    "logistics": (0.0, 0.15),
}
SECTOR_COOLING = {
    "three_shift": (0.0, 0.1),
    "two_shift": (0.0, 0.1),
    "office": (0.1, 0.4),
    "logistics": (0.1, 0.3),
}

Format = Literal["parquet", "csv"]


@dataclass(frozen=True)
class Options:
    companies: int
    year: int
    resolution: int  # minutes per interval: 60 or 15
    format: Format
    out: Path
    seed: int
    meters: Literal["all", "load"] = "all"


@dataclass(frozen=True)
class Calendar:
    """The intervals of the reporting year and their local-time features (one entry per interval)."""

    utc: pl.Series  # Datetime(us, UTC), start of each interval
    local_hour: np.ndarray  # local clock time in hours (13.25 = 13:15)
    weekday: np.ndarray  # 0 = Monday … 6 = Sunday, local
    day: np.ndarray  # local day of the year, 0-based
    holiday: np.ndarray  # bool, German national public holiday (local date)
    days: int
    step_hours: float

    @property
    def size(self) -> int:
        return len(self.utc)


@dataclass(frozen=True)
class Area:
    """The generated series (kWh per interval) and the company attributes behind them."""

    sector: np.ndarray  # (C,) index into SECTORS
    load: np.ndarray  # (C, T)
    pv: np.ndarray  # (P, T) for the companies in pv_companies
    pv_companies: np.ndarray  # (P,) company indices
    pv_capacity_kw: np.ndarray  # (P,)
    wind: np.ndarray  # (W, T) for the companies in wind_companies
    wind_companies: np.ndarray  # (W,)


# --- calendar and weather --------------------------------------------------------------------------


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def public_holidays(year: int) -> list[dt.date]:
    """Germany's national public holidays."""
    sunday = easter(year)
    moving = [sunday + dt.timedelta(days=offset) for offset in (-2, 1, 39, 50)]
    fixed = [dt.date(year, m, d) for m, d in ((1, 1), (5, 1), (10, 3), (12, 25), (12, 26))]
    return sorted(fixed + moving)


def calendar(year: int, resolution: int) -> Calendar:
    """Intervals from local midnight 1 January to local midnight 1 January of the next year."""
    zone = ZoneInfo(TIMEZONE)
    start = dt.datetime(year, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    utc = pl.datetime_range(
        start, end, interval=f"{resolution}m", closed="left", time_unit="us", time_zone="UTC", eager=True
    ).alias("timestamp")
    local = utc.dt.convert_time_zone(TIMEZONE)
    dates = local.dt.date()
    day = (dates - dt.date(year, 1, 1)).dt.total_days().to_numpy().astype(np.int64)
    holiday = dates.is_in(public_holidays(year)).to_numpy()
    return Calendar(
        utc=utc,
        local_hour=(local.dt.hour().to_numpy() + local.dt.minute().to_numpy() / 60.0).astype(np.float64),
        weekday=(local.dt.weekday().to_numpy() - 1).astype(np.int64),
        day=day,
        holiday=holiday,
        days=int(day.max()) + 1,
        step_hours=resolution / 60.0,
    )


def ar1(rng: np.random.Generator, length: int, phi: float, series: int = 1) -> np.ndarray:
    """``series`` stationary AR(1) processes of unit variance, shape (series, length)."""
    shocks = rng.standard_normal((series, length)) * math.sqrt(1.0 - phi * phi)
    out = np.empty((series, length))
    out[:, 0] = rng.standard_normal(series)
    for t in range(1, length):
        out[:, t] = phi * out[:, t - 1] + shocks[:, t]
    return out


def smooth_step(x: np.ndarray, start: float, end: float, ramp: float = 1.0) -> np.ndarray:
    """About 1 between ``start`` and ``end`` (hours), ramping over ``ramp`` hours at each edge."""
    up = np.clip((x - start + ramp / 2) / ramp, 0.0, 1.0)
    down = np.clip((end - x + ramp / 2) / ramp, 0.0, 1.0)
    return np.minimum(up, down)


def activity_profiles(cal: Calendar) -> np.ndarray:
    """(sectors, T) activity in [0, 1] above the base load, by local time."""
    h = cal.local_hour + cal.step_hours / 2  # middle of the interval
    workday = (cal.weekday < 5) & ~cal.holiday
    saturday = (cal.weekday == 5) & ~cal.holiday
    # three shifts: full on workdays with dips at the shift changes, reduced at weekends
    changes = sum(np.exp(-((((h - c) % 24 + 12) % 24 - 12) ** 2) / 0.3) for c in (6.0, 14.0, 22.0))
    three = np.where(workday, 1.0, np.where(saturday, 0.75, 0.45)) * (1.0 - 0.12 * changes)
    # two shifts 6–22 on workdays, one shift 6–14 on Saturdays
    two = np.where(workday, smooth_step(h, 6, 22), np.where(saturday, 0.6 * smooth_step(h, 6, 14), 0.0))
    # offices 7–18 with a lunch dip, a little on Saturday mornings
    lunch = 1.0 - 0.15 * np.exp(-((h - 12.5) ** 2) / 0.5)
    office = np.where(
        workday, smooth_step(h, 7, 18, 2.0) * lunch, np.where(saturday, 0.15 * smooth_step(h, 9, 13), 0.0)
    )
    # logistics 5–22 Monday to Saturday
    logistics = np.where(workday | saturday, smooth_step(h, 5, 22, 1.5), 0.05)
    return np.stack([three, two, office, logistics])


def temperature(rng: np.random.Generator, cal: Calendar) -> np.ndarray:
    """Daily mean temperature [°C]: seasonal curve plus a persistent AR(1) anomaly, one per day."""
    days = np.arange(cal.days)
    seasonal = 9.0 - 9.5 * np.cos(2 * np.pi * (days - 20) / 365.25)
    daily: np.ndarray = seasonal + 3.0 * ar1(rng, cal.days, 0.8)[0]
    return daily


def solar_unit_profile(rng: np.random.Generator, cal: Calendar) -> np.ndarray:
    """(T,) PV output per kWp [kWh per interval]: clear sky × daily clearness, scaled to the yield."""
    middle = cal.utc.dt.epoch("s").to_numpy() + cal.step_hours * 1800.0
    moment = middle / 86400.0  # days since 1970
    day_of_year = (cal.day + 1).astype(np.float64)
    utc_hours = (moment % 1.0) * 24.0
    solar_time = utc_hours + LONGITUDE_DEG / 15.0
    declination = np.radians(23.45) * np.sin(2 * np.pi * (284 + day_of_year) / 365.0)
    hour_angle = np.radians(15.0 * (solar_time - 12.0))
    lat = np.radians(LATITUDE_DEG)
    sin_elevation = np.sin(lat) * np.sin(declination) + np.cos(lat) * np.cos(declination) * np.cos(hour_angle)
    up = sin_elevation > 0.01
    air_mass = np.where(up, 1.0 / np.maximum(sin_elevation, 0.01), np.inf)
    clear_sky = np.where(up, 1.353 * 0.7 ** (air_mass**0.678) * sin_elevation, 0.0)  # kW/m², horizontal
    clearness_driver = ar1(rng, cal.days, 0.6)[0]
    winter = np.cos(2 * np.pi * (np.arange(cal.days) - 15) / 365.25)  # 1 in mid-January
    clearness = 0.12 + 0.83 / (1.0 + np.exp(-(1.2 * clearness_driver + 0.4 - 0.7 * winter)))
    raw = clear_sky * clearness[cal.day]
    unit: np.ndarray = raw * (PV_SPECIFIC_YIELD / raw.sum())
    return unit


def wind_unit_profiles(rng: np.random.Generator, cal: Calendar) -> np.ndarray:
    """(parks, T) wind park output as a share of its annual energy (each row sums to 1)."""
    phi = 0.97**cal.step_hours  # hourly persistence 0.97, the same at any resolution
    shared = ar1(rng, cal.size, phi, 2)
    own = ar1(rng, cal.size, phi, 2 * WIND_PARKS).reshape(WIND_PARKS, 2, cal.size)
    components = 0.8 * shared[None, :, :] + 0.6 * own  # unit variance, correlated between parks
    sigma = 7.0 / math.sqrt(math.pi / 2)  # Rayleigh scale for a 7 m/s mean at hub height
    season = 1.0 + 0.15 * np.cos(2 * np.pi * (cal.day - 15) / 365.25)
    speed = sigma * np.sqrt((components**2).sum(axis=1)) * season[None, :]
    cut_in, rated, cut_out = 3.0, 12.5, 25.0
    power = np.clip((speed**3 - cut_in**3) / (rated**3 - cut_in**3), 0.0, 1.0)
    power[speed >= cut_out] = 0.0
    shares: np.ndarray = power / power.sum(axis=1, keepdims=True)
    return shares


# --- the area --------------------------------------------------------------------------------------


def uniform_by_sector(
    rng: np.random.Generator, sector: np.ndarray, ranges: dict[str, tuple[float, float]]
) -> np.ndarray:
    low = np.array([ranges[s][0] for s in SECTORS])[sector]
    high = np.array([ranges[s][1] for s in SECTORS])[sector]
    drawn: np.ndarray = rng.uniform(low, high)
    return drawn


def generate_area(options: Options, cal: Calendar) -> tuple[Area, np.ndarray]:
    """The companies' load, PV and wind PPA series; returns the area and the annual loads [kWh]."""
    rng = np.random.default_rng(options.seed)
    n = options.companies
    sector = rng.choice(len(SECTORS), size=n, p=SECTOR_SHARES)
    annual = np.exp(rng.uniform(math.log(0.2e6), math.log(50e6), n))
    base = uniform_by_sector(rng, sector, SECTOR_BASE)
    heating = uniform_by_sector(rng, sector, SECTOR_HEATING)
    cooling = uniform_by_sector(rng, sector, SECTOR_COOLING)
    noise = rng.uniform(0.03, 0.08, n)

    temp = temperature(rng, cal)
    heating_days = np.clip((15.0 - temp) / 15.0, 0.0, None)[cal.day]  # (T,)
    afternoon = 0.4 + 0.6 * np.exp(-((cal.local_hour - 15.0) ** 2) / 18.0)
    cooling_hours = (np.clip((temp - 18.0) / 8.0, 0.0, None)[cal.day]) * afternoon

    activity = activity_profiles(cal)
    shape = base[:, None] + (1.0 - base)[:, None] * activity[sector]
    shape *= 1.0 + heating[:, None] * heating_days[None, :] + cooling[:, None] * cooling_hours[None, :]
    daily = 1.0 + 0.04 * rng.standard_normal((n, cal.days))
    shape *= daily[:, cal.day]
    shape *= 1.0 + noise[:, None] * rng.standard_normal((n, cal.size))
    np.maximum(shape, 0.02, out=shape)
    load = np.round(shape * (annual / shape.sum(axis=1))[:, None], 3)

    pv_companies = np.flatnonzero(rng.random(n) < 0.8)
    unit = solar_unit_profile(rng, cal)
    capacity = np.round(
        annual[pv_companies] * rng.uniform(0.05, 0.35, pv_companies.size) / PV_SPECIFIC_YIELD, 1
    )
    local_noise = 1.0 + 0.05 * rng.standard_normal((pv_companies.size, cal.size))
    pv = np.round(np.clip(capacity[:, None] * unit[None, :] * local_noise, 0.0, None), 3)

    wind_companies = np.flatnonzero(rng.random(n) < 0.2)
    parks = wind_unit_profiles(rng, cal)
    park = rng.integers(0, WIND_PARKS, wind_companies.size)
    volume = annual[wind_companies] * rng.uniform(0.2, 0.7, wind_companies.size)
    wind = np.round(volume[:, None] * parks[park], 3)
    area = Area(sector, load, pv, pv_companies, capacity, wind, wind_companies)
    return area, annual


# --- writing ---------------------------------------------------------------------------------------


def company_id(index: int) -> str:
    return f"c{index + 1:04d}"


def meter_table(
    area: Area, meters: Literal["all", "load"]
) -> tuple[list[dict[str, str]], list[tuple[str, int]]]:
    """The submission's meter entries, and for each meter its series (kind, row) in file order."""
    entries: list[dict[str, str]] = []
    rows: list[tuple[str, int]] = []
    pv_row = {int(c): i for i, c in enumerate(area.pv_companies)}
    wind_row = {int(c): i for i, c in enumerate(area.wind_companies)}
    for c in range(area.load.shape[0]):
        cid = company_id(c)
        entries.append({"id": f"{cid}-load", "company": cid, "role": "load"})
        rows.append(("load", c))
        if meters == "load":
            continue
        if c in pv_row:
            entries.append(
                {"id": f"{cid}-pv", "company": cid, "role": "generation", "technology": "solar_pv"}
            )
            rows.append(("pv", pv_row[c]))
        if c in wind_row:
            entries.append({"id": f"{cid}-wind-ppa", "company": cid, "role": "ppa", "technology": "wind"})
            rows.append(("wind", wind_row[c]))
    return entries, rows


def write_series(
    path: Path, cal: Calendar, area: Area, meter_ids: list[str], rows: list[tuple[str, int]], fmt: Format
) -> int:
    """Write the long-format file (meter by meter, in time order); returns the number of readings."""
    sources = {"load": area.load, "pv": area.pv, "wind": area.wind}
    values = np.empty((len(rows), cal.size))
    for i, (kind, row) in enumerate(rows):
        values[i] = sources[kind][row]
    count = len(rows) * cal.size
    meter_index = np.repeat(np.arange(len(rows), dtype=np.int64), cal.size)
    time_index = np.tile(np.arange(cal.size, dtype=np.int64), len(rows))
    timestamps = cal.utc if fmt == "parquet" else cal.utc.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    frame = pl.DataFrame(
        {
            "meter_id": pl.Series("meter_id", meter_ids, dtype=pl.String).gather(meter_index),
            "timestamp": timestamps.gather(time_index),
            "value": values.ravel(),
        }
    ).with_columns(pl.lit("kWh").alias("unit"))
    del values
    if fmt == "parquet":
        frame.write_parquet(path, compression="zstd", statistics=True)
    else:
        frame.write_csv(path)
    return count


def submission(
    options: Options, area: Area, annual: np.ndarray, meters: list[dict[str, str]], series_file: str
) -> dict[str, Any]:
    """The GIA submission: companies with yearly figures consistent with the series, and ``hourly``."""
    load_total = area.load.sum(axis=1)
    pv_index = {int(c): i for i, c in enumerate(area.pv_companies)}
    rng = np.random.default_rng(options.seed + 1)
    companies = []
    for c in range(options.companies):
        sector = SECTORS[area.sector[c]]
        cid = company_id(c)
        employees = max(3, round(float(annual[c]) / SECTOR_KWH_PER_EMPLOYEE[sector] * rng.uniform(0.7, 1.3)))
        company: dict[str, Any] = {
            "id": cid,
            "name": f"Company {cid} (fictional, {sector.replace('_', ' ')})",
            "nace": SECTOR_NACE[sector],
            "employees": employees,
        }
        self_consumed = 0.0
        generation = []
        if c in pv_index:
            i = pv_index[c]
            pv = area.pv[i]
            generated = float(pv.sum())
            self_consumed = float(np.minimum(pv, area.load[c]).sum())
            generation.append(
                {
                    "technology": "solar_pv",
                    "location": "on_site",
                    "capacity_kw": float(area.pv_capacity_kw[i]),
                    "generated_kwh": round(generated, 3),
                    "self_consumed_kwh": round(self_consumed, 3),
                    "exported_kwh": round(max(generated - self_consumed, 0.0), 3),
                }
            )
        company["electricity_purchases"] = [
            {"amount_kwh": round(float(load_total[c]) - self_consumed, 3), "instrument": "none"}
        ]
        if generation:
            company["generation"] = generation
        companies.append(company)
    return {
        "schema": "gia-submission/1",
        "fictional": True,
        "reporting_year": options.year,
        "area": {
            "id": f"bench-area-{options.companies}",
            "name": f"Benchmark area with {options.companies} companies (fictional, generated)",
            "country": "DE",
            "municipality": "Musterstadt (fictional)",
            "status": "operating",
            "total_area_ha": round(10.0 + 1.5 * options.companies, 1),
            "sealed_area_ha": round(5.0 + 0.9 * options.companies, 1),
        },
        "companies": companies,
        "hourly": {
            "files": [{"path": series_file}],
            "timezone": TIMEZONE,
            "gaps": "refuse",
            "tolerance": 0.02,
            "meters": meters,
        },
    }


def generate(options: Options) -> dict[str, Any]:
    """Generate the area into ``options.out``; returns a summary (readings, meters, seconds)."""
    if options.resolution not in (15, 60):
        raise ValueError("resolution is 60 or 15 minutes")
    started = time.perf_counter()
    options.out.mkdir(parents=True, exist_ok=True)
    cal = calendar(options.year, options.resolution)
    area, annual = generate_area(options, cal)
    meters, rows = meter_table(area, options.meters)
    series_file = f"series.{options.format}"
    readings = write_series(
        options.out / series_file, cal, area, [m["id"] for m in meters], rows, options.format
    )
    document = submission(options, area, annual, meters, series_file)
    header = (
        "# FICTIONAL — a synthetic area generated by bench/generate.py "
        f"(companies={options.companies}, year={options.year}, resolution={options.resolution} min, "
        f"seed={options.seed}). Not a real area.\n"
    )
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200)
    (options.out / "submission.yaml").write_text(header + text, encoding="utf-8")
    # the same submission in the canonical JSON form the platform stores documents in
    (options.out / "submission.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return {
        "readings": readings,
        "meters": len(meters),
        "companies": options.companies,
        "pv": int(area.pv_companies.size),
        "wind": int(area.wind_companies.size),
        "intervals": cal.size,
        "seconds": round(time.perf_counter() - started, 2),
    }


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--resolution", type=int, choices=(60, 15), default=60, help="minutes per reading")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--meters", choices=("all", "load"), default="all", help="write every meter, or the load meters only"
    )
    args = parser.parse_args(argv)
    return Options(args.companies, args.year, args.resolution, args.format, args.out, args.seed, args.meters)


def main(argv: list[str] | None = None) -> int:
    summary = generate(parse_args(argv))
    print(
        "{readings:,} readings, {meters} meters ({companies} companies, {pv} with PV, {wind} with a wind PPA), "
        "{intervals} intervals, {seconds} s".format(**summary)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
