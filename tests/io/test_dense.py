"""Hourly Parquet files read in one pass (gia.io.dense) give exactly what the general reader gives.

Every case is read twice through :func:`read_series`: as it reads (straight into dense arrays where
it can) and with the dense reader switched off, so that everything goes the general way. Series,
counts and every message (meter, time, row) must be the same; where the dense reader is expected
to do the work, the test checks that it did.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia.errors import GiaInputError
from gia.io import timeseries
from gia.io.timeseries import hours_in_year, read_series, year_start

HOUR_US = 3_600_000_000
UTC_START = int(year_start(2024).timestamp() * 1_000_000)
HOURS = hours_in_year(2024)


def readings(meters=("m1", "m2", "pv"), units=None, offset_us=0, seed=1, start_us=UTC_START, hours=HOURS):
    """A full year of hourly readings for each meter, meter after meter, as a frame of plain columns."""
    rng = np.random.default_rng(seed)
    stamps = start_us + offset_us + np.arange(hours, dtype=np.int64) * HOUR_US
    parts = []
    for index, meter in enumerate(meters):
        unit = (units or {}).get(meter, "kWh")
        parts.append(
            pl.DataFrame(
                {
                    "meter_id": [meter] * hours,
                    "timestamp": stamps,
                    "value": np.round(rng.uniform(0, 100 * (index + 1), hours), 3),
                    "unit": [unit] * hours,
                }
            )
        )
    return pl.concat(parts)


def write(frame, path, time_unit="us"):
    """Write ``frame`` (timestamps as µs since 1970) as a Parquet file with UTC timestamps."""
    frame.with_columns(
        pl.col("timestamp").cast(pl.Datetime("us", "UTC")).dt.cast_time_unit(time_unit)
    ).write_parquet(path)
    return path


def summary(series):
    meters = [
        (
            name,
            data.unit_kind,
            data.values.tobytes(),
            data.readings,
            data.interval_minutes,
            data.negatives,
            data.first_negative,
            data.filled_hours,
            data.fill_rule,
        )
        for name, data in series.meters.items()
    ]
    return (series.year, series.timezone, meters, series.problems, series.outside_year, series.outside_only)


def outcome(files, *args, **kwargs):
    try:
        return ("read", summary(read_series(files, *args, **kwargs)))
    except GiaInputError as error:
        return ("refused", error.source, error.problems)


def compare(monkeypatch, files, year=2024, timezone="UTC", *, dense=True, **kwargs):
    """Both ways' outcome (they must be the same); ``dense``: whether the dense reader must do the work."""
    files = [file if isinstance(file, tuple) else (file, "long", None, None) for file in files]
    taken = timeseries._dense_series(files, year, timezone, kwargs.get("meters")) is not None
    assert taken == dense
    fast = outcome(files, year, timezone, **kwargs)
    with monkeypatch.context() as patched:
        patched.setattr(timeseries, "_dense_series", lambda *_args: None)
        general = outcome(files, year, timezone, **kwargs)
    assert fast == general
    return fast


def test_a_plain_file_is_read_densely_and_alike(tmp_path, monkeypatch):
    path = write(readings(units={"m2": "MWh"}), tmp_path / "s.parquet")
    kind, (_year, _zone, meters, *_rest) = compare(monkeypatch, [path], 2024)
    assert kind == "read"
    assert [m[0] for m in meters] == ["m1", "m2", "pv"]


@pytest.mark.parametrize(
    "order", ["time", "shuffled"], ids=["sorted by time, then meter", "in no order at all"]
)
def test_any_order_of_readings(tmp_path, monkeypatch, order):
    frame = readings()
    frame = frame.sort("timestamp", "meter_id") if order == "time" else frame.sample(fraction=1.0, seed=3)
    assert compare(monkeypatch, [write(frame, tmp_path / "s.parquet")], 2024)[0] == "read"


def test_a_meter_spread_over_files_and_meters_left_out(tmp_path, monkeypatch):
    frame = readings(meters=("m1", "m2", "spare"))
    first = write(frame.filter(pl.col("timestamp") < UTC_START + 4000 * HOUR_US), tmp_path / "a.parquet")
    second = write(frame.filter(pl.col("timestamp") >= UTC_START + 4000 * HOUR_US), tmp_path / "b.parquet")
    kind, (_year, _zone, meters, *_rest) = compare(
        monkeypatch, [first, second], 2024, meters=frozenset({"m1", "m2"})
    )
    assert kind == "read"
    assert [m[0] for m in meters] == ["m1", "m2"]


def test_readings_outside_the_year_are_counted_and_a_meter_with_no_other_is_named(tmp_path, monkeypatch):
    frame = pl.concat(
        [
            readings(meters=("m1",), start_us=UTC_START - 5 * HOUR_US, hours=HOURS + 9),
            readings(meters=("old",), start_us=UTC_START - 100 * HOUR_US, hours=50),
        ]
    )
    kind, (_year, _zone, _meters, _problems, outside, outside_only) = compare(
        monkeypatch, [write(frame, tmp_path / "s.parquet")], 2024
    )
    assert kind == "read"
    assert (outside, outside_only) == (5 + 4 + 50, {"old"})


def test_local_year_with_readings_at_half_past_and_in_milliseconds(tmp_path, monkeypatch):
    start = int(year_start(2024, "Europe/Berlin").timestamp() * 1_000_000)
    frame = readings(start_us=start, offset_us=30 * 60_000_000, hours=HOURS)
    path = write(frame, tmp_path / "s.parquet", time_unit="ms")
    assert compare(monkeypatch, [path], 2024, "Europe/Berlin")[0] == "read"


def test_power_shares_and_a_file_without_unit_column(tmp_path, monkeypatch):
    frame = readings(meters=("press", "grid"), units={"press": "kW", "grid": "%"})
    frame = frame.with_columns(
        pl.when(pl.col("meter_id") == "grid")
        .then(pl.col("value") / 4)
        .otherwise(pl.col("value"))
        .alias("value")
    )
    assert compare(monkeypatch, [write(frame, tmp_path / "s.parquet")], 2024)[0] == "read"
    bare = write(readings(meters=("m1",)).drop("unit"), tmp_path / "bare.parquet")
    assert compare(monkeypatch, [(bare, "long", None, "MWh")], 2024)[0] == "read"


def test_negative_readings_name_the_first_and_storage_may_have_them(tmp_path, monkeypatch):
    frame = readings().with_columns(
        pl.when((pl.col("meter_id") == "m2") & (pl.int_range(pl.len()) % 1000 == 7))
        .then(-pl.col("value") - 1)
        .otherwise(pl.col("value"))
        .alias("value")
    )
    path = write(frame, tmp_path / "s.parquet")
    kind, _source, problems = compare(monkeypatch, [path], 2024)
    assert kind == "refused"
    assert problems[0][0] == "m2 2024-01-10T07:00:00+00:00"  # row 9 007: m2's hour 223
    assert compare(monkeypatch, [path], 2024, may_be_negative=frozenset({"m2"}))[0] == "read"


def test_gaps_are_refused_or_filled_alike(tmp_path, monkeypatch):
    frame = readings().filter(
        ~(
            (pl.col("meter_id") == "m1")
            & pl.col("timestamp").is_between(UTC_START + 100 * HOUR_US, UTC_START + 103 * HOUR_US)
        )
    )
    path = write(frame, tmp_path / "s.parquet")
    assert compare(monkeypatch, [path], 2024)[0] == "refused"
    assert compare(monkeypatch, [path], 2024, on_gaps="fill")[0] == "read"


@pytest.mark.parametrize(
    "spoil",
    [
        "duplicate",
        "mixed_units",
        "unit_spelled_twice",
        "unknown_unit",
        "quarter_hours",
        "every_two_hours",
        "null_value",
        "nan_value",
        "huge_value",
        "null_meter",
        "local_times",
        "share_above_100",
        "empty",
    ],
)
def test_anything_unusual_goes_the_general_way_with_the_same_messages(tmp_path, monkeypatch, spoil):
    frame = readings(meters=("m1", "m2"))
    first_m2 = pl.col("meter_id") == "m2"
    row = pl.int_range(pl.len()) == HOURS + 10  # m2's eleventh reading
    if spoil == "duplicate":
        frame = pl.concat([frame, frame.slice(HOURS + 10, 1)])
    elif spoil in ("mixed_units", "unit_spelled_twice", "unknown_unit"):
        other = {"mixed_units": "MWh", "unit_spelled_twice": " kwh", "unknown_unit": "kg"}[spoil]
        frame = frame.with_columns(pl.when(row).then(pl.lit(other)).otherwise(pl.col("unit")).alias("unit"))
    elif spoil == "quarter_hours":
        frame = pl.concat(
            [frame, frame.slice(HOURS + 10, 1).with_columns(pl.col("timestamp") + 15 * 60_000_000)]
        )
    elif spoil == "every_two_hours":
        frame = frame.filter(~first_m2 | (pl.int_range(pl.len()) % 2 == 0))
    elif spoil in ("null_value", "nan_value", "huge_value"):
        bad = {"null_value": None, "nan_value": float("nan"), "huge_value": 5e13}[spoil]
        frame = frame.with_columns(
            pl.when(row).then(pl.lit(bad, pl.Float64)).otherwise(pl.col("value")).alias("value")
        )
    elif spoil == "null_meter":
        frame = frame.with_columns(pl.when(row).then(None).otherwise(pl.col("meter_id")).alias("meter_id"))
    elif spoil == "share_above_100":
        frame = frame.with_columns(
            pl.lit("share").alias("unit"), pl.col("value") / 200 + pl.when(row).then(1).otherwise(0)
        )
    elif spoil == "empty":
        frame = frame.clear()
    if spoil == "local_times":
        frame.with_columns(pl.col("timestamp").cast(pl.Datetime("us"))).write_parquet(tmp_path / "s.parquet")
        files = [(tmp_path / "s.parquet", "long", "UTC", None)]
    else:
        files = [write(frame, tmp_path / "s.parquet")]
    kind, *_rest = compare(monkeypatch, files, 2024, dense=False)
    assert kind == ("read" if spoil in ("unit_spelled_twice", "local_times") else "refused")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    meters=st.integers(1, 3),
    units=st.lists(st.sampled_from(["kWh", "MWh", "kW", "Wh"]), min_size=3, max_size=3),
    order=st.sampled_from(["meter", "time", "shuffled"]),
    split=st.booleans(),
    negatives=st.integers(0, 2),
    duplicates=st.integers(0, 1),
    dropped=st.integers(0, 8),
    outside=st.integers(0, 3),
    half_past=st.booleans(),
    fill=st.booleans(),
    leave_out=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_random_files_read_alike(
    tmp_path_factory,
    monkeypatch,
    meters,
    units,
    order,
    split,
    negatives,
    duplicates,
    dropped,
    outside,
    half_past,
    fill,
    leave_out,
    seed,
):
    names = [f"m{i}" for i in range(meters)]
    frame = readings(
        meters=names,
        units=dict(zip(names, units, strict=False)),
        seed=seed,
        offset_us=(30 * 60_000_000 if half_past else 0),
    )
    rng = np.random.default_rng(seed)
    spoiled = rng.choice(frame.height, size=negatives + dropped + duplicates, replace=False)
    values = frame.get_column("value").to_numpy().copy()
    values[spoiled[:negatives]] = -1.0
    frame = frame.with_columns(pl.Series("value", values))
    frame = pl.concat([frame, frame[spoiled[negatives + dropped :].tolist()]])
    frame = frame.filter(~pl.int_range(pl.len()).is_in(spoiled[negatives : negatives + dropped].tolist()))
    if outside:
        frame = pl.concat([frame, frame.head(outside).with_columns(pl.col("timestamp") - 400 * 24 * HOUR_US)])
    if order == "time":
        frame = frame.sort("timestamp", "meter_id", maintain_order=True)
    elif order == "shuffled":
        frame = frame.sample(fraction=1.0, seed=seed)
    folder = tmp_path_factory.mktemp("random")
    if split:
        files = [
            write(frame.head(frame.height // 2), folder / "a.parquet"),
            write(frame.tail(frame.height - frame.height // 2), folder / "b.parquet"),
        ]
    else:
        files = [write(frame, folder / "s.parquet")]
    keep = frozenset(names[1:]) if leave_out and meters > 1 else None  # m0 is read, then left out
    doubled = {names[int(index) // HOURS] for index in spoiled[negatives + dropped :]}
    dense = not (doubled & (keep or set(names)))  # two readings in an hour of a kept meter: the general way
    compare(monkeypatch, files, 2024, dense=dense, on_gaps="fill" if fill else "refuse", meters=keep)


def test_the_bench_layout_sorted_by_meter_with_many_meters(tmp_path, monkeypatch):
    # more meters than one block of the grid holds, a few hours each year being outside the file
    frame = readings(meters=[f"c{i:04d}" for i in range(300)], hours=48)
    kind, _source, problems = compare(monkeypatch, [write(frame, tmp_path / "s.parquet")], 2024)
    assert kind == "refused"  # 48 hours of a year: gaps, named alike for each meter
    assert len(problems) == 300
    assert dt.datetime.fromisoformat(problems[0][0].split()[1]) == dt.datetime(2024, 1, 3, tzinfo=dt.UTC)
