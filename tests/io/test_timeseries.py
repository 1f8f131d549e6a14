"""Reading meter series: daylight saving, resampling, gaps, duplicates, units, layouts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pytest

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


def full_year_with_gaps(tmp_path, missing):
    hours = utc_hours()
    rows = [("m", t.isoformat(), str(float(i % 24)), "kWh") for i, t in enumerate(hours) if i not in missing]
    return write_long(tmp_path / "gaps.csv", rows)


def test_gaps_are_refused_with_meter_and_time(tmp_path):
    path = full_year_with_gaps(tmp_path, {100, 101, 102})
    with pytest.raises(GiaInputError) as caught:
        read_series([(path, "long", None, None)], 2024)
    place, message = caught.value.problems[0]
    assert place == "m 2024-01-05T04:00:00+00:00"
    assert message.startswith("3 hours without readings")


def test_gaps_are_filled_by_the_documented_rule_and_recorded(tmp_path):
    # hours 100–102 (short: linear between hours 99 and 103); hours 2000–2029 (long: the week before)
    missing = {100, 101, 102} | set(range(2000, 2030))
    series = resample(read_readings(full_year_with_gaps(tmp_path, missing)), 2024, "gaps.csv")
    fill_gaps(series)
    meter = series.meters["m"]
    assert gap_problems(series) == []
    assert meter.filled_hours == 33
    # value i % 24: hour 99 → 3, hour 103 → 7, so 100, 101, 102 → 4, 5, 6
    assert list(meter.values[100:103]) == pytest.approx([4.0, 5.0, 6.0])
    assert list(meter.values[2000:2030]) == pytest.approx([float((h - 168) % 24) for h in range(2000, 2030)])
    assert "interpolated" in meter.fill_rule


def test_negative_energy_is_refused_except_for_storage(tmp_path):
    rows = [("m", t.isoformat(), "-1" if i == 5 else "1", "kWh") for i, t in enumerate(utc_hours())]
    path = write_long(tmp_path / "neg.csv", rows)
    with pytest.raises(GiaInputError, match="1 negative readings"):
        read_series([(path, "long", None, None)], 2024)
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
