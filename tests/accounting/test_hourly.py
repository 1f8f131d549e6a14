"""Hourly carbon-free electricity matching against hand computations."""

from __future__ import annotations

import numpy as np
import pytest

from gia.accounting.hourly import DataQuality, HourlyData, cfe_scores, match
from gia.accounting.provenance import FactorRef

QUALITY = DataQuality(0, 0, 0, 0.0, 0.0)


def test_surplus_in_one_hour_does_not_carry_to_another():
    load = np.array([10.0, 10.0, 10.0, 10.0])
    supply = np.array([15.0, 5.0, 0.0, 10.0])  # 5 kWh surplus in the first hour
    matched, grid, total = match(load, supply, 0.5)
    assert matched == 25  # 10 + 5 + 0 + 10: the surplus is lost, not moved to hour 3
    assert grid == 7.5  # (0 + 5 + 10 + 0) × 0.5
    assert total == 40
    assert (matched + grid) / total == pytest.approx(0.8125)


def test_hourly_grid_share_and_storage_shifting_energy():
    load = np.array([[10.0, 10.0]])
    # storage takes 4 kWh of a 14 kWh PV hour and gives it back in the dark hour: 10 + 4 matched
    supply = np.array([[14.0 - 4.0, 0.0 + 4.0]])
    grid = np.array([0.2, 0.9])
    data = HourlyData(2024, ("alpha",), load, supply, grid, "series.parquet", QUALITY, {})
    result = cfe_scores(data, None, [])
    # hour 1: 10 matched; hour 2: 4 matched + 6 × 0.9 from the grid → (10 + 4 + 5.4) / 20
    assert result.area.value == pytest.approx(19.4 / 20)
    assert result.companies["alpha"].value == pytest.approx(19.4 / 20)


def test_area_pools_its_companies_hour_by_hour():
    load = np.array([[10.0, 0.0], [0.0, 10.0]])
    supply = np.array([[0.0, 10.0], [10.0, 0.0]])  # each has supply when the other has load
    data = HourlyData(2024, ("alpha", "beta"), load, supply, None, "x", QUALITY, {})
    share = FactorRef("grid-cfe/DE/2023", 0.62, "share", "Electricity Maps yearly data 2023", 2023, "ODbL")
    result = cfe_scores(data, share, [])
    assert result.companies["alpha"].value == pytest.approx(0.62)  # alone, alpha only has the grid
    assert result.area.value == pytest.approx(1.0)  # the area as one portfolio matches every hour
