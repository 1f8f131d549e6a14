"""Meter time series: reading CSV and Parquet, validating, resampling to hours, filling gaps.

Layouts:

- **long**: one reading a row, columns ``meter_id``, ``timestamp``, ``value``, ``unit``;
- **wide** (typical utility export): a ``timestamp`` column (or the first column) and one column a
  meter, the unit given for the file or in the column header (``"press-hall [kWh]"``).

Timestamps carry their UTC offset (``2024-03-31T03:00:00+02:00``) or, without one, are local time in
the file's ``timezone``. Local times are where daylight saving bites: the hour that does not exist
in spring is an error; the hour that occurs twice in autumn is read in file order (first the
summer-time hour, then the winter-time one), and a third occurrence is a duplicate. A timestamp
marks the *start* of its interval.

Values are energy per interval (kWh, MWh, Wh …), power (kW, MW: multiplied by the interval) or, for
the grid's carbon-free share, a share (``share`` or ``%``). Readings finer than an hour are summed
to the hour (shares averaged). Every problem names its meter and timestamp; nothing is returned
unless the series are usable. Gaps are refused or, on request, filled by a documented rule and
recorded (:func:`fill_gaps`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from gia.errors import GiaInputError
from gia.i18n import _

#: the most problems listed per kind in an error (the count of all of them is given)
LISTED_PER_KIND = 5
#: gaps up to this many hours are filled by linear interpolation, longer ones from the week before
INTERPOLATION_MAX_HOURS = 6
_OFFSET = r"(Z|[+-]\d\d:?\d\d)$"
_HEADER_UNIT = re.compile(r"^(?P<meter>.+?)\s*\[(?P<unit>[^\]]+)\]\s*$")


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

    @property
    def hours(self) -> int:
        return hours_in_year(self.year)

    def hour_text(self, hour: int) -> str:
        moment = year_start(self.year, self.timezone) + dt.timedelta(hours=int(hour))
        return moment.astimezone(ZoneInfo(self.timezone)).isoformat()


def hours_in_year(year: int) -> int:
    """Hours from 1 January to the next 1 January (daylight-saving shifts cancel over a year)."""
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days * 24


def year_start(year: int, timezone: str = "UTC") -> dt.datetime:
    """Local midnight on 1 January of ``year`` in ``timezone``, as a UTC instant."""
    return dt.datetime(year, 1, 1, tzinfo=ZoneInfo(timezone)).astimezone(dt.UTC)


# --- reading ------------------------------------------------------------------------------------------------


def read_readings(
    path: Path, layout: str = "long", timezone: str | None = None, unit: str | None = None
) -> pl.DataFrame:
    """Read a file into long form: ``meter_id`` (str), ``ts`` (UTC, µs), ``value`` (float), ``unit`` (str).

    Problems with the file as a whole (missing, unreadable, missing columns, unparseable timestamps)
    raise :class:`GiaInputError` naming the file, and the row where there is one.
    """
    name = str(path)
    if not path.is_file():
        raise GiaInputError(name, [("", _("file not found"))])
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame = _read_parquet(path)
        elif suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)
        else:
            raise GiaInputError(
                name,
                [("", _("unsupported file type {suffix!r}; use .csv or .parquet").format(suffix=suffix))],
            )
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise GiaInputError(
            name, [("", _("cannot read the file: {error}").format(error=str(exc).splitlines()[0]))]
        ) from None
    if layout == "wide":
        frame = _wide_to_long(frame, name, unit)
    missing = [c for c in ("meter_id", "timestamp", "value") if c not in frame.columns]
    if missing:
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _("missing columns: {columns} (found: {found})").format(
                        columns=", ".join(missing), found=", ".join(frame.columns)
                    ),
                )
            ],
        )
    if "unit" not in frame.columns:
        if unit is None:
            raise GiaInputError(name, [("", _("no unit column: give the unit of the file"))])
        frame = frame.with_columns(pl.lit(unit).alias("unit"))
    frame = frame.select(
        _text(frame, "meter_id"),
        pl.col("timestamp"),
        pl.col("value"),
        _text(frame, "unit"),
    )
    frame = _parse_values(frame, name)
    return _parse_timestamps(frame, name, timezone)


def _read_parquet(path: Path) -> pl.DataFrame:
    """Read a Parquet file with its meter and unit columns as enumerations (a code a row, not a text).

    One pass finds the distinct meters and units, a second reads the file with them as codes.
    """
    lazy = pl.scan_parquet(path)
    schema = lazy.collect_schema()
    columns = [c for c in ("meter_id", "unit") if schema.get(c) == pl.String]
    if not columns:
        return lazy.collect()
    distinct = lazy.select(pl.col(c).unique().drop_nulls().sort().implode() for c in columns).collect()
    casts = [pl.col(c).cast(pl.Enum(distinct.get_column(c)[0].to_list())) for c in columns]
    return lazy.with_columns(casts).collect()


def _text(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A meter or unit column as text, or left as it is when it is already an enumeration."""
    return pl.col(column) if isinstance(frame.schema[column], pl.Enum) else pl.col(column).cast(pl.String)


def _wide_to_long(frame: pl.DataFrame, name: str, unit: str | None) -> pl.DataFrame:
    time_column = "timestamp" if "timestamp" in frame.columns else frame.columns[0]
    meters = [c for c in frame.columns if c != time_column]
    if not meters:
        raise GiaInputError(name, [("", _("a wide file needs a timestamp column and one column per meter"))])
    parts = []
    for column in meters:
        match = _HEADER_UNIT.match(column)
        meter, column_unit = (match["meter"], match["unit"]) if match else (column, unit)
        if column_unit is None:
            raise GiaInputError(
                name,
                [
                    (
                        _("column {column!r}").format(column=column),
                        _(
                            "no unit: write it in the header ('{column} [kWh]') or give the unit of the file"
                        ).format(column=column),
                    )
                ],
            )
        parts.append(
            frame.select(
                pl.lit(meter).alias("meter_id"),
                pl.col(time_column).alias("timestamp"),
                pl.col(column).alias("value"),
                pl.lit(column_unit).alias("unit"),
            )
        )
    return pl.concat(parts, how="vertical_relaxed")


def _parse_values(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    if frame.schema["value"] == pl.String:
        parsed = frame.with_columns(
            pl.col("value").str.strip_chars().cast(pl.Float64, strict=False).alias("_v")
        )
        bad = parsed.with_row_index("_row").filter(
            pl.col("_v").is_null() & pl.col("value").is_not_null() & (pl.col("value").str.strip_chars() != "")
        )
        if bad.height:
            first = bad.row(0, named=True)
            raise GiaInputError(
                name,
                [
                    (
                        _("row {row}, meter {meter}").format(row=first["_row"] + 2, meter=first["meter_id"]),
                        _("{value!r} is not a number ({count} such rows)").format(
                            value=first["value"], count=bad.height
                        ),
                    )
                ],
            )
        return parsed.drop("value").rename({"_v": "value"})
    return frame.with_columns(pl.col("value").cast(pl.Float64))


def _parse_timestamps(frame: pl.DataFrame, name: str, timezone: str | None) -> pl.DataFrame:
    kind = frame.schema["timestamp"]
    if isinstance(kind, pl.Datetime):
        if kind.time_zone is not None:
            return frame.with_columns(
                pl.col("timestamp").dt.convert_time_zone("UTC").dt.cast_time_unit("us").alias("ts")
            ).drop("timestamp")
        if timezone is None:
            raise GiaInputError(
                name,
                [("", _("timestamps without a UTC offset need the file's timezone (e.g. Europe/Berlin)"))],
            )
        return _localise(frame.rename({"timestamp": "local"}), name, timezone)
    if kind != pl.String:
        raise GiaInputError(name, [("", _("the timestamp column must hold dates and times"))])
    text = frame.with_row_index("_row").with_columns(pl.col("timestamp").str.strip_chars())
    with_offset = text.filter(pl.col("timestamp").str.contains(_OFFSET))
    without = text.filter(~pl.col("timestamp").str.contains(_OFFSET))
    parts = []
    if with_offset.height:
        parsed = with_offset.with_columns(
            pl.col("timestamp").str.to_datetime(time_zone="UTC", time_unit="us", strict=False).alias("ts")
        )
        _refuse_unparsed(parsed, name, "ts")
        parts.append(parsed.drop("timestamp"))
    if without.height:
        if timezone is None:
            first = without.row(0, named=True)
            raise GiaInputError(
                name,
                [
                    (
                        _("row {row}, meter {meter}").format(row=first["_row"] + 2, meter=first["meter_id"]),
                        _(
                            "{timestamp!r} has no UTC offset: give the file's timezone (e.g. Europe/Berlin) or write offsets ({count} such rows)"
                        ).format(timestamp=first["timestamp"], count=without.height),
                    )
                ],
            )
        parsed = without.with_columns(
            pl.col("timestamp").str.to_datetime(time_unit="us", strict=False).alias("local")
        )
        _refuse_unparsed(parsed, name, "local")
        parts.append(_localise(parsed.drop("timestamp"), name, timezone))
    merged = pl.concat(parts, how="diagonal_relaxed") if len(parts) > 1 else parts[0]
    return merged.drop("_row", "local", strict=False)


def _refuse_unparsed(frame: pl.DataFrame, name: str, column: str) -> None:
    bad = frame.filter(pl.col(column).is_null())
    if bad.height:
        first = bad.row(0, named=True)
        raise GiaInputError(
            name,
            [
                (
                    _("row {row}, meter {meter}").format(row=first["_row"] + 2, meter=first["meter_id"]),
                    _(
                        "{timestamp!r} is not a date and time such as 2024-01-31T13:00:00+01:00 ({count} such rows)"
                    ).format(timestamp=first["timestamp"], count=bad.height),
                )
            ],
        )


def _localise(frame: pl.DataFrame, name: str, timezone: str) -> pl.DataFrame:
    """Local wall-clock times → UTC; the repeated autumn hour in file order; the missing spring hour refused."""
    if "_row" not in frame.columns:
        frame = frame.with_row_index("_row")
    try:
        occurrence = pl.int_range(pl.len()).over(["meter_id", "local"])
        frame = frame.with_columns(occurrence.alias("_occurrence"))
        earliest = pl.col("local").dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
        latest = pl.col("local").dt.replace_time_zone(timezone, ambiguous="latest", non_existent="null")
        frame = frame.with_columns(
            pl.when(pl.col("_occurrence") == 0)
            .then(earliest)
            .otherwise(latest)
            .dt.convert_time_zone("UTC")
            .alias("ts")
        )
    except pl.exceptions.PolarsError as exc:
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _("unknown timezone {timezone!r}: {error}").format(
                        timezone=timezone, error=str(exc).splitlines()[0]
                    ),
                )
            ],
        ) from None
    missing = frame.filter(pl.col("ts").is_null())
    if missing.height:
        first = missing.row(0, named=True)
        raise GiaInputError(
            name,
            [
                (
                    _("meter {meter}, {timestamp}").format(meter=first["meter_id"], timestamp=first["local"]),
                    _(
                        "this local time does not exist in {timezone} (clocks move forward for daylight saving); {count} such readings"
                    ).format(timezone=timezone, count=missing.height),
                )
            ],
        )
    return frame.drop("_occurrence")


# --- validating and resampling ----------------------------------------------------------------------------


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


HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
#: intervals GIA accepts [min]: divisors of an hour
INTERVALS = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)


def _codes(frame: pl.DataFrame, column: str) -> tuple[list[str], np.ndarray]:
    """The distinct texts of a column (sorted) and each row's code into them."""
    kind = frame.schema[column]
    if isinstance(kind, pl.Enum):
        names = list(kind.categories)
        return names, frame.get_column(column).to_physical().to_numpy()
    names = sorted(frame.get_column(column).unique().drop_nulls().to_list())
    return names, frame.get_column(column).cast(pl.Enum(names)).to_physical().to_numpy()


def resample(frame: pl.DataFrame, year: int, name: str, timezone: str = "UTC") -> SeriesSet:
    """Validate readings and sum (or average, for shares) them to the hours of ``year``.

    Problems (duplicates, mixed units, irregular intervals, incomplete hours) are collected with
    meter and timestamp; readings outside the year are counted and ignored; gaps are left as NaN
    for :func:`fill_gaps`. Works on integer codes and numpy arrays in one pass, without string
    keys; hourly readings go straight into the hour matrix.
    """
    result = SeriesSet(year, timezone)
    if frame.get_column("unit").null_count() or frame.get_column("meter_id").null_count():
        raise GiaInputError(name, [("", _("every reading needs a meter_id and a unit"))])
    meters, m = _codes(frame, "meter_id")
    units, u = _codes(frame, "unit")
    factors = _unit_factors(units, name)
    start = year_start(year, timezone)
    hours = hours_in_year(year)
    # minutes since the start of the year (int32 holds a year of minutes many times over), in polars,
    # which works on both cores; readings outside the year are marked with -1
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
        m, u, minute, values = m[keep], u[keep], minute[keep], values[keep]
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
    step = np.diff(minute)
    step[~same] = np.iinfo(np.int32).max  # no step across meters
    count_m = len(meters)
    duplicates = np.flatnonzero(step == 0) + 1  # the second reading of each pair
    for position in duplicates[:LISTED_PER_KIND]:
        moment = start + dt.timedelta(minutes=int(minute[position]))
        result.problems.append(
            SeriesProblem(
                meters[m[position]],
                moment.astimezone(ZoneInfo(timezone)).isoformat(),
                "duplicate",
                _("two readings for the same time ({count} such readings)").format(count=duplicates.size),
            )
        )
    readings = np.bincount(m, minlength=count_m)
    if len(units) > 1:
        used_units = (
            np.bincount(m * len(units) + u, minlength=count_m * len(units)).reshape(count_m, len(units)) > 0
        )
        for meter in np.flatnonzero(used_units.sum(axis=1) > 1):
            result.problems.append(
                SeriesProblem(meters[meter], "", "unit_mismatch", _("readings in more than one unit"))
            )
    interval = _intervals(m, step, readings)
    for meter in range(count_m):
        if readings[meter] and int(interval[meter]) not in INTERVALS:
            minutes = int(interval[meter]) if interval[meter] <= 60 else _("more than 60")
            result.problems.append(
                SeriesProblem(
                    meters[meter],
                    "",
                    "interval",
                    _(
                        "readings every {minutes} minutes; GIA needs an hour or a divisor of it (15, 30 …)"
                    ).format(minutes=minutes),
                )
            )
    if result.problems:
        return result
    kind = np.array(
        [{"energy": 0, "power": 1, "share": 2}[factors[unit][0]] for unit in units], dtype=np.int8
    )
    factor = np.array([factors[unit][1] for unit in units])
    power = kind[u] == 1 if (kind == 1).any() else None
    kwh = values * factor[u] if len(units) > 1 or factor[0] != 1 or power is not None else values
    if power is not None and power.any():
        kwh[power] *= interval[m[power]] / 60
    share_meter = np.zeros(count_m, dtype=bool)
    share_meter[m[kind[u] == 2]] = True
    negatives = np.bincount(m[(values < 0) & ~share_meter[m]], minlength=count_m)
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
            return result
        present = counts > 0
        matrix[present] = sums[present]
        if share_meter.any():
            matrix[share_meter] /= np.maximum(counts[share_meter], 1)
    for index, meter in enumerate(meters):
        if not readings[index]:
            continue
        series = MeterSeries(
            meter=meter,
            unit_kind="share" if share_meter[index] else "energy",
            values=matrix[index],
            readings=int(readings[index]),
            interval_minutes=int(interval[index]),
            negatives=int(negatives[index]),
        )
        result.meters[meter] = series
        if series.unit_kind == "share" and np.nanmax(series.values, initial=0) > 1 + 1e-9:
            result.problems.append(SeriesProblem(meter, "", "share_range", _("a share above 100 %")))
    return result


def _intervals(m: np.ndarray, step: np.ndarray, readings: np.ndarray) -> np.ndarray:
    """Each meter's reading interval [min]: its shortest step between readings (60 for a single reading).

    ``step`` holds, for each reading after the first, the minutes since the one before (a huge
    value across meters). An irregular series shows as an interval that does not divide the hour,
    or as incomplete hours.
    """
    interval = np.full(readings.size, 60, dtype=np.int64)
    if not step.size:
        return interval
    starts = np.flatnonzero(np.r_[True, m[1:] != m[:-1]])
    usable = starts < step.size
    huge = np.iinfo(np.int32).max
    positive = np.where(step > 0, step, huge) if (step == 0).any() else step  # duplicates are not steps
    shortest = np.minimum.reduceat(positive, starts[usable])
    found = shortest < huge
    meters_found = m[starts[usable]][found]
    interval[meters_found] = shortest[found]
    return interval


def gap_problems(series: SeriesSet) -> list[SeriesProblem]:
    """One problem per meter with gaps: how many hours, and the first missing stretches."""
    problems = []
    for meter, data in series.meters.items():
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


def fill_gaps(series: SeriesSet) -> None:
    """Fill gaps in place and record it: up to 6 hours by linear interpolation between the readings
    on either side; longer gaps (and gaps at the ends of the year) with the same hour one week
    earlier, or one week later where the week before is missing too, repeated as needed."""
    for data in series.meters.values():
        values = data.values
        missing = np.isnan(values)
        if not missing.any():
            continue
        if missing.all():
            continue
        filled = values.copy()
        indices = np.flatnonzero(missing)
        runs = np.split(indices, np.flatnonzero(np.diff(indices) > 1) + 1)
        for run in runs:
            before, after = run[0] - 1, run[-1] + 1
            if len(run) <= INTERPOLATION_MAX_HOURS and before >= 0 and after < len(values):
                filled[run] = np.interp(run, [before, after], [values[before], values[after]])
        week = 7 * 24
        for _round in range(math.ceil(len(values) / week) + 1):
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


def read_series(
    paths: Iterable[tuple[Path, str, str | None, str | None]],
    year: int,
    timezone: str = "UTC",
    on_gaps: str = "refuse",
    may_be_negative: frozenset[str] = frozenset(),
) -> SeriesSet:
    """Read, validate and resample several files; refuse (or fill) gaps. Raises on any problem.

    ``paths`` holds (path, layout, timezone, unit) per file. Negative energy is a problem except for
    the meters in ``may_be_negative`` (storage, which charges). A meter that appears in two files is
    a problem too.
    """
    combined = SeriesSet(year, timezone)
    for path, layout, file_timezone, unit in paths:
        name = str(path)
        part = resample(read_readings(path, layout, file_timezone, unit), year, name, timezone)
        problems = list(part.problems)
        for meter, data in part.meters.items():
            if data.negatives and meter not in may_be_negative:
                problems.append(
                    SeriesProblem(
                        meter,
                        "",
                        "negative",
                        _("{count} negative readings: energy cannot be negative").format(
                            count=data.negatives
                        ),
                    )
                )
            if meter in combined.meters:
                problems.append(
                    SeriesProblem(meter, "", "meter_twice", _("this meter is also in another file"))
                )
        if on_gaps == "fill":
            fill_gaps(part)
        problems.extend(gap_problems(part))
        if problems:
            raise GiaInputError(name, [(p.place, p.message) for p in problems])
        combined.meters.update(part.meters)
        combined.outside_year += part.outside_year
    return combined
