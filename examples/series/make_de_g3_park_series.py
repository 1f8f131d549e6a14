"""Synthetic hourly meter series for the fictional example ``examples/de-g3-park.yaml`` (2024).

The series are *made up*, like the example: typical shapes scaled so that each meter's yearly total
equals what the example declares, so that GIA's consistency check holds.

- load: one meter per company with electricity, scaled to its declared consumption; shapes by
  activity: around the clock (data centre, CHP plant), night (street lighting), two shifts on
  working days (the rest);
- generation: rooftop PV from a clear-sky sun model at 53.6° N, 13.3° E times a seeded day-to-day
  cloudiness, and the wood CHP plant running flat out but for a summer overhaul, each scaled to the
  plants' declared yearly generation;
- PPAs: the local wind PPAs follow one seeded wind-speed series through a generic power curve;
  the CHP plant's supplies to its neighbours are flat; each scaled to the contracted amount. The
  CHP plant's supplies name it as ``supplier_company``: its generation meter holds that energy too,
  so the area counts it once.

Guarantees of origin are yearly certificates: they have no hourly profile and so no meter.

Run from the repository: ``.venv/bin/python examples/series/make_de_g3_park_series.py``; it writes
``examples/series/de-g3-park-2024.parquet`` and prints the ``hourly:`` section of the example.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import yaml

from gia.accounting import account
from gia.dataset import load_submission

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "de-g3-park.yaml"
OUT = HERE / "de-g3-park-2024.parquet"
ZONE = ZoneInfo("Europe/Berlin")
LATITUDE, LONGITUDE = 53.6, 13.3
SEED = 2024


def hours_of(year: int) -> list[dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=ZONE).astimezone(dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=ZONE).astimezone(dt.UTC)
    return [start + dt.timedelta(hours=h) for h in range(int((end - start).total_seconds() // 3600))]


def load_shape(kind: str, local: list[dt.datetime], rng: np.random.Generator) -> np.ndarray:
    hour = np.array([t.hour for t in local])
    weekday = np.array([t.weekday() < 5 for t in local])
    if kind == "flat":
        shape = np.ones(len(local))
    elif kind == "night":
        month = np.array([t.month for t in local])
        dark = np.where(np.isin(month, [11, 12, 1, 2]), (hour >= 16) | (hour < 8), (hour >= 20) | (hour < 5))
        shape = np.where(dark, 1.0, 0.02)
    else:
        shift = (hour >= 6) & (hour < 22)
        shape = np.where(weekday & shift, 1.0, 0.25)
    return shape * (1 + 0.05 * rng.standard_normal(len(local))).clip(0.5)


def solar(utc: list[dt.datetime], rng: np.random.Generator) -> np.ndarray:
    day = np.array([t.timetuple().tm_yday for t in utc])
    hours = np.array([t.hour + 0.5 for t in utc])
    declination = np.radians(23.44) * np.sin(2 * np.pi * (284 + day) / 365)
    hour_angle = np.radians(15 * (hours + LONGITUDE / 15 - 12))
    latitude = np.radians(LATITUDE)
    sin_elevation = np.sin(latitude) * np.sin(declination) + np.cos(latitude) * np.cos(declination) * np.cos(
        hour_angle
    )
    clouds = np.empty(366)
    clouds[0] = 0.6
    for i in range(1, 366):
        clouds[i] = 0.7 * clouds[i - 1] + 0.3 * rng.uniform(0.1, 1.0)
    return np.clip(sin_elevation, 0, None) * clouds[day - 1]


def wind(count: int, rng: np.random.Generator) -> np.ndarray:
    speed = np.empty(count)
    speed[0] = 7.0
    for i in range(1, count):
        speed[i] = max(0.0, 0.97 * speed[i - 1] + 0.03 * 7.5 + 0.9 * rng.standard_normal())
    return np.clip((speed - 3) / (12 - 3), 0, 1) ** 3 * (speed < 25)  # cut-in 3, rated 12, cut-out 25 m/s


def scaled(shape: np.ndarray, total: float) -> np.ndarray:
    return np.round(shape / shape.sum() * total, 3)


def build() -> tuple[pl.DataFrame, list[dict[str, str]]]:
    """The series of the example (the same every run: the generator is seeded) and its meters."""
    rng = np.random.default_rng(SEED)
    submission = load_submission(EXAMPLE)
    accounts = account(submission)
    utc = hours_of(submission.reporting_year)
    local = [t.astimezone(ZONE) for t in utc]
    sun, breeze = solar(utc, rng), wind(len(utc), rng)
    overhaul = np.array([not (t.month == 7 and 8 <= t.day <= 21) for t in local], dtype=float)
    frames, meters = [], []

    def add(
        meter: str,
        company: str,
        role: str,
        values: np.ndarray,
        technology: str | None = None,
        supplier: str | None = None,
    ) -> None:
        frames.append(pl.DataFrame({"meter_id": meter, "timestamp": utc, "value": values, "unit": "kWh"}))
        entry = {"id": meter, "company": company, "role": role}
        if technology:
            entry["technology"] = technology
        if supplier:
            entry["supplier_company"] = supplier
        meters.append(entry)

    for company, figures in zip(submission.companies, accounts.companies, strict=True):
        consumption = figures["electricity_consumption_kwh"].value
        if consumption > 0:
            kind = (
                "flat"
                if company.nace[0] in "DJ"
                else "night"
                if company.role == "shared_infrastructure"
                else "shift"
            )
            add(f"{company.id}-load", company.id, "load", scaled(load_shape(kind, local, rng), consumption))
        for index, plant in enumerate(company.generation):
            shape = sun if plant.technology.value == "solar_pv" else overhaul
            add(
                f"{company.id}-{plant.technology.value}-{index}",
                company.id,
                "generation",
                scaled(shape, plant.generated_kwh),
                plant.technology.value,
            )
        for index, purchase in enumerate(company.electricity_purchases):
            if purchase.instrument == "ppa" and purchase.local:
                shape = breeze if purchase.technology.value == "wind" else np.ones(len(utc))
                add(
                    f"{company.id}-ppa-{index}",
                    company.id,
                    "ppa",
                    scaled(shape, purchase.amount_kwh),
                    purchase.technology.value,
                    purchase.supplier_company,
                )
    return pl.concat(frames), meters


def main() -> None:
    frame, meters = build()
    frame.write_parquet(OUT, statistics=False)
    section = {"files": [{"path": f"series/{OUT.name}"}], "meters": meters}
    print(yaml.safe_dump({"hourly": section}, sort_keys=False, allow_unicode=True))


if __name__ == "__main__":
    main()
