"""Meter time series: reading CSV and Parquet, validating, resampling to hours, filling gaps.

Layouts:

- **long**: one reading a row, columns ``meter_id``, ``timestamp``, ``value``, ``unit``;
- **wide** (typical utility export): a ``timestamp`` column (or the first column) and one column a
  meter, the unit given for the file or in the column header (``"press-hall [kWh]"``).

CSV files separated by semicolons with decimal commas (as many German and Polish utility exports
are) are recognised from their header line.

Timestamps carry their UTC offset (``2024-03-31T03:00:00+02:00``) or, without one, are local time in
the file's ``timezone``. Local times are where daylight saving bites: the hour that does not exist
in spring is an error; the hour that occurs twice in autumn is read in file order (first the
summer-time hour, then the winter-time one), and a third occurrence is a duplicate. A timestamp
marks the *start* of its interval.

Values are energy per interval (kWh, MWh, Wh …), power (kW, MW: multiplied by the interval) or, for
the grid's carbon-free share, a share (``share`` or ``%``). Readings finer than an hour are summed
to the hour (shares averaged). Every problem names its meter and timestamp (or the file's row);
nothing is returned unless the series are usable. Gaps are refused or, on request, filled by a
documented rule within limits, and recorded (:func:`fill_gaps`).

Hourly long Parquet files, the usual form of an area's meter data, are read in one streaming pass
straight into dense arrays (:mod:`gia.io.dense`); whatever that reader does not take as it is (other
files, and any problem) is read here, the general way, which names each problem.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from gia.errors import GiaInputError
from gia.i18n import _
from gia.io.dense import read_hour_grid
from gia.io.readers import MAX_METERS, read_readings

#: the most problems listed per kind in an error (the count of all of them is given)
LISTED_PER_KIND = 5
#: gaps up to this many hours are filled by linear interpolation, longer ones from the week before
INTERPOLATION_MAX_HOURS = 6
#: the longest gap that is filled, and the largest share of a meter's year that may be filled
FILL_MAX_GAP_HOURS = 14 * 24
FILL_MAX_SHARE = 0.10
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
#: reading intervals GIA accepts [min]: divisors of an hour
INTERVALS = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)
#: kWh per unit of energy; kW per unit of power; fraction per unit of share
UNIT_FACTORS = {
    "wh": ("energy", 0.001),
    "kwh": ("energy", 1.0),
    "mwh": ("energy", 1000.0),
    "gwh": ("energy", 1e6),
    "mj": ("energy", 1 / 3.6),
    "gj": ("energy", 1000 / 3.6),
    "w": ("power", 0.001),
    "kw": ("power", 1.0),
    "mw": ("power", 1000.0),
    "share": ("share", 1.0),
    "%": ("share", 0.01),
    "percent": ("share", 0.01),
}
_KIND_CODES = {"energy": 0, "power": 1, "share": 2}


@dataclass(frozen=True)
class SeriesProblem:
    meter: str
    timestamp: str
    kind: str
    message: str

    @property
    def place(self) -> str:
        return f"{self.meter} {self.timestamp}".strip()


@dataclass
class MeterSeries:
    """One meter's hourly series for the reporting year (kWh, or a share for the grid's CFE)."""

    meter: str
    unit_kind: str  # "energy" or "share"
    values: np.ndarray  # float64, one per hour of the year, NaN where no reading
    readings: int
    interval_minutes: int
    negatives: int = 0
    first_negative: str = ""
    filled_hours: int = 0
    fill_rule: str = ""

    @property
    def hours_with_data(self) -> int:
        return int(np.count_nonzero(~np.isnan(self.values)))

    @property
    def gap_hours(self) -> int:
        return int(np.count_nonzero(np.isnan(self.values)))


@dataclass
class SeriesSet:
    """All meters read for a reporting year, and what was found on the way.

    The year runs from local midnight on 1 January to local midnight on the next 1 January in the
    area's ``timezone``; hour ``i`` starts ``i`` hours after that instant.
    """

    year: int
    timezone: str = "UTC"
    meters: dict[str, MeterSeries] = field(default_factory=dict)
    problems: list[SeriesProblem] = field(default_factory=list)
    #: readings outside the reporting year, ignored
    outside_year: int = 0
    #: meters whose readings all lie outside the reporting year
    outside_only: set[str] = field(default_factory=set)

    @property
    def hours(self) -> int:
        return hours_in_year(self.year, self.timezone)

    def hour_text(self, hour: int) -> str:
        moment = year_start(self.year, self.timezone) + dt.timedelta(hours=int(hour))
        return moment.astimezone(ZoneInfo(self.timezone)).isoformat()


def year_start(year: int, timezone: str = "UTC") -> dt.datetime:
    """Local midnight on 1 January of ``year`` in ``timezone``, as a UTC instant."""
    return dt.datetime(year, 1, 1, tzinfo=ZoneInfo(timezone)).astimezone(dt.UTC)


def hours_in_year(year: int, timezone: str = "UTC") -> int:
    """Hours from local midnight on 1 January to the next (a zone that moved its offset differs)."""
    return int((year_start(year + 1, timezone) - year_start(year, timezone)).total_seconds() // 3600)


# --- validating and resampling ----------------------------------------------------------------------------


def _unit_factors(units: Iterable[str], name: str) -> dict[str, tuple[str, float]]:
    """Each unit as (kind, factor to kWh per interval, to kW, or to a fraction)."""
    factors: dict[str, tuple[str, float]] = {}
    for unit in units:
        key = (unit or "").strip().lower()
        if key not in UNIT_FACTORS:
            raise GiaInputError(
                name,
                [("", _("unknown unit {unit!r}; use kWh, MWh, Wh, kW, MW, share or %").format(unit=unit))],
            )
        factors[unit] = UNIT_FACTORS[key]
    return factors


def _codes(frame: pl.DataFrame, column: str) -> tuple[list[str], np.ndarray]:
    """The distinct texts of a column and each row's code into them (int32: no overflow in sums)."""
    kind = frame.schema[column]
    if isinstance(kind, pl.Enum):
        names = list(kind.categories)
        return names, frame.get_column(column).to_physical().to_numpy()
    names = sorted(frame.get_column(column).unique().drop_nulls().to_list())
    if len(names) > MAX_METERS:
        raise GiaInputError(
            "",
            [
                (
                    "",
                    _("{count} meters in one import; at most {limit}").format(
                        count=len(names), limit=MAX_METERS
                    ),
                )
            ],
        )
    return names, frame.get_column(column).cast(pl.Enum(names)).to_physical().to_numpy()


def _first_per_meter(mask: np.ndarray, m: np.ndarray) -> dict[int, int]:
    """For each meter with a true ``mask`` entry: the position of its first one (arrays sorted by meter)."""
    positions = np.flatnonzero(mask)
    meters, first = np.unique(m[positions], return_index=True)
    return {int(meter): int(positions[index]) for meter, index in zip(meters, first, strict=True)}


def resample(frame: pl.DataFrame, year: int, name: str, timezone: str = "UTC") -> SeriesSet:
    """Validate readings and sum (or average, for shares) them to the hours of ``year``.

    Problems (duplicates, units mixed on one meter, irregular intervals, incomplete hours, shares
    outside 0–100 %) are collected with meter and timestamp; readings outside the year are counted
    and ignored; gaps are left as NaN for :func:`fill_gaps`. Works on integer codes and numpy arrays
    in one pass, without string keys; hourly readings go straight into the hour matrix.
    """
    result = SeriesSet(year, timezone)
    meters, m = _codes(frame, "meter_id")
    units, u = _codes(frame, "unit")
    factors = _unit_factors(units, name)
    start = year_start(year, timezone)
    hours = hours_in_year(year, timezone)
    # minutes since the start of the year (int32 holds a year of minutes many times over), worked
    # out in polars on both cores; readings outside the year are marked with -1
    since = pl.col("ts").dt.epoch("us") - int(start.timestamp() * 1_000_000)
    inside = (since >= 0) & (since < hours * HOUR_US)
    minute = (
        frame.select(pl.when(inside).then(since // MINUTE_US).otherwise(-1).cast(pl.Int32).alias("minute"))
        .get_column("minute")
        .to_numpy()
    )
    values = frame.get_column("value").to_numpy()
    keep = minute >= 0
    result.outside_year = int(keep.size - np.count_nonzero(keep))
    if result.outside_year:
        seen = np.bincount(m, minlength=len(meters)) > 0
        m, u, minute, values = m[keep], u[keep], minute[keep], values[keep]
        result.outside_only = {
            meters[i] for i in np.flatnonzero(seen & (np.bincount(m, minlength=len(meters)) == 0))
        }
    del keep
    if not m.size:
        result.problems.append(
            SeriesProblem("", "", "empty", _("no readings in the reporting year {year}").format(year=year))
        )
        return result
    same = m[1:] == m[:-1]
    if not np.all((m[1:] > m[:-1]) | (same & (minute[1:] >= minute[:-1]))):
        order = np.lexsort((minute, m))
        m, u, minute, values = m[order], u[order], minute[order], values[order]
        same = m[1:] == m[:-1]

    def when(position: int) -> str:
        moment = start + dt.timedelta(minutes=int(minute[position]))
        return moment.astimezone(ZoneInfo(timezone)).isoformat()

    step = np.diff(minute)
    step[~same] = np.iinfo(np.int32).max  # no step across meters
    count_m = len(meters)
    duplicates = np.flatnonzero(step == 0) + 1  # the second reading of each pair
    for position in duplicates[:LISTED_PER_KIND]:
        result.problems.append(
            SeriesProblem(
                meters[m[position]],
                when(position),
                "duplicate",
                _("two readings for the same time ({count} such readings)").format(count=duplicates.size),
            )
        )
    readings = np.bincount(m, minlength=count_m)
    groups = sorted({unit.strip().lower() for unit in units})
    u_group = np.array([groups.index(unit.strip().lower()) for unit in units], dtype=np.int32)[u]
    if len(groups) > 1:
        first_group = np.zeros(count_m, dtype=np.int32)
        starts = np.flatnonzero(np.r_[True, ~same])
        first_group[m[starts]] = u_group[starts]
        for meter, position in _first_per_meter(u_group != first_group[m], m).items():
            result.problems.append(
                SeriesProblem(
                    meters[meter],
                    when(position),
                    "unit_mismatch",
                    _("readings in more than one unit ({first} and {other})").format(
                        first=groups[first_group[meter]], other=groups[u_group[position]]
                    ),
                )
            )
    interval = _intervals(m, step, readings)
    for meter in np.flatnonzero((readings > 0) & ~np.isin(interval, INTERVALS)):
        minutes = int(interval[meter]) if interval[meter] <= 60 else _("more than 60")
        result.problems.append(
            SeriesProblem(
                meters[meter],
                "",
                "interval",
                _("readings every {minutes} minutes; GIA needs an hour or a divisor of it (15, 30 …)").format(
                    minutes=minutes
                ),
            )
        )
    if result.problems:
        return result
    kind = np.array([_KIND_CODES[factors[unit][0]] for unit in units], dtype=np.int8)[u]
    factor = np.array([factors[unit][1] for unit in units])
    power = kind == 1
    kwh = values * factor[u] if len(units) > 1 or factor[0] != 1 or power.any() else values
    if power.any():
        kwh[power] *= interval[m[power]] / 60
    share_meter = np.zeros(count_m, dtype=bool)
    share_meter[m[kind == 2]] = True
    negative = (values < 0) & ~share_meter[m]
    negatives = np.bincount(m[negative], minlength=count_m)
    first_negative = _first_per_meter(negative, m) if negatives.any() else {}
    shares = kind == 2
    if shares.any():
        outside = shares & ((kwh < 0) | (kwh > 1 + 1e-9))
        for meter, position in list(_first_per_meter(outside, m).items())[:LISTED_PER_KIND]:
            result.problems.append(
                SeriesProblem(
                    meters[meter],
                    when(position),
                    "share_range",
                    _("a share outside 0–100 % ({count} such readings)").format(
                        count=int(np.count_nonzero(outside))
                    ),
                )
            )
    hour = minute // 60
    matrix = np.full((count_m, hours), np.nan)
    if np.all(interval[readings > 0] == 60):
        matrix[m, hour] = kwh  # one reading an hour, no duplicates: straight into place
    else:
        cell = m.astype(np.int64) * hours + hour
        sums = np.bincount(cell, weights=kwh, minlength=count_m * hours).reshape(count_m, hours)
        counts = np.bincount(cell, minlength=count_m * hours).reshape(count_m, hours)
        expected = (60 // interval)[:, None]
        partial = (counts > 0) & (counts < expected)
        if partial.any():
            rows, columns = np.nonzero(partial)
            for meter, column in list(zip(rows, columns, strict=True))[:LISTED_PER_KIND]:
                result.problems.append(
                    SeriesProblem(
                        meters[meter],
                        result.hour_text(int(column)),
                        "incomplete_hour",
                        _("{count} of {expected} readings in this hour ({total} such hours)").format(
                            count=int(counts[meter, column]),
                            expected=int(expected[meter, 0]),
                            total=int(partial.sum()),
                        ),
                    )
                )
        present = counts > 0
        matrix[present] = sums[present]
        if share_meter.any():
            matrix[share_meter] /= np.maximum(counts[share_meter], 1)
    if result.problems:
        return result
    for index in np.flatnonzero(readings):
        meter = meters[index]
        result.meters[meter] = MeterSeries(
            meter=meter,
            unit_kind="share" if share_meter[index] else "energy",
            values=matrix[index],
            readings=int(readings[index]),
            interval_minutes=int(interval[index]),
            negatives=int(negatives[index]),
            first_negative=when(first_negative[index]) if index in first_negative else "",
        )
    return result


def _intervals(m: np.ndarray, step: np.ndarray, readings: np.ndarray) -> np.ndarray:
    """Each meter's reading interval [min]: its shortest step between readings (60 for a single reading).

    ``step`` holds, for each reading after the first, the minutes since the one before (a huge
    value across meters, 0 for a duplicate). An irregular series shows as an interval that does not
    divide the hour, or as incomplete hours.
    """
    interval = np.full(readings.size, 60, dtype=np.int64)
    if not step.size:
        return interval
    starts = np.flatnonzero(np.r_[True, m[1:] != m[:-1]])
    usable = starts < step.size
    huge = np.iinfo(np.int32).max
    positive = np.where(step > 0, step, huge) if (step == 0).any() else step
    shortest = np.minimum.reduceat(positive, starts[usable])
    found = shortest < huge
    interval[m[starts[usable]][found]] = shortest[found]
    return interval


def gap_problems(series: SeriesSet) -> list[SeriesProblem]:
    """One problem per meter with gaps: how many hours, and the first missing stretches."""
    problems = []
    for meter, data in series.meters.items():
        if math.isfinite(data.values.sum()):  # no NaN: no gap (one pass, no temporary)
            continue
        missing = np.flatnonzero(np.isnan(data.values))
        if not missing.size:
            continue
        starts = missing[np.r_[True, np.diff(missing) > 1]]
        listed = ", ".join(series.hour_text(int(h)) for h in starts[:LISTED_PER_KIND])
        problems.append(
            SeriesProblem(
                meter,
                series.hour_text(int(missing[0])),
                "gap",
                _("{hours} hours without readings, starting at {starts}").format(
                    hours=missing.size, starts=listed
                ),
            )
        )
    return problems


def fill_gaps(series: SeriesSet) -> list[SeriesProblem]:
    """Fill gaps in place and record it; return the gaps too large to fill.

    Rule: gaps of up to 6 hours are interpolated linearly between the readings on either side;
    longer gaps (and gaps at the ends of the year) take the same hour one week earlier, or one week
    later where the week before is missing too. A gap longer than 14 days, or gaps adding up to more
    than 10 % of the meter's year, are not filled: they are refused.
    """
    refused = []
    for meter, data in series.meters.items():
        values = data.values
        missing = np.isnan(values)
        if not missing.any():
            continue
        indices = np.flatnonzero(missing)
        runs = np.split(indices, np.flatnonzero(np.diff(indices) > 1) + 1)
        longest = max(len(run) for run in runs)
        if longest > FILL_MAX_GAP_HOURS or indices.size > FILL_MAX_SHARE * values.size:
            refused.append(
                SeriesProblem(
                    meter,
                    series.hour_text(int(indices[0])),
                    "gap_too_large",
                    _(
                        "{hours} hours missing, the longest gap {longest} hours: too much to fill (at most {share:.0%} of the year and {days} days in a row)"
                    ).format(
                        hours=indices.size,
                        longest=longest,
                        share=FILL_MAX_SHARE,
                        days=FILL_MAX_GAP_HOURS // 24,
                    ),
                )
            )
            continue
        filled = values.copy()
        for run in runs:
            before, after = run[0] - 1, run[-1] + 1
            if len(run) <= INTERPOLATION_MAX_HOURS and before >= 0 and after < len(values):
                filled[run] = np.interp(run, [before, after], [values[before], values[after]])
        week = 7 * 24
        for _round in range(math.ceil(FILL_MAX_GAP_HOURS / week) + 1):
            holes = np.flatnonzero(np.isnan(filled))
            if not holes.size:
                break
            earlier = holes - week
            ok = earlier >= 0
            filled[holes[ok]] = filled[earlier[ok]]
            holes = np.flatnonzero(np.isnan(filled))
            later = holes + week
            ok = later < len(values)
            filled[holes[ok]] = filled[later[ok]]
        data.filled_hours = int(np.count_nonzero(missing & ~np.isnan(filled)))
        data.fill_rule = _(
            "gaps of up to {hours} hours interpolated linearly; longer gaps copied from the same hour a week earlier (or later)"
        ).format(hours=INTERPOLATION_MAX_HOURS)
        data.values = filled
    return refused


def _only(frame: pl.DataFrame, keep: frozenset[str]) -> pl.DataFrame:
    """The readings of the meters in ``keep`` (compared as codes where the meters are an enumeration)."""
    kind = frame.schema["meter_id"]
    if isinstance(kind, pl.Enum):
        wanted = [name for name in kind.categories if name in keep]
        if len(wanted) == len(kind.categories):
            return frame
        return frame.filter(pl.col("meter_id").is_in(pl.Series(wanted, dtype=kind).implode()))
    return frame.filter(pl.col("meter_id").is_in(list(keep)))


def read_frames(
    paths: Iterable[tuple[Path, str, str | None, str | None]], keep: frozenset[str] | None = None
) -> tuple[pl.DataFrame, str]:
    """Read several files into one frame of readings, keeping only the meters in ``keep`` if given.

    A meter may be spread over several files (monthly exports); the same reading twice is a duplicate.
    """
    frames = []
    names = []
    for path, layout, file_timezone, unit in paths:
        frame = read_readings(path, layout, file_timezone, unit)
        frames.append(frame if keep is None else _only(frame, keep))
        names.append(str(path))
    if len(frames) == 1:
        return frames[0], names[0]
    texts = [
        f.with_columns(pl.col("meter_id").cast(pl.String), pl.col("unit").cast(pl.String)) for f in frames
    ]
    return pl.concat(texts, how="vertical_relaxed"), ", ".join(names)


def _dense_series(
    paths: list[tuple[Path, str, str | None, str | None]],
    year: int,
    timezone: str,
    meters: frozenset[str] | None,
) -> SeriesSet | None:
    """What :func:`resample` makes of hourly long Parquet files, read in one pass into dense arrays
    (:mod:`gia.io.dense`); None where the files need the general reader (which names each problem)."""
    start = year_start(year, timezone)
    grid = read_hour_grid(paths, int(start.timestamp() * 1_000_000), hours_in_year(year, timezone), meters)
    if grid is None:
        return None
    kinds = {}
    for unit in {unit for unit, readings in zip(grid.units, grid.readings, strict=True) if readings}:
        key = unit.strip().lower()
        if key not in UNIT_FACTORS:
            return None  # the general reader names the unknown unit
        kinds[unit] = UNIT_FACTORS[key]
    result = SeriesSet(year, timezone, outside_year=grid.outside_year)
    zone = ZoneInfo(timezone)
    for row in sorted(range(len(grid.meters)), key=grid.meters.__getitem__):
        meter, values, readings = grid.meters[row], grid.values[row], int(grid.readings[row])
        if not readings:
            result.outside_only.add(meter)
            continue
        kind, factor = kinds[grid.units[row]]
        if factor != 1:
            values *= factor  # to kWh (or a fraction); power read once an hour is energy: kW × 1 h
        negatives, first_negative = 0, ""
        if kind == "share":
            if np.any(values < 0) or np.any(values > 1 + 1e-9):
                return None  # the general reader lists the shares outside 0–100 %
        elif grid.lowest < 0:
            negative = values < 0
            negatives = int(np.count_nonzero(negative))
            if negatives:
                minute = int(np.argmax(negative)) * 60 + int(grid.minute_of_hour[row])
                first_negative = (start + dt.timedelta(minutes=minute)).astimezone(zone).isoformat()
        result.meters[meter] = MeterSeries(
            meter=meter,
            unit_kind="share" if kind == "share" else "energy",
            values=values,
            readings=readings,
            interval_minutes=60,
            negatives=negatives,
            first_negative=first_negative,
        )
    return result


def read_series(
    paths: Iterable[tuple[Path, str, str | None, str | None]],
    year: int,
    timezone: str = "UTC",
    on_gaps: str = "refuse",
    may_be_negative: frozenset[str] = frozenset(),
    meters: frozenset[str] | None = None,
) -> SeriesSet:
    """Read, validate and resample files of readings; refuse (or fill) gaps. Raises on any problem.

    ``paths`` holds (path, layout, timezone, unit) per file; ``meters``, if given, the meters to
    keep (the others in the files are ignored). Negative energy is a problem except for the meters in
    ``may_be_negative`` (storage, which charges). Hourly long Parquet files are read in one pass into
    dense arrays; the result is the same as the general way's, which reads everything else.
    """
    paths = list(paths)
    name = ", ".join(str(path) for path, *_rest in paths)
    series = _dense_series(paths, year, timezone, meters)
    if series is None:  # anything but plain hourly Parquet files, and every problem, the general way
        frame, name = read_frames(paths, meters)
        series = resample(frame, year, name, timezone)
        del frame
    problems = list(series.problems)
    for meter, data in series.meters.items():
        if data.negatives and meter not in may_be_negative:
            problems.append(
                SeriesProblem(
                    meter,
                    data.first_negative,
                    "negative",
                    _("{count} negative readings: energy cannot be negative").format(count=data.negatives),
                )
            )
    if on_gaps == "fill":
        refused = fill_gaps(series)
        problems.extend(refused)
        problems.extend(p for p in gap_problems(series) if p.meter not in {r.meter for r in refused})
    else:
        problems.extend(gap_problems(series))
    if problems:
        raise GiaInputError(name, [(p.place, p.message) for p in problems])
    return series
