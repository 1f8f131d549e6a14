"""Reading meter series: daylight saving, resampling, gaps, duplicates, units, layouts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gia.errors import GiaInputError
from gia.io.timeseries import fill_gaps, gap_problems, read_readings, read_series, resample

BERLIN = ZoneInfo("Europe/Berlin")


def write_long(path, rows):
    pl.DataFrame(rows, schema=["meter_id", "timestamp", "value", "unit"], orient="row").write_csv(path)
    return path


def utc_hours(year=2024, timezone="UTC"):
    """Every hour of the year in the area's local time, as UTC instants."""
    start = dt.datetime(year, 1, 1, tzinfo=ZoneInfo(timezone)).astimezone(dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=ZoneInfo(timezone)).astimezone(dt.UTC)
    hours = int((end - start).total_seconds() // 3600)
    return [start + dt.timedelta(hours=h) for h in range(hours)]


def test_fifteen_minute_energy_is_summed_to_hours(tmp_path):
    rows = [("energy", f"2024-01-01T00:{m:02d}:00Z", "0.25", "kWh") for m in (0, 15, 30, 45)]
    rows += [
        ("power", f"2024-01-01T00:{m:02d}:00Z", "4", "kW") for m in (0, 15, 30, 45)
    ]  # 4 kW for 15 min = 1 kWh
    rows += [("power", f"2024-01-01T01:{m:02d}:00Z", "2", "kW") for m in (0, 15)]  # half an hour only
    series = resample(read_readings(write_long(tmp_path / "q.csv", rows)), 2024, "q.csv")
    assert [p.kind for p in series.problems] == ["incomplete_hour"]
    assert series.problems[0].meter == "power"
    complete = [r for r in rows if not r[1].startswith("2024-01-01T01")]
    series = resample(read_readings(write_long(tmp_path / "q2.csv", complete)), 2024, "q2.csv")
    assert series.meters["energy"].interval_minutes == 15
    assert series.meters["energy"].values[0] == pytest.approx(1.0)
    assert series.meters["power"].values[0] == pytest.approx(4.0)
    assert np.isnan(series.meters["power"].values[1])


def test_spring_forward_day_has_23_local_hours_and_the_missing_hour_is_refused(tmp_path):
    # local Berlin times of 31 March 2024: 02:00–02:59 does not exist
    day = [dt.datetime(2024, 3, 31, h) for h in range(24) if h != 2]
    rows = [("m", t.strftime("%Y-%m-%d %H:%M"), "1", "kWh") for t in day]
    frame = read_readings(write_long(tmp_path / "spring.csv", rows), timezone="Europe/Berlin")
    stamps = frame.get_column("ts").to_list()
    assert len(stamps) == 23
    assert stamps[1] == dt.datetime(2024, 3, 31, 0, 0, tzinfo=dt.UTC)  # 01:00 CET
    assert stamps[2] == dt.datetime(2024, 3, 31, 1, 0, tzinfo=dt.UTC)  # 03:00 CEST
    bad = [*rows, ("m", "2024-03-31 02:30", "1", "kWh")]
    with pytest.raises(GiaInputError) as caught:
        read_readings(write_long(tmp_path / "bad.csv", bad), timezone="Europe/Berlin")
    place, message = caught.value.problems[0]
    assert place == "meter m, 2024-03-31 02:30:00"
    assert "does not exist" in message


def test_fall_back_day_reads_the_repeated_hour_in_file_order(tmp_path):
    # local Berlin times of 27 October 2024: 02:00 occurs twice (CEST, then CET): 25 hours
    local = [dt.datetime(2024, 10, 27, h) for h in range(24)]
    local.insert(3, dt.datetime(2024, 10, 27, 2))
    rows = [("m", t.strftime("%Y-%m-%d %H:%M"), "1", "kWh") for t in local]
    frame = read_readings(write_long(tmp_path / "autumn.csv", rows), timezone="Europe/Berlin")
    stamps = frame.get_column("ts").to_list()
    assert len(set(stamps)) == 25
    assert stamps[2] == dt.datetime(2024, 10, 27, 0, 0, tzinfo=dt.UTC)  # 02:00 CEST
    assert stamps[3] == dt.datetime(2024, 10, 27, 1, 0, tzinfo=dt.UTC)  # 02:00 CET
    # a third 02:00 is a duplicate
    tripled = [*rows[:4], ("m", "2024-10-27 02:00", "1", "kWh"), *rows[4:]]
    series = resample(
        read_readings(write_long(tmp_path / "three.csv", tripled), timezone="Europe/Berlin"),
        2024,
        "x",
        "Europe/Berlin",
    )
    assert [p.kind for p in series.problems] == ["duplicate"]
    assert series.problems[0].meter == "m"


def test_the_year_runs_in_local_time_with_its_hours(tmp_path):
    hours = utc_hours(2024, "Europe/Warsaw")
    assert len(hours) == 8784
    rows = [("m", t.isoformat(), "1", "kWh") for t in hours]
    rows.append(("m", (hours[-1] + dt.timedelta(hours=1)).isoformat(), "1", "kWh"))  # already 2025 locally
    series = read_series([(write_long(tmp_path / "y.csv", rows), "long", None, None)], 2024, "Europe/Warsaw")
    assert series.meters["m"].hours_with_data == 8784
    assert series.outside_year == 1


def full_year_with_gaps(tmp_path, missing, value=lambda i: float(i % 24)):
    hours = utc_hours()
    rows = [("m", t.isoformat(), str(value(i)), "kWh") for i, t in enumerate(hours) if i not in missing]
    return write_long(tmp_path / "gaps.csv", rows)


def test_gaps_are_refused_with_meter_and_time(tmp_path):
    path = full_year_with_gaps(tmp_path, {100, 101, 102})
    with pytest.raises(GiaInputError) as caught:
        read_series([(path, "long", None, None)], 2024)
    place, message = caught.value.problems[0]
    assert place == "m 2024-01-05T04:00:00+00:00"
    assert message.startswith("3 hours without readings")


def test_gaps_are_filled_by_the_documented_rule_and_recorded(tmp_path):
    # a series without daily or weekly period (value = hour index), so only the stated rule fits:
    # hours 100–102 are linear between hours 99 and 103; hours 2000–2029 take the week before
    missing = {100, 101, 102} | set(range(2000, 2030))
    series = resample(read_readings(full_year_with_gaps(tmp_path, missing, value=float)), 2024, "gaps.csv")
    assert fill_gaps(series) == []
    meter = series.meters["m"]
    assert gap_problems(series) == []
    assert meter.filled_hours == 33
    assert list(meter.values[100:103]) == pytest.approx([100.0, 101.0, 102.0])
    assert list(meter.values[2000:2030]) == pytest.approx([float(h - 168) for h in range(2000, 2030)])
    assert "interpolated" in meter.fill_rule


def test_too_much_missing_is_not_filled(tmp_path):
    # a half-year file: 4 392 hours missing, far beyond the 14-day and 10 % limits
    series = resample(read_readings(full_year_with_gaps(tmp_path, set(range(4392, 8784)))), 2024, "half.csv")
    refused = fill_gaps(series)
    assert [p.kind for p in refused] == ["gap_too_large"]
    assert series.meters["m"].filled_hours == 0


def test_a_meter_may_span_several_files(tmp_path):
    hours = utc_hours()
    first = write_long(tmp_path / "h1.csv", [("m", t.isoformat(), "1", "kWh") for t in hours[:4000]])
    second = write_long(tmp_path / "h2.csv", [("m", t.isoformat(), "1", "kWh") for t in hours[4000:]])
    series = read_series([(first, "long", None, None), (second, "long", None, None)], 2024)
    assert series.meters["m"].hours_with_data == 8784
    overlap = write_long(tmp_path / "h3.csv", [("m", hours[10].isoformat(), "1", "kWh")])
    with pytest.raises(GiaInputError, match="two readings for the same time"):
        read_series(
            [(first, "long", None, None), (second, "long", None, None), (overlap, "long", None, None)], 2024
        )


def test_negative_energy_is_refused_except_for_storage(tmp_path):
    rows = [("m", t.isoformat(), "-1" if i == 5 else "1", "kWh") for i, t in enumerate(utc_hours())]
    path = write_long(tmp_path / "neg.csv", rows)
    with pytest.raises(GiaInputError) as caught:
        read_series([(path, "long", None, None)], 2024)
    assert caught.value.problems[0] == (
        "m 2024-01-01T05:00:00+00:00",
        "1 negative readings: energy cannot be negative",
    )
    assert (
        read_series([(path, "long", None, None)], 2024, may_be_negative=frozenset({"m"}))
        .meters["m"]
        .negatives
        == 1
    )


def test_unit_mismatch_and_unknown_units(tmp_path):
    rows = [("m", "2024-01-01T00:00:00Z", "1", "kWh"), ("m", "2024-01-01T01:00:00Z", "1", "MWh")]
    series = resample(read_readings(write_long(tmp_path / "mixed.csv", rows)), 2024, "mixed.csv")
    assert [p.kind for p in series.problems] == ["unit_mismatch"]
    with pytest.raises(GiaInputError, match="unknown unit 'kg'"):
        resample(
            read_readings(write_long(tmp_path / "kg.csv", [("m", "2024-01-01T00:00:00Z", "1", "kg")])),
            2024,
            "kg.csv",
        )


def test_bad_values_and_timestamps_name_their_row(tmp_path):
    rows = [("m", "2024-01-01T00:00:00Z", "1", "kWh"), ("m", "2024-01-01T01:00:00Z", "one", "kWh")]
    with pytest.raises(GiaInputError) as caught:
        read_readings(write_long(tmp_path / "v.csv", rows))
    assert caught.value.problems[0][0] == "row 3, meter m"
    with pytest.raises(GiaInputError, match="no UTC offset"):
        read_readings(write_long(tmp_path / "t.csv", [("m", "2024-01-01 00:00", "1", "kWh")]))
    with pytest.raises(GiaInputError, match="not a date and time"):
        read_readings(write_long(tmp_path / "x.csv", [("m", "yesterday+01:00", "1", "kWh")]))


def test_wide_utility_export_with_units_in_the_header(tmp_path):
    frame = pl.DataFrame(
        {
            "timestamp": ["2024-01-01T00:00:00+01:00", "2024-01-01T01:00:00+01:00"],
            "press-hall [kWh]": [5.0, 6.0],
            "pv-roof [MWh]": [0.0, 0.002],
        }
    )
    frame.write_parquet(tmp_path / "wide.parquet")
    series = resample(read_readings(tmp_path / "wide.parquet", layout="wide"), 2024, "wide", "Europe/Berlin")
    assert list(series.meters) == ["press-hall", "pv-roof"]
    assert series.meters["pv-roof"].values[1] == pytest.approx(2.0)


def test_parquet_with_timezone_aware_timestamps(tmp_path):
    stamps = utc_hours()[:3]
    pl.DataFrame(
        {"meter_id": ["m"] * 3, "timestamp": stamps, "value": [1.0, 2.0, 3.0], "unit": ["kWh"] * 3}
    ).write_parquet(tmp_path / "p.parquet")
    series = resample(read_readings(tmp_path / "p.parquet"), 2024, "p")
    assert list(series.meters["m"].values[:3]) == [1.0, 2.0, 3.0]


def test_missing_columns_and_files(tmp_path):
    pl.DataFrame({"meter": ["m"], "time": ["x"]}).write_csv(tmp_path / "c.csv")
    with pytest.raises(GiaInputError, match="missing columns: meter_id, timestamp, value"):
        read_readings(tmp_path / "c.csv")
    with pytest.raises(GiaInputError, match="file not found"):
        read_readings(tmp_path / "none.parquet")


def test_unit_mismatch_is_found_among_many_meters(tmp_path):
    # 300 meters (codes beyond one byte); only m299 mixes kWh and MWh; "kwh" spelled in lower case is the same unit
    rows = [(f"m{i:03d}", "2024-01-01T00:00:00Z", "1", "kWh" if i % 2 else "kwh") for i in range(300)]
    rows.append(("m299", "2024-01-01T01:00:00Z", "1", "MWh"))
    series = resample(read_readings(write_long(tmp_path / "many.csv", rows)), 2024, "many.csv")
    assert [(p.meter, p.kind) for p in series.problems] == [("m299", "unit_mismatch")]
    assert series.problems[0].timestamp == "2024-01-01T01:00:00+00:00"


@pytest.mark.parametrize(
    ("value", "shown"), [("inf", "'inf'"), ("1e400", "'1e400'"), ("", "'(empty)'"), ("5e13", "'5e13'")]
)
def test_values_that_are_no_plausible_number_are_refused_by_row(tmp_path, value, shown):
    rows = [("m", "2024-01-01T00:00:00Z", "1", "kWh"), ("m", "2024-01-01T01:00:00Z", value, "kWh")]
    with pytest.raises(GiaInputError) as caught:
        read_readings(write_long(tmp_path / "v.csv", rows))
    place, message = caught.value.problems[0]
    assert place == "row 3, meter m"
    assert message.startswith(shown)


def test_a_file_without_readings_is_refused(tmp_path):
    (tmp_path / "empty.csv").write_text("meter_id,timestamp,value,unit\n", encoding="utf-8")
    with pytest.raises(GiaInputError, match="holds no readings"):
        read_readings(tmp_path / "empty.csv")


def test_grid_share_in_percent_and_out_of_range(tmp_path):
    rows = [("grid", "2024-01-01T00:00:00Z", "62", "%"), ("grid", "2024-01-01T01:00:00Z", "-5", "%")]
    series = resample(read_readings(write_long(tmp_path / "g.csv", rows)), 2024, "g.csv")
    assert [(p.kind, p.timestamp) for p in series.problems] == [("share_range", "2024-01-01T01:00:00+00:00")]
    fine = resample(read_readings(write_long(tmp_path / "g2.csv", rows[:1])), 2024, "g2.csv")
    assert fine.meters["grid"].values[0] == pytest.approx(0.62)


def test_semicolon_export_with_decimal_commas_in_local_time(tmp_path):
    # a German utility export: semicolons, decimal commas, day-first dates in local time, the
    # repeated autumn hour in file order
    path = tmp_path / "export.csv"
    path.write_text(
        "Zeitstempel;Halle 1 [kWh];PV [kWh]\n27.10.2024 01:00;1,5;0\n27.10.2024 02:00;2,5;0\n27.10.2024 02:00;3,5;0\n",
        encoding="utf-8",
    )
    frame = read_readings(path, layout="wide", timezone="Europe/Berlin")
    hall = frame.filter(pl.col("meter_id") == "Halle 1")
    assert hall.get_column("value").to_list() == [1.5, 2.5, 3.5]
    assert hall.get_column("ts").to_list() == [
        dt.datetime(2024, 10, 26, 23, 0, tzinfo=dt.UTC),
        dt.datetime(2024, 10, 27, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2024, 10, 27, 1, 0, tzinfo=dt.UTC),
    ]


def test_rows_are_numbered_as_in_the_file(tmp_path):
    pl.DataFrame(
        {
            "meter_id": ["m", "m"],
            "timestamp": ["2024-01-01T00:00:00Z", "soon"],
            "value": [1.0, 2.0],
            "unit": ["kWh", "kWh"],
        }
    ).write_parquet(tmp_path / "p.parquet")
    with pytest.raises(GiaInputError) as caught:
        read_readings(tmp_path / "p.parquet")
    assert caught.value.problems[0][0] == "row 2, meter m"  # Parquet has no header line
    (tmp_path / "w.csv").write_text(
        "timestamp,a [kWh],b [kWh]\n2024-01-01T00:00:00Z,1,2\n2024-01-01T01:00:00Z,1,x\n", encoding="utf-8"
    )
    with pytest.raises(GiaInputError) as caught:
        read_readings(tmp_path / "w.csv", layout="wide")
    assert caught.value.problems[0][0] == "row 3, meter b"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 1e4, allow_nan=False), min_size=96, max_size=96))
def test_quarter_hours_sum_to_their_hours(values):
    import tempfile
    from pathlib import Path

    start = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    rows = [
        ("m", (start + dt.timedelta(minutes=15 * i)).isoformat(), repr(v), "kWh")
        for i, v in enumerate(values)
    ]
    with tempfile.TemporaryDirectory() as folder:
        series = resample(read_readings(write_long(Path(folder) / "q.csv", rows)), 2024, "q.csv")
    hour0 = (start - dt.datetime(2024, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(hours=1)
    hourly = series.meters["m"].values[hour0 : hour0 + 24]
    assert list(hourly) == pytest.approx(
        [sum(values[4 * h : 4 * h + 4]) for h in range(24)], rel=1e-12, abs=1e-9
    )
