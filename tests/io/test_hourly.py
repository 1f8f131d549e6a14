"""A submission with hourly meter data: EN-04 from the series, consistency findings, data quality."""

from __future__ import annotations

import copy

import numpy as np
import polars as pl
import pytest
import yaml

from gia.assessment import assess
from gia.dataset import load_submission
from gia.errors import GiaInputError
from gia.io.hourly import load_hourly
from tests.conftest import BASE
from tests.io.test_timeseries import utc_hours

HOURS = utc_hours(2024, "Europe/Berlin")  # 8 784 hours of the local year


def write_area(folder, beta_declared_kwh=878_400, meters=None, series_path="series/meters.parquet"):
    """alpha: 100 kWh every hour, PV 50 kWh from 08:00 to 15:59 UTC each day; beta: 100 kWh every hour."""
    hour_of_day = np.array([t.hour for t in HOURS])
    pv = np.where((hour_of_day >= 8) & (hour_of_day < 16), 50.0, 0.0)
    frames = [
        pl.DataFrame({"meter_id": name, "timestamp": HOURS, "value": values, "unit": "kWh"})
        for name, values in (
            ("alpha-load", np.full(len(HOURS), 100.0)),
            ("alpha-pv", pv),
            ("beta-load", np.full(len(HOURS), 100.0)),
        )
    ]
    (folder / "series").mkdir(exist_ok=True)
    pl.concat(frames).write_parquet(folder / "series" / "meters.parquet")
    data = copy.deepcopy(BASE)
    pv_total = float(pv.sum())  # 400 kWh a day × 366 days = 146 400 kWh
    data["companies"][0].update(
        electricity_purchases=[{"amount_kwh": 878_400 - pv_total, "instrument": "none"}],
        generation=[{"technology": "solar_pv", "generated_kwh": pv_total, "self_consumed_kwh": pv_total}],
    )
    data["companies"][1]["electricity_purchases"] = [{"amount_kwh": beta_declared_kwh, "instrument": "none"}]
    data["hourly"] = {
        "files": [{"path": series_path}],
        "meters": meters
        or [
            {"id": "alpha-load", "company": "alpha", "role": "load"},
            {"id": "alpha-pv", "company": "alpha", "role": "generation", "technology": "solar_pv"},
            {"id": "beta-load", "company": "beta", "role": "load", "metered": False},
        ],
    }
    path = folder / "area.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def assess_file(path):
    submission = load_submission(path)
    return assess(submission, hourly=load_hourly(submission, path.parent, "Europe/Berlin"))


def test_en04_is_computed_from_the_series(tmp_path):
    result = assess_file(write_area(tmp_path))
    # alpha: matched 146 400; the rest 732 000 from the grid at DE's yearly 62 % → 453 840
    alpha = (146_400 + 732_000 * 0.62) / 878_400
    # beta: 878 400 from the grid at 62 %; the area pools both: (146 400 + (1 756 800 − 146 400) × 0.62) / 1 756 800
    area = (146_400 + (1_756_800 - 146_400) * 0.62) / 1_756_800
    en04 = result.criterion("EN-04")
    assert en04.value == pytest.approx(area)
    assert en04.points == pytest.approx(3 + (area - 0.5) / 0.2 * 3, abs=0.01)
    assert result.hourly_cfe["companies"]["alpha"].value == pytest.approx(alpha)
    assert result.hourly_cfe["companies"]["beta"].value == pytest.approx(0.62)
    assert "yearly_grid_share" in {f.code for f in result.flags}
    quality = result.data_quality
    assert quality["components"]["coverage"] == 1.0
    assert quality["components"]["metered"] == pytest.approx(0.5)  # beta's load is an estimated profile
    assert quality["components"]["consistency"] == 1.0


def test_series_that_disagree_with_the_declared_totals_become_a_finding(tmp_path):
    result = assess_file(write_area(tmp_path, beta_declared_kwh=1_000_000))
    findings = [f for f in result.flags if f.code == "series_total_mismatch"]
    assert len(findings) == 1
    assert "companies[1] (beta)" in findings[0].message
    assert "12.2% apart" in findings[0].message  # |878 400 − 1 000 000| ÷ 1 000 000
    assert result.data_quality["components"]["consistency"] == 0.5


def test_a_declared_meter_missing_from_the_files_is_named(tmp_path):
    meters = [
        {"id": "alpha-load", "company": "alpha", "role": "load"},
        {"id": "gamma-load", "company": "beta", "role": "load"},
    ]
    with pytest.raises(GiaInputError) as caught:
        assess_file(write_area(tmp_path, meters=meters))
    assert caught.value.problems[0][0] == "hourly.meters[1].id"


@pytest.mark.parametrize("path", ["../secret.csv", "/etc/meters.csv", "series/meters.xlsx"])
def test_series_paths_stay_inside_the_submission_folder(tmp_path, path):
    with pytest.raises(GiaInputError) as caught:
        load_submission(write_area(tmp_path, series_path=path))
    assert caught.value.problems[0][0].startswith("hourly.files[0].path")


def test_companies_without_series_count_at_the_grid_share(tmp_path):
    meters = [
        {"id": "alpha-load", "company": "alpha", "role": "load"},
        {"id": "alpha-pv", "company": "alpha", "role": "generation", "technology": "solar_pv"},
    ]
    result = assess_file(write_area(tmp_path, meters=meters))
    # beta's declared 878 400 kWh have no series: grid only, at DE's yearly 62 %
    expected = (146_400 + 732_000 * 0.62 + 878_400 * 0.62) / 1_756_800
    assert result.criterion("EN-04").value == pytest.approx(expected)
    assert "unmetered_load" in {f.code for f in result.flags}
    assert result.data_quality["components"]["load_with_series"] == pytest.approx(0.5)


def test_meters_the_submission_does_not_declare_are_ignored(tmp_path):
    path = write_area(tmp_path)
    extra = pl.DataFrame({"meter_id": "spare", "timestamp": HOURS[:10], "value": 1.0, "unit": "kWh"})
    frame = pl.concat([pl.read_parquet(tmp_path / "series" / "meters.parquet"), extra])
    frame.write_parquet(tmp_path / "series" / "meters.parquet")
    assert assess_file(path).criterion("EN-04").value > 0.6  # the spare meter's gaps do not block


def test_storage_series_are_applied_per_company(tmp_path):
    path = write_area(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["hourly"]["meters"].append({"id": "beta-battery", "company": "beta", "role": "storage"})
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    battery = pl.DataFrame(
        {
            "meter_id": "beta-battery",
            "timestamp": HOURS,
            "value": np.tile([-10.0, 10.0], len(HOURS) // 2),
            "unit": "kWh",
        }
    )
    frame = pl.concat([pl.read_parquet(tmp_path / "series" / "meters.parquet"), battery])
    frame.write_parquet(tmp_path / "series" / "meters.parquet")
    result = assess_file(path)
    # beta has no carbon-free supply to store: charging is grid load, releasing lowers load; 62 % as before
    assert result.hourly_cfe["companies"]["beta"].value == pytest.approx(0.62)
