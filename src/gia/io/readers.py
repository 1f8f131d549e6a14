"""Reading meter files (CSV, Parquet; long and wide layouts) into one frame of readings in UTC.

See :mod:`gia.io.timeseries` for the layouts, time zones and units GIA accepts; this module turns a
file into rows of ``meter_id``, ``ts`` (UTC), ``value`` and ``unit``, refusing what is unreadable
with the file's row.
"""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from gia.errors import GiaInputError
from gia.i18n import _

#: a reading above this is refused as implausible (a whole national grid's hour is far below it)
MAX_READING = 1e12
#: the most meters one file may hold (each becomes a year of hours in memory)
MAX_METERS = 50_000
_OFFSET = r"(Z|[+-]\d\d:?\d\d)$"
_HEADER_UNIT = re.compile(r"^(?P<meter>.+?)\s*\[(?P<unit>[^\]]+)\]\s*$")


# --- reading ------------------------------------------------------------------------------------------------


def read_readings(
    path: Path, layout: str = "long", timezone: str | None = None, unit: str | None = None
) -> pl.DataFrame:
    """Read a file into long form: ``meter_id``, ``ts`` (UTC, µs), ``value`` (float), ``unit``, ``row``.

    ``row`` is the reading's row in the file (the first data row of a CSV file is row 2). Problems
    with the file or a row (unreadable, missing columns, a value that is no finite number, a time
    that is no time or does not exist) raise :class:`GiaInputError` naming the file and the row.
    """
    name = str(path)
    if layout not in ("long", "wide"):
        raise GiaInputError(name, [("", _("layout is long or wide, not {layout!r}").format(layout=layout))])
    if not path.is_file():
        raise GiaInputError(name, [("", _("file not found"))])
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame, first_row = _read_parquet(path, layout), 1
        elif suffix == ".csv":
            frame, first_row = _read_csv(path), 2
        else:
            raise GiaInputError(
                name,
                [("", _("unsupported file type {suffix!r}; use .csv or .parquet").format(suffix=suffix))],
            )
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise GiaInputError(
            name, [("", _("cannot read the file: {error}").format(error=str(exc).splitlines()[0]))]
        ) from None
    if layout == "wide":  # file rows are lost in the unpivot: keep them in a column
        frame = _wide_to_long(frame.with_row_index("row", offset=first_row), name, unit)
    missing = [c for c in ("meter_id", "timestamp", "value") if c not in frame.columns]
    if missing:
        raise GiaInputError(
            name,
            [
                (
                    "",
                    _("missing columns: {columns} (found: {found})").format(
                        columns=", ".join(missing), found=", ".join(c for c in frame.columns if c != "row")
                    ),
                )
            ],
        )
    if not frame.height:
        raise GiaInputError(name, [("", _("the file holds no readings"))])
    if "unit" not in frame.columns:
        if unit is None:
            raise GiaInputError(name, [("", _("no unit column: give the unit of the file"))])
        frame = frame.with_columns(pl.lit(unit).alias("unit"))
    row = [pl.col("row")] if "row" in frame.columns else []
    frame = frame.select(
        *row, _text(frame, "meter_id"), pl.col("timestamp"), pl.col("value"), _text(frame, "unit")
    )
    for column in ("meter_id", "unit"):
        empty = _bad_rows(frame, pl.col(column).is_null(), first_row)
        if empty.height:
            raise GiaInputError(
                name,
                [
                    (
                        _("row {row}").format(row=empty.item(0, "row")),
                        _("no {column} ({count} such rows)").format(column=column, count=empty.height),
                    )
                ],
            )
    frame = _parse_values(frame, name, first_row)
    return _parse_timestamps(frame, name, timezone, first_row)


def _bad_rows(frame: pl.DataFrame, condition: pl.Expr, first_row: int) -> pl.DataFrame:
    """The rows that meet ``condition``, with their row in the file (numbered only when there are any)."""
    if not frame.select(condition.any()).item():
        return frame.clear()
    numbered = frame if "row" in frame.columns else frame.with_row_index("row", offset=first_row)
    return numbered.filter(condition)


def _read_csv(path: Path) -> pl.DataFrame:
    """All columns as text; semicolon-separated files with decimal commas are recognised."""
    with path.open(encoding="utf-8-sig") as handle:
        header = handle.readline()
    separator = ";" if header.count(";") > header.count(",") else ","
    frame = pl.read_csv(path, infer_schema=False, separator=separator)
    if separator == ";":  # decimal commas: in the value column, or in every meter column of a wide file
        numbers = ["value"] if "meter_id" in frame.columns else frame.columns[1:]
        frame = frame.with_columns(
            pl.col(c).str.replace(",", ".", literal=True) for c in numbers if c in frame.columns
        )
    return frame


def _read_parquet(path: Path, layout: str) -> pl.DataFrame:
    """Read a Parquet file; in long layout the meter and unit columns become enumerations (a code a
    row, not a text): one pass finds the distinct meters and units, a second reads with them."""
    lazy = pl.scan_parquet(path)
    schema = lazy.collect_schema()
    columns = [c for c in ("meter_id", "unit") if layout == "long" and schema.get(c) == pl.String]
    if not columns:
        return lazy.collect()
    distinct = lazy.select(pl.col(c).unique().drop_nulls().sort().implode() for c in columns).collect()
    names = {c: distinct.get_column(c)[0].to_list() for c in columns}
    if len(names.get("meter_id", ())) > MAX_METERS:
        raise GiaInputError(
            str(path),
            [
                (
                    "",
                    _("{count} meters in one file; at most {limit}").format(
                        count=len(names["meter_id"]), limit=MAX_METERS
                    ),
                )
            ],
        )
    return lazy.with_columns(pl.col(c).cast(pl.Enum(names[c])) for c in columns).collect()


def _text(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A meter or unit column as text, or left as it is when it is already an enumeration."""
    return pl.col(column) if isinstance(frame.schema[column], pl.Enum) else pl.col(column).cast(pl.String)


def _wide_to_long(frame: pl.DataFrame, name: str, unit: str | None) -> pl.DataFrame:
    columns = [c for c in frame.columns if c != "row"]
    time_column = "timestamp" if "timestamp" in columns else columns[0]
    meters = [c for c in columns if c != time_column]
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
                pl.col("row"),
                pl.lit(meter).alias("meter_id"),
                pl.col(time_column).alias("timestamp"),
                pl.col(column).alias("value"),
                pl.lit(column_unit).alias("unit"),
            )
        )
    return pl.concat(parts, how="vertical_relaxed")


def _parse_values(frame: pl.DataFrame, name: str, first_row: int) -> pl.DataFrame:
    """Values as finite numbers; empty, non-numeric, infinite or implausibly large ones are refused by row."""
    kind = frame.schema["value"]
    if kind == pl.String:
        frame = frame.with_columns(
            pl.col("value").str.strip_chars().cast(pl.Float64, strict=False).alias("number")
        )
    elif kind == pl.Float64:
        frame = frame.rename({"value": "number"}).with_columns(pl.col("number").alias("value"))
    elif kind.is_numeric():
        frame = frame.with_columns(pl.col("value").cast(pl.Float64).alias("number"))
    else:
        raise GiaInputError(
            name, [("", _("the value column must hold numbers, not {kind}").format(kind=kind))]
        )
    number = pl.col("number")
    bad = _bad_rows(frame, number.is_null() | ~number.is_finite() | (number.abs() > MAX_READING), first_row)
    if bad.height:
        first = bad.row(0, named=True)
        shown = first["value"] if first["value"] not in (None, "") else _("(empty)")
        raise GiaInputError(
            name,
            [
                (
                    _("row {row}, meter {meter}").format(row=first["row"], meter=first["meter_id"]),
                    _("{value!r} is not a plausible finite number ({count} such rows)").format(
                        value=shown, count=bad.height
                    ),
                )
            ],
        )
    return frame.drop("value").rename({"number": "value"})


def _parse_timestamps(frame: pl.DataFrame, name: str, timezone: str | None, first_row: int) -> pl.DataFrame:
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
        return _localise(
            frame.rename({"timestamp": "local"}).with_columns(pl.col("local").dt.cast_time_unit("us")),
            name,
            timezone,
        )
    if kind != pl.String:
        raise GiaInputError(name, [("", _("the timestamp column must hold dates and times"))])
    if (
        "row" not in frame.columns
        and not frame.select(pl.col("timestamp").str.contains(_OFFSET).all()).item()
    ):
        frame = frame.with_row_index("row", offset=first_row)  # mixed or local times: rows for messages
    text = frame.with_columns(pl.col("timestamp").str.strip_chars())
    has_offset = pl.col("timestamp").str.contains(_OFFSET)
    if "row" not in text.columns:  # every timestamp has its offset: parse in place
        parsed = text.with_columns(
            pl.col("timestamp").str.to_datetime(time_zone="UTC", time_unit="us", strict=False).alias("ts")
        )
        _refuse_unparsed(parsed, name, "ts", first_row)
        return parsed.drop("timestamp")
    with_offset = text.filter(has_offset)
    without = text.filter(~has_offset)
    parts = []
    if with_offset.height:
        parsed = with_offset.with_columns(
            pl.col("timestamp").str.to_datetime(time_zone="UTC", time_unit="us", strict=False).alias("ts")
        )
        _refuse_unparsed(parsed, name, "ts", first_row)
        parts.append(parsed.drop("timestamp"))
    if without.height:
        if timezone is None:
            first = without.row(0, named=True)
            raise GiaInputError(
                name,
                [
                    (
                        _("row {row}, meter {meter}").format(row=first["row"], meter=first["meter_id"]),
                        _(
                            "{timestamp!r} has no UTC offset: give the file's timezone (e.g. Europe/Berlin) or write offsets ({count} such rows)"
                        ).format(timestamp=first["timestamp"], count=without.height),
                    )
                ],
            )
        parsed = without.with_columns(
            pl.col("timestamp").str.to_datetime(time_unit="us", strict=False).alias("local")
        )
        _refuse_unparsed(parsed, name, "local", first_row)
        parts.append(_localise(parsed.drop("timestamp"), name, timezone))
    merged = pl.concat(parts, how="diagonal_relaxed") if len(parts) > 1 else parts[0]
    return merged.drop("local", "row", strict=False)


def _refuse_unparsed(frame: pl.DataFrame, name: str, column: str, first_row: int) -> None:
    bad = _bad_rows(frame, pl.col(column).is_null(), first_row)
    if bad.height:
        first = bad.row(0, named=True)
        raise GiaInputError(
            name,
            [
                (
                    _("row {row}, meter {meter}").format(row=first["row"], meter=first["meter_id"]),
                    _(
                        "{timestamp!r} is not a date and time such as 2024-01-31T13:00:00+01:00 ({count} such rows)"
                    ).format(timestamp=first["timestamp"], count=bad.height),
                )
            ],
        )


def _localise(frame: pl.DataFrame, name: str, timezone: str) -> pl.DataFrame:
    """Local wall-clock times → UTC; the repeated autumn hour in file order; the missing spring hour refused."""
    try:
        ZoneInfo(timezone)
    except (ValueError, KeyError):
        raise GiaInputError(
            name, [("", _("unknown timezone {timezone!r}").format(timezone=timezone))]
        ) from None
    # readings are in file order (a wide file's meter after meter): the n-th time a meter shows the
    # same local time is its n-th occurrence
    frame = frame.with_columns(pl.int_range(pl.len()).over(["meter_id", "local"]).alias("occurrence"))
    earliest = pl.col("local").dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
    latest = pl.col("local").dt.replace_time_zone(timezone, ambiguous="latest", non_existent="null")
    frame = frame.with_columns(
        pl.when(pl.col("occurrence") == 0)
        .then(earliest)
        .otherwise(latest)
        .dt.convert_time_zone("UTC")
        .alias("ts")
    )
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
    return frame.drop("occurrence")
