"""Parquet files of hourly readings read in one pass straight into the hours of the year.

The usual meter file of an area is a long Parquet file (``meter_id``, ``timestamp`` with its time
zone, ``value``, ``unit``) holding one reading a meter and hour. :func:`read_hour_grid` streams
such files batch by batch (the Parquet reader decodes the next batch on another core meanwhile) and
puts each reading straight into its cell of a dense grid of meters × hours: meters become integer
rows as they first appear, a reading's hour is worked out arithmetically from its microseconds since
the start of the year (a meter's run of readings an hour apart is copied into its row in one step),
and no per-reading Python object, text or sort is made. The grid is exactly what
:func:`gia.io.timeseries.resample` makes of the same readings.

It gives up (returns None) as soon as the files hold anything it leaves to the general reader of
:mod:`gia.io.timeseries`, which names every problem with its file, row, meter and time: another
file type or layout, missing or other columns, local times, empty or implausible values, a meter in
more than one unit, readings more often than hourly or irregular ones, two readings in one hour, a
file without readings, too many meters. So the messages for bad input stay exactly the general
reader's, and good input is read once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from gia.io.readers import MAX_METERS, MAX_READING

#: meters a block of the grid holds: the grid grows by blocks as meters appear (nothing is copied)
BLOCK_METERS = 256
#: a batch whose meter changes more often than every this many readings on average (a file sorted
#: by time rather than by meter) is coded reading by reading instead of run by run
RUN_LENGTH_MIN = 512
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000


@dataclass
class HourGrid:
    """Readings placed in the hours of the year, one row per meter, as the files hold them.

    ``values[row]`` holds the meter's reading in each hour (the value as written, in its unit;
    NaN where it has none). Rows are in the order the meters first appear in the files.
    """

    hours: int
    #: each row's meter
    meters: list[str]
    #: each row's unit, as written in the file ("" for a meter with no reading in the year)
    units: list[str]
    #: each row's readings (a view into the grid), NaN where no reading
    values: list[np.ndarray]
    #: each row's readings in the year
    readings: np.ndarray
    #: each row's minute within the hour its readings are taken at (0 for readings on the hour)
    minute_of_hour: np.ndarray
    #: readings outside the year (ignored)
    outside_year: int
    #: the smallest value read in the year (so that negative readings are looked for only if any)
    lowest: float


class _GiveUpError(Exception):
    """The files hold something the general reader should look at."""


class _Grid:
    """The grid while it is being filled."""

    def __init__(self, start_us: int, hours: int, keep: frozenset[str] | None) -> None:
        self.start_us = start_us
        self.hours = hours
        self.keep = keep
        #: every meter seen, kept or not, and its row (-1: not kept)
        self.row_of: dict[str, int] = {}
        self.meters: list[str] = []
        self.unit_names: list[str] = []
        self.unit_code: dict[str, int] = {}
        self.blocks: list[np.ndarray] = []
        self.readings = np.zeros(MAX_METERS, dtype=np.int64)
        self.unit_of = np.full(MAX_METERS, -1, dtype=np.int64)
        self.minute_of = np.full(MAX_METERS, -1, dtype=np.int64)
        self.outside_year = 0
        self.lowest = np.inf
        #: the unit of the first reading of the file being read
        self.first_unit: str | None = None

    # --- meters and units as integer codes ---------------------------------------------------------

    def row(self, meter: str) -> int:
        row = self.row_of.get(meter)
        if row is None:
            if len(self.row_of) >= MAX_METERS:
                raise _GiveUpError
            row = -1
            if self.keep is None or meter in self.keep:
                row = len(self.meters)
                self.meters.append(meter)
                if row % BLOCK_METERS == 0:
                    self.blocks.append(np.empty((BLOCK_METERS, self.hours)))
                self.line(row).fill(np.nan)  # a block's memory is taken row by row, as meters come
            self.row_of[meter] = row
        return row

    def line(self, row: int) -> np.ndarray:
        return self.blocks[row // BLOCK_METERS][row % BLOCK_METERS]

    def unit(self, unit: str) -> int:
        code = self.unit_code.get(unit)
        if code is None:
            code = self.unit_code[unit] = len(self.unit_names)
            self.unit_names.append(unit)
        return code

    @staticmethod
    def codes(column: pl.Series, code: Callable[[str], int]) -> tuple[np.ndarray, np.ndarray | None]:
        """Each text of ``column`` as its code: (the codes of its runs, their lengths) where the
        column changes seldom, else (a code per reading, None)."""
        runs = column.rle().struct.unnest()
        if runs.height * RUN_LENGTH_MIN <= column.len():
            texts = runs.get_column("value").to_list()
            return np.array([code(t) for t in texts], dtype=np.int64), runs.get_column("len").to_numpy()
        texts = column.unique().to_list()
        lookup = np.array([code(t) for t in texts], dtype=np.int64)
        return lookup[column.cast(pl.Enum(texts)).to_physical().to_numpy()], None

    def remember(self, rows: np.ndarray, per_row: np.ndarray, given: np.ndarray | int) -> None:
        """Record each row's unit or minute of the hour; give up where a row had another."""
        known = per_row[rows]
        new = known < 0
        per_row[rows[new]] = given if np.ndim(given) == 0 else given[new]  # type: ignore[index]
        if not np.array_equal(per_row[rows], np.broadcast_to(given, rows.shape)):
            raise _GiveUpError  # a meter in two units, or readings at different minutes of the hour

    # --- one batch of readings ---------------------------------------------------------------------

    def add(self, batch: pl.DataFrame, file_unit: str | None) -> None:
        if not batch.height:
            return
        if any(batch.null_count().row(0)):
            raise _GiveUpError  # empty cells: the general reader names their rows
        values = batch.get_column("value").to_numpy()
        lowest, highest = float(values.min()), float(values.max())
        if not (lowest >= -MAX_READING and highest <= MAX_READING):  # false for NaN too
            raise _GiveUpError
        stamps = batch.get_column("ts").to_numpy()
        rows, lengths = self.codes(batch.get_column("meter_id"), self.row)
        units: np.ndarray | int
        if "unit" not in batch.columns:
            units = self.unit(file_unit or "")
        elif not batch.get_column("other_unit").any():  # all in the unit of the file's first reading
            units = self.unit(self.first_unit or "")
        else:
            units, unit_lengths = self.codes(batch.get_column("unit"), self.unit)
            if unit_lengths is not None:
                units = np.repeat(units, unit_lengths)
        if lengths is not None and np.ndim(units) == 0:
            self._add_runs(rows, lengths, int(units), stamps, values, lowest)
        else:
            self._add_readings(rows if lengths is None else np.repeat(rows, lengths), units, stamps, values)

    def _add_runs(
        self,
        rows: np.ndarray,
        lengths: np.ndarray,
        unit: int,
        stamps: np.ndarray,
        values: np.ndarray,
        lowest: float,
    ) -> None:
        """The usual batch: a few meters one after the other in one unit. A run of readings exactly
        an hour apart inside the year is copied into its meter's row in one step; other runs are
        placed reading by reading."""
        ends = np.cumsum(lengths)
        # the runs in which a reading is not an hour after the one before (the first one aside)
        breaks = np.flatnonzero(np.diff(stamps) != HOUR_US) + 1
        broken = np.searchsorted(ends, breaks, side="right")
        hourly = np.ones(rows.size, dtype=bool)
        hourly[broken[breaks != ends[broken] - lengths[broken]]] = False
        for index, (row, end, length) in enumerate(
            zip(rows.tolist(), ends.tolist(), lengths.tolist(), strict=True)
        ):
            if row < 0:
                continue
            start = end - length
            since = int(stamps[start]) - self.start_us
            first = since // HOUR_US
            if not hourly[index] or first < 0 or first + length > self.hours:
                self._add_readings(
                    np.full(length, row, dtype=np.int64), unit, stamps[start:end], values[start:end]
                )
                continue
            minute = (since - first * HOUR_US) // MINUTE_US
            for per_row, given in ((self.unit_of, unit), (self.minute_of, minute)):
                if per_row[row] < 0:
                    per_row[row] = given
                elif per_row[row] != given:
                    raise _GiveUpError  # a meter in two units, or readings at different minutes of the hour
            self.line(row)[first : first + length] = values[start:end]
            self.readings[row] += length
        self.lowest = min(self.lowest, lowest)

    def _add_readings(
        self, rows: np.ndarray, units: np.ndarray | int, stamps: np.ndarray, values: np.ndarray
    ) -> None:
        """Any other readings, one by one (vectorised), whatever their order."""
        since = stamps - self.start_us
        hour = since // HOUR_US
        keep = rows >= 0
        inside = keep & (hour >= 0) & (hour < self.hours)
        self.outside_year += int(np.count_nonzero(keep) - np.count_nonzero(inside))
        if not inside.all():
            rows, hour, since, values = rows[inside], hour[inside], since[inside], values[inside]
            if np.ndim(units):
                units = units[inside]  # type: ignore[index]
        if not rows.size:
            return
        self.lowest = min(self.lowest, float(values.min()))
        self.remember(rows, self.unit_of, units)
        self.remember(rows, self.minute_of, (since - hour * HOUR_US) // MINUTE_US)
        self.readings += np.bincount(rows, minlength=MAX_METERS)
        block = rows // BLOCK_METERS
        for index in np.unique(block).tolist():
            chosen = block == index
            flat = self.blocks[index].reshape(-1)
            flat[(rows[chosen] % BLOCK_METERS) * self.hours + hour[chosen]] = values[chosen]

    # --- the finished grid -------------------------------------------------------------------------

    def finish(self) -> HourGrid:
        count = len(self.meters)
        if not count or not self.readings[:count].any():
            raise _GiveUpError  # no readings in the year: the general reader says so
        # each reading fills a cell of its own (else two were in one hour), and a meter with gaps
        # still has two readings an hour apart (else its readings are not hourly)
        for first in range(0, count, BLOCK_METERS):
            block = self.blocks[first // BLOCK_METERS][: min(BLOCK_METERS, count - first)]
            readings = self.readings[first : first + len(block)]
            full = np.isfinite(block.sum(axis=1))  # rows without NaN, found in one pass
            if np.any(full & (readings != self.hours)):
                raise _GiveUpError
            for offset in np.flatnonzero(~full).tolist():
                present = ~np.isnan(block[offset])
                if np.count_nonzero(present) != readings[offset] or (
                    readings[offset] >= 2 and not np.any(present[1:] & present[:-1])
                ):
                    raise _GiveUpError
        return HourGrid(
            hours=self.hours,
            meters=list(self.meters),
            units=[self.unit_names[code] if code >= 0 else "" for code in self.unit_of[:count].tolist()],
            values=[self.line(row) for row in range(count)],
            readings=self.readings[:count].copy(),
            minute_of_hour=self.minute_of[:count].copy(),
            outside_year=self.outside_year,
            lowest=float(self.lowest),
        )


def _query(path: Path, unit: str | None) -> tuple[pl.LazyFrame, str | None]:
    """The readings of one long Parquet file, their times in µs since 1970 (UTC); and the unit of
    its first reading (each reading is marked where its unit is another)."""
    lazy = pl.scan_parquet(path)
    schema = lazy.collect_schema()
    stamp, value = schema.get("timestamp"), schema.get("value")
    if (
        schema.get("meter_id") != pl.String
        or not isinstance(stamp, pl.Datetime)
        or stamp.time_zone is None  # local times: the general reader places them
        or value is None
        or not value.is_numeric()
        or (schema.get("unit") != pl.String and ("unit" in schema or unit is None))
    ):
        raise _GiveUpError
    columns = [
        pl.col("meter_id"),
        pl.col("timestamp").dt.epoch("us").alias("ts"),
        pl.col("value").cast(pl.Float64),
    ]
    first_unit = None
    if "unit" in schema:
        first = lazy.select("unit").head(1).collect()
        if not first.height or first.item() is None:
            raise _GiveUpError  # no readings, or no unit: the general reader says so
        first_unit = first.item()
        columns += [pl.col("unit"), (pl.col("unit") != first_unit).alias("other_unit")]
    return lazy.select(columns), first_unit


def read_hour_grid(
    files: Iterable[tuple[Path, str, str | None, str | None]],
    start_us: int,
    hours: int,
    keep: frozenset[str] | None = None,
) -> HourGrid | None:
    """Read hourly long Parquet files into a grid of meters × hours; None if they need the general reader.

    ``files`` holds (path, layout, timezone, unit) per file as :func:`gia.io.timeseries.read_series`
    takes them; ``start_us`` is the start of the year [µs since 1970, UTC] and ``hours`` its hours;
    ``keep``, if given, the meters to keep (the others are read for checking, then left out).
    """
    grid = _Grid(start_us, hours, keep)
    try:
        for path, layout, _timezone, unit in files:
            if layout != "long" or path.suffix.lower() != ".parquet" or not path.is_file():
                return None
            query, grid.first_unit = _query(path, unit)
            rows = 0
            for batch in query.collect_batches(maintain_order=False):
                rows += batch.height
                grid.add(batch, unit)
            if not rows:
                return None  # the general reader says the file holds no readings
        return grid.finish()
    except (_GiveUpError, pl.exceptions.PolarsError, OSError, ValueError, TypeError):
        return None
